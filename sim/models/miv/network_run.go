package miv

import (
	"context"
	"math"
)

// Spike is a spike of a cell of the network: a biophysical cell's
// detector crossing its threshold, or a STIM cell playing its train.
type Spike struct {
	TMs        float64
	Gid        int
	Population string
}

// Run integrates the network from t = 0 to TstopMs (SPEC 4.3: fixed
// step, NetCon events at step boundaries, spikes exchanged every
// shortest delay) on one goroutine per cell group, sampling the soma
// potentials and the electrodes as it goes, and returns the spikes of
// every cell, STIM included, in the order of time, then gid (with a
// Comm: every rank's, on every rank, and rank 0 then holds every cell's
// recordings). A cancelled ctx stops it between exchange intervals with the spikes so
// far and the context's error. Run runs once.
func (n *Network) Run(ctx context.Context) ([]Spike, error) {
	total := int64(math.Floor(n.TstopMs/n.DtMs + 1e-9))
	var out []Spike
	if n.steps == 0 {
		if err := n.sample(0); err != nil {
			return nil, err
		}
	}
	var runErr error
	for n.steps < total {
		target := total
		if next := n.nextSample(n.steps); next >= 0 && next < total {
			target = next
		}
		raw, err := n.Net.Run(ctx, float64(target)*n.DtMs, len(n.Groups))
		for _, s := range raw {
			pop, _ := n.populationOf(int(s.Gid))
			out = append(out, Spike{TMs: s.TMs, Gid: int(s.Gid), Population: pop})
		}
		if err != nil {
			runErr = err
			break
		}
		n.steps = target
		if err := n.sample(target); err != nil {
			return out, err
		}
	}
	if runErr != nil {
		return out, runErr
	}
	return out, n.gatherIntracellular()
}

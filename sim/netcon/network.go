package netcon

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/golgi-sim/golgi/sim/morph"
)

// CellRef identifies a cell: its group and its index in the group.
type CellRef struct{ Group, Cell int }

// Connection is a NetCon from Source's spike detector to the point
// process Target of a cell of group TargetGroup.
type Connection struct {
	Source      CellRef
	TargetGroup int
	Target      morph.PointRef
	DelayMs     float64
	// Weight is the NetCon's weight vector (NET_RECEIVE's arguments):
	// kept and changed by the target between events.
	Weight []float64
}

// Spike is a spike of a cell at TMs.
type Spike struct {
	TMs  float64
	Cell CellRef
}

// Network is cell groups and the connections between their cells.
type Network struct {
	groups []*morph.CellGroup
	dt     float64
	// out[g][c] are the connections from cell c of group g, in the order
	// given.
	out   [][][]int
	conns []Connection
	steps int // steps per exchange interval
	// base is the number of steps stepped since the groups' Init, and
	// spikes the spikes since then.
	base   int64
	spikes int

	// Progress, if set, is called after each exchange interval with the
	// time reached (ms) and the spikes since the groups' Init (over every
	// call of Run), from the goroutine that called Run.
	Progress func(tMs float64, spikes int)
}

// New returns the network of groups (stepped with one dt) and conns. The
// groups must be initialised and at t = 0.
func New(groups []*morph.CellGroup, conns []Connection) (*Network, error) {
	if len(groups) == 0 {
		return nil, errors.New("netcon: no cell groups")
	}
	n := &Network{groups: groups, conns: conns, dt: groups[0].DtMs()}
	for g, gr := range groups {
		if gr.DtMs() != n.dt {
			return nil, fmt.Errorf("netcon: group %d steps by %g ms, group 0 by %g ms: want one dt", g, gr.DtMs(), n.dt)
		}
		if gr.T() != 0 {
			return nil, fmt.Errorf("netcon: group %d is at t = %g ms, want a group just initialised", g, gr.T())
		}
		n.out = append(n.out, make([][]int, gr.Cells()))
	}
	minDelay := math.Inf(1)
	for k, c := range conns {
		if c.Source.Group < 0 || c.Source.Group >= len(groups) || c.Source.Cell < 0 || c.Source.Cell >= groups[c.Source.Group].Cells() {
			return nil, fmt.Errorf("netcon: connection %d: no source cell %+v", k, c.Source)
		}
		if c.TargetGroup < 0 || c.TargetGroup >= len(groups) {
			return nil, fmt.Errorf("netcon: connection %d: no target group %d", k, c.TargetGroup)
		}
		if err := groups[c.TargetGroup].CheckTarget(c.Target); err != nil {
			return nil, fmt.Errorf("netcon: connection %d: %w", k, err)
		}
		if !(c.DelayMs >= 0) || math.IsInf(c.DelayMs, 0) {
			return nil, fmt.Errorf("netcon: connection %d: delay %g ms, want >= 0", k, c.DelayMs)
		}
		if err := groups[c.TargetGroup].AddNetCon(c.Target, c.Weight); err != nil {
			return nil, fmt.Errorf("netcon: connection %d: %w", k, err)
		}
		n.out[c.Source.Group][c.Source.Cell] = append(n.out[c.Source.Group][c.Source.Cell], k)
		minDelay = min(minDelay, c.DelayMs)
	}
	// An interval of s steps is safe when no spike of it makes an event
	// due within it: a spike at the end of its first step, t0 + dt, gives
	// an event at t0 + dt + d, due in the step from t when it is at or
	// before t + dt/2; the last step of the interval starts at
	// t0 + (s-1) dt, so s <= d/dt + 1.5 (with a margin for rounding).
	n.steps = 1
	if !math.IsInf(minDelay, 1) {
		n.steps = max(1, int(math.Floor(minDelay/n.dt+0.5-1e-6))+1)
	}
	return n, nil
}

// StepsPerExchange returns the number of steps between exchanges of
// spikes (the shortest delay, in steps).
func (n *Network) StepsPerExchange() int { return n.steps }

// Run steps every group to tStopMs (the steps whose end is at or before
// it), on up to threads goroutines, exchanging spikes every
// StepsPerExchange steps, and returns the spikes in the order of their
// times, then groups and cells. It stops early, with the context's error
// and the spikes so far, when ctx is cancelled (checked between
// intervals).
func (n *Network) Run(ctx context.Context, tStopMs float64, threads int) ([]Spike, error) {
	if threads < 1 {
		threads = 1
	}
	total := int64(math.Floor(tStopMs/n.dt + 1e-9))
	var all []Spike
	perGroup := make([][]Spike, len(n.groups))
	for n.base < total {
		if err := ctx.Err(); err != nil {
			return all, err
		}
		steps := int(min(int64(n.steps), total-n.base))
		var wg sync.WaitGroup
		sem := make(chan struct{}, threads)
		for g := range n.groups {
			wg.Add(1)
			sem <- struct{}{}
			go func(g int) {
				defer wg.Done()
				defer func() { <-sem }()
				perGroup[g] = n.stepGroup(g, steps, perGroup[g][:0])
			}(g)
		}
		wg.Wait()
		n.base += int64(steps)
		var epoch []Spike
		for _, s := range perGroup {
			epoch = append(epoch, s...)
		}
		sort.SliceStable(epoch, func(i, j int) bool {
			a, b := epoch[i], epoch[j]
			if a.TMs != b.TMs {
				return a.TMs < b.TMs
			}
			if a.Cell.Group != b.Cell.Group {
				return a.Cell.Group < b.Cell.Group
			}
			return a.Cell.Cell < b.Cell.Cell
		})
		for _, s := range epoch {
			for _, k := range n.out[s.Cell.Group][s.Cell.Cell] {
				c := &n.conns[k]
				if err := n.groups[c.TargetGroup].Send(c.Target, s.TMs+c.DelayMs, c.Weight); err != nil {
					return all, fmt.Errorf("netcon: connection %d: %w", k, err)
				}
			}
		}
		all = append(all, epoch...)
		n.spikes += len(epoch)
		if n.Progress != nil {
			n.Progress(float64(n.base)*n.dt, n.spikes)
		}
	}
	return all, nil
}

// stepGroup steps group g by steps and appends its spikes to out.
func (n *Network) stepGroup(g, steps int, out []Spike) []Spike {
	gr := n.groups[g]
	var cells []int
	for range steps {
		cells = gr.Step(cells[:0])
		for _, c := range cells {
			out = append(out, Spike{TMs: gr.T(), Cell: CellRef{g, c}})
		}
	}
	return out
}

package miv

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/golgi-sim/golgi/sim/rng"
)

// purposeLFPSelection keys the draws that sample distal cells for an LFP
// electrode (sim/rng purposes are per family).
const purposeLFPSelection = 0x4c4650 // "LFP"

// LFPCandidate is a cell an LFP electrode may include: a biophysical
// cell (not an artificial STIM source) of a population, with its soma
// position, the first 3-D point of its first soma section (µm).
type LFPCandidate struct {
	Population string
	Gid        uint64
	SomaUm     [3]float64
}

// LFPMember is a cell an electrode includes and its weight.
type LFPMember struct {
	Population string
	Gid        uint64
	// Distal is MiV's lfp type 2: a cell at maxEDist or farther from the
	// electrode, sampled with probability fdst; otherwise type 1, a
	// proximal cell, always included.
	Distal bool
	// Weight is the factor of the cell's currents: 1, or 1/fdst for a
	// distal cell.
	Weight float64
}

// SelectLFPCells chooses the cells an electrode at electrodeUm sums
// (SPEC 5.3): every candidate whose soma is closer than maxEDistUm
// (proximal, weight 1) and, of the others, those whose draw is below
// fdst (distal, weight 1/fdst). populations are the populations of the
// LFP (MiV's pop_gid_dict: every population but the artificial ones, the
// same list on every rank); population ip in sorted order draws from
// seed + ip, as MiV seeds its per-population generator, but each gid
// draws its own number (a counter-based stream keyed by seed + ip and
// the gid), so a cell's choice does not depend on which other cells are
// local to a rank or on their order. MiV draws from one NEURON Random
// stream per population in the order of a Python set, so its choice of
// distal cells is not reproduced draw for draw; its statistics are.
//
// The members come sorted by population and gid. A candidate of a
// population not listed, a gid given twice, a soma not finite, fdst
// outside [0, 1] or a negative maxEDistUm is an error.
func SelectLFPCells(populations []string, cands []LFPCandidate, electrodeUm [3]float64, maxEDistUm, fdst float64, seed uint64) ([]LFPMember, error) {
	if !(fdst >= 0 && fdst <= 1) {
		return nil, fmt.Errorf("miv: LFP fraction (fdst) %g: want a value in [0, 1]", fdst)
	}
	if !(maxEDistUm >= 0) || math.IsInf(maxEDistUm, 0) {
		return nil, fmt.Errorf("miv: LFP maxEDist %g um: want a finite value >= 0", maxEDistUm)
	}
	for i, v := range electrodeUm {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("miv: LFP electrode coordinate %d is %g", i, v)
		}
	}
	pops := append([]string(nil), populations...)
	sort.Strings(pops)
	index := make(map[string]uint64, len(pops))
	for i, p := range pops {
		if _, dup := index[p]; dup {
			return nil, fmt.Errorf("miv: LFP: population %q listed twice", p)
		}
		index[p] = uint64(i)
	}
	if len(cands) > 0 && len(pops) == 0 {
		return nil, errors.New("miv: LFP: candidates but no populations")
	}
	seen := make(map[uint64]bool, len(cands))
	var out []LFPMember
	for _, c := range cands {
		ip, ok := index[c.Population]
		if !ok {
			return nil, fmt.Errorf("miv: LFP: gid %d: population %q is not one of %v", c.Gid, c.Population, pops)
		}
		if seen[c.Gid] {
			return nil, fmt.Errorf("miv: LFP: gid %d given twice", c.Gid)
		}
		seen[c.Gid] = true
		var d2 float64
		for i := range 3 {
			if math.IsNaN(c.SomaUm[i]) || math.IsInf(c.SomaUm[i], 0) {
				return nil, fmt.Errorf("miv: LFP: gid %d: soma at %v", c.Gid, c.SomaUm)
			}
			x := c.SomaUm[i] - electrodeUm[i]
			d2 += x * x
		}
		// The draw is made for every cell, proximal or not (MiV draws
		// before it looks at the distance).
		u := rng.Float64(rng.Key(seed+ip, purposeLFPSelection, c.Gid, 0), 0)
		switch {
		case math.Sqrt(d2) < maxEDistUm:
			out = append(out, LFPMember{Population: c.Population, Gid: c.Gid, Weight: 1})
		case u < fdst:
			out = append(out, LFPMember{Population: c.Population, Gid: c.Gid, Distal: true, Weight: 1 / fdst})
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Population != out[b].Population {
			return out[a].Population < out[b].Population
		}
		return out[a].Gid < out[b].Gid
	})
	return out, nil
}

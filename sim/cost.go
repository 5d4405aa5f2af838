package sim

import (
	"errors"
	"fmt"
)

// CellCosts returns an estimate of every neuron's cost (ns of this
// machine per step, by gid) from the run so far, for Options.CellCost of a
// later run: the time each rank's workers spent updating a population,
// shared equally among its neurons there, plus the time they spent
// delivering spikes, shared among the neurons in proportion to their
// incoming synapses. It needs Options.MeasureCost and a run of at least
// one step. On several ranks it is a collective call: every rank gets
// every neuron's cost.
func (s *Simulation) CellCosts() ([]float64, error) {
	inst := s.inst
	if !inst.opts.MeasureCost {
		return nil, errors.New("sim: CellCosts needs Options.MeasureCost")
	}
	if inst.step == 0 {
		return nil, errors.New("sim: CellCosts: nothing run yet")
	}
	steps := float64(inst.step)
	// This rank's cells: (gid, cost) pairs.
	var mine []float64
	var deliver float64
	for _, w := range inst.workers {
		deliver += float64(w.deliverTime.Nanoseconds())
	}
	inSyn := make([][]int64, len(inst.pops))
	var total int64
	for k, pi := range inst.pops {
		inSyn[k] = make([]int64, pi.lay.size) // by position
	}
	for _, pj := range inst.projs {
		in := inSyn[pj.post.p.index]
		for _, part := range pj.part {
			for _, j := range part.tgt {
				in[j]++
			}
			total += int64(len(part.tgt))
		}
	}
	for k, pi := range inst.pops {
		var pop float64
		for _, w := range inst.workers {
			pop += float64(w.popTime[k].Nanoseconds())
		}
		for l := 0; l < pi.nl; l++ {
			c := 0.0
			if pi.nl > 0 {
				c = pop / float64(pi.nl) / steps
			}
			if total > 0 {
				c += deliver * float64(inSyn[k][pi.lay.pos(l)]) / float64(total) / steps
			}
			mine = append(mine, float64(pi.p.offset+pi.global(l)), c)
		}
	}
	n := 0
	for _, pi := range inst.pops {
		n += pi.n
	}
	cost := make([]float64, n)
	all := mine
	if x := inst.exch; x != nil {
		lens := make([]int64, x.size)
		if err := x.comm.AllgatherInt64([]int64{int64(len(mine))}, lens); err != nil {
			return nil, fmt.Errorf("sim: CellCosts: %w", err)
		}
		counts, displs := make([]int, x.size), make([]int, x.size)
		sum := 0
		for r, l := range lens {
			counts[r], displs[r] = int(l), sum
			sum += int(l)
		}
		all = make([]float64, sum)
		if err := x.comm.AllgathervFloat64(mine, all, counts, displs); err != nil {
			return nil, fmt.Errorf("sim: CellCosts: %w", err)
		}
	}
	for k := 0; k+1 < len(all); k += 2 {
		cost[int(all[k])] = all[k+1]
	}
	return cost, nil
}

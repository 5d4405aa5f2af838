package sonata

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/mech/native"
)

// minisDelayMS is the delay of the minis' NetCons.
const minisDelayMS = 0.1

// addMinis adds the spontaneous minis (SPEC 3.7): for every synapse with
// a rate (the override's spont_minis, else the target node's
// inh_mini_frequency or exc_mini_frequency by the synapse's type), an
// InhPoissonStim at that constant rate with the streams (synapseID +
// 200, tgid + 250, seed2 + 300) and (..., seed2 + 350), seed2 = spopid
// 65536 + tpopid + minis_seed, whose events reach the synapse 0.1 ms
// later with weight conductance times weight factor and nc_type 1. The
// process does not depend on the network, so its events up to tstop are
// queued at the start.
func (n *Network) addMinis() error {
	run := n.Sim.Config.Run
	rates := make([]float64, len(n.syns))
	var with []int
	freq := map[string][]float64{}
	for k := range n.syns {
		ps := &n.syns[k]
		c := &n.Cells[ps.target]
		rate := 0.0
		if ps.minisHz != nil {
			rate = *ps.minisHz
		} else {
			attr := "exc_mini_frequency"
			if ps.inhibitory {
				attr = "inh_mini_frequency"
			}
			key := c.Population + "/" + attr
			f, ok := freq[key]
			if !ok {
				pop := n.Sim.Circuit.Node(c.Population)
				if pop.Has(attr) {
					var err error
					if f, err = pop.Numbers(attr); err != nil {
						return fmt.Errorf("sonata: %s: %w", attr, err)
					}
				}
				freq[key] = f
			}
			if f != nil {
				rate = f[c.Node]
			}
		}
		if rate > 0 {
			rates[k] = rate
			with = append(with, k)
		}
	}
	if len(with) == 0 {
		return nil
	}
	gen := native.NewInhPoissonStim(len(with))
	gen.SetGlobalIndex(uint32(run.RandomSeed))
	for j, k := range with {
		ps := &n.syns[k]
		tgid := n.Cells[ps.target].Gid
		seed2 := int64(ps.spopid)*65536 + int64(ps.tpopid) + run.MinisSeed
		if err := gen.SetRNGs(j, uint32(ps.synID+200), uint32(tgid+250), uint32(seed2+300),
			uint32(ps.synID+200), uint32(tgid+250), uint32(seed2+350)); err != nil {
			return err
		}
		if err := gen.SetRates(j, []float64{0}, []float64{rates[k]}); err != nil {
			return err
		}
		gen.Duration[j] = run.TstopMS
	}
	gen.Init(&mech.Env{T: 0})
	n.minis = map[int]minisTrain{}
	for j, k := range with {
		ps := &n.syns[k]
		ts := gen.Events(j, run.TstopMS)
		n.minis[k] = minisTrain{rateHz: rates[k], times: ts}
		if err := n.sendEvents(ps, ts, minisDelayMS, ps.weights(1)); err != nil {
			return err
		}
	}
	return nil
}

// Minis returns the times (ms) of the spontaneous minis of the
// connection from final gid sgid to tgid, per synapse (before the 0.1 ms
// delay), and each synapse's rate (Hz).
func (n *Network) Minis(sgid, tgid uint64) (times [][]float64, ratesHz []float64) {
	for k := range n.syns {
		ps := &n.syns[k]
		if ps.sgid != sgid || n.Cells[ps.target].Gid != tgid {
			continue
		}
		if m, ok := n.minis[k]; ok {
			times = append(times, m.times)
			ratesHz = append(ratesHz, m.rateHz)
		}
	}
	return times, ratesHz
}

// minisTrain is a synapse's minis: rate and event times.
type minisTrain struct {
	rateHz float64
	times  []float64
}

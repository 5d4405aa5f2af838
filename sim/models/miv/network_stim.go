package miv

import (
	"fmt"
	"math"
	"slices"

	"github.com/golgi-sim/golgi/sim/rng"
)

// purposeStimTrains keys the streams of the STIM Poisson trains.
const purposeStimTrains = 0x5354_494d // "STIM"

// RCStride is the stride of the rc-separation rule: STIM gid g plays
// elements g, g+10, g+20, ... of the one stimulus train
// (interface/experiment/rc.py: stimulus[gid::10]).
const RCStride = 10

// DefaultRCRateHz is the rate of the one Poisson train of the
// rc-separation rule when golgi run is given none (a Golgi choice: the
// case searches a rate per spike-train distance, in steps of 10 Hz;
// 100 Hz gives each of the first 10 STIM cells about 10 Hz).
const DefaultRCRateHz = 100

// PoissonTrain is a homogeneous Poisson train of rateHz on [0, tstopMs)
// (ms, ascending) from the stream keyed by seed and key: exponential
// intervals of mean 1000/rateHz ms, as the case's
// generate_poisson_spike_train draws them. A rate of 0 gives no spikes.
func PoissonTrain(rateHz, tstopMs float64, seed int64, key uint64) ([]float64, error) {
	if !(rateHz >= 0) || math.IsInf(rateHz, 0) {
		return nil, fmt.Errorf("miv: Poisson train: rate %g Hz, want a finite value >= 0", rateHz)
	}
	if !(tstopMs >= 0) || math.IsInf(tstopMs, 0) {
		return nil, fmt.Errorf("miv: Poisson train: duration %g ms, want a finite value >= 0", tstopMs)
	}
	if rateHz == 0 {
		return nil, nil
	}
	s := rng.New(uint64(seed), purposeStimTrains, key, 0)
	var out []float64
	for t := s.ExpFloat64() * 1000 / rateHz; t < tstopMs; t += s.ExpFloat64() * 1000 / rateHz {
		out = append(out, t)
	}
	return out, nil
}

// StrideTrains distributes one train over the STIM gids as the
// rc-separation experiment does: gid g (of gids) plays elements g,
// g+stride, g+2 stride, ... of train (a gid at or beyond the train's
// length plays nothing).
func StrideTrains(train []float64, gids []int, stride int) (map[int][]float64, error) {
	if stride < 1 {
		return nil, fmt.Errorf("miv: stimulus stride %d, want >= 1", stride)
	}
	if !slices.IsSorted(train) {
		return nil, fmt.Errorf("miv: stimulus train not in ascending order")
	}
	out := make(map[int][]float64, len(gids))
	for _, g := range gids {
		if g < 0 {
			return nil, fmt.Errorf("miv: stimulus: gid %d", g)
		}
		var ts []float64
		for i := g; i < len(train); i += stride {
			ts = append(ts, train[i])
		}
		out[g] = ts
	}
	return out, nil
}

// StimRateHz is the rate of STIM's trains when a run is given none:
// Stimulus.Peak Rate of the population, weighted by Stimulus.Selectivity
// Type Probabilities of the population (equal weights without them);
// ok is false when the configuration has no Peak Rate for it.
func (c *Config) StimRateHz(pop string) (rate float64, ok bool, err error) {
	if c.Stimulus == nil {
		return 0, false, nil
	}
	peaks, found := c.Stimulus.PeakRateHz.Get(pop)
	if !found || len(peaks) == 0 {
		return 0, false, nil
	}
	probs, hasProbs := c.Stimulus.SelectivityTypeProbabilities.Get(pop)
	sum := 0.
	for _, p := range peaks {
		w := 1 / float64(len(peaks))
		if hasProbs {
			var okp bool
			if w, okp = probs.Get(p.Name); !okp {
				w = 0
			}
		}
		if !(p.Value >= 0) || math.IsInf(p.Value, 0) {
			return 0, false, fmt.Errorf("miv: Stimulus.Peak Rate.%s.%s: %g Hz, want a finite value >= 0", pop, p.Name, p.Value)
		}
		rate += w * p.Value
		sum += w
	}
	if !(sum > 0) {
		return 0, false, fmt.Errorf("miv: Stimulus.Selectivity Type Probabilities.%s: no probability for the types of its Peak Rate", pop)
	}
	return rate / sum, true, nil
}

// DefaultStimTrains are the STIM trains of a run given none (a Golgi
// decision; MiV's legacy input-feature generator, selectivity features
// in an arena with a trajectory, is not reproduced): for every
// artificial population with a Stimulus.Peak Rate (StimRateHz), an
// independent Poisson train per gid at that rate over [0, tstopMs);
// for one without (the rc-separation network has no Stimulus), the
// rc-separation rule: one Poisson train at rcRateHz (0:
// DefaultRCRateHz), gid g playing elements g, g+10, ... (StrideTrains).
// The streams are keyed by Random Seeds.Input Spiketrains and the gid
// (the rc train by the population's first gid).
func (c *Config) DefaultStimTrains(tstopMs, rcRateHz float64) (map[int][]float64, error) {
	if rcRateHz == 0 {
		rcRateHz = DefaultRCRateHz
	}
	seed := c.RandomSeeds.InputSpiketrains
	out := map[int][]float64{}
	for _, r := range c.PopulationRanges() {
		if r.Count == 0 || !c.isArtificial(r.Name) {
			continue
		}
		gids := make([]int, r.Count)
		for k := range gids {
			gids[k] = r.Start + k
		}
		rate, ok, err := c.StimRateHz(r.Name)
		if err != nil {
			return nil, err
		}
		if ok {
			for _, g := range gids {
				if out[g], err = PoissonTrain(rate, tstopMs, seed, uint64(g)); err != nil {
					return nil, err
				}
			}
			continue
		}
		train, err := PoissonTrain(rcRateHz, tstopMs, seed, uint64(r.Start))
		if err != nil {
			return nil, err
		}
		st, err := StrideTrains(train, gids, RCStride)
		if err != nil {
			return nil, err
		}
		for g, ts := range st {
			out[g] = ts
		}
	}
	return out, nil
}

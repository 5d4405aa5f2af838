package gridcells

// The original's measures in the form its scripts call them: spike trains
// of a Result in the rows of its spike files (Trains), and NaN where a
// measure is undefined, as the original's NumPy code returns. The measures
// themselves are in analysis/gridcells (imported as gcmeasures), which
// returns errors instead.

import (
	"fmt"
	"math"

	gcmeasures "github.com/golgi-sim/golgi/analysis/gridcells"
	"github.com/golgi-sim/golgi/sim"
)

// Trains returns the spike times (ms) of every cell of a population in a
// result, by index in the population: the rows of the original's spike
// files.
func Trains(res *sim.Result, pop string) ([][]float64, error) {
	st, ok := res.Spikes[pop]
	if !ok {
		return nil, fmt.Errorf("gridcells: no spikes of population %q recorded", pop)
	}
	tr := make([][]float64, st.N)
	dt := res.Dt / sim.Millisecond
	if math.Abs(dt-DtMs) < 1e-12 {
		dt = DtMs // exactly NEURON's 0.025, not 0.025e-3/1e-3
	}
	for k, i := range st.Index {
		// The stamp at the end of the detection step, in ms on the step grid.
		tr[i] = append(tr[i], float64(st.Step[k]+1)*dt)
	}
	return tr, nil
}

// MeanRate is the original's calc_firing_rates: the mean over cells of
// spikes/(simDurMs/1000), Hz (gcmeasures.MeanRateHz); NaN without cells.
func MeanRate(trains [][]float64, simDurMs float64) float64 {
	r, err := gcmeasures.MeanRateHz(trains, simDurMs)
	if err != nil {
		return math.NaN()
	}
	return r
}

// SpeedOfNetwork is the original's calc_speed_of_network (analysis_utils),
// gcmeasures.RingCode.SpeedOfNetwork: the stellate population vector with
// cell phases 2 pi k/n_phases (k < N_per_sheet, both rings) of the 1 ms
// binary rasters convolved with a Gaussian window of standard deviation
// winMs (the original's 100 ms), decoded to a phase, unwrapped and fitted
// against t = 0, 1, ... ms: the slope, in rad/s of pattern phase (x
// n_phases/(2 pi) for cells/s). stell holds the spike trains of every
// stellate, ring 1 then ring 2. NaN where it is undefined.
func SpeedOfNetwork(stell [][]float64, simDurMs float64, nPerSheet, nPhases int, winMs float64) float64 {
	rc := gcmeasures.RingCode{NPerSheet: nPerSheet, NPhases: nPhases}
	v, err := rc.SpeedOfNetwork(stell, int(simDurMs), winMs)
	if err != nil {
		return math.NaN()
	}
	return v
}

// GridScaleNeurons is the original's grid_scale_neurons
// (gcmeasures.GridScaleNeurons): the mean spacing (cells) of the peaks of
// the windowed, circularly smoothed activity profile of one ring. NaN
// where no window has two peaks.
func GridScaleNeurons(trains [][]float64, simDurMs, winMs, sigma float64) float64 {
	v, err := gcmeasures.GridScaleNeurons(trains, int(simDurMs), int(winMs), sigma)
	if err != nil {
		return math.NaN()
	}
	return v
}

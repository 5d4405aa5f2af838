package gridcells

import (
	"fmt"
	"math"
	"sort"

	"github.com/golgi-sim/golgi/analysis"
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
// spikes/(simDurMs/1000), Hz (analysis.MeanRateHz); NaN without cells.
func MeanRate(trains [][]float64, simDurMs float64) float64 {
	r, err := analysis.MeanRateHz(trains, simDurMs)
	if err != nil {
		return math.NaN()
	}
	return r
}

// SpeedOfNetwork is the original's calc_speed_of_network (analysis_utils),
// analysis.RingCode.SpeedOfNetwork: the stellate population vector with
// cell phases 2 pi k/n_phases (k < N_per_sheet, both rings) of the 1 ms
// binary rasters convolved with a Gaussian window of standard deviation
// winMs (the original's 100 ms), decoded to a phase, unwrapped and fitted
// against t = 0, 1, ... ms: the slope, in rad/s of pattern phase (x
// n_phases/(2 pi) for cells/s). stell holds the spike trains of every
// stellate, ring 1 then ring 2. NaN where it is undefined.
func SpeedOfNetwork(stell [][]float64, simDurMs float64, nPerSheet, nPhases int, winMs float64) float64 {
	rc := analysis.RingCode{NPerSheet: nPerSheet, NPhases: nPhases}
	v, err := rc.SpeedOfNetwork(stell, int(simDurMs), winMs)
	if err != nil {
		return math.NaN()
	}
	return v
}

// smoothRing convolves p circularly with a Gaussian of standard deviation
// sigma (cells), normalised to unit sum.
func smoothRing(p []float64, sigma float64) []float64 {
	n := len(p)
	out := make([]float64, n)
	reach := min(n/2, int(6*sigma)+1)
	var wsum float64
	w := make([]float64, 2*reach+1)
	for d := -reach; d <= reach; d++ {
		w[d+reach] = math.Exp(-0.5 * float64(d*d) / (sigma * sigma))
		wsum += w[d+reach]
	}
	for i := range out {
		s := 0.0
		for d := -reach; d <= reach; d++ {
			s += w[d+reach] * p[((i+d)%n+n)%n]
		}
		out[i] = s / wsum
	}
	return out
}

// Bumps returns the centres (cell indices, ascending) of the activity
// bumps in a ring's profile (spike counts per cell): the local maxima of the
// profile smoothed circularly with a Gaussian of sigma cells that reach at
// least minFrac of the highest.
func Bumps(profile []float64, sigma, minFrac float64) []int {
	n := len(profile)
	if n < 3 {
		return nil
	}
	s := smoothRing(profile, sigma)
	top := 0.0
	for _, v := range s {
		top = math.Max(top, v)
	}
	if top <= 0 {
		return nil
	}
	var peaks []int
	for i := 0; i < n; i++ {
		l, r := s[(i-1+n)%n], s[(i+1)%n]
		if s[i] >= minFrac*top && s[i] > l && s[i] >= r {
			peaks = append(peaks, i)
		}
	}
	return peaks
}

// RingSpacing returns the mean circular distance (cells) between
// successive bump centres on a ring of n cells.
func RingSpacing(centres []int, n int) float64 {
	if len(centres) < 2 {
		return math.NaN()
	}
	c := append([]int(nil), centres...)
	sort.Ints(c)
	s := 0
	for i := range c {
		next := c[(i+1)%len(c)]
		if i == len(c)-1 {
			next += n
		}
		s += next - c[i]
	}
	return float64(s) / float64(len(c))
}

// Profile returns the spike count of each cell of trains in [t0, t1) ms.
func Profile(trains [][]float64, t0, t1 float64) []float64 {
	p := make([]float64, len(trains))
	for c, tr := range trains {
		for _, t := range tr {
			if t >= t0 && t < t1 {
				p[c]++
			}
		}
	}
	return p
}

// GridScaleNeurons is the original's grid_scale_neurons
// (analysis.GridScaleNeurons): the mean spacing (cells) of the peaks of
// the windowed, circularly smoothed activity profile of one ring. NaN
// where no window has two peaks.
func GridScaleNeurons(trains [][]float64, simDurMs, winMs, sigma float64) float64 {
	v, err := analysis.GridScaleNeurons(trains, int(simDurMs), int(winMs), sigma)
	if err != nil {
		return math.NaN()
	}
	return v
}

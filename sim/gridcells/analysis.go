package gridcells

import (
	"fmt"
	"math"
	"math/cmplx"
	"sort"

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
// spikes/(simDurMs/1000), Hz.
func MeanRate(trains [][]float64, simDurMs float64) float64 {
	if len(trains) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, t := range trains {
		s += float64(len(t)) / (simDurMs / 1000)
	}
	return s / float64(len(trains))
}

// binMs returns, for each 1 ms bin of [0, T), the cells with a spike in it
// (the original's bin_spike_ms: several spikes of a cell in a bin count
// once; spikes at or after T are dropped).
func binMs(trains [][]float64, T int) [][]int {
	bins := make([][]int, T)
	for c, tr := range trains {
		last := -1
		for _, t := range tr {
			b := int(math.Floor(t))
			if b < 0 || b >= T || b == last {
				continue
			}
			bins[b] = append(bins[b], c)
			last = b
		}
	}
	return bins
}

// SpeedOfNetwork is the original's calc_speed_of_network (analysis_utils):
// the stellate population vector with cell phases 2 pi k/n_phases (k <
// N_per_sheet, both rings), of the 1 ms binary rasters convolved with a
// Gaussian window of standard deviation winMs (the original's 100 ms;
// scipy's window of length sim_dur, 'same' mode), decoded to a phase,
// unwrapped, and fitted by least squares against t = 0, 1, ... ms: the
// slope, in rad/s of pattern phase (x n_phases/(2 pi) for cells/s).
// stell holds the spike trains of every stellate, ring 1 then ring 2.
func SpeedOfNetwork(stell [][]float64, simDurMs float64, nPerSheet, nPhases int, winMs float64) float64 {
	T := int(simDurMs)
	if T < 2 || nPhases < 1 {
		return math.NaN()
	}
	phase := make([]complex128, len(stell))
	for c := range stell {
		k := c % nPerSheet
		ph := math.Mod(float64(k)*(2*math.Pi/float64(nPhases)), 2*math.Pi)
		phase[c] = cmplx.Exp(complex(0, ph))
	}
	// The population vector of each bin's spikes, then the convolution
	// with the window: out[i] = sum_b x[b] w[i + (T-1)/2 - b], with w the
	// Gaussian of length T centred at (T-1)/2 (numpy 'same').
	bins := binMs(stell, T)
	x := make([]complex128, T)
	for b, cells := range bins {
		for _, c := range cells {
			x[b] += phase[c]
		}
	}
	half := (T - 1) / 2
	centre := float64(T-1) / 2
	reach := int(12*winMs) + 2 // beyond, the window is below 1e-31 of its peak
	y := make([]float64, T)
	for i := range y {
		var s complex128
		for b := max(0, i-reach); b < min(T, i+reach); b++ {
			if x[b] == 0 {
				continue
			}
			j := i + half - b
			if j < 0 || j >= T {
				continue
			}
			d := (float64(j) - centre) / winMs
			s += x[b] * complex(math.Exp(-0.5*d*d), 0)
		}
		y[i] = math.Mod(cmplx.Phase(s)+2*math.Pi, 2*math.Pi)
	}
	unwrap(y)
	// Least-squares slope against t in s.
	var mt, my float64
	for i, v := range y {
		mt += float64(i) / 1000
		my += v
	}
	mt /= float64(T)
	my /= float64(T)
	var sxy, sxx float64
	for i, v := range y {
		dt := float64(i)/1000 - mt
		sxy += dt * (v - my)
		sxx += dt * dt
	}
	return sxy / sxx
}

// unwrap removes jumps larger than pi, as numpy.unwrap with period 2 pi.
func unwrap(y []float64) {
	off := 0.0
	for i := 1; i < len(y); i++ {
		d := y[i] + off - y[i-1]
		if d > math.Pi || d < -math.Pi {
			off -= 2 * math.Pi * math.Round(d/(2*math.Pi))
		}
		y[i] += off
	}
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

// GridScaleNeurons is the original's grid_scale_neurons: the 1 ms binary
// rasters of the cells (one ring) summed over windows of winMs, each
// window's profile smoothed circularly with a Gaussian window of the
// ring's length and standard deviation sigma cells (normalised), its local
// maxima found as scipy.signal.find_peaks does (no options: interior
// points above both neighbours, plateaus by their middle), and the mean
// difference of successive peak indices, averaged over windows.
func GridScaleNeurons(trains [][]float64, simDurMs, winMs, sigma float64) float64 {
	T := int(simDurMs)
	nw := int(simDurMs / winMs)
	n := len(trains)
	if nw < 1 || n < 3 {
		return math.NaN()
	}
	bins := binMs(trains, T)
	// scipy.signal.windows.gaussian(n, sigma), centred at (n-1)/2, applied
	// circularly as ndimage.convolve1d(mode="wrap") does: out[i] =
	// sum_j w[j] in[(i + n/2 - j) mod n]. (A shift of the origin would
	// move every peak alike and leave their spacing unchanged.)
	w := make([]float64, n)
	wsum := 0.0
	for j := range w {
		d := (float64(j) - float64(n-1)/2) / sigma
		w[j] = math.Exp(-0.5 * d * d)
		wsum += w[j]
	}
	c := n / 2
	var means []float64
	wlen := T / nw
	for k := 0; k < nw; k++ {
		p := make([]float64, n)
		for b := k * wlen; b < (k+1)*wlen && b < T; b++ {
			for _, cell := range bins[b] {
				p[cell]++
			}
		}
		s := make([]float64, n)
		for i := range s {
			v := 0.0
			for j := range w {
				v += w[j] * p[((i+c-j)%n+n)%n]
			}
			s[i] = v / wsum
		}
		peaks := findPeaks(s)
		if len(peaks) < 2 {
			continue
		}
		means = append(means, float64(peaks[len(peaks)-1]-peaks[0])/float64(len(peaks)-1))
	}
	if len(means) == 0 {
		return math.NaN()
	}
	m := 0.0
	for _, x := range means {
		m += x
	}
	return m / float64(len(means))
}

// findPeaks is scipy.signal.find_peaks without options (_local_maxima_1d).
func findPeaks(x []float64) []int {
	var peaks []int
	i, last := 1, len(x)-1
	for i < last {
		if x[i-1] < x[i] {
			ahead := i + 1
			for ahead < last && x[ahead] == x[i] {
				ahead++
			}
			if x[ahead] < x[i] {
				peaks = append(peaks, (i+ahead-1)/2)
				i = ahead
			}
		}
		i++
	}
	return peaks
}

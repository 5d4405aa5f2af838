package gridcells

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/analysis"
)

// The gridcells_*.go files port the analysis measures of the GridCellsCond
// grid-cell model (Shaikh & Assisi 2025; the authors' analysis_utils.py and
// analysis_pred_utils.py). Unlike the rest of the package they take spike
// times in milliseconds and durations as whole milliseconds, as the
// authors' functions do, so that their 1 ms bins and indices carry over
// unchanged.

// BinSpikesMs is the authors' bin_spike_ms: the binary 1 ms raster
//
//	B[c][floor(s)] = 1 for every spike time s (ms) of cell c,
//
// with durMs columns; several spikes of a cell in one millisecond count
// once. Spikes outside [0, durMs) are dropped (the original wraps negative
// indices and fails on late ones). durMs < 1 returns ErrEmptyWindow.
func BinSpikesMs(trains [][]float64, durMs int) ([][]float64, error) {
	if durMs < 1 {
		return nil, fmt.Errorf("analysis.BinSpikesMs: duration %d ms: %w", durMs, analysis.ErrEmptyWindow)
	}
	out := make([][]float64, len(trains))
	for c, tr := range trains {
		row := make([]float64, durMs)
		for _, t := range tr {
			if b := int(math.Floor(t)); b >= 0 && b < durMs {
				row[b] = 1
			}
		}
		out[c] = row
	}
	return out, nil
}

// msBins returns the distinct 1 ms bins of a train inside [0, T), the
// nonzero columns of its row of BinSpikesMs, in the order of the spikes.
func msBins(tr []float64, T int, seen []bool) []int {
	var bins []int
	for _, t := range tr {
		b := int(math.Floor(t))
		if b < 0 || b >= T || seen[b] {
			continue
		}
		seen[b] = true
		bins = append(bins, b)
	}
	for _, b := range bins {
		seen[b] = false
	}
	return bins
}

// scipyGaussian is scipy.signal.windows.gaussian(m, sigma): exp(-(j -
// (m-1)/2)^2/(2 sigma^2)), j = 0..m-1, peak 1 (at the middle for odd m).
func scipyGaussian(m int, sigma float64) []float64 {
	w := make([]float64, m)
	c := float64(m-1) / 2
	for j := range w {
		d := (float64(j) - c) / sigma
		w[j] = math.Exp(-0.5 * d * d)
	}
	return w
}

// sameKernel is the Gaussian window of length T used by the authors'
// instantaneous rates with the range of j where it is not zero in float64.
type sameKernel struct {
	w      []float64
	lo, hi int // w[j] == 0 outside [lo, hi)
	half   int // (T-1)/2, the offset of numpy/scipy 'same' mode
}

func newSameKernel(T int, sigma float64) sameKernel {
	k := sameKernel{w: scipyGaussian(T, sigma), half: (T - 1) / 2}
	k.lo, k.hi = 0, T
	for k.lo < T && k.w[k.lo] == 0 {
		k.lo++
	}
	for k.hi > k.lo && k.w[k.hi-1] == 0 {
		k.hi--
	}
	return k
}

// add adds the window of a spike in bin b, times a, to out:
// out[i] += a w[i + half - b].
func (k sameKernel) add(out []float64, b int, a float64) {
	// j = i + half - b in [lo, hi)  <=>  i in [lo - half + b, hi - half + b).
	i0 := max(0, k.lo-k.half+b)
	i1 := min(len(out), k.hi-k.half+b)
	for i := i0; i < i1; i++ {
		out[i] += a * k.w[i+k.half-b]
	}
}

func checkRateArgs(fn string, durMs int, sigmaMs float64) error {
	if durMs < 1 {
		return fmt.Errorf("analysis.%s: duration %d ms: %w", fn, durMs, analysis.ErrEmptyWindow)
	}
	if !(sigmaMs > 0) {
		return fmt.Errorf("analysis.%s: window standard deviation %g ms", fn, sigmaMs)
	}
	return nil
}

// InstantRateAll is the authors' instant_rate_all: each row of the 1 ms
// raster B = BinSpikesMs(trains, durMs) convolved ('same' size) with an
// unnormalised Gaussian window of length T = durMs and standard deviation
// sigmaMs (peak 1):
//
//	R[c][i] = sum_b B[c][b] exp(-((i - b + (T-1) div 2 - (T-1)/2)/sigmaMs)^2/2),
//
// so that for even T a spike in bin b is centred at b + 1/2 and for odd T
// at b. The unit is arbitrary (a rate of 1 spike/ms gives about
// sigmaMs sqrt(2 pi)); InstantRate gives Hz. The original convolves by FFT;
// here the sum is direct, equal to rounding (about 1e-12 of the row's
// maximum, where the FFT's noise floor lies).
func InstantRateAll(trains [][]float64, durMs int, sigmaMs float64) ([][]float64, error) {
	if err := checkRateArgs("InstantRateAll", durMs, sigmaMs); err != nil {
		return nil, err
	}
	k := newSameKernel(durMs, sigmaMs)
	seen := make([]bool, durMs)
	out := make([][]float64, len(trains))
	for c, tr := range trains {
		row := make([]float64, durMs)
		for _, b := range msBins(tr, durMs, seen) {
			k.add(row, b, 1)
		}
		out[c] = row
	}
	return out, nil
}

// InstantRate is the authors' instant_rate in Hz: the row of
// InstantRateAll for one train divided by the sum of the window (which
// makes the original's spikes/ms) and multiplied by 1000.
func InstantRate(train []float64, durMs int, sigmaMs float64) ([]float64, error) {
	if err := checkRateArgs("InstantRate", durMs, sigmaMs); err != nil {
		return nil, err
	}
	r, _ := InstantRateAll([][]float64{train}, durMs, sigmaMs)
	s := 0.0
	for _, w := range scipyGaussian(durMs, sigmaMs) {
		s += w
	}
	for i := range r[0] {
		r[0][i] *= 1000 / s
	}
	return r[0], nil
}

// MeanRateHz is the authors' calc_firing_rates: the mean over cells of
// (number of spikes)/(durMs/1000), in Hz, counting every spike given. No
// cells or durMs <= 0 return ErrEmptyWindow.
func MeanRateHz(trains [][]float64, durMs float64) (float64, error) {
	if len(trains) == 0 || !(durMs > 0) {
		return 0, fmt.Errorf("analysis.MeanRateHz: %d cells over %g ms: %w", len(trains), durMs, analysis.ErrEmptyWindow)
	}
	s := 0.0
	for _, t := range trains {
		s += float64(len(t)) / (durMs / 1000)
	}
	return s / float64(len(trains)), nil
}

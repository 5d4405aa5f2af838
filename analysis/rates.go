package analysis

import (
	"errors"
	"fmt"
	"math"
)

// ErrEmptyWindow is returned when a time window, bin or signal is empty or
// inverted: t1 <= t0, a non-positive bin or sampling interval, or a window
// too short to hold one bin.
var ErrEmptyWindow = errors.New("analysis: empty window")

// Rate is a firing rate sampled on regular bins: bin k covers
// [T0 + k*Bin, T0 + (k+1)*Bin).
type Rate struct {
	T0  float64   // start of the first bin (s)
	Bin float64   // bin width, also the sampling interval (s)
	Hz  []float64 // rate in each bin (Hz, spikes per second per neuron)
}

// Times returns the centre of each bin (s).
func (r Rate) Times() []float64 {
	t := make([]float64, len(r.Hz))
	for k := range t {
		t[k] = r.T0 + (float64(k)+0.5)*r.Bin
	}
	return t
}

// numBins returns the number n = floor((t1-t0)/bin) of whole bins of width
// bin in [t0, t1) (a last partial bin is dropped; a slack of 1e-9 bin
// keeps a window of exactly n bins from losing one to rounding), or
// ErrEmptyWindow.
func numBins(fn string, t0, t1, bin float64) (int, error) {
	if !(t1 > t0) || !(bin > 0) || math.IsInf(t1-t0, 0) {
		return 0, fmt.Errorf("analysis.%s: window [%g, %g) s with bin %g s: %w", fn, t0, t1, bin, ErrEmptyWindow)
	}
	n := int(math.Floor((t1-t0)/bin + 1e-9))
	if n < 1 {
		return 0, fmt.Errorf("analysis.%s: window [%g, %g) s shorter than one bin of %g s: %w", fn, t0, t1, bin, ErrEmptyWindow)
	}
	return n, nil
}

// addCounts adds one to dst[k] for each time in bin k of width bin from t0;
// times outside [t0, t0+len(dst)*bin) are ignored.
func addCounts(dst []float64, times []float64, t0, bin float64) {
	inv := 1 / bin
	n := len(dst)
	for _, t := range times {
		f := (t - t0) * inv
		if f < 0 {
			continue
		}
		k := int(f)
		if k < n {
			dst[k]++
		}
	}
}

// Counts returns the number of spikes of a train (times in s, any order)
// in each of the consecutive bins of width bin (s) from t0 to t1. The
// window holds n = floor((t1-t0)/bin) whole bins; spikes outside them are
// ignored. No spikes gives all zeros; an empty window (t1 <= t0, bin <= 0
// or shorter than one bin) returns ErrEmptyWindow.
func Counts(times []float64, t0, t1, bin float64) ([]float64, error) {
	n, err := numBins("Counts", t0, t1, bin)
	if err != nil {
		return nil, err
	}
	c := make([]float64, n)
	addCounts(c, times, t0, bin)
	return c, nil
}

// PopulationRate returns the binned firing rate of a population of n
// neurons whose spikes, of all neurons together, are at times (s, any
// order): spikes per bin divided by n and by the bin width (s), in Hz per
// neuron. The bins are those of Counts. n must be positive; no spikes
// gives a rate of zero; an empty window returns ErrEmptyWindow.
func PopulationRate(times []float64, n int, t0, t1, bin float64) (Rate, error) {
	if n <= 0 {
		return Rate{}, fmt.Errorf("analysis.PopulationRate: %d neurons", n)
	}
	c, err := Counts(times, t0, t1, bin)
	if err != nil {
		return Rate{}, err
	}
	s := 1 / (float64(n) * bin)
	for k := range c {
		c[k] *= s
	}
	return Rate{T0: t0, Bin: bin, Hz: c}, nil
}

// SmoothedPopulationRate returns PopulationRate on bins of width bin (s)
// smoothed by a Gaussian kernel of standard deviation sigma (s); see
// GaussianSmooth for the edges. sigma must be positive.
func SmoothedPopulationRate(times []float64, n int, t0, t1, bin, sigma float64) (Rate, error) {
	r, err := PopulationRate(times, n, t0, t1, bin)
	if err != nil {
		return Rate{}, err
	}
	r.Hz, err = GaussianSmooth(r.Hz, bin, sigma)
	return r, err
}

// NeuronRates returns each neuron's mean firing rate (Hz) in [t0, t1):
// its number of spikes in the window divided by t1-t0 (s). trains[i] holds
// the spike times of neuron i (s, any order); a neuron without spikes has
// rate 0. An empty window returns ErrEmptyWindow.
func NeuronRates(trains [][]float64, t0, t1 float64) ([]float64, error) {
	if !(t1 > t0) {
		return nil, fmt.Errorf("analysis.NeuronRates: window [%g, %g) s: %w", t0, t1, ErrEmptyWindow)
	}
	inv := 1 / (t1 - t0)
	r := make([]float64, len(trains))
	for i, tr := range trains {
		c := 0
		for _, t := range tr {
			if t >= t0 && t < t1 {
				c++
			}
		}
		r[i] = float64(c) * inv
	}
	return r, nil
}

// BinnedRates returns each neuron's binned firing rate (Hz): rates[i][k]
// is the number of spikes of trains[i] in bin k (bins as in Counts)
// divided by bin (s). Neurons without spikes get zeros; an empty window
// returns ErrEmptyWindow.
func BinnedRates(trains [][]float64, t0, t1, bin float64) ([][]float64, error) {
	n, err := numBins("BinnedRates", t0, t1, bin)
	if err != nil {
		return nil, err
	}
	all := make([]float64, n*len(trains))
	out := make([][]float64, len(trains))
	for i, tr := range trains {
		out[i] = all[i*n : (i+1)*n : (i+1)*n]
		addCounts(out[i], tr, t0, bin)
		for k := range out[i] {
			out[i][k] /= bin
		}
	}
	return out, nil
}

// GaussianSmooth returns x, sampled every dt (s), convolved with a
// normalised Gaussian kernel of standard deviation sigma (s) truncated at
// 4 sigma. At the edges the kernel is renormalised over the samples that
// exist, so a constant signal stays constant. A sigma below dt/10 returns
// a copy of x. dt must be positive and sigma non-negative; an empty x
// returns an empty slice.
func GaussianSmooth(x []float64, dt, sigma float64) ([]float64, error) {
	if !(dt > 0) || !(sigma >= 0) {
		return nil, fmt.Errorf("analysis.GaussianSmooth: dt %g s, sigma %g s: want dt > 0, sigma >= 0", dt, sigma)
	}
	out := make([]float64, len(x))
	if sigma < dt/10 {
		copy(out, x)
		return out, nil
	}
	k := gaussKernel(sigma / dt)
	convolveNorm(out, x, k, 1)
	return out, nil
}

// gaussKernel returns a Gaussian kernel of standard deviation s samples,
// of half-width ceil(4s), not normalised (peak 1).
func gaussKernel(s float64) []float64 {
	h := int(math.Ceil(4 * s))
	k := make([]float64, 2*h+1)
	for i := range k {
		d := float64(i - h)
		k[i] = math.Exp(-0.5 * d * d / (s * s))
	}
	return k
}

// convolveNorm writes into dst the convolution of the n = len(x)/stride
// samples x[0], x[stride], ... with the symmetric kernel k, renormalised at
// the edges by the sum of the kernel weights that fall inside.
func convolveNorm(dst, x, k []float64, stride int) {
	h := len(k) / 2
	n := (len(x) + stride - 1) / stride
	var full float64
	for _, w := range k {
		full += w
	}
	for i := 0; i < n; i++ {
		var s, ws float64
		lo, hi := i-h, i+h
		if lo < 0 {
			lo = 0
		}
		if hi > n-1 {
			hi = n - 1
		}
		for j := lo; j <= hi; j++ {
			w := k[j-i+h]
			s += w * x[j*stride]
			ws += w
		}
		if lo == i-h && hi == i+h {
			ws = full
		}
		dst[i*stride] = s / ws
	}
}

// SmoothedRates returns each neuron's firing rate (Hz) on bins of width
// bin (s) from t0 to t1 (see BinnedRates), smoothed by a Gaussian kernel of
// standard deviation sigma (s) as in GaussianSmooth. Neurons without spikes
// get zeros; an empty window returns ErrEmptyWindow.
func SmoothedRates(trains [][]float64, t0, t1, bin, sigma float64) ([][]float64, error) {
	r, err := BinnedRates(trains, t0, t1, bin)
	if err != nil {
		return nil, err
	}
	if !(sigma >= 0) {
		return nil, fmt.Errorf("analysis.SmoothedRates: sigma %g s", sigma)
	}
	if sigma < bin/10 {
		return r, nil
	}
	k := gaussKernel(sigma / bin)
	tmp := make([]float64, len(r[0]))
	for _, row := range r {
		convolveNorm(tmp, row, k, 1)
		copy(row, tmp)
	}
	return r, nil
}

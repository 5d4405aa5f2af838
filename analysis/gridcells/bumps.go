package gridcells

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/analysis"
)

// PeriodicActivity is the authors' periodic_activity_all: the 1 ms raster
// of trains (one ring of n cells) split into nw = durMs div winMs windows
// of L = durMs/nw ms (durMs must be a multiple of nw, as numpy.hsplit
// requires), the spikes of each cell counted per window, p_w(c), and each
// profile smoothed along the ring with the Gaussian window g of length n
// and standard deviation sigmaCells (scipy.ndimage.convolve1d, mode
// 'wrap'), divided by the window's sum:
//
//	P[w][i] = sum_j g[j] p_w((i + n div 2 - j) mod n) / sum_j g[j].
//
// It returns nw rows of n values.
func PeriodicActivity(trains [][]float64, durMs, winMs int, sigmaCells float64) ([][]float64, error) {
	n := len(trains)
	if durMs < 1 || winMs < 1 || durMs < winMs {
		return nil, fmt.Errorf("analysis.PeriodicActivity: %d ms in windows of %d ms: %w", durMs, winMs, analysis.ErrEmptyWindow)
	}
	if n < 1 || !(sigmaCells > 0) {
		return nil, fmt.Errorf("analysis.PeriodicActivity: %d cells, sigma %g cells", n, sigmaCells)
	}
	nw := durMs / winMs
	if durMs%nw != 0 {
		return nil, fmt.Errorf("analysis.PeriodicActivity: %d ms do not split into %d equal windows", durMs, nw)
	}
	L := durMs / nw
	counts := make([][]float64, nw)
	for w := range counts {
		counts[w] = make([]float64, n)
	}
	seen := make([]bool, durMs)
	for c, tr := range trains {
		for _, b := range msBins(tr, durMs, seen) {
			counts[b/L][c]++
		}
	}
	g := scipyGaussian(n, sigmaCells)
	gs := 0.0
	for _, v := range g {
		gs += v
	}
	h := n / 2
	for w, p := range counts {
		s := make([]float64, n)
		for i := range s {
			v := 0.0
			for j, gj := range g {
				v += gj * p[((i+h-j)%n+n)%n]
			}
			s[i] = v / gs
		}
		counts[w] = s
	}
	return counts, nil
}

// FindPeaks is scipy.signal.find_peaks without options: the indices of the
// interior samples larger than both neighbours, a flat top (a run of
// equal samples with smaller neighbours on both sides) reported at its
// middle (rounded down). The ends are never peaks.
func FindPeaks(x []float64) []int {
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

// GridScaleNeurons is the authors' grid_scale_neurons, the bump spacing in
// cells: for each window of PeriodicActivity(trains, durMs, winMs,
// sigmaCells) the mean difference of successive FindPeaks indices, then
// the mean over the windows with at least two peaks (numpy's nanmean).
// The authors' defaults are winMs 1000 and sigmaCells 3. No window with
// two peaks returns ErrNoActivity.
func GridScaleNeurons(trains [][]float64, durMs, winMs int, sigmaCells float64) (float64, error) {
	pa, err := PeriodicActivity(trains, durMs, winMs, sigmaCells)
	if err != nil {
		return 0, fmt.Errorf("analysis.GridScaleNeurons: %w", err)
	}
	s, k := 0.0, 0
	for _, p := range pa {
		pk := FindPeaks(p)
		if len(pk) < 2 {
			continue
		}
		d := 0.0
		for i := 1; i < len(pk); i++ {
			d += float64(pk[i] - pk[i-1])
		}
		s += d / float64(len(pk)-1)
		k++
	}
	if k == 0 {
		return 0, fmt.Errorf("analysis.GridScaleNeurons: no window with two bumps: %w", analysis.ErrNoActivity)
	}
	return s / float64(k), nil
}

// SimpsonRule selects how Simpson's rule treats an even number of samples
// (an odd number of intervals), where scipy changed its default.
type SimpsonRule int

const (
	// SimpsonCartwright is scipy.integrate.simpson from scipy 1.11 on (the
	// authors' Python 3.12 environment): Simpson's rule over the first
	// N-1 samples plus Cartwright's correction for the last interval,
	// h (5 y[N-1] + 8 y[N-2] - y[N-3])/12.
	SimpsonCartwright SimpsonRule = iota
	// SimpsonAvg is scipy < 1.11 (even='avg', Debian 12's scipy 1.10): the
	// mean of Simpson's rule on the first N-1 samples plus the trapezoid
	// on the last interval, and the trapezoid on the first interval plus
	// Simpson's rule on the last N-1 samples.
	SimpsonAvg
)

// simpsonOdd is Simpson's composite rule over y (an odd number of samples).
func simpsonOdd(y []float64, dx float64) float64 {
	s := 0.0
	for i := 0; i+2 < len(y); i += 2 {
		s += y[i] + 4*y[i+1] + y[i+2]
	}
	return s * dx / 3
}

// Simpson is scipy.integrate.simpson(y, dx=dx): the composite Simpson
// rule, sum over pairs of intervals of dx (y0 + 4 y1 + y2)/3, for an odd
// number of samples; an even number follows rule. Two samples give the
// trapezoid, one or none 0.
func Simpson(y []float64, dx float64, rule SimpsonRule) float64 {
	n := len(y)
	switch {
	case n < 2:
		return 0
	case n == 2:
		return dx * (y[0] + y[1]) / 2
	case n%2 == 1:
		return simpsonOdd(y, dx)
	}
	if rule == SimpsonAvg {
		a := simpsonOdd(y[:n-1], dx) + dx*(y[n-2]+y[n-1])/2
		b := dx*(y[0]+y[1])/2 + simpsonOdd(y[1:], dx)
		return (a + b) / 2
	}
	return simpsonOdd(y[:n-1], dx) + dx*(5*y[n-1]+8*y[n-2]-y[n-3])/12
}

// GridFieldSizesNeurons is the authors' grid_field_sizes_neurons, the bump
// size in cells: with P = GridScaleNeurons(trains, durMs, winMs,
// sigmaCells) and the profiles of PeriodicActivity, for each window the
// peaks k of the profile, the profile divided by its maximum, and for
// each peak with a = int(k - P/2) >= 0 and b = int(k + P/2) < n - 1
// (int truncating towards zero) the Simpson integral (dx = 1 cell) of
// the normalised profile over the cells [a, b); the mean of all of them.
// rule picks scipy's treatment of an even number of samples (the
// original's result depends on the scipy version: SimpsonCartwright for
// scipy >= 1.11, SimpsonAvg before). No bump inside the bounds returns
// ErrNoActivity.
func GridFieldSizesNeurons(trains [][]float64, durMs, winMs int, sigmaCells float64, rule SimpsonRule) (float64, error) {
	P, err := GridScaleNeurons(trains, durMs, winMs, sigmaCells)
	if err != nil {
		return 0, fmt.Errorf("analysis.GridFieldSizesNeurons: %w", err)
	}
	pa, _ := PeriodicActivity(trains, durMs, winMs, sigmaCells)
	n := len(trains)
	s, k := 0.0, 0
	for _, p := range pa {
		peaks := FindPeaks(p)
		top := math.Inf(-1)
		for _, v := range p {
			top = math.Max(top, v)
		}
		q := make([]float64, n)
		for i, v := range p {
			q[i] = v / top
		}
		for _, pk := range peaks {
			a := int(float64(pk) - P/2)
			b := int(float64(pk) + P/2)
			if a < 0 || b >= n-1 {
				continue
			}
			s += Simpson(q[a:b], 1, rule)
			k++
		}
	}
	if k == 0 {
		return 0, fmt.Errorf("analysis.GridFieldSizesNeurons: no bump inside the ring: %w", analysis.ErrNoActivity)
	}
	return s / float64(k), nil
}

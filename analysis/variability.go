package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat"
)

// FanoFactor returns the Fano factor of a spike train (times in s, any
// order): the variance over the mean of its spike counts in consecutive
// windows of width window (s) from t0 to t1 (bins as in Counts). The
// variance is the unbiased sample variance, so a Poisson train has Fano
// factor 1 on average and a regular train whose period divides window 0.
// It needs at least two windows (else ErrEmptyWindow) and at least one
// spike in them (else ErrTooFewSpikes).
func FanoFactor(times []float64, t0, t1, window float64) (float64, error) {
	c, err := Counts(times, t0, t1, window)
	if err != nil {
		return 0, err
	}
	if len(c) < 2 {
		return 0, fmt.Errorf("analysis.FanoFactor: [%g, %g) s holds one window of %g s: %w", t0, t1, window, ErrEmptyWindow)
	}
	m, v := stat.MeanVariance(c, nil)
	if m == 0 {
		return 0, ErrTooFewSpikes
	}
	return v / m, nil
}

// MeanFano returns the mean Fano factor (see FanoFactor) over the trains
// that have at least one spike in the window, and how many those were.
// None returns ErrTooFewSpikes; a window shorter than two windows
// ErrEmptyWindow.
func MeanFano(trains [][]float64, t0, t1, window float64) (float64, int, error) {
	var s float64
	n := 0
	for _, tr := range trains {
		f, err := FanoFactor(tr, t0, t1, window)
		if err == ErrTooFewSpikes {
			continue
		}
		if err != nil {
			return 0, 0, err
		}
		s += f
		n++
	}
	if n == 0 {
		return 0, 0, ErrTooFewSpikes
	}
	return s / float64(n), n, nil
}

// CountCorrelations returns Pearson correlation coefficients of the spike
// counts of pairs of neurons in bins of width bin (s) from t0 to t1 (bins
// as in Counts). trains[i] holds the spike times of neuron i (s).
//
// Only neurons whose counts vary (at least one spike and not the same count
// in every bin) take part, since the correlation of a constant is
// undefined. With pairs <= 0, or at least as many pairs as exist, every
// pair of those neurons is used, in order (0,1), (0,2), ...; otherwise pairs
// pairs of distinct neurons are drawn at random, with replacement, from a
// generator seeded with seed, so the result is reproducible. Fewer than two
// such neurons return ErrTooFewSpikes; an empty window or fewer than two
// bins ErrEmptyWindow.
func CountCorrelations(trains [][]float64, t0, t1, bin float64, pairs int, seed uint64) ([]float64, error) {
	counts, err := BinnedRates(trains, t0, t1, bin)
	if err != nil {
		return nil, err
	}
	if len(counts) > 0 && len(counts[0]) < 2 {
		return nil, fmt.Errorf("analysis.CountCorrelations: one bin of %g s in [%g, %g) s: %w", bin, t0, t1, ErrEmptyWindow)
	}
	var active [][]float64
	for _, c := range counts {
		if _, v := stat.MeanVariance(c, nil); v > 0 {
			active = append(active, c)
		}
	}
	na := len(active)
	if na < 2 {
		return nil, ErrTooFewSpikes
	}
	all := na * (na - 1) / 2
	if pairs <= 0 || pairs >= all {
		r := make([]float64, 0, all)
		for i := 0; i < na; i++ {
			for j := i + 1; j < na; j++ {
				r = append(r, stat.Correlation(active[i], active[j], nil))
			}
		}
		return r, nil
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	r := make([]float64, pairs)
	for k := range r {
		i := rng.IntN(na)
		j := rng.IntN(na - 1)
		if j >= i {
			j++
		}
		r[k] = stat.Correlation(active[i], active[j], nil)
	}
	return r, nil
}

// Synchrony returns Golomb's synchrony measure chi (Golomb and Rinzel 1993;
// Golomb 2007) of a population, computed on spike counts in bins of width
// bin (s) from t0 to t1 (bins as in Counts):
//
//	chi^2 = Var_t(mean_i c_i(t)) / mean_i Var_t(c_i(t))
//
// chi is 1 when all neurons fire in the same bins and of order 1/sqrt(N)
// for N independent neurons. trains[i] holds the spike times of neuron i
// (s); silent neurons count in the mean. The bin sets the time scale of
// synchrony (a few ms for spike synchrony). No spike, or counts that never
// vary, return ErrTooFewSpikes; fewer than two bins ErrEmptyWindow.
func Synchrony(trains [][]float64, t0, t1, bin float64) (float64, error) {
	counts, err := BinnedRates(trains, t0, t1, bin)
	if err != nil {
		return 0, err
	}
	if len(trains) == 0 {
		return 0, ErrTooFewSpikes
	}
	nb := len(counts[0])
	if nb < 2 {
		return 0, fmt.Errorf("analysis.Synchrony: one bin of %g s in [%g, %g) s: %w", bin, t0, t1, ErrEmptyWindow)
	}
	pop := make([]float64, nb)
	var mv float64
	for _, c := range counts {
		_, v := stat.PopMeanVariance(c, nil)
		mv += v
		for k, x := range c {
			pop[k] += x
		}
	}
	mv /= float64(len(counts))
	if mv == 0 {
		return 0, ErrTooFewSpikes
	}
	for k := range pop {
		pop[k] /= float64(len(counts))
	}
	_, pv := stat.PopMeanVariance(pop, nil)
	return math.Sqrt(pv / mv), nil
}

// CrossCorrelogram returns the histogram of the lags t_target - t_ref (s)
// over all pairs of a spike of ref and a spike of target (both sorted,
// s) with |lag| <= about maxLag: 2n+1 bins of width bin (s) centred on
// lags -n*bin, ..., 0, ..., n*bin, n = floor(maxLag/bin + 1e-9). A peak at
// a positive lag means target tends to fire after ref. Counts are raw pair
// counts; divide by len(ref)*bin for a rate (Hz). Empty trains give zero
// counts; maxLag < 0 or bin <= 0 returns ErrEmptyWindow.
func CrossCorrelogram(ref, target []float64, maxLag, bin float64) (Histogram, error) {
	return correlogram(ref, target, maxLag, bin, false)
}

// AutoCorrelogram returns the CrossCorrelogram of a sorted train with
// itself without the pairs of a spike with itself, so that the zero-lag
// bin counts only distinct coincident spikes. It is symmetric about 0.
func AutoCorrelogram(times []float64, maxLag, bin float64) (Histogram, error) {
	return correlogram(times, times, maxLag, bin, true)
}

func correlogram(ref, target []float64, maxLag, bin float64, auto bool) (Histogram, error) {
	if !(bin > 0) || !(maxLag >= 0) {
		return Histogram{}, fmt.Errorf("analysis: correlogram with max lag %g s and bin %g s: %w", maxLag, bin, ErrEmptyWindow)
	}
	n := int(math.Floor(maxLag/bin + 1e-9))
	nb := 2*n + 1
	h := Histogram{Edges: make([]float64, nb+1), Counts: make([]float64, nb)}
	for k := range h.Edges {
		h.Edges[k] = (float64(k-n) - 0.5) * bin
	}
	lo, hi := h.Edges[0], h.Edges[nb]
	start := 0
	for i, t := range ref {
		for start < len(target) && target[start]-t < lo {
			start++
		}
		for j := start; j < len(target); j++ {
			d := target[j] - t
			if d >= hi {
				break
			}
			if auto && i == j {
				continue
			}
			if b := int((d - lo) / bin); b >= 0 && b < nb {
				h.Counts[b]++
			}
		}
	}
	return h, nil
}

// STA is a spike-triggered average.
type STA struct {
	Lags []float64 // time relative to the spike (s), from -before to after
	Mean []float64 // average signal at each lag (unit of the signal)
	N    int       // number of spikes averaged
}

// SpikeTriggeredAverage returns the average of a signal sampled every dt
// (s), its sample k taken at t0 + k*dt, in the window [-before, +after] (s)
// around each spike (times in s). Each spike is placed on its nearest
// sample; spikes whose window does not lie wholly inside the signal are
// left out. No usable spike returns ErrTooFewSpikes; dt <= 0, before < 0 or
// after < 0 returns ErrEmptyWindow.
func SpikeTriggeredAverage(spikes, signal []float64, t0, dt, before, after float64) (STA, error) {
	if !(dt > 0) || !(before >= 0) || !(after >= 0) {
		return STA{}, fmt.Errorf("analysis.SpikeTriggeredAverage: dt %g s, window [-%g, %g] s: %w", dt, before, after, ErrEmptyWindow)
	}
	nb := int(math.Round(before / dt))
	na := int(math.Round(after / dt))
	s := STA{Lags: make([]float64, nb+na+1), Mean: make([]float64, nb+na+1)}
	for k := range s.Lags {
		s.Lags[k] = float64(k-nb) * dt
	}
	for _, t := range spikes {
		k := int(math.Round((t - t0) / dt))
		if k-nb < 0 || k+na >= len(signal) {
			continue
		}
		for j, v := range signal[k-nb : k+na+1] {
			s.Mean[j] += v
		}
		s.N++
	}
	if s.N == 0 {
		return STA{}, ErrTooFewSpikes
	}
	for j := range s.Mean {
		s.Mean[j] /= float64(s.N)
	}
	return s, nil
}

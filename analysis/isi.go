package analysis

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/stat"
)

// ErrTooFewSpikes is returned by measures that need more spikes than given.
var ErrTooFewSpikes = errors.New("analysis: too few spikes")

// ISIs returns the inter-spike intervals of a sorted spike train (same
// unit as the times). A train of fewer than two spikes has none.
func ISIs(times []float64) []float64 {
	if len(times) < 2 {
		return nil
	}
	d := make([]float64, len(times)-1)
	for k := range d {
		d[k] = times[k+1] - times[k]
	}
	return d
}

// CV returns the coefficient of variation of the inter-spike intervals of a
// sorted spike train: the population standard deviation over the mean. It
// needs at least three spikes (two intervals) and returns ErrTooFewSpikes
// otherwise. A perfectly regular train has CV 0; a Poisson train CV 1.
func CV(times []float64) (float64, error) {
	if len(times) < 3 {
		return 0, ErrTooFewSpikes
	}
	isi := ISIs(times)
	mean, sd := stat.PopMeanStdDev(isi, nil)
	if mean <= 0 {
		return 0, errors.New("analysis: CV of a train with non-increasing times")
	}
	return sd / mean, nil
}

// MeanCV returns the mean CV of ISI over the trains that have at least
// three spikes, and how many trains that was. With none it returns
// ErrTooFewSpikes.
func MeanCV(trains [][]float64) (float64, int, error) {
	var sum float64
	n := 0
	for _, tr := range trains {
		cv, err := CV(tr)
		if err != nil {
			continue
		}
		sum += cv
		n++
	}
	if n == 0 {
		return math.NaN(), 0, ErrTooFewSpikes
	}
	return sum / float64(n), n, nil
}

// SplitTrains splits a population's spikes, given as parallel neuron
// indices and times sorted by time, into one sorted train per neuron.
func SplitTrains(n int, index []int32, times []float64) [][]float64 {
	counts := make([]int, n)
	for _, i := range index {
		if int(i) < n && i >= 0 {
			counts[i]++
		}
	}
	trains := make([][]float64, n)
	for i := range trains {
		trains[i] = make([]float64, 0, counts[i])
	}
	for k, i := range index {
		if int(i) < n && i >= 0 {
			trains[i] = append(trains[i], times[k])
		}
	}
	return trains
}

// CVs returns the CV of ISI (see CV) of every train that has at least
// three spikes, and the index in trains of each. Trains with fewer spikes
// are skipped, so no spikes anywhere gives two empty slices.
func CVs(trains [][]float64) (cv []float64, index []int) {
	for i, tr := range trains {
		c, err := CV(tr)
		if err != nil {
			continue
		}
		cv = append(cv, c)
		index = append(index, i)
	}
	return cv, index
}

// LV returns the local variation of a sorted spike train (Shinomoto et al.
// 2003):
//
//	LV = 3/(n-1) * sum_k ((I_k - I_{k+1}) / (I_k + I_{k+1}))^2
//
// over its n intervals I_k. LV is 0 for a regular train and 1 for a
// Poisson train, and unlike the CV it is insensitive to slow changes of
// rate. It needs at least three spikes and returns ErrTooFewSpikes
// otherwise; two coincident spikes around an interval of zero give an
// error.
func LV(times []float64) (float64, error) {
	if len(times) < 3 {
		return 0, ErrTooFewSpikes
	}
	var s float64
	for k := 0; k+2 < len(times); k++ {
		a, b := times[k+1]-times[k], times[k+2]-times[k+1]
		if a < 0 || b < 0 || a+b <= 0 {
			return 0, errors.New("analysis: LV of a train with non-increasing times")
		}
		d := (a - b) / (a + b)
		s += d * d
	}
	return 3 * s / float64(len(times)-2), nil
}

// Histogram is a histogram on given bin edges: Counts[k] counts the values
// in [Edges[k], Edges[k+1]).
type Histogram struct {
	Edges  []float64 // len(Counts)+1 increasing bin edges
	Counts []float64
}

// Centres returns the centre of each bin.
func (h Histogram) Centres() []float64 {
	c := make([]float64, len(h.Counts))
	for k := range c {
		c[k] = (h.Edges[k] + h.Edges[k+1]) / 2
	}
	return c
}

// Density returns the counts normalised to a probability density (per
// unit of the edges): counts / (total * bin width). An empty histogram
// gives zeros.
func (h Histogram) Density() []float64 {
	var tot float64
	for _, c := range h.Counts {
		tot += c
	}
	d := make([]float64, len(h.Counts))
	if tot == 0 {
		return d
	}
	for k, c := range h.Counts {
		d[k] = c / (tot * (h.Edges[k+1] - h.Edges[k]))
	}
	return d
}

// NewHistogram returns the histogram of values x (any order, any unit) on
// n = floor((hi-lo)/bin) bins of width bin from lo; values outside
// [lo, lo+n*bin) are left out. No values gives zero counts; hi <= lo or
// bin <= 0 returns ErrEmptyWindow.
func NewHistogram(x []float64, lo, hi, bin float64) (Histogram, error) {
	n, err := numBins("NewHistogram", lo, hi, bin)
	if err != nil {
		return Histogram{}, err
	}
	h := Histogram{Edges: make([]float64, n+1), Counts: make([]float64, n)}
	for k := range h.Edges {
		h.Edges[k] = lo + float64(k)*bin
	}
	addCounts(h.Counts, x, lo, bin)
	return h, nil
}

// ISIHistogram returns the histogram of the inter-spike intervals (s) of
// all trains (each sorted, times in s) on bins of width bin (s) from 0 to
// maxISI (s); longer intervals are left out. Trains with fewer than two
// spikes contribute nothing; maxISI <= 0 or bin <= 0 returns
// ErrEmptyWindow.
func ISIHistogram(trains [][]float64, bin, maxISI float64) (Histogram, error) {
	h, err := NewHistogram(nil, 0, maxISI, bin)
	if err != nil {
		return h, err
	}
	n := len(h.Counts)
	for _, tr := range trains {
		for k := 1; k < len(tr); k++ {
			d := tr[k] - tr[k-1]
			if d < 0 {
				continue
			}
			if b := int(d / bin); b < n {
				h.Counts[b]++
			}
		}
	}
	return h, nil
}

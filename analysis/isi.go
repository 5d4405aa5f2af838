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

package gridcells

import (
	"math"
	"sort"
)

// Helpers of the validation test: bump centres and their spacing on a ring.

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

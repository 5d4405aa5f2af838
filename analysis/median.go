package analysis

import (
	"math"
	"sort"
)

// Median is numpy's median of x: the middle value of the sorted values, or
// the mean of the middle two for an even count; NaN for no value. x is not
// changed.
func Median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

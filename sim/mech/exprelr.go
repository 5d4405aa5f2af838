package mech

import "math"

// Exprelr is NEURON's exprelr(x) = x/(exp(x) - 1), 1 near x = 0 (within
// machine epsilon, as NEURON's).
func Exprelr(x float64) float64 {
	if 1+x == 1 {
		return 1
	}
	return x / (math.Exp(x) - 1)
}

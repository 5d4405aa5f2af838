package vmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPowN checks Pow2, Pow3 and Pow4 against math.Pow, bit for bit, over
// x whose powers are normal, negative x and the specials.
func TestPowN(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 2, 0.5, math.Inf(1), math.Inf(-1), math.NaN()}
	for range 200_000 {
		x := math.Exp(-70 + 140*rng.Float64())
		if rng.IntN(2) == 0 {
			x = -x
		}
		xs = append(xs, x)
	}
	for _, x := range xs {
		for _, c := range []struct {
			y float64
			f func(float64) float64
		}{{2, Pow2}, {3, Pow3}, {4, Pow4}} {
			got, want := c.f(x), math.Pow(x, c.y)
			if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("Pow%v(%v) = %v, math.Pow %v", c.y, x, got, want)
			}
		}
	}
}

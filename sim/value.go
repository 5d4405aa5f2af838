package sim

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/rng"
)

// A Value gives a per-synapse (or per-neuron) quantity: a constant, a draw
// from a distribution, or an explicit array. Its zero value, a nil Value,
// means the default of the field it fills.
type Value interface {
	// describe returns a short description for error messages.
	describe() string
	// constant reports whether the value is the same for every element,
	// and that value.
	constant() (float64, bool)
	// at returns the value of element i, drawing from s if random.
	at(i int, s *rng.Stream) float64
	// check validates the value for n elements (n < 0: unknown).
	check(n int) error
}

// Const is a constant Value.
type Const float64

func (c Const) describe() string            { return fmt.Sprintf("%g", float64(c)) }
func (c Const) constant() (float64, bool)   { return float64(c), true }
func (c Const) at(int, *rng.Stream) float64 { return float64(c) }
func (c Const) check(int) error             { return finite(float64(c)) }
func finite(x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("value %g is not finite", x)
	}
	return nil
}

// Uniform draws uniformly from [Lo, Hi).
type Uniform struct{ Lo, Hi float64 }

func (u Uniform) describe() string          { return fmt.Sprintf("Uniform[%g, %g)", u.Lo, u.Hi) }
func (u Uniform) constant() (float64, bool) { return 0, false }
func (u Uniform) at(_ int, s *rng.Stream) float64 {
	return u.Lo + (u.Hi-u.Lo)*s.Float64()
}
func (u Uniform) check(int) error {
	if err := finite(u.Lo); err != nil {
		return err
	}
	if err := finite(u.Hi); err != nil {
		return err
	}
	if u.Hi < u.Lo {
		return fmt.Errorf("Uniform: Hi %g below Lo %g", u.Hi, u.Lo)
	}
	return nil
}

// Normal draws from a normal distribution of mean Mean and standard deviation
// SD. If Min < Max, draws outside [Min, Max] are redrawn (a truncated normal);
// the zero Min and Max mean no truncation.
type Normal struct{ Mean, SD, Min, Max float64 }

func (n Normal) describe() string          { return fmt.Sprintf("Normal(%g, %g)", n.Mean, n.SD) }
func (n Normal) constant() (float64, bool) { return 0, false }
func (n Normal) at(_ int, s *rng.Stream) float64 {
	for k := 0; ; k++ {
		x := n.Mean + n.SD*s.NormFloat64()
		if n.Min >= n.Max || (x >= n.Min && x <= n.Max) || k == 1000 {
			return x
		}
	}
}
func (n Normal) check(int) error {
	for _, x := range []float64{n.Mean, n.SD, n.Min, n.Max} {
		if err := finite(x); err != nil {
			return err
		}
	}
	if n.SD < 0 {
		return fmt.Errorf("Normal: negative SD %g", n.SD)
	}
	return nil
}

// Array gives one value per element explicitly.
type Array []float64

func (a Array) describe() string          { return fmt.Sprintf("Array(len %d)", len(a)) }
func (a Array) constant() (float64, bool) { return 0, false }
func (a Array) at(i int, _ *rng.Stream) float64 {
	return a[i]
}
func (a Array) check(n int) error {
	if n >= 0 && len(a) != n {
		return fmt.Errorf("Array has %d values, want %d", len(a), n)
	}
	for i, x := range a {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("Array value %d is %g, not finite", i, x)
		}
	}
	return nil
}

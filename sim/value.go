package sim

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/rng"
)

// A Value gives a per-synapse (or per-neuron) quantity: a constant, a draw
// from a distribution, or an explicit array. Its zero value, a nil Value,
// means the default of the field it fills.
//
// Const, Uniform, Normal and Array are the engine's Values; a model family
// may define others (a value that depends on a neuron's position, say) by
// implementing the interface in its own package.
//
// The elements a Value gives are the neurons of a population (Population.Init
// and Params: element i is neuron i) or the synapses of a projection
// (Projection.Weight and Delay: with an Explicit rule, element i is the
// rule's i-th synapse; with any other rule, the i-th synapse onto its
// target neuron, in the order the rule lists its sources).
type Value interface {
	// Describe returns a short description for error messages, such as
	// "Uniform[0, 1)".
	Describe() string
	// Constant reports whether the value is the same for every element,
	// and that value. The engine stores a constant weight or delay once
	// per projection instead of once per synapse.
	Constant() (float64, bool)
	// At returns the value of element i. A random value draws from s only,
	// never from another source, so that the network gives the same
	// results whatever the number of workers and ranks: the engine keys s
	// by the network's seed, what the value is for and, for synapses, the
	// target neuron, and calls At once for each element sharing s, one
	// after the other in an order fixed by the network. At is called at
	// build time, concurrently on distinct streams.
	At(i int, s *rng.Stream) float64
	// Check validates the value for n elements, n < 0 when their number
	// is not known in advance (the synapses of a projection whose rule is
	// not Explicit). The error says what is wrong, without naming the
	// field, which Network.Validate adds.
	Check(n int) error
	// Range returns bounds of the values At can return: lo <= At(i, s) <= hi
	// for every element and stream. An unbounded value returns -Inf or
	// +Inf. Network.Validate checks a Delay's range, and the engine sizes
	// its spike queues and epochs by it.
	Range() (lo, hi float64)
}

// Const is a constant Value.
type Const float64

// Describe returns the constant in %g format.
func (c Const) Describe() string { return fmt.Sprintf("%g", float64(c)) }

// Constant returns c, true.
func (c Const) Constant() (float64, bool) { return float64(c), true }

// At returns c.
func (c Const) At(int, *rng.Stream) float64 { return float64(c) }

// Check returns an error if c is not finite.
func (c Const) Check(int) error { return finite(float64(c)) }

// Range returns c, c.
func (c Const) Range() (lo, hi float64) { return float64(c), float64(c) }

func finite(x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("value %g is not finite", x)
	}
	return nil
}

// Uniform draws uniformly from [Lo, Hi).
type Uniform struct{ Lo, Hi float64 }

// Describe returns "Uniform[Lo, Hi)".
func (u Uniform) Describe() string { return fmt.Sprintf("Uniform[%g, %g)", u.Lo, u.Hi) }

// Constant returns 0, false.
func (u Uniform) Constant() (float64, bool) { return 0, false }

// At draws one number from s.
func (u Uniform) At(_ int, s *rng.Stream) float64 {
	return u.Lo + (u.Hi-u.Lo)*s.Float64()
}

// Check returns an error if a bound is not finite or Hi is below Lo.
func (u Uniform) Check(int) error {
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

// Range returns Lo, Hi.
func (u Uniform) Range() (lo, hi float64) { return u.Lo, u.Hi }

// Normal draws from a normal distribution of mean Mean and standard deviation
// SD. If Min < Max, draws outside [Min, Max] are redrawn (a truncated normal);
// the zero Min and Max mean no truncation.
type Normal struct{ Mean, SD, Min, Max float64 }

// Describe returns "Normal(Mean, SD)".
func (n Normal) Describe() string { return fmt.Sprintf("Normal(%g, %g)", n.Mean, n.SD) }

// Constant returns 0, false.
func (n Normal) Constant() (float64, bool) { return 0, false }

// At draws from s until a number falls in [Min, Max] (two numbers of s per
// draw), and returns the last draw after 1001 misses.
func (n Normal) At(_ int, s *rng.Stream) float64 {
	for k := 0; ; k++ {
		x := n.Mean + n.SD*s.NormFloat64()
		if n.Min >= n.Max || (x >= n.Min && x <= n.Max) || k == 1000 {
			return x
		}
	}
}

// Check returns an error if a field is not finite or SD is negative.
func (n Normal) Check(int) error {
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

// Range returns Min, Max when Min < Max, and -Inf, +Inf otherwise.
func (n Normal) Range() (lo, hi float64) {
	if n.Min < n.Max {
		return n.Min, n.Max
	}
	return math.Inf(-1), math.Inf(1)
}

// Array gives one value per element explicitly.
type Array []float64

// Describe returns "Array(len n)".
func (a Array) Describe() string { return fmt.Sprintf("Array(len %d)", len(a)) }

// Constant returns 0, false.
func (a Array) Constant() (float64, bool) { return 0, false }

// At returns a[i].
func (a Array) At(i int, _ *rng.Stream) float64 {
	return a[i]
}

// Check returns an error if a does not have n values (when n >= 0) or holds
// a value that is not finite.
func (a Array) Check(n int) error {
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

// Range returns the least and greatest values of a, or 0, 0 if it is empty.
func (a Array) Range() (lo, hi float64) {
	if len(a) == 0 {
		return 0, 0
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range a {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}

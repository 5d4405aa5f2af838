package random123

import "math"

// Random is NEURON's Random object on a Random123 stream: the stream and
// the present distribution, as libg++'s classes that NEURON 8.2 uses
// draw from it. Setting a distribution (Uniform, NegExp, Normal) makes a
// new one, dropping the normal's cached value, and returns its first
// pick; Repick draws from the present one. A new Random draws from
// NEURON's default distribution, normal(0, 1).
//
// The arithmetic is NEURON's, operation for operation (explicit
// conversions keep the compiler from fusing a multiply and an add where
// the C code rounds twice), and logarithms are Log, not math.Log.
type Random struct {
	s    *Stream
	dist func() float64
	// the normal distribution's state
	mean, stdDev float64
	haveCached   bool
	cached       float64
}

// NewRandom returns a Random on s, at NEURON's default distribution
// normal(0, 1): h.Random() followed by r.Random123(id1, id2, id3).
func NewRandom(s *Stream) *Random {
	r := &Random{s: s}
	r.setNormal(0, 1)
	return r
}

// Stream returns the stream drawn from.
func (r *Random) Stream() *Stream { return r.s }

// Repick returns the next value of the present distribution.
func (r *Random) Repick() float64 { return r.dist() }

// Uniform sets the distribution to uniform on (lo, hi) and returns its
// first value: lo + (hi - lo) u.
func (r *Random) Uniform(lo, hi float64) float64 {
	d := hi - lo
	r.dist = func() float64 { return lo + float64(d*r.s.Float64()) }
	return r.dist()
}

// NegExp sets the distribution to the exponential of mean mean and
// returns its first value: -mean ln(u).
func (r *Random) NegExp(mean float64) float64 {
	r.dist = func() float64 { return -mean * Log(r.s.Float64()) }
	return r.dist()
}

// Normal sets the distribution to the normal of mean mean and variance
// variance and returns its first value (Marsaglia's polar method, which
// keeps the pair's second value for the next pick).
func (r *Random) Normal(mean, variance float64) float64 {
	r.setNormal(mean, variance)
	return r.dist()
}

func (r *Random) setNormal(mean, variance float64) {
	r.mean, r.stdDev, r.haveCached = mean, math.Sqrt(variance), false
	r.dist = r.normal
}

// normal is libg++'s Normal: pairs (v1, v2) = 2u - 1 in the unit disc,
// w = v1^2 + v2^2, y = sqrt(-2 ln(w)/w); v1 y now, v2 y at the next pick.
func (r *Random) normal() float64 {
	if r.haveCached {
		r.haveCached = false
		return float64(r.cached*r.stdDev) + r.mean
	}
	for {
		v1 := float64(2*r.s.Float64()) - 1
		v2 := float64(2*r.s.Float64()) - 1
		w := float64(v1*v1) + float64(v2*v2)
		if w <= 1 {
			y := math.Sqrt(-2 * Log(w) / w)
			r.cached, r.haveCached = v2*y, true
			return float64(v1*y*r.stdDev) + r.mean
		}
	}
}

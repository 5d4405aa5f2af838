package rng

import (
	"math"
	"math/bits"
)

// golden is the SplitMix64 increment (2^64 / phi, odd).
const golden = 0x9e3779b97f4a7c15

// mix is the SplitMix64 output function (David Stafford's Mix13).
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Key derives a 64-bit key from a seed, a purpose and two indices. Distinct
// arguments give independent-looking keys.
func Key(seed, purpose, a, b uint64) uint64 {
	k := mix(seed + golden)
	k = mix(k ^ (purpose+1)*golden)
	k = mix(k ^ (a+1)*0xd1b54a32d192ed03)
	return mix(k ^ (b+1)*0x8cb92ba72f3d8dd7)
}

// Uint64 returns the i-th 64-bit random number of the stream keyed by key.
func Uint64(key, i uint64) uint64 { return mix(key + (i+1)*golden) }

// Float64 returns the i-th number of the stream keyed by key, uniform in
// [0, 1) with 53 random bits.
func Float64(key, i uint64) float64 { return float64(Uint64(key, i)>>11) * 0x1p-53 }

// Stream draws successive numbers under one key. Its zero value is a valid
// stream under key 0.
type Stream struct {
	Key uint64 // the stream's key
	N   uint64 // numbers drawn so far (the counter)
}

// New returns the stream for a seed, a purpose and two indices.
func New(seed, purpose, a, b uint64) Stream { return Stream{Key: Key(seed, purpose, a, b)} }

// Uint64 returns the next 64-bit number.
func (s *Stream) Uint64() uint64 {
	s.N++
	return mix(s.Key + s.N*golden)
}

// Float64 returns the next number uniform in [0, 1).
func (s *Stream) Float64() float64 { return float64(s.Uint64()>>11) * 0x1p-53 }

// OpenFloat64 returns the next number uniform in (0, 1), never zero, for
// logarithms.
func (s *Stream) OpenFloat64() float64 { return (float64(s.Uint64()>>11) + 0.5) * 0x1p-53 }

// Intn returns the next integer uniform in [0, n). n must be positive.
// It uses Lemire's multiply-shift with rejection, so it has no modulo bias.
func (s *Stream) Intn(n int) int {
	un := uint64(n)
	for {
		x := s.Uint64()
		hi, lo := bits.Mul64(x, un)
		if lo >= un || lo >= (-un)%un {
			return int(hi)
		}
	}
}

// NormFloat64 returns the next standard normal number (Box-Muller, using two
// uniforms; the second normal of the pair is discarded so that the count of
// numbers drawn per call is fixed).
func (s *Stream) NormFloat64() float64 {
	u1 := s.OpenFloat64()
	u2 := s.Float64()
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}

// ExpFloat64 returns the next exponential number with mean 1.
func (s *Stream) ExpFloat64() float64 { return -math.Log(s.OpenFloat64()) }

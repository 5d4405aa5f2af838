//go:build goexperiment.simd && amd64

package vmath

import "simd/archsimd"

// Lanes reports whether generated code may run its instance loops four
// instances at a time in archsimd lanes: the CPU has AVX2 and FMA and
// SetVector has not switched the lanes off. The lanes do each instance's
// operations in the scalar loop's order, so they give its bits.
func Lanes() bool { return vector }

// Exp4Lanes returns the broadcast constants of the four-lane exponential
// (Exp4.Exp gives Exp's bits), or nil without AVX2 and FMA.
func Exp4Lanes() *Exp4 { return exp4Consts }

// Pow2x4 is Pow2 in four lanes.
func Pow2x4(x archsimd.Float64x4) archsimd.Float64x4 { return x.Mul(x) }

// Pow3x4 is Pow3 in four lanes.
func Pow3x4(x archsimd.Float64x4) archsimd.Float64x4 { return x.Mul(x.Mul(x)) }

// Pow4x4 is Pow4 in four lanes.
func Pow4x4(x archsimd.Float64x4) archsimd.Float64x4 { x2 := x.Mul(x); return x2.Mul(x2) }

// Not4 is the lanes' logical not of a mask.
func Not4(m archsimd.Mask64x4) archsimd.Mask64x4 { return m.ToInt64x4().Not().ToMask() }

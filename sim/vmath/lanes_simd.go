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

// Wide reports whether the lanes may take eight instances at a time
// (AVX-512, switched on by SetWide: off by default); Lanes must hold too.
func Wide() bool { return vector && wide }

// SetWide switches the generated loops' eight lanes on, where the CPU
// has AVX-512, or off (the default), and returns the previous setting:
// for tests that compare the widths, which give the same bits, and for
// CPUs where eight lanes pay. ExpSlice takes eight values at a time
// wherever the CPU has AVX-512.
func SetWide(on bool) (was bool) {
	was, wide = wide, on && wideAvailable
	return was
}

// Exp8Lanes returns the broadcast constants of the eight-lane
// exponential (Exp8.Exp gives Exp's bits), or nil without AVX-512.
func Exp8Lanes() *Exp8 { return exp8Consts }

// Pow2x8 is Pow2 in eight lanes.
func Pow2x8(x archsimd.Float64x8) archsimd.Float64x8 { return x.Mul(x) }

// Pow3x8 is Pow3 in eight lanes.
func Pow3x8(x archsimd.Float64x8) archsimd.Float64x8 { return x.Mul(x.Mul(x)) }

// Pow4x8 is Pow4 in eight lanes.
func Pow4x8(x archsimd.Float64x8) archsimd.Float64x8 { x2 := x.Mul(x); return x2.Mul(x2) }

// Not8 is the lanes' logical not of a mask of eight.
func Not8(m archsimd.Mask64x8) archsimd.Mask64x8 { return m.ToInt64x8().Not().ToMask() }

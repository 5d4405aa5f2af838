//go:build goexperiment.simd && amd64

package vmath

import "simd/archsimd"

// vector reports whether ExpSlice runs the SIMD lanes: compiled in
// (GOEXPERIMENT=simd on amd64) and the CPU has AVX2 and FMA. Tests switch
// it off to compare with the scalar Exp.
var vector = vectorAvailable

var vectorAvailable = archsimd.X86.AVX2() && archsimd.X86.FMA()

// wide reports AVX-512: ExpSlice then takes eight values at a time, the
// rest four at a time. Tests switch it off to compare both widths.
var wide = wideAvailable

var wideAvailable = vectorAvailable && archsimd.X86.AVX512()

// The constants, broadcast once (only where the CPU has the instructions).
var (
	exp4Consts *Exp4
	exp8Consts *Exp8
)

func init() {
	if vectorAvailable {
		e := NewExp4()
		exp4Consts = &e
	}
	if wideAvailable {
		e := NewExp8()
		exp8Consts = &e
	}
}

// expVec runs the SIMD lanes on every element (eight at a time with
// AVX-512, else four, the last ones in a partial vector) and returns how
// many it did: len(src), or 0 without the instructions.
func expVec(dst, src []float64) int {
	if !vector {
		return 0
	}
	if wide {
		return expSlice8(dst, src)
	}
	return expSlice4(dst, src)
}

// SetVector switches ExpSlice's vector lanes on (where the CPU has them)
// or off, and returns the previous setting: for tests and benchmarks that
// compare the two, which give the same bits.
func SetVector(on bool) (was bool) {
	was, vector = vector, on && vectorAvailable
	return was
}

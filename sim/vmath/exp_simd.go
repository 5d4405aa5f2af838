//go:build goexperiment.simd && amd64

package vmath

import "simd/archsimd"

// vector reports whether ExpSlice runs the SIMD lanes: compiled in
// (GOEXPERIMENT=simd on amd64) and the CPU has AVX2 and FMA. Tests switch
// it off to compare with the scalar Exp.
var vector = vectorAvailable

var vectorAvailable = archsimd.X86.AVX2() && archsimd.X86.FMA()

// wideExp makes ExpSlice take eight values at a time with AVX-512 (the
// rest four at a time); on where the CPU has AVX-512. Tests switch it
// off to compare both widths.
var wideExp = wideAvailable

// wide switches the generated loops' eight lanes (vmath.Wide) on. It is
// off unless SetWide(true) turns it on: on this project's Xeon (Ice
// Lake) the eight lanes are as fast as four in a single cell but make a
// network of them 25 % slower (v5_sonata mini, 1 thread, medians of 4
// interleaved rounds: 2.77 s against 2.23 s; docs/PERFORMANCE.md), while
// ExpSlice's eight lanes help it. Tests switch it on to compare both
// widths.
var wide = false

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
	if wideExp {
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

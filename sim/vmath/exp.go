// Package vmath is the exponential of Golgi's vectorised kernels: Exp, a
// scalar function within about 1 ulp of math.Exp, and ExpSlice, which
// computes it over a slice four or eight values at a time (AVX2 and FMA,
// AVX-512) where the build (GOEXPERIMENT=simd on amd64) and the CPU allow.
// Both give the same bits, operation for operation, so that a kernel's
// results do not depend on the build or the machine (TestExpSliceMatchesExp).
//
// Under GOEXPERIMENT=simd, Exp4 and Exp8 are the exponential of one
// archsimd vector, for kernels that inline it in their own arithmetic
// (sim/channels).
package vmath

import "math"

// Constants of Exp. The
// algorithm (Cody and Waite's reduction, a degree-13 Taylor polynomial,
// scaling by two powers of two) is the same in the scalar code and in the
// SIMD lanes (exp4_simd.go, exp8_simd.go), operation for operation,
// so both give the same bits.
const (
	expClampHi = 710.0  // exp(710) overflows: results are +Inf from here
	expClampLo = -746.0 // exp(-746) underflows to 0
	expLog2e   = 1.4426950408889634
	// ln 2 = expLn2Hi + expLn2Lo, expLn2Hi the double nearest ln 2.
	expLn2Hi = 0x1.62e42fefa39efp-1
	expLn2Lo = 0x1.abc9e3b39803fp-56
	// expShifter rounds to the nearest integer n (|n| < 2^51) when added,
	// leaving n in the low bits of the sum.
	expShifter = 0x1.8p52
)

// Coefficients 1/k! of the Taylor polynomial of exp on |r| <= ln2/2,
// k = 2..13; the first omitted term is below 0.06 ulp.
const (
	expC2  = 1.0 / 2
	expC3  = 1.0 / 6
	expC4  = 1.0 / 24
	expC5  = 1.0 / 120
	expC6  = 1.0 / 720
	expC7  = 1.0 / 5040
	expC8  = 1.0 / 40320
	expC9  = 1.0 / 362880
	expC10 = 1.0 / 3628800
	expC11 = 1.0 / 39916800
	expC12 = 1.0 / 479001600
	expC13 = 1.0 / 6227020800
)

// Exp returns e^x to about 1 ulp over the whole normal range (at most
// 1.55 x 2^-52 relative to math.Exp, which is within 1 ulp: TestExp), +Inf
// above 709.78, 0 below -745.13, NaN for NaN, with subnormal results
// rounded once. It is the scalar form of ExpSlice's (and Exp4's and
// Exp8's) lanes:
//
//	n = round(x log2 e), r = x - n ln2 (two fused steps, exact first),
//	p = 1 + r + r^2/2! + ... + r^13/13! (fused; Estrin's scheme for r^3 on),
//	e^x = (p 2^n1) 2^n2, n1 = round(n/2), n2 = n - n1.
func Exp(x float64) float64 {
	if x > expClampHi {
		x = expClampHi
	}
	if x < expClampLo {
		x = expClampLo
	}
	t := float64(x*expLog2e) + expShifter
	n := t - expShifter
	r := math.FMA(-n, expLn2Hi, x)
	r = math.FMA(-n, expLn2Lo, r)
	// q = c3 + c4 r + ... + c13 r^10 by Estrin's scheme (short
	// dependency chains), then p = 1 + r(1 + r(c2 + r q)) by Horner.
	r2 := float64(r * r)
	r4 := float64(r2 * r2)
	r8 := float64(r4 * r4)
	a0 := math.FMA(expC4, r, expC3)
	a1 := math.FMA(expC6, r, expC5)
	a2 := math.FMA(expC8, r, expC7)
	a3 := math.FMA(expC10, r, expC9)
	a4 := math.FMA(expC12, r, expC11)
	b0 := math.FMA(a1, r2, a0)
	b1 := math.FMA(a3, r2, a2)
	b2 := math.FMA(expC13, r2, a4)
	q := math.FMA(b2, r8, math.FMA(b1, r4, b0))
	p := math.FMA(q, r, expC2)
	p = math.FMA(p, r, 1)
	p = math.FMA(p, r, 1)
	t1 := float64(n*0.5) + expShifter
	n1 := t1 - expShifter
	t2 := (n - n1) + expShifter
	s1 := math.Float64frombits((math.Float64bits(t1) + 1023) << 52)
	s2 := math.Float64frombits((math.Float64bits(t2) + 1023) << 52)
	return float64(p*s1) * s2
}

// ExpSlice sets dst[k] = Exp(src[k]) for every k of src, four or eight at a
// time where the build and the CPU have the instructions. dst and src may
// be the same slice; dst must be at least as long as src.
func ExpSlice(dst, src []float64) {
	dst = dst[:len(src)]
	for k := expVec(dst, src); k < len(src); k++ {
		dst[k] = Exp(src[k])
	}
}

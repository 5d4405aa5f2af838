package channels

import "math"

// Constants of expLane, the exponential the channel kernels use. The
// algorithm (Cody and Waite's reduction, a degree-13 Taylor polynomial,
// scaling by two powers of two) is the same in the scalar code and in the
// SIMD lanes (kernels4_simd.go, kernels8_simd.go), operation for operation,
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

// expLane returns e^x to about 1 ulp over the whole normal range (at most
// 1.55 x 2^-52 relative to math.Exp, which is within 1 ulp: TestExpLane), +Inf
// above 709.78, 0 below -745.13, NaN for NaN, with subnormal results
// rounded once. It is the scalar form of the SIMD kernels' exponential:
//
//	n = round(x log2 e), r = x - n ln2 (two fused steps, exact first),
//	p = 1 + r + r^2/2! + ... + r^13/13! (fused; Estrin's scheme for r^3 on),
//	e^x = (p 2^n1) 2^n2, n1 = round(n/2), n2 = n - n1.
func expLane(x float64) float64 {
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

// expInPlace sets x[k] = expLane(x[k]) for every k, four at a time where
// the SIMD kernels are available.
func expInPlace(x []float64) {
	for k := expSlice(x, x); k < len(x); k++ {
		x[k] = expLane(x[k])
	}
}

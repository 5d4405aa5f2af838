// Code generated from exp4_simd.go by TestExp8InSync -update; DO NOT EDIT.

//go:build goexperiment.simd && amd64

package vmath

import "simd/archsimd"

// The exponential of exp4_simd.go with eight lanes (AVX-512).

// Exp8 holds the broadcast constants of the exponential of eight lanes
// (the compiler does not hoist broadcasts out of loops). Build it once,
// with NewExp8, where the CPU has AVX-512.
type Exp8 struct {
	hi, lo, log2e, ln2Hi, ln2Lo, shifter, half, one    archsimd.Float64x8
	c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13 archsimd.Float64x8
	bias                                               archsimd.Int64x8
}

// NewExp8 returns the constants of Exp8.Exp.
func NewExp8() Exp8 {
	b := archsimd.BroadcastFloat64x8
	e := Exp8{hi: b(expClampHi), lo: b(expClampLo), log2e: b(expLog2e), ln2Hi: b(-expLn2Hi), ln2Lo: b(-expLn2Lo),
		shifter: b(expShifter), half: b(0.5), one: b(1), bias: archsimd.BroadcastInt64x8(1023)}
	e.c2, e.c3, e.c4, e.c5, e.c6, e.c7 = b(expC2), b(expC3), b(expC4), b(expC5), b(expC6), b(expC7)
	e.c8, e.c9, e.c10, e.c11, e.c12, e.c13 = b(expC8), b(expC9), b(expC10), b(expC11), b(expC12), b(expC13)
	return e
}

// Exp returns e^x in each lane, exactly as the scalar Exp does.
func (e *Exp8) Exp(x archsimd.Float64x8) archsimd.Float64x8 {
	x = e.hi.Merge(x, x.Greater(e.hi))
	x = e.lo.Merge(x, x.Less(e.lo))
	t := x.Mul(e.log2e).Add(e.shifter)
	n := t.Sub(e.shifter)
	// fma(-n, ln2Hi, x) = n*(-ln2Hi) + x, exactly.
	r := n.MulAdd(e.ln2Hi, x)
	r = n.MulAdd(e.ln2Lo, r)
	r2 := r.Mul(r)
	r4 := r2.Mul(r2)
	r8 := r4.Mul(r4)
	a0 := e.c4.MulAdd(r, e.c3)
	a1 := e.c6.MulAdd(r, e.c5)
	a2 := e.c8.MulAdd(r, e.c7)
	a3 := e.c10.MulAdd(r, e.c9)
	a4 := e.c12.MulAdd(r, e.c11)
	b0 := a1.MulAdd(r2, a0)
	b1 := a3.MulAdd(r2, a2)
	b2 := e.c13.MulAdd(r2, a4)
	q := b2.MulAdd(r8, b1.MulAdd(r4, b0))
	p := q.MulAdd(r, e.c2)
	p = p.MulAdd(r, e.one)
	p = p.MulAdd(r, e.one)
	// VSCALEFPD: p 2^n with one rounding, as the four-lane code.
	return p.Scale(n)
}

// expSlice8 sets dst[k] = e^src[k] for every element, eight at a time, the
// last len(src) % 4 in a partial vector (masked load and store; the
// other lanes compute e^0), and returns len(src). dst must be at least
// as long as src.
func expSlice8(dst, src []float64) int {
	e := exp8Consts
	n := len(src) &^ 7
	dst = dst[:len(src)]
	for i := 0; i < n; i += 8 {
		e.Exp(archsimd.LoadFloat64x8Slice(src[i : i+8])).StoreSlice(dst[i : i+8])
	}
	if n < len(src) {
		e.Exp(archsimd.LoadFloat64x8SlicePart(src[n:])).StoreSlicePart(dst[n:])
	}
	archsimd.ClearAVXUpperBits()
	return len(src)
}

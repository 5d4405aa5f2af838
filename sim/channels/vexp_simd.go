//go:build goexperiment.simd && amd64

package channels

import "simd/archsimd"

// vectorKernels reports whether the SIMD channel kernels run: compiled in
// (GOEXPERIMENT=simd on amd64) and the CPU has AVX2 and FMA. Tests switch it
// off to compare with the scalar lanes, which compute the same IEEE
// operations in the same order: results are bit-identical.
var vectorKernels = vectorKernelsAvailable

var vectorKernelsAvailable = archsimd.X86.AVX2() && archsimd.X86.FMA()

// vexp holds the broadcast constants of expVec; build it once per kernel
// call with newVexp.
type vexp struct {
	hi, lo, log2e, ln2Hi, ln2Lo, shifter, half, one    archsimd.Float64x4
	c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13 archsimd.Float64x4
	bias                                               archsimd.Int64x4
}

func newVexp() vexp {
	e := vexp{
		hi: archsimd.BroadcastFloat64x4(expClampHi), lo: archsimd.BroadcastFloat64x4(expClampLo),
		log2e: archsimd.BroadcastFloat64x4(expLog2e),
		ln2Hi: archsimd.BroadcastFloat64x4(-expLn2Hi), ln2Lo: archsimd.BroadcastFloat64x4(-expLn2Lo),
		shifter: archsimd.BroadcastFloat64x4(expShifter), half: archsimd.BroadcastFloat64x4(0.5),
		one: archsimd.BroadcastFloat64x4(1), bias: archsimd.BroadcastInt64x4(1023),
	}
	b := archsimd.BroadcastFloat64x4
	e.c2, e.c3, e.c4, e.c5, e.c6, e.c7 = b(expC2), b(expC3), b(expC4), b(expC5), b(expC6), b(expC7)
	e.c8, e.c9, e.c10, e.c11, e.c12, e.c13 = b(expC8), b(expC9), b(expC10), b(expC11), b(expC12), b(expC13)
	return e
}

// exp returns e^x in each lane, exactly as expLane does.
func (e *vexp) exp(x archsimd.Float64x4) archsimd.Float64x4 {
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
	t1 := n.Mul(e.half).Add(e.shifter)
	n1 := t1.Sub(e.shifter)
	t2 := n.Sub(n1).Add(e.shifter)
	s1 := t1.AsInt64x4().Add(e.bias).ShiftAllLeft(52).AsFloat64x4()
	s2 := t2.AsInt64x4().Add(e.bias).ShiftAllLeft(52).AsFloat64x4()
	return p.Mul(s1).Mul(s2)
}

// expSlice sets dst[k] = e^src[k] for the first len(src) &^ 3 elements four
// at a time and returns how many it did (0 without the SIMD kernels). dst
// must be at least as long as src.
func expSlice(dst, src []float64) int {
	if !vectorKernels {
		return 0
	}
	e := newVexp()
	n := len(src) &^ 3
	dst = dst[:len(src)]
	for i := 0; i < n; i += 4 {
		e.exp(archsimd.LoadFloat64x4Slice(src[i : i+4])).StoreSlice(dst[i : i+4])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

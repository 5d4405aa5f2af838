//go:build goexperiment.simd && amd64

package sim

import (
	"math"

	"simd/archsimd"
)

// vectorKernels reports whether the SIMD kernels are compiled in and the
// CPU has AVX2. Tests switch it off to compare with the scalar loops: the
// lanes compute the same IEEE operations in the same order (no fused
// multiply-add), so results are bit-identical.
var vectorKernels = vectorKernelsAvailable

var vectorKernelsAvailable = archsimd.X86.AVX2()

// wide reports AVX-512: the loops then take eight neurons at a time.
var wide = archsimd.X86.AVX512()

// condEulerVec advances the first len(v) &^ 3 neurons of condEulerNoDrive
// four at a time and returns how many it did and the spike count.
func (k *lifKernel) condEulerVec(dtm, me, mi float64, out []int32) (done, ns int) {
	if !vectorKernels {
		return 0, 0
	}
	v := k.v
	n := len(v) &^ 3
	ge, gi, last := k.ge[:len(v)], k.gi[:len(v)], k.last[:len(v)]
	vdtm := archsimd.BroadcastFloat64x4(dtm)
	vme := archsimd.BroadcastFloat64x4(me)
	vmi := archsimd.BroadcastFloat64x4(mi)
	vel := archsimd.BroadcastFloat64x4(k.el)
	vee := archsimd.BroadcastFloat64x4(k.ee)
	vei := archsimd.BroadcastFloat64x4(k.ei)
	vvt := archsimd.BroadcastFloat64x4(k.vt)
	vvr := archsimd.BroadcastFloat64x4(k.vr)
	// Active (not refractory) iff step - last >= refEnd iff last <= step - refEnd.
	thr := k.step - k.refEnd
	if thr > math.MaxInt32 {
		thr = math.MaxInt32
	}
	vthr := archsimd.BroadcastInt64x4(thr)
	i0 := 0
	if wide {
		i0, ns = k.condEulerVec8(dtm, me, mi, thr, out)
	}
	for i := i0; i < n; i += 4 {
		x := archsimd.LoadFloat64x4Slice(v[i : i+4])
		g := archsimd.LoadFloat64x4Slice(ge[i : i+4])
		h := archsimd.LoadFloat64x4Slice(gi[i : i+4])
		vme.Mul(g).Add(g).StoreSlice(ge[i : i+4])
		vmi.Mul(h).Add(h).StoreSlice(gi[i : i+4])
		syn := g.Mul(vee.Sub(x)).Add(h.Mul(vei.Sub(x)))
		xn := vdtm.Mul(vel.Add(syn).Sub(x)).Add(x)
		active := archsimd.LoadInt32x4Slice(last[i : i+4]).ExtendToInt64().LessEqual(vthr)
		xn = xn.Merge(vvr, active)
		if bits := xn.Greater(vvt).ToBits(); bits != 0 {
			for b := 0; b < 4; b++ {
				if bits&(1<<b) != 0 {
					out[ns] = int32(k.lo + i + b)
					ns++
					last[i+b] = int32(k.step)
				}
			}
			xn = vvr.Merge(xn, xn.Greater(vvt))
		}
		xn.StoreSlice(v[i : i+4])
	}
	archsimd.ClearAVXUpperBits() // no AVX-SSE transition penalty in the scalar code after
	return n, ns
}

// currentExactVec advances the first len(v) &^ 3 neurons of currentExact
// (Golgi convention, no injected current) four at a time:
// v' = (El + (v-El)*pm) + ge*ce + gi*ci, as the scalar loop with zero drive.
func (k *lifKernel) currentExactVec(pm, pe, pi, ce, ci float64, out []int32) (done, ns int) {
	if !vectorKernels {
		return 0, 0
	}
	v := k.v
	n := len(v) &^ 3
	ge, gi, last := k.ge[:len(v)], k.gi[:len(v)], k.last[:len(v)]
	vpm := archsimd.BroadcastFloat64x4(pm)
	vpe := archsimd.BroadcastFloat64x4(pe)
	vpi := archsimd.BroadcastFloat64x4(pi)
	vce := archsimd.BroadcastFloat64x4(ce)
	vci := archsimd.BroadcastFloat64x4(ci)
	vel := archsimd.BroadcastFloat64x4(k.el)
	vvt := archsimd.BroadcastFloat64x4(k.vt)
	vvr := archsimd.BroadcastFloat64x4(k.vr)
	thr := k.step - k.refEnd
	if thr > math.MaxInt32 {
		thr = math.MaxInt32
	}
	vthr := archsimd.BroadcastInt64x4(thr)
	for i := 0; i < n; i += 4 {
		x := archsimd.LoadFloat64x4Slice(v[i : i+4])
		g := archsimd.LoadFloat64x4Slice(ge[i : i+4])
		h := archsimd.LoadFloat64x4Slice(gi[i : i+4])
		g.Mul(vpe).StoreSlice(ge[i : i+4])
		h.Mul(vpi).StoreSlice(gi[i : i+4])
		xn := vel.Add(x.Sub(vel).Mul(vpm)).Add(g.Mul(vce)).Add(h.Mul(vci))
		active := archsimd.LoadInt32x4Slice(last[i : i+4]).ExtendToInt64().LessEqual(vthr)
		xn = xn.Merge(vvr, active)
		spk := xn.Greater(vvt)
		if bits := spk.ToBits(); bits != 0 {
			for b := 0; b < 4; b++ {
				if bits&(1<<b) != 0 {
					out[ns] = int32(k.lo + i + b)
					ns++
					last[i+b] = int32(k.step)
				}
			}
			xn = vvr.Merge(xn, spk)
		}
		xn.StoreSlice(v[i : i+4])
	}
	archsimd.ClearAVXUpperBits() // no AVX-SSE transition penalty in the scalar code after
	return n, ns
}

// condEulerVec8 is condEulerVec's loop eight neurons at a time (AVX-512).
func (k *lifKernel) condEulerVec8(dtm, me, mi float64, thr int64, out []int32) (done, ns int) {
	v := k.v
	n := len(v) &^ 7
	ge, gi, last := k.ge[:len(v)], k.gi[:len(v)], k.last[:len(v)]
	vdtm := archsimd.BroadcastFloat64x8(dtm)
	vme := archsimd.BroadcastFloat64x8(me)
	vmi := archsimd.BroadcastFloat64x8(mi)
	vel := archsimd.BroadcastFloat64x8(k.el)
	vee := archsimd.BroadcastFloat64x8(k.ee)
	vei := archsimd.BroadcastFloat64x8(k.ei)
	vvt := archsimd.BroadcastFloat64x8(k.vt)
	vvr := archsimd.BroadcastFloat64x8(k.vr)
	vthr := archsimd.BroadcastInt64x8(thr)
	for i := 0; i < n; i += 8 {
		x := archsimd.LoadFloat64x8Slice(v[i : i+8])
		g := archsimd.LoadFloat64x8Slice(ge[i : i+8])
		h := archsimd.LoadFloat64x8Slice(gi[i : i+8])
		vme.Mul(g).Add(g).StoreSlice(ge[i : i+8])
		vmi.Mul(h).Add(h).StoreSlice(gi[i : i+8])
		syn := g.Mul(vee.Sub(x)).Add(h.Mul(vei.Sub(x)))
		xn := vdtm.Mul(vel.Add(syn).Sub(x)).Add(x)
		active := archsimd.LoadInt32x8Slice(last[i : i+8]).ExtendToInt64().LessEqual(vthr)
		xn = xn.Merge(vvr, active)
		spk := xn.Greater(vvt)
		if bits := spk.ToBits(); bits != 0 {
			for b := 0; b < 8; b++ {
				if bits&(1<<b) != 0 {
					out[ns] = int32(k.lo + i + b)
					ns++
					last[i+b] = int32(k.step)
				}
			}
			xn = vvr.Merge(xn, spk)
		}
		xn.StoreSlice(v[i : i+8])
	}
	archsimd.ClearAVXUpperBits()
	return n, ns
}

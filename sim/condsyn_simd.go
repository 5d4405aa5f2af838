//go:build goexperiment.simd && amd64

package sim

import "simd/archsimd"

// condSynVec runs the loop of condState.step for one double-exponential
// synapse on the first len(g) &^ 3 cells four at a time and returns how
// many it did (0 without the SIMD kernels): events (where w != 0) added to
// A and B and cleared, g = B - A, g and g*E summed into gs and gse (set on
// the first synapse), A and B decayed. The lanes compute the scalar loop's
// IEEE operations in the same order (no fused multiply-add), so results
// are bit-identical.
func condSynVec(a, b, g, gs, gse, w []float64, f, pa, pb, e float64, first bool) int {
	if !vectorKernels {
		return 0
	}
	n := len(g) &^ 3
	a, b, gs, gse = a[:len(g)], b[:len(g)], gs[:len(g)], gse[:len(g)]
	vf, vpa, vpb, ve := archsimd.BroadcastFloat64x4(f), archsimd.BroadcastFloat64x4(pa), archsimd.BroadcastFloat64x4(pb),
		archsimd.BroadcastFloat64x4(e)
	var zero archsimd.Float64x4
	if w != nil {
		w = w[:len(g)]
	}
	for i := 0; i < n; i += 4 {
		va := archsimd.LoadFloat64x4Slice(a[i : i+4])
		vb := archsimd.LoadFloat64x4Slice(b[i : i+4])
		if w != nil {
			vw := archsimd.LoadFloat64x4Slice(w[i : i+4])
			if ev := vw.NotEqual(zero); ev.ToBits() != 0 {
				wf := vw.Mul(vf)
				va = va.Add(wf).Merge(va, ev)
				vb = vb.Add(wf).Merge(vb, ev)
				zero.StoreSlice(w[i : i+4])
			}
		}
		x := vb.Sub(va)
		x.StoreSlice(g[i : i+4])
		s, se := zero, zero
		if !first {
			s = archsimd.LoadFloat64x4Slice(gs[i : i+4])
			se = archsimd.LoadFloat64x4Slice(gse[i : i+4])
		}
		s.Add(x).StoreSlice(gs[i : i+4])
		se.Add(x.Mul(ve)).StoreSlice(gse[i : i+4])
		vb.Mul(vpb).StoreSlice(b[i : i+4])
		va.Mul(vpa).StoreSlice(a[i : i+4])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

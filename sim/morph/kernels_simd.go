//go:build goexperiment.simd && amd64

package morph

import "simd/archsimd"

// vectorKernels reports whether the SIMD loops run: compiled in and the
// CPU has AVX2. Tests switch it off to compare with the scalar loops.
//
// Every vector loop ends with VZEROUPPER (ClearAVXUpperBits): the scalar
// code that follows (the channels, math.Exp) is SSE-encoded, and dirty
// upper halves of the vector registers made it 2-4 times slower here.
var vectorKernels = vectorKernelsAvailable

var vectorKernelsAvailable = archsimd.X86.AVX2()

func negCap(r, dd []float64, cap float64) {
	n := 0
	if vectorKernels {
		n = len(r) &^ 3
		dd := dd[:len(r)]
		c := archsimd.BroadcastFloat64x4(cap)
		minusOne := archsimd.BroadcastFloat64x4(-1)
		for k := 0; k < n; k += 4 {
			archsimd.LoadFloat64x4Slice(r[k : k+4]).Mul(minusOne).StoreSlice(r[k : k+4])
			archsimd.LoadFloat64x4Slice(dd[k : k+4]).Add(c).StoreSlice(dd[k : k+4])
		}
		archsimd.ClearAVXUpperBits()
	}
	negCapScalar(r[n:], dd[n:], cap)
}

func matrix(r, dd, vi, vp, rp, dp []float64, a, b, cap float64) {
	n := 0
	if vectorKernels {
		n = len(r) &^ 3
		dd, vi, vp, rp, dp := dd[:len(r)], vi[:len(r)], vp[:len(r)], rp[:len(r)], dp[:len(r)]
		va, vb, vc := archsimd.BroadcastFloat64x4(a), archsimd.BroadcastFloat64x4(b), archsimd.BroadcastFloat64x4(cap)
		minusOne := archsimd.BroadcastFloat64x4(-1)
		for k := 0; k < n; k += 4 {
			x := archsimd.LoadFloat64x4Slice(r[k : k+4]).Mul(minusOne)
			y := archsimd.LoadFloat64x4Slice(dd[k : k+4]).Add(vc)
			dv := archsimd.LoadFloat64x4Slice(vp[k : k+4]).Sub(archsimd.LoadFloat64x4Slice(vi[k : k+4]))
			x.Sub(vb.Mul(dv)).StoreSlice(r[k : k+4])
			archsimd.LoadFloat64x4Slice(rp[k : k+4]).Add(va.Mul(dv)).StoreSlice(rp[k : k+4])
			y.Sub(vb).StoreSlice(dd[k : k+4])
			archsimd.LoadFloat64x4Slice(dp[k : k+4]).Sub(va).StoreSlice(dp[k : k+4])
		}
		archsimd.ClearAVXUpperBits()
	}
	matrixScalar(r[n:], dd[n:], vi[n:], vp[n:], rp[n:], dp[n:], a, b, cap)
}

func triang(r, dd, rp, dp []float64, a, b float64) {
	n := 0
	if vectorKernels {
		n = len(r) &^ 3
		dd, rp, dp := dd[:len(r)], rp[:len(r)], dp[:len(r)]
		va, vb := archsimd.BroadcastFloat64x4(a), archsimd.BroadcastFloat64x4(b)
		for k := 0; k < n; k += 4 {
			ppp := va.Div(archsimd.LoadFloat64x4Slice(dd[k : k+4]))
			archsimd.LoadFloat64x4Slice(dp[k : k+4]).Sub(ppp.Mul(vb)).StoreSlice(dp[k : k+4])
			archsimd.LoadFloat64x4Slice(rp[k : k+4]).Sub(ppp.Mul(archsimd.LoadFloat64x4Slice(r[k : k+4]))).StoreSlice(rp[k : k+4])
		}
		archsimd.ClearAVXUpperBits()
	}
	triangScalar(r[n:], dd[n:], rp[n:], dp[n:], a, b)
}

func bksub(r, dd, rp, vi []float64, b float64) {
	n := 0
	if vectorKernels {
		n = len(r) &^ 3
		dd, rp, vi := dd[:len(r)], rp[:len(r)], vi[:len(r)]
		vb := archsimd.BroadcastFloat64x4(b)
		for k := 0; k < n; k += 4 {
			x := archsimd.LoadFloat64x4Slice(r[k : k+4]).Sub(vb.Mul(archsimd.LoadFloat64x4Slice(rp[k : k+4])))
			x = x.Div(archsimd.LoadFloat64x4Slice(dd[k : k+4]))
			x.StoreSlice(r[k : k+4])
			archsimd.LoadFloat64x4Slice(vi[k : k+4]).Add(x).StoreSlice(vi[k : k+4])
		}
		archsimd.ClearAVXUpperBits()
	}
	bksubScalar(r[n:], dd[n:], rp[n:], vi[n:], b)
}

func root(r, dd, vi []float64) {
	n := 0
	if vectorKernels {
		n = len(r) &^ 3
		dd, vi := dd[:len(r)], vi[:len(r)]
		for k := 0; k < n; k += 4 {
			x := archsimd.LoadFloat64x4Slice(r[k : k+4]).Div(archsimd.LoadFloat64x4Slice(dd[k : k+4]))
			x.StoreSlice(r[k : k+4])
			archsimd.LoadFloat64x4Slice(vi[k : k+4]).Add(x).StoreSlice(vi[k : k+4])
		}
		archsimd.ClearAVXUpperBits()
	}
	rootScalar(r[n:], dd[n:], vi[n:])
}

func solve(r, dd, rp []float64, b float64) {
	n := 0
	if vectorKernels {
		n = len(r) &^ 3
		dd, rp := dd[:len(r)], rp[:len(r)]
		vb := archsimd.BroadcastFloat64x4(b)
		for k := 0; k < n; k += 4 {
			x := archsimd.LoadFloat64x4Slice(r[k : k+4]).Sub(vb.Mul(archsimd.LoadFloat64x4Slice(rp[k : k+4])))
			x.Div(archsimd.LoadFloat64x4Slice(dd[k : k+4])).StoreSlice(r[k : k+4])
		}
		archsimd.ClearAVXUpperBits()
	}
	solveScalar(r[n:], dd[n:], rp[n:], b)
}

func solveRoot(r, dd []float64) {
	n := 0
	if vectorKernels {
		n = len(r) &^ 3
		dd := dd[:len(r)]
		for k := 0; k < n; k += 4 {
			archsimd.LoadFloat64x4Slice(r[k : k+4]).Div(archsimd.LoadFloat64x4Slice(dd[k : k+4])).StoreSlice(r[k : k+4])
		}
		archsimd.ClearAVXUpperBits()
	}
	solveRootScalar(r[n:], dd[n:])
}

func addCross(r, vi []float64, thr float64, first int, spikes []int) []int {
	n := 0
	if vectorKernels {
		n = len(r) &^ 3
		vi := vi[:len(r)]
		vt := archsimd.BroadcastFloat64x4(thr)
		for k := 0; k < n; k += 4 {
			vo := archsimd.LoadFloat64x4Slice(vi[k : k+4])
			vn := vo.Add(archsimd.LoadFloat64x4Slice(r[k : k+4]))
			vn.StoreSlice(vi[k : k+4])
			if bits := vo.Less(vt).And(vn.GreaterEqual(vt)).ToBits(); bits != 0 {
				for j := 0; j < 4; j++ {
					if bits&(1<<j) != 0 {
						spikes = append(spikes, first+k+j)
					}
				}
			}
		}
		archsimd.ClearAVXUpperBits()
	}
	return addCrossScalar(r[n:], vi[n:], thr, first+n, spikes)
}

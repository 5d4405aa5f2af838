//go:build goexperiment.simd && amd64

package channels

import "simd/archsimd"

// vectorKernels reports whether the SIMD channel kernels run: compiled in
// (GOEXPERIMENT=simd on amd64) and the CPU has AVX2 and FMA. Tests switch it
// off to compare with the scalar lanes, which compute the same IEEE
// operations in the same order: results are bit-identical.
var vectorKernels = vectorKernelsAvailable

var vectorKernelsAvailable = archsimd.X86.AVX2() && archsimd.X86.FMA()

// wideKernels reports AVX-512: the kernels then take eight cells at a time
// (kernels8_simd.go), the rest four at a time (kernels4_simd.go). Tests
// switch it off to compare both widths.
var wideKernels = wideKernelsAvailable

var wideKernelsAvailable = vectorKernelsAvailable && archsimd.X86.AVX512()

// The exponential's constants, broadcast once (only where the CPU has the
// instructions).
var (
	vexp4Consts *vexp4
	vexp8Consts *vexp8
)

func init() {
	if vectorKernelsAvailable {
		e := newVexp4()
		vexp4Consts = &e
	}
	if wideKernelsAvailable {
		e := newVexp8()
		vexp8Consts = &e
	}
}

// The dispatchers below run the SIMD kernels on the first len &^ 3
// elements and return how many they did (0 without the kernels); the
// callers take the rest with the scalar lanes.

// Stellate channels: negation is a multiplication by -1 in the kernels,
// which is exact and keeps the sign of zero as unary minus does.

func stellNaVec(v, m, h, p []float64, dt float64) int {
	if !vectorKernels {
		return 0
	}
	k := 0
	if wideKernels {
		k = stellNaVec8(v, m, h, p, dt)
	}
	return k + stellNaVec4(v[k:], m[k:], h[k:], p[k:], dt)
}

func stellKdrVec(v, n []float64, dt float64) int {
	if !vectorKernels {
		return 0
	}
	k := 0
	if wideKernels {
		k = stellKdrVec8(v, n, dt)
	}
	return k + stellKdrVec4(v[k:], n[k:], dt)
}

func stellHVec(v, hf, hs []float64, hfTau, hsTau, dt float64) int {
	if !vectorKernels {
		return 0
	}
	k := 0
	if wideKernels {
		k = stellHVec8(v, hf, hs, hfTau, hsTau, dt)
	}
	return k + stellHVec4(v[k:], hf[k:], hs[k:], hfTau, hsTau, dt)
}

func stellNaCurrentVec(m, h, p, v, i, g []float64, gBar, gNaPBar, eNa float64) int {
	if !vectorKernels {
		return 0
	}
	k := 0
	if wideKernels {
		k = stellNaCurrentVec8(m, h, p, v, i, g, gBar, gNaPBar, eNa)
	}
	return k + stellNaCurrentVec4(m[k:], h[k:], p[k:], v[k:], i[k:], g[k:], gBar, gNaPBar, eNa)
}

func stellKdrCurrentVec(n, v, i, g []float64, gBar, eK float64) int {
	if !vectorKernels {
		return 0
	}
	k := 0
	if wideKernels {
		k = stellKdrCurrentVec8(n, v, i, g, gBar, eK)
	}
	return k + stellKdrCurrentVec4(n[k:], v[k:], i[k:], g[k:], gBar, eK)
}

func stellHCurrentVec(hf, hs, v, i, g []float64, gBar, eH float64) int {
	if !vectorKernels {
		return 0
	}
	k := 0
	if wideKernels {
		k = stellHCurrentVec8(hf, hs, v, i, g, gBar, eH)
	}
	return k + stellHCurrentVec4(hf[k:], hs[k:], v[k:], i[k:], g[k:], gBar, eH)
}

// membraneVec runs membraneVec8/4 when every input slice is present.
func membraneVec(v, ib, gb, inj, gs, gse []float64, mfact, cfac, thr float64, lo int, spikes []int) (int, []int) {
	if !vectorKernels || inj == nil || gs == nil || gse == nil {
		return 0, spikes
	}
	k := 0
	if wideKernels {
		k, spikes = membraneVec8(v, ib, gb, inj, gs, gse, mfact, cfac, thr, lo, spikes)
	}
	n, spikes := membraneVec4(v[k:], ib[k:], gb[k:], inj[k:], gs[k:], gse[k:], mfact, cfac, thr, lo+k, spikes)
	return k + n, spikes
}

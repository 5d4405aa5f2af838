//go:build !(goexperiment.simd && amd64)

package channels

// Without the SIMD kernels every kernel leaves all cells to the scalar
// loops.

func stellNaVec(v, m, h, p []float64, dt float64) int { return 0 }

func stellKdrVec(v, n []float64, dt float64) int { return 0 }

func stellHVec(v, hf, hs []float64, hfTau, hsTau, dt float64) int { return 0 }

func stellNaCurrentVec(m, h, p, v, i, g []float64, gBar, gNaPBar, eNa float64) int { return 0 }

func stellKdrCurrentVec(n, v, i, g []float64, gBar, eK float64) int { return 0 }

func stellHCurrentVec(hf, hs, v, i, g []float64, gBar, eH float64) int { return 0 }

func membraneVec(v, ib, gb, inj, gs, gse []float64, mfact, cfac, thr float64, lo int, spikes []int) (int, []int) {
	return 0, spikes
}

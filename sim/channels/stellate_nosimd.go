//go:build !(goexperiment.simd && amd64)

package channels

// Without the SIMD kernels the stellate gates are advanced by their scalar
// lanes only (stellate_kernels.go).

func stellNaVec(v, m, h, p []float64, dt float64) int { return 0 }

func stellKdrVec(v, n []float64, dt float64) int { return 0 }

func stellHVec(v, hf, hs []float64, hfTau, hsTau, dt float64) int { return 0 }

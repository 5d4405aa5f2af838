//go:build !(goexperiment.simd && amd64)

package sim

// condSynVec does nothing without the SIMD kernels: condState.step's scalar
// loop takes every cell.
func condSynVec(a, b, g, gs, gse, w []float64, f, pa, pb, e float64, first bool) int { return 0 }

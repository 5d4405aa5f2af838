//go:build !(goexperiment.simd && amd64)

package morph

// vectorKernels is false: built without GOEXPERIMENT=simd on amd64, the
// scalar loops run.
var vectorKernels = false

const vectorKernelsAvailable = false

func negCap(r, dd []float64, cap float64) { negCapScalar(r, dd, cap) }
func matrix(r, dd, vi, vp, rp, dp []float64, a, b, cap float64) {
	matrixScalar(r, dd, vi, vp, rp, dp, a, b, cap)
}
func triang(r, dd, rp, dp []float64, a, b float64) { triangScalar(r, dd, rp, dp, a, b) }
func bksub(r, dd, rp, vi []float64, b float64)     { bksubScalar(r, dd, rp, vi, b) }
func root(r, dd, vi []float64)                     { rootScalar(r, dd, vi) }
func solve(r, dd, rp []float64, b float64)         { solveScalar(r, dd, rp, b) }
func solveRoot(r, dd []float64)                    { solveRootScalar(r, dd) }
func addCross(r, vi []float64, thr float64, first int, spikes []int) []int {
	return addCrossScalar(r, vi, thr, first, spikes)
}

//go:build !(goexperiment.simd && amd64)

package sim

// vectorKernels is false: built without GOEXPERIMENT=simd on amd64, every
// model uses its scalar loops.
var vectorKernels = false

const vectorKernelsAvailable = false

func (k *lifKernel) condEulerVec(dtm, me, mi float64, out []int32) (done, ns int) { return 0, 0 }

func (k *lifKernel) currentExactVec(pm, pe, pi, ce, ci float64, out []int32) (done, ns int) {
	return 0, 0
}

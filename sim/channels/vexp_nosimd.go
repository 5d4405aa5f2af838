//go:build !(goexperiment.simd && amd64)

package channels

// vectorKernels is false: built without GOEXPERIMENT=simd on amd64, the
// channel kernels use their scalar lanes.
var vectorKernels = false

const vectorKernelsAvailable = false

var wideKernels = false

const wideKernelsAvailable = false

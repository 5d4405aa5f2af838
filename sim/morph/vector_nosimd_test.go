//go:build !(goexperiment.simd && amd64)

package morph_test

// simdBuild: built without GOEXPERIMENT=simd on amd64, there are no SIMD
// loops (kernels_nosimd.go).
const simdBuild = false

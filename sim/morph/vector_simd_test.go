//go:build goexperiment.simd && amd64

package morph_test

// simdBuild: built with GOEXPERIMENT=simd on amd64, where kernels_simd.go
// gives the SIMD loops.
const simdBuild = true

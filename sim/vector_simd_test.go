//go:build goexperiment.simd && amd64

package sim_test

// simdBuild: built with GOEXPERIMENT=simd on amd64, where lif_simd.go and
// condsyn_simd.go give the SIMD kernels.
const simdBuild = true

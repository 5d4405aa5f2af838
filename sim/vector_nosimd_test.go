//go:build !(goexperiment.simd && amd64)

package sim_test

// simdBuild: built without GOEXPERIMENT=simd on amd64, there are no SIMD
// kernels (lif_nosimd.go, condsyn_nosimd.go).
const simdBuild = false

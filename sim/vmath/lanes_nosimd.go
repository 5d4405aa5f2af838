//go:build !(goexperiment.simd && amd64)

package vmath

// Lanes reports whether generated code may run its instance loops in
// archsimd lanes: never in a build without GOEXPERIMENT=simd on amd64.
func Lanes() bool { return vector }

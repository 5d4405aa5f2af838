//go:build !(goexperiment.simd && amd64)

package vmath

// Lanes reports whether generated code may run its instance loops in
// archsimd lanes: never in a build without GOEXPERIMENT=simd on amd64.
func Lanes() bool { return vector }

// Wide reports whether the lanes may take eight instances at a time:
// never without them in the build.
func Wide() bool { return wide }

// SetWide does nothing without the lanes in the build and returns false.
func SetWide(on bool) (was bool) { return false }

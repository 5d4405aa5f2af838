//go:build !(goexperiment.simd && amd64)

package vmath

// Built without GOEXPERIMENT=simd on amd64, ExpSlice uses the scalar Exp.
var vector, wide, wideExp = false, false, false

const vectorAvailable, wideAvailable = false, false

func expVec(dst, src []float64) int { return 0 }

// SetVector switches ExpSlice's vector lanes on or off: without them in
// the build it does nothing and returns false.
func SetVector(on bool) (was bool) { return false }

package vmath

// Pow2, Pow3 and Pow4 are math.Pow(x, 2), math.Pow(x, 3) and
// math.Pow(x, 4) as its repeated squaring computes them, products of x,
// without its decomposition of x: the same bits wherever the result and
// its intermediate products are normal (TestPowN), several times faster,
// and inlined.
func Pow2(x float64) float64 { return x * x }

// Pow3 is math.Pow(x, 3): see Pow2.
func Pow3(x float64) float64 { return x * (x * x) }

// Pow4 is math.Pow(x, 4): see Pow2.
func Pow4(x float64) float64 { x2 := x * x; return x2 * x2 }

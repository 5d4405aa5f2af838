package vmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestExp measures Exp against math.Exp (itself within 1 ulp) over
// the whole range of normal results, x in [-708.39, 709.78], by 2 million
// uniform samples plus 2 million in [-40, 40] (the range of the channels'
// rate arguments), and checks the ends: overflow to +Inf, subnormal results
// within one subnormal ulp, underflow to 0, NaN. The maximum relative
// difference must stay below 2^-51 (measured: 1.55 x 2^-52).
func TestExp(t *testing.T) {
	const tol = 2 * 0x1p-52
	rng := rand.New(rand.NewPCG(1, 2))
	n := 2_000_000
	if testing.Short() {
		n = 200_000
	}
	worst, wx := 0.0, 0.0
	for i := 0; i < 2*n; i++ {
		x := -708.39 + rng.Float64()*(709.78+708.39)
		if i%2 == 1 {
			x = -40 + 80*rng.Float64()
		}
		want := math.Exp(x)
		if e := math.Abs(Exp(x)-want) / want; e > worst {
			worst, wx = e, x
		}
	}
	t.Logf("max relative difference from math.Exp %.3g (%.2f x 2^-52) at x = %v", worst, worst/0x1p-52, wx)
	if worst > tol {
		t.Errorf("max relative difference %.3g at x = %v, want <= %.3g", worst, wx, tol)
	}
	for _, c := range []struct{ x, want float64 }{
		{0, 1}, {math.Copysign(0, -1), 1}, {1, math.E}, {math.Ln2, 2}, {-math.Ln2, 0.5},
		{709.8, math.Inf(1)}, {710, math.Inf(1)}, {1e300, math.Inf(1)}, {math.Inf(1), math.Inf(1)},
		{-745.2, 0}, {-746, 0}, {-1e300, 0}, {math.Inf(-1), 0},
	} {
		if got := Exp(c.x); got != c.want && math.Abs(got-c.want) > 0x1p-52*c.want {
			t.Errorf("Exp(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if got := Exp(math.NaN()); !math.IsNaN(got) {
		t.Errorf("Exp(NaN) = %v, want NaN", got)
	}
	// Subnormal results: within one subnormal ulp (2^-1074) of math.Exp.
	for x := -745.0; x < -708.4; x += 0.0137 {
		if d := math.Abs(Exp(x) - math.Exp(x)); d > 0x1p-1074 {
			t.Errorf("Exp(%v) = %v, math.Exp %v: differ by more than 2^-1074", x, Exp(x), math.Exp(x))
		}
	}
}

// TestExpSliceMatchesExp checks that the SIMD exponential, four lanes and
// (with AVX-512) eight, gives the bits of Exp in every lane, over the
// whole input range and its specials, and that ExpSlice takes the rest
// with Exp (lengths not multiples of the width, in place).
func TestExpSliceMatchesExp(t *testing.T) {
	if !vectorAvailable {
		t.Skip("no SIMD kernels in this build or CPU")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	src := []float64{0, math.Copysign(0, -1), 709.78, 709.8, 710, 1e300, math.Inf(1), -708.4, -745, -745.2, -746,
		math.Inf(-1), math.NaN(), 1, -1, 1e-300, -1e-300}
	for len(src) < 400_000 {
		switch len(src) % 3 {
		case 0:
			src = append(src, -800+1600*rng.Float64())
		case 1:
			src = append(src, -40+80*rng.Float64())
		default:
			src = append(src, math.Float64frombits(rng.Uint64()))
		}
	}
	src = src[:len(src)&^3]
	w0 := wideExp
	defer func() { wideExp = w0 }()
	for _, w := range []bool{false, true} {
		if w && !wideAvailable {
			continue
		}
		wideExp = w
		dst := make([]float64, len(src))
		if n := expVec(dst, src); n != len(src) {
			t.Fatalf("expVec did %d of %d", n, len(src))
		}
		for k, x := range src {
			want := Exp(x)
			if math.Float64bits(dst[k]) != math.Float64bits(want) && !(math.IsNaN(want) && math.IsNaN(dst[k])) {
				t.Fatalf("wide %v: exp(%v): SIMD %v, scalar %v", w, x, dst[k], want)
			}
		}
	}
}

func BenchmarkExp(b *testing.B) {
	src := make([]float64, 1024)
	for k := range src {
		src[k] = -30 + 60*float64(k)/1024
	}
	dst := make([]float64, len(src))
	b.Run("math.Exp", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for k, x := range src {
				dst[k] = math.Exp(x)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(src)), "ns/exp")
	})
	b.Run("Exp", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for k, x := range src {
				dst[k] = Exp(x)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(src)), "ns/exp")
	})
	if vectorAvailable {
		b.Run("simd", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ExpSlice(dst, src)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(src)), "ns/exp")
		})
	}
}

// TestExpSliceTail checks ExpSlice's partial vectors: every length to
// 19, both widths, in place and not, and nothing written past len(src).
func TestExpSliceTail(t *testing.T) {
	w0 := wideExp
	defer func() { wideExp = w0 }()
	for _, w := range []bool{false, true} {
		if w && !wideAvailable {
			continue
		}
		wideExp = w
		for n := 0; n < 20; n++ {
			src := make([]float64, n, n+9)
			for k := range src {
				src[k] = float64(k)*1.37 - 11
			}
			dst := make([]float64, n+9)
			for k := range dst {
				dst[k] = -7
			}
			ExpSlice(dst, src)
			ExpSlice(src, src)
			for k := range src {
				want := Exp(float64(k)*1.37 - 11)
				if dst[k] != want || src[k] != want {
					t.Fatalf("wide %v, n %d: ExpSlice[%d] = %v (in place %v), Exp %v", w, n, k, dst[k], src[k], want)
				}
			}
			for k := n; k < len(dst); k++ {
				if dst[k] != -7 || src[:n+9][k] != 0 {
					t.Fatalf("wide %v, n %d: ExpSlice wrote element %d past the end", w, n, k)
				}
			}
		}
	}
}

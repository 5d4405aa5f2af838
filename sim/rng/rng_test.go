package rng

import (
	"math"
	"testing"
)

func TestUniformMoments(t *testing.T) {
	s := New(1, 2, 3, 4)
	const n = 200000
	var sum, sum2 float64
	for i := 0; i < n; i++ {
		x := s.Float64()
		if x < 0 || x >= 1 {
			t.Fatalf("Float64 out of [0,1): %v", x)
		}
		sum += x
		sum2 += x * x
	}
	mean := sum / n
	variance := sum2/n - mean*mean
	// Standard error of the mean: sqrt(1/12/n) = 6.5e-4; allow 5 sigma.
	if math.Abs(mean-0.5) > 5*math.Sqrt(1.0/12/n) {
		t.Errorf("mean %v, want 0.5", mean)
	}
	if math.Abs(variance-1.0/12) > 2e-3 {
		t.Errorf("variance %v, want 1/12", variance)
	}
}

func TestNormalMoments(t *testing.T) {
	s := New(7, 0, 0, 0)
	const n = 200000
	var sum, sum2 float64
	for i := 0; i < n; i++ {
		x := s.NormFloat64()
		sum += x
		sum2 += x * x
	}
	mean := sum / n
	variance := sum2/n - mean*mean
	if math.Abs(mean) > 5/math.Sqrt(n) {
		t.Errorf("mean %v, want 0", mean)
	}
	if math.Abs(variance-1) > 0.02 {
		t.Errorf("variance %v, want 1", variance)
	}
}

func TestIntnUniform(t *testing.T) {
	s := New(3, 1, 0, 0)
	const n, k = 70000, 7
	var counts [k]int
	for i := 0; i < n; i++ {
		counts[s.Intn(k)]++
	}
	// Chi-square with 6 degrees of freedom; 22.46 is the 0.999 quantile.
	var chi2 float64
	for _, c := range counts {
		d := float64(c) - n/k
		chi2 += d * d / (n / k)
	}
	if chi2 > 22.46 {
		t.Errorf("chi-square %v over %v: counts %v", chi2, 22.46, counts)
	}
}

func TestKeysDiffer(t *testing.T) {
	seen := map[uint64]bool{}
	for seed := uint64(0); seed < 4; seed++ {
		for p := uint64(0); p < 4; p++ {
			for a := uint64(0); a < 8; a++ {
				for b := uint64(0); b < 8; b++ {
					k := Key(seed, p, a, b)
					if seen[k] {
						t.Fatalf("duplicate key for %d %d %d %d", seed, p, a, b)
					}
					seen[k] = true
				}
			}
		}
	}
}

func TestStreamIsPure(t *testing.T) {
	a, b := New(5, 6, 7, 8), New(5, 6, 7, 8)
	for i := 0; i < 10; i++ {
		if a.Uint64() != b.Uint64() {
			t.Fatal("two streams with one key differ")
		}
	}
	c := New(5, 6, 7, 8)
	if got, want := Uint64(a.Key, 0), c.Uint64(); got != want {
		t.Errorf("Uint64(key, 0) = %x, want the stream's first number %x", got, want)
	}
}

func BenchmarkFloat64(b *testing.B) {
	s := New(1, 2, 3, 4)
	var x float64
	for i := 0; i < b.N; i++ {
		x += s.Float64()
	}
	_ = x
}

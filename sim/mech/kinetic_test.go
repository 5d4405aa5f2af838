package mech

import (
	"math"
	"testing"
)

// TestSparseStep checks SparseStep and SparseSteadyState on small schemes
// whose backward-Euler step and steady state are known in closed form:
// A <-> B (kf, kb), linear (one iteration), and 2A <-> B (kf, kb),
// nonlinear (Newton to 1e-8: the step's residual below 1e-12).
func TestSparseStep(t *testing.T) {
	const kf, kb, dt = 0.7, 0.2, 0.1
	// A <-> B with CONSERVE A + B = 1 replacing B's row, as nocmodl.
	linear := func(s, old, a, rhs []float64, dt float64) {
		rhs[0] = -(1 / dt) * (s[0] - old[0])
		a[0] = 1 / dt
		f, b := kf*s[0], kb*s[1]
		rhs[0] -= f - b
		a[0] += kf
		a[1] -= kb
		rhs[1] = 1 - s[1] - s[0]
		a[3], a[2] = 1, 1
	}
	s, old, a, rhs := []float64{0.9, 0.1}, make([]float64, 2), make([]float64, 4), make([]float64, 2)
	if err := SparseStep(s, old, a, rhs, dt, true, linear); err != nil {
		t.Fatal(err)
	}
	// (A - 0.9)/dt = -kf A + kb (1 - A)
	want := (0.9/dt + kb) / (1/dt + kf + kb)
	if math.Abs(s[0]-want) > 1e-15 || math.Abs(s[0]+s[1]-1) > 1e-15 {
		t.Errorf("linear step: A = %.17g, B = %.17g; want A = %.17g, A + B = 1", s[0], s[1], want)
	}
	if err := SparseSteadyState(s, old, a, rhs, true, linear); err != nil {
		t.Fatal(err)
	}
	// with dt = 1e9 the steady state kb/(kf + kb) to within 1e-9
	if ss := kb / (kf + kb); math.Abs(s[0]-ss) > 1e-9 {
		t.Errorf("linear steady state: A = %.17g, want %.17g", s[0], ss)
	}

	// 2A <-> B: rows A, B; f = kf A A, b = kb B.
	nonlin := func(s, old, a, rhs []float64, dt float64) {
		for i := range 2 {
			rhs[i] = -(1 / dt) * (s[i] - old[i])
			a[i*2+i] = 1 / dt
		}
		f, b := kf*s[0]*s[0], kb*s[1]
		rhs[0] -= 2 * (f - b)
		rhs[1] += f - b
		term := kf * 2 * s[0]
		a[0] += 2 * term
		a[2] -= term
		a[1] -= 2 * kb
		a[3] += kb
	}
	s = []float64{1, 0}
	if err := SparseStep(s, old, a, rhs, 0.5, false, nonlin); err != nil {
		t.Fatal(err)
	}
	f, b := kf*s[0]*s[0], kb*s[1]
	if r := math.Abs((s[0]-1)/0.5 + 2*(f-b)); r > 1e-12 {
		t.Errorf("nonlinear step: residual %g of A's equation", r)
	}
	if math.Abs(s[0]+2*s[1]-1) > 1e-14 {
		t.Errorf("nonlinear step: A + 2B = %.17g, want 1", s[0]+2*s[1])
	}
}

package lfp

import (
	"math"
	"testing"
)

// TestSampler is SPEC 8 check 14's sampling: T = 500 ms, dt = 0.025 ms,
// dt_lfp = 0.1 ms give 5001 samples at t = k 0.1, t = 0 once, taken after
// every fourth step.
func TestSampler(t *testing.T) {
	s, err := NewSampler(0.025, 0.1, 500)
	if err != nil {
		t.Fatal(err)
	}
	if s.Samples() != 5001 {
		t.Fatalf("%d samples, want 5001", s.Samples())
	}
	for step := int64(0); step <= 20000; step++ {
		due := s.Due(step)
		if due != (step%4 == 0) {
			t.Fatalf("step %d: due %v", step, due)
		}
		if due {
			if err := s.Record(float64(step)); err != nil {
				t.Fatal(err)
			}
			if s.Due(step) {
				t.Fatalf("step %d due twice", step)
			}
		}
	}
	if len(s.TMs) != 5001 || len(s.VMV) != 5001 {
		t.Fatalf("%d times, %d values", len(s.TMs), len(s.VMV))
	}
	for k, tm := range s.TMs {
		if want := float64(k) * 0.1; tm != want || s.VMV[k] != float64(4*k) {
			t.Errorf("sample %d: t %g, v %g; want t %g, v %d", k, tm, s.VMV[k], want, 4*k)
		}
	}
	if s.TMs[1] == 0 || s.TMs[5000] != 500 {
		t.Errorf("t[1] %g, t[5000] %g", s.TMs[1], s.TMs[5000])
	}
	if s.Due(20004) || s.Record(1) == nil {
		t.Error("a sample beyond the run's end was accepted")
	}
	// Recording allocates nothing.
	s2, _ := NewSampler(0.025, 0.5, 1000)
	if n := testing.AllocsPerRun(1000, func() { _ = s2.Record(1) }); n != 0 {
		t.Errorf("Record: %g allocations", n)
	}
	for _, bad := range [][3]float64{{0.025, 0.03, 10}, {0, 0.1, 10}, {0.025, -1, 10}, {0.025, 0.1, math.NaN()}, {0.025, 0.1, -1}} {
		if _, err := NewSampler(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("NewSampler(%v): no error", bad)
		}
	}
}

package channels

import (
	"math"
	"testing"
)

// TestExp2SynFactor checks F and the time to peak against SPEC.md section 5
// (GridCellsCond's exc_syn 0.78/5.3 ms: F 1.632089, peak at 1.7525 ms;
// inhb_syn 0.083/10 ms: F 1.049629, peak at 0.4010 ms) and the normalisation
// (a single event of weight w peaks at exactly w).
func TestExp2SynFactor(t *testing.T) {
	for _, tc := range []struct{ tau1, tau2, f, tp float64 }{
		{0.78, 5.3, 1.632089, 1.7525},
		{0.083, 10, 1.049629, 0.4010},
	} {
		f, err := Exp2SynFactor(tc.tau1, tc.tau2)
		if err != nil {
			t.Fatal(err)
		}
		tp := tc.tau1 * tc.tau2 / (tc.tau2 - tc.tau1) * math.Log(tc.tau2/tc.tau1)
		if math.Abs(f-tc.f) > 5e-7 || math.Abs(tp-tc.tp) > 5e-5 {
			t.Errorf("tau %g/%g: F %.7f tp %.5f, SPEC %g %g", tc.tau1, tc.tau2, f, tp, tc.f, tc.tp)
		}
		if peak := f * (math.Exp(-tp/tc.tau2) - math.Exp(-tp/tc.tau1)); math.Abs(peak-1) > 1e-12 {
			t.Errorf("tau %g/%g: normalised peak %v", tc.tau1, tc.tau2, peak)
		}

		// Discrete: deliver w, then decay; g = B - A follows
		// w F (exp(-t/tau2) - exp(-t/tau1)) at the step times.
		const w, dt = 2e-4, 0.025
		s, err := NewExp2Syn(3, tc.tau1, tc.tau2, -75)
		if err != nil {
			t.Fatal(err)
		}
		s.Receive(1, w)
		if s.ConductanceUS(1) != 0 {
			t.Errorf("g right after delivery %g, want 0", s.ConductanceUS(1))
		}
		var gmax float64
		for n := 1; n <= 2000; n++ {
			s.Decay(0, 3, dt)
			tm := float64(n) * dt
			want := w * f * (math.Exp(-tm/tc.tau2) - math.Exp(-tm/tc.tau1))
			if got := s.ConductanceUS(1); math.Abs(got-want) > 1e-12*w {
				t.Fatalf("t %g: g %g, want %g", tm, got, want)
			}
			gmax = math.Max(gmax, s.ConductanceUS(1))
		}
		if gmax > w || gmax < 0.99*w {
			t.Errorf("discrete peak %g, want just below %g", gmax, w)
		}
		if s.ConductanceUS(0) != 0 || s.ConductanceUS(2) != 0 {
			t.Error("event leaked to other cells")
		}
		g, ge := make([]float64, 3), make([]float64, 3)
		s.AddConductance(0, 3, g, ge)
		if g[1] != s.ConductanceUS(1) || ge[1] != g[1]*-75 {
			t.Errorf("AddConductance: %v %v", g, ge)
		}
		s.Reset()
		if s.A[1] != 0 || s.B[1] != 0 {
			t.Error("Reset left state")
		}
	}
	// NEURON's adjustment of tau1 >= tau2.
	s, err := NewExp2Syn(1, 3, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.Tau1Ms() != 0.9999*3 {
		t.Errorf("tau1 = tau2 = 3: tau1 used %v, NEURON 0.9999*3", s.Tau1Ms())
	}
}

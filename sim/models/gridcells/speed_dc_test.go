package gridcells

import (
	"context"
	"fmt"
	"math"
	"os"
	"sync"
	"testing"

	"github.com/golgi-sim/golgi/sim"
)

// longTests reports whether the long validations run: GOLGI_LONG=1
// (make validate); they take minutes on this project's 2-core machines.
func longTests(t *testing.T) {
	t.Helper()
	if os.Getenv("GOLGI_LONG") == "" {
		t.Skip("long validation: set GOLGI_LONG=1 (make validate)")
	}
}

// TestSpeedAgainstDC runs the Fig 2A protocol (ring 2 at -2.7e-3 nA,
// seeds 50/100, no ongoing noise) at ring-1 DCs across the range and
// compares the pattern's speed (calc_speed_of_network over 1-5 s) with
// the original's velocity-to-DC spline inverted (SPEC.md section 13:
// the speed the original's own measurements, to which the spline was
// fitted, give for each DC), within 5 %.
func TestSpeedAgainstDC(t *testing.T) {
	longTests(t)
	cases := []struct{ dcNA, wantRadS float64 }{
		{-2e-3, 1.92}, {-1e-3, 3.16}, {0, 4.68}, {1e-3, 5.86}, {2e-3, 6.82}, {5e-3, 8.40}, {1e-2, 10.16},
	}
	got := make([]float64, len(cases))
	errs := make([]error, len(cases))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			spec := fmt.Sprintf(`{"sim_dur": 5000, "stell_const_dc": [%g, -2.7e-3], "init_noise_seed": 50, "noise_seed": 100}`, c.dcNA)
			m, s, err := ParseParams([]byte(spec))
			if err != nil {
				errs[i] = err
				return
			}
			n, err := NewNetwork(m, s)
			if err != nil {
				errs[i] = err
				return
			}
			res, err := n.Run(context.Background(), &sim.Options{Threads: 1})
			if err != nil {
				errs[i] = err
				return
			}
			stell, _ := Trains(res, StellName)
			got[i] = SpeedOfNetwork(window(stell, 1000, 5000), 4000, m.NPerSheet, m.NPhases, 100)
		}()
	}
	wg.Wait()
	for i, c := range cases {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		t.Logf("ring-1 DC %+.1e nA: %.3f rad/s, spline %.2f (%+.1f%%)", c.dcNA, got[i], c.wantRadS, 100*(got[i]/c.wantRadS-1))
		if !(math.Abs(got[i]/c.wantRadS-1) <= 0.05) {
			t.Errorf("ring-1 DC %g nA: %.3f rad/s, the original's spline gives %.2f: off by more than 5%%", c.dcNA, got[i], c.wantRadS)
		}
	}
}

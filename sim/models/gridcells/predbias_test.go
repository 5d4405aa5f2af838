package gridcells

import (
	"math"
	"testing"
)

// movingTrains returns spike trains of a single bump moving at omega
// rad/ms in the + direction until tcMs and back after it (position p(t)),
// for n cells at phases 2 pi k/n: cell k fires every isiMs while
// |p(t + leadMs) - phi_k| < halfWidth (circularly). rings 2 gives ring 1
// active before tcMs and ring 2 after it, as PRED-IHD runs.
func movingTrains(n, rings int, omega, leadMs, tcMs, durMs, isiMs, halfWidth float64) [][]float64 {
	p := func(t float64) float64 {
		if t < tcMs {
			return omega * t
		}
		return omega*tcMs - omega*(t-tcMs)
	}
	tr := make([][]float64, rings*n)
	for r := 0; r < rings; r++ {
		for k := 0; k < n; k++ {
			phi := 2 * math.Pi * float64(k) / float64(n)
			for t := isiMs / 2; t < durMs; t += isiMs {
				if rings == 2 && (r == 0) != (t < tcMs) {
					continue
				}
				if math.Abs(math.Remainder(p(t+leadMs)-phi, 2*math.Pi)) < halfWidth {
					tr[r*n+k] = append(tr[r*n+k], t)
				}
			}
		}
	}
	return tr
}

func TestPredictiveBias(t *testing.T) {
	const (
		n     = 64
		omega = 0.006 // rad/ms: a field every 1047 ms, 200 ms long
		tc    = 6000.0
		dur   = 12000.0
		lead  = 30.0 // ms
	)
	m, s, err := ParseParams([]byte(`{"N_per_sheet": 64, "n_phases": 64, "lambda0": 6.283185307179586,
		"allothetic_dur": 1000, "vel_type": "PRED-IHD", "sim_dur": 12000,
		"extra_params": {"dir_change_t": 6000, "stell_dc": 0}}`))
	if err != nil {
		t.Fatal(err)
	}
	in := movingTrains(n, 1, omega, 0, tc, dur, 5, 0.5)
	var b [2]PredBias
	for i, l := range []float64{lead, -lead} {
		b[i], err = PredictiveBias(movingTrains(n, 2, omega, l, tc, dur, 20, 0.6), in, &m, &s)
		if err != nil {
			t.Fatal(err)
		}
	}
	// The interneuron decoder's causal filter delays the "true" position by
	// the same amount in both runs: the difference is the stellates' lead.
	if got, want := b[0].BiasRad-b[1].BiasRad, 2*omega*lead; math.Abs(got-want) > 0.05*want {
		t.Errorf("bias(+%g ms) - bias(-%g ms) = %.4f rad, want %.4f (+-5 %%)", lead, lead, got, want)
	}
	for _, p := range b {
		if p.FieldSizeRad < 1.0 || p.FieldSizeRad > 1.25 {
			t.Errorf("field size %.3f rad, want 1.08-1.2 (fields of 1.2 rad sampled every 0.12 rad)", p.FieldSizeRad)
		}
		if got := 100 * p.BiasRad / p.FieldSizeRad; math.Abs(got-p.BiasPctField) > 1e-9 {
			t.Errorf("BiasPctField %v, want %v", p.BiasPctField, got)
		}
	}
	if _, err := PredictiveBias(in, in, &m, &s); err == nil {
		t.Error("no error for a single ring of stellates")
	}
}

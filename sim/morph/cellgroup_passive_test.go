package morph_test

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
)

// TestCellGroupPassiveSoma is neurodamus's test_basic_system (SPEC 7.3):
// a soma of L = diam = 60 um, a leak of 3e-4 S/cm2 at -70 mV (hh with its
// sodium and potassium off), cm 1 uF/cm2, v_init -70 mV, a 0.1 nA step
// from 10 to 60 ms, dt 0.1 ms: 1001 samples, v(50 ms) in (-67.1, -67.0)
// (R_in 29.47 MOhm, tau 3.33 ms: -67.053 analytically), v(100 ms) below
// -69.9. The trace also equals backward Euler's recurrence for one
// compartment, v' = (v + dt/tau (E + I R))/(1 + dt/tau), to 1e-9 mV: the
// zero-area end nodes of the section carry no current.
func TestCellGroupPassiveSoma(t *testing.T) {
	m := &morph.Morphology{}
	m.AddCylinder("soma", morph.Soma, -1, 0, 60, 60)
	m.Sections[0].Nseg = 1
	const (
		gScm2, eMV, ampNA, dt = 3e-4, -70.0, 0.1, 0.1
	)
	cell := &morph.Cell{Morphology: m, VInitMV: -70,
		Inserts: []morph.Insert{{Mech: "pas", Params: map[string]float64{"g": gScm2, "e": eMV}}},
		Clamps:  []morph.IClamp{{At: morph.At("soma", 0.5), DelMs: 10, DurMs: 50, AmpNA: ampNA}}}
	g, err := morph.NewCellGroup([]*morph.Cell{cell}, dt, 6.3)
	if err != nil {
		t.Fatal(err)
	}
	v, err := g.Probe(0, morph.At("soma", 0.5), "v")
	if err != nil {
		t.Fatal(err)
	}
	areaCm2 := math.Pi * 60 * 60 * 1e-8
	rMOhm := 1 / (gScm2 * areaCm2) * 1e-6
	tau := 1e-3 / gScm2 // cm / g, ms
	samples := []float64{v.Value()}
	want := -70.0
	worst := 0.
	for step := 1; step <= 1000; step++ {
		tMid := (float64(step) - 0.5) * dt
		i := 0.
		if tMid >= 10 && tMid < 60 {
			i = ampNA
		}
		want = (want + dt/tau*(eMV+i*rMOhm)) / (1 + dt/tau)
		g.Step(nil)
		samples = append(samples, v.Value())
		worst = max(worst, math.Abs(v.Value()-want))
	}
	t.Logf("R_in %.2f MOhm, tau %.3f ms; v(50 ms) = %.4f mV; backward Euler's recurrence within %.2g mV", rMOhm, tau, samples[500], worst)
	if len(samples) != 1001 || !(samples[500] > -67.1 && samples[500] < -67.0) || !(samples[1000] < -69.9) {
		t.Errorf("%d samples, v(50) = %.4f, v(100) = %.4f: want 1001, (-67.1, -67.0), < -69.9", len(samples), samples[500], samples[1000])
	}
	if worst > 1e-9 {
		t.Errorf("the trace differs from backward Euler's recurrence by %.3g mV", worst)
	}
}

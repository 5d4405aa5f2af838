package miv

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
)

// TestExp2ClosedForms checks the peak times and factors SPEC 3.4 lists
// for the examples' kinetics.
func TestExp2ClosedForms(t *testing.T) {
	for _, tc := range []struct {
		k              Exp2
		peakMs, factor float64
	}{
		{Exp2{0.5, 3}, 1.075056, 1.717163},    // AMPA
		{Exp2{0.3, 6.2}, 0.954754, 1.225795},  // GABA_A PYR <- PVBC
		{Exp2{0.5, 9}, 1.530197, 1.255056},    // GABA_A PYR <- OLM
		{Exp2{0.08, 4.8}, 0.333099, 1.090027}, // GABA_A onto interneurons
		{Exp2{10, 35}, 17.538682, 2.310762},   // LinExp2SynNMDA defaults
		{Exp2{3, 3}, 2.999850, 27181.459132},  // tau_rise clipped to 0.9999 tau_decay
	} {
		if d := math.Abs(tc.k.PeakMs() - tc.peakMs); d > 5e-7 {
			t.Errorf("%+v: peak at %.7f ms, want %.6f", tc.k, tc.k.PeakMs(), tc.peakMs)
		}
		if d := math.Abs(tc.k.Factor()-tc.factor) / tc.factor; d > 1e-5 {
			t.Errorf("%+v: factor %.7f, want %.6f", tc.k, tc.k.Factor(), tc.factor)
		}
	}
	if got := 1e-5 * (Exp2{0.5, 3}).IntegralMsPerUS(); math.Abs(got-4.2929e-5) > 5e-10 {
		t.Errorf("AMPA integral %.6g uS ms, want 4.2929e-5", got)
	}
	if got := DefaultMgBlock.At(-65); math.Abs(got-0.05967) > 5e-6 {
		t.Errorf("B(-65 mV) = %.6g, want 0.05967", got)
	}
}

// synapseCell is a passive soma (e_pas = v_init) holding a LinExp2Syn
// (AMPA kinetics of the examples) and a LinExp2SynNMDA (defaults).
func synapseCell(vInitMV float64) *morph.Cell {
	m := &morph.Morphology{Name: "synapse soma"}
	m.AddCylinder("soma", morph.Soma, -1, 0, 10, 10)
	soma := morph.At("soma", 0.5)
	return &morph.Cell{
		Name: "synapse soma", Morphology: m, CmUFcm2: 1, RaOhmCm: 100, VInitMV: vInitMV,
		MechanismSets: MechanismSets,
		Inserts:       []morph.Insert{{Mech: "pas", Params: map[string]float64{"g": 1e-4, "e": vInitMV}}},
		PointProcesses: []morph.PointProcess{
			{Name: "ampa", Mech: LinExp2Syn, At: soma, Params: map[string]float64{"tau_rise": 0.5, "tau_decay": 3, "e": 0}},
			{Name: "nmda", Mech: LinExp2SynNMDA, At: soma},
		},
	}
}

// TestLinExp2SynOnCellGroup sends events through the translated
// LinExp2Syn on a CellGroup (SPEC 8 check 10): one event of weight 1 and
// g_unit 1e-5 uS peaks at 1.000e-5 uS at 1.075 ms (within dt) and
// integrates to 4.2929e-5 uS ms (1e-3 relative); two events on the same
// point process (two NetCons) sum linearly, the conductance B - A equal
// to the closed form at every step.
func TestLinExp2SynOnCellGroup(t *testing.T) {
	const dt = 0.025
	g, err := morph.NewCellGroup([]*morph.Cell{synapseCell(-65)}, dt, 34)
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.PointProcess(0, "ampa")
	if err != nil {
		t.Fatal(err)
	}
	a, errA := g.PointProbe(p, "A")
	b, errB := g.PointProbe(p, "B")
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	run := func(events [][3]float64, tEndMs float64) (ts, gs []float64) {
		if err := g.Init(); err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if err := g.Send(p, e[0], []float64{e[1], e[2]}); err != nil {
				t.Fatal(err)
			}
		}
		ts, gs = []float64{0}, []float64{b.Value() - a.Value()}
		for g.T() < tEndMs-dt/2 {
			g.Step(nil)
			ts, gs = append(ts, g.T()), append(gs, b.Value()-a.Value())
		}
		return ts, gs
	}
	// one event
	ts, gs := run([][3]float64{{0, 1, 1e-5}}, 80)
	peak, tPeak, integral := 0., 0., 0.
	for i := range gs {
		if gs[i] > peak {
			peak, tPeak = gs[i], ts[i]
		}
		if i > 0 {
			integral += (gs[i] + gs[i-1]) / 2 * dt
		}
	}
	t.Logf("LinExp2Syn (0.5/3 ms, w 1, g_unit 1e-5 uS): peak %.6g uS at %.4g ms, integral %.6g uS ms", peak, tPeak, integral)
	if math.Abs(peak-1e-5) > 1e-3*1e-5 {
		t.Errorf("peak %.6g uS, want 1.000e-5", peak)
	}
	if math.Abs(tPeak-1.075) > dt {
		t.Errorf("peak at %g ms, want 1.075 +- %g", tPeak, dt)
	}
	if math.Abs(integral-4.2929e-5) > 1e-3*4.2929e-5 {
		t.Errorf("integral %.6g uS ms, want 4.2929e-5", integral)
	}
	// two NetCons onto the one point process: the sum of their closed forms
	k := Exp2{0.5, 3}
	closed := func(tt, t0, w float64) float64 {
		if tt < t0 {
			return 0
		}
		s := tt - t0
		return w * 1e-5 * k.Factor() * (math.Exp(-s/3) - math.Exp(-s/0.5))
	}
	ts, gs = run([][3]float64{{0, 1, 1e-5}, {5, 0.5, 1e-5}}, 30)
	worst := 0.
	for i := range gs {
		want := closed(ts[i], 0, 1) + closed(ts[i], 5, 0.5)
		worst = max(worst, math.Abs(gs[i]-want))
	}
	if worst > 1e-12*1e-5 {
		t.Errorf("two events: conductance differs from the sum of closed forms by %.3g uS", worst)
	}
}

// TestNMDABlockOnCellGroup reads LinExp2SynNMDA's block pnmda after
// initialisation at several potentials: B(-65 mV) = 0.05967 (SPEC 8
// check 10) and the closed form MgBlock elsewhere.
func TestNMDABlockOnCellGroup(t *testing.T) {
	for _, v := range []float64{-80, -65, -40, 0, 20} {
		g, err := morph.NewCellGroup([]*morph.Cell{synapseCell(v)}, 0.025, 34)
		if err != nil {
			t.Fatal(err)
		}
		if err := g.Init(); err != nil {
			t.Fatal(err)
		}
		p, err := g.PointProcess(0, "nmda")
		if err != nil {
			t.Fatal(err)
		}
		pr, err := g.PointProbe(p, "pnmda")
		if err != nil {
			t.Fatal(err)
		}
		if want := DefaultMgBlock.At(v); math.Abs(pr.Value()-want) > 1e-14 {
			t.Errorf("B(%g mV) = %.17g, closed form %.17g", v, pr.Value(), want)
		}
		if v == -65 && math.Abs(pr.Value()-0.05967) > 5e-6 {
			t.Errorf("B(-65 mV) = %.6g, want 0.05967", pr.Value())
		}
	}
}

package sonata

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/random123"
)

// TestInputsBuilt checks what the inputs put on a cell (usecase3 NodeA
// gid 1, dt 0.05, random_seed 12345, stimulus_seed 0): the tables, the
// streams of the noisy ones with their block counters (a no-op shot
// noise does not count, SPEC 4.0), the clamps chosen by input_type.
func TestInputsBuilt(t *testing.T) {
	ns := "l4pc" // NodeA node 0 (gid 1) and NodeB node 0
	in := map[string]any{
		"a_noise": map[string]any{"module": "noise", "input_type": "current_clamp", "node_set": ns, "delay": 1, "duration": 4,
			"mean": 0.1, "variance": 0.01},
		"b_shot_noop": map[string]any{"module": "shot_noise", "input_type": "current_clamp", "node_set": ns, "delay": 0, "duration": 4,
			"rise_time": 0.4, "decay_time": 4, "rate": 0, "amp_mean": 0.04, "amp_var": 0.0016},
		"c_shot": map[string]any{"module": "shot_noise", "input_type": "current_clamp", "node_set": ns, "delay": 0, "duration": 4,
			"rise_time": 0.4, "decay_time": 4, "rate": 2000.7, "amp_mean": 0.04, "amp_var": 0.0016},
		"d_rellinear": map[string]any{"module": "relative_linear", "input_type": "current_clamp", "node_set": ns, "delay": 2, "duration": 3,
			"percent_start": 50, "percent_end": 100},
		"e_linear_noop": map[string]any{"module": "linear", "input_type": "current_clamp", "node_set": ns, "delay": 0, "duration": 3,
			"amp_start": 0},
		"f_seclamp": map[string]any{"module": "seclamp", "input_type": "voltage_clamp", "node_set": ns, "delay": 0, "duration": 3,
			"voltage": -70},
		"g_ou": map[string]any{"module": "ornstein_uhlenbeck", "input_type": "conductance", "node_set": ns, "delay": 0, "duration": 2,
			"tau": 2.8, "sigma": 0.0042, "mean": 0.029, "reversal": 10},
	}
	n := usecase3Fixture(t, "nodesPopA", 1, 0.05, in, nil)
	c := &n.Cells[n.byGid[1]]
	if len(c.Morph.Clamps) != 3 || len(c.Morph.VClamps) != 2 {
		t.Fatalf("%d IClamps, %d SEClamps; want 3 (noise, shot noise, relative linear) and 2 (seclamp, OU)", len(c.Morph.Clamps), len(c.Morph.VClamps))
	}
	for _, cl := range n.Cells[n.byGid[2]].Morph.Clamps {
		t.Errorf("gid 2 (not l4pc) has a clamp %+v", cl)
	}
	same := func(what string, got *morph.Table, s *signal) {
		t.Helper()
		if len(got.T) != len(s.t) {
			t.Fatalf("%s: %d points, want %d", what, len(got.T), len(s.t))
		}
		for i := range s.t {
			if got.T[i] != s.t[i] || got.Y[i] != s.a[i] {
				t.Fatalf("%s: point %d (%g, %g), want (%g, %g)", what, i, got.T[i], got.Y[i], s.t[i], s.a[i])
			}
		}
	}
	// Noise: block 0, legacy draws over the 1 ms delay; the run (tstop 1
	// ms) plays the table to two samples past tstop (playedDuration),
	// whose points are the whole duration's first ones.
	st := random123.NewStream(100, 500, 1+300, 12345)
	legacyDraws(st, 1, 4, 0.05, 0.5)
	full := newSignal(0, 1)
	if err := full.noise(random123.NewRandom(st), 0.1, 0.01, 4, 0.5); err != nil {
		t.Fatal(err)
	}
	st = random123.NewStream(100, 500, 1+300, 12345)
	legacyDraws(st, 1, 4, 0.05, 0.5)
	want := newSignal(0, 1)
	if err := want.noise(random123.NewRandom(st), 0.1, 0.01, playedDuration(4, 1, 1, 0.5), 0.5); err != nil {
		t.Fatal(err)
	}
	same("noise", c.Morph.Clamps[0].Play, want)
	for i := range len(want.t) - 1 {
		if want.t[i] != full.t[i] || want.a[i] != full.a[i] {
			t.Fatalf("played noise point %d (%g, %g), the whole duration's (%g, %g)", i, want.t[i], want.a[i], full.t[i], full.a[i])
		}
	}
	if cl := c.Morph.Clamps[0]; cl.DelMs != 0 || cl.DurMs != want.t[len(want.t)-1] || cl.DurMs <= 1 {
		t.Errorf("noise clamp on [%g, +%g), want [0, %g) past tstop", cl.DelMs, cl.DurMs, want.t[len(want.t)-1])
	}
	// Shot noise: block 0 (the no-op before it not counted), rate 2000.
	want = newSignal(0, 0)
	if err := want.shotNoise(random123.NewRandom(random123.NewStream(2997, 19216, 1+123, 12345)), 4, 0.4, 2000, 0.04, 0.0016, 4, 0.25); err != nil {
		t.Fatal(err)
	}
	same("shot noise", c.Morph.Clamps[1].Play, want)
	// Relative linear: 50% to 100% of the threshold current.
	thr := c.ThresholdCurrentNA
	want = newSignal(0, 2)
	want.ramp(thr*0.5, thr, 3)
	same("relative linear", c.Morph.Clamps[2].Play, want)
	if thr == 0 {
		t.Error("threshold current 0")
	}
	// SEClamp at -70 mV for 3 ms.
	if v := c.Morph.VClamps[0]; v.Amp[0] != -70 || v.Dur[0] != 3 || v.RsMOhm != 0.01 || v.RsPlay != nil {
		t.Errorf("seclamp %+v", v)
	}
	// OU conductance: block 0, towards 10 mV, resistances played (to two
	// samples past tstop, 1.5 ms).
	want = newSignal(10, 0)
	played := playedDuration(2, 0, 1, 0.25)
	if err := want.ou(random123.NewRandom(random123.NewStream(2997, 291204, 1+123, 12345)), 2.8, 0.0042, 0.029, played, 0.25); err != nil {
		t.Fatal(err)
	}
	tt, rs, _ := want.conductanceTable()
	v := c.Morph.VClamps[1]
	if v.Amp[0] != 10 || v.Dur[0] != played || played != 1.5 {
		t.Errorf("OU clamp at %g mV for %g ms, want 10 mV, %g = 1.5 ms", v.Amp[0], v.Dur[0], played)
	}
	same("OU resistances", v.RsPlay, &signal{t: tt, a: rs})
	if rs[0] != 1e9 || rs[1] != 1/10.0 || math.Abs(rs[2]-1/0.029) > 1e-12 {
		t.Errorf("OU resistances start %v: want 1e9 (the (0, 0) point), 0.1 (the reversal as a conductance, Q6), 1/0.029", rs[:3])
	}
}

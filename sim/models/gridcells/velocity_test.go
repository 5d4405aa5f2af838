package gridcells

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/golgi-sim/golgi/sim"
)

// playedAt evaluates a PlayedCurrent's waveform for receiver k at t (ms)
// as the engine plays it: linear interpolation between samples, the first
// value before the first sample, linear extrapolation after the last.
func playedAt(pc *sim.PlayedCurrent, k int, tMs float64) float64 {
	w := k
	if pc.Wave != nil {
		w = int(pc.Wave[k])
	}
	x := pc.Samples[w]
	times := pc.Times
	if times == nil {
		times = make([]float64, len(x))
		for j := range times {
			times[j] = pc.Start0 + float64(j)*pc.Interval
		}
	}
	t := tMs * sim.Millisecond
	if t <= times[0] || len(x) == 1 {
		return float64(x[0])
	}
	j := 0
	for j+2 < len(times) && times[j+1] <= t {
		j++
	}
	return float64(x[j]) + float64(x[j+1]-x[j])*(t-times[j])/(times[j+1]-times[j])
}

func played(t *testing.T, n *Network, name string) *sim.PlayedCurrent {
	t.Helper()
	for _, st := range n.Net.Stimuli {
		if pc, ok := st.(*sim.PlayedCurrent); ok && pc.Name == name {
			return pc
		}
	}
	t.Fatalf("no played current %q", name)
	return nil
}

// TestStepVelocities checks the DC the rings receive in each step of the
// Fig 1E (ACVT-1DAC) and Fig 5 (PRED-IHD) protocols, at the middle of
// steps as the engine plays them, including the step that straddles a
// switch (half of each value, as NEURON's continuous play gives).
func TestStepVelocities(t *testing.T) {
	for _, tc := range []struct {
		spec string
		at   []float64 // ms, step midpoints
		r, l []float64 // nA
	}{
		{`{"vel_type": "ACVT-1DAC", "sim_dur": 7000}`,
			[]float64{0.0125, 1999.9875, 2000.0125, 3000, 4000.0125, 5999.9875, 6000.0125, 6500},
			[]float64{-1.5e-3, -0.75e-3, 0, 0, -3e-3, -3e-3, -1.5e-3, 0},
			[]float64{-1.5e-3, -2.25e-3, -3e-3, -3e-3, 0, 0, 0, 0}},
		{`{"vel_type": "PRED-IHD", "sim_dur": 1000, "extra_params": {"dir_change_t": 500, "stell_dc": 1e-3}}`,
			[]float64{0.0125, 499.9875, 500.0125, 999.9875},
			[]float64{1e-3, (1e-3 - 3e-2) / 2, -3e-2, -3e-2},
			[]float64{-3e-2, (1e-3 - 3e-2) / 2, 1e-3, 1e-3}},
	} {
		m, s, err := ParseParams([]byte(tc.spec))
		if err != nil {
			t.Fatal(err)
		}
		n, err := NewNetwork(m, s)
		if err != nil {
			t.Fatalf("%s: %v", tc.spec, err)
		}
		right, left := played(t, n, "right_dc"), played(t, n, "left_dc")
		if len(right.Neurons) != 192 || right.Neurons[0] != 0 || left.Neurons[0] != 192 {
			t.Errorf("%s: rings get neurons %v.. and %v..", tc.spec, right.Neurons[:1], left.Neurons[:1])
		}
		for i, at := range tc.at {
			// Samples are float32 (relative error 6e-8). The step that
			// straddles t = 6000 ms: sample 6000 still holds -3e-3 (the
			// interval [4000, 6000] is closed), so the step at 6000.0125
			// plays half of it.
			if got := playedAt(right, 5, at); math.Abs(got-tc.r[i]) > 1e-7*math.Abs(tc.r[i]) {
				t.Errorf("%s: ring 1 at %g ms: %g nA, want %g", tc.spec, at, got, tc.r[i])
			}
			if got := playedAt(left, 5, at); math.Abs(got-tc.l[i]) > 1e-7*math.Abs(tc.l[i]) {
				t.Errorf("%s: ring 2 at %g ms: %g nA, want %g", tc.spec, at, got, tc.l[i])
			}
		}
		if len(right.Times) > 12 {
			t.Errorf("%s: %d samples for a step waveform, want the change points only", tc.spec, len(right.Times))
		}
	}
}

// TestVelocityInput checks vel_type "input" with a trajectory file: the
// landmark pinning (stellates at allothetic_stell_dc, the interneuron
// groups around the pinned phase at +1.5e-3 nA, the others at -1e-3 nA),
// then S(v) on the ring of v's sign and vel_integ_or on the other.
func TestVelocityInput(t *testing.T) {
	dir := t.TempDir()
	const nk = 40001 // 1000 ms
	vel := make([]float64, nk)
	for k := range vel {
		switch tk := float64(k) * DtMs; {
		case tk < 200:
		case tk < 600:
			vel[k] = 3
		default:
			vel[k] = -5
		}
	}
	tr := &Trajectory{VelRadS: vel, PosRad: integratePosition(vel, DtMs/1000), AllotheticDurMs: 200}
	// Pin at phase 1 rad: phi = round(1*64/2pi) = 10.
	for k := range tr.PosRad {
		tr.PosRad[k] = 1
	}
	if err := tr.Write(TrajectoryFile(dir, "t1")); err != nil {
		t.Fatal(err)
	}
	m, s, err := ParseParams([]byte(`{"vel_type": "input", "traj_id": "t1", "sim_dur": 1000, "lambda0": 6.283185307179586}`))
	if err != nil {
		t.Fatal(err)
	}
	n, err := NewNetworkWith(m, s, &BuildOptions{TrajectoryDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	spl, _ := VelocityToDC()
	s3, s5 := spl.At(3), spl.At(5)
	right, left, in := played(t, n, "right_dc"), played(t, n, "left_dc"), played(t, n, "intrnrn_dc")
	f32 := func(x float64) float64 { return float64(float32(x)) }
	for _, c := range []struct {
		at         float64
		r, l       float64
		in10, in40 float64 // interneuron 10 (pinned group 0), 40 (not pinned)
	}{
		{100, -0.00265, -0.00265, 1.5e-3, -1e-3},
		{400, s3, m.VelIntegOr, 1.5e-3, 1.5e-3},
		{800, m.VelIntegOr, s5, 1.5e-3, 1.5e-3},
	} {
		if got := playedAt(right, 0, c.at); math.Abs(got-f32(c.r)) > 1e-12 {
			t.Errorf("ring 1 at %g ms: %g nA, want %g", c.at, got, c.r)
		}
		if got := playedAt(left, 0, c.at); math.Abs(got-f32(c.l)) > 1e-12 {
			t.Errorf("ring 2 at %g ms: %g nA, want %g", c.at, got, c.l)
		}
		if got := playedAt(in, 10, c.at); math.Abs(got-f32(c.in10)) > 1e-12 {
			t.Errorf("interneuron 10 at %g ms: %g nA, want %g", c.at, got, c.in10)
		}
		if got := playedAt(in, 40, c.at); math.Abs(got-f32(c.in40)) > 1e-12 {
			t.Errorf("interneuron 40 at %g ms: %g nA, want %g", c.at, got, c.in40)
		}
	}
	// Pinned groups: (g*64 + o + 10) mod 192 for g < 3, |o| <= 10: 63 cells.
	pinned := 0
	for i := range in.Wave {
		want := int32(1)
		if d := (i - 10 + 192) % 64; d <= 10 || d >= 54 {
			want = 0
		}
		if in.Wave[i] != want {
			t.Errorf("interneuron %d plays wave %d, want %d", i, in.Wave[i], want)
		}
		if in.Wave[i] == 0 {
			pinned++
		}
	}
	if pinned != 63 {
		t.Errorf("%d pinned interneurons, want 63", pinned)
	}

	// A trajectory shorter than the run is an error naming both.
	m.TrajID = []byte(`"t1"`)
	s.SimDur = 2000
	if _, err := NewNetworkWith(m, s, &BuildOptions{TrajectoryDir: dir}); err == nil {
		t.Error("trajectory of 1000 ms for a 2000 ms run: no error")
	}
	if _, err := LoadTrajectory(filepath.Join(dir, "none.hdf5")); err == nil {
		t.Error("missing trajectory file: no error")
	}
}

// TestRandomTrajectory checks the generated trajectory's statistics: at
// rest for 8 s, then an OU velocity with mean 8 and sd 8 cm/s (clipped at
// +10 as the original), position the trapezoid integral mod 2 pi; and
// that it is a pure function of the seed.
func TestRandomTrajectory(t *testing.T) {
	tr := RandomTrajectory(65, 308000)
	rest := int(TrajRestMs / DtMs)
	for k := 0; k < rest; k++ {
		if tr.VelRadS[k] != 0 {
			t.Fatalf("velocity %g at %g ms, during the rest", tr.VelRadS[k], float64(k)*DtMs)
		}
	}
	// Statistics of the unclipped process, reconstructed: clipped samples
	// are +10, so compare the clipped mean with the clipped normal's.
	var sum, n, atMax float64
	for _, v := range tr.VelRadS[rest+40000:] { // skip 1 s of transient from rest
		sum += v
		n++
		if v == TrajMaxSpeedRadS {
			atMax++
		}
		if v > TrajMaxSpeedRadS || v < -TrajMaxSpeedRadS {
			t.Fatalf("velocity %g beyond the clip", v)
		}
	}
	// For X ~ N(8, 8) with |X| > 10 set to 10: E = 8.49, P(clip) = 0.40.
	mu, sd := 8.0, 8.0
	phi := func(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
	pdf := func(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) }
	a, b := (-10-mu)/sd, (10-mu)/sd
	pIn := phi(b) - phi(a)
	eIn := mu*pIn + sd*(pdf(a)-pdf(b))
	want := eIn + 10*(1-pIn)
	// 300 s at a coherence time of 0.7 s: about 200 independent samples.
	if got := sum / n; math.Abs(got-want) > 0.6 {
		t.Errorf("mean velocity %.3f cm/s, want %.3f +- 0.6", got, want)
	}
	if got := atMax / n; math.Abs(got-(1-pIn)) > 0.06 {
		t.Errorf("fraction clipped %.3f, want %.3f +- 0.06", got, 1-pIn)
	}
	// Position: the trapezoid integral of the velocity, mod 2 pi.
	x := 0.0
	for k := range tr.PosRad {
		x += (tr.VelRadS[k] + tr.VelRadS[k+1]) / 2 * DtMs / 1000
		if d := math.Abs(math.Remainder(x-tr.PosRad[k], 2*math.Pi)); d > 1e-6 {
			t.Fatalf("position %g at sample %d, want %g mod 2pi", tr.PosRad[k], k, x)
		}
	}
	if tr2 := RandomTrajectory(65, 20000); tr2.VelRadS[rest+1000] != tr.VelRadS[rest+1000] {
		t.Error("the same seed gave another trajectory")
	}
	if tr3 := RandomTrajectory(66, 20000); tr3.VelRadS[rest+1000] == tr.VelRadS[rest+1000] {
		t.Error("another seed gave the same trajectory")
	}
}

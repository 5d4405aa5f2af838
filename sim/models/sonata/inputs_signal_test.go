package sonata

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/random123"
)

// checkTable compares a table with neurodamus's: times exactly, values
// to every printed digit (within half a unit of the last digit of the
// shortest form of the value, when printed is set), else within tol.
func checkTable(t *testing.T, what string, s *signal, wantT, wantA []float64, tol float64) {
	t.Helper()
	if len(s.t) != len(wantT) || len(s.a) != len(wantA) {
		t.Fatalf("%s: %d points %v %v, want %d: %v %v", what, len(s.t), s.t, s.a, len(wantT), wantT, wantA)
	}
	for i := range wantT {
		tol := tol
		if tol < 0 {
			tol = printedTol(wantA[i])
		}
		if math.Abs(s.t[i]-wantT[i]) > 1e-12 || math.Abs(s.a[i]-wantA[i]) > tol {
			t.Errorf("%s: point %d (%.10g, %.10g), want (%g, %g)", what, i, s.t[i], s.a[i], wantT[i], wantA[i])
		}
	}
}

// printedTol is half a unit of the last digit of w as printed (its
// shortest decimal form).
func printedTol(w float64) float64 {
	if w == 0 {
		return 1e-12
	}
	d := strings.TrimLeft(strings.Replace(strings.SplitN(strconv.FormatFloat(math.Abs(w), 'e', -1, 64), "e", 2)[0], ".", "", 1), "0")
	e := math.Floor(math.Log10(math.Abs(w)))
	return 0.5 * math.Pow(10, e-float64(len(d)-1))
}

// TestSignalPrimitives checks the tables of neurodamus's
// tests/unit/test_stimuli.py and test_stimulus2.py (SPEC 7.2).
func TestSignalPrimitives(t *testing.T) {
	s := newSignal(0, 0)
	s.segment(1.2, 10, 1.2)
	checkTable(t, "segment", s, []float64{0, 10}, []float64{1.2, 1.2}, 0)
	for _, base := range []float64{-1, 0, 1.5} {
		s = newSignal(base, 0)
		s.pulse(1.2, 10)
		checkTable(t, "pulse", s, []float64{0, 0, 10, 10}, []float64{base, 1.2, 1.2, base}, 0)
	}
	s = newSignal(0, 0)
	s.pulse(1.2, 10)
	s.delay(5)
	s.pulse(0.8, 5)
	checkTable(t, "pulse delay pulse", s, []float64{0, 0, 10, 10, 15, 15, 20, 20}, []float64{0, 1.2, 1.2, 0, 0, 0.8, 0.8, 0}, 0)
	s = newSignal(0, 0)
	s.ramp(5, 7.5, 10)
	checkTable(t, "ramp", s, []float64{0, 0, 10, 10}, []float64{0, 5, 7.5, 0}, 0)
	s = newSignal(-1, 10)
	s.ramp(1, 2, 2)
	checkTable(t, "ramp base -1 delay 10", s, []float64{0, 10, 10, 12, 12}, []float64{-1, -1, 1, 2, -1}, 0)
	s = newSignal(0, 0)
	s.train(1.2, 10, 20, 350)
	var wt, wa []float64
	for k := range 4 {
		t0 := 100 * float64(k)
		wt = append(wt, t0, t0, t0+20, t0+20)
		wa = append(wa, 0, 1.2, 1.2, 0)
	}
	checkTable(t, "train", s, append(wt, 350), append(wa, 0), 0)
	s = newSignal(0, 0)
	if err := s.sin(1, 0.1, 10000, 0.025); err != nil {
		t.Fatal(err)
	}
	checkTable(t, "sin 10 kHz", s, []float64{0, 0.025, 0.05, 0.075, 0.1, 0.1}, []float64{0, 1, 0, -1, 0, 0}, 1e-12)
	s = newSignal(0, 0)
	if err := s.sin(1, 200, 10, 25); err != nil {
		t.Fatal(err)
	}
	checkTable(t, "sin 10 Hz", s, []float64{0, 25, 50, 75, 100, 125, 150, 175, 200, 200},
		[]float64{0, 1, 0, -1, 0, 1, 0, -1, 0, 0}, 1e-12)
	s = newSignal(0.1, 0)
	s.pulses(0.5, 1, 2, 3, 4)
	checkTable(t, "pulses", s, []float64{0, 0, 0.5, 0.5, 1, 1, 1.5, 1.5, 2, 2}, []float64{0.1, 1, 1, 2, 2, 3, 3, 4, 4, 0.1}, 0)
}

// stream123 is test_stimulus2.py's Random123(1, 2, 3), global index 0.
func stream123() *random123.Random { return random123.NewRandom(random123.NewStream(1, 2, 3, 0)) }

// grid returns [0, 0, h, ..., dur, dur].
func grid(h, dur float64) []float64 {
	n := int(math.Floor(dur/h+1e-9)) + 1
	out := []float64{0}
	for k := range n {
		out = append(out, float64(k)*h)
	}
	return append(out, dur)
}

// TestSignalNoisy checks the noise, shot-noise and Ornstein-Uhlenbeck
// tables of test_stimulus2.py on the stream Random123(1, 2, 3), to every
// printed digit (SPEC 7.2, SPEC 8 check 5).
func TestSignalNoisy(t *testing.T) {
	s := newSignal(0, 0)
	if err := s.noise(stream123(), 0.5, 0.1, 5, 0.5); err != nil {
		t.Fatal(err)
	}
	checkTable(t, "noise", s, grid(0.5, 5), []float64{0, 0.70681968, 0.56316322, 0.5539058, 0.6810689, 0.20896532,
		1.00691217, 0.78783759, 0.68817496, -6.4286609e-05, 0.21165959, 0.03874813, 0}, -1)

	s = newSignal(0, 0)
	if err := s.shotNoise(stream123(), 4, 0.4, 2000, 0.04, 0.0016, 2, 0.25); err != nil {
		t.Fatal(err)
	}
	checkTable(t, "shot noise", s, grid(0.25, 2), []float64{0, 0, 0, 0, 0, 0, 0.0700357, 0.1032799, 0.1170881, 0.1207344, 0}, -1)

	s = newSignal(0, 0)
	if err := s.ou(stream123(), 2.8, 0.0042, 0.029, 2, 0.25); err != nil {
		t.Fatal(err)
	}
	checkTable(t, "OU", s, grid(0.25, 2), []float64{0, 0.029, 0.02933925, 0.0295998, 0.03052109, 0.02882802,
		0.03156533, 0.03289219, 0.03357043, 0.03049419, 0}, -1)

	// Stacking: noise, delay, shot noise.
	s = newSignal(0, 0)
	if err := s.noise(stream123(), 0.5, 0.1, 2, 0.5); err != nil {
		t.Fatal(err)
	}
	if len(s.t) != 7 {
		t.Errorf("noise over 2 ms: %d points, want 7", len(s.t))
	}
	s.delay(2)
	if err := s.shotNoise(stream123(), 4, 0.4, 2000, 0.04, 0.0016, 2, 0.25); err != nil {
		t.Fatal(err)
	}
	if len(s.t) != 18 || s.t[7] != 4 || s.a[7] != 0 || s.t[17] != 6 || s.a[17] != 0 {
		t.Errorf("stacked: %d points, shot noise from (%g, %g) to (%g, %g); want 18, (4, 0) to (6, 0)",
			len(s.t), s.t[7], s.a[7], s.t[len(s.t)-1], s.a[len(s.a)-1])
	}
}

// TestShotMoments checks that the shot-noise parameters of a mean, a
// standard deviation and a skew give them back by Campbell's theorem:
// mean rate amp_mean Xi, variance rate (amp_var + amp_mean^2) Xi2, Xi
// and Xi2 the integrals of the unit-peak kernel and its square.
func TestShotMoments(t *testing.T) {
	const tauD, tauR, mu, sigma = 28.0, 2.8, 0.02, 0.01
	rate, am, av, err := shotMoments(tauD, tauR, mu, sigma, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	tpk := math.Log(tauD/tauR) / (1/tauR - 1/tauD)
	f := math.Exp(-tpk/tauD) - math.Exp(-tpk/tauR)
	xi := (tauD - tauR) / f
	// integral of (exp(-t/tauD) - exp(-t/tauR))^2 / f^2
	xi2 := (tauD/2 + tauR/2 - 2*tauD*tauR/(tauD+tauR)) / (f * f)
	lam := rate / 1000
	if m := lam * am * xi; math.Abs(m-mu) > 1e-12 {
		t.Errorf("mean %g, want %g", m, mu)
	}
	if v := lam * (av + am*am) * xi2; math.Abs(math.Sqrt(v)-sigma) > 1e-9 {
		t.Errorf("sd %g, want %g", math.Sqrt(v), sigma)
	}
	if _, _, _, err := shotMoments(tauR, tauD, mu, sigma, 0.5); err == nil {
		t.Error("rise > decay accepted")
	}
}

// TestConductanceTable checks the resistances played for a conductance
// (Q6): (0, 0) first, 1/g inside (1e-9, 1e9), 1e9 MOhm outside.
func TestConductanceTable(t *testing.T) {
	s := newSignal(0, 0)
	s.pulse(0.5, 10)
	tt, rs, err := s.conductanceTable()
	if err != nil {
		t.Fatal(err)
	}
	wantT := []float64{0, 0, 0, 10, 10}
	wantRs := []float64{1e9, 1e9, 2, 2, 1e9}
	for i := range wantT {
		if tt[i] != wantT[i] || rs[i] != wantRs[i] {
			t.Fatalf("(%v, %v), want (%v, %v)", tt, rs, wantT, wantRs)
		}
	}
}

package gridcells

import (
	"math"
	"testing"
)

// movingBumps returns the spike trains (ms) of nRings rings of n cells with
// cell phases 2 pi c/nPhases, whose activity pattern (n/nPhases bumps)
// moves at omega rad/s: cell c fires every 20 ms (staggered by cell) while
// cos(phi_c - theta(t)) > 0.6, theta(t) = 1 + omega t.
func movingBumps(n, nPhases, nRings, durMs int, omega float64) [][]float64 {
	tr := make([][]float64, nRings*n)
	for c := range tr {
		phi := 2 * math.Pi * float64(c%n) / float64(nPhases)
		for t := 0; t < durMs; t++ {
			th := 1 + omega*float64(t)/1000
			if math.Cos(phi-th) > 0.6 && (t+7*c)%20 == 0 {
				tr[c] = append(tr[c], float64(t)+0.425)
			}
		}
	}
	return tr
}

func TestGCMovingBumpKnownSpeed(t *testing.T) {
	rc := RingCode{NPerSheet: 192, NPhases: 64}
	for _, omega := range []float64{0, 2, -5, 6.3, 9} {
		tr := movingBumps(192, 64, 2, 3000, omega)
		v, err := rc.SpeedOfNetwork(tr, 3000, 100)
		if err != nil {
			t.Fatal(err)
		}
		// Edge effects of the 'same' convolution and the 20 ms firing grid
		// leave a small error.
		if math.Abs(v-omega) > 0.02*math.Abs(omega)+0.02 {
			t.Errorf("omega %g rad/s: SpeedOfNetwork %g", omega, v)
		}
		if cps := rc.CellsPerSecond(v); math.Abs(cps-v*64/(2*math.Pi)) > 1e-12 {
			t.Errorf("CellsPerSecond(%g) = %g", v, cps)
		}
		// Three bumps on 192 cells: spacing 64 cells in every window.
		s, err := GridScaleNeurons(tr[:192], 3000, 100, 3)
		if err != nil || math.Abs(s-64) > 1 {
			t.Errorf("omega %g rad/s: GridScaleNeurons %g, %v; want 64", omega, s, err)
		}
		// The interneuron decoder (causal low-pass, ~8 ms group delay)
		// lags the pattern by about omega x delay.
		pos, err := rc.DecodePosFromInterneurons(tr[:192], 3000)
		if err != nil {
			t.Fatal(err)
		}
		vi, _ := NetworkSpeed(pos[500:], 2*math.Pi, len(pos)-500)
		if math.Abs(vi-omega) > 0.02*math.Abs(omega)+0.02 {
			t.Errorf("omega %g rad/s: interneuron-decoded speed %g", omega, vi)
		}
	}
}

func TestButterLowpassResponse(t *testing.T) {
	// The magnitude of a digital Butterworth filter at f is
	// 1/sqrt(1 + (tan(pi f/fs)/tan(pi fc/fs))^(2 order)).
	for _, tc := range []struct {
		order  int
		fc, fs float64
	}{{6, 35, 1000}, {3, 100, 1000}, {4, 5, 200}} {
		sos, err := ButterLowpassSOS(tc.order, tc.fc, tc.fs)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []float64{0, tc.fc / 2, tc.fc, 2 * tc.fc} {
			// Steady-state amplitude of a sine through the filter.
			n := int(40 * tc.fs / math.Max(f, tc.fc/4))
			x := make([]float64, n)
			for i := range x {
				x[i] = math.Cos(2 * math.Pi * f * float64(i) / tc.fs)
			}
			y := SOSFilter(sos, x)
			amp := sineAmplitude(y[n/2:], 2*math.Pi*f/tc.fs, n/2)
			r := math.Tan(math.Pi*f/tc.fs) / math.Tan(math.Pi*tc.fc/tc.fs)
			want := 1 / math.Sqrt(1+math.Pow(r, 2*float64(tc.order)))
			if math.Abs(amp-want) > 2e-3 {
				t.Errorf("order %d, fc %g Hz: gain at %g Hz %.5f, want %.5f", tc.order, tc.fc, f, amp, want)
			}
		}
	}
}

// sineAmplitude is the amplitude of the least-squares fit a cos(w k) + b
// sin(w k) to y[k] (k counted from k0), or the mean of y for w = 0.
func sineAmplitude(y []float64, w float64, k0 int) float64 {
	if w == 0 {
		s := 0.0
		for _, v := range y {
			s += v
		}
		return math.Abs(s / float64(len(y)))
	}
	var cc, ss, cs, yc, ys float64
	for i, v := range y {
		c, s := math.Cos(w*float64(k0+i)), math.Sin(w*float64(k0+i))
		cc += c * c
		ss += s * s
		cs += c * s
		yc += v * c
		ys += v * s
	}
	det := cc*ss - cs*cs
	a := (yc*ss - ys*cs) / det
	b := (ys*cc - yc*cs) / det
	return math.Hypot(a, b)
}

func TestSimpsonExact(t *testing.T) {
	// Simpson's rule integrates cubics exactly for an odd number of
	// samples; Cartwright's rule keeps quadratics exact for an even number
	// (the average rule does not: its trapezoids err by h^3 y''/12).
	for n := 3; n <= 12; n++ {
		y := make([]float64, n)
		for i := range y {
			x := float64(i) * 0.5
			y[i] = 2 - x + 3*x*x
		}
		L := float64(n-1) * 0.5
		want := 2*L - L*L/2 + L*L*L
		for _, rule := range []SimpsonRule{SimpsonCartwright, SimpsonAvg} {
			if rule == SimpsonAvg && n%2 == 0 {
				// Error of the averaged trapezoids: h^3 y''/12 = 0.0625 here.
				if got := Simpson(y, 0.5, rule); math.Abs(got-want-0.0625) > 1e-12*want {
					t.Errorf("n %d avg: %v, want %v + 0.0625", n, got, want)
				}
				continue
			}
			if got := Simpson(y, 0.5, rule); math.Abs(got-want) > 1e-12*want {
				t.Errorf("n %d rule %d: %v, want %v", n, rule, got, want)
			}
		}
	}
}

func TestBiasKnownShift(t *testing.T) {
	// A stellate code ahead of the interneuron code by 0.3 rad while the
	// pattern moves +, and behind by 0.3 (i.e. ahead in the direction of
	// motion) while it moves -: bias +0.3.
	const T, tc = 2000, 1000
	st, in := make([]float64, T), make([]float64, T)
	for t := 0; t < T; t++ {
		th := 0.004 * float64(t)
		if t >= tc {
			th = 0.004*tc - 0.004*float64(t-tc)
		}
		in[t] = pyMod(th, 2*math.Pi)
		if t < tc {
			st[t] = pyMod(th+0.3, 2*math.Pi)
		} else {
			st[t] = pyMod(th-0.3, 2*math.Pi)
		}
	}
	b, err := StellateLead(st, in, 2*math.Pi, PredWindows{AllotheticMs: 100, DirChangeMs: tc, EndMs: T})
	if err != nil || math.Abs(b-0.3) > 1e-12 {
		t.Errorf("StellateLead = %v, %v; want 0.3", b, err)
	}
}

func TestBinSpikesMs(t *testing.T) {
	for _, tc := range []struct {
		spikes []float64
		T      int
		ones   []int
	}{
		{[]float64{0.2, 0.7, 1.0, 2.999, 3, -1}, 3, []int{0, 1, 2}},
		{[]float64{5.5, 5.9, 7}, 10, []int{5, 7}},
		{nil, 4, nil},
	} {
		b, err := BinSpikesMs([][]float64{tc.spikes}, tc.T)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]float64, tc.T)
		for _, k := range tc.ones {
			want[k] = 1
		}
		checkSeries(t, "BinSpikesMs", b[0], want, 0, 0)
	}
	if _, err := BinSpikesMs(nil, 0); err == nil {
		t.Error("BinSpikesMs(0 ms): no error")
	}
}

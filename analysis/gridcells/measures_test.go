package gridcells

import (
	"math"
	"math/cmplx"
	"testing"
)

func TestGCRatesAgainstOriginal(t *testing.T) {
	r := loadGCRef(t)
	T := r.SimDur
	ira, err := InstantRateAll(r.stell, T, 100)
	if err != nil {
		t.Fatal(err)
	}
	for k, c := range r.InstantRateAllRows {
		// The original convolves by FFT: its noise floor is ~1e-15 of the
		// row's maximum, so values are compared relative to that maximum.
		checkSeries(t, "instant_rate_all row", ira[c], r.InstantRateAll[k], 1e-6, maxAbs(r.InstantRateAll[k]))
	}
	for _, tc := range []struct {
		name   string
		trains [][]float64
		T      int
		sigma  float64
		want   []float64
		perHz  bool
	}{
		{"instant_rate_all sigma 7", r.stell[60:61], T, 7, r.IRASigma7Row60, false},
		{"instant_rate_all odd T", r.stell[60:61], T - 1, 25, r.IRAOddRow60, false},
		{"instant_rate sigma 40", r.stell[60:61], T, 40, r.IRCell60Sigma40, true},
	} {
		var got []float64
		if tc.perHz {
			got, err = InstantRate(tc.trains[0], tc.T, tc.sigma)
			for i := range got {
				got[i] /= 1000 // the original's spikes/ms
			}
		} else {
			var g [][]float64
			g, err = InstantRateAll(tc.trains, tc.T, tc.sigma)
			if err == nil {
				got = g[0]
			}
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		checkSeries(t, tc.name, got, tc.want, 1e-6, maxAbs(tc.want))
	}
	for _, tc := range []struct {
		name   string
		trains [][]float64
		want   float64
	}{{"stell", r.stell, r.RateStell}, {"intrnrn", r.intrnrn, r.RateIntrnrn}} {
		got, err := MeanRateHz(tc.trains, float64(T))
		if err != nil || !closeRel(got, tc.want, 1e-12, 0) {
			t.Errorf("MeanRateHz(%s) = %v, %v, want %v", tc.name, got, err, tc.want)
		}
	}
}

func TestGCDecodeAgainstOriginal(t *testing.T) {
	r := loadGCRef(t)
	T := r.SimDur
	rc := RingCode{NPerSheet: r.NPerSheet, NPhases: r.NPhases, Lambda: r.Lambda0}
	got, err := rc.DecodePos(r.stell, T, 100)
	if err != nil {
		t.Fatal(err)
	}
	checkCircular(t, "decode_pos", got, r.DecodePos, rc.Lambda, 1e-6*rc.Lambda)
	rc2 := RingCode{NPerSheet: r.NPerSheet, NPhases: r.NPhases}
	got, _ = rc2.DecodePos(r.stell, T, 40)
	checkCircular(t, "decode_pos sigma 40", got, r.DecodePosSigma40, 2*math.Pi, 1e-6*2*math.Pi)
	got, err = rc.DecodePosFromInterneurons(r.intrnrn, T)
	if err != nil {
		t.Fatal(err)
	}
	checkCircular(t, "decode_pos_by_intrnrn", got, r.DecodePosFromInterneurons, rc.Lambda, 1e-6*rc.Lambda)

	sos, err := ButterLowpassSOS(6, 35, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(sos) != len(r.ButterSOS) {
		t.Fatalf("%d sections, want %d", len(sos), len(r.ButterSOS))
	}
	for i := range sos {
		checkSeries(t, "butter sos", sos[i][:], r.ButterSOS[i][:], 1e-9, 1e-12)
	}

	checkSeries(t, "unwrap", UnwrapPeriod(r.UnwrapIn, 2*math.Pi), r.UnwrapOut, 1e-12, 1)
	checkSeries(t, "unwrap period 5", UnwrapPeriod(r.UnwrapInP5, 5), r.UnwrapOutP5, 1e-12, 1)

	v, err := rc.SpeedOfNetwork(r.stell, T, 100)
	if err != nil || !closeRel(v, r.SpeedRadS, 1e-6, 0) {
		t.Errorf("SpeedOfNetwork = %v, %v, want %v", v, err, r.SpeedRadS)
	}
	pos, _ := rc.DecodePos(r.stell, T, 100)
	v, err = NetworkSpeed(pos, rc.Lambda, 1500)
	if err != nil || !closeRel(v, r.SpeedPredRadS, 1e-6, 0) {
		t.Errorf("NetworkSpeed (pred version, 1500 ms) = %v, %v, want %v", v, err, r.SpeedPredRadS)
	}
}

func TestGCBumpsAgainstOriginal(t *testing.T) {
	r := loadGCRef(t)
	T, N := r.SimDur, r.NPerSheet
	for _, tc := range []struct {
		name   string
		trains [][]float64
		win    int
		sigma  float64
		want   [][]float64
	}{
		{"stell ring 1, 100 ms, 3 cells", r.stell[:N], 100, 3, r.PeriodicActivity100x3},
		{"intrnrn, 300 ms, 5 cells", r.intrnrn, 300, 5, r.PeriodicActivityIn300x5},
	} {
		got, err := PeriodicActivity(tc.trains, T, tc.win, tc.sigma)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %d windows, want %d", tc.name, len(got), len(tc.want))
		}
		for w := range got {
			checkSeries(t, tc.name, got[w], tc.want[w], 1e-9, 1e-9)
		}
	}
	for _, tc := range []struct {
		name         string
		trains       [][]float64
		win          int
		scale, field float64
	}{
		{"ring 1, 100 ms", r.stell[:N], 100, r.GridScale100, r.GridFieldSizes100},
		{"ring 1, 1000 ms", r.stell[:N], 1000, r.GridScale1000, r.GridFieldSizes1000},
		{"intrnrn, 100 ms", r.intrnrn, 100, r.GridScaleIntrnrn100, r.GridFieldSizesIntrnrn100},
	} {
		s, err := GridScaleNeurons(tc.trains, T, tc.win, 3)
		if err != nil || !closeRel(s, tc.scale, 1e-12, 0) {
			t.Errorf("GridScaleNeurons(%s) = %v, %v, want %v", tc.name, s, err, tc.scale)
		}
		// The reference ran on scipy 1.10, whose simpson averages for an
		// even number of samples.
		f, err := GridFieldSizesNeurons(tc.trains, T, tc.win, 3, SimpsonAvg)
		if err != nil || !closeRel(f, tc.field, 1e-9, 0) {
			t.Errorf("GridFieldSizesNeurons(%s) = %v, %v, want %v", tc.name, f, err, tc.field)
		}
		// scipy >= 1.11's rule differs only on even-length integrals, by a
		// fraction of a sample at the tails (under 1 %). Here every window
		// [int(k - P/2), int(k + P/2)) has an odd length, so the two agree.
		fc, err := GridFieldSizesNeurons(tc.trains, T, tc.win, 3, SimpsonCartwright)
		if err != nil || math.Abs(fc-f) > 1e-12*f {
			t.Errorf("GridFieldSizesNeurons(%s, Cartwright) = %v, %v; avg %v", tc.name, fc, err, f)
		}
	}
	pk := FindPeaks(r.FindPeaksIn)
	if len(pk) != len(r.FindPeaksOut) {
		t.Errorf("FindPeaks = %v, want %v", pk, r.FindPeaksOut)
	} else {
		for i := range pk {
			if pk[i] != r.FindPeaksOut[i] {
				t.Errorf("FindPeaks = %v, want %v", pk, r.FindPeaksOut)
				break
			}
		}
	}
	for i, y := range r.SimpsonIn {
		if got := Simpson(y, 1, SimpsonAvg); !closeRel(got, r.SimpsonOut[i], 1e-12, 0) {
			t.Errorf("Simpson(%d samples) = %v, want %v", len(y), got, r.SimpsonOut[i])
		}
	}
}

func TestGCFieldsAgainstOriginal(t *testing.T) {
	r := loadGCRef(t)
	N := r.NPerSheet
	clean := CleanSpikes(r.stell, 1)
	for c := range clean {
		if len(clean[c]) != r.CleanCounts[c] {
			t.Errorf("CleanSpikes: cell %d keeps %d spikes, want %d", c, len(clean[c]), r.CleanCounts[c])
		}
	}
	for c := 0; c < N; c++ {
		var removed []float64
		k := 0
		for _, s := range r.stell[c] {
			if k < len(clean[c]) && clean[c][k] == s {
				k++
				continue
			}
			removed = append(removed, s)
		}
		checkSeries(t, "CleanSpikes removed", removed, r.CleanRemoved[c], 0, 0)
	}
	sep := SeparateFields(r.stell, 1)
	for c, want := range r.SeparateFields {
		if (want == nil) != (sep[c] == nil) || len(want) != len(sep[c]) {
			t.Errorf("SeparateFields: cell %d has %d fields, want %d", c, len(sep[c]), len(want))
			continue
		}
		for i, f := range sep[c] {
			if got := [3]float64{f[0], f[len(f)-1], float64(len(f))}; got != want[i] {
				t.Errorf("SeparateFields: cell %d field %d (first, last, n) = %v, want %v", c, i, got, want[i])
			}
		}
	}
	for _, tc := range []struct {
		name   string
		fn     func([][]float64) (float64, error)
		trains [][]float64
		want   float64
	}{
		{"GridFieldSizesTime all", GridFieldSizesTime, r.stell, r.FieldSizeTime},
		{"GridScalesTime all", GridScalesTime, r.stell, r.ScaleTime},
		{"GridFieldSizesTime ring 1", GridFieldSizesTime, r.stell[:N], r.FieldSizeTimeRing1},
		{"GridScalesTime ring 1", GridScalesTime, r.stell[:N], r.ScaleTimeRing1},
	} {
		got, err := tc.fn(tc.trains)
		if err != nil || !closeRel(got, tc.want, 1e-9, 0) {
			t.Errorf("%s = %v, %v, want %v", tc.name, got, err, tc.want)
		}
	}
	sh := ShiftFieldsToCenter(r.stell[:N])
	if len(sh[60]) != len(r.ShiftFieldsCell60) {
		t.Fatalf("ShiftFieldsToCenter: %d fields, want %d", len(sh[60]), len(r.ShiftFieldsCell60))
	}
	for i := range sh[60] {
		checkSeries(t, "ShiftFieldsToCenter", sh[60][i], r.ShiftFieldsCell60[i], 1e-12, 1)
	}
}

func TestGCPredAgainstOriginal(t *testing.T) {
	r := loadGCRef(t)
	T, N, l := r.SimDur, r.NPerSheet, r.Lambda0
	w := PredWindows{AllotheticMs: 0, DirChangeMs: 1500, EndMs: T}
	b, err := StellateLead(r.DecodePos, r.DecodePosFromInterneurons, l, w)
	if err != nil || !closeRel(b, r.Bias, 1e-9, 0) {
		t.Errorf("StellateLead = %v, %v, want %v", b, err, r.Bias)
	}
	// The script lets ring 1 stand in for the nearly silent ring 2.
	stell := append(append([][]float64{}, r.stell[:N]...), r.stell[:N]...)
	fs, skipped, err := FieldSizePred(stell, r.DecodePosFromInterneurons, N, l, w)
	if err != nil || skipped != 0 || !closeRel(fs, r.FieldSize, 1e-9, 0) {
		t.Errorf("FieldSizePred = %v (%d skipped), %v, want %v", fs, skipped, err, r.FieldSize)
	}
	sep, err := SeparateFieldsAtLargestGap(r.stell[60])
	if err != nil || len(sep) != len(r.SepFieldsPred60) {
		t.Fatalf("SeparateFieldsAtLargestGap: %d fields, %v; want %d", len(sep), err, len(r.SepFieldsPred60))
	}
	for i := range sep {
		checkSeries(t, "SeparateFieldsAtLargestGap", sep[i], r.SepFieldsPred60[i], 0, 0)
	}
	ru, err := RemoveUnevenFields(r.stell[60], 0, 1500)
	if err != nil || len(ru) != len(r.RemoveUnevenCell60) {
		t.Fatalf("RemoveUnevenFields: %d fields, %v; want %d", len(ru), err, len(r.RemoveUnevenCell60))
	}
	for i := range ru {
		checkSeries(t, "RemoveUnevenFields", ru[i], r.RemoveUnevenCell60[i], 0, 0)
	}
	pos, err := FieldPositions(ru, r.DecodePosFromInterneurons)
	if err != nil {
		t.Fatal(err)
	}
	for i := range pos {
		checkSeries(t, "FieldPositions", pos[i], r.FieldPosCell60[i], 0, 0)
	}
	for _, tc := range []struct {
		win  float64
		want [][]float64
	}{{6, r.ConvFieldPos60}, {3, r.ConvFieldPos60W3}} {
		got := ConvolveFieldPos(r.FieldPosCell60, l, r.NPhases, tc.win)
		if len(got) != len(tc.want) {
			t.Fatalf("ConvolveFieldPos: %d fields, want %d", len(got), len(tc.want))
		}
		for i := range got {
			checkSeries(t, "ConvolveFieldPos", got[i], tc.want[i], 1e-9, maxAbs(tc.want[i]))
		}
	}
	g := make([][]float64, N)
	for c := range g {
		g[c] = make([]float64, T)
		for k := range g[c] {
			g[c][k] = 1e-4 * (1 + math.Sin(0.013*float64(k)+float64(c)))
		}
	}
	f, la, err := ConductanceAtFieldEdges(r.stell[:N], g, 1)
	if err != nil || !closeRel(f, r.InhibGFirstLast[0], 1e-9, 0) || !closeRel(la, r.InhibGFirstLast[1], 1e-9, 0) {
		t.Errorf("ConductanceAtFieldEdges = %v, %v, %v; want %v", f, la, err, r.InhibGFirstLast)
	}
	for _, c := range r.CircularDifference {
		if got := CircularDifference(c[0], c[1], l); !closeRel(got, c[2], 1e-12, 1e-12) {
			t.Errorf("CircularDifference(%v, %v) = %v, want %v", c[0], c[1], got, c[2])
		}
	}
}

func TestGCSpectraAgainstOriginal(t *testing.T) {
	r := loadGCRef(t)
	s, err := DetrendedFFT(r.quietV, 0.1e-3)
	if err != nil {
		t.Fatal(err)
	}
	checkSeries(t, "calc_fft power", s.Power[:len(r.FFTPowerFirst200)], r.FFTPowerFirst200, 1e-6, maxAbs(r.FFTPowerFirst200))
	if f, err := s.PeakBin(1, 140); err != nil || f != r.FFTPeakHz {
		t.Errorf("PeakBin = %v, %v, want %v", f, err, r.FFTPeakHz)
	}
}

func TestDetrendedFFTSine(t *testing.T) {
	for _, tc := range []struct {
		fHz, durS, dtS float64
	}{{7.97, 10, 0.1e-3}, {7.5, 2, 1e-3}, {40, 1, 0.025e-3}} {
		n := int(tc.durS/tc.dtS + 0.5)
		x := make([]float64, n)
		for k := range x {
			tt := float64(k) * tc.dtS
			x[k] = 3 - 2*tt + 0.7*math.Sin(2*math.Pi*tc.fHz*tt)
		}
		s, err := DetrendedFFT(x, tc.dtS)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := s.PeakBin(1, len(s.Power))
		if df := 1 / tc.durS; math.Abs(f-tc.fHz) > df/2+1e-9 {
			t.Errorf("peak of a %g Hz sine: %g Hz (bins %g Hz)", tc.fHz, f, df)
		}
	}
}

// TestImpedanceChirp drives a linear resonant membrane (a leak with a slow
// negative feedback: C dV/dt = -gL V - gw w + I, tau dw/dt = V - w, whose
// impedance is 1/(gL + i w C + gw/(1 + i w tau))) with a chirp and checks
// the measured impedance and resonance against the analytic ones.
func TestImpedanceChirp(t *testing.T) {
	const (
		C, gL, gw, tau = 1.0, 0.05, 0.4, 60.0 // nF, uS, uS, ms: V in mV, I in nA
		dtMs, durMs    = 0.1, 20000.0
		f0, f1         = 0.0, 25.0 // Hz
	)
	zTrue := func(fHz float64) complex128 {
		w := complex(0, 2*math.Pi*fHz/1000) // rad/ms
		return 1 / (complex(gL, 0) + w*C + complex(gw, 0)/(1+w*tau))
	}
	n := int(durMs / dtMs)
	v, cur := make([]float64, n), make([]float64, n)
	var V, W float64
	inp := func(tMs float64) float64 {
		ts := tMs / 1000
		return 0.05 * math.Sin(2*math.Pi*(f0*ts+(f1-f0)*ts*ts/(2*durMs/1000)))
	}
	deriv := func(tMs, V, W float64) (float64, float64) {
		return (-gL*V - gw*W + inp(tMs)) / C, (V - W) / tau
	}
	for k := 0; k < n; k++ {
		tt := float64(k) * dtMs
		v[k], cur[k] = V, inp(tt)
		a1, b1 := deriv(tt, V, W)
		a2, b2 := deriv(tt+dtMs/2, V+dtMs/2*a1, W+dtMs/2*b1)
		a3, b3 := deriv(tt+dtMs/2, V+dtMs/2*a2, W+dtMs/2*b2)
		a4, b4 := deriv(tt+dtMs, V+dtMs*a3, W+dtMs*b3)
		V += dtMs / 6 * (a1 + 2*a2 + 2*a3 + a4)
		W += dtMs / 6 * (b1 + 2*b2 + 2*b3 + b4)
	}
	freq, z, err := Impedance(v, cur, dtMs/1000)
	if err != nil {
		t.Fatal(err)
	}
	// Analytic resonance on a fine grid.
	fr, best := 0.0, 0.0
	for f := 0.01; f < 25; f += 0.001 {
		if a := cmplx.Abs(zTrue(f)); a > best {
			fr, best = f, a
		}
	}
	got, err := ResonanceFrequency(freq, z, 1, 20)
	if err != nil || math.Abs(got-fr) > 0.25 {
		t.Errorf("resonance %v Hz, %v; analytic %.3f Hz", got, err, fr)
	}
	for k, f := range freq {
		if f < 1 || f > 20 {
			continue
		}
		if rel := cmplx.Abs(z[k])/cmplx.Abs(zTrue(f)) - 1; math.Abs(rel) > 0.05 {
			t.Errorf("|Z(%.2f Hz)| = %.3f, analytic %.3f", f, cmplx.Abs(z[k]), cmplx.Abs(zTrue(f)))
			break
		}
	}
	t.Logf("resonance %.3f Hz (analytic %.3f Hz)", got, fr)
}

package analysis

import (
	"math"
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
		name    string
		trains  [][]float64
		T       int
		sigma   float64
		want    []float64
		perHz   bool
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
	got, err = rc.DecodePosByIntrnrn(r.intrnrn, T)
	if err != nil {
		t.Fatal(err)
	}
	checkCircular(t, "decode_pos_by_intrnrn", got, r.DecodePosByIntrnrn, rc.Lambda, 1e-6*rc.Lambda)

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
		// scipy >= 1.11's rule differs only on even-length integrals by a
		// fraction of a sample at the tails: under 1 % here.
		fc, err := GridFieldSizesNeurons(tc.trains, T, tc.win, 3, SimpsonCartwright)
		if err != nil || math.Abs(fc-f) > 0.01*f {
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

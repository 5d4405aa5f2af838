package analysis

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// poisson returns a Poisson train of rate hz (Hz) in [0, T) s.
func poisson(r *rand.Rand, hz, T float64) []float64 {
	var ts []float64
	for t := r.ExpFloat64() / hz; t < T; t += r.ExpFloat64() / hz {
		ts = append(ts, t)
	}
	return ts
}

func TestCounts(t *testing.T) {
	for _, c := range []struct {
		name        string
		times       []float64
		t0, t1, bin float64
		want        []float64
		err         error
	}{
		{"none", nil, 0, 1, 0.25, []float64{0, 0, 0, 0}, nil},
		{"one", []float64{0.3}, 0, 1, 0.25, []float64{0, 1, 0, 0}, nil},
		{"edges", []float64{-0.1, 0, 0.25, 0.999, 1, 2}, 0, 1, 0.25, []float64{1, 1, 0, 1}, nil},
		{"partial bin dropped", []float64{0.1, 0.95}, 0, 1, 0.3, []float64{1, 0, 0}, nil},
		{"empty window", nil, 1, 1, 0.1, nil, ErrEmptyWindow},
		{"zero bin", nil, 0, 1, 0, nil, ErrEmptyWindow},
		{"shorter than a bin", nil, 0, 0.1, 0.2, nil, ErrEmptyWindow},
	} {
		got, err := Counts(c.times, c.t0, c.t1, c.bin)
		if !errors.Is(err, c.err) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.err)
			continue
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
			continue
		}
		for k := range got {
			if got[k] != c.want[k] {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
				break
			}
		}
	}
}

func TestRates(t *testing.T) {
	// 4 neurons, 8 spikes in [0, 1) s: 2 Hz per neuron on average.
	trains := [][]float64{{0.1, 0.2, 0.6}, {0.15, 0.9}, {}, {0.3, 0.55, 0.95}}
	var all []float64
	for _, tr := range trains {
		all = append(all, tr...)
	}
	r, err := PopulationRate(all, 4, 0, 1, 0.5)
	if err != nil || len(r.Hz) != 2 || r.Hz[0] != 4.0/(4*0.5) || r.Hz[1] != 4.0/(4*0.5) {
		t.Errorf("PopulationRate = %+v, %v; want [2 2] Hz", r, err)
	}
	if ts := r.Times(); ts[0] != 0.25 || ts[1] != 0.75 {
		t.Errorf("Times = %v", ts)
	}
	if _, err := PopulationRate(all, 0, 0, 1, 0.5); err == nil {
		t.Error("PopulationRate of 0 neurons: no error")
	}
	nr, err := NeuronRates(trains, 0, 1)
	if err != nil || nr[0] != 3 || nr[1] != 2 || nr[2] != 0 || nr[3] != 3 {
		t.Errorf("NeuronRates = %v, %v", nr, err)
	}
	if _, err := NeuronRates(trains, 1, 0); !errors.Is(err, ErrEmptyWindow) {
		t.Errorf("NeuronRates of an inverted window: %v", err)
	}
	br, err := BinnedRates(trains, 0, 1, 0.5)
	if err != nil || br[0][0] != 4 || br[0][1] != 2 || br[2][0] != 0 {
		t.Errorf("BinnedRates = %v, %v", br, err)
	}
	// Smoothing keeps a constant constant (edges renormalised) and
	// preserves the mean of a bump far from the edges.
	flat := []float64{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}
	sm, err := GaussianSmooth(flat, 1e-3, 2e-3)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range sm {
		if math.Abs(v-5) > 1e-12 {
			t.Fatalf("smoothed constant: %v", sm)
		}
	}
	bump := make([]float64, 201)
	bump[100] = 1000
	sm, _ = GaussianSmooth(bump, 1e-3, 5e-3)
	var s float64
	for _, v := range sm {
		s += v
	}
	if math.Abs(s-1000) > 1e-9 || math.Abs(sm[100]-1000/(5*math.Sqrt(2*math.Pi))) > 0.1 {
		t.Errorf("smoothed impulse: sum %v, peak %v", s, sm[100])
	}
	if _, err := GaussianSmooth(flat, 0, 1); err == nil {
		t.Error("GaussianSmooth with dt 0: no error")
	}
	srs, err := SmoothedRates(trains, 0, 1, 0.01, 0.02)
	if err != nil || len(srs) != 4 || len(srs[0]) != 100 {
		t.Fatalf("SmoothedRates: %v", err)
	}
	var s0 float64
	for _, v := range srs[0] {
		s0 += v * 0.01
	}
	if math.Abs(s0-3) > 0.1 {
		t.Errorf("SmoothedRates of neuron 0 integrate to %v spikes, want about 3", s0)
	}
	sr, err := SmoothedPopulationRate(all, 4, 0, 1, 0.01, 0.02)
	if err != nil || len(sr.Hz) != 100 {
		t.Fatalf("SmoothedPopulationRate: %v", err)
	}
	var mean float64
	for _, v := range sr.Hz {
		mean += v / 100
	}
	if math.Abs(mean-2) > 0.1 {
		t.Errorf("smoothed rate mean %v, want about 2 Hz", mean)
	}
}

func TestPoissonStatistics(t *testing.T) {
	// 200 Poisson neurons at 20 Hz for 50 s: 1000 spikes each. The CV, LV
	// and Fano factor are 1 for Poisson trains; averaged over 200 neurons
	// their standard errors are below 0.01.
	r := rand.New(rand.NewPCG(3, 4))
	trains := make([][]float64, 200)
	for i := range trains {
		trains[i] = poisson(r, 20, 50)
	}
	cv, n, err := MeanCV(trains)
	if err != nil || n != 200 || math.Abs(cv-1) > 0.03 {
		t.Errorf("MeanCV = %v (%d trains), %v; want 1 +- 0.03", cv, n, err)
	}
	var lv float64
	for _, tr := range trains {
		v, err := LV(tr)
		if err != nil {
			t.Fatal(err)
		}
		lv += v / float64(len(trains))
	}
	if math.Abs(lv-1) > 0.03 {
		t.Errorf("mean LV = %v, want 1 +- 0.03", lv)
	}
	f, n, err := MeanFano(trains, 0, 50, 0.5)
	if err != nil || n != 200 || math.Abs(f-1) > 0.05 {
		t.Errorf("MeanFano = %v (%d), %v; want 1 +- 0.05", f, n, err)
	}
	// Independent trains: count correlations about 0, chi about 1/sqrt(N).
	cc, err := CountCorrelations(trains, 0, 50, 0.05, 500, 1)
	if err != nil || len(cc) != 500 {
		t.Fatalf("CountCorrelations: %d, %v", len(cc), err)
	}
	var mc float64
	for _, c := range cc {
		mc += c / 500
	}
	if math.Abs(mc) > 0.01 {
		t.Errorf("mean count correlation of independent trains %v, want 0 +- 0.01", mc)
	}
	chi, err := Synchrony(trains, 0, 50, 0.005)
	if err != nil || chi > 2/math.Sqrt(200) {
		t.Errorf("Synchrony of independent trains %v, %v; want about %v", chi, err, 1/math.Sqrt(200))
	}
	// The ISI histogram of a Poisson train is exponential: the density at
	// 0 is the rate.
	h, err := ISIHistogram(trains, 0.005, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if d := h.Density()[0]; math.Abs(d-20*math.Exp(-20*0.0025)) > 1 {
		t.Errorf("ISI density near 0: %v, want about 19 /s", d)
	}
}

func TestRegularTrain(t *testing.T) {
	tr := make([]float64, 100)
	for k := range tr {
		tr[k] = 0.0005 + float64(k)*0.01
	}
	for name, f := range map[string]func([]float64) (float64, error){"CV": CV, "LV": LV} {
		if v, err := f(tr); err != nil || math.Abs(v) > 1e-9 {
			t.Errorf("%s of a regular train = %v, %v; want 0", name, v, err)
		}
		for _, few := range [][]float64{nil, {1}, {1, 2}} {
			if _, err := f(few); !errors.Is(err, ErrTooFewSpikes) {
				t.Errorf("%s(%v): %v, want ErrTooFewSpikes", name, few, err)
			}
		}
	}
	if f, err := FanoFactor(tr, 0, 1, 0.1); err != nil || math.Abs(f) > 1e-12 {
		t.Errorf("Fano of a regular train = %v, %v; want 0", f, err)
	}
	if _, err := FanoFactor(nil, 0, 1, 0.1); !errors.Is(err, ErrTooFewSpikes) {
		t.Errorf("Fano of no spikes: %v", err)
	}
	if _, err := FanoFactor(tr, 0, 1, 0.6); !errors.Is(err, ErrEmptyWindow) {
		t.Errorf("Fano with one window: %v", err)
	}
	// Identical trains: correlation 1, chi 1.
	trains := [][]float64{tr, tr, tr}
	if chi, err := Synchrony(trains, 0, 1, 0.005); err != nil || math.Abs(chi-1) > 1e-12 {
		t.Errorf("Synchrony of identical trains %v, %v; want 1", chi, err)
	}
	cc, err := CountCorrelations(trains, 0, 1, 0.005, 0, 0)
	if err != nil || len(cc) != 3 || math.Abs(cc[0]-1) > 1e-12 {
		t.Errorf("CountCorrelations of identical trains %v, %v", cc, err)
	}
	if _, err := CountCorrelations([][]float64{tr, nil}, 0, 1, 0.005, 0, 0); !errors.Is(err, ErrTooFewSpikes) {
		t.Errorf("CountCorrelations with one active neuron: %v", err)
	}
	if _, err := Synchrony([][]float64{nil, nil}, 0, 1, 0.005); !errors.Is(err, ErrTooFewSpikes) {
		t.Errorf("Synchrony without spikes: %v", err)
	}
}

func TestCorrelograms(t *testing.T) {
	// target fires 3 ms after every spike of ref.
	ref := []float64{0.1, 0.2, 0.3, 0.4}
	tgt := []float64{0.103, 0.203, 0.303, 0.403}
	h, err := CrossCorrelogram(ref, tgt, 0.01, 0.001)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Counts) != 21 || len(h.Edges) != 22 {
		t.Fatalf("%d bins", len(h.Counts))
	}
	c := h.Centres()
	for k, v := range h.Counts {
		want := 0.0
		if math.Abs(c[k]-0.003) < 1e-9 {
			want = 4
		}
		if v != want {
			t.Errorf("lag %.3f s: %v pairs, want %v", c[k], v, want)
		}
	}
	a, err := AutoCorrelogram(ref, 0.15, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	// Lags -0.1, 0, 0.1: 3 pairs each side, no zero-lag self pairs.
	if a.Counts[0] != 3 || a.Counts[1] != 0 || a.Counts[2] != 3 {
		t.Errorf("autocorrelogram %v", a.Counts)
	}
	if _, err := AutoCorrelogram(ref, 0.1, 0); !errors.Is(err, ErrEmptyWindow) {
		t.Errorf("zero bin: %v", err)
	}
	if e, err := CrossCorrelogram(nil, tgt, 0.01, 0.001); err != nil || e.Counts[10] != 0 {
		t.Errorf("no spikes: %v", err)
	}
}

func TestSpikeTriggeredAverage(t *testing.T) {
	// A signal that is 1 just before each spike and 0 elsewhere.
	dt := 1e-3
	sig := make([]float64, 1000)
	spikes := []float64{0.0005, 0.2, 0.5, 0.9995}
	for _, s := range spikes[1:3] {
		k := int(math.Round(s / dt))
		sig[k-2], sig[k-1] = 1, 1
	}
	sta, err := SpikeTriggeredAverage(spikes, sig, 0, dt, 0.005, 0.005)
	if err != nil || sta.N != 2 {
		t.Fatalf("STA: %v, %d spikes (want 2: the first and last lack a full window)", err, sta.N)
	}
	for k, l := range sta.Lags {
		want := 0.0
		if math.Abs(l+0.001) < 1e-9 || math.Abs(l+0.002) < 1e-9 {
			want = 1
		}
		if sta.Mean[k] != want {
			t.Errorf("lag %v: %v, want %v", l, sta.Mean[k], want)
		}
	}
	if _, err := SpikeTriggeredAverage(nil, sig, 0, dt, 0.005, 0.005); !errors.Is(err, ErrTooFewSpikes) {
		t.Errorf("no spikes: %v", err)
	}
}

func TestHistogram(t *testing.T) {
	h, err := NewHistogram([]float64{0.5, 1.5, 1.6, -1, 10}, 0, 3, 1)
	if err != nil || h.Counts[0] != 1 || h.Counts[1] != 2 || h.Counts[2] != 0 {
		t.Errorf("NewHistogram = %+v, %v", h, err)
	}
	if d := h.Density(); math.Abs(d[1]-2.0/3) > 1e-12 {
		t.Errorf("Density = %v", d)
	}
	if _, err := ISIHistogram(nil, 0.001, 0); !errors.Is(err, ErrEmptyWindow) {
		t.Errorf("ISIHistogram with max 0: %v", err)
	}
	cv, idx := CVs([][]float64{{1, 2, 3}, {1}, {1, 2, 4}})
	if len(cv) != 2 || idx[0] != 0 || idx[1] != 2 || cv[0] != 0 {
		t.Errorf("CVs = %v, %v", cv, idx)
	}
}

func BenchmarkRatesAndCV(b *testing.B) {
	// 12 500 neurons x 1 s at 40 Hz: 500 000 spikes.
	r := rand.New(rand.NewPCG(1, 1))
	const n = 12500
	var idx []int32
	var ts []float64
	for k := 0; k < 500000; k++ {
		idx = append(idx, int32(r.IntN(n)))
		ts = append(ts, float64(k)/500000)
	}
	b.ResetTimer()
	for range b.N {
		trains := SplitTrains(n, idx, ts)
		if _, err := NeuronRates(trains, 0, 1); err != nil {
			b.Fatal(err)
		}
		if _, err := PopulationRate(ts, n, 0, 1, 1e-3); err != nil {
			b.Fatal(err)
		}
		if _, _, err := MeanCV(trains); err != nil {
			b.Fatal(err)
		}
	}
}

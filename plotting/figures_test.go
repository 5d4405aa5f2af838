package plotting

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/analysis"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// exampleData holds a small network's worth of example results.
type exampleData struct {
	spikes []Spikes
	rates  []RateSeries
	trains [][]float64
	psd    analysis.PSD
	spec   analysis.Spectrogram
	rmap   analysis.Map
	ac     analysis.Map
	grid   analysis.GridStats
}

func newExampleData(t testing.TB) exampleData {
	var d exampleData
	d.spikes = testSpikes(5000)
	for _, s := range d.spikes {
		n := 80
		if s.Name == "I" {
			n = 20
		}
		r, err := analysis.SmoothedPopulationRate(s.Times, n, 0, 1, 1e-3, 5e-3)
		if err != nil {
			t.Fatal(err)
		}
		d.rates = append(d.rates, RateSeries{Name: s.Name, Rate: r})
		d.trains = append(d.trains, analysis.SplitTrains(n, s.Index, s.Times)...)
	}
	// A 40 Hz oscillation in noise.
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 4000)
	for k := range x {
		tt := float64(k) * 1e-3
		x[k] = 10 + 5*math.Sin(2*math.Pi*40*tt)*math.Min(1, tt) + r.NormFloat64()
	}
	var err error
	if d.psd, err = analysis.Welch(x, 1e-3, nil); err != nil {
		t.Fatal(err)
	}
	if d.spec, err = analysis.NewSpectrogram(x, 1e-3, nil); err != nil {
		t.Fatal(err)
	}
	// A hexagonal rate map of spacing 40 cm with an unvisited corner.
	n := 40
	d.rmap = analysis.Map{Nx: n, Ny: n, Bin: 0.025, Values: make([]float64, n*n), Valid: make([]bool, n*n)}
	k := 4 * math.Pi / (math.Sqrt(3) * 0.4)
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			px, py := float64(i)*0.025, float64(j)*0.025
			var v float64
			for q := 0; q < 3; q++ {
				a := 0.3 + float64(q)*math.Pi/3
				v += math.Cos(k * (px*math.Cos(a) + py*math.Sin(a)))
			}
			d.rmap.Values[j*n+i] = 5 * (v + 1.5)
			d.rmap.Valid[j*n+i] = i+j > 3
		}
	}
	if d.ac, err = analysis.Autocorrelation(d.rmap); err != nil {
		t.Fatal(err)
	}
	if d.grid, err = analysis.GridScore(d.ac); err != nil {
		t.Fatal(err)
	}
	return d
}

// firstPlot returns the plot that carries a figure's title and labels.
func firstPlot(f Figure) *plot.Plot {
	switch f := f.(type) {
	case *plot.Plot:
		return f
	case *Stack:
		return f.Plots[0]
	}
	return nil
}

func TestFiguresRender(t *testing.T) {
	d := newExampleData(t)
	cvs, _ := analysis.CVs(d.trains)
	isi, err := analysis.ISIHistogram(d.trains, 2e-3, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	var traces []Trace
	for k := 0; k < 3; k++ {
		tr := Trace{Name: []string{"n0", "n1", "n2"}[k], Dt: 1e-4, V: make([]float64, 2000)}
		v := -0.065
		for i := range tr.V {
			v += 1e-4 / 0.02 * (-0.065 + 0.02*(1+0.3*float64(k)) - v)
			if v > -0.05 {
				v = -0.065
				tr.Spikes = append(tr.Spikes, float64(i)*1e-4)
			}
			tr.V[i] = v
		}
		traces = append(traces, tr)
	}
	ring := make([]float64, 300)
	for k := range ring {
		ring[k] = 1 + 4*float64(k)*0.01
	}
	ring[100] = math.NaN()
	lfp := make([][]float64, 5)
	for e := range lfp {
		lfp[e] = make([]float64, 500)
		for i := range lfp[e] {
			lfp[e][i] = 1e-5 * math.Sin(2*math.Pi*8*float64(i)*1e-3+float64(e))
		}
	}
	for _, c := range []struct {
		name   string
		make   func() (Figure, error)
		title  string // a part of the title
		xLabel string
	}{
		{"raster", func() (Figure, error) { return Raster(d.spikes, nil) }, "Spike raster", "time (ms)"},
		{"rate", func() (Figure, error) { return PopulationRate(d.rates, nil) }, "Population rate", "time (ms)"},
		{"raster+rate", func() (Figure, error) { return RasterRate(d.spikes, d.rates, nil) }, "raster and population rate", ""},
		{"traces", func() (Figure, error) { return Traces(traces, &TracesOptions{Offset: 0.03}) }, "Membrane potential", "time (ms)"},
		{"psd", func() (Figure, error) { return PSD([]PSDSeries{{Name: "E rate", PSD: d.psd}}, nil) }, "Power spectral density", "frequency (Hz)"},
		{"spectrogram", func() (Figure, error) { return Spectrogram(d.spec, &SpectrogramOptions{FMax: 200}) }, "Spectrogram", "time (s)"},
		{"isi", func() (Figure, error) { return ISIHistogram(isi, nil) }, "ISI distribution", "inter-spike interval (ms)"},
		{"correlogram", func() (Figure, error) {
			h, err := analysis.AutoCorrelogram(d.spikes[0].Times, 0.02, 1e-3)
			if err != nil {
				return nil, err
			}
			return Correlogram(h, nil)
		}, "Correlogram", "lag (ms)"},
		{"cv", func() (Figure, error) { return CVHistogram(cvs, nil) }, "CV of ISI (mean", "CV of ISI"},
		{"rate map", func() (Figure, error) { return RateMap(d.rmap, &MapOptions{Grid: &d.grid}) }, "grid score", "x (cm)"},
		{"autocorrelogram", func() (Figure, error) { return SpatialAutocorrelogram(d.ac, &MapOptions{Grid: &d.grid}) }, "grid score", "x lag (cm)"},
		{"bump", func() (Figure, error) {
			return BumpPosition([]BumpTrace{{Name: "decoded", Dt: 0.01, Pos: ring}}, nil)
		}, "Bump position", "time (ms)"},
		{"sweep", func() (Figure, error) {
			return Sweep([]Curve{{Name: "E", X: []float64{1, 2, 4, 8}, Y: []float64{3, 5, 9, 20}, Err: []float64{1, 1, 2, 2}},
				{Name: "I", X: []float64{1, 2, 4, 8}, Y: []float64{6, 9, 15, 30}}},
				&SweepOptions{XLabel: "g (relative inhibition)", YLabel: "rate (Hz)", LogX: true})
		}, "Parameter sweep", "g (relative inhibition)"},
		{"lfp", func() (Figure, error) {
			return LFPDepth(lfp, []float64{0, 100e-6, 200e-6, 300e-6, 400e-6}, 0, 1e-3, nil)
		}, "LFP by depth", "time (ms)"},
	} {
		f, err := c.make()
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		p := firstPlot(f)
		if !strings.Contains(p.Title.Text, c.title) || p.X.Label.Text != c.xLabel || (c.name != "raster+rate" && p.Y.Label.Text == "") {
			t.Errorf("%s: title %q, labels %q, %q", c.name, p.Title.Text, p.X.Label.Text, p.Y.Label.Text)
		}
		b, err := PNG(f, 6*vg.Inch, 4*vg.Inch, 100)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		w, h, v := pixelVariance(t, b)
		if w != 600 || h != 400 {
			t.Errorf("%s: PNG %dx%d, want 600x400", c.name, w, h)
		}
		if v < 1e-3 {
			t.Errorf("%s: PNG looks blank: pixel variance %g", c.name, v)
		}
	}
}

func TestFigureErrors(t *testing.T) {
	if _, err := PopulationRate([]RateSeries{{Name: "x"}}, nil); err == nil {
		t.Error("PopulationRate with bin 0: no error")
	}
	if _, err := Traces([]Trace{{V: []float64{1}}}, nil); err == nil {
		t.Error("Traces with dt 0: no error")
	}
	if _, err := Spectrogram(analysis.Spectrogram{}, nil); err == nil {
		t.Error("empty spectrogram: no error")
	}
	if _, err := RateMap(analysis.Map{Nx: 2, Ny: 2}, nil); err == nil {
		t.Error("malformed map: no error")
	}
	if _, err := Sweep([]Curve{{X: []float64{1}}}, nil); err == nil {
		t.Error("Sweep with mismatched lengths: no error")
	}
	if _, err := LFPDepth([][]float64{{1}}, nil, 0, 1e-3, nil); err == nil {
		t.Error("LFPDepth without depths: no error")
	}
	// Empty inputs give empty axes, not errors.
	for name, f := range map[string]func() (*plot.Plot, error){
		"rate":   func() (*plot.Plot, error) { return PopulationRate(nil, nil) },
		"psd":    func() (*plot.Plot, error) { return PSD(nil, nil) },
		"cv":     func() (*plot.Plot, error) { return CVHistogram(nil, nil) },
		"bump":   func() (*plot.Plot, error) { return BumpPosition(nil, nil) },
		"traces": func() (*plot.Plot, error) { return Traces(nil, nil) },
	} {
		p, err := f()
		if err != nil {
			t.Errorf("%s of nothing: %v", name, err)
			continue
		}
		if _, err := PNG(p, 0, 0, 50); err != nil {
			t.Errorf("%s of nothing: %v", name, err)
		}
	}
}

func BenchmarkRasterPNG500k(b *testing.B) {
	sp := testSpikes(500000)
	b.ResetTimer()
	for range b.N {
		p, err := Raster(sp, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := PNG(p, 0, 0, 0); err != nil {
			b.Fatal(err)
		}
	}
}

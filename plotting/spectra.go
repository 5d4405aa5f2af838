package plotting

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/analysis"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// PSDSeries is a named power spectral density (see analysis.Welch).
type PSDSeries struct {
	Name string
	PSD  analysis.PSD
}

// PSDOptions adjusts PSD. The zero value gives the defaults.
type PSDOptions struct {
	Title string // default "Power spectral density"
	// Unit is the unit of the signal, for the label unit^2/Hz; default
	// "Hz", as for a population rate.
	Unit string
	// FMin, FMax limit the frequency axis (Hz); zero means the lowest
	// non-zero and the highest frequency.
	FMin, FMax float64
}

// PSD returns power spectral densities on log-log axes: density
// (unit^2/Hz) against frequency (Hz), one line per series. The zero
// frequency and non-positive densities cannot be shown on log axes and are
// left out; a series with none left draws nothing.
func PSD(spectra []PSDSeries, opt *PSDOptions) (*plot.Plot, error) {
	var o PSDOptions
	if opt != nil {
		o = *opt
	}
	if o.Unit == "" {
		o.Unit = "Hz"
	}
	p := newPlot(o.Title, "Power spectral density", "frequency (Hz)", fmt.Sprintf("PSD (%s²/Hz)", o.Unit))
	any := false
	for k, s := range spectra {
		if len(s.PSD.Freq) != len(s.PSD.Power) {
			return nil, fmt.Errorf("plotting.PSD: series %q has %d frequencies and %d densities", s.Name, len(s.PSD.Freq), len(s.PSD.Power))
		}
		var xy plotter.XYs
		for i, f := range s.PSD.Freq {
			if f <= 0 || s.PSD.Power[i] <= 0 || (o.FMin > 0 && f < o.FMin) || (o.FMax > 0 && f > o.FMax) {
				continue
			}
			xy = append(xy, plotter.XY{X: f, Y: s.PSD.Power[i]})
		}
		if err := addLine(p, xy, k, s.Name); err != nil {
			return nil, err
		}
		any = any || len(xy) > 0
	}
	if any {
		p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
		p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	}
	return p, nil
}

// SpectrogramOptions adjusts Spectrogram. The zero value gives the
// defaults.
type SpectrogramOptions struct {
	Title string // default "Spectrogram"
	Unit  string // unit of the signal; default "Hz"
	// FMax limits the frequency axis (Hz); zero shows all.
	FMax float64
	// Range is the dynamic range shown (dB below the maximum); zero means
	// 40 dB.
	Range float64
}

// Spectrogram returns a spectrogram as a heat map of 10 log10 of the power
// density (dB re 1 unit^2/Hz), frequency (Hz) against time (s), over a
// colour bar. An empty spectrogram returns an error.
func Spectrogram(s analysis.Spectrogram, opt *SpectrogramOptions) (*Stack, error) {
	var o SpectrogramOptions
	if opt != nil {
		o = *opt
	}
	if o.Unit == "" {
		o.Unit = "Hz"
	}
	if o.Range <= 0 {
		o.Range = 40
	}
	nt, nf := len(s.Times), len(s.Freq)
	if nt == 0 || nf == 0 || len(s.Power) != nt {
		return nil, fmt.Errorf("plotting.Spectrogram: %d times, %d frequencies, %d rows", nt, nf, len(s.Power))
	}
	for i, row := range s.Power {
		if len(row) != nf {
			return nil, fmt.Errorf("plotting.Spectrogram: row %d has %d densities, want %d", i, len(row), nf)
		}
	}
	if o.FMax > 0 {
		for nf > 1 && s.Freq[nf-1] > o.FMax {
			nf--
		}
	}
	g := grid{nx: nt, ny: nf,
		x: func(c int) float64 { return s.Times[c] },
		y: func(r int) float64 { return s.Freq[r] },
		z: func(c, r int) float64 {
			if v := s.Power[c][r]; v > 0 {
				return 10 * math.Log10(v)
			}
			return math.NaN()
		}}
	_, hi := g.minMax()
	p := newPlot(o.Title, "Spectrogram", "time (s)", "frequency (Hz)")
	return heatStack(p, g, fmt.Sprintf("power density (dB re 1 %s²/Hz)", o.Unit), hi-o.Range, hi), nil
}

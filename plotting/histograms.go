package plotting

import (
	"fmt"
	"image/color"

	"github.com/golgi-sim/golgi/analysis"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// HistogramOptions adjusts ISIHistogram and CVHistogram. The zero value
// gives the defaults.
type HistogramOptions struct {
	Title string
	// Density plots a probability density instead of counts.
	Density bool
	// Bins is the number of bins of CVHistogram; zero means 30.
	Bins int
}

// histPlot adds the bars of h (edges scaled by xs) to a new plot.
func histPlot(h analysis.Histogram, xs float64, title, x, y string, density bool) (*plot.Plot, error) {
	if len(h.Edges) != len(h.Counts)+1 {
		return nil, fmt.Errorf("plotting: histogram with %d edges and %d counts", len(h.Edges), len(h.Counts))
	}
	v := h.Counts
	if density {
		v = h.Density()
		for k := range v {
			v[k] /= xs
		}
	}
	p := newPlot(title, "", x, y)
	bins := make([]plotter.HistogramBin, len(v))
	for k := range bins {
		bins[k] = plotter.HistogramBin{Min: h.Edges[k] * xs, Max: h.Edges[k+1] * xs, Weight: v[k]}
	}
	hp := &plotter.Histogram{Bins: bins, FillColor: colour(0), LineStyle: plotter.DefaultLineStyle}
	hp.LineStyle.Color = color.White
	hp.LineStyle.Width = vg.Points(0.3)
	if len(bins) > 0 {
		p.Add(hp)
	}
	return p, nil
}

// ISIHistogram returns the histogram of inter-spike intervals (see
// analysis.ISIHistogram): number of intervals (or density, 1/ms) against
// ISI (ms). The title gives the number of intervals.
func ISIHistogram(h analysis.Histogram, opt *HistogramOptions) (*plot.Plot, error) {
	var o HistogramOptions
	if opt != nil {
		o = *opt
	}
	var n float64
	for _, c := range h.Counts {
		n += c
	}
	if o.Title == "" {
		o.Title = fmt.Sprintf("ISI distribution (%.0f intervals)", n)
	}
	y := "intervals"
	if o.Density {
		y = "probability density (1/ms)"
	}
	return histPlot(h, 1e3, o.Title, "inter-spike interval (ms)", y, o.Density)
}

// CVHistogram returns the histogram of the CVs of ISI of neurons (see
// analysis.CVs): number of neurons against CV, on Bins bins from 0 to the
// largest CV (at least 1.5). The title gives the mean CV and the number of
// neurons. No CVs give empty axes titled so.
func CVHistogram(cvs []float64, opt *HistogramOptions) (*plot.Plot, error) {
	var o HistogramOptions
	if opt != nil {
		o = *opt
	}
	if o.Bins <= 0 {
		o.Bins = 30
	}
	hi := 1.5
	var mean float64
	for _, c := range cvs {
		hi = max(hi, c)
		mean += c / float64(len(cvs))
	}
	if o.Title == "" {
		o.Title = fmt.Sprintf("CV of ISI (mean %.2f over %d neurons)", mean, len(cvs))
		if len(cvs) == 0 {
			o.Title = "CV of ISI (no neuron with 3 spikes)"
		}
	}
	bin := hi * (1 + 1e-9) / float64(o.Bins)
	h, err := analysis.NewHistogram(cvs, 0, bin*float64(o.Bins)*(1+1e-12), bin)
	if err != nil {
		return nil, err
	}
	y := "neurons"
	if o.Density {
		y = "probability density"
	}
	return histPlot(h, 1, o.Title, "CV of ISI", y, o.Density)
}

// Correlogram returns a cross- or auto-correlogram (see
// analysis.CrossCorrelogram): number of spike pairs against lag (ms).
func Correlogram(h analysis.Histogram, opt *HistogramOptions) (*plot.Plot, error) {
	var o HistogramOptions
	if opt != nil {
		o = *opt
	}
	if o.Title == "" {
		o.Title = "Correlogram"
	}
	y := "spike pairs"
	if o.Density {
		y = "probability density (1/ms)"
	}
	return histPlot(h, 1e3, o.Title, "lag (ms)", y, o.Density)
}

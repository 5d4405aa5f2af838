package plotting

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/analysis"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// RateSeries is a named population rate (see analysis.PopulationRate).
type RateSeries struct {
	Name string
	Rate analysis.Rate
}

// RateOptions adjusts PopulationRate. The zero value gives the defaults.
type RateOptions struct {
	Title string // default "Population rate"
	// TMin, TMax limit the time axis (s); both zero shows all.
	TMin, TMax float64
}

// PopulationRate returns the population rates over time: rate (Hz) against
// time (ms), one line per series drawn at the bin centres, with a legend
// of the names and mean rates. No series gives empty axes; a series with
// a non-positive bin returns an error.
func PopulationRate(rates []RateSeries, opt *RateOptions) (*plot.Plot, error) {
	var o RateOptions
	if opt != nil {
		o = *opt
	}
	p := newPlot(o.Title, "Population rate", "time (ms)", "rate (Hz)")
	for k, r := range rates {
		if !(r.Rate.Bin > 0) {
			return nil, fmt.Errorf("plotting.PopulationRate: series %q has bin %g s", r.Name, r.Rate.Bin)
		}
		xy := make(plotter.XYs, len(r.Rate.Hz))
		var mean float64
		for i, t := range r.Rate.Times() {
			xy[i] = plotter.XY{X: t * 1e3, Y: r.Rate.Hz[i]}
			mean += r.Rate.Hz[i] / float64(len(r.Rate.Hz))
		}
		name := r.Name
		if name != "" {
			name = fmt.Sprintf("%s (mean %.3g Hz)", name, mean)
		}
		if err := addLine(p, xy, k, name); err != nil {
			return nil, err
		}
	}
	p.Y.Min = math.Min(p.Y.Min, 0)
	if o.TMax > o.TMin {
		p.X.Min, p.X.Max = o.TMin*1e3, o.TMax*1e3
	}
	return p, nil
}

// RasterRateOptions adjusts RasterRate. The zero value gives the defaults.
type RasterRateOptions struct {
	Raster RasterOptions
	Rate   RateOptions // its title is not shown
	// RateHeight is the rate panel's fraction of the height; zero means 0.3.
	RateHeight float64
}

// RasterRate returns a raster (see Raster) above the population rates (see
// PopulationRate), their time axes aligned and sharing one range: the
// raster's TMin..TMax when set, else the union of both. The figure's title
// is the raster's.
func RasterRate(pops []Spikes, rates []RateSeries, opt *RasterRateOptions) (*Stack, error) {
	var o RasterRateOptions
	if opt != nil {
		o = *opt
	}
	if o.RateHeight <= 0 || o.RateHeight >= 1 {
		o.RateHeight = 0.3
	}
	if o.Raster.Title == "" {
		o.Raster.Title = "Spike raster and population rate"
	}
	top, err := Raster(pops, &o.Raster)
	if err != nil {
		return nil, err
	}
	bot, err := PopulationRate(rates, &o.Rate)
	if err != nil {
		return nil, err
	}
	bot.Title.Text = ""
	top.X.Label.Text = ""
	lo, hi := math.Min(top.X.Min, bot.X.Min), math.Max(top.X.Max, bot.X.Max)
	if o.Raster.TMax > o.Raster.TMin {
		// The raster's window, when given, is the figure's.
		lo, hi = o.Raster.TMin*1e3, o.Raster.TMax*1e3
	}
	top.X.Min, top.X.Max, bot.X.Min, bot.X.Max = lo, hi, lo, hi
	return &Stack{Plots: []*plot.Plot{top, bot}, Heights: []float64{1 - o.RateHeight, o.RateHeight}}, nil
}

package plotting

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Curve is a measure against a swept parameter, with optional error bars.
type Curve struct {
	Name string
	X, Y []float64 // parameter values and the measure at each
	Err  []float64 // half-height of the error bar at each point; nil for none
}

// SweepOptions adjusts Sweep. The zero value gives the defaults; set the
// labels, with units, to say what was swept and measured.
type SweepOptions struct {
	Title  string // default "Parameter sweep"
	XLabel string // default "parameter"
	YLabel string // default "measure"
	LogX   bool   // logarithmic parameter axis (positive X only)
}

// Sweep returns measure-versus-parameter curves: one line with point
// markers per curve, with error bars where Err is given. Curves whose X, Y
// (and Err, if set) lengths differ return an error.
func Sweep(curves []Curve, opt *SweepOptions) (*plot.Plot, error) {
	var o SweepOptions
	if opt != nil {
		o = *opt
	}
	if o.XLabel == "" {
		o.XLabel = "parameter"
	}
	if o.YLabel == "" {
		o.YLabel = "measure"
	}
	p := newPlot(o.Title, "Parameter sweep", o.XLabel, o.YLabel)
	for k, c := range curves {
		if len(c.X) != len(c.Y) || (c.Err != nil && len(c.Err) != len(c.Y)) {
			return nil, fmt.Errorf("plotting.Sweep: curve %q has %d x, %d y and %d errors", c.Name, len(c.X), len(c.Y), len(c.Err))
		}
		if len(c.X) == 0 {
			continue
		}
		xy := make(plotter.XYs, len(c.X))
		for i := range xy {
			xy[i] = plotter.XY{X: c.X[i], Y: c.Y[i]}
		}
		l, sc, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, err
		}
		l.Color = colour(k)
		l.Width = vg.Points(1.2)
		sc.GlyphStyle = draw.GlyphStyle{Color: colour(k), Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		p.Add(l, sc)
		if c.Err != nil {
			e := make(plotter.YErrors, len(c.Err))
			for i, v := range c.Err {
				e[i] = struct{ Low, High float64 }{v, v}
			}
			eb, err := plotter.NewYErrorBars(struct {
				plotter.XYs
				plotter.YErrors
			}{xy, e})
			if err != nil {
				return nil, err
			}
			eb.Color = colour(k)
			p.Add(eb)
		}
		if c.Name != "" {
			p.Legend.Add(c.Name, l, sc)
		}
	}
	if o.LogX {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	return p, nil
}

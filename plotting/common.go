package plotting

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// newPlot returns a plot with the given title (or def if empty), axis
// labels, notebook-size fonts and the legend at the top right.
func newPlot(title, def, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	if title == "" {
		p.Title.Text = def
	}
	p.X.Label.Text = x
	p.Y.Label.Text = y
	setFonts(p)
	p.Legend.Top = true
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{}, niceTicks{}
	return p
}

// colour returns the k-th colour of Palette.
func colour(k int) color.Color { return Palette[k%len(Palette)] }

// line returns a line plotter of xy in colour k, width 1.2 pt.
func line(xy plotter.XYs, k int) (*plotter.Line, error) {
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, err
	}
	l.Color = colour(k)
	l.Width = vg.Points(1.2)
	return l, nil
}

// addLine adds xy as a line in colour k, with a legend entry if name is
// set; an empty xy adds nothing.
func addLine(p *plot.Plot, xy plotter.XYs, k int, name string) error {
	if len(xy) == 0 {
		return nil
	}
	l, err := line(xy, k)
	if err != nil {
		return err
	}
	p.Add(l)
	if name != "" {
		p.Legend.Add(name, l)
	}
	return nil
}

// heatColours is the colour map of heat maps (perceptually uniform).
func heatColours() palette.ColorMap { return moreland.ExtendedBlackBody() }

// grid adapts a row-major field to plotter.GridXYZ.
type grid struct {
	nx, ny int
	x, y   func(int) float64
	z      func(c, r int) float64
}

func (g grid) Dims() (int, int)   { return g.nx, g.ny }
func (g grid) Z(c, r int) float64 { return g.z(c, r) }
func (g grid) X(c int) float64    { return g.x(c) }
func (g grid) Y(r int) float64    { return g.y(r) }
func (g grid) minMax() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for c := 0; c < g.nx; c++ {
		for r := 0; r < g.ny; r++ {
			if v := g.z(c, r); !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	if lo == hi {
		hi = lo + 1
	}
	return lo, hi
}

// heatStack returns a heat map of g under p's title and labels with a
// colour bar labelled unit beneath; NaN cells are drawn white.
func heatStack(p *plot.Plot, g grid, unit string, lo, hi float64) *Stack {
	cm := heatColours()
	cm.SetMin(lo)
	cm.SetMax(hi)
	h := plotter.NewHeatMap(g, cm.Palette(255))
	h.Min, h.Max = lo, hi
	h.NaN = color.White
	h.Underflow, h.Overflow = cm.Palette(255).Colors()[0], cm.Palette(255).Colors()[254]
	h.Rasterized = true
	p.Add(h)
	cb := plot.New()
	setFonts(cb)
	cb.HideY()
	cb.X.Label.Text = unit
	cb.Add(&plotter.ColorBar{ColorMap: cm})
	return &Stack{Plots: []*plot.Plot{p, cb}, Heights: []float64{0.82, 0.18}}
}

// spikeGlyph is the marker of spikes on traces.
var spikeGlyph = draw.GlyphStyle{Shape: draw.PyramidGlyph{}, Radius: vg.Points(3)}

// niceTicks places major ticks at 1, 2 or 5 times a power of ten, about
// five to eight of them, with unlabelled minor ticks between.
type niceTicks struct{}

// Ticks implements plot.Ticker.
func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	raw := (hi - lo) / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	minor := step / 5
	if step/mag == 2 {
		minor = step / 4
	}
	var ticks []plot.Tick
	for x := math.Ceil(lo/minor) * minor; x <= hi+minor*1e-9; x += minor {
		major := math.Abs(math.Remainder(x, step)) < minor*1e-6
		label := ""
		if major {
			label = strconv.FormatFloat(math.Round(x/minor)*minor+0, 'g', 6, 64) // +0: no "-0"
		}
		ticks = append(ticks, plot.Tick{Value: x, Label: label})
	}
	return ticks
}

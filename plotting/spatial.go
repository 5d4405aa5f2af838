package plotting

import (
	"fmt"
	"image/color"
	"math"

	"github.com/golgi-sim/golgi/analysis"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// MapOptions adjusts RateMap and SpatialAutocorrelogram. The zero value
// gives the defaults.
type MapOptions struct {
	Title string
	// Grid, if set, puts the grid score (and for the autocorrelogram the
	// spacing and orientation) in the title and, on the autocorrelogram,
	// draws the annulus the score was computed on.
	Grid *analysis.GridStats
}

// mapGrid adapts an analysis.Map to a heat-map grid, positions scaled by s;
// invalid bins are NaN.
func mapGrid(m analysis.Map, s float64) (grid, error) {
	if m.Nx < 1 || m.Ny < 1 || len(m.Values) != m.Nx*m.Ny || (m.Valid != nil && len(m.Valid) != len(m.Values)) {
		return grid{}, fmt.Errorf("plotting: malformed %d x %d map with %d values", m.Nx, m.Ny, len(m.Values))
	}
	return grid{nx: m.Nx, ny: m.Ny,
		x: func(c int) float64 { return (m.X0 + (float64(c)+0.5)*m.Bin) * s },
		y: func(r int) float64 { return (m.Y0 + (float64(r)+0.5)*m.Bin) * s },
		z: func(c, r int) float64 {
			if v, ok := m.At(c, r); ok {
				return v
			}
			return math.NaN()
		}}, nil
}

// RateMap returns a spatial firing-rate map (see analysis.RateMap) as a
// heat map of the rate (Hz) over position (cm), unvisited bins white, over
// a colour bar, drawn with equal scales on x and y. The title gives the
// peak rate and, with opt.Grid, the grid score.
func RateMap(m analysis.Map, opt *MapOptions) (*Stack, error) {
	var o MapOptions
	if opt != nil {
		o = *opt
	}
	g, err := mapGrid(m, 100)
	if err != nil {
		return nil, err
	}
	lo, hi := g.minMax()
	if o.Title == "" {
		o.Title = fmt.Sprintf("Rate map (peak %.3g Hz)", hi)
		if o.Grid != nil {
			o.Title = fmt.Sprintf("Rate map (peak %.3g Hz, grid score %.2f)", hi, o.Grid.Score)
		}
	}
	p := newPlot(o.Title, "", "x (cm)", "y (cm)")
	st := heatStack(p, g, "firing rate (Hz)", math.Min(lo, 0), hi)
	st.Aspect = float64(m.Ny) / float64(m.Nx)
	return st, nil
}

// SpatialAutocorrelogram returns a 2-D autocorrelogram (see
// analysis.Autocorrelation) as a heat map of the correlation over the lag
// (cm), from -1 to 1, over a colour bar, with equal scales on x and y.
// With opt.Grid the title gives the
// grid score, spacing and orientation, and the annulus is drawn.
func SpatialAutocorrelogram(ac analysis.Map, opt *MapOptions) (*Stack, error) {
	var o MapOptions
	if opt != nil {
		o = *opt
	}
	g, err := mapGrid(ac, 100)
	if err != nil {
		return nil, err
	}
	if o.Title == "" {
		o.Title = "Spatial autocorrelogram"
		if gs := o.Grid; gs != nil {
			o.Title = fmt.Sprintf("Autocorrelogram: grid score %.2f, spacing %.1f cm, orientation %.1f°",
				gs.Score, gs.Spacing*100, gs.Orientation*180/math.Pi)
		}
	}
	p := newPlot(o.Title, "", "x lag (cm)", "y lag (cm)")
	s := heatStack(p, g, "correlation", -1, 1)
	s.Aspect = float64(ac.Ny) / float64(ac.Nx)
	if gs := o.Grid; gs != nil {
		for _, r := range []float64{gs.Inner, gs.Outer} {
			xy := make(plotter.XYs, 121)
			for k := range xy {
				a := 2 * math.Pi * float64(k) / 120
				xy[k] = plotter.XY{X: 100 * r * math.Cos(a), Y: 100 * r * math.Sin(a)}
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return nil, err
			}
			l.Color = color.RGBA{86, 180, 233, 255}
			l.Width = vg.Points(1)
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			p.Add(l)
		}
	}
	return s, nil
}

// BumpTrace is a decoded bump position over time (see analysis.DecodeRing).
type BumpTrace struct {
	Name   string
	T0, Dt float64   // time of Pos[0] and sampling interval (s)
	Pos    []float64 // position (rad, any range; NaN for no bump)
}

// BumpOptions adjusts BumpPosition. The zero value gives the defaults.
type BumpOptions struct {
	Title string // default "Bump position"
}

// BumpPosition returns bump positions (degrees, wrapped to [0, 360))
// against time (ms), one line per trace, broken where the position wraps
// around or is NaN. A trace with Dt <= 0 returns an error.
func BumpPosition(traces []BumpTrace, opt *BumpOptions) (*plot.Plot, error) {
	var o BumpOptions
	if opt != nil {
		o = *opt
	}
	p := newPlot(o.Title, "Bump position", "time (ms)", "position (deg)")
	for k, tr := range traces {
		if !(tr.Dt > 0) {
			return nil, fmt.Errorf("plotting.BumpPosition: trace %q has dt %g s", tr.Name, tr.Dt)
		}
		var seg plotter.XYs
		first := true
		flush := func() error {
			name := ""
			if first {
				name = tr.Name
			}
			if len(seg) == 0 {
				return nil
			}
			err := addLine(p, seg, k, name)
			seg, first = nil, false
			return err
		}
		for i, v := range tr.Pos {
			if math.IsNaN(v) {
				if err := flush(); err != nil {
					return nil, err
				}
				continue
			}
			d := math.Mod(v*180/math.Pi, 360)
			if d < 0 {
				d += 360
			}
			if len(seg) > 0 && math.Abs(d-seg[len(seg)-1].Y) > 180 {
				if err := flush(); err != nil {
					return nil, err
				}
			}
			seg = append(seg, plotter.XY{X: (tr.T0 + float64(i)*tr.Dt) * 1e3, Y: d})
		}
		if err := flush(); err != nil {
			return nil, err
		}
	}
	p.Y.Min, p.Y.Max = 0, 360
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"}, {Value: 90, Label: "90"}, {Value: 180, Label: "180"}, {Value: 270, Label: "270"}, {Value: 360, Label: "360"}})
	return p, nil
}

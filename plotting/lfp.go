package plotting

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// LFPOptions adjusts LFPDepth. The zero value gives the defaults.
type LFPOptions struct {
	Title string // default "LFP by depth"
	// Scale is the potential (V) drawn as the gap between neighbouring
	// electrodes; zero means twice the largest |potential| of all traces,
	// so that traces do not overlap.
	Scale float64
}

// LFPDepth returns extracellular potentials by electrode depth: trace e
// (result[e] of analysis.PointSourceLFP or LineSourceLFP, V, sampled every
// dt s from t0) is drawn against time (ms) around its depth depths[e] (m,
// shown in um, increasing downwards), scaled so that Scale volts span the
// smallest gap between depths. The title gives the scale. Traces and
// depths of different counts, or dt <= 0, return an error.
func LFPDepth(traces [][]float64, depths []float64, t0, dt float64, opt *LFPOptions) (*plot.Plot, error) {
	var o LFPOptions
	if opt != nil {
		o = *opt
	}
	if len(traces) != len(depths) {
		return nil, fmt.Errorf("plotting.LFPDepth: %d traces for %d depths", len(traces), len(depths))
	}
	if !(dt > 0) {
		return nil, fmt.Errorf("plotting.LFPDepth: dt %g s", dt)
	}
	gap := math.Inf(1)
	ds := append([]float64(nil), depths...)
	sort.Float64s(ds)
	for k := 1; k < len(ds); k++ {
		if d := ds[k] - ds[k-1]; d > 0 {
			gap = math.Min(gap, d)
		}
	}
	if math.IsInf(gap, 1) {
		gap = 100e-6
	}
	if o.Scale <= 0 {
		for _, tr := range traces {
			for _, v := range tr {
				o.Scale = math.Max(o.Scale, math.Abs(v))
			}
		}
		o.Scale *= 2
		if o.Scale == 0 {
			o.Scale = 1e-6
		}
	}
	if o.Title == "" {
		o.Title = fmt.Sprintf("LFP by depth (electrode spacing = %.3g µV)", o.Scale*1e6)
	}
	p := newPlot(o.Title, "", "time (ms)", "depth (µm)")
	k := gap / o.Scale
	for e, tr := range traces {
		xy := make(plotter.XYs, len(tr))
		for i, v := range tr {
			// Depth grows downwards: a positive potential is drawn up.
			xy[i] = plotter.XY{X: (t0 + float64(i)*dt) * 1e3, Y: -(depths[e] - k*v) * 1e6}
		}
		if err := addLine(p, xy, 0, ""); err != nil {
			return nil, err
		}
	}
	// Label the ticks with positive depths.
	p.Y.Tick.Marker = plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		t := plot.DefaultTicks{}.Ticks(lo, hi)
		for i := range t {
			if t[i].Label != "" {
				t[i].Label = strconv.FormatFloat(0-t[i].Value, 'g', -1, 64)
			}
		}
		return t
	})
	return p, nil
}

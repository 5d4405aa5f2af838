package plotting

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// Trace is a sampled membrane potential with the neuron's spikes.
type Trace struct {
	Name   string
	T0, Dt float64   // time of V[0] and sampling interval (s)
	V      []float64 // membrane potential (V)
	Spikes []float64 // spike times (s), marked above the trace; may be nil
}

// TracesOptions adjusts Traces. The zero value gives the defaults.
type TracesOptions struct {
	Title string // default "Membrane potential"
	// Offset shifts trace k up by k*Offset (V) so that traces do not
	// overlap; zero overlays them.
	Offset float64
}

// Traces returns membrane potentials (mV) against time (ms), one line per
// trace, with a triangle 5 mV above the trace's maximum at each spike. A
// trace with Dt <= 0 returns an error; an empty one draws nothing.
func Traces(traces []Trace, opt *TracesOptions) (*plot.Plot, error) {
	var o TracesOptions
	if opt != nil {
		o = *opt
	}
	p := newPlot(o.Title, "Membrane potential", "time (ms)", "membrane potential (mV)")
	var marker *plotter.Scatter
	for k, tr := range traces {
		if !(tr.Dt > 0) {
			return nil, fmt.Errorf("plotting.Traces: trace %q has dt %g s", tr.Name, tr.Dt)
		}
		off := float64(k) * o.Offset * 1e3
		xy := make(plotter.XYs, len(tr.V))
		top := math.Inf(-1)
		for i, v := range tr.V {
			xy[i] = plotter.XY{X: (tr.T0 + float64(i)*tr.Dt) * 1e3, Y: v*1e3 + off}
			top = math.Max(top, xy[i].Y)
		}
		if err := addLine(p, xy, k, tr.Name); err != nil {
			return nil, err
		}
		if len(tr.Spikes) == 0 || len(tr.V) == 0 {
			continue
		}
		sp := make(plotter.XYs, len(tr.Spikes))
		for i, s := range tr.Spikes {
			sp[i] = plotter.XY{X: s * 1e3, Y: top + 5}
		}
		sc, err := plotter.NewScatter(sp)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = spikeGlyph
		sc.GlyphStyle.Color = colour(k)
		p.Add(sc)
		if marker == nil {
			marker = sc
		}
	}
	if marker != nil {
		p.Legend.Add("spikes", marker)
	}
	return p, nil
}

package plotting

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Spikes is the spike raster of one population.
type Spikes struct {
	Name   string
	Offset int       // row of neuron 0 in the raster (its gid)
	Index  []int32   // neuron index of each spike
	Times  []float64 // spike times (s)
}

// RasterOptions adjusts a raster. The zero value gives the defaults.
type RasterOptions struct {
	Title string
	// MaxSpikes is the most spikes drawn; beyond it every k-th spike is
	// drawn and the title says so. Zero means 200 000.
	MaxSpikes int
	// TMin, TMax limit the time axis (s); both zero shows all.
	TMin, TMax float64
}

// Palette is the colour cycle of populations (colour-blind safe, Okabe-Ito).
var Palette = []color.Color{
	color.RGBA{0, 114, 178, 255},   // blue
	color.RGBA{213, 94, 0, 255},    // vermillion
	color.RGBA{0, 158, 115, 255},   // green
	color.RGBA{204, 121, 167, 255}, // purple
	color.RGBA{230, 159, 0, 255},   // orange
	color.RGBA{86, 180, 233, 255},  // sky blue
}

// Raster returns a spike raster: one dot per spike, time (ms) against
// neuron (gid), coloured by population.
func Raster(pops []Spikes, opt *RasterOptions) (*plot.Plot, error) {
	var o RasterOptions
	if opt != nil {
		o = *opt
	}
	if o.MaxSpikes == 0 {
		o.MaxSpikes = 200000
	}
	total := 0
	for _, p := range pops {
		if len(p.Index) != len(p.Times) {
			return nil, fmt.Errorf("plotting.Raster: population %q has %d indices and %d times", p.Name, len(p.Index), len(p.Times))
		}
		total += len(p.Times)
	}
	stride := 1
	if total > o.MaxSpikes {
		stride = (total + o.MaxSpikes - 1) / o.MaxSpikes
	}
	p := plot.New()
	p.Title.Text = o.Title
	if p.Title.Text == "" {
		p.Title.Text = "Spike raster"
	}
	if stride > 1 {
		p.Title.Text += fmt.Sprintf(" (every %d-th of %d spikes shown)", stride, total)
	}
	p.X.Label.Text = "time (ms)"
	p.Y.Label.Text = "neuron (gid)"
	setFonts(p)
	p.X.Tick.Marker = niceTicks{}
	p.Y.Tick.Marker = niceTicks{}
	tmax, rows := 0.0, 0
	named := 0
	for _, pop := range pops {
		for _, i := range pop.Index {
			rows = max(rows, pop.Offset+int(i)+1)
		}
		for _, t := range pop.Times {
			tmax = max(tmax, t)
		}
		if pop.Name != "" {
			named++
		}
	}
	for k, pop := range pops {
		xy := make(plotter.XYs, 0, len(pop.Times)/stride+1)
		for s := 0; s < len(pop.Times); s += stride {
			t := pop.Times[s]
			if o.TMax > o.TMin && (t < o.TMin || t > o.TMax) {
				continue
			}
			xy = append(xy, plotter.XY{X: t * 1e3, Y: float64(pop.Offset + int(pop.Index[s]))})
		}
		if len(xy) > 0 {
			sc, err := plotter.NewScatter(xy)
			if err != nil {
				return nil, err
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: Palette[k%len(Palette)], Radius: vg.Points(0.6), Shape: draw.BoxGlyph{}}
			p.Add(sc)
		}
		if pop.Name != "" {
			// A legend-only glyph, large enough to see.
			thumb := &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: Palette[k%len(Palette)], Radius: vg.Points(3), Shape: draw.BoxGlyph{}}}
			p.Legend.Add(fmt.Sprintf("%s (%d spikes)", pop.Name, len(pop.Times)), thumb)
		}
	}
	p.Legend.Top = true
	p.X.Min, p.X.Max = 0, tmax*1e3
	if o.TMax > o.TMin {
		p.X.Min, p.X.Max = o.TMin*1e3, o.TMax*1e3
	}
	// Head room above the neurons for the legend, so it covers no spikes.
	p.Y.Min, p.Y.Max = 0, float64(max(rows, 1))*(1+0.06*float64(named))
	return p, nil
}

// setFonts sets font sizes readable at notebook size.
func setFonts(p *plot.Plot) {
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.X.Label.TextStyle.Font.Size = vg.Points(12)
	p.Y.Label.TextStyle.Font.Size = vg.Points(12)
	p.X.Tick.Label.Font.Size = vg.Points(10)
	p.Y.Tick.Label.Font.Size = vg.Points(10)
	p.Legend.TextStyle.Font.Size = vg.Points(10)
}

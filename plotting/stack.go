package plotting

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Stack is a figure of plots stacked top to bottom whose data areas are
// aligned horizontally, such as a raster over its population rate or a
// heat map over its colour bar. It is a Figure.
type Stack struct {
	Plots []*plot.Plot // top to bottom
	// Heights are the relative heights of the plots; nil means equal.
	Heights []float64
	// Aspect, if positive, narrows the figure (centred) so that the first
	// plot's data area has height/width = Aspect: 1 draws a square arena
	// square whatever the figure's size. It never widens it.
	Aspect float64
}

// Draw draws the stack on c, implementing Figure.
func (s *Stack) Draw(c draw.Canvas) {
	if len(s.Plots) == 0 {
		return
	}
	var tot float64
	h := make([]float64, len(s.Plots))
	for i := range h {
		h[i] = 1
		if i < len(s.Heights) && s.Heights[i] > 0 {
			h[i] = s.Heights[i]
		}
		tot += h[i]
	}
	cs := make([]draw.Canvas, len(s.Plots))
	top := c.Max.Y
	full := c.Max.Y - c.Min.Y
	var left, right vg.Length
	for i, p := range s.Plots {
		ci := c
		ci.Max.Y = top
		ci.Min.Y = top - vg.Length(h[i]/tot)*full
		top = ci.Min.Y
		cs[i] = ci
		d := p.DataCanvas(ci)
		left = max(left, d.Min.X-ci.Min.X)
		right = max(right, ci.Max.X-d.Max.X)
	}
	if s.Aspect > 0 {
		d := s.Plots[0].DataCanvas(cs[0])
		w := c.Max.X - c.Min.X - left - right
		if want := (d.Max.Y - d.Min.Y) / vg.Length(s.Aspect); want < w {
			left += (w - want) / 2
			right += (w - want) / 2
		}
	}
	for i, p := range s.Plots {
		d := p.DataCanvas(cs[i])
		l, r := d.Min.X-cs[i].Min.X, cs[i].Max.X-d.Max.X
		p.Draw(draw.Crop(cs[i], left-l, -(right - r), 0, 0))
	}
}

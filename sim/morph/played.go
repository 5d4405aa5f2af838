package morph

import (
	"fmt"
	"math"
)

// Table is a piecewise-linear signal, NEURON's Vector.play(var, tvec,
// continuous = 1): points (T[i], Y[i]) with T non-decreasing, several
// points at one time making a jump. At a time t the value is Y
// interpolated between the last point at or before t and the next one
// (the value after a jump at t), Y[0] before the first point and the
// last Y after the last. A clamp that plays a table takes its value at
// each step's midpoint t + dt/2, where NEURON sets played values before
// the currents.
type Table struct {
	T, Y []float64
}

// Check returns an error unless the table has points, equally many times
// and values, all finite, and non-decreasing times.
func (p *Table) Check() error {
	if len(p.T) == 0 || len(p.T) != len(p.Y) {
		return fmt.Errorf("morph: table of %d times and %d values, want as many and at least one", len(p.T), len(p.Y))
	}
	for i := range p.T {
		if math.IsNaN(p.T[i]) || math.IsInf(p.T[i], 0) || math.IsNaN(p.Y[i]) || math.IsInf(p.Y[i], 0) {
			return fmt.Errorf("morph: table point %d (%g, %g) not finite", i, p.T[i], p.Y[i])
		}
		if i > 0 && p.T[i] < p.T[i-1] {
			return fmt.Errorf("morph: table times decrease at point %d (%g after %g)", i, p.T[i], p.T[i-1])
		}
	}
	return nil
}

// Last returns the time of the last point.
func (p *Table) Last() float64 { return p.T[len(p.T)-1] }

// At returns the table's value at t.
func (p *Table) At(t float64) float64 {
	n := len(p.T)
	// j is the first point after t.
	lo, hi := 0, n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if p.T[m] <= t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	j := lo
	if j == 0 {
		return p.Y[0]
	}
	if j == n {
		return p.Y[n-1]
	}
	t0, t1 := p.T[j-1], p.T[j]
	y0, y1 := p.Y[j-1], p.Y[j]
	return y0 + (y1-y0)*((t-t0)/(t1-t0))
}

package analysis

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
)

// ErrNoActivity is returned when a bump cannot be decoded because the
// activity is zero everywhere.
var ErrNoActivity = errors.New("analysis: no activity")

// Bump is the position and amplitude of an activity bump over time.
type Bump struct {
	// Pos is the decoded position at each time step (rad, in [0, 2 pi)).
	// A step without activity has Amp 0 and Pos NaN.
	Pos []float64
	// Amp is the length of the population vector divided by the number
	// of neurons (unit of the activity, for example Hz): for activity
	// r_i = a + b cos(theta_i - pos) it is b/2.
	Amp []float64
}

// DecodeRing decodes the position of a bump of activity on a ring of n
// neurons by the population vector: pos = arg sum_i r_i exp(i theta_i).
// activity[t][i] is the activity (rate, count, ...; non-negative) of
// neuron i at time step t; every row has the same length n. pref gives
// the preferred angle of each neuron (rad); nil means neuron i prefers
// 2 pi i / n, so that a position converts to a neuron index by
// pos * n / (2 pi). Steps where the population vector vanishes (no
// activity, or activity spread uniformly) have Pos NaN and Amp 0; if every
// step does, ErrNoActivity is returned along with the result. Rows of
// different lengths, or pref of the wrong length, return an error.
func DecodeRing(activity [][]float64, pref []float64) (Bump, error) {
	if len(activity) == 0 {
		return Bump{}, fmt.Errorf("analysis.DecodeRing: no time steps: %w", ErrNoActivity)
	}
	n := len(activity[0])
	if pref != nil && len(pref) != n {
		return Bump{}, fmt.Errorf("analysis.DecodeRing: %d preferred angles for %d neurons", len(pref), n)
	}
	cs, sn := ringBasis(n, pref)
	b := Bump{Pos: make([]float64, len(activity)), Amp: make([]float64, len(activity))}
	valid := 0
	for t, row := range activity {
		if len(row) != n {
			return Bump{}, fmt.Errorf("analysis.DecodeRing: step %d has %d neurons, want %d", t, len(row), n)
		}
		pos, amp := popVector(row, cs, sn, 1)
		b.Pos[t], b.Amp[t] = pos, amp
		if amp > 0 {
			valid++
		}
	}
	if valid == 0 {
		return b, ErrNoActivity
	}
	return b, nil
}

func ringBasis(n int, pref []float64) (cs, sn []float64) {
	cs, sn = make([]float64, n), make([]float64, n)
	for i := range cs {
		th := 2 * math.Pi * float64(i) / float64(n)
		if pref != nil {
			th = pref[i]
		}
		sn[i], cs[i] = math.Sincos(th)
	}
	return cs, sn
}

// popVector returns the angle in [0, 2 pi) and length/len(cs) of the
// population vector of x[0], x[stride], ... with the basis cs, sn; NaN and
// 0 when it vanishes (relative to the total activity).
func popVector(x, cs, sn []float64, stride int) (pos, amp float64) {
	var c, s, tot float64
	for i := range cs {
		v := x[i*stride]
		c += v * cs[i]
		s += v * sn[i]
		tot += math.Abs(v)
	}
	l := math.Hypot(c, s)
	if tot == 0 || l <= 1e-12*tot {
		return math.NaN(), 0
	}
	pos = math.Atan2(s, c)
	if pos < 0 {
		pos += 2 * math.Pi
	}
	return pos, l / float64(len(cs))
}

// TorusBump is the position of a bump on a 2-D torus over time.
type TorusBump struct {
	// X, Y are the decoded phases along each axis (rad, in [0, 2 pi)); a
	// phase converts to a column or row by X * nx / (2 pi). A step without
	// activity has NaN positions and Amp 0.
	X, Y []float64
	// Amp is the mean over the two axes of the population vector's length
	// divided by the number of neurons nx*ny (unit of the activity).
	Amp []float64
}

// DecodeTorus decodes the position of a bump of activity on an nx by ny
// sheet of neurons with periodic boundaries, neuron i being at column
// i % nx and row i / nx (row-major). activity[t][i] is the non-negative
// activity of neuron i at step t. Each coordinate is the circular mean of
// the activity summed over the other one: X = arg sum_c R_c exp(2 pi i c/nx)
// with R_c the activity of column c, and likewise Y. Steps without
// activity have NaN positions and Amp 0; if all are so, ErrNoActivity is
// returned with the result. A row length other than nx*ny returns an error.
func DecodeTorus(activity [][]float64, nx, ny int) (TorusBump, error) {
	if nx < 1 || ny < 1 {
		return TorusBump{}, fmt.Errorf("analysis.DecodeTorus: %d x %d sheet", nx, ny)
	}
	if len(activity) == 0 {
		return TorusBump{}, fmt.Errorf("analysis.DecodeTorus: no time steps: %w", ErrNoActivity)
	}
	cx, sx := ringBasis(nx, nil)
	cy, sy := ringBasis(ny, nil)
	col, row := make([]float64, nx), make([]float64, ny)
	b := TorusBump{X: make([]float64, len(activity)), Y: make([]float64, len(activity)), Amp: make([]float64, len(activity))}
	valid := 0
	for t, a := range activity {
		if len(a) != nx*ny {
			return TorusBump{}, fmt.Errorf("analysis.DecodeTorus: step %d has %d neurons, want %d x %d", t, len(a), nx, ny)
		}
		clear(col)
		clear(row)
		for j := 0; j < ny; j++ {
			for i, v := range a[j*nx : (j+1)*nx] {
				col[i] += v
				row[j] += v
			}
		}
		px, ax := popVector(col, cx, sx, 1)
		py, ay := popVector(row, cy, sy, 1)
		if ax == 0 || ay == 0 {
			b.X[t], b.Y[t] = math.NaN(), math.NaN()
			continue
		}
		b.X[t], b.Y[t], b.Amp[t] = px, py, (ax/float64(ny)+ay/float64(nx))/2
		valid++
	}
	if valid == 0 {
		return b, ErrNoActivity
	}
	return b, nil
}

// Unwrap returns the angles pos (rad) made continuous by adding multiples
// of 2 pi wherever consecutive values jump by more than pi. NaN values
// (steps without a bump) stay NaN and the next valid value is unwrapped
// against the last valid one.
func Unwrap(pos []float64) []float64 {
	out := make([]float64, len(pos))
	off, last, have := 0.0, 0.0, false
	for k, p := range pos {
		if math.IsNaN(p) {
			out[k] = p
			continue
		}
		if have {
			d := p + off - last
			off -= 2 * math.Pi * math.Round(d/(2*math.Pi))
		}
		out[k] = p + off
		last, have = out[k], true
	}
	return out
}

// BumpVelocity returns the angular velocity (rad/s) of a bump whose
// position pos (rad) is sampled every dt (s): the difference of
// consecutive positions, wrapped to (-pi, pi], over dt; len(pos)-1 values.
// A difference involving a NaN position is NaN. Fewer than two positions
// return ErrShortSignal, dt <= 0 ErrEmptyWindow.
func BumpVelocity(pos []float64, dt float64) ([]float64, error) {
	if !(dt > 0) {
		return nil, fmt.Errorf("analysis.BumpVelocity: dt %g s: %w", dt, ErrEmptyWindow)
	}
	if len(pos) < 2 {
		return nil, fmt.Errorf("analysis.BumpVelocity: %d positions: %w", len(pos), ErrShortSignal)
	}
	v := make([]float64, len(pos)-1)
	for k := range v {
		v[k] = math.Remainder(pos[k+1]-pos[k], 2*math.Pi) / dt
	}
	return v, nil
}

// BumpDrift returns the drift rate (rad/s) of a bump whose position pos
// (rad) is sampled every dt (s): the least-squares slope of the unwrapped
// position against time, skipping NaN positions. Fewer than two valid
// positions return ErrShortSignal, dt <= 0 ErrEmptyWindow.
func BumpDrift(pos []float64, dt float64) (float64, error) {
	if !(dt > 0) {
		return 0, fmt.Errorf("analysis.BumpDrift: dt %g s: %w", dt, ErrEmptyWindow)
	}
	u := Unwrap(pos)
	var t, y []float64
	for k, p := range u {
		if !math.IsNaN(p) {
			t = append(t, float64(k)*dt)
			y = append(y, p)
		}
	}
	if len(t) < 2 {
		return 0, fmt.Errorf("analysis.BumpDrift: %d valid positions: %w", len(t), ErrShortSignal)
	}
	_, slope := stat.LinearRegression(t, y, nil, false)
	return slope, nil
}

package analysis

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Map is a scalar field on a regular grid of square bins, such as a rate
// map or its autocorrelogram. Bin (i, j), column i along x and row j along
// y, covers [X0 + i*Bin, X0 + (i+1)*Bin) x [Y0 + j*Bin, Y0 + (j+1)*Bin).
type Map struct {
	Nx, Ny int
	X0, Y0 float64   // lower-left corner (m for rate maps, lag for autocorrelograms)
	Bin    float64   // side of a bin (same unit)
	Values []float64 // row-major: Values[j*Nx+i]; meaningless where not Valid
	// Valid marks the bins that hold a value (visited often enough, or
	// enough overlap); nil means all do.
	Valid []bool
}

// At returns the value of bin (i, j) and whether it is valid; out of range
// is invalid.
func (m Map) At(i, j int) (float64, bool) {
	if i < 0 || j < 0 || i >= m.Nx || j >= m.Ny {
		return 0, false
	}
	k := j*m.Nx + i
	if m.Valid != nil && !m.Valid[k] {
		return 0, false
	}
	return m.Values[k], true
}

func (m Map) valid(k int) bool { return m.Valid == nil || m.Valid[k] }

func (m Map) check(fn string) error {
	if m.Nx < 1 || m.Ny < 1 || len(m.Values) != m.Nx*m.Ny || (m.Valid != nil && len(m.Valid) != len(m.Values)) || !(m.Bin > 0) {
		return fmt.Errorf("analysis.%s: malformed %d x %d map with %d values, %d flags, bin %g", fn, m.Nx, m.Ny, len(m.Values), len(m.Valid), m.Bin)
	}
	return nil
}

// RateMapOptions adjusts RateMap. The zero value gives the defaults.
type RateMapOptions struct {
	// Bin is the side of a square bin (m); zero means 0.025 (2.5 cm).
	Bin float64
	// Sigma is the standard deviation of the Gaussian that smooths the
	// spike and occupancy maps (m); zero means one bin, negative none.
	Sigma float64
	// MinOccupancy is the time (s) an animal must have spent in a bin for
	// it to be valid; zero means any visit (more than 0 s).
	MinOccupancy float64
	// XMin, XMax, YMin, YMax are the arena's extent (m); all zero means
	// the range of the positions.
	XMin, XMax, YMin, YMax float64
}

// RateMap returns the firing-rate map (Hz) of one neuron from an animal's
// positions x[k], y[k] (m), sampled at times t0 + k*dt (s), and the
// neuron's spike times (s). Each spike is assigned the position sample
// nearest in time; spikes outside the sampled time are ignored. Spike
// counts and occupancy time per bin are both smoothed by the same Gaussian
// (zero outside the arena) before their ratio is taken, and bins whose raw
// occupancy is below MinOccupancy, or zero, are invalid. No spikes gives a
// map of zeros; no positions, dt <= 0 or mismatched x, y an error.
func RateMap(x, y []float64, t0, dt float64, spikes []float64, opt *RateMapOptions) (Map, error) {
	var o RateMapOptions
	if opt != nil {
		o = *opt
	}
	if len(x) != len(y) || len(x) == 0 {
		return Map{}, fmt.Errorf("analysis.RateMap: %d x and %d y positions", len(x), len(y))
	}
	if !(dt > 0) {
		return Map{}, fmt.Errorf("analysis.RateMap: dt %g s: %w", dt, ErrEmptyWindow)
	}
	if o.Bin == 0 {
		o.Bin = 0.025
	}
	if o.Sigma == 0 {
		o.Sigma = o.Bin
	}
	if o.XMin == 0 && o.XMax == 0 && o.YMin == 0 && o.YMax == 0 {
		o.XMin, o.XMax, o.YMin, o.YMax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		for k := range x {
			o.XMin, o.XMax = math.Min(o.XMin, x[k]), math.Max(o.XMax, x[k])
			o.YMin, o.YMax = math.Min(o.YMin, y[k]), math.Max(o.YMax, y[k])
		}
	}
	if !(o.Bin > 0) || !(o.XMax >= o.XMin) || !(o.YMax >= o.YMin) {
		return Map{}, fmt.Errorf("analysis.RateMap: bin %g m, extent [%g, %g] x [%g, %g] m", o.Bin, o.XMin, o.XMax, o.YMin, o.YMax)
	}
	nx := max(1, int(math.Ceil((o.XMax-o.XMin)/o.Bin-1e-9)))
	ny := max(1, int(math.Ceil((o.YMax-o.YMin)/o.Bin-1e-9)))
	bin := func(k int) int {
		i := int(math.Floor((x[k] - o.XMin) / o.Bin))
		j := int(math.Floor((y[k] - o.YMin) / o.Bin))
		if i == nx && x[k] <= o.XMax {
			i--
		}
		if j == ny && y[k] <= o.YMax {
			j--
		}
		if i < 0 || j < 0 || i >= nx || j >= ny {
			return -1
		}
		return j*nx + i
	}
	occ := make([]float64, nx*ny)
	cnt := make([]float64, nx*ny)
	for k := range x {
		if b := bin(k); b >= 0 {
			occ[b] += dt
		}
	}
	for _, s := range spikes {
		k := int(math.Round((s - t0) / dt))
		if k < 0 || k >= len(x) {
			continue
		}
		if b := bin(k); b >= 0 {
			cnt[b]++
		}
	}
	m := Map{Nx: nx, Ny: ny, X0: o.XMin, Y0: o.YMin, Bin: o.Bin, Values: make([]float64, nx*ny), Valid: make([]bool, nx*ny)}
	so, sc := occ, cnt
	if o.Sigma > 0 {
		so, sc = smooth2D(occ, nx, ny, o.Sigma/o.Bin), smooth2D(cnt, nx, ny, o.Sigma/o.Bin)
	}
	for k := range occ {
		if occ[k] > 0 && occ[k] >= o.MinOccupancy && so[k] > 0 {
			m.Valid[k] = true
			m.Values[k] = sc[k] / so[k]
		}
	}
	return m, nil
}

// smooth2D returns the nx by ny row-major field v convolved with a Gaussian
// of standard deviation s bins, zero outside the field.
func smooth2D(v []float64, nx, ny int, s float64) []float64 {
	k := gaussKernel(s)
	var sum float64
	for _, w := range k {
		sum += w
	}
	for i := range k {
		k[i] /= sum
	}
	h := len(k) / 2
	tmp := make([]float64, len(v))
	out := make([]float64, len(v))
	for j := 0; j < ny; j++ {
		for i := 0; i < nx; i++ {
			var a float64
			for d := -h; d <= h; d++ {
				if ii := i + d; ii >= 0 && ii < nx {
					a += k[d+h] * v[j*nx+ii]
				}
			}
			tmp[j*nx+i] = a
		}
	}
	for j := 0; j < ny; j++ {
		for i := 0; i < nx; i++ {
			var a float64
			for d := -h; d <= h; d++ {
				if jj := j + d; jj >= 0 && jj < ny {
					a += k[d+h] * tmp[jj*nx+i]
				}
			}
			out[j*nx+i] = a
		}
	}
	return out
}

// MinOverlap is the number of pairs of valid bins a lag of Autocorrelation
// needs to be valid.
const MinOverlap = 20

// Autocorrelation returns the spatial autocorrelogram of a map: for each
// lag (dx, dy) of whole bins, the Pearson correlation between m at (i, j)
// and at (i+dx, j+dy) over the pairs of valid bins, as in Sargolini et al.
// (2006). The result has 2Nx-1 by 2Ny-1 bins with lag (0, 0) at the centre
// bin (Nx-1, Ny-1), X0 = -(Nx-0.5)*Bin, Y0 = -(Ny-0.5)*Bin, in the map's
// unit. Lags with fewer than MinOverlap pairs, or no variance, are
// invalid. It costs O(Nx^2 Ny^2). A map with fewer than MinOverlap valid
// bins, or constant, returns an error.
func Autocorrelation(m Map) (Map, error) {
	if err := m.check("Autocorrelation"); err != nil {
		return Map{}, err
	}
	nx, ny := m.Nx, m.Ny
	ax, ay := 2*nx-1, 2*ny-1
	ac := Map{Nx: ax, Ny: ay, X0: -(float64(nx) - 0.5) * m.Bin, Y0: -(float64(ny) - 0.5) * m.Bin, Bin: m.Bin,
		Values: make([]float64, ax*ay), Valid: make([]bool, ax*ay)}
	v := make([]float64, nx*ny)
	ok := make([]bool, nx*ny)
	nv := 0
	for k := range v {
		if m.valid(k) {
			v[k], ok[k] = m.Values[k], true
			nv++
		}
	}
	if nv < MinOverlap {
		return Map{}, fmt.Errorf("analysis.Autocorrelation: %d valid bins, need %d", nv, MinOverlap)
	}
	any := false
	for dy := -(ny - 1); dy < ny; dy++ {
		for dx := -(nx - 1); dx < nx; dx++ {
			var n, sa, sb, saa, sbb, sab float64
			for j := max(0, -dy); j < min(ny, ny-dy); j++ {
				r0, r1 := j*nx, (j+dy)*nx
				for i := max(0, -dx); i < min(nx, nx-dx); i++ {
					if !ok[r0+i] || !ok[r1+i+dx] {
						continue
					}
					a, b := v[r0+i], v[r1+i+dx]
					n++
					sa += a
					sb += b
					saa += a * a
					sbb += b * b
					sab += a * b
				}
			}
			if n < MinOverlap {
				continue
			}
			va, vb := n*saa-sa*sa, n*sbb-sb*sb
			if va <= 1e-12*n*saa || vb <= 1e-12*n*sbb {
				continue
			}
			k := (dy+ny-1)*ax + dx + nx - 1
			ac.Values[k] = (n*sab - sa*sb) / math.Sqrt(va*vb)
			ac.Valid[k] = true
			any = true
		}
	}
	if !any {
		return Map{}, errors.New("analysis.Autocorrelation: the map is constant")
	}
	return ac, nil
}

// RingWidth is the width (bins) of the rings GridScore averages over.
const RingWidth = 2

// GridStats are the grid measures of an autocorrelogram.
type GridStats struct {
	// Score is the gridness: the mean over the rings of the annulus of
	// min(r60, r120) - max(r30, r90, r150), r_a being the ring's
	// correlation with the autocorrelogram rotated by a degrees. About 1.5
	// for a perfect hexagonal grid, above about 0.3 for grid cells, below
	// 0 for stripes and random maps.
	Score float64
	// R30 ... R150 are the ring correlations averaged over the rings.
	R30, R60, R90, R120, R150 float64
	// Pooled is the classic score of Sargolini et al. (2006): the same
	// difference of correlations each pooled over the whole annulus. It
	// mixes radii, so that stripes score about 0 of either sign.
	Pooled float64
	// Inner and Outer are the radii of the annulus (unit of the map).
	Inner, Outer float64
	// Peaks is the number of peaks around the centre found (at most 6)
	// that Spacing and Orientation are computed from; with fewer than 3
	// those are 0.
	Peaks int
	// Spacing is the mean distance from the centre to those peaks (unit
	// of the map): the grid's spacing.
	Spacing float64
	// Orientation is the angle of the grid's axes (rad, in [0, pi/3)):
	// the mean, modulo 60 degrees, of the angles of the peaks from the
	// x axis.
	Orientation float64
}

// GridScore returns the gridness of a spatial autocorrelogram (see
// Autocorrelation), after Sargolini et al. (2006) and Langston et al.
// (2010). The central peak's radius Inner is where the mean
// autocorrelation over rings about the centre first drops below zero or
// reaches a minimum. Peaks are the local maxima (over their 8 neighbours,
// positive, refined to sub-bin position by parabolas) beyond Inner; the six
// nearest the centre give Spacing and Orientation. The annulus runs from
// Inner to their mean distance plus Inner (without peaks, to the largest
// radius inside the autocorrelogram). It is cut into rings of RingWidth
// bins; each ring is correlated (Pearson, over its valid bins) with the
// autocorrelogram rotated about the centre by 30, 60, ..., 150 degrees
// (bilinear interpolation), and the ring scores are averaged. Scoring ring
// by ring rather than over the pooled annulus (GridStats.Pooled) keeps the
// score of stripes negative: a six-fold symmetric pattern correlates with
// its 60-degree rotation on every ring, stripes on a few rings only. An
// autocorrelogram of even size (its centre is not a bin), or none of
// whose rings has MinOverlap valid bins, returns an error.
func GridScore(ac Map) (GridStats, error) {
	if err := ac.check("GridScore"); err != nil {
		return GridStats{}, err
	}
	if ac.Nx%2 == 0 || ac.Ny%2 == 0 {
		return GridStats{}, fmt.Errorf("analysis.GridScore: %d x %d autocorrelogram, want odd sizes", ac.Nx, ac.Ny)
	}
	cx, cy := (ac.Nx-1)/2, (ac.Ny-1)/2
	rmax := float64(min(cx, cy))
	// Radial profile in rings of one bin.
	nr := int(rmax) + 1
	sum := make([]float64, nr+1)
	cnt := make([]float64, nr+1)
	for j := 0; j < ac.Ny; j++ {
		for i := 0; i < ac.Nx; i++ {
			v, ok := ac.At(i, j)
			if !ok {
				continue
			}
			r := int(math.Round(math.Hypot(float64(i-cx), float64(j-cy))))
			if r <= nr {
				sum[r] += v
				cnt[r]++
			}
		}
	}
	prof := func(r int) float64 {
		if cnt[r] == 0 {
			return math.NaN()
		}
		return sum[r] / cnt[r]
	}
	inner := 1
	for inner < nr && !(prof(inner) < 0) && !(prof(inner+1) > prof(inner)) {
		inner++
	}
	// Peaks beyond the central one.
	type peak struct{ x, y, r float64 }
	var peaks []peak
	for j := 1; j < ac.Ny-1; j++ {
		for i := 1; i < ac.Nx-1; i++ {
			v, ok := ac.At(i, j)
			if !ok || v <= 0 {
				continue
			}
			r := math.Hypot(float64(i-cx), float64(j-cy))
			if r <= float64(inner) || r > rmax {
				continue
			}
			isMax := true
			for dj := -1; dj <= 1 && isMax; dj++ {
				for di := -1; di <= 1; di++ {
					if w, ok := ac.At(i+di, j+dj); (di != 0 || dj != 0) && (!ok || w > v || (w == v && (dj < 0 || (dj == 0 && di < 0)))) {
						isMax = false
						break
					}
				}
			}
			if !isMax {
				continue
			}
			l, _ := ac.At(i-1, j)
			rr, _ := ac.At(i+1, j)
			d, _ := ac.At(i, j-1)
			u, _ := ac.At(i, j+1)
			x, y := float64(i-cx)+parabola(l, v, rr), float64(j-cy)+parabola(d, v, u)
			peaks = append(peaks, peak{x, y, math.Hypot(x, y)})
		}
	}
	sort.Slice(peaks, func(a, b int) bool { return peaks[a].r < peaks[b].r })
	if len(peaks) > 6 {
		peaks = peaks[:6]
	}
	g := GridStats{Peaks: len(peaks)}
	outer := rmax
	if len(peaks) > 0 {
		var mr float64
		for _, p := range peaks {
			mr += p.r / float64(len(peaks))
		}
		outer = math.Min(rmax, mr+float64(inner))
		if len(peaks) >= 3 {
			g.Spacing = mr * ac.Bin
			var c, s float64
			for _, p := range peaks {
				a := 6 * math.Atan2(p.y, p.x)
				c += math.Cos(a)
				s += math.Sin(a)
			}
			o := math.Atan2(s, c) / 6
			if o < 0 {
				o += math.Pi / 3
			}
			if o >= math.Pi/3 {
				o = 0
			}
			g.Orientation = o
		}
	}
	g.Inner, g.Outer = float64(inner)*ac.Bin, outer*ac.Bin
	score := func(rs []float64) float64 {
		return math.Min(rs[1], rs[3]) - math.Max(rs[0], math.Max(rs[2], rs[4]))
	}
	rs := make([]float64, 5)
	for k := range rs {
		r, err := rotatedCorrelation(ac, cx, cy, float64(inner), outer, float64(k+1)*math.Pi/6)
		if err != nil {
			return g, err
		}
		rs[k] = r
	}
	g.Pooled = score(rs)
	var mr [5]float64
	rings := 0
	for r := float64(inner); r < outer; r += RingWidth {
		ok := true
		for k := range rs {
			c, err := rotatedCorrelation(ac, cx, cy, r, math.Min(r+RingWidth, outer), float64(k+1)*math.Pi/6)
			if err != nil {
				ok = false
				break
			}
			rs[k] = c
		}
		if !ok {
			continue
		}
		for k := range rs {
			mr[k] += rs[k]
		}
		g.Score += score(rs)
		rings++
	}
	if rings == 0 {
		return g, fmt.Errorf("analysis.GridScore: no ring of the annulus [%g, %g] bins has %d valid bins", float64(inner), outer, MinOverlap)
	}
	g.Score /= float64(rings)
	g.R30, g.R60, g.R90, g.R120, g.R150 = mr[0]/float64(rings), mr[1]/float64(rings), mr[2]/float64(rings), mr[3]/float64(rings), mr[4]/float64(rings)
	return g, nil
}

// parabola returns the offset in (-0.5, 0.5) of the vertex of the parabola
// through (-1, a), (0, b), (1, c), or 0 if b is not a strict maximum.
func parabola(a, b, c float64) float64 {
	d := a - 2*b + c
	if d >= 0 {
		return 0
	}
	o := 0.5 * (a - c) / d
	return math.Max(-0.5, math.Min(0.5, o))
}

// rotatedCorrelation returns the Pearson correlation, over the valid bins
// of ac at distance [r0, r1] bins from the centre (cx, cy), between ac and
// ac rotated by angle (rad), interpolated bilinearly.
func rotatedCorrelation(ac Map, cx, cy int, r0, r1, angle float64) (float64, error) {
	sn, cs := math.Sincos(angle)
	var n, sa, sb, saa, sbb, sab float64
	for j := 0; j < ac.Ny; j++ {
		for i := 0; i < ac.Nx; i++ {
			x, y := float64(i-cx), float64(j-cy)
			r := math.Hypot(x, y)
			if r < r0 || r > r1 {
				continue
			}
			a, ok := ac.At(i, j)
			if !ok {
				continue
			}
			b, ok := bilinear(ac, float64(cx)+cs*x-sn*y, float64(cy)+sn*x+cs*y)
			if !ok {
				continue
			}
			n++
			sa += a
			sb += b
			saa += a * a
			sbb += b * b
			sab += a * b
		}
	}
	if n < MinOverlap {
		return 0, fmt.Errorf("analysis.GridScore: %v valid bins in the annulus [%g, %g] bins, need %d", n, r0, r1, MinOverlap)
	}
	va, vb := n*saa-sa*sa, n*sbb-sb*sb
	if va <= 0 || vb <= 0 {
		return 0, errors.New("analysis.GridScore: the annulus is constant")
	}
	return (n*sab - sa*sb) / math.Sqrt(va*vb), nil
}

// bilinear interpolates m at fractional bin coordinates (x, y); it fails
// when one of the four bins around is invalid.
func bilinear(m Map, x, y float64) (float64, bool) {
	i, j := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(i), y-float64(j)
	v00, ok0 := m.At(i, j)
	v10, ok1 := m.At(i+1, j)
	v01, ok2 := m.At(i, j+1)
	v11, ok3 := m.At(i+1, j+1)
	if fx < 1e-9 {
		v10, ok1, v11, ok3 = v00, ok0, v01, ok2
	}
	if fy < 1e-9 {
		v01, ok2, v11, ok3 = v00, ok0, v10, ok1
	}
	if !ok0 || !ok1 || !ok2 || !ok3 {
		return 0, false
	}
	return (v00*(1-fx)+v10*fx)*(1-fy) + (v01*(1-fx)+v11*fx)*fy, true
}

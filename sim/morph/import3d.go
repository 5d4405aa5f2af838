package morph

import (
	"fmt"
	"math"
	"sort"
	"strconv"
)

// This file holds the soma arithmetic of NEURON's Import3d (import3d_sec.hoc
// and import3d_gui.hoc of NEURON 8.2.2) that the Neurolucida and HDF5
// readers share: the contour centre, contour2centroid with the soma
// orientation of NEURON PR #2491, the circles of a contour stack, and
// instantiate's printing of every 3-D point with %.8g.

// convexity is how contour2centroid makes the two sides of an outline
// monotonic along the major axis.
type convexity int

const (
	// convexImport3d is Import3d's loop: from the end, a point not beyond
	// its predecessor is removed and its successor checked again.
	convexImport3d convexity = iota
	// convexSuffixMin is neurodamus's make_convex (MorphIO path): a point
	// is kept only if it is below every point kept after it.
	convexSuffixMin
)

// nrnInterpolate is NEURON's Vector.interpolate: ys, given at xs (points
// where xs does not increase are skipped), linearly interpolated at the
// increasing xd; the end values outside [xs[0], xs[n-1]].
func nrnInterpolate(xd, xs, ys []float64) []float64 {
	nd, ns := len(xd), len(xs)
	yd := make([]float64, nd)
	id := 0
	for ; id < nd && xd[id] <= xs[0]; id++ {
		yd[id] = ys[0]
	}
	for is := 1; is < ns && id < nd; is++ {
		if xs[is] <= xs[is-1] {
			continue
		}
		for id < nd && xd[id] <= xs[is] {
			thet := (xd[id] - xs[is-1]) / (xs[is] - xs[is-1])
			yd[id] = (1-thet)*ys[is-1] + thet*ys[is]
			id++
		}
	}
	for ; id < nd; id++ {
		yd[id] = ys[ns-1]
	}
	return yd
}

// nrnContourCenter is Import3d's contourcenter: the outline resampled at
// 101 points equally spaced along its length in the xy plane (Import3d
// leaves z out of the perimeter), from the first point to the last, and
// the mean of those points.
func nrnContourCenter(x, y, z []float64) (rx, ry, rz []float64, mean [3]float64) {
	n := len(x)
	perim := make([]float64, n)
	for i := 1; i < n; i++ {
		dx, dy := x[i]-x[i-1], y[i]-y[i-1]
		perim[i] = perim[i-1] + math.Sqrt(dx*dx+dy*dy)
	}
	step := perim[n-1] / 100
	d := make([]float64, 101)
	for i := range d {
		d[i] = float64(i) * step
	}
	rx, ry, rz = nrnInterpolate(d, perim, x), nrnInterpolate(d, perim, y), nrnInterpolate(d, perim, z)
	for k, v := range [3][]float64{rx, ry, rz} {
		s := 0.
		for _, e := range v {
			s += e
		}
		mean[k] = s / float64(len(v))
	}
	return rx, ry, rz, mean
}

// nrnContour2Centroid is Import3d's contour2centroid with the orientation
// of NEURON PR #2491: the outline's principal axis (the eigenvector of
// largest eigenvalue of the scatter of its resampled points) turned so that
// its largest component is positive, 21 points along it between the second
// lowest and second highest projections of the outline, each with the
// outline's width across the axis as diameter (the end diameters averaged
// with their neighbours).
func nrnContour2Centroid(x, y, z []float64, conv convexity) ([]Point, error) {
	if len(x) < 3 {
		return nil, fmt.Errorf("%d points, want at least 3", len(x))
	}
	rx, ry, rz, mean := nrnContourCenter(x, y, z)
	n := len(rx)
	pts, vals, vecs := scatterEig(rx, ry, rz, mean)
	imax, imin := extremeEig(vals)
	if imax == imin {
		return nil, fmt.Errorf("degenerate outline (all points coincide)")
	}
	major := [3]float64{vecs[0][imax], vecs[1][imax], vecs[2][imax]}
	big := 0
	for k := 1; k < 3; k++ {
		if math.Abs(major[k]) > math.Abs(major[big]) {
			big = k
		}
	}
	if major[big] < 0 {
		for k := range major {
			major[k] = -major[k]
		}
	}
	mid := 3 - imin - imax
	minor := [3]float64{vecs[0][mid], vecs[1][mid], 0}
	mag := math.Hypot(minor[0], minor[1])
	if mag < 1e-6 {
		return nil, fmt.Errorf("outline perpendicular to the xy plane: no width across its axis")
	}
	minor[0] /= mag
	minor[1] /= mag
	d := make([]float64, n)
	rad := make([]float64, n)
	for i := 0; i < n; i++ {
		d[i] = pts[0][i]*major[0] + pts[1][i]*major[1] + pts[2][i]*major[2]
		rad[i] = pts[0][i]*minor[0] + pts[1][i]*minor[1] + pts[2][i]*minor[2]
	}
	imx := argmax(d)
	d = append(d[imx:], d[:imx]...)
	rad = append(rad[imx:], rad[:imx]...)
	imn := argmin(d)
	side2 := append([]float64(nil), d[imn:]...)
	rad2 := append([]float64(nil), rad[imn:]...)
	side1 := reversed(d[:imn])
	rad1 := reversed(rad[:imn])
	side1, rad1 = makeConvex(side1, rad1, conv)
	side2, rad2 = makeConvex(side2, rad2, conv)
	if len(side1) < 1 || len(side2) < 1 || len(side1)+len(side2) < 4 {
		return nil, fmt.Errorf("outline too irregular to find its two sides")
	}
	all := append(append([]float64(nil), side1...), side2...)
	sort.Float64s(all)
	lo, hi := all[1], all[len(all)-2]
	if !(hi > lo) {
		return nil, fmt.Errorf("outline too irregular to find its two sides")
	}
	step := (hi - lo) / 20
	t := make([]float64, 21)
	for i := range t {
		t[i] = float64(i)*step + lo
	}
	r1 := nrnInterpolate(t, side1, rad1)
	r2 := nrnInterpolate(t, side2, rad2)
	c := make([]Point, 21)
	for i := range t {
		c[i] = Point{major[0]*t[i] + mean[0], major[1]*t[i] + mean[1], major[2]*t[i] + mean[2], math.Abs(r1[i] - r2[i])}
	}
	c[0].D = (c[0].D + c[1].D) / 2
	c[20].D = (c[20].D + c[19].D) / 2
	for i, p := range c {
		if !(p.D > 0) {
			return nil, fmt.Errorf("zero width at point %d of the centroid", i)
		}
	}
	return c, nil
}

func argmax(v []float64) int {
	k := 0
	for i := range v {
		if v[i] > v[k] {
			k = i
		}
	}
	return k
}

func argmin(v []float64) int {
	k := 0
	for i := range v {
		if v[i] < v[k] {
			k = i
		}
	}
	return k
}

// makeConvex removes the points that make d not increase, and the
// matching r, following conv.
func makeConvex(d, r []float64, conv convexity) ([]float64, []float64) {
	if conv == convexSuffixMin {
		if len(d) == 0 {
			return d, r
		}
		keep := make([]bool, len(d))
		keep[len(d)-1] = true
		last := d[len(d)-1]
		for i := len(d) - 2; i >= 0; i-- {
			if d[i] < last {
				last = d[i]
				keep[i] = true
			}
		}
		var dk, rk []float64
		for i := range d {
			if keep[i] {
				dk, rk = append(dk, d[i]), append(rk, r[i])
			}
		}
		return dk, rk
	}
	for j := len(d) - 1; j > 0; j-- {
		if d[j] <= d[j-1] {
			d = append(d[:j], d[j+1:]...)
			r = append(r[:j], r[j+1:]...)
			if j != len(d) {
				j++
			}
		}
	}
	return d, r
}

// nrnContourCircle is Import3d's approximate_contour_by_circle: the
// contour's centre and a diameter, the mean distance of its resampled
// points from the centre plus its closed perimeter over 2 pi.
func nrnContourCircle(x, y, z []float64) (Point, error) {
	n := len(x)
	if n < 3 {
		return Point{}, fmt.Errorf("%d points, want at least 3", n)
	}
	perim := 0.
	for i := 0; i < n; i++ {
		j := (i + 1) % n
		dx, dy, dz := x[j]-x[i], y[j]-y[i], z[j]-z[i]
		perim += math.Sqrt(dx*dx + dy*dy + dz*dz)
	}
	rx, ry, rz, c := nrnContourCenter(x, y, z)
	s := 0.
	for i := range rx {
		dx, dy, dz := rx[i]-c[0], ry[i]-c[1], rz[i]-c[2]
		s += math.Sqrt(dx*dx + dy*dy + dz*dz)
	}
	d := s/float64(len(rx)) + perim/(2*math.Pi)
	if !(d > 0) {
		return Point{}, fmt.Errorf("contour of zero size")
	}
	return Point{c[0], c[1], c[2], d}, nil
}

// g8 is a number as Import3d's instantiate passes it to pt3dadd: printed
// with %.8g and read back.
func g8(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 8, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// g8Points applies g8 to every coordinate and diameter of pts.
func g8Points(pts []Point) []Point {
	out := make([]Point, len(pts))
	for i, p := range pts {
		out[i] = Point{g8(p.X), g8(p.Y), g8(p.Z), g8(p.D)}
	}
	return out
}

package morph

import (
	"fmt"
	"math"
	"sort"
)

// contourCenter is NEURON's contourcenter (import3d_sec.hoc): the outline
// x, y, z resampled at 101 points equally spaced along its length (from
// the first point to the last) and the mean of those points.
func contourCenter(x, y, z []float64) (rx, ry, rz []float64, mean [3]float64) {
	n := len(x)
	perim := make([]float64, n)
	for i := 1; i < n; i++ {
		dx, dy, dz := x[i]-x[i-1], y[i]-y[i-1], z[i]-z[i-1]
		perim[i] = perim[i-1] + math.Sqrt(dx*dx+dy*dy+dz*dz)
	}
	const m = 101
	total := perim[n-1]
	d := make([]float64, m)
	for i := range d {
		d[i] = float64(i) * (total / 100)
	}
	rx, ry, rz = interpolate(d, perim, x), interpolate(d, perim, y), interpolate(d, perim, z)
	for i := 0; i < m; i++ {
		mean[0] += rx[i]
		mean[1] += ry[i]
		mean[2] += rz[i]
	}
	for k := range mean {
		mean[k] /= m
	}
	return rx, ry, rz, mean
}

// interpolate returns ys, given at increasing xs, linearly interpolated at
// each of xd; outside [xs[0], xs[n-1]] the end values are used.
func interpolate(xd, xs, ys []float64) []float64 {
	out := make([]float64, len(xd))
	n := len(xs)
	for k, x := range xd {
		switch {
		case x <= xs[0]:
			out[k] = ys[0]
		case x >= xs[n-1]:
			out[k] = ys[n-1]
		default:
			j := sort.SearchFloat64s(xs, x) // xs[j-1] < x <= xs[j]
			if j == 0 {
				j = 1
			}
			x0, x1 := xs[j-1], xs[j]
			if x1 == x0 {
				out[k] = ys[j]
				continue
			}
			f := (x - x0) / (x1 - x0)
			out[k] = ys[j-1] + f*(ys[j]-ys[j-1])
		}
	}
	return out
}

// contour2centroid is NEURON's Import3d contour2centroid: the soma outline
// is replaced by 21 points along the major axis of its best-fitting
// ellipsoid, each with the width of the outline across that axis as
// diameter (the two end diameters averaged with their neighbours).
func contour2centroid(x, y, z []float64) (cx, cy, cz, cd []float64, err error) {
	if len(x) < 3 {
		return nil, nil, nil, nil, fmt.Errorf("%d points, want at least 3", len(x))
	}
	rx, ry, rz, mean := contourCenter(x, y, z)
	n := len(rx)
	pts, vals, vecs := scatterEig(rx, ry, rz, mean)
	imax, imin := extremeEig(vals)
	if imax == imin {
		return nil, nil, nil, nil, fmt.Errorf("degenerate outline (all points coincide)")
	}
	major := [3]float64{vecs[0][imax], vecs[1][imax], vecs[2][imax]}
	mid := 3 - imin - imax
	minor := [3]float64{vecs[0][mid], vecs[1][mid], 0}
	mag := math.Hypot(minor[0], minor[1])
	if mag == 0 {
		return nil, nil, nil, nil, fmt.Errorf("outline perpendicular to the xy plane")
	}
	minor[0] /= mag
	minor[1] /= mag
	d := make([]float64, n)
	rad := make([]float64, n)
	for i := 0; i < n; i++ {
		d[i] = pts[0][i]*major[0] + pts[1][i]*major[1] + pts[2][i]*major[2]
		rad[i] = pts[0][i]*minor[0] + pts[1][i]*minor[1] + pts[2][i]*minor[2]
	}
	// Rotate so that the point furthest along the axis comes first.
	im := 0
	for i := range d {
		if d[i] > d[im] {
			im = i
		}
	}
	d = append(d[im:], d[:im]...)
	rad = append(rad[im:], rad[:im]...)
	in := 0
	for i := range d {
		if d[i] < d[in] {
			in = i
		}
	}
	side2 := append([]float64(nil), d[in:]...)
	rad2 := append([]float64(nil), rad[in:]...)
	d = reversed(d[:in])
	rad = reversed(rad[:in])
	d, rad = increasing(d, rad)
	side2, rad2 = increasing(side2, rad2)
	if len(d) < 1 || len(side2) < 1 || len(d)+len(side2) < 4 {
		return nil, nil, nil, nil, fmt.Errorf("outline too irregular to find its two sides")
	}
	all := append(append([]float64(nil), d...), side2...)
	sort.Float64s(all)
	lo, hi := all[1], all[len(all)-2]
	t := make([]float64, 21)
	for i := range t {
		t[i] = lo + float64(i)*(hi-lo)/20
	}
	r1 := interpolate(t, d, rad)
	r2 := interpolate(t, side2, rad2)
	cx, cy, cz, cd = make([]float64, 21), make([]float64, 21), make([]float64, 21), make([]float64, 21)
	for i := range t {
		cx[i] = major[0]*t[i] + mean[0]
		cy[i] = major[1]*t[i] + mean[1]
		cz[i] = major[2]*t[i] + mean[2]
		cd[i] = math.Abs(r1[i] - r2[i])
	}
	cd[0] = (cd[0] + cd[1]) / 2
	cd[20] = (cd[20] + cd[19]) / 2
	for i, v := range cd {
		if !(v > 0) {
			return nil, nil, nil, nil, fmt.Errorf("zero width at point %d of the centroid", i)
		}
	}
	return cx, cy, cz, cd, nil
}

func reversed(x []float64) []float64 {
	out := make([]float64, len(x))
	for i := range x {
		out[len(x)-1-i] = x[i]
	}
	return out
}

// increasing drops, from the end, every point not beyond its predecessor
// (NEURON's "make it convex").
func increasing(d, r []float64) ([]float64, []float64) {
	for j := len(d) - 1; j > 0; j-- {
		if d[j] <= d[j-1] {
			d = append(d[:j], d[j+1:]...)
			r = append(r[:j], r[j+1:]...)
		}
	}
	return d, r
}

// symEig3 returns the eigenvalues and eigenvectors (columns) of a
// symmetric 3x3 matrix by Jacobi rotations.
func symEig3(a [3][3]float64) (vals [3]float64, vecs [3][3]float64) {
	for i := 0; i < 3; i++ {
		vecs[i][i] = 1
	}
	for sweep := 0; sweep < 50; sweep++ {
		off := a[0][1]*a[0][1] + a[0][2]*a[0][2] + a[1][2]*a[1][2]
		if off < 1e-30*(a[0][0]*a[0][0]+a[1][1]*a[1][1]+a[2][2]*a[2][2]) || off == 0 {
			break
		}
		for p := 0; p < 2; p++ {
			for q := p + 1; q < 3; q++ {
				if a[p][q] == 0 {
					continue
				}
				theta := (a[q][q] - a[p][p]) / (2 * a[p][q])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := 0; k < 3; k++ {
					akp, akq := a[k][p], a[k][q]
					a[k][p] = c*akp - s*akq
					a[k][q] = s*akp + c*akq
				}
				for k := 0; k < 3; k++ {
					apk, aqk := a[p][k], a[q][k]
					a[p][k] = c*apk - s*aqk
					a[q][k] = s*apk + c*aqk
				}
				for k := 0; k < 3; k++ {
					vkp, vkq := vecs[k][p], vecs[k][q]
					vecs[k][p] = c*vkp - s*vkq
					vecs[k][q] = s*vkp + c*vkq
				}
			}
		}
	}
	for i := 0; i < 3; i++ {
		vals[i] = a[i][i]
	}
	return vals, vecs
}

// scatterEig returns the points (x, y, z) less mean, and the eigenvalues
// and eigenvectors (columns) of their scatter matrix.
func scatterEig(x, y, z []float64, mean [3]float64) (pts [3][]float64, vals [3]float64, vecs [3][3]float64) {
	n := len(x)
	pts = [3][]float64{make([]float64, n), make([]float64, n), make([]float64, n)}
	for i := 0; i < n; i++ {
		pts[0][i], pts[1][i], pts[2][i] = x[i]-mean[0], y[i]-mean[1], z[i]-mean[2]
	}
	var m [3][3]float64
	for i := 0; i < 3; i++ {
		for j := i; j < 3; j++ {
			s := 0.
			for k := 0; k < n; k++ {
				s += pts[i][k] * pts[j][k]
			}
			m[i][j], m[j][i] = s, s
		}
	}
	vals, vecs = symEig3(m)
	return pts, vals, vecs
}

// extremeEig returns the indices of the largest and the smallest of vals
// (the first of equal ones).
func extremeEig(vals [3]float64) (imax, imin int) {
	for k := 1; k < 3; k++ {
		if vals[k] > vals[imax] {
			imax = k
		}
		if vals[k] < vals[imin] {
			imin = k
		}
	}
	return imax, imin
}

package gridcells

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"

	"github.com/golgi-sim/golgi/analysis"
)

// ErrNoGrid is returned by GridProps2D where the authors' grid_props_2D
// returns NaNs: no peak of the autocorrelogram besides the central one.
var ErrNoGrid = errors.New("analysis: no grid in the autocorrelogram")

// SheetRateMap is the authors' spks_to_rate_reshaped at one time: the
// rates InstantRateAll(trains, durMs, sigmaMs) of the n x n cells of a 2D
// sheet (n = nPerAxis) at millisecond tMs, reshaped so that cell c sits at
// row c div n, column c mod n, and flipped along the rows: M[n-1-c div
// n][c mod n] = R[c][tMs]. The unit is InstantRateAll's (arbitrary). Only
// the requested time is computed.
func SheetRateMap(trains [][]float64, durMs, nPerAxis int, sigmaMs float64, tMs int) ([][]float64, error) {
	if err := checkRateArgs("SheetRateMap", durMs, sigmaMs); err != nil {
		return nil, err
	}
	n := nPerAxis
	if n < 1 || len(trains) != n*n {
		return nil, fmt.Errorf("analysis.SheetRateMap: %d cells for a %d x %d sheet", len(trains), n, n)
	}
	if tMs < 0 || tMs >= durMs {
		return nil, fmt.Errorf("analysis.SheetRateMap: time %d ms outside [0, %d): %w", tMs, durMs, analysis.ErrEmptyWindow)
	}
	k := newSameKernel(durMs, sigmaMs)
	seen := make([]bool, durMs)
	m := make([][]float64, n)
	for r := range m {
		m[r] = make([]float64, n)
	}
	for c, tr := range trains {
		v := 0.0
		for _, b := range msBins(tr, durMs, seen) {
			if j := tMs + k.half - b; j >= k.lo && j < k.hi {
				v += k.w[j]
			}
		}
		m[n-1-c/n][c%n] = v
	}
	return m, nil
}

// CircularAutocorrelation2D is scipy.signal.correlate2d(a, a, mode='full',
// boundary='wrap') for an r x c map: the (2r-1) x (2c-1) array
//
//	A[i][j] = sum_{p,q} a[p][q] a[(p + i - r + 1) mod r][(q + j - c + 1) mod c],
//
// the circular autocorrelation at lags (i - r + 1, j - c + 1), each lag
// appearing once or twice (lags d and d - r coincide). Ragged or empty
// maps return an error.
func CircularAutocorrelation2D(a [][]float64) ([][]float64, error) {
	r := len(a)
	if r == 0 || len(a[0]) == 0 {
		return nil, fmt.Errorf("analysis.CircularAutocorrelation2D: empty map: %w", analysis.ErrEmptyWindow)
	}
	c := len(a[0])
	for _, row := range a {
		if len(row) != c {
			return nil, fmt.Errorf("analysis.CircularAutocorrelation2D: ragged map")
		}
	}
	circ := make([][]float64, r)
	for di := range circ {
		circ[di] = make([]float64, c)
		for dj := range circ[di] {
			s := 0.0
			for p := 0; p < r; p++ {
				rp, rq := a[p], a[(p+di)%r]
				for q := 0; q < c; q++ {
					s += rp[q] * rq[(q+dj)%c]
				}
			}
			circ[di][dj] = s
		}
	}
	out := make([][]float64, 2*r-1)
	for i := range out {
		out[i] = make([]float64, 2*c-1)
		di := ((i-r+1)%r + r) % r
		for j := range out[i] {
			out[i][j] = circ[di][((j-c+1)%c+c)%c]
		}
	}
	return out, nil
}

// Blob is a connected region of a labelled image: its label (1, 2, ...)
// and bounding box, rows [R0, R1) and columns [C0, C1) (scipy.ndimage
// find_objects' slices).
type Blob struct {
	Label          int
	R0, R1, C0, C1 int
}

// LabelBlobs is scipy.ndimage.label with a full 3 x 3 structure: the
// nonzero pixels of img grouped into 8-connected blobs, labelled 1, 2, ...
// in the raster order of their first pixel (0 is background), with their
// bounding boxes in label order.
func LabelBlobs(img [][]float64) ([][]int, []Blob) {
	r := len(img)
	lab := make([][]int, r)
	for i := range lab {
		lab[i] = make([]int, len(img[i]))
	}
	var blobs []Blob
	var stack [][2]int
	for i := range img {
		for j, v := range img[i] {
			if v == 0 || lab[i][j] != 0 {
				continue
			}
			b := Blob{Label: len(blobs) + 1, R0: i, R1: i + 1, C0: j, C1: j + 1}
			lab[i][j] = b.Label
			stack = append(stack[:0], [2]int{i, j})
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				b.R0, b.R1 = min(b.R0, p[0]), max(b.R1, p[0]+1)
				b.C0, b.C1 = min(b.C0, p[1]), max(b.C1, p[1]+1)
				for di := -1; di <= 1; di++ {
					for dj := -1; dj <= 1; dj++ {
						y, x := p[0]+di, p[1]+dj
						if y < 0 || y >= r || x < 0 || x >= len(img[y]) || img[y][x] == 0 || lab[y][x] != 0 {
							continue
						}
						lab[y][x] = b.Label
						stack = append(stack, [2]int{y, x})
					}
				}
			}
			blobs = append(blobs, b)
		}
	}
	return lab, blobs
}

// splinePole is the pole of the cubic B-spline prefilter, sqrt(3) - 2.
var splinePole = math.Sqrt(3) - 2

// splineFilter1D turns samples into cubic B-spline coefficients in place
// with mirror-symmetric boundaries (scipy.ndimage.spline_filter1d, order
// 3, mode 'mirror', which mode 'constant' also uses).
func splineFilter1D(c []float64) {
	n := len(c)
	if n < 2 {
		return
	}
	z := splinePole
	lambda := (1 - z) * (1 - 1/z)
	for i := range c {
		c[i] *= lambda
	}
	zn1 := math.Pow(z, float64(n-1))
	c0 := c[0] + zn1*c[n-1]
	zi := z
	for i := 1; i < n-1; i++ {
		c0 += zi * (c[i] + zn1*c[n-1-i])
		zi *= z
	}
	c[0] = c0 / (1 - zn1*zn1)
	for i := 1; i < n; i++ {
		c[i] += z * c[i-1]
	}
	c[n-1] = (z*c[n-2] + c[n-1]) * z / (z*z - 1)
	for i := n - 2; i >= 0; i-- {
		c[i] = z * (c[i+1] - c[i])
	}
}

// mirrorIndex maps an index outside [0, n) back by mirror symmetry about
// the end samples (d c b | a b c d | c b a).
func mirrorIndex(i, n int) int {
	if n == 1 {
		return 0
	}
	p := 2 * (n - 1)
	i = ((i % p) + p) % p
	if i >= n {
		i = p - i
	}
	return i
}

// cubicWeights are the cubic B-spline weights of the four coefficients
// floor(x)-1 .. floor(x)+2 at fractional offset t = x - floor(x).
func cubicWeights(t float64) [4]float64 {
	u := 1 - t
	return [4]float64{
		u * u * u / 6,
		(4 - 6*t*t + 3*t*t*t) / 6,
		(1 + 3*t + 3*t*t - 3*t*t*t) / 6,
		t * t * t / 6,
	}
}

// degTrig returns cos and sin of an angle in degrees, exact at the
// multiples of 90 degrees and, at 30, 60, 120 and 150 degrees, equal to
// the values of cephes' cosdg/sindg that scipy.ndimage.rotate uses.
func degTrig(deg float64) (c, s float64) {
	const a, b = 0.8660254037844387, 0.49999999999999994
	switch deg {
	case 0:
		return 1, 0
	case 30:
		return a, b
	case 60:
		return b, a
	case 90:
		return 0, 1
	case 120:
		return -b, a
	case 150:
		return -a, b
	case 180:
		return -1, 0
	}
	r := deg * math.Pi / 180
	return math.Cos(r), math.Sin(r)
}

// RotateSpline is scipy.ndimage.rotate(a, angleDeg, reshape=False) with
// its defaults (cubic spline, mode 'constant', cval 0, prefilter): the
// image's cubic B-spline coefficients (mirror boundaries) are sampled at
//
//	(y, x) = R (i, j) + o,  R = [[cos, sin], [-sin, cos]],
//	o = (h - R h),  h = ((rows-1)/2, (cols-1)/2),
//
// for each output pixel (i, j); points outside [0, rows-1] x [0, cols-1]
// are 0. Equal to scipy to rounding.
func RotateSpline(a [][]float64, angleDeg float64) [][]float64 {
	r := len(a)
	if r == 0 {
		return nil
	}
	c := len(a[0])
	coef := make([][]float64, r)
	for i := range coef {
		coef[i] = append([]float64(nil), a[i]...)
		splineFilter1D(coef[i])
	}
	col := make([]float64, r)
	for j := 0; j < c; j++ {
		for i := range col {
			col[i] = coef[i][j]
		}
		splineFilter1D(col)
		for i := range col {
			coef[i][j] = col[i]
		}
	}
	cs, sn := degTrig(angleDeg)
	h0, h1 := float64(r-1)/2, float64(c-1)/2
	o0 := h0 - (cs*h0 + sn*h1)
	o1 := h1 - (-sn*h0 + cs*h1)
	out := make([][]float64, r)
	for i := range out {
		out[i] = make([]float64, c)
		for j := range out[i] {
			y := cs*float64(i) + sn*float64(j) + o0
			x := -sn*float64(i) + cs*float64(j) + o1
			if y < 0 || y > float64(r-1) || x < 0 || x > float64(c-1) {
				continue
			}
			fy, fx := math.Floor(y), math.Floor(x)
			wy, wx := cubicWeights(y-fy), cubicWeights(x-fx)
			v := 0.0
			for p := 0; p < 4; p++ {
				row := coef[mirrorIndex(int(fy)-1+p, r)]
				s := 0.0
				for q := 0; q < 4; q++ {
					s += wx[q] * row[mirrorIndex(int(fx)-1+q, c)]
				}
				v += wy[p] * s
			}
			out[i][j] = v
		}
	}
	return out
}

// GridProps is the result of GridProps2D.
type GridProps struct {
	// AutoCorr is the autocorrelogram divided by its maximum.
	AutoCorr [][]float64
	// Score is the gridness min(r60, r120) - max(r30, r90, r150).
	Score float64
	// Scale is the median distance (pixels) of the six nearest peaks.
	Scale float64
	// FieldSize is the median over all peaks of the mean bounding-box side.
	FieldSize float64
	// OrientationDeg is the direction of the nearest peak, in [0, 180).
	OrientationDeg float64
	// Corr holds r30, r60, r90, r120, r150.
	Corr [5]float64
}

// pyMin and pyMax are Python's min and max of two floats (the first
// argument wins unless the second compares smaller/larger, so NaN first
// wins and NaN second loses).
func pyMin(a, b float64) float64 {
	if b < a {
		return b
	}
	return a
}

func pyMax(a, b float64) float64 {
	if b > a {
		return b
	}
	return a
}

// GridProps2D is the authors' grid_props_2D (Fig 1C) on an n x n rate map
// (one time of SheetRateMap):
//
//   - A = CircularAutocorrelation2D(m), (2n-1) x (2n-1); values below 0.25 max(A) set
//     to 0; the rest labelled into 8-connected blobs (LabelBlobs);
//   - each blob's centre is the integer middle int((start+stop)/2) of its
//     bounding box on each axis, its distance d from the centre (n-1, n-1);
//     its size the mean of its two box sides;
//   - blobs sorted by d (as numpy's argsort, ties included; the nearest is
//     the central peak); the
//     next six (or fewer) are the ring of peaks: their joint bounding box
//     crops the thresholded A, and the crop is rotated (RotateSpline) by
//     30, 60, 90, 120, 150 degrees; r_a is the Pearson correlation of the
//     rotated and the unrotated crop;
//   - Score = min(r60, r120) - max(r30, r90, r150); Scale = median d of
//     the ring; FieldSize = median size over all blobs; OrientationDeg =
//     atan2(dy, dx) of the nearest ring peak (dy along rows) mod 180.
//
// The original rounds the four numbers to 2 decimals; here they are not
// rounded. Where the original returns NaNs (no ring peak) this returns
// ErrNoGrid with the normalised A. Peaks at equal distances are ordered as
// numpy <= 1.25's argsort orders them (numpyArgsort); a numpy sorting with
// AVX-512 may order such ties differently, which changes the orientation
// (to another lattice axis) or, if the tie falls across the sixth ring
// peak, the crop. A map that is not square returns an error.
func GridProps2D(m [][]float64) (GridProps, error) {
	n := len(m)
	for _, row := range m {
		if len(row) != n {
			return GridProps{}, fmt.Errorf("analysis.GridProps2D: map is not square")
		}
	}
	A, err := CircularAutocorrelation2D(m)
	if err != nil {
		return GridProps{}, fmt.Errorf("analysis.GridProps2D: %w", err)
	}
	top := math.Inf(-1)
	for _, row := range A {
		for _, v := range row {
			top = math.Max(top, v)
		}
	}
	var gp GridProps
	gp.AutoCorr = make([][]float64, len(A))
	mod := make([][]float64, len(A))
	for i, row := range A {
		gp.AutoCorr[i] = make([]float64, len(row))
		mod[i] = make([]float64, len(row))
		for j, v := range row {
			gp.AutoCorr[i][j] = v / top
			if v >= 0.25*top {
				mod[i][j] = v
			}
		}
	}
	_, blobs := LabelBlobs(mod)
	ctr := float64(len(A) / 2)
	dist := make([]float64, len(blobs))
	sizes := make([]float64, len(blobs))
	cy := make([]float64, len(blobs))
	cx := make([]float64, len(blobs))
	for k, b := range blobs {
		sizes[k] = (float64(b.R1-b.R0) + float64(b.C1-b.C0)) / 2
		cy[k] = math.Floor(float64(b.R1+b.R0) / 2)
		cx[k] = math.Floor(float64(b.C1+b.C0) / 2)
		dy, dx := cy[k]-ctr, cx[k]-ctr
		dist[k] = math.Sqrt(dy*dy + dx*dx) // numpy.linalg.norm
	}
	idx := numpyArgsort(dist)
	if len(idx) < 2 {
		return gp, fmt.Errorf("analysis.GridProps2D: %d blobs: %w", len(idx), ErrNoGrid)
	}
	ring := idx[1:min(7, len(idx))]
	r0, r1, c0, c1 := math.MaxInt, math.MinInt, math.MaxInt, math.MinInt
	ringD := make([]float64, len(ring))
	for k, b := range ring {
		r0, r1 = min(r0, blobs[b].R0), max(r1, blobs[b].R1)
		c0, c1 = min(c0, blobs[b].C0), max(c1, blobs[b].C1)
		ringD[k] = dist[b]
	}
	crop := make([][]float64, r1-r0)
	var flat []float64
	for i := range crop {
		crop[i] = mod[r0+i][c0:c1]
		flat = append(flat, crop[i]...)
	}
	for k, ang := range []float64{30, 60, 90, 120, 150} {
		rot := RotateSpline(crop, ang)
		var fr []float64
		for _, row := range rot {
			fr = append(fr, row...)
		}
		gp.Corr[k] = stat.Correlation(flat, fr, nil)
	}
	gp.Score = pyMin(gp.Corr[1], gp.Corr[3]) - pyMax(pyMax(gp.Corr[0], gp.Corr[2]), gp.Corr[4])
	gp.Scale = analysis.Median(ringD)
	gp.FieldSize = analysis.Median(sizes)
	nb := ring[0]
	gp.OrientationDeg = pyMod(math.Atan2(cy[nb]-ctr, cx[nb]-ctr)*(180/math.Pi), 180)
	return gp, nil
}

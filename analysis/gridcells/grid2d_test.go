package gridcells

import (
	"math"
	"strconv"
	"testing"
)

func TestGCGrid2DAgainstOriginal(t *testing.T) {
	r := loadGCRef(t)
	A, err := CircularAutocorrelation2D(r.Corr2DIn)
	if err != nil {
		t.Fatal(err)
	}
	if len(A) != len(r.Corr2DOut) {
		t.Fatalf("CircularAutocorrelation2D: %d rows, want %d", len(A), len(r.Corr2DOut))
	}
	for i := range A {
		checkSeries(t, "correlate2d row "+strconv.Itoa(i), A[i], r.Corr2DOut[i], 1e-12, 1)
	}
	for key, want := range r.RotateOut {
		ang, _ := strconv.ParseFloat(key, 64)
		got := RotateSpline(r.RotateIn, ang)
		for i := range want {
			checkSeries(t, "rotate "+key, got[i], want[i], 1e-9, 1)
		}
	}
	lab, blobs := LabelBlobs(r.LabelIn)
	for i := range lab {
		for j := range lab[i] {
			if lab[i][j] != r.LabelOut[i][j] {
				t.Fatalf("LabelBlobs: pixel (%d, %d) label %d, want %d", i, j, lab[i][j], r.LabelOut[i][j])
			}
		}
	}
	if len(blobs) == 0 {
		t.Error("LabelBlobs: no blobs")
	}
	for k, c := range r.GridProps {
		gp, err := GridProps2D(c.Map)
		if c.Out[0] == nil {
			if err == nil {
				t.Errorf("case %d: GridProps2D = %+v, want ErrNoGrid (NaNs)", k, gp)
			}
			continue
		}
		if err != nil {
			t.Errorf("case %d: %v", k, err)
			continue
		}
		// The original rounds to 2 decimals.
		for i, got := range []float64{gp.Score, gp.Scale, gp.FieldSize, gp.OrientationDeg} {
			if want := *c.Out[i]; math.Abs(got-want) > 0.005+1e-9 {
				t.Errorf("case %d (n %d, scale %g, orientation %g): value %d = %.4f, original %.2f", k, c.N, c.Scale, c.Orient, i, got, want)
			}
		}
	}
}

// hexLattice is a hexagonal rate map: exp(width (sum of three plane waves
// at 60 degrees - 3)), peaks spacing apart, one lattice vector at orientDeg.
func hexLattice(n int, spacing, orientDeg, width float64) [][]float64 {
	m := make([][]float64, n)
	kk := 4 * math.Pi / (math.Sqrt(3) * spacing)
	for y := range m {
		m[y] = make([]float64, n)
		for x := range m[y] {
			s := 0.0
			for k := 0; k < 3; k++ {
				th := (orientDeg + 60*float64(k) + 30) * math.Pi / 180
				s += math.Cos(kk * (math.Cos(th)*(float64(x)-3.3) + math.Sin(th)*(float64(y)-1.7)))
			}
			m[y][x] = math.Exp(width * (s - 3))
		}
	}
	return m
}

func TestGridProps2DKnownLattices(t *testing.T) {
	for _, tc := range []struct {
		n                  int
		spacing, orientDeg float64
	}{
		{41, 12, 0}, {41, 10, 20}, {51, 15, 7}, {61, 14, 40},
	} {
		gp, err := GridProps2D(hexLattice(tc.n, tc.spacing, tc.orientDeg, 2))
		if err != nil {
			t.Errorf("%+v: %v", tc, err)
			continue
		}
		if gp.Score < 0.5 {
			t.Errorf("%+v: grid score %.3f, want > 0.5", tc, gp.Score)
		}
		// Peak positions are integer box middles: within 0.5 px per axis.
		if math.Abs(gp.Scale-tc.spacing) > 0.71 {
			t.Errorf("%+v: scale %.3f", tc, gp.Scale)
		}
		// The nearest peak lies along one of the three lattice axes, to
		// within the angle of half a pixel at the spacing (y grows down
		// the rows, as in the original's autocorrelogram).
		d := math.Abs(math.Remainder(gp.OrientationDeg-tc.orientDeg, 60))
		if tol := math.Atan(0.71/tc.spacing) * 180 / math.Pi; d > tol {
			t.Errorf("%+v: orientation %.2f deg, off the lattice axes by %.2f > %.2f", tc, gp.OrientationDeg, d, tol)
		}
	}
	// Not grids: stripes (r60 and r120 low) score well below 0.3.
	stripes := make([][]float64, 41)
	for y := range stripes {
		stripes[y] = make([]float64, 41)
		for x := range stripes[y] {
			stripes[y][x] = math.Exp(2 * (math.Cos(2*math.Pi*float64(x)/10) - 1))
		}
	}
	if gp, err := GridProps2D(stripes); err == nil && gp.Score > 0.3 {
		t.Errorf("stripes: grid score %.3f", gp.Score)
	}
	// A square lattice: r90 high, r60 low: negative score.
	sq := make([][]float64, 41)
	for y := range sq {
		sq[y] = make([]float64, 41)
		for x := range sq[y] {
			sq[y][x] = math.Exp(2 * (math.Cos(2*math.Pi*float64(x)/10) + math.Cos(2*math.Pi*float64(y)/10) - 2))
		}
	}
	if gp, err := GridProps2D(sq); err != nil || gp.Score > 0 {
		t.Errorf("square lattice: grid score %.3f, %v; want < 0", gp.Score, err)
	}
}

func TestNumpyArgsortTies(t *testing.T) {
	// Outputs of numpy 1.24.2's argsort on these inputs.
	for _, tc := range []struct {
		v    []float64
		want []int
	}{
		{[]float64{3, 1, 2, 1, 3, 0}, []int{5, 1, 3, 2, 0, 4}},
		{[]float64{4, 4, 0, 4, 2, 3, 3, 1, 5, 0, 1, 2, 3, 2, 0, 0, 0, 0, 0, 5}, []int{9, 17, 2, 16, 15, 18, 14, 7, 10, 4, 11, 13, 5, 6, 12, 0, 3, 1, 8, 19}},
		{[]float64{1, 3, 4, 1, 1, 2, 1, 5, 1, 5, 4, 5, 0, 2, 3, 2, 3, 4, 3, 0, 5, 3, 5, 1, 2, 5, 1, 0, 2, 4, 0, 5, 2, 1, 3, 5, 5, 5, 1, 0}, []int{19, 30, 27, 12, 39, 0, 6, 33, 8, 26, 3, 23, 4, 38, 32, 28, 24, 5, 15, 13, 18, 16, 34, 21, 14, 1, 29, 17, 10, 2, 11, 25, 31, 9, 7, 20, 35, 36, 37, 22}},
		{[]float64{4, 4, 4, 0, 0, 3, 2, 2, 5, 1, 3, 1, 1, 4, 0, 1, 0, 0, 1, 4, 3, 2, 1, 4, 4, 1, 0, 1, 0, 4, 3, 3, 1, 3, 5, 1, 4, 0, 1, 5, 5, 0, 5, 5, 2, 2, 5, 5, 4, 2, 1, 5, 1, 3, 4, 1, 1, 4, 1, 4, 5, 4, 3, 2, 5, 1, 2, 3, 3, 0, 0, 4, 5, 3, 5, 2, 1, 4, 0, 1, 1, 2, 0, 4, 5, 2, 0, 4, 0, 3, 1, 5, 4, 5, 3, 4, 2, 4, 0, 0}, []int{99, 70, 28, 98, 69, 78, 17, 16, 14, 37, 26, 82, 86, 88, 4, 3, 41, 55, 56, 27, 58, 52, 32, 65, 50, 38, 35, 22, 12, 76, 79, 18, 90, 15, 80, 25, 11, 9, 96, 85, 75, 63, 66, 81, 45, 49, 7, 21, 44, 6, 10, 20, 5, 73, 68, 67, 30, 89, 33, 62, 31, 94, 53, 83, 87, 97, 13, 19, 48, 77, 1, 23, 95, 61, 71, 24, 29, 54, 92, 36, 57, 59, 2, 0, 93, 91, 46, 8, 74, 64, 60, 34, 39, 40, 51, 42, 43, 47, 84, 72}},
	} {
		got := numpyArgsort(tc.v)
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("numpyArgsort(%v) = %v, want %v", tc.v, got, tc.want)
				break
			}
		}
	}
}

func TestArgHeapsortSorts(t *testing.T) {
	v := []float64{5, 3, 9, 1, 1, 7, 2, 8, 0, 4, 6, 3}
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	argHeapsort(v, idx)
	seen := make(map[int]bool)
	for i, k := range idx {
		seen[k] = true
		if i > 0 && v[idx[i-1]] > v[k] {
			t.Fatalf("argHeapsort: %v not sorted", idx)
		}
	}
	if len(seen) != len(v) {
		t.Fatalf("argHeapsort: %v is not a permutation", idx)
	}
}

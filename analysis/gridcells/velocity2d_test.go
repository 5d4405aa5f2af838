package gridcells

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// hexWaves are three integer wave vectors (cycles per torus side) summing
// to zero: a near-hexagonal lattice of spacing about n/4 that is exactly
// periodic on an n x n torus.
var hexWaves = [3][2]float64{{4, 0}, {-2, 3}, {-2, -3}}

// latticeMap returns the map (SheetRateMap layout: column x, row n-1-y)
// of fields on the lattice of hexWaves translated by (dx, dy) lattice
// units, east and north, plus Gaussian noise of standard deviation noise
// (the fields' peak is about 1).
func latticeMap(n int, dx, dy, noise float64, rng *rand.Rand) [][]float64 {
	m := make([][]float64, n)
	for r := range m {
		m[r] = make([]float64, n)
	}
	for y := range n {
		for x := range n {
			s := 0.0
			for _, k := range hexWaves {
				s += math.Cos(2 * math.Pi * (k[0]*(float64(x)-dx) + k[1]*(float64(y)-dy)) / float64(n))
			}
			v := math.Exp(1.5 * (s - 3)) // fields at the lattice's maxima, peak 1
			if noise > 0 {
				v += noise * rng.NormFloat64()
			}
			m[n-1-y][x] = v
		}
	}
	return m
}

func TestPatternShift2D(t *testing.T) {
	for _, tc := range []struct {
		n      int
		dx, dy float64
	}{
		{41, 0, 0},
		{41, 0.3, 0},
		{41, 0, -0.7},
		{41, 0.45, 0.55},
		{41, -2.4, 1.1},
		{41, 3.2, -2.6},
		{40, 1.25, -0.5}, // even side: Nyquist terms dropped
		{71, -0.1, 0.05},
	} {
		a := latticeMap(tc.n, 0, 0, 0, nil)
		b := latticeMap(tc.n, tc.dx, tc.dy, 0, nil)
		dx, dy, err := PatternShift2D(a, b, 5.5)
		if err != nil {
			t.Errorf("n %d, shift (%g, %g): %v", tc.n, tc.dx, tc.dy, err)
			continue
		}
		if math.Abs(dx-tc.dx) > 0.01 || math.Abs(dy-tc.dy) > 0.01 {
			t.Errorf("n %d: shift (%.4f, %.4f), want (%g, %g) within 0.01", tc.n, dx, dy, tc.dx, tc.dy)
		}
		// The opposite way round gives the opposite shift.
		rx, ry, err := PatternShift2D(b, a, 5.5)
		if err != nil || math.Abs(rx+dx) > 1e-6 || math.Abs(ry+dy) > 1e-6 {
			t.Errorf("n %d: reverse shift (%.4f, %.4f), %v; want (%.4f, %.4f)", tc.n, rx, ry, err, -dx, -dy)
		}
	}
}

func TestPatternShift2DErrors(t *testing.T) {
	a := latticeMap(41, 0, 0, 0, nil)
	if _, _, err := PatternShift2D(a, latticeMap(41, 3.6, 0, 0, nil), 3); !errors.Is(err, ErrShiftTooLarge) {
		t.Errorf("shift 3.6 in radius 3: %v, want ErrShiftTooLarge", err)
	}
	flat := make([][]float64, 41)
	for r := range flat {
		flat[r] = make([]float64, 41)
	}
	if _, _, err := PatternShift2D(flat, flat, 3); !errors.Is(err, ErrShiftTooLarge) {
		t.Errorf("flat maps: %v, want ErrShiftTooLarge", err)
	}
	for _, tc := range []struct {
		name string
		a, b [][]float64
		r    float64
	}{
		{"radius below 1.5", a, a, 1},
		{"radius n/2", a, a, 20.5},
		{"sizes differ", a, latticeMap(39, 0, 0, 0, nil), 3},
		{"ragged", a, append(append([][]float64(nil), a[:40]...), a[0][:3]), 3},
		{"too small", a[:4], a[:4], 2},
	} {
		if _, _, err := PatternShift2D(tc.a, tc.b, tc.r); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

// TestPatternVelocity2D moves the noisy lattice at known velocities and
// direction, sampled every 20 ms for 2 s, and checks the measure's speed
// (within 3 %) and direction (within 2 degrees).
func TestPatternVelocity2D(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		speed, dirDeg, noise float64
	}{
		{15, 0, 0.2},
		{15, 90, 0.2},
		{8, -135, 0.3},
		{40, 200 - 360, 0.2}, // 0.8 cells a step
		{0.5, 30, 0.05},
	} {
		vx := tc.speed * math.Cos(tc.dirDeg*math.Pi/180)
		vy := tc.speed * math.Sin(tc.dirDeg*math.Pi/180)
		var maps [][][]float64
		var times []float64
		for tMs := 500.0; tMs <= 2500; tMs += 20 {
			s := tMs / 1000
			maps = append(maps, latticeMap(41, vx*s, vy*s, tc.noise, rng))
			times = append(times, tMs)
		}
		pv, err := PatternVelocity2D(maps, times, 4, 500)
		if err != nil {
			t.Errorf("%+v: %v", tc, err)
			continue
		}
		dDir := math.Mod(pv.DirectionDeg-tc.dirDeg+540, 360) - 180
		if math.Abs(pv.SpeedPerS/tc.speed-1) > 0.03 || math.Abs(dDir) > 2 {
			t.Errorf("%+v: speed %.3f, direction %.2f deg (velocity %.3f, %.3f; max step %.2f); want %g, %g",
				tc, pv.SpeedPerS, pv.DirectionDeg, pv.VelocityX, pv.VelocityY, pv.MaxStep, tc.speed, tc.dirDeg)
		}
		if n := len(pv.X); n != len(maps) || pv.X[0] != 0 || pv.Y[0] != 0 {
			t.Errorf("%+v: track of %d points from (%g, %g)", tc, n, pv.X[0], pv.Y[0])
		}
		if want := tc.speed * 0.02; math.Abs(pv.MaxStep-want) > 0.5+0.2*want {
			t.Errorf("%+v: longest step %.3f, want about %.3f", tc, pv.MaxStep, want)
		}
	}
	// Steps of 6 cells through a 4-cell radius must fail, not alias.
	maps := [][][]float64{latticeMap(41, 0, 0, 0, nil), latticeMap(41, 6, 0, 0, nil), latticeMap(41, 12, 0, 0, nil)}
	if _, err := PatternVelocity2D(maps, []float64{0, 20, 40}, 4, 0); !errors.Is(err, ErrShiftTooLarge) {
		t.Errorf("steps of 6 cells: %v, want ErrShiftTooLarge", err)
	}
	if _, err := PatternVelocity2D(maps, []float64{0, 20, 20}, 4, 0); err == nil {
		t.Error("times not increasing: no error")
	}
	if _, err := PatternVelocity2D(maps[:2], []float64{0, 20}, 4, 0); err == nil {
		t.Error("two maps: no error")
	}
}

// TestSheetPatternVelocity fires the cells of a 41 x 41 sheet (gid c at x
// = c mod n, y = c div n) inside the fields of a lattice drifting north-
// west at 12 lattice units/s and measures it from the spikes with the
// authors' rates (sigma 100 ms); the maps must equal SheetRateMap's.
func TestSheetPatternVelocity(t *testing.T) {
	const n, dur = 41, 3000
	vx, vy := -12*math.Cos(math.Pi/4), 12*math.Sin(math.Pi/4)
	rng := rand.New(rand.NewPCG(3, 4))
	trains := make([][]float64, n*n)
	for tMs := 0; tMs < dur; tMs++ {
		s := float64(tMs) / 1000
		for c := range trains {
			x, y := float64(c%n)-vx*s, float64(c/n)-vy*s
			f := 0.0
			for _, k := range hexWaves {
				f += math.Cos(2 * math.Pi * (k[0]*x + k[1]*y) / n)
			}
			// 60 Hz at a field's centre, Poisson.
			if rng.Float64() < 0.06*math.Exp(1.5*(f-3)) {
				trains[c] = append(trains[c], float64(tMs)+rng.Float64())
			}
		}
	}
	pv, err := SheetPatternVelocity(trains, dur, n, 100, 500, 2500, 25, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("velocity (%.2f ± %.2f, %.2f ± %.2f) lattice units/s, speed %.2f, direction %.1f deg, longest step %.2f; track alone (%.2f, %.2f)",
		pv.VelocityX, pv.StdErrX, pv.VelocityY, pv.StdErrY, pv.SpeedPerS, pv.DirectionDeg, pv.MaxStep, pv.TrackVelocityX, pv.TrackVelocityY)
	if math.Abs(pv.SpeedPerS/12-1) > 0.05 || math.Abs(pv.DirectionDeg-135) > 3 {
		t.Errorf("speed %.2f, direction %.1f deg; want 12 within 5 %%, 135 within 3 deg", pv.SpeedPerS, pv.DirectionDeg)
	}
	maps, err := sheetRateMaps(trains, dur, n, 100, []int{500, 1777})
	if err != nil {
		t.Fatal(err)
	}
	for i, tMs := range []int{500, 1777} {
		want, err := SheetRateMap(trains, dur, n, 100, tMs)
		if err != nil {
			t.Fatal(err)
		}
		for r := range want {
			for c := range want[r] {
				if maps[i][r][c] != want[r][c] {
					t.Fatalf("map at %d ms [%d][%d] = %g, SheetRateMap %g", tMs, r, c, maps[i][r][c], want[r][c])
				}
			}
		}
	}
	for _, bad := range [][3]int{{-1, 2000, 25}, {500, 3000, 25}, {500, 520, 25}, {500, 2000, 0}} {
		if _, err := SheetPatternVelocity(trains, dur, n, 100, bad[0], bad[1], bad[2], 4); err == nil {
			t.Errorf("times %v: no error", bad)
		}
	}
	if _, err := SheetPatternVelocity(trains[1:], dur, n, 100, 500, 2000, 25, 4); err == nil {
		t.Error("too few cells: no error")
	}
}

package gridcells

import (
	"math"
	"testing"
)

// TestGrid2DMeasures builds the spike trains of a 2D run whose stellate
// sheet 1 fires on a hexagonal lattice (peaks 10 cells apart) and checks
// the grid measures the command prints for it.
func TestGrid2DMeasures(t *testing.T) {
	const n, dur = 41, 1500
	N := n * n
	stell := make([][]float64, 4*N)
	k := 4 * math.Pi / (math.Sqrt(3) * 10)
	for c := 0; c < N; c++ {
		x, y := float64(c%n), float64(c/n)
		s := 0.0
		for i := 0; i < 3; i++ {
			th := math.Pi/6 + float64(i)*math.Pi/3
			s += math.Cos(k * (math.Cos(th)*x + math.Sin(th)*y))
		}
		if s > 1.5 { // in a field: 50 Hz
			for t := 5 + c%20; t < dur; t += 20 {
				stell[N+c] = append(stell[N+c], float64(t)+0.3)
			}
		}
	}
	gp, err := grid2D(stell, nil, N, dur, 1000, 1)
	if err != nil {
		t.Fatal(err)
	}
	if gp.Score < 0.5 || math.Abs(gp.Scale-10) > 0.71 {
		t.Errorf("sheet 1: grid score %.3f, scale %.2f; want > 0.5 and 10", gp.Score, gp.Scale)
	}
	if _, err := grid2D(stell, nil, N, dur, 1000, 0); err == nil {
		t.Error("silent sheet 0: no error")
	}
	if _, err := grid2D(stell, nil, N, dur, 1000, 4); err == nil {
		t.Error("sheet 4 without interneurons: no error")
	}
	if _, err := grid2D(stell, nil, N-1, dur, 1000, 1); err == nil {
		t.Error("non-square sheet: no error")
	}
}

// TestVelocity2DMeasures fires stellate sheet 2 (N) on a lattice of
// fields drifting north at 8 lattice units/s and checks the velocity the
// command prints for it: x east, y north, direction from east.
func TestVelocity2DMeasures(t *testing.T) {
	const n, dur, speed = 41, 2500, 8.0
	N := n * n
	stell := make([][]float64, 4*N)
	waves := [3][2]float64{{4, 0}, {-2, 3}, {-2, -3}} // cycles per side, periodic on the torus
	for c := 0; c < N; c++ {
		x, y := float64(c%n), float64(c/n)
		for ms := 0; ms < dur; ms++ {
			yt := y - speed*float64(ms)/1000
			s := 0.0
			for _, k := range waves {
				s += math.Cos(2 * math.Pi * (k[0]*x + k[1]*yt) / n)
			}
			if s > 1.5 && (ms+7*c)%20 == 0 { // in a field: 50 Hz
				stell[2*N+c] = append(stell[2*N+c], float64(ms)+0.3)
			}
		}
	}
	pv, err := velocity2D(stell, nil, N, dur, 2, 300, 2200, 20, 10)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(pv.SpeedPerS/speed-1) > 0.05 || math.Abs(pv.DirectionDeg-90) > 3 {
		t.Errorf("sheet 2: velocity (%.2f, %.2f), %.2f lattice units/s at %.1f deg; want %g at 90", pv.VelocityX, pv.VelocityY, pv.SpeedPerS, pv.DirectionDeg, speed)
	}
	if _, err := velocity2D(stell, nil, N, dur, 0, 300, 2200, 20, 10); err == nil {
		t.Error("silent sheet 0: no error")
	}
	if _, err := velocity2D(stell, nil, N, dur, 4, 300, 2200, 20, 10); err == nil {
		t.Error("sheet 4 without interneurons: no error")
	}
}

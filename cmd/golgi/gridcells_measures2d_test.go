package main

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

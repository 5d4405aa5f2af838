package gridcells

import (
	"errors"
	"math"
	"testing"

	"github.com/golgi-sim/golgi/analysis"
)

// boxBumps returns the trains of a ring of n cells whose pattern is bumps
// of widthCells cells every periodCells cells, moving at cellsPerS: cell c
// fires every isiMs while (c - v t) mod periodCells < widthCells.
func boxBumps(n, periodCells int, widthCells, cellsPerS, isiMs float64, durMs int) [][]float64 {
	tr := make([][]float64, n)
	for c := range tr {
		for t := 0.0; t < float64(durMs); t += isiMs {
			x := math.Mod(float64(c)-cellsPerS*t/1000, float64(periodCells))
			if x < 0 {
				x += float64(periodCells)
			}
			if x < widthCells {
				tr[c] = append(tr[c], t+0.5)
			}
		}
	}
	return tr
}

func TestBumpGeometryKnownAnswer(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		period                int
		width, speed          float64
		wantScaleMs, wantFldM float64 // NaN: static
	}{
		// A static pattern: 3 bumps of 20 cells; no fields in time.
		{"static", 64, 20, 0, math.NaN(), math.NaN()},
		// Moving at 128 cells/s: each cell's field lasts 20/128 s, its
		// fields come every 64/128 s.
		{"moving", 64, 20, 128, 500, 156.25},
		// 4 bumps of 16 cells, 48 cells/s: fields 333 ms every 1000 ms.
		{"four bumps", 48, 16, 48, 1000, 1000.0 / 3},
	} {
		tr := boxBumps(192, tc.period, tc.width, tc.speed, 2, 6000)
		g, err := BumpGeometryOf(tr, 6000, Fig4WindowMs, Fig4SigmaCells, SimpsonCartwright)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if math.Abs(g.ScaleCells-float64(tc.period)) > 1 {
			t.Errorf("%s: bump scale %.2f cells, want %d", tc.name, g.ScaleCells, tc.period)
		}
		// The normalised profile of a box of w cells, smeared by the
		// motion within a window and by the sigma-3 smoothing, integrates
		// to w (area over peak) while the box is wider than the smearing.
		if math.Abs(g.SizeCells-tc.width) > 0.1*tc.width {
			t.Errorf("%s: bump size %.2f cells, want %g", tc.name, g.SizeCells, tc.width)
		}
		if math.IsNaN(tc.wantScaleMs) {
			if !math.IsNaN(g.ScaleMs) || !math.IsNaN(g.FieldMs) {
				t.Errorf("%s: time-domain scale %g, field %g; want NaN (no fields)", tc.name, g.ScaleMs, g.FieldMs)
			}
			continue
		}
		if math.Abs(g.ScaleMs-tc.wantScaleMs) > 2 {
			t.Errorf("%s: field period %.2f ms, want %g", tc.name, g.ScaleMs, tc.wantScaleMs)
		}
		// First to last spike: the field less its edges on the 2 ms grid
		// and less the last spike of every field followed by another,
		// which clean_spikes' off-by-one removes (the original's quirk).
		if g.FieldMs > tc.wantFldM || g.FieldMs < tc.wantFldM-8 {
			t.Errorf("%s: field duration %.2f ms, want %g less < 8", tc.name, g.FieldMs, tc.wantFldM)
		}
	}
	if _, err := BumpGeometryOf(make([][]float64, 192), 1000, Fig4WindowMs, Fig4SigmaCells, SimpsonCartwright); !errors.Is(err, analysis.ErrNoActivity) {
		t.Errorf("silent ring: error %v, want ErrNoActivity", err)
	}
}

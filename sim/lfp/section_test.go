package lfp

import (
	"math"
	"testing"
)

// TestSegmentEnds: the ends of the segments of a bent section are the
// points at arc lengths j L/nseg, and their diameters the points'
// diameters at the centres, interpolated along the arc.
func TestSegmentEnds(t *testing.T) {
	// An L: 10 µm along x, then 10 µm along y; diameters 1, 3, 5.
	s := Section{XUm: []float64{0, 10, 10}, YUm: []float64{0, 0, 10}, ZUm: []float64{0, 0, 0}, DiamUm: []float64{1, 3, 5}, Nseg: 4}
	ends := [][3]float64{{0, 0, 0}, {5, 0, 0}, {10, 0, 0}, {10, 5, 0}, {10, 10, 0}}
	diams := []float64{1.5, 2.5, 3.5, 4.5}
	for j := range 4 {
		a, b, d, err := s.SegmentEnds(j)
		if err != nil {
			t.Fatal(err)
		}
		if a != ends[j] || b != ends[j+1] || math.Abs(d-diams[j]) > 1e-15 {
			t.Errorf("segment %d: %v to %v, diameter %g; want %v to %v, %g", j, a, b, d, ends[j], ends[j+1], diams[j])
		}
	}
	// nseg 3: ends at arc 20/3 and 40/3.
	s.Nseg = 3
	_, b, _, err := s.SegmentEnds(0)
	if err != nil {
		t.Fatal(err)
	}
	if want := [3]float64{20. / 3, 0, 0}; math.Abs(b[0]-want[0]) > 1e-14 || b[1] != 0 {
		t.Errorf("nseg 3, segment 0 ends at %v, want %v", b, want)
	}
	_, b, _, _ = s.SegmentEnds(1)
	if want := [3]float64{10, 10. / 3, 0}; math.Abs(b[0]-want[0]) > 1e-14 || math.Abs(b[1]-want[1]) > 1e-14 {
		t.Errorf("nseg 3, segment 1 ends at %v, want %v", b, want)
	}
	for _, bad := range []Section{
		{XUm: []float64{0}, YUm: []float64{0}, ZUm: []float64{0}, DiamUm: []float64{1}, Nseg: 1},
		{XUm: []float64{0, 1}, YUm: []float64{0, 0}, ZUm: []float64{0, 0}, DiamUm: []float64{1, 1}, Nseg: 0},
		{XUm: []float64{0, 0}, YUm: []float64{0, 0}, ZUm: []float64{0, 0}, DiamUm: []float64{1, 1}, Nseg: 1},
		{XUm: []float64{0, math.NaN()}, YUm: []float64{0, 0}, ZUm: []float64{0, 0}, DiamUm: []float64{1, 1}, Nseg: 1},
		{XUm: []float64{0, 1}, YUm: []float64{0, 0}, ZUm: []float64{0, 0}, DiamUm: []float64{1, -1}, Nseg: 1},
		{XUm: []float64{0, 1}, YUm: []float64{0, 0}, ZUm: []float64{0}, DiamUm: []float64{1, 1}, Nseg: 1},
	} {
		if _, _, _, err := bad.SegmentEnds(0); err == nil {
			t.Errorf("section %+v: no error", bad)
		}
		if _, err := FromCells([]Cell{{Sections: []Section{bad}}}, Electrode{PosUm: [3]float64{5, 5, 5}}, nil); err == nil {
			t.Errorf("FromCells of section %+v: no error", bad)
		}
	}
}

package sim

import (
	"math"
	"reflect"
	"testing"
)

func TestAssignRoundRobin(t *testing.T) {
	for _, tc := range []struct {
		n, size int
		want    []int32
	}{
		{0, 3, []int32{}},
		{5, 1, []int32{0, 0, 0, 0, 0}},
		{5, 2, []int32{0, 1, 0, 1, 0}},
		{7, 3, []int32{0, 1, 2, 0, 1, 2, 0}},
		{2, 4, []int32{0, 1}}, // fewer neurons than ranks: ranks 2, 3 hold none
	} {
		if got := AssignRoundRobin(tc.n, tc.size); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("AssignRoundRobin(%d, %d) = %v, want %v", tc.n, tc.size, got, tc.want)
		}
	}
}

func TestAssignLPT(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cost  []float64
		size  int
		want  []int32
		loads []float64
	}{
		{"one rank", []float64{3, 1, 2}, 1, []int32{0, 0, 0}, []float64{6}},
		{"equal costs deal round-robin by gid", []float64{1, 1, 1, 1, 1}, 2, []int32{0, 1, 0, 1, 0}, []float64{3, 2}},
		// Sorted 7(g1) 5(g3) 4(g0) 3(g2) 1(g4): 7->0, 5->1, 4->1 (9), 3->0 (10), 1->1 (10).
		{"textbook", []float64{4, 7, 3, 5, 1}, 2, []int32{1, 0, 0, 1, 1}, []float64{10, 10}},
		// Two populations of different cost: stellates (cost 3) then
		// interneurons (cost 1). Contiguous halves would load the ranks
		// with 10 and 4; LPT ties 6 and 6, then the rank with fewer cells.
		{"two populations", []float64{3, 3, 3, 1, 1, 1, 1, 1}, 2, []int32{0, 1, 0, 1, 1, 1, 0, 1}, []float64{7, 7}},
		// The classic bad case: LPT gives 11 where 9 is optimal (5+4, 5+4, 3+3+3).
		{"LPT 4/3 worst case", []float64{5, 5, 4, 4, 3, 3, 3}, 3, []int32{0, 1, 2, 2, 0, 1, 0}, []float64{11, 8, 8}},
		{"more ranks than cells", []float64{2, 1}, 4, []int32{0, 1}, []float64{2, 1, 0, 0}},
		{"zero costs", []float64{0, 0, 0}, 2, []int32{0, 1, 0}, []float64{0, 0}},
	} {
		got, err := AssignLPT(tc.cost, tc.size)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: AssignLPT(%v, %d) = %v, want %v", tc.name, tc.cost, tc.size, got, tc.want)
		}
		if l := Loads(tc.cost, got, tc.size); !reflect.DeepEqual(l, tc.loads) {
			t.Errorf("%s: loads %v, want %v", tc.name, l, tc.loads)
		}
	}
	for _, bad := range [][]float64{{1, -1}, {math.NaN()}, {math.Inf(1)}} {
		if _, err := AssignLPT(bad, 2); err == nil {
			t.Errorf("AssignLPT(%v) accepted", bad)
		}
	}
	if _, err := AssignLPT([]float64{1}, 0); err == nil {
		t.Error("AssignLPT on 0 ranks accepted")
	}
}

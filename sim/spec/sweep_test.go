package spec

import (
	"slices"
	"strings"
	"testing"
)

// TestSweep checks the size and the order of product and zip sweeps, and
// the sweeps that cannot expand.
func TestSweep(t *testing.T) {
	for _, tc := range []struct {
		mode    string
		lengths []int
		want    [][]int // indices of each simulation
		err     string
	}{
		{Product, nil, [][]int{{}}, ""},
		{Product, []int{2, 3}, [][]int{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}}, ""},
		{"", []int{3}, [][]int{{0}, {1}, {2}}, ""},
		{Zip, []int{2, 2}, [][]int{{0, 0}, {1, 1}}, ""},
		{Zip, []int{2, 3}, nil, "equal length"},
		{Product, []int{2, 0}, nil, "empty list"},
		{Product, []int{MaxSims, 2}, nil, "more than"},
		{"grid", []int{2}, nil, "want"},
	} {
		n, err := SweepSize(tc.mode, tc.lengths)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s %v: %v, want an error containing %q", tc.mode, tc.lengths, err, tc.err)
			}
			continue
		}
		if err != nil || n != len(tc.want) {
			t.Fatalf("%s %v: %d, %v; want %d sims", tc.mode, tc.lengths, n, err, len(tc.want))
		}
		idx := make([]int, len(tc.lengths))
		for i := range n {
			SweepIndices(tc.mode, tc.lengths, i, idx)
			if !slices.Equal(idx, tc.want[i]) {
				t.Errorf("%s %v: sim %d indices %v, want %v", tc.mode, tc.lengths, i, idx, tc.want[i])
			}
		}
	}
}

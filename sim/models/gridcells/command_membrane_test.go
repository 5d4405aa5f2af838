package gridcells

import (
	"slices"
	"testing"
)

func TestRecordedStellGIDs(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    RecordHandle
		rows int
		want []int
	}{
		{"all", RecordHandle{State: true, CellsToRecord: Cells{All: true}}, 3, []int{0, 1, 2}},
		{"list, sorted, interneuron gids dropped", RecordHandle{State: true, CellsToRecord: Cells{GIDs: []int{80, 16, 16, 400}}}, 2, []int{16, 80}},
	} {
		if got := recordedStellGIDs(&tc.h, tc.rows, 384); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

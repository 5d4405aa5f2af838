package frames_test

import (
	"path/filepath"
	"testing"

	"github.com/golgi-sim/golgi/analysis/frames"
	"github.com/golgi-sim/golgi/sim/store"
)

// TestSONATAReport writes a two-population report and reads it back as a
// table, whole and filtered.
func TestSONATAReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.h5")
	reps := []store.SONATAReport{
		{Population: "A", NodeIDs: []uint64{0, 3}, IndexPointers: []uint64{0, 2, 3}, ElementIDs: []uint32{0, 5, 0},
			StartMs: 0, EndMs: 0.3, DtMs: 0.1, Units: "mV", Data: [][]float32{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}},
		{Population: "B", NodeIDs: []uint64{1}, IndexPointers: []uint64{0, 1}, ElementIDs: []uint32{0},
			StartMs: 0, EndMs: 0.3, DtMs: 0.1, Units: "mV", Data: [][]float32{{-1}, {-2}, {-3}}},
	}
	if err := store.WriteSONATAReport(path, reps); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		f      *frames.ReportFilter
		rows   int
		values []float64
	}{
		{"all", nil, 12, nil},
		{"node 3 of A", &frames.ReportFilter{Population: "A", NodeIDs: []uint64{3}}, 3, []float64{3, 6, 9}},
		{"second element from 0.1 ms", &frames.ReportFilter{Population: "A", Elements: []int{1}, FromMs: 0.1}, 2, []float64{5, 8}},
		{"B before 0.15 ms", &frames.ReportFilter{Population: "B", ToMs: 0.15}, 2, []float64{-1, -2}},
	} {
		df, err := frames.SONATAReport(path, c.f)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if df.Nrow() != c.rows {
			t.Errorf("%s: %d rows, want %d", c.name, df.Nrow(), c.rows)
			continue
		}
		if c.values != nil {
			got := df.Col("value").Float()
			for k := range got {
				if got[k] != c.values[k] {
					t.Errorf("%s: values %v, want %v", c.name, got, c.values)
					break
				}
			}
		}
	}
	df, _ := frames.SONATAReport(path, &frames.ReportFilter{Population: "A", NodeIDs: []uint64{0}, Elements: []int{1}, ToMs: 0.05})
	if df.Nrow() != 1 || df.Col("element_id").Elem(0).Float() != 5 || df.Col("t_ms").Elem(0).Float() != 0 {
		t.Errorf("node 0 element 1 at 0 ms: %v", df)
	}
	if _, err := frames.SONATAReport(path, &frames.ReportFilter{Population: "C"}); err == nil {
		t.Error("population C: no error")
	}
	if _, err := frames.SONATAReport(filepath.Join(t.TempDir(), "missing.h5"), nil); err == nil {
		t.Error("missing file: no error")
	}
}

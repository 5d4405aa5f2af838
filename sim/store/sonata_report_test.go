package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/store"
)

// TestSONATAReportRoundTrip writes a two-population report and reads it
// back; inconsistent mappings are errors and write nothing.
func TestSONATAReportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "soma_report.h5")
	in := []store.SONATAReport{
		{Population: "A", NodeIDs: []uint64{0, 3}, IndexPointers: []uint64{0, 1, 2}, ElementIDs: []uint32{0, 0},
			StartMs: 0, EndMs: 0.3, DtMs: 0.1, Units: "mV", Data: [][]float32{{-65, -64}, {-64.5, -63.25}, {-60, 10}}},
		{Population: "B", NodeIDs: []uint64{1}, IndexPointers: []uint64{0, 3}, ElementIDs: []uint32{0, 1, 1},
			StartMs: 0, EndMs: 0.2, DtMs: 0.1, Units: "mV", Data: [][]float32{{1, 2, 3}, {4, 5, 6}}},
	}
	if err := store.WriteSONATAReport(path, in); err != nil {
		t.Fatal(err)
	}
	out, err := store.ReadSONATAReport(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 {
		t.Fatalf("%d populations", len(out))
	}
	for i := range in {
		a, b := in[i], out[i]
		if a.Population != b.Population || a.Units != b.Units || a.StartMs != b.StartMs || a.EndMs != b.EndMs || a.DtMs != b.DtMs ||
			len(a.Data) != len(b.Data) || len(a.NodeIDs) != len(b.NodeIDs) || len(a.ElementIDs) != len(b.ElementIDs) {
			t.Fatalf("population %d: wrote %+v, read %+v", i, a, b)
		}
		for k := range a.Data {
			for j := range a.Data[k] {
				if a.Data[k][j] != b.Data[k][j] {
					t.Errorf("%s data[%d][%d] = %g, wrote %g", a.Population, k, j, b.Data[k][j], a.Data[k][j])
				}
			}
		}
		for j := range a.IndexPointers {
			if a.IndexPointers[j] != b.IndexPointers[j] {
				t.Errorf("%s index pointers %v, wrote %v", a.Population, b.IndexPointers, a.IndexPointers)
			}
		}
	}
	bad := in[0]
	bad.Data = [][]float32{{1}}
	badPath := filepath.Join(dir, "bad.h5")
	if err := store.WriteSONATAReport(badPath, []store.SONATAReport{bad}); err == nil || !strings.Contains(err.Error(), "frame 0 has 1 values for 2 elements") {
		t.Errorf("bad frame: %v", err)
	}
	if _, err := os.Stat(badPath); err == nil {
		t.Error("a refused report left a file")
	}
}

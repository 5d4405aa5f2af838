package store

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

// refDir returns GridCellsCond's 1-D reference run directory, or skips
// (refdata.Require).
func refDir(t *testing.T) string {
	t.Helper()
	return filepath.Dir(refdata.Require(t, filepath.Join("gridcellscond", "network_1d", "REF-1D-VDEF", "stell_spks_REF-1D-VDEF.hdf5")))
}

// TestGridCellsCondFiles reads the files GridCellsCond (h5py) wrote for its
// 1-D reference run and compares them with the run's CSV export.
func TestGridCellsCondFiles(t *testing.T) {
	dir := refDir(t)
	s, err := Open(filepath.Dir(dir), "REF-1D-VDEF", &Options{Ext: ExtHDF5})
	if err != nil {
		t.Fatal(err)
	}
	trains, attrs, err := s.ReadSpikesPadded(0, "stell_spks")
	if err != nil {
		t.Fatal(err)
	}
	if len(attrs) != 0 {
		t.Errorf("attributes %v, GridCellsCond writes none", attrs)
	}
	if len(trains) != 384 {
		t.Fatalf("%d stellate trains, want 384", len(trains))
	}
	n := 0
	for _, tr := range trains {
		n += len(tr)
	}
	if n != 15964 {
		t.Errorf("%d stellate spikes, want 15964 (the run's summary)", n)
	}

	// The CSV export holds the same spikes in float64.
	want := make([][]float64, 384)
	f, err := os.Open(filepath.Join(dir, "REF-1D-VDEF_spikes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 2 || recs[0][0] != "population" || recs[0][2] != "gid" || recs[0][3] != "t_ms" {
		t.Fatalf("CSV header %v", recs[0])
	}
	for _, r := range recs[1:] {
		if r[0] != "stell" {
			continue
		}
		g, err1 := strconv.Atoi(r[2])
		x, err2 := strconv.ParseFloat(r[3], 64)
		if err1 != nil || err2 != nil || g < 0 || g >= 384 {
			t.Fatalf("CSV record %v", r)
		}
		want[g] = append(want[g], x)
	}
	for g := range want {
		if len(want[g]) != len(trains[g]) {
			t.Fatalf("gid %d: %d spikes, CSV has %d", g, len(trains[g]), len(want[g]))
		}
		for j, w := range want[g] {
			if d := math.Abs(trains[g][j] - w); d > 1e-4 {
				t.Fatalf("gid %d spike %d: %v, CSV has %v", g, j, trains[g][j], w)
			}
		}
	}

	sp, _, err := s.ReadSpikes(0, "intrnrn_spks")
	if err != nil {
		t.Fatal(err)
	}
	if sp.Len() != 27005 {
		t.Errorf("%d interneuron spikes, want 27005", sp.Len())
	}
	for i := 1; i < sp.Len(); i++ {
		if sp.TimesMs[i] < sp.TimesMs[i-1] {
			t.Fatalf("spikes not sorted by time at %d", i)
		}
	}

	v, _, err := s.ReadMatrix32(0, "stell_v")
	if err != nil {
		t.Fatal(err)
	}
	if v.Rows != 8 || v.Cols != 30000 {
		t.Errorf("stell_v is %dx%d, want 8x30000", v.Rows, v.Cols)
	}
	if x := v.At(0, 0); x < -66 || x > -64 {
		t.Errorf("stell_v[0,0] = %v mV, want about -65", x)
	}

	// The connectivity file has a dataset at the root: Inspect sees it.
	fi, err := InspectFile(filepath.Join(dir, "matrix_1d_REF-1D-VDEF.hdf5"))
	if err != nil {
		t.Fatal(err)
	}
	if len(fi.Groups) != 1 || len(fi.Groups[0].Datasets) != 1 {
		t.Fatalf("matrix file: %+v", fi)
	}
	if d := fi.Groups[0].Datasets[0]; d.Name != "matrix" || d.DType != "float64" || d.Shape[0] != 576 || d.Shape[1] != 576 {
		t.Errorf("matrix dataset: %+v", d)
	}

	sims, err := List(filepath.Dir(dir), nil)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, si := range sims {
		if si.SimID != "REF-1D-VDEF" {
			continue
		}
		found = true
		ids := ""
		for _, f := range si.Files {
			if f.Err != nil {
				t.Errorf("%s: %v", f.Path, f.Err)
			}
			ids += f.DataID + " "
		}
		if ids != "intrnrn_spks intrnrn_v matrix_1d stell_spks stell_v " {
			t.Errorf("data_ids: %s", ids)
		}
		if got := si.SimNums(); len(got) != 1 || got[0] != 0 {
			t.Errorf("sim_nums %v, want [0]", got)
		}
	}
	if !found {
		t.Errorf("List(%s) misses REF-1D-VDEF: %+v", filepath.Dir(dir), sims)
	}
	// GridCellsCond's groups carry no completion marker: --resume redoes them.
	if ok, err := s.Complete(0, "stell_spks"); err != nil || ok {
		t.Errorf("Complete(0) = %v, %v; want false (no marker)", ok, err)
	}
}

package gridcells

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

// TestLoadOriginalMatrix reads the matrix the original's 1d_config.py saved
// for the reference run (an h5py file) through the store and compares it
// with Ring1D element by element, zeros included.
func TestLoadOriginalMatrix(t *testing.T) {
	p := refdata.Require(t, filepath.Join("gridcellscond", "network_1d", "REF-1D-VDEF", "matrix_1d_REF-1D-VDEF.hdf5"))
	m, _ := Defaults()
	got, err := LoadConnectivity(p, &m)
	if err != nil {
		t.Fatal(err)
	}
	if got.NumSynapses() != 96000 {
		t.Errorf("%d synapses, want 96000", got.NumSynapses())
	}
	ring, _ := Ring1D(&m)
	want, n, _ := denseOf(ring)
	g, _, dup := denseOf(got)
	if dup > 0 {
		t.Errorf("%d entries listed twice", dup)
	}
	compareDense(t, "original's saved matrix vs 1d", g, want, n)
}

// TestSaveLoadRoundTrip saves every config in the original's layout and
// loads it back: the same matrix, bit for bit.
func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, conn := range []string{"1d", "asym", "motif", "stdn", "2d"} {
		m, _ := Defaults()
		if conn == "2d" {
			m = params2D(9)
			m.IsMean, m.IiMean, m.SiMean.Offsets = 3, 3, [][2]float64{{1.5, 0}, {-1.5, 0}, {0, 1.5}, {0, -1.5}}
		}
		if conn == "motif" || conn == "stdn" {
			m.NStell, m.NIntrnrn = 2, 2
		}
		if conn == "asym" {
			m.IsAsymFactor = []float64{0.8, 1.2}
		}
		m.ConnID = conn
		c, err := buildRule(&m)
		if err != nil {
			t.Fatal(err)
		}
		path := SavedMatrixPath(dir, conn, "rt")
		if err := c.Save(path); err != nil {
			t.Fatal(err)
		}
		back, err := LoadConnectivity(path, &m)
		if err != nil {
			t.Fatal(err)
		}
		a, n, _ := denseOf(c)
		b, _, _ := denseOf(back)
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("%s: M[%d, %d] = %g after saving and loading, want %g", conn, i/n, i%n, b[i], a[i])
			}
		}
		if back.NumSynapses() != c.NumSynapses() || c.NumSynapses() == 0 {
			t.Errorf("%s: %d synapses loaded, %d saved", conn, back.NumSynapses(), c.NumSynapses())
		}
	}
}

// TestSavedMatrixKeys checks save_conn_matrix, matrix_id and
// build_conn_matrix false through NewNetwork: a missing matrix is an error
// naming the file and the keys, before anything is built; a saved one
// gives the network the same synapses.
func TestSavedMatrixKeys(t *testing.T) {
	dir := t.TempDir()
	spec := `{"conn_id": "asym", "is_asym_factor": [0.8, 1.2], "matrix_id": "prosp", "data_root": "` + dir + `/", "sim_dur": 10}`
	m, s, err := ParseParams([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	s.BuildConnMatrix = false
	_, err = NewNetwork(m, s)
	want := filepath.Join(dir, "saved_matrices", "matrix_asym_prosp.hdf5")
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "build_conn_matrix") {
		t.Fatalf("missing matrix: error %v, want one naming %s and build_conn_matrix", err, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "saved_matrices")); err == nil {
		t.Errorf("a failed load created %s", filepath.Join(dir, "saved_matrices"))
	}
	s.BuildConnMatrix, s.SaveConnMatrix = true, true
	built, err := NewNetwork(m, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(want); err != nil {
		t.Fatalf("save_conn_matrix wrote no %s: %v", want, err)
	}
	s.BuildConnMatrix, s.SaveConnMatrix = false, false
	loaded, err := NewNetwork(m, s)
	if err != nil {
		t.Fatal(err)
	}
	a, n, _ := denseOf(built.Conn)
	b, _, _ := denseOf(loaded.Conn)
	compareDense(t, "loaded vs built", b, a, n)

	// A matrix of another network is refused, naming the file.
	m2 := m
	m2.NIntrnrn, m2.NStell, m2.NPerSheet = 96, 192, 96
	if _, err := LoadConnectivity(want, &m2); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "576 columns") {
		t.Errorf("wrong size: error %v, want one naming the file and its shape", err)
	}
}

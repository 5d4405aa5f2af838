package morph_test

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/hdf5"

	"github.com/golgi-sim/golgi/sim/morph"
)

// writeH5v1 writes an h5v1 morphology: /points (n x 4, float64) and
// /structure (m x 3, int32).
func writeH5v1(t *testing.T, path string, pts [][4]float64, st [][3]int32) {
	t.Helper()
	f, err := hdf5.CreateFile(path, hdf5.F_ACC_TRUNC)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	flat := make([]float64, 0, 4*len(pts))
	for _, p := range pts {
		flat = append(flat, p[:]...)
	}
	ints := make([]int32, 0, 3*len(st))
	for _, s := range st {
		ints = append(ints, s[:]...)
	}
	write := func(name string, dtype *hdf5.Datatype, rows, cols int, data any) {
		sp, err := hdf5.CreateSimpleDataspace([]uint{uint(rows), uint(cols)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer sp.Close()
		d, err := f.CreateDataset(name, dtype, sp)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if err := d.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	write("points", hdf5.T_NATIVE_DOUBLE, len(pts), 4, &flat[0])
	write("structure", hdf5.T_NATIVE_INT32, len(st), 3, &ints[0])
}

// ascSomaContour returns the points of the CellBody contour of a
// Neurolucida file, as written one per line by the BBP tools.
func ascSomaContour(t *testing.T, path string) [][4]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var pts [][4]float64
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		s := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(s, ';'); i >= 0 {
			s = strings.TrimSpace(s[:i])
		}
		switch {
		case strings.HasPrefix(s, `("CellBody"`):
			in = true
		case in && s == ")":
			return pts
		case in && strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")"):
			f := strings.Fields(strings.Trim(s, "()"))
			if len(f) != 4 {
				continue
			}
			var p [4]float64
			for k := range p {
				if p[k], err = strconv.ParseFloat(f[k], 64); err != nil {
					t.Fatal(err)
				}
			}
			pts = append(pts, p)
		}
	}
	t.Fatalf("%s: no CellBody contour found", path)
	return nil
}

// h5FromASC writes the h5v1 file of a Neurolucida morphology as the BBP
// converters do: the soma contour, then each section of m (as Import3d
// made it: children start with their parent's last point).
func h5FromASC(t *testing.T, asc, path string) {
	t.Helper()
	m, err := morph.ReadASC(asc)
	if err != nil {
		t.Fatal(err)
	}
	pts := ascSomaContour(t, asc)
	st := [][3]int32{{0, 1, -1}}
	row := make([]int32, len(m.Sections))
	for i, s := range m.Sections[1:] {
		parent := int32(0)
		if s.Parent > 0 {
			parent = row[s.Parent]
		}
		row[i+1] = int32(len(st))
		st = append(st, [3]int32{int32(len(pts)), int32(s.Type), parent})
		for _, p := range s.Points {
			pts = append(pts, [4]float64{p.X, p.Y, p.Z, p.D})
		}
	}
	writeH5v1(t, path, pts, st)
}

// TestReadH5MatchesNEURON writes every Neurolucida morphology of the
// references in the h5v1 layout and reads it back with ReadH5: sections,
// lengths and areas must be NEURON's Import3d ones for the .asc.
func TestReadH5MatchesNEURON(t *testing.T) {
	refs, paths := import3dRefs(t, ".asc")
	dir := t.TempDir()
	n := 0
	for k, ref := range refs {
		if strings.HasPrefix(ref.file, "sim/morph/") {
			continue // soma stacks and test files have no h5v1 form
		}
		p := filepath.Join(dir, strconv.Itoa(k)+".h5")
		h5FromASC(t, paths[k], p)
		m, err := morph.ReadH5(p)
		if err != nil {
			t.Errorf("%s: %v", ref.file, err)
			continue
		}
		compareImport3d(t, m, ref)
		n++
	}
	t.Logf("%d morphologies", n)
}

func TestReadH5BadInput(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.h5")
	if err := os.WriteFile(garbage, []byte("not an HDF5 file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	contour := [][4]float64{{4, 0, 0, 0}, {0, 4, 0, 0}, {-4, 0, 0, 0}, {0, -4, 0, 0}}
	neurite := [][4]float64{{0, 5, 0, 1}, {0, 9, 0, 1}}
	for _, tc := range []struct {
		name string
		pts  [][4]float64
		st   [][3]int32
		want string
	}{
		{"no soma", neurite, [][3]int32{{0, 3, -1}}, "x.h5: /structure row 0: type 3: no soma"},
		{"two somata", append(append(contour, neurite...), contour...), [][3]int32{{0, 1, -1}, {4, 3, 0}, {6, 1, -1}}, "x.h5: /structure row 2: a soma section other than the first"},
		{"offset beyond points", append(contour, neurite...), [][3]int32{{0, 1, -1}, {9, 3, 0}}, "x.h5: /structure row 1: first point 9, want 0 to 5"},
		{"parent after", append(append(contour, neurite...), neurite...), [][3]int32{{0, 1, -1}, {4, 3, 2}, {6, 3, 0}}, "x.h5: /structure row 1: parent 2"},
		{"two-point soma", append(contour[:2:2], neurite...), [][3]int32{{0, 1, -1}, {2, 3, 0}}, "x.h5: /structure row 0: a soma of two points"},
		{"zero diameter", append(contour, [4]float64{0, 5, 0, 1}, [4]float64{0, 9, 0, 0}), [][3]int32{{0, 1, -1}, {4, 3, 0}}, "point 1 has diameter 0 um"},
	} {
		p := filepath.Join(dir, "x.h5")
		writeH5v1(t, p, tc.pts, tc.st)
		_, err := morph.ReadH5(p)
		var he *morph.H5Error
		switch {
		case err == nil:
			t.Errorf("%s: no error, want %q", tc.name, tc.want)
		case !errors.As(err, &he):
			t.Errorf("%s: error %T %v, want an *H5Error", tc.name, err, err)
		case !strings.Contains(err.Error(), tc.want):
			t.Errorf("%s: error\n\t%v\nwant one containing\n\t%s", tc.name, err, tc.want)
		}
	}
	for _, p := range []string{filepath.Join(dir, "missing.h5"), garbage} {
		_, err := morph.ReadH5(p)
		var he *morph.H5Error
		if !errors.As(err, &he) || !strings.Contains(err.Error(), filepath.Base(p)) {
			t.Errorf("%s: error %v, want an *H5Error naming the file", p, err)
		}
	}
	// A one-point soma is neurodamus's circle.
	p := filepath.Join(dir, "sphere.h5")
	writeH5v1(t, p, [][4]float64{{1, 2, 3, 10}, {0, 5, 0, 1}, {0, 9, 0, 1}}, [][3]int32{{0, 1, -1}, {1, 2, 0}})
	m, err := morph.ReadH5(p)
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Sections[0]; len(s.Points) != 20 || s.Points[0] != (morph.Point{X: 6, Y: 2, Z: 3, D: 5}) || m.Sections[1].Name != "axon" {
		t.Errorf("one-point soma: %v; %s", s.Points, m.Sections[1].Name)
	}
}

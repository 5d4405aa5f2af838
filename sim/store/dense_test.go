package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDenseRoundTrip writes matrices by blocks of rows and reads them
// back, with blocks small enough that both directions take several, and
// compares every element.
func TestDenseRoundTrip(t *testing.T) {
	defer func(b int) { denseBlockBytes = b }(denseBlockBytes)
	dir := t.TempDir()
	for _, c := range []struct {
		rows, cols, block int
	}{{1, 1, 8}, {37, 53, 8 * 53 * 5}, {300, 7, 8 * 7 * 64}, {0, 5, 1 << 20}} {
		denseBlockBytes = c.block
		val := func(r, k int) float64 {
			if (r*7+k*3)%5 != 0 {
				return 0
			}
			return float64(r) + float64(k)/1000 + 1e-9
		}
		path := filepath.Join(dir, "m.hdf5")
		var blocks int
		err := WriteDenseRows(path, "matrix", c.rows, c.cols, func(r0, r1 int, dst []float64) error {
			blocks++
			for r := r0; r < r1; r++ {
				for k := 0; k < c.cols; k++ {
					dst[(r-r0)*c.cols+k] = val(r, k)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var readBlocks, seen int
		rows, cols, err := ReadDenseRows(path, "matrix", func(r0, r1, cols int, data []float64) error {
			readBlocks++
			for r := r0; r < r1; r++ {
				for k := 0; k < cols; k++ {
					seen++
					if got := data[(r-r0)*cols+k]; got != val(r, k) {
						t.Fatalf("%dx%d: M[%d, %d] = %g, want %g", c.rows, c.cols, r, k, got, val(r, k))
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if rows != c.rows || cols != c.cols || seen != c.rows*c.cols {
			t.Errorf("read %dx%d (%d values), want %dx%d", rows, cols, seen, c.rows, c.cols)
		}
		if c.rows >= 37 && (blocks < 2 || readBlocks < 2) {
			t.Errorf("%dx%d: written in %d blocks, read in %d: want several", c.rows, c.cols, blocks, readBlocks)
		}
	}
}

// TestDenseErrors checks that a missing, damaged or different file gives
// an error naming the file and the dataset.
func TestDenseErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.hdf5")
	if err := WriteDenseRows(good, "other", 3, 3, func(r0, r1 int, dst []float64) error { return nil }); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage.hdf5")
	os.WriteFile(garbage, []byte("this is not an HDF5 file, but text\n"), 0o644)
	truncated := filepath.Join(dir, "truncated.hdf5")
	os.WriteFile(truncated, b[:len(b)/3], 0o644)
	st, err := Open(dir, "s", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.WriteFloat64(0, "x", []float64{1, 2}, nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path, name string
		want       []string
		notFound   bool
	}{
		{filepath.Join(dir, "missing.hdf5"), "matrix", []string{"missing.hdf5", "no such file", `"matrix"`}, true},
		{good, "matrix", []string{"good.hdf5", `no dataset "matrix"`, `"other"`}, true},
		{garbage, "matrix", []string{"garbage.hdf5"}, false},
		{truncated, "other", []string{"truncated.hdf5"}, false},
		{st.Path("x"), "0", []string{st.Path("x"), `"0" is not a dataset`}, false},
	} {
		_, _, err := ReadDenseRows(c.path, c.name, func(r0, r1, cols int, data []float64) error { return nil })
		if err == nil {
			t.Errorf("%s: no error", c.path)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q, want it to contain %q", c.path, err, w)
			}
		}
		if errors.Is(err, ErrNotFound) != c.notFound {
			t.Errorf("%s: errors.Is(err, ErrNotFound) = %v, want %v", c.path, !c.notFound, c.notFound)
		}
	}
	// A one-dimensional dataset inside a group is not a matrix.
	_, _, err = ReadDenseRows(st.Path("x"), "0/x", func(r0, r1, cols int, data []float64) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "want a two-dimensional numeric matrix") {
		t.Errorf("1-D dataset: error %v, want one asking for a two-dimensional matrix", err)
	}
}

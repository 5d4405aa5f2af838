// Package refdata finds and reads the reference data that validation tests
// compare Golgi with: traces and spikes from NEURON and Brian2, kept outside
// the repository in a directory shared/ref next to the checkout (or named by
// the GOLGI_REF environment variable).
package refdata

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// ErrNotFound is returned when the reference directory cannot be found.
var ErrNotFound = errors.New("reference data not found: set GOLGI_REF to the shared/ref directory")

// Dir returns the reference data directory: $GOLGI_REF, or the first
// shared/ref found walking up from the working directory.
func Dir() (string, error) {
	if d := os.Getenv("GOLGI_REF"); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d, nil
		}
		return "", fmt.Errorf("GOLGI_REF=%s is not a directory", d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; {
		for _, c := range []string{filepath.Join(d, "shared", "ref"), filepath.Join(d, "..", "shared", "ref")} {
			if st, err := os.Stat(c); err == nil && st.IsDir() {
				return filepath.Clean(c), nil
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", ErrNotFound
		}
		d = parent
	}
}

// Path returns the path of a file in the reference directory.
func Path(name string) (string, error) {
	d, err := Dir()
	if err != nil {
		return "", err
	}
	p := filepath.Join(d, name)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("reference file: %w", err)
	}
	return p, nil
}

// CSV reads a CSV file with a header line and returns the header and the
// columns as float64.
func CSV(path string) (header []string, cols [][]float64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err = r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: header: %w", path, err)
	}
	cols = make([][]float64, len(header))
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		for k, s := range rec {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, nil, fmt.Errorf("%s:%d column %s: %w", path, line, header[k], err)
			}
			cols[k] = append(cols[k], x)
		}
	}
	return header, cols, nil
}

// Column returns the named column of a CSV read by CSV.
func Column(header []string, cols [][]float64, name string) ([]float64, error) {
	for k, h := range header {
		if h == name {
			return cols[k], nil
		}
	}
	return nil, fmt.Errorf("no column %q in %v", name, header)
}

// Ints converts a column of whole numbers to ints.
func Ints(x []float64) []int {
	out := make([]int, len(x))
	for i, v := range x {
		out[i] = int(v)
	}
	return out
}

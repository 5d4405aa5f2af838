// Package refdata finds and reads the reference data that validation tests
// compare Golgi with: traces and spikes from NEURON and Brian2, kept outside
// the repository in a directory shared/ref next to the checkout (or named by
// the GOLGI_REF environment variable).
//
// A test gets a reference file with Require (or Lookup, when it has a
// fallback): when the file is missing the test is skipped, naming the
// missing path, unless GOLGI_REQUIRE_REF=1 is set (make test sets it),
// which makes it a failure, so that a run meant to validate cannot pass
// by skipping the validations.
package refdata

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"
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

// RequireEnv is the environment variable that makes missing reference
// data a test failure instead of a skip: set to anything but "" or "0"
// (make test sets GOLGI_REQUIRE_REF=1).
const RequireEnv = "GOLGI_REQUIRE_REF"

// Require returns the path of a file or directory of the reference data
// (name relative to the reference directory, as for Path). When it is
// missing, the test fails (t.Fatalf) if GOLGI_REQUIRE_REF is set, and is
// skipped otherwise; either way the message names the missing path.
func Require(t testing.TB, name string) string {
	t.Helper()
	p, err := Path(name)
	if err != nil {
		missing(t, name, err)
		t.Skipf("reference data missing: %s; skipped (set GOLGI_REF to the shared/ref directory; %s=1 makes this a failure)", missingPath(name, err), RequireEnv)
	}
	return p
}

// Lookup is Require for a test that does without the data when they are
// missing: it returns the path and true, or "" and false when the data
// are missing, the test failing instead (t.Fatalf) if GOLGI_REQUIRE_REF is
// set.
func Lookup(t testing.TB, name string) (path string, ok bool) {
	t.Helper()
	p, err := Path(name)
	if err != nil {
		missing(t, name, err)
		return "", false
	}
	return p, true
}

// missing fails the test if GOLGI_REQUIRE_REF is set: name could not be
// found (err).
func missing(t testing.TB, name string, err error) {
	t.Helper()
	if v := os.Getenv(RequireEnv); v != "" && v != "0" {
		t.Fatalf("reference data missing: %s; %s=%s requires it (set GOLGI_REF to the shared/ref directory)", missingPath(name, err), RequireEnv, v)
	}
}

// missingPath names where name was looked for, with why it was not found
// unless it simply does not exist there.
func missingPath(name string, err error) string {
	d, derr := Dir()
	switch {
	case derr != nil:
		return fmt.Sprintf("shared/ref/%s (%v)", filepath.ToSlash(name), derr)
	case errors.Is(err, fs.ErrNotExist):
		return filepath.Join(d, name)
	}
	return fmt.Sprintf("%s (%v)", filepath.Join(d, name), err)
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

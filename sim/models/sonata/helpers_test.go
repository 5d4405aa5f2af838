package sonata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

// circuitPath returns the path of a file of the reference circuits.
func circuitPath(t testing.TB, name string) string {
	t.Helper()
	return refdata.Require(t, filepath.Join("sonata", "circuits", name))
}

// load loads a reference simulation in compatibility mode.
func load(t testing.TB, name string) *Simulation {
	t.Helper()
	s, err := Load(circuitPath(t, name), &Options{Compat: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// copyUsecase3 copies usecase3's configurations, node sets and HDF5 files
// (not its morphologies) into a temporary directory, and returns it.
func copyUsecase3(t testing.TB) string {
	t.Helper()
	src := filepath.Dir(circuitPath(t, "usecase3/simulation_sonata.json"))
	dst := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".json") || strings.HasSuffix(e.Name(), ".h5")) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// edit rewrites a file of dir: replaces old (which must occur) by new.
func edit(t testing.TB, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lookupRef is circuitPath for fuzz seeds: absent data add no seed.
func lookupRef(t testing.TB, name string) (string, bool) {
	return refdata.Lookup(t, filepath.Join("sonata", "circuits", name))
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

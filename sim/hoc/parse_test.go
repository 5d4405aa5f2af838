package hoc

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

// templateFiles lists the hoc templates of the reference sets.
func templateFiles(t *testing.T) []string {
	t.Helper()
	root := refdata.Require(t, ".")
	var files []string
	for _, pat := range []string{
		"sonata/circuits/*/*/*.hoc", "sonata/circuits/*/*/*/*.hoc",
		"miv/cases/1-construction/templates/*.hoc",
	} {
		m, err := filepath.Glob(filepath.Join(root, pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("found %d templates, want 20", len(files))
	}
	return files
}

func TestParseTemplates(t *testing.T) {
	for _, f := range templateFiles(t) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parse(filepath.Base(f), string(src)); err != nil {
			t.Errorf("%v", err)
		}
	}
}

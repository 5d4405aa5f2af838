package nmodl

import (
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

// verbatimLine matches the VERBATIM keywords that are not commented out.
var verbatimLine = regexp.MustCompile(`(?m)^[ \t]*VERBATIM\b`)

// refModFiles returns every .mod file of the reference sets that the
// SONATA and MiV-Simulator families need.
func refModFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, dir := range []string{"sonata/mod", "miv/cases/1-construction/mechanisms"} {
		root := refdata.Require(t, dir)
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".mod") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 100 {
		t.Fatalf("%d .mod files in the reference sets, want the 142 of neurodamus and MiV", len(files))
	}
	return files
}

// TestParseReferenceMechanisms parses every .mod file of neurodamus's
// and MiV-Simulator's sets: each must parse, name its mechanism and keep
// its VERBATIM blocks.
func TestParseReferenceMechanisms(t *testing.T) {
	files := refModFiles(t)
	verbatim := 0
	for _, path := range files {
		src, err := ReadMod(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(path, src)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if f.Neuron.Name == "" {
			t.Errorf("%s: no SUFFIX, POINT_PROCESS or ARTIFICIAL_CELL", path)
		}
		want := len(verbatimLine.FindAllIndex(src, -1))
		if len(f.Verbatims) != want {
			t.Errorf("%s: %d VERBATIM blocks kept, the file has %d", path, len(f.Verbatims), want)
		}
		if len(f.Verbatims) > 0 {
			verbatim++
		}
	}
	t.Logf("%d files parsed, %d with VERBATIM", len(files), verbatim)
}

// TestCheckReferenceMechanisms resolves the names of every reference
// mechanism that has no VERBATIM block: none may have an undefined name.
func TestCheckReferenceMechanisms(t *testing.T) {
	n := 0
	for _, path := range refModFiles(t) {
		src, err := ReadMod(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(path, src)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Verbatims) > 0 {
			continue
		}
		n++
		if _, errs := Check(f); len(errs) > 0 {
			for _, e := range errs[:min(3, len(errs))] {
				t.Errorf("%v", e)
			}
		}
	}
	t.Logf("%d mechanisms without VERBATIM checked", n)
}

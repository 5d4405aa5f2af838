package units

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/nmodl"
)

// TestPackageWithCheck: with the unit check as nmodl.Options.Check, a
// file with a unit error fails the package and nothing is returned;
// without it the file translates.
func TestPackageWithCheck(t *testing.T) {
	dir := t.TempDir()
	src := probeHeader + "STATE { m }\nBREAKPOINT { SOLVE s METHOD cnexp }\nDERIVATIVE s { m' = (1-m)/a }\n"
	path := filepath.Join(dir, "p.mod")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	db := Builtin()
	opt := nmodl.Options{Check: func(f *nmodl.File) error { return Check(f, db) }}
	files, _, err := nmodl.PackageWith([]string{path}, "mechs", opt)
	if err == nil || files != nil {
		t.Fatalf("with the unit check: files %d, error %v; want no files and an error", len(files), err)
	}
	if !strings.Contains(err.Error(), "p.mod:7:") || !strings.Contains(err.Error(), "not conformable") {
		t.Errorf("error %q does not name p.mod:7 and the mismatch", err)
	}
	if r := nmodl.TranslateFileWith(path, "mechs", opt); r.Err == nil || r.Source != nil {
		t.Errorf("TranslateFileWith: %v, %d bytes; want the unit error", r.Err, len(r.Source))
	}
	if _, _, err := nmodl.Package([]string{path}, "mechs", "", false); err != nil {
		t.Errorf("without the unit check: %v", err)
	}
}

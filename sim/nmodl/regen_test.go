package nmodl_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/nmodl"
)

// generatedPackages are the committed translations of the reference sets:
// package directory under mods and the .mod directory under the
// reference root (as in each package's go:generate line).
var generatedPackages = []struct{ pkg, dir string }{
	{"neocortexv5", "sonata/mod/neocortex/mod/v5"},
	{"neocortexv6", "sonata/mod/neocortex/mod/v6"},
	{"mivca1", "miv/cases/1-construction/mechanisms/ca1_Poolos"},
	{"mivca3", "miv/cases/1-construction/mechanisms/ca3_SM"},
	{"mivsyn", "miv/cases/1-construction/mechanisms/synaptic"},
	{"neocortexcommon", "sonata/mod/neocortex/mod/common"},
	{"metabolism", "sonata/mod/neocortex/mod/metabolism"},
	{"sonatacommon", "sonata/mod/common/mod"},
	{"ngv", "sonata/mod/common/mod/ngv"},
}

// TestRegenerateChangesNothing translates each reference set again and
// compares with the committed packages, file by file: a translator change
// must come with regenerated packages (go generate ./sim/nmodl/mods/...).
func TestRegenerateChangesNothing(t *testing.T) {
	// The translator's own test mechanism, from testdata.
	files, _, err := nmodl.Package([]string{"testdata/hh_golgi.mod"}, "hhmod", ".", false)
	checkPackage(t, filepath.Join("internal", "hhmod"), files, err)
	root, err := refdata.Dir()
	if err != nil {
		refdata.Require(t, "sonata/mod") // skips, or fails under GOLGI_REQUIRE_REF
		return
	}
	for _, p := range generatedPackages {
		dir := refdata.Require(t, p.dir)
		files, _, err := nmodl.Package([]string{dir}, p.pkg, root, true)
		checkPackage(t, filepath.Join("mods", p.pkg), files, err)
	}
}

// checkPackage compares a fresh translation with a committed package.
func checkPackage(t *testing.T, pkgDir string, files map[string][]byte, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", pkgDir, err)
		return
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(pkgDir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s/%s differs from a fresh translation (%v): run go generate ./sim/nmodl/...", pkgDir, name, err)
		}
	}
	committed, _ := filepath.Glob(filepath.Join(pkgDir, "*_mod.go"))
	for _, path := range committed {
		if _, ok := files[filepath.Base(path)]; !ok {
			t.Errorf("%s: no longer generated: remove it (go generate)", path)
		}
	}
	if len(files) < 2 || !strings.Contains(string(files[nmodl.StatusFile]), "translated") {
		t.Errorf("%s: translated nothing", pkgDir)
	}
}

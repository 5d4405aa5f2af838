package nmodl_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/mech/native"
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
	files, _, err = nmodl.Package([]string{"testdata/exp2syn_golgi.mod", "testdata/expsyn_golgi.mod"}, "synmod", ".", false)
	checkPackage(t, filepath.Join("internal", "synmod"), files, err)
	files, _, err = nmodl.Package([]string{"testdata/kinetic"}, "kinmod", ".", false)
	checkPackage(t, filepath.Join("internal", "kinmod"), files, err)
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
	lanes, _ := filepath.Glob(filepath.Join(pkgDir, "*_mod_simd.go"))
	committed = append(committed, lanes...)
	for _, path := range committed {
		if _, ok := files[filepath.Base(path)]; !ok {
			t.Errorf("%s: no longer generated: remove it (go generate)", path)
		}
	}
	if len(files) < 2 || !strings.Contains(string(files[nmodl.StatusFile]), "translated") {
		t.Errorf("%s: translated nothing", pkgDir)
	}
}

// withNative rewrites the status of the refused files that a native
// mechanism of sim/mech/native reproduces (native.Replaces, by content:
// links and copies included) as "native: sim/mech/native".
func withNative(t *testing.T, table string, results []nmodl.Result, root string) string {
	t.Helper()
	status := map[string]string{} // file content -> status
	byPath := map[string]string{} // the entry's own file -> status
	for _, r := range native.Replaces {
		src, err := nmodl.ReadMod(filepath.Join(root, r.Mod))
		if err != nil {
			t.Fatal(err)
		}
		s := "native: sim/mech/native (" + r.Mechanism
		if r.Set != "" {
			s += " of set " + r.Set
		}
		if len(r.Globals) > 0 {
			names := make([]string, 0, len(r.Globals))
			for n := range r.Globals {
				names = append(names, n)
			}
			sort.Strings(names)
			s += "; GLOBALs"
			for _, n := range names {
				s += fmt.Sprintf(" %s = %g", n, r.Globals[n])
			}
		}
		if r.Note != "" {
			s += "; " + r.Note
		}
		status[string(src)] = s + ")"
		byPath[r.Mod] = s + ")"
	}
	lines := strings.Split(table, "\n")
	for _, r := range results {
		if !r.Refused() {
			continue
		}
		src, err := nmodl.ReadMod(r.Path)
		if err != nil {
			t.Fatal(err)
		}
		rel, err := filepath.Rel(root, r.Path)
		if err != nil {
			t.Fatal(err)
		}
		// A file's own entry first (links with the same content may be
		// variants of different sets), then any entry of the same content.
		s, ok := byPath[filepath.ToSlash(rel)]
		if !ok {
			if s, ok = status[string(src)]; !ok {
				continue
			}
		}
		prefix := "| " + filepath.ToSlash(rel) + " | " + r.Mechanism + " | "
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				lines[i] = prefix + s + " |"
			}
		}
	}
	return strings.Join(lines, "\n")
}

// statusDoc is the list of every reference .mod file with its status.
const statusDoc = "../../docs/NMODL_STATUS.md"

// refusedOnly are reference directories with no translated mechanism
// (so no package), listed in the status document all the same.
var refusedOnly = []string{
	"sonata/mod/neocortex/mod/plasticity",
	"sonata/mod/common/mod/optimized",
	"miv/cases/1-construction/mechanisms",
}

// TestStatusDocument checks docs/NMODL_STATUS.md, the status of every
// .mod file of the reference sets, against a fresh translation; with
// GOLGI_UPDATE_STATUS=1 it rewrites the file.
func TestStatusDocument(t *testing.T) {
	root, err := refdata.Dir()
	if err != nil {
		refdata.Require(t, "sonata/mod")
		return
	}
	var b strings.Builder
	b.WriteString("# NMODL translation status of the reference mechanisms\n\n")
	b.WriteString("Generated by `TestStatusDocument` (sim/nmodl/regen_test.go; `GOLGI_UPDATE_STATUS=1 go test ./sim/nmodl -run StatusDocument` rewrites it): every .mod file of neurodamus's and MiV-Simulator's sets under the reference root, what became of it, and the Go package holding the translation. docs/NMODL.md says what the reasons mean.\n")
	dirs := []struct{ pkg, dir string }{}
	dirs = append(dirs, generatedPackages...)
	for _, d := range refusedOnly {
		dirs = append(dirs, struct{ pkg, dir string }{"", d})
	}
	for _, p := range dirs {
		dir := refdata.Require(t, p.dir)
		files, err := nmodl.ModFiles([]string{dir})
		if err != nil {
			t.Fatal(err)
		}
		var results []nmodl.Result
		for _, f := range files {
			results = append(results, nmodl.TranslateFile(f, "x"))
		}
		where := "no package: nothing translated"
		if p.pkg != "" {
			where = "package sim/nmodl/mods/" + p.pkg
		}
		fmt.Fprintf(&b, "\n## %s (%s)\n\n", p.dir, where)
		b.WriteString(withNative(t, nmodl.StatusTable(results, root), results, root))
	}
	got := b.String()
	if os.Getenv("GOLGI_UPDATE_STATUS") == "1" {
		if err := os.WriteFile(statusDoc, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(statusDoc)
	if err != nil || string(want) != got {
		t.Errorf("%s is out of date (%v): GOLGI_UPDATE_STATUS=1 go test ./sim/nmodl -run StatusDocument", statusDoc, err)
	}
}

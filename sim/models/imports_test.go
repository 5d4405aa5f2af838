package models_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/golgi-sim/golgi/"

// TestImportRules checks the package layout of docs/ARCHITECTURE.md with
// go list: the engine names no family and no analysis, plotting or
// kernel; analysis, plotting and the kernel name no family; a family
// names no other family; commands and the kernel reach families only
// through sim/models and sim/models/all.
func TestImportRules(t *testing.T) {
	pkgs := listPackages(t)
	families := familyNames(t)
	if len(families) < 2 {
		t.Fatalf("families %v: want at least builtin and gridcells", families)
	}
	// familyOf returns the family a package belongs to, or "".
	familyOf := func(p string) string {
		for _, f := range families {
			for _, root := range []string{"sim/models/" + f, "analysis/" + f} {
				if p == root || strings.HasPrefix(p, root+"/") {
					return f
				}
			}
		}
		return ""
	}
	isEngine := func(p string) bool {
		return (p == "sim" || strings.HasPrefix(p, "sim/")) && p != "sim/models" && !strings.HasPrefix(p, "sim/models/")
	}
	for _, pk := range pkgs {
		p := pk.path
		for _, imp := range pk.imports {
			var broken string
			switch {
			case isEngine(p) && !isEngine(imp) && !strings.HasPrefix(imp, "internal/"):
				broken = "the engine imports only the engine"
			case p == "sim/models" && (familyOf(imp) != "" || imp == "sim/models/all") && !pk.testOnly[imp]:
				broken = "the registry names no family"
			case familyOf(p) == "" && !strings.HasPrefix(p, "sim/models") && familyOf(imp) != "" && !pk.testOnly[imp]:
				broken = "outside the families, only sim/models and sim/models/all reach a family"
			case familyOf(p) != "" && familyOf(imp) != "" && familyOf(imp) != familyOf(p):
				broken = "a family imports no other family"
			case familyOf(p) != "" && (imp == "sim/models/all" || strings.HasPrefix(imp, "kernel") || strings.HasPrefix(imp, "cmd/")):
				broken = "a family imports no command, kernel or list of families"
			case (strings.HasPrefix(p, "analysis") || strings.HasPrefix(p, "plotting") || strings.HasPrefix(p, "kernel")) &&
				familyOf(p) == "" && (strings.HasPrefix(imp, "sim/models") || familyOf(imp) != ""):
				broken = "analysis, plotting and the kernel name no family"
			}
			if broken != "" {
				t.Errorf("%s imports %s: %s", p, imp, broken)
			}
		}
	}
}

type pkgImports struct {
	path     string
	imports  []string        // the module's packages it or its tests import
	testOnly map[string]bool // of those, the ones only its tests import
}

// listPackages lists the module's packages and their imports of the
// module's packages (paths without the module prefix).
func listPackages(t *testing.T) []pkgImports {
	t.Helper()
	// go test puts its own go command first on the PATH (Go 1.19+).
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \" \"}}|{{join .TestImports \" \"}} {{join .XTestImports \" \"}}", module+"...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v: %s", err, stderr.String())
	}
	var pkgs []pkgImports
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "|")
		if len(f) != 3 {
			continue
		}
		pk := pkgImports{path: strings.TrimPrefix(f[0], module), testOnly: map[string]bool{}}
		seen := map[string]bool{}
		for _, imp := range strings.Fields(f[1]) {
			if strings.HasPrefix(imp, module) {
				imp = strings.TrimPrefix(imp, module)
				seen[imp] = true
				pk.imports = append(pk.imports, imp)
			}
		}
		for _, imp := range strings.Fields(f[2]) {
			if strings.HasPrefix(imp, module) {
				imp = strings.TrimPrefix(imp, module)
				if !seen[imp] && imp != pk.path {
					seen[imp] = true
					pk.testOnly[imp] = true
					pk.imports = append(pk.imports, imp)
				}
			}
		}
		pkgs = append(pkgs, pk)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages:\n%s", len(pkgs), out)
	}
	return pkgs
}

// familyNames returns the directories under sim/models that hold a
// family: every one but all.
func familyNames(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "all" && e.Name() != "testdata" {
			out = append(out, e.Name())
		}
	}
	return out
}

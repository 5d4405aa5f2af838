package modcell_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/kernel/modcell"
)

// TestNMODLNextCell follows the notebook path: a cell translates a .mod
// file with modcell.Translate into GoNB's temporary directory, and the next
// cell, compiled there as GoNB compiles it (go build of the directory, a
// module that finds Golgi through a replace), uses the mechanism by its
// NEURON name.
func TestNMODLNextCell(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a program")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go toolchain")
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	dir := t.TempDir()
	t.Setenv(modcell.DirEnv, dir)

	tab, err := modcell.Translate(filepath.Join(root, "sim", "nmodl", "testdata", "hh_golgi.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 1 || tab.Rows[0][1] != "hhg" {
		t.Fatalf("table %+v", tab)
	}
	goMod := "module gonb_cell\n\ngo 1.26\n\nrequire github.com/golgi-sim/golgi v0.0.0\n\nreplace github.com/golgi-sim/golgi => " + root + "\n"
	mainGo := `package main

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim/mech"
)

func main() {
	c := mech.NewCompartment(20, 20)
	m, err := mech.New("hhg", 1)
	if err != nil {
		panic(err)
	}
	if err := c.Insert(m); err != nil {
		panic(err)
	}
	c.IClamp = &mech.IClamp{DelayMs: 1, DurMs: 20, AmpNA: 0.5}
	if err := c.Init(); err != nil {
		panic(err)
	}
	spikes, prev := 0, c.Env().V[0]
	for c.T() < 30 {
		c.Step()
		if v := c.Env().V[0]; prev < 0 && v >= 0 {
			spikes++
		}
		prev = c.Env().V[0]
	}
	fmt.Println("spikes", spikes)
}
`
	for name, data := range map[string]string{"go.mod": goMod, "main.go": mainGo} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if sum, err := os.ReadFile(filepath.Join(root, "go.sum")); err == nil {
		if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(goCmd, "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the next cell: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "spikes 3" {
		t.Errorf("the next cell printed %q, want %q", got, "spikes 3")
	}

	// A file that cannot be translated writes nothing.
	bad := filepath.Join(t.TempDir(), "bad.mod")
	if err := os.WriteFile(bad, []byte("NEURON { SUFFIX bad }\nBREAKPOINT { x = }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadDir(dir)
	if _, err := modcell.Translate(bad); err == nil || !strings.Contains(err.Error(), "bad.mod:2") {
		t.Errorf("bad file: %v, want an error naming bad.mod:2", err)
	}
	after, _ := os.ReadDir(dir)
	if len(after) != len(before) {
		t.Errorf("a failed translation wrote %d files", len(after)-len(before))
	}
}

// TestNMODLOutsideNotebook checks the error outside GoNB.
func TestNMODLOutsideNotebook(t *testing.T) {
	t.Setenv(modcell.DirEnv, "")
	if _, err := modcell.Translate("x.mod"); err == nil || !strings.Contains(err.Error(), "golgi nmodl") {
		t.Errorf("error %v, want one saying to use golgi nmodl", err)
	}
}

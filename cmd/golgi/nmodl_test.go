package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const leakMod = `NEURON { SUFFIX leak NONSPECIFIC_CURRENT i RANGE g, e }
PARAMETER { g = 0.001 (S/cm2) e = -70 (mV) }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT { i = g*(v - e) }
`

// TestNmodlCommand translates a good file, and checks that a syntax
// error and a refused construct write nothing and name file, line and
// column.
func TestNmodlCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("leak.mod", leakMod)
	out := filepath.Join(dir, "mechs")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"nmodl", good, "-o", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	src, err := os.ReadFile(filepath.Join(out, "leak_mod.go"))
	if err != nil || !bytes.Contains(src, []byte("package mechs")) || !bytes.Contains(src, []byte(`mech.MustRegister("leak"`)) {
		t.Errorf("leak_mod.go: %v\n%s", err, src)
	}
	for _, tc := range []struct{ name, src, want string }{
		{"syntax.mod", "NEURON { SUFFIX s }\nBREAKPOINT { i = g*(v - }", "syntax.mod:2:25: unexpected \"}\", want an expression"},
		{"undefined.mod", "NEURON { SUFFIX u }\nBREAKPOINT { x = 1 }", "undefined.mod:2:14: undefined name x"},
		{"verbatim.mod", "NEURON { SUFFIX w }\nVERBATIM\nint x;\nENDVERBATIM", "verbatim.mod:2:1: VERBATIM"},
	} {
		bad := write(tc.name, tc.src)
		out := filepath.Join(dir, "out-"+tc.name)
		stdout.Reset()
		stderr.Reset()
		if code := run([]string{"nmodl", good, bad, "-o", out}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", tc.name, code, stderr.String(), tc.want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: %s was written (%v); want nothing", tc.name, out, err)
		}
	}
}

// TestNmodlRun translates a leak, runs it in one compartment under a
// current step and checks the steady state e + I/(g area) (the run
// compiles the translation with the Go toolchain: a few seconds).
func TestNmodlRun(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a program (-short)")
	}
	dir := t.TempDir()
	mod := filepath.Join(dir, "leak.mod")
	if err := os.WriteFile(mod, []byte(leakMod), 0o644); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "trace.csv")
	var stdout, stderr bytes.Buffer
	args := []string{"nmodl", "run", mod, "--iclamp", "0.1,1,100", "--v-init", "-70", "--tstop", "30", "--record", "v,i_leak", "-o", csv}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if lines[0] != "t_ms,v,i_leak" || len(lines) != 1202 {
		t.Fatalf("header %q, %d lines; want t_ms,v,i_leak and 1202", lines[0], len(lines))
	}
	f := strings.Split(lines[len(lines)-1], ",")
	v, _ := strconv.ParseFloat(f[1], 64)
	area := math.Pi * 20 * 20
	want := -70 + 0.1*1e2/area/0.001
	if math.Abs(v-want) > 1e-6 {
		t.Errorf("v after 29 ms of 0.1 nA = %.9g mV, steady state %.9g", v, want)
	}
	// Bad flags are errors before anything is compiled.
	for _, bad := range [][]string{
		{"nmodl", "run", mod, "--iclamp", "0.1,1"},
		{"nmodl", "run", mod, "--mech", "g_leak"},
		{"nmodl", "run", filepath.Join(dir, "missing.mod")},
	} {
		stderr.Reset()
		if code := run(bad, &stdout, &stderr); code != 1 {
			t.Errorf("%v: exit %d (%s), want 1", bad, code, stderr.String())
		}
	}
}

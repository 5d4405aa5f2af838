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
	if err != nil || !bytes.Contains(src, []byte("package mechs")) || !bytes.Contains(src, []byte(`mech.MustRegisterSet("mechs", "leak"`)) {
		t.Errorf("leak_mod.go: %v\n%s", err, src)
	}
	for _, tc := range []struct{ name, src, want string }{
		{"syntax.mod", "NEURON { SUFFIX s }\nBREAKPOINT { i = g*(v - }", "syntax.mod:2:25: unexpected \"}\", want an expression"},
		{"undefined.mod", "NEURON { SUFFIX u }\nBREAKPOINT { x = 1 }", "undefined.mod:2:14: undefined name x"},
		{"verbatim.mod", "NEURON { SUFFIX w }\nVERBATIM\nint x;\nENDVERBATIM", "verbatim.mod:2:1: VERBATIM"},
	} {
		bad := write(tc.name, tc.src)
		out := filepath.Join(dir, "out-"+strings.TrimSuffix(tc.name, ".mod"))
		stdout.Reset()
		stderr.Reset()
		if code := run([]string{"nmodl", good, bad, "-o", out}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", tc.name, code, stderr.String(), tc.want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: %s was written (%v); want nothing", tc.name, out, err)
		}
	}
	// A directory whose name is not a Go identifier needs -package.
	stderr.Reset()
	if code := run([]string{"nmodl", good, "-o", filepath.Join(dir, "2024.mods")}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "use -package NAME") {
		t.Errorf("-o 2024.mods: exit %d, %q; want an error asking for -package", code, stderr.String())
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

// TestNmodlRunSemantics runs small files through golgi nmodl run and
// checks constructs against hand-computed values: CONSTANTs divide as
// doubles, FROM ... BY steps, METHOD euler, and a BREAKPOINT with a
// LOCAL in a mechanism without currents (run once per step in State),
// and a variable BREAKPOINT assigns on a branch not taken keeping its
// value.
func TestNmodlRunSemantics(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a program (-short)")
	}
	dir := t.TempDir()
	t1 := `NEURON { SUFFIX t1 RANGE x, z NONSPECIFIC_CURRENT i }
CONSTANT { a = 1 b = 2 }
ASSIGNED { v i x z }
STATE { y }
INITIAL {
	LOCAL k
	x = a/b
	z = 0
	FROM k = 0 TO 10 BY 2 { z = z + 1 }
	y = 1
}
BREAKPOINT { SOLVE s METHOD euler  i = 0 }
DERIVATIVE s { y' = -y }
`
	t2 := `NEURON { SUFFIX t2 RANGE c }
ASSIGNED { c }
BREAKPOINT { LOCAL q  q = 2  c = c + q }
`
	t3 := `NEURON { SUFFIX t3 RANGE w NONSPECIFIC_CURRENT i }
ASSIGNED { v i w }
INITIAL { w = 7 }
BREAKPOINT { i = 0  if (v > 1000) { w = 1 } }
`
	var paths []string
	for name, src := range map[string]string{"t1.mod": t1, "t2.mod": t2, "t3.mod": t3} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	csv := filepath.Join(dir, "out.csv")
	var stdout, stderr bytes.Buffer
	args := append([]string{"nmodl", "run"}, paths...)
	args = append(args, "--tstop", "0.05", "--record", "x_t1,z_t1,y_t1,c_t2,w_t3", "-o", csv)
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	want := [][]float64{{0.5, 6, 1, 0, 7}, {0.5, 6, 0.975, 2, 7}, {0.5, 6, 0.975 * 0.975, 4, 7}}
	if len(lines) != 4 {
		t.Fatalf("%d lines:\n%s", len(lines), data)
	}
	for r, w := range want {
		f := strings.Split(lines[r+1], ",")
		for j, x := range w {
			got, _ := strconv.ParseFloat(f[j+1], 64)
			if math.Abs(got-x) > 1e-12 {
				t.Errorf("row %d column %s = %v, want %v", r, strings.Split(lines[0], ",")[j+1], got, x)
			}
		}
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
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

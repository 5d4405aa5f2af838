package hoc

import (
	"strings"
	"testing"
)

// TestBadInput checks that bad hoc is an error naming file:line:col and
// the construct.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"unbalanced open", "proc f() {\n x = 1\n", "t.hoc:1:10: unbalanced braces: { without }"},
		{"unbalanced close", "x = 1\n}\n", "t.hoc:2:1: unbalanced braces: } without {"},
		{"undefined variable", "x = y + 1\n", "t.hoc:1:5: undefined variable y"},
		{"undefined proc", "foo(1)\n", "t.hoc:1:4: undefined function foo"},
		{"missing argument", "proc f() { x = $2 }\nf(1)\n", "t.hoc:1:16: $2: argument 2 of f, which has 1"},
		{"wrong builtin argument count", "x = exp(1, 2)\n", "t.hoc:1:8: exp: 2 arguments, want 1"},
		{"unknown mechanism", "create a\na insert nosuchmech\n", "t.hoc:2:3: insert nosuchmech: no mechanism nosuchmech is registered"},
		{"parameter of mechanism not inserted", "create a\na insert pas\na gIhbar_Ih = 1\n", "t.hoc:3:3: gIhbar_Ih = 1: mechanism Ih is not inserted in section a[0]"},
		{"unknown parameter", "create a\na insert pas\na q_pas = 1\n", "t.hoc:3:3: q_pas: mechanism pas has no RANGE variable q"},
		{"unsupported construct", "x = 1\nparallel\n", "t.hoc:2:1: hoc construct \"parallel\" is not supported"},
		{"quit", "quit()\n", "t.hoc:1:5: quit() called"},
		{"execerror", "execerror(\"bad\", \"thing\")\n", "execerror: bad thing"},
		{"endtemplate mismatch", "begintemplate A\nendtemplate B\n", "t.hoc:2:13: endtemplate B closes begintemplate A"},
		{"statement in template", "begintemplate A\nx = 1\nendtemplate A\n", "t.hoc:2:1: template A: only declarations"},
		{"load_file missing", "load_file(\"nosuch.hoc\")\n", "t.hoc:1:10: load_file(\"nosuch.hoc\"): file not found"},
		{"section not created", "soma { L = 10 }\n", "t.hoc:1:1: undefined variable soma"},
		{"division by zero", "x = 1/0\n", "t.hoc:1:6: division by zero"},
		{"bad string", "x = \"abc\n", "t.hoc:1:5: unterminated string"},
		{"bad character", "x = 1 @ 2\n", "t.hoc:1:7: unexpected character '@'"},
		{"execute error", "execute(\"y = z\")\n", "execute(\"y = z\"):1:5: undefined variable z"},
		{"nseg zero", "create a\na nseg = 0\n", "t.hoc:2:3: nseg = 0 on a[0]: want 1 to 32767"},
		{"ion not in section", "create a\na ena = 50\n", "ena = 50: na_ion mechanism not inserted in section a[0]"},
		{"forsec non-list", "x = 1\nforsec x { }\n", "t.hoc:2:1: forsec needs a SectionList or a string"},
		{"reversed connect", "create a, b\nconnect b(1), a(1)\n", "t.hoc:2:1: connect b[0](1): only the 0 end"},
		{"loop", "create a, b\nconnect b(0), a(1)\nconnect a(0), b(1)\n", "t.hoc:3:1: connect a[0] to b[0] would make a loop"},
		{"python", "nrnpython(\"print(1)\")\n", "t.hoc:1:10: nrnpython: running Python is not supported"},
		{"private member", "begintemplate A\nproc init() { x = 1 }\nendtemplate A\nobjref a\na = new A()\ny = a.x\n", "t.hoc:6:7: x is not a public member of A"},
		{"endless loop", "while (1) { }\n", "t.hoc:1:11: more than 1000 statements executed"},
		{"new unknown", "objref o\no = new Foo()\n", "t.hoc:2:5: new Foo: no template or class Foo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := New(nil)
			in.MaxSteps = 1000
			err := in.Exec("t.hoc", tc.src)
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

// FuzzParse checks that the parser and the interpreter return errors,
// never panic, on arbitrary input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"x = 1\n", "proc f() { local i\n for i = 0, 3 { print i } }\nf()\n",
		"create soma[2]\nsoma[1] { L = 10 diam(0.5) = 2 nseg = 3 }\nconnect soma[1](0), soma[0](1)\n",
		"begintemplate A\npublic f\nproc f() { $o1 = new Vector(3) }\nendtemplate A\nobjref a, v\na = new A()\na.f(v)\n",
		"strdef s\nsprint(s, \"%s %g %d\", \"a\", 1.5, 2)\nexecute(s)\n",
		"create a\naccess a\nfor (x, 0) { print x, distance(x) }\n", "if (1) { } else { }\n",
		"x = 2^3^2 - -1 % 3 && !0 || 4 >= 5\n", "{ forall { } }\n", "objref o\no = new SectionList()\nforsec o {}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 2000 {
			return
		}
		_, _ = parse("fuzz.hoc", src)
		in := New(nil)
		in.MaxSteps = 1e5
		_ = in.Exec("fuzz.hoc", src)
	})
}

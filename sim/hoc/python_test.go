package hoc

import (
	"strings"
	"testing"
)

// pySrc reads Python values the way MiV-Simulator's templates do: an
// iterator procedure over several iter() streams at once (pyitr, as the
// templates write it), _[i] with negative i, size, __len__ and
// __getitem__ of a dict of arrays.
const pySrc = `
begintemplate T
public sum, last, n, lens, keysum
objref pyenv
iterator pyitr() {local i, k, x, n, sz localobj itr1, itrn
    sz = $1
    n = (numarg()-1) / 2
    i = 1+n+1
    itr1 = $oi
    for k = 0, sz-1 {
        for x = 1, n {
            i = 1+n+x
            itrn = $oi
            i = 1+x
            $&i = itrn.__next__()
        }
        iterator_statement
    }
}
proc init() { local a, b, s localobj d, it
    pyenv = new PythonObject()
    nrnpython("import numpy as np")
    sum = 0
    for pyitr($o1.size, &a, &b, pyenv.iter($o1), pyenv.iter($o2)) {
        sum = sum + a*b
    }
    d = $o3
    n = d.__len__()
    last = d.__getitem__(1)._[-1]
    lens = 0
    for s = 0, n-1 {
        lens = lens + d.__getitem__(s).__len__() + d._[s].size
    }
    keysum = 0
    it = pyenv.iter(d)
    for s = 0, n-1 {
        keysum = keysum + it.__next__()
    }
}
endtemplate T
`

func TestPythonValues(t *testing.T) {
	in := New(nil)
	if err := in.Exec("py.hoc", pySrc); err != nil {
		t.Fatal(err)
	}
	a := &PythonArray{X: []float64{1, 2, 3}}
	b := &PythonArray{X: []float64{10, 20, 30}}
	d := &PythonDict{Items: map[int]Object{0: &PythonArray{X: []float64{5}}, 1: &PythonArray{X: []float64{7, 8, 9}}}}
	o, err := in.NewObject("T", a, b, d)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		want float64
	}{{"sum", 140}, {"n", 2}, {"last", 9}, {"lens", 8}, {"keysum", 1}} {
		sym, ok := o.syms[c.name]
		if !ok || len(sym.nums) != 1 {
			t.Fatalf("no number %s in the object", c.name)
		}
		if got := sym.nums[0]; got != c.want {
			t.Errorf("%s = %g, want %g", c.name, got, c.want)
		}
	}
}

func TestPythonValueErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"index out of range", "x = $o1._[3]", "IndexError: index 3 of an array of size 3"},
		{"negative out of range", "x = $o1._[-4]", "IndexError: index -4"},
		{"missing key", "x = $o2.__getitem__(5).size", "KeyError: 5"},
		{"stop iteration", "objref p, it\np = new PythonObject()\nit = p.iter($o1)\nfor i = 0, 3 { x = it.__next__() }", "StopIteration"},
		{"unknown method", "x = $o1.tolist()", "PythonObject.tolist: not supported"},
		{"not iterable", "objref p\np = new PythonObject()\np.iter(1)", "want one Python object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := New(nil)
			src := "begintemplate T\nproc init() { local i, x localobj p, it\n" +
				strings.ReplaceAll(strings.ReplaceAll(tc.src, "objref p, it\n", ""), "objref p\n", "") +
				"\n}\nendtemplate T\n"
			if err := in.Exec("e.hoc", src); err != nil {
				t.Fatal(err)
			}
			_, err := in.NewObject("T", &PythonArray{X: []float64{1, 2, 3}},
				&PythonDict{Items: map[int]Object{0: &PythonArray{}}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestVectorFromPython: Vector.from_python copies a Python array (the
// interface-api templates of MiV read the neurotree so): size, elements,
// a copy (changing the vector leaves the array), and refuses a dict.
func TestVectorFromPython(t *testing.T) {
	in := New(nil)
	src := `begintemplate T
public n, s, last
proc init() { localobj v
	v = new Vector()
	v.append(99)
	v.from_python($o1)
	n = v.size()
	s = v.x[0] + v.x[1] + v.x[2]
	last = v.x[v.size()-1]
	v.x[0] = -1
}
endtemplate T
`
	if err := in.Exec("fp.hoc", src); err != nil {
		t.Fatal(err)
	}
	a := &PythonArray{X: []float64{4, 5, 6}}
	o, err := in.NewObject("T", a)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]float64{"n": 3, "s": 15, "last": 6} {
		if got := o.syms[name].nums[0]; got != want {
			t.Errorf("%s = %g, want %g", name, got, want)
		}
	}
	if a.X[0] != 4 {
		t.Errorf("the Python array changed with the vector: %v", a.X)
	}
	if _, err := in.NewObject("T", &PythonDict{Items: map[int]Object{}}); err == nil || !strings.Contains(err.Error(), "want a Python array") {
		t.Errorf("from_python(dict): %v, want an error", err)
	}
}

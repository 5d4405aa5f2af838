package hoc

import "slices"

// pythonObject stands for NEURON's PythonObject: new PythonObject() gives
// the handle templates call Python's built-ins through. Running Python
// is not supported; the handle offers iter(x) over the Python values Go
// passes in (PythonArray, PythonDict), which is all MiV-Simulator's
// templates ask of it.
type pythonObject struct{}

func (*pythonObject) ClassName() string { return "PythonObject" }

// PythonArray is a one-dimensional numpy array (or a list of numbers)
// given to a template as an object argument, as MiV-Simulator passes a
// neurotree's point and topology arrays: hoc reads it as NEURON's
// PythonObject, a._[i] (negative i counts from the end), a.size,
// a.__len__(), a.__getitem__(i), and iter(a) through a PythonObject.
type PythonArray struct {
	X []float64
}

// ClassName is "PythonObject", as hoc sees every Python value.
func (*PythonArray) ClassName() string { return "PythonObject" }

// PythonDict is a Python dict of integer keys to arrays (or other
// objects), as a neurotree's section_topology["nodes"] (section index
// to its points): d.__len__(), d.__getitem__(k), d._[k], and iter(d)
// over its keys in ascending order.
type PythonDict struct {
	Items map[int]Object
}

// ClassName is "PythonObject".
func (*PythonDict) ClassName() string { return "PythonObject" }

// pythonIter is a Python iterator: __next__() gives the next number.
type pythonIter struct {
	x []float64
	k int
}

func (*pythonIter) ClassName() string { return "PythonObject" }

// pyIndex turns a Python index (negative counts from the end) into a
// slice index.
func pyIndex(i, n int) (int, bool) {
	if i < 0 {
		i += n
	}
	return i, i >= 0 && i < n
}

func (d *PythonDict) get(k float64, where string, p Pos) (value, error) {
	if k != float64(int(k)) {
		return value{}, errorf(p, "%s: KeyError: %g", where, k)
	}
	o, ok := d.Items[int(k)]
	if !ok {
		return value{}, errorf(p, "%s: KeyError: %d", where, int(k))
	}
	return obj(o), nil
}

func (a *PythonArray) get(i float64, where string, p Pos) (value, error) {
	k, ok := pyIndex(int(i), len(a.X))
	if !ok || i != float64(int(i)) {
		return value{}, errorf(p, "%s: IndexError: index %g of an array of size %d", where, i, len(a.X))
	}
	return num(a.X[k]), nil
}

func (in *Interp) callPython(o Object, name string, a []value, p Pos) (value, error) {
	where := "PythonObject." + name
	switch o := o.(type) {
	case *pythonObject:
		if name == "iter" {
			if len(a) != 1 || a[0].kind != vObj {
				return value{}, errorf(p, "%s(x): want one Python object", where)
			}
			switch x := a[0].obj.(type) {
			case *PythonArray:
				return obj(&pythonIter{x: x.X}), nil
			case *PythonDict:
				keys := make([]float64, 0, len(x.Items))
				for k := range x.Items {
					keys = append(keys, float64(k))
				}
				slices.Sort(keys)
				return obj(&pythonIter{x: keys}), nil
			case *pythonIter:
				return obj(x), nil
			}
			return value{}, errorf(p, "%s: %s is not iterable", where, a[0].kindName())
		}
	case *PythonArray:
		switch name {
		case "__len__":
			if len(a) != 0 {
				return value{}, errorf(p, "%s() takes no arguments", where)
			}
			return num(float64(len(o.X))), nil
		case "__getitem__":
			x, err := numArgs(where, a, p, 1)
			if err != nil {
				return value{}, err
			}
			return o.get(x[0], where, p)
		}
	case *PythonDict:
		switch name {
		case "__len__":
			if len(a) != 0 {
				return value{}, errorf(p, "%s() takes no arguments", where)
			}
			return num(float64(len(o.Items))), nil
		case "__getitem__":
			x, err := numArgs(where, a, p, 1)
			if err != nil {
				return value{}, err
			}
			return o.get(x[0], where, p)
		}
	case *pythonIter:
		if name == "__next__" {
			if len(a) != 0 {
				return value{}, errorf(p, "%s() takes no arguments", where)
			}
			if o.k >= len(o.x) {
				return value{}, errorf(p, "%s: StopIteration", where)
			}
			o.k++
			return num(o.x[o.k-1]), nil
		}
	}
	return value{}, errorf(p, "%s: not supported (Python objects give iter, __len__, __getitem__, __next__, _[i] and size)", where)
}

func (in *Interp) pythonField(o Object, f fieldRef, p Pos) (value, error) {
	where := "PythonObject." + f.name
	switch o := o.(type) {
	case *PythonArray:
		switch {
		case f.name == "_" && f.hasIdx:
			return o.get(float64(f.idx), where, p)
		case f.name == "size" && !f.hasIdx:
			return num(float64(len(o.X))), nil
		}
	case *PythonDict:
		if f.name == "_" && f.hasIdx {
			return o.get(float64(f.idx), where, p)
		}
	}
	return value{}, errorf(p, "%s: not supported (Python objects give _[i] and size)", where)
}

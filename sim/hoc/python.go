package hoc

// pythonObject stands for NEURON's PythonObject. Running Python is not
// supported; the object exists so that templates that create one without
// using it (or only for nrnpython("import numpy as np")) run.
type pythonObject struct{}

func (*pythonObject) ClassName() string { return "PythonObject" }

func (in *Interp) callPython(o *pythonObject, name string, a []value, p Pos) (value, error) {
	return value{}, errorf(p, "PythonObject.%s: Python objects are not supported", name)
}

func (in *Interp) pythonField(o *pythonObject, f fieldRef, p Pos) (value, error) {
	return value{}, errorf(p, "PythonObject.%s: Python objects are not supported", f.name)
}

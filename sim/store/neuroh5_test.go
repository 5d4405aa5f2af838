package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// nh5Types are MiV's Microcircuit_Small populations (SPEC 2.1) and
// three of its projections.
var nh5Types = NeuroH5Types{
	Populations: []NeuroH5Population{
		{Name: "STIM", ID: 0, Start: 0, Count: 10},
		{Name: "PYR", ID: 100, Start: 10, Count: 80},
		{Name: "PVBC", ID: 101, Start: 90, Count: 53},
		{Name: "OLM", ID: 102, Start: 143, Count: 44},
	},
	Projections: []NeuroH5Projection{
		{Source: "STIM", Destination: "PYR"},
		{Source: "PYR", Destination: "PYR"},
		{Source: "OLM", Destination: "PVBC"},
	},
}

// nh5Coords is a namespace of one float32 value per cell for cells 2, 0
// and 1 of PVBC, and an int8 attribute with a variable number of values.
func nh5Coords(shift float32) NeuroH5Namespace {
	return NeuroH5Namespace{
		Population: "PVBC", Name: "Generated Coordinates",
		Attributes: []NeuroH5Attribute{
			{Name: "U Coordinate", Index: []uint32{2, 0, 1}, Pointer: []uint64{0, 1, 2, 3}, Values: []float32{1.5 + shift, -2.25, 1e3}},
			{Name: "Layer", Index: []uint32{0, 1, 2}, Pointer: []uint64{0, 2, 2, 5}, Values: []int8{5, 6, -1, 7, 8}},
		},
	}
}

var nh5Arc = NeuroH5Namespace{
	Population: "OLM", Name: "Arc Distances",
	Attrs: Attrs{"Reference U Min": -100.01, "Reference U Max": 100.01},
	Attributes: []NeuroH5Attribute{
		{Name: "U Distance", Index: []uint32{0, 43}, Pointer: []uint64{0, 1, 2}, Values: []float32{-99.5, 0.25}},
	},
}

// writeNH5 writes the types, then both namespaces, then the coordinates
// again shifted (a replacement).
func writeNH5(t *testing.T, path string) {
	t.Helper()
	opt := &Options{NoSync: true}
	if err := WriteNeuroH5Types(path, nh5Types, opt); err != nil {
		t.Fatal(err)
	}
	if err := WriteNeuroH5Namespaces(path, []NeuroH5Namespace{nh5Coords(0), nh5Arc}, opt); err != nil {
		t.Fatal(err)
	}
	if err := WriteNeuroH5Namespaces(path, []NeuroH5Namespace{nh5Coords(1)}, opt); err != nil {
		t.Fatal(err)
	}
}

func TestNeuroH5RoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "neuro.h5")
	writeNH5(t, path)

	types, err := ReadNeuroH5Types(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(types, nh5Types) {
		t.Errorf("types read back %+v, want %+v", types, nh5Types)
	}
	got, err := ReadNeuroH5Namespace(path, "PVBC", "Generated Coordinates")
	if err != nil {
		t.Fatal(err)
	}
	want := nh5Coords(1)
	want.Attrs = Attrs{}
	// Read in name order.
	want.Attributes[0], want.Attributes[1] = want.Attributes[1], want.Attributes[0]
	if !reflect.DeepEqual(got, want) {
		t.Errorf("replaced namespace read back %+v, want %+v", got, want)
	}
	arc, err := ReadNeuroH5Namespace(path, "OLM", "Arc Distances")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(arc, nh5Arc) {
		t.Errorf("kept namespace read back %+v, want %+v", arc, nh5Arc)
	}
	names, err := NeuroH5Namespaces(path, "PVBC")
	if err != nil || !reflect.DeepEqual(names, []string{"Generated Coordinates"}) {
		t.Errorf("PVBC namespaces %v, %v", names, err)
	}
	if names, err := NeuroH5Namespaces(path, "STIM"); err != nil || len(names) != 0 {
		t.Errorf("STIM namespaces %v, %v: want none", names, err)
	}

	// golgi ls and the isolated check read the file.
	if err := Check(path); err != nil {
		t.Errorf("Check: %v", err)
	}
	fi, err := InspectFile(path)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, g := range fi.Groups {
		for _, d := range g.Datasets {
			if g.Name == "H5Types" && d.Name == "Populations" {
				found = d.DType == "{Start:uint64, Count:uint32, Population:enum}" && reflect.DeepEqual(d.Shape, []int{4})
			}
		}
	}
	if !found {
		t.Errorf("InspectFile does not describe /H5Types/Populations: %+v", fi.Groups)
	}

	// Equal content, equal bytes.
	other := filepath.Join(t.TempDir(), "neuro.h5")
	writeNH5(t, other)
	a, _ := os.ReadFile(path)
	b, _ := os.ReadFile(other)
	if !bytes.Equal(a, b) {
		t.Errorf("two writes of the same content differ (%d and %d bytes)", len(a), len(b))
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d entries, want only neuro.h5", len(ents))
	}
}

func TestNeuroH5Errors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "neuro.h5")
	opt := &Options{NoSync: true}
	err := WriteNeuroH5Namespaces(path, []NeuroH5Namespace{nh5Arc}, opt)
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "H5Types first") {
		t.Errorf("namespace without a file: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed write left %s", path)
	}
	if err := WriteNeuroH5Types(path, nh5Types, opt); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	bad := func(f func(ns *NeuroH5Namespace)) NeuroH5Namespace {
		ns := nh5Coords(0)
		ns.Attributes = append([]NeuroH5Attribute(nil), ns.Attributes...)
		f(&ns)
		return ns
	}
	for _, c := range []struct {
		ns   NeuroH5Namespace
		want string
	}{
		{bad(func(ns *NeuroH5Namespace) { ns.Population = "CA3" }), `population "CA3" is not in /H5Types`},
		{bad(func(ns *NeuroH5Namespace) { ns.Attributes[0].Pointer = []uint64{0, 1, 2} }), "3 pointers for 3 cells"},
		{bad(func(ns *NeuroH5Namespace) { ns.Attributes[0].Pointer = []uint64{0, 2, 1, 3} }), "pointer 2 (1) is less than pointer 1 (2)"},
		{bad(func(ns *NeuroH5Namespace) { ns.Attributes[0].Pointer = []uint64{0, 1, 2, 4} }), "the last pointer is 4 for 3 values"},
		{bad(func(ns *NeuroH5Namespace) { ns.Attributes[0].Index = []uint32{0, 53, 1} }), "cell index 53: the population has 53 cells"},
		{bad(func(ns *NeuroH5Namespace) { ns.Attributes[0].Index = []uint32{0, 0, 1} }), "cell index 0 given twice"},
		{bad(func(ns *NeuroH5Namespace) { ns.Attributes[0].Values = []string{"a"} }), "values of type []string are not supported"},
		{bad(func(ns *NeuroH5Namespace) { ns.Attributes[1].Name = "U Coordinate" }), `attribute "U Coordinate" given twice`},
	} {
		err := WriteNeuroH5Namespaces(path, []NeuroH5Namespace{c.ns}, opt)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("got %v, want an error naming %s and %q", err, path, c.want)
		}
		after, _ := os.ReadFile(path)
		if !bytes.Equal(before, after) {
			t.Errorf("a failed write (%q) changed the file", c.want)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d entries after failed writes, want only neuro.h5", len(ents))
	}
	if err := WriteNeuroH5Types(path, NeuroH5Types{Populations: nh5Types.Populations, Projections: []NeuroH5Projection{{Source: "EC", Destination: "PYR"}}}, opt); err == nil ||
		!strings.Contains(err.Error(), `population "EC" is not in the populations`) {
		t.Errorf("projection of an unknown population: %v", err)
	}
	dup := append([]NeuroH5Population(nil), nh5Types.Populations...)
	dup[1].ID = 0
	if err := WriteNeuroH5Types(path, NeuroH5Types{Populations: dup}, opt); err == nil || !strings.Contains(err.Error(), "same id 0") {
		t.Errorf("duplicate id: %v", err)
	}
	if _, err := ReadNeuroH5Namespace(path, "PYR", "Generated Coordinates"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing namespace: %v", err)
	}
}

// readNeuroH5Py reads a NeuroH5 file as neuroh5's readers lay it out
// (read_population_labels: the committed enum; read_population_ranges:
// Populations read by its native type; read_cell_attributes: gid = Cell
// Index + Start, values Attribute Value[ptr[i]:ptr[i+1]]) and prints it
// as JSON, with the layout details checked on the way.
const readNeuroH5Py = `
import json, sys
import h5py, numpy as np

def eq(a, b, what):
    if a != b:
        raise AssertionError("%s: %r != %r" % (what, a, b))

out = {}
with h5py.File(sys.argv[1], "r") as f:
    t = f["H5Types"]
    labels = t["Population labels"]
    eq(isinstance(labels, h5py.Datatype), True, "Population labels is a committed type")
    mapping = h5py.check_enum_dtype(labels.dtype)
    eq(labels.dtype.base, np.dtype("<u2"), "enum base")
    rng = t["Population range"]
    eq(isinstance(rng, h5py.Datatype), True, "Population range is a committed type")
    eq(rng.dtype.names, ("Start", "Count", "Population"), "range members")
    eq(isinstance(t["Population projections"], h5py.Datatype), True, "Population projections is committed")
    pops = t["Populations"]
    eq(pops.dtype.names, ("Start", "Count", "Population"), "Populations members")
    eq((pops.dtype["Start"], pops.dtype["Count"]), (np.dtype("<u8"), np.dtype("<u4")), "Start, Count types")
    eq(h5py.check_enum_dtype(pops.dtype["Population"]), mapping, "Population enum")
    vpp = t["Valid population projections"]
    eq(vpp.id.get_type().committed(), True, "Valid population projections has the committed type")
    names = {v: k for k, v in mapping.items()}
    out["populations"] = [[names[int(r["Population"])], int(r["Population"]), int(r["Start"]), int(r["Count"])] for r in pops[...]]
    out["projections"] = [[names[int(r["Source"])], names[int(r["Destination"])]] for r in vpp[...]]
    start = {p[0]: p[2] for p in out["populations"]}
    cells = {}
    for pop in f["Populations"]:
        for ns in f["Populations"][pop]:
            g = f["Populations"][pop][ns]
            d = {"attrs": {k: float(v) for k, v in g.attrs.items()}, "cells": {}}
            for attr in g:
                a = g[attr]
                idx, ptr, val = a["Cell Index"], a["Attribute Pointer"], a["Attribute Value"]
                eq(idx.dtype, np.dtype("<u4"), "Cell Index type")
                eq(ptr.dtype, np.dtype("<u8"), "Attribute Pointer type")
                for ds in (idx, ptr, val):
                    eq(ds.maxshape, (None,), "maxshape")
                    eq(ds.chunks, (1000,), "chunks")
                eq(len(ptr), len(idx) + 1, "pointer length")
                idx, ptr, val = idx[...], ptr[...], val[...]
                for i, c in enumerate(idx):
                    gid = str(int(c) + start[pop])
                    d["cells"].setdefault(gid, {})[attr] = [val.dtype.str, [float(x) for x in val[ptr[i]:ptr[i+1]]]]
            cells["%s/%s" % (pop, ns)] = d
    out["cells"] = cells
json.dump(out, sys.stdout)
`

func TestNeuroH5H5py(t *testing.T) {
	py := python3(t)
	path := filepath.Join(t.TempDir(), "neuro.h5")
	writeNH5(t, path)
	out, err := exec.Command(py, "-c", readNeuroH5Py, path).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("h5py: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var got struct {
		Populations [][]any `json:"populations"`
		Projections [][]string
		Cells       map[string]struct {
			Attrs map[string]float64
			Cells map[string]map[string][]any
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for i, p := range nh5Types.Populations {
		want := []any{p.Name, float64(p.ID), float64(p.Start), float64(p.Count)}
		if !reflect.DeepEqual(got.Populations[i], want) {
			t.Errorf("h5py population %d: %v, want %v", i, got.Populations[i], want)
		}
	}
	for i, p := range nh5Types.Projections {
		if want := []string{p.Source, p.Destination}; !reflect.DeepEqual(got.Projections[i], want) {
			t.Errorf("h5py projection %d: %v, want %v", i, got.Projections[i], want)
		}
	}
	// PVBC starts at gid 90: Cell Index 2, 0, 1 are gids 92, 90, 91.
	coords := got.Cells["PVBC/Generated Coordinates"].Cells
	wantCoords := map[string]map[string][]any{
		"92": {"U Coordinate": {"<f4", []any{2.5}}, "Layer": {"|i1", []any{-1.0, 7.0, 8.0}}},
		"90": {"U Coordinate": {"<f4", []any{-2.25}}, "Layer": {"|i1", []any{5.0, 6.0}}},
		"91": {"U Coordinate": {"<f4", []any{1000.0}}, "Layer": {"|i1", []any{}}},
	}
	if !reflect.DeepEqual(coords, wantCoords) {
		t.Errorf("h5py cells of PVBC: %v, want %v", coords, wantCoords)
	}
	arc := got.Cells["OLM/Arc Distances"]
	if !reflect.DeepEqual(arc.Attrs, map[string]float64{"Reference U Min": -100.01, "Reference U Max": 100.01}) {
		t.Errorf("h5py arc attrs %v", arc.Attrs)
	}
	if want := map[string]map[string][]any{"143": {"U Distance": {"<f4", []any{-99.5}}}, "186": {"U Distance": {"<f4", []any{0.25}}}}; !reflect.DeepEqual(arc.Cells, want) {
		t.Errorf("h5py cells of OLM: %v, want %v", arc.Cells, want)
	}
}

// TestNeuroH5OneFile: WriteNeuroH5 writes the types and namespaces at
// once, with the values the stepwise writes give; a bad namespace writes
// nothing.
func TestNeuroH5OneFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "neuro.h5")
	opt := &Options{NoSync: true}
	if err := WriteNeuroH5(path, nh5Types, []NeuroH5Namespace{nh5Coords(1), nh5Arc}, opt); err != nil {
		t.Fatal(err)
	}
	step := filepath.Join(dir, "step.h5")
	writeNH5(t, step)
	for _, p := range []string{path, step} {
		types, err := ReadNeuroH5Types(p)
		if err != nil || !reflect.DeepEqual(types, nh5Types) {
			t.Errorf("%s: types %+v, %v", p, types, err)
		}
	}
	for _, ns := range [][2]string{{"PVBC", "Generated Coordinates"}, {"OLM", "Arc Distances"}} {
		a, err := ReadNeuroH5Namespace(path, ns[0], ns[1])
		if err != nil {
			t.Fatal(err)
		}
		b, err := ReadNeuroH5Namespace(step, ns[0], ns[1])
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%v: at once %+v, stepwise %+v", ns, a, b)
		}
	}
	bad := filepath.Join(dir, "bad.h5")
	ns := nh5Arc
	ns.Attributes = []NeuroH5Attribute{{Name: "U Distance", Index: []uint32{44}, Pointer: []uint64{0, 1}, Values: []float32{1}}}
	if err := WriteNeuroH5(bad, nh5Types, []NeuroH5Namespace{ns}, opt); err == nil || !strings.Contains(err.Error(), "cell index 44: the population has 44 cells") {
		t.Errorf("cell index out of range: %v", err)
	}
	if _, err := os.Stat(bad); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed write left %s", bad)
	}
}

// TestNeuroH5BadAttributes: a namespace whose pointers do not fit its
// index or values (written by h5py) is an error naming the dataset, not
// a crash or wrong values.
func TestNeuroH5BadAttributes(t *testing.T) {
	py := python3(t)
	path := filepath.Join(t.TempDir(), "neuro.h5")
	if err := WriteNeuroH5Types(path, nh5Types, &Options{NoSync: true}); err != nil {
		t.Fatal(err)
	}
	const script = `
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "a") as f:
    for name, idx, ptr, val in [("long", [0], [0, 5], [1.0]), ("short", [0, 1], [0, 1], [1.0]), ("down", [0, 1], [0, 2, 1], [1.0, 2.0]),
                                ("text", [0], [0, 1], None)]:
        g = f.require_group("Populations/PYR/" + name + "/a")
        g["Cell Index"] = np.array(idx, dtype=np.uint32)
        g["Attribute Pointer"] = np.array(ptr, dtype=np.uint64)
        g["Attribute Value"] = np.array(val, dtype=np.float32) if val is not None else np.array([b"x"])
`
	if out, err := exec.Command(py, "-c", script, path).CombinedOutput(); err != nil {
		t.Fatalf("h5py: %v\n%s", err, out)
	}
	for ns, want := range map[string]string{
		"long":  "attribute pointer 1 (5) is not in order within [0, 1]",
		"short": "2 pointers for 2 cells",
		"down":  "attribute pointer 2 (1) is not in order within [0, 2]",
		"text":  "Attribute Value: type",
	} {
		_, err := ReadNeuroH5Namespace(path, "PYR", ns)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "/Populations/PYR/"+ns+"/a") {
			t.Errorf("%s: %v, want an error naming the attribute and %q", ns, err, want)
		}
	}
}

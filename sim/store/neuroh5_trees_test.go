package store

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// nh5TestTrees are two PYR trees: cell 3 a soma of two points with two
// dendrites of one and two points (sections [0 1], [2], [3 4]; edges
// 0->1, 0->2), cell 0 a single point.
func nh5TestTrees() NeuroH5Trees {
	return NeuroH5Trees{
		Population:      "PYR",
		Index:           []uint32{3, 0},
		PointPointer:    []uint64{0, 5, 6},
		X:               []float32{0, 1, 2, 3, 4, 0.5},
		Y:               []float32{0, 0, 1.5, -1, -2, 0},
		Z:               []float32{0, 0, 0, 0, 0.25, 0},
		Radius:          []float32{5, 5, 0.5, 0.4, 0.3, 2},
		Layer:           []int8{6, 6, 8, 5, 5, -1},
		Parent:          []int32{-1, 0, 1, 1, 3, -1},
		SWCType:         []int8{1, 1, 4, 3, 3, 1},
		TopologyPointer: []uint64{0, 2, 2},
		SrcSection:      []uint16{0, 0},
		DstSection:      []uint16{1, 2},
		SectionPointer:  []uint64{0, 9, 12},
		Sections:        []uint16{3, 2, 0, 1, 1, 2, 2, 3, 4, 1, 1, 0},
	}
}

// nh5TestEdges is PYR -> PVBC into destinations 0, 1, 2, 5, 6 and 9
// (three blocks), destination 1 without edges.
func nh5TestEdges(t *testing.T) NeuroH5Edges {
	t.Helper()
	e, err := NewNeuroH5Edges("PYR", "PVBC",
		[]uint32{0, 1, 2, 5, 6, 9}, []int{2, 0, 1, 3, 1, 2},
		[]uint32{4, 79, 0, 1, 1, 7, 3, 0, 5},
		[]NeuroH5EdgeAttribute{
			{Namespace: "Synapses", Name: "syn_id", Values: []uint32{0, 1, 0, 2, 0, 1, 0, 3, 1}},
			{Namespace: "Connections", Name: "distance", Values: []float32{10.5, 3, 7, 1, 2, 3, 4, 5, 6.25}},
		})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestNewNeuroH5Edges(t *testing.T) {
	e := nh5TestEdges(t)
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"Destination Block Index", e.BlockIndex, []uint32{0, 5, 9}},
		// neuroh5's write_projection ends the block pointers at the
		// number of destinations + 1.
		{"Destination Block Pointer", e.BlockPointer, []uint64{0, 3, 5, 7}},
		{"Destination Pointer", e.DestinationPointer, []uint64{0, 2, 2, 3, 6, 7, 9}},
		{"Destinations", e.Destinations(), []uint32{0, 1, 2, 5, 6, 9}},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if _, err := NewNeuroH5Edges("PYR", "PVBC", []uint32{2, 2}, []int{1, 1}, []uint32{0, 1}, nil); err == nil || !strings.Contains(err.Error(), "ascending") {
		t.Errorf("repeated destination: %v", err)
	}
}

func TestNeuroH5TreesEdgesRoundTrip(t *testing.T) {
	trees := nh5TestTrees()
	edges := nh5TestEdges(t)
	empty, err := NewNeuroH5Edges("OLM", "PVBC", nil, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	oneCell := NeuroH5Trees{Population: "OLM", Index: []uint32{43}, PointPointer: []uint64{0, 1}, X: []float32{1}, Y: []float32{2}, Z: []float32{3},
		Radius: []float32{4}, Layer: []int8{5}, Parent: []int32{-1}, SWCType: []int8{1}, TopologyPointer: []uint64{0, 0}, SrcSection: []uint16{}, DstSection: []uint16{}, SectionPointer: []uint64{0, 3}, Sections: []uint16{1, 1, 0}}
	for _, c := range []struct {
		name string
		file NeuroH5File
	}{
		{"trees", NeuroH5File{Types: nh5Types, Trees: []NeuroH5Trees{trees, oneCell}}},
		{"edges", NeuroH5File{Types: nh5Types, Projections: []NeuroH5Edges{edges}}},
		{"no edges", NeuroH5File{Types: nh5Types, Projections: []NeuroH5Edges{empty}}},
		{"everything", NeuroH5File{Types: nh5Types, Namespaces: []NeuroH5Namespace{nh5Coords(0), nh5Arc}, Trees: []NeuroH5Trees{trees}, Projections: []NeuroH5Edges{edges, empty}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "cells.h5")
			if err := WriteNeuroH5File(path, &c.file, &Options{NoSync: true}); err != nil {
				t.Fatal(err)
			}
			types, err := ReadNeuroH5Types(path)
			if err != nil || !reflect.DeepEqual(types, nh5Types) {
				t.Errorf("types %v, %v", types, err)
			}
			for _, want := range c.file.Trees {
				got, err := ReadNeuroH5Trees(path, want.Population)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("trees of %s:\n got %+v\nwant %+v", want.Population, got, want)
				}
			}
			for _, want := range c.file.Namespaces {
				got, err := ReadNeuroH5Namespace(path, want.Population, want.Name)
				if err != nil {
					t.Fatal(err)
				}
				if len(got.Attributes) != len(want.Attributes) {
					t.Errorf("namespace %s: %d attributes, want %d", want.Name, len(got.Attributes), len(want.Attributes))
				}
			}
			dsts := map[string][]string{}
			for _, want := range c.file.Projections {
				dsts[want.Destination] = append(dsts[want.Destination], want.Source)
				got, err := ReadNeuroH5Edges(path, want.Source, want.Destination)
				if err != nil {
					t.Fatal(err)
				}
				// The reader lists the namespaces in name order.
				wantSorted := want
				wantSorted.Attributes = nil
				for _, ns := range []string{"Connections", "Synapses"} {
					for _, a := range want.Attributes {
						if a.Namespace == ns {
							wantSorted.Attributes = append(wantSorted.Attributes, a)
						}
					}
				}
				if !reflect.DeepEqual(got, wantSorted) {
					t.Errorf("edges %s -> %s:\n got %+v\nwant %+v", want.Source, want.Destination, got, wantSorted)
				}
			}
			for d, srcs := range dsts {
				got, err := NeuroH5ProjectionSources(path, d)
				if err != nil {
					t.Fatal(err)
				}
				slices.Sort(srcs)
				if !reflect.DeepEqual(got, srcs) {
					t.Errorf("sources of %s: %v, want %v", d, got, srcs)
				}
			}
		})
	}
}

func TestNeuroH5TreesEdgesWriteErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(f *NeuroH5File)
		want string
	}{
		{"truncated point pointer", func(f *NeuroH5File) { f.Trees[0].PointPointer = f.Trees[0].PointPointer[:2] }, "X Coordinate Attribute Pointer: 2 pointers for 2 cells"},
		{"short radius", func(f *NeuroH5File) { f.Trees[0].Radius = f.Trees[0].Radius[:5] }, "Radius: 5 values for 6 points"},
		{"section pointer past the end", func(f *NeuroH5File) { f.Trees[0].SectionPointer[2] = 13 }, "the last pointer is 13 for 12 values"},
		{"destination sections", func(f *NeuroH5File) { f.Trees[0].DstSection = f.Trees[0].DstSection[:1] }, "Destination Section: 1 values for 2 edges"},
		{"cell index", func(f *NeuroH5File) { f.Trees[0].Index[0] = 80 }, "cell index 80: the population has 80 cells"},
		{"trees of an unknown population", func(f *NeuroH5File) { f.Trees[0].Population = "CA3" }, `population "CA3" is not in /H5Types`},
		{"source out of range", func(f *NeuroH5File) { f.Projections[0].SourceIndex[8] = 80 }, "source index 80: the population has 80 cells"},
		{"sources not sorted", func(f *NeuroH5File) { f.Projections[0].SourceIndex[0], f.Projections[0].SourceIndex[1] = 79, 19 }, "source index 19 follows 79"},
		{"destination out of range", func(f *NeuroH5File) { f.Projections[0].BlockIndex[2] = 53 }, "destination index 53: the population has 53 cells"},
		{"short attribute", func(f *NeuroH5File) {
			f.Projections[0].Attributes[1].Values = []float32{1}
		}, "attribute Connections/distance: 1 values for 9 edges"},
		{"truncated destination pointer", func(f *NeuroH5File) {
			e := &f.Projections[0]
			e.DestinationPointer = e.DestinationPointer[:6]
		}, "Destination Pointer: the last pointer is 7 for 9 values"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &NeuroH5File{Types: nh5Types, Trees: []NeuroH5Trees{nh5TestTrees()}, Projections: []NeuroH5Edges{nh5TestEdges(t)}}
			c.edit(f)
			path := filepath.Join(t.TempDir(), "cells.h5")
			err := WriteNeuroH5File(path, f, &Options{NoSync: true})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a failed write left %s", path)
			}
		})
	}
}

// readTreesEdgesPy reads a file of nh5TestTrees and nh5TestEdges with
// h5py the way neuroh5's readers interpret it (SPEC 2.8): the shared
// Cell Index and pointers (checked to be the same objects), the points
// of cell i at X Coordinate's Attribute Pointer[i:i+2], the topology at
// Source Section's Section Pointer, the flat section vector decoded;
// the DBS blocks decoded as neuroh5's append_edge_map does. It prints
// JSON by gid.
const readTreesEdgesPy = `
import json, sys
import h5py, numpy as np

f = h5py.File(sys.argv[1], "r")
labels = dict((k, v) for k, v in h5py.check_enum_dtype(f["H5Types/Population labels"].dtype).items())
ids = dict((v, k) for k, v in labels.items())
start = dict((ids[int(r["Population"])], int(r["Start"])) for r in f["H5Types/Populations"][:])

out = {"trees": {}, "edges": {}, "dtypes": {}}
T = f["Populations/PYR/Trees"]
idx = T["Cell Index"]
point = ["X Coordinate", "Y Coordinate", "Z Coordinate", "Radius", "Point Layer", "Parent Point", "SWC Type"]
for a in point + ["Source Section", "Destination Section", "Section"]:
    assert T[a + "/Cell Index"] == idx, a + ": Cell Index is not the namespace's"
    out["dtypes"][a] = T[a + "/Attribute Value"].dtype.str
for a in point[1:]:
    assert T[a + "/Attribute Pointer"] == T["X Coordinate/Attribute Pointer"], a
topo = T["Source Section/Section Pointer"]
assert T["Source Section/Attribute Pointer"] == topo
assert T["Destination Section/Attribute Pointer"] == topo
assert T["Section/Attribute Pointer"] == T["Section/Section Pointer"]
assert "Section Pointer" not in T["X Coordinate"]
out["dtypes"]["Attribute Pointer"] = T["X Coordinate/Attribute Pointer"].dtype.str
out["dtypes"]["Cell Index"] = idx.dtype.str
ap = T["X Coordinate/Attribute Pointer"][:]
tp = topo[:]
sp = T["Section/Section Pointer"][:]
vals = dict((a, T[a + "/Attribute Value"][:]) for a in point)
src, dst = T["Source Section/Attribute Value"][:], T["Destination Section/Attribute Value"][:]
secv = T["Section/Attribute Value"][:]
for i, c in enumerate(idx[:]):
    cell = dict((a, [float(x) for x in vals[a][ap[i]:ap[i+1]]]) for a in point)
    cell["src"] = [int(x) for x in src[tp[i]:tp[i+1]]]
    cell["dst"] = [int(x) for x in dst[tp[i]:tp[i+1]]]
    v = [int(x) for x in secv[sp[i]:sp[i+1]]]
    secs, k = [], 1
    for s in range(v[0]):
        n = v[k]
        secs.append(v[k+1:k+1+n])
        k += 1 + n
    assert k == len(v), "section vector"
    cell["sections"] = secs
    out["trees"][str(int(c) + start["PYR"])] = cell

P = f["Projections/PVBC/PYR"]
E = P["Edges"]
for n in ["Destination Block Index", "Destination Block Pointer", "Destination Pointer", "Source Index"]:
    out["dtypes"][n] = E[n].dtype.str
out["dtypes"]["syn_id"] = P["Synapses/syn_id"].dtype.str
out["dtypes"]["distance"] = P["Connections/distance"].dtype.str
bi, bp, dp, si = E["Destination Block Index"][:], E["Destination Block Pointer"][:], E["Destination Pointer"][:], E["Source Index"][:]
syn, dist = P["Synapses/syn_id"][:], P["Connections/distance"][:]
for b in range(len(bi)):
    for ii, j in enumerate(range(bp[b], bp[b+1])):
        if j < len(dp) - 1:
            d = int(bi[b]) + ii + start["PVBC"]
            lo, hi = dp[j], dp[j+1]
            out["edges"][str(d)] = {"src": [int(x) + start["PYR"] for x in si[lo:hi]],
                "syn_id": [int(x) for x in syn[lo:hi]], "distance": [float(x) for x in dist[lo:hi]]}
json.dump(out, sys.stdout)
`

func TestNeuroH5TreesEdgesH5py(t *testing.T) {
	py := python3(t)
	path := filepath.Join(t.TempDir(), "cells.h5")
	trees, edges := nh5TestTrees(), nh5TestEdges(t)
	if err := WriteNeuroH5File(path, &NeuroH5File{Types: nh5Types, Trees: []NeuroH5Trees{trees}, Projections: []NeuroH5Edges{edges}}, &Options{NoSync: true}); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", readTreesEdgesPy, path).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("h5py: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	type cell struct {
		X        []float64 `json:"X Coordinate"`
		Y        []float64 `json:"Y Coordinate"`
		Z        []float64 `json:"Z Coordinate"`
		Radius   []float64 `json:"Radius"`
		Layer    []float64 `json:"Point Layer"`
		Parent   []float64 `json:"Parent Point"`
		SWCType  []float64 `json:"SWC Type"`
		Src, Dst []int
		Sections [][]int
	}
	type edge struct {
		Src      []int     `json:"src"`
		SynID    []int     `json:"syn_id"`
		Distance []float64 `json:"distance"`
	}
	var got struct {
		Trees  map[string]cell
		Edges  map[string]edge
		Dtypes map[string]string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	f64 := func(v any) []float64 {
		var out []float64
		switch v := v.(type) {
		case []float32:
			for _, x := range v {
				out = append(out, float64(x))
			}
		case []int8:
			for _, x := range v {
				out = append(out, float64(x))
			}
		case []int32:
			for _, x := range v {
				out = append(out, float64(x))
			}
		}
		return out
	}
	// PYR starts at gid 10: cell index 3 is gid 13, 0 is gid 10.
	want := map[string]cell{
		"13": {X: f64(trees.X[:5]), Y: f64(trees.Y[:5]), Z: f64(trees.Z[:5]), Radius: f64(trees.Radius[:5]), Layer: f64(trees.Layer[:5]),
			Parent: f64(trees.Parent[:5]), SWCType: f64(trees.SWCType[:5]), Src: []int{0, 0}, Dst: []int{1, 2}, Sections: [][]int{{0, 1}, {2}, {3, 4}}},
		"10": {X: []float64{0.5}, Y: []float64{0}, Z: []float64{0}, Radius: []float64{2}, Layer: []float64{-1}, Parent: []float64{-1}, SWCType: []float64{1},
			Src: []int{}, Dst: []int{}, Sections: [][]int{{0}}},
	}
	if !reflect.DeepEqual(got.Trees, want) {
		t.Errorf("h5py trees:\n got %+v\nwant %+v", got.Trees, want)
	}
	// PVBC starts at 90, PYR at 10.
	wantEdges := map[string]edge{
		"90": {Src: []int{14, 89}, SynID: []int{0, 1}, Distance: []float64{10.5, 3}},
		"91": {Src: []int{}, SynID: []int{}, Distance: []float64{}},
		"92": {Src: []int{10}, SynID: []int{0}, Distance: []float64{7}},
		"95": {Src: []int{11, 11, 17}, SynID: []int{2, 0, 1}, Distance: []float64{1, 2, 3}},
		"96": {Src: []int{13}, SynID: []int{0}, Distance: []float64{4}},
		"99": {Src: []int{10, 15}, SynID: []int{3, 1}, Distance: []float64{5, 6.25}},
	}
	if !reflect.DeepEqual(got.Edges, wantEdges) {
		t.Errorf("h5py edges:\n got %+v\nwant %+v", got.Edges, wantEdges)
	}
	wantTypes := map[string]string{
		"X Coordinate": "<f4", "Y Coordinate": "<f4", "Z Coordinate": "<f4", "Radius": "<f4", "Point Layer": "|i1", "Parent Point": "<i4", "SWC Type": "|i1",
		"Source Section": "<u2", "Destination Section": "<u2", "Section": "<u2", "Attribute Pointer": "<u8", "Cell Index": "<u4",
		"Destination Block Index": "<u4", "Destination Block Pointer": "<u8", "Destination Pointer": "<u8", "Source Index": "<u4", "syn_id": "<u4", "distance": "<f4",
	}
	if !reflect.DeepEqual(got.Dtypes, wantTypes) {
		t.Errorf("h5py dtypes:\n got %v\nwant %v", got.Dtypes, wantTypes)
	}
}

// TestNeuroH5TreesEdgesReadErrors: files damaged with h5py (a dataset
// deleted, a pointer truncated, a value dataset shortened) give errors
// naming the dataset.
func TestNeuroH5TreesEdgesReadErrors(t *testing.T) {
	py := python3(t)
	for _, c := range []struct {
		name, script, want string
		edges              bool
	}{
		{"missing radius", `del f["Populations/PYR/Trees/Radius/Attribute Value"]`, `no dataset "Attribute Value"`, false},
		{"truncated point pointer", `f["Populations/PYR/Trees/X Coordinate/Attribute Pointer"].resize((2,))`, "/Populations/PYR/Trees/X Coordinate/Attribute Pointer: 2 pointers for 2 cells", false},
		{"short layer", `f["Populations/PYR/Trees/Point Layer/Attribute Value"].resize((4,))`, "/Populations/PYR/Trees/Point Layer/Attribute Value: 4 values for the 6 points", false},
		{"section pointer", `d = f["Populations/PYR/Trees/Section/Section Pointer"]; d[2] = 99`, "/Populations/PYR/Trees/Section/Section Pointer: the last pointer is 99 for 12 values", false},
		{"no trees", `del f["Populations/PYR/Trees"]`, "no group /Populations/PYR/Trees", false},
		{"float cell index", `del f["Populations/PYR/Trees/Cell Index"]; f["Populations/PYR/Trees/Cell Index"] = np.zeros(2, "f4")`, "/Populations/PYR/Trees/Cell Index: type float32: want uint32 values", false},
		{"missing source index", `del f["Projections/PVBC/PYR/Edges/Source Index"]`, `/Projections/PVBC/PYR/Edges/Source Index: no dataset "Source Index"`, true},
		{"truncated destination pointer", `f["Projections/PVBC/PYR/Edges/Destination Pointer"].resize((5,))`, "Destination Pointer: the last pointer is 6 for 9 values", true},
		{"block pointer", `d = f["Projections/PVBC/PYR/Edges/Destination Block Pointer"]; d[1] = 9`, "Destination Block Pointer", true},
		{"short syn_id", `f["Projections/PVBC/PYR/Synapses/syn_id"].resize((3,))`, "attribute Synapses/syn_id: 3 values for 9 edges", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "cells.h5")
			if err := WriteNeuroH5File(path, &NeuroH5File{Types: nh5Types, Trees: []NeuroH5Trees{nh5TestTrees()}, Projections: []NeuroH5Edges{nh5TestEdges(t)}}, &Options{NoSync: true}); err != nil {
				t.Fatal(err)
			}
			script := "import sys, h5py, numpy as np\nf = h5py.File(sys.argv[1], 'r+')\n" + c.script + "\nf.close()\n"
			if out, err := exec.Command(py, "-c", script, path).CombinedOutput(); err != nil {
				t.Fatalf("h5py: %v\n%s", err, out)
			}
			var err error
			if c.edges {
				_, err = ReadNeuroH5Edges(path, "PYR", "PVBC")
			} else {
				_, err = ReadNeuroH5Trees(path, "PYR")
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}

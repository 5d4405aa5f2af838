package miv

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/store"
)

// smallTypes are Microcircuit_Small's populations (SPEC 2.1).
var smallTypes = store.NeuroH5Types{
	Populations: []store.NeuroH5Population{
		{Name: "STIM", ID: 0, Start: 0, Count: 10},
		{Name: "PYR", ID: 100, Start: 10, Count: 80},
		{Name: "PVBC", ID: 101, Start: 90, Count: 53},
		{Name: "OLM", ID: 102, Start: 143, Count: 44},
	},
	Projections: []store.NeuroH5Projection{{Source: "STIM", Destination: "PYR"}, {Source: "PYR", Destination: "PYR"}},
}

// smallSWC is a layered tree: a soma of two points, an apical branch
// that forks, a basal dendrite.
const smallSWC = `# id type x y z radius parent layer
1 1 0 0 0 5 -1 6
2 1 0 5 0 5 1 6
3 4 0 10 0 1 2 8
4 4 0 20 0 1 3 8
5 4 5 25 0 0.5 4 9
6 4 -5 25 0 0.5 4 9
7 3 0 -5 0 1 1 5
8 3 0 -10 0.5 1 7 5
`

func readSmallSWC(t *testing.T) *Tree {
	t.Helper()
	tr, err := ReadSWC(strings.NewReader(smallSWC))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestNeuroH5FilesRoundTrip writes trees, synapse attributes and
// connections through the NeuroH5 layouts and reads them back equal:
// cells out of gid order, a cell without synapses, destinations with
// gaps (several DBS blocks), a destination without edges of one source.
func TestNeuroH5FilesRoundTrip(t *testing.T) {
	tree := readSmallSWC(t)
	other := tree.Clone()
	other.X[3] = 42
	syn := func(n int, shift uint8) *SynapseAttributes {
		a := &SynapseAttributes{SynIDs: []uint32{}, SynLocs: []float32{}, SynSecs: []uint32{}, SynLayers: []int8{}, SynTypes: []uint8{}, SWCTypes: []uint8{}, SynCdistsUm: []float32{}}
		for i := range n {
			a.add(float64(i)/float64(n+1), 10*float64(i)+0.5, i%3, int(shift)+i%4, i%2, 1+int(shift)+i%3)
		}
		return a
	}
	edges := func(src string, first uint32, n int) *Edges {
		e := &Edges{Source: src}
		for i := range n {
			e.SourceGids = append(e.SourceGids, first+uint32(i/2))
			e.SynIDs = append(e.SynIDs, uint32(n-1-i))
			e.DistanceUm = append(e.DistanceUm, float32(i)*1.25)
		}
		return e
	}
	for _, c := range []struct {
		name  string
		trees map[int]*Tree
		syns  map[int]*SynapseAttributes
		conns []*Connections
	}{
		{name: "trees", trees: map[int]*Tree{12: tree, 10: other, 89: tree}},
		{name: "synapses", syns: map[int]*SynapseAttributes{12: syn(7, 0), 10: syn(0, 1), 11: syn(3, 2)}},
		{name: "connections", conns: []*Connections{
			{Gid: 13, Edges: []*Edges{edges("PVBC", 90, 5), edges("STIM", 0, 2)}},
			{Gid: 10, Edges: []*Edges{edges("PVBC", 100, 3), edges("STIM", 9, 1)}},
			{Gid: 11, Edges: []*Edges{edges("STIM", 3, 4)}},
			{Gid: 20, Edges: []*Edges{edges("PVBC", 142, 1), {Source: "STIM", SourceGids: []uint32{}, SynIDs: []uint32{}, DistanceUm: []float32{}}}},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := store.NeuroH5File{Types: smallTypes}
			if c.trees != nil {
				var gids []int
				var trees []*Tree
				for g, tr := range c.trees {
					gids, trees = append(gids, g), append(trees, tr)
				}
				ft, err := TreesNeuroH5("PYR", 10, gids, trees)
				if err != nil {
					t.Fatal(err)
				}
				f.Trees = append(f.Trees, ft)
			}
			if c.syns != nil {
				var gids []int
				var syns []*SynapseAttributes
				for g, s := range c.syns {
					gids, syns = append(gids, g), append(syns, s)
				}
				ns, err := SynapsesNeuroH5("PYR", 10, gids, syns)
				if err != nil {
					t.Fatal(err)
				}
				f.Namespaces = append(f.Namespaces, ns)
			}
			if c.conns != nil {
				prj, err := ProjectionsNeuroH5(smallTypes, "PYR", c.conns)
				if err != nil {
					t.Fatal(err)
				}
				f.Projections = prj
			}
			path := filepath.Join(t.TempDir(), "cells.h5")
			if err := store.WriteNeuroH5File(path, &f, &store.Options{NoSync: true}); err != nil {
				t.Fatal(err)
			}
			if c.trees != nil {
				got, err := ReadTrees(path, "PYR")
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, c.trees) {
					t.Errorf("trees:\n got %+v\nwant %+v", got, c.trees)
				}
			}
			if c.syns != nil {
				got, err := ReadSynapseAttributes(path, "PYR")
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, c.syns) {
					t.Errorf("synapses:\n got %+v\nwant %+v", got, c.syns)
				}
			}
			if c.conns != nil {
				got, err := ReadConnections(path, "PYR")
				if err != nil {
					t.Fatal(err)
				}
				// ReadConnections: by gid, sources sorted by name.
				want := []*Connections{c.conns[1], c.conns[2], c.conns[0], c.conns[3]}
				if !reflect.DeepEqual(got, want) {
					for k := range got {
						t.Logf("got %d: %+v", got[k].Gid, got[k].Edges)
					}
					t.Errorf("connections differ")
				}
				byGid, err := ReadEdges(path, "PYR")
				if err != nil {
					t.Fatal(err)
				}
				if len(byGid) != 4 || !reflect.DeepEqual(byGid[20], c.conns[3].Edges) {
					t.Errorf("ReadEdges: %d gids, gid 20 %+v", len(byGid), byGid[20])
				}
				// Gids 10, 11, 13 and 20 of PYR (start 10): STIM blocks
				// 0-1, 3, 10; PVBC (no edges into 11) 0, 3, 10.
				e, err := store.ReadNeuroH5Edges(path, "STIM", "PYR")
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(e.BlockIndex, []uint32{0, 3, 10}) || !reflect.DeepEqual(e.BlockPointer, []uint64{0, 2, 3, 5}) {
					t.Errorf("STIM -> PYR blocks %v %v", e.BlockIndex, e.BlockPointer)
				}
			}
		})
	}
}

// TestNeuroH5FilesBadInput: what the writers refuse and what the readers
// say of files that lack or mistype a dataset.
func TestNeuroH5FilesBadInput(t *testing.T) {
	tree := readSmallSWC(t)
	if _, err := TreesNeuroH5("PYR", 10, []int{9}, []*Tree{tree}); err == nil || !strings.Contains(err.Error(), "below the population's start") {
		t.Errorf("gid below start: %v", err)
	}
	unsorted := []*Connections{{Gid: 10, Edges: []*Edges{{Source: "STIM", SourceGids: []uint32{3, 1}, SynIDs: []uint32{0, 1}, DistanceUm: []float32{1, 2}}}}}
	if _, err := ProjectionsNeuroH5(smallTypes, "PYR", unsorted); err == nil || !strings.Contains(err.Error(), "not sorted") {
		t.Errorf("unsorted sources: %v", err)
	}
	outside := []*Connections{{Gid: 10, Edges: []*Edges{{Source: "STIM", SourceGids: []uint32{10}, SynIDs: []uint32{0}, DistanceUm: []float32{1}}}}}
	if _, err := ProjectionsNeuroH5(smallTypes, "PYR", outside); err == nil || !strings.Contains(err.Error(), "source gid 10 is not in STIM [0, 10)") {
		t.Errorf("source outside its population: %v", err)
	}

	write := func(t *testing.T, f store.NeuroH5File) string {
		t.Helper()
		f.Types = smallTypes
		path := filepath.Join(t.TempDir(), "cells.h5")
		if err := store.WriteNeuroH5File(path, &f, &store.Options{NoSync: true}); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good, err := SynapsesNeuroH5("PYR", 10, []int{10}, []*SynapseAttributes{{SynIDs: []uint32{0}, SynLocs: []float32{0.5}, SynSecs: []uint32{1}, SynLayers: []int8{5}, SynTypes: []uint8{0}, SWCTypes: []uint8{3}, SynCdistsUm: []float32{3}}})
	if err != nil {
		t.Fatal(err)
	}
	synWith := func(edit func(ns *store.NeuroH5Namespace)) store.NeuroH5File {
		ns := good
		ns.Attributes = append([]store.NeuroH5Attribute(nil), good.Attributes...)
		edit(&ns)
		return store.NeuroH5File{Namespaces: []store.NeuroH5Namespace{ns}}
	}
	ft, err := TreesNeuroH5("PYR", 10, []int{10}, []*Tree{tree})
	if err != nil {
		t.Fatal(err)
	}
	badSections := ft
	badSections.Sections = append([]uint16{}, ft.Sections...)
	badSections.Sections[0] = 9 // nine sections claimed
	badParent := ft
	badParent.Parent = append([]int32{}, ft.Parent...)
	badParent.Parent[3] = 8
	prj, err := ProjectionsNeuroH5(smallTypes, "PYR", []*Connections{{Gid: 10, Edges: []*Edges{{Source: "STIM", SourceGids: []uint32{1}, SynIDs: []uint32{0}, DistanceUm: []float32{1}}}}})
	if err != nil {
		t.Fatal(err)
	}
	noDistance := prj[0]
	noDistance.Attributes = noDistance.Attributes[:1]
	intDistance := prj[0]
	intDistance.Attributes = []store.NeuroH5EdgeAttribute{prj[0].Attributes[0], {Namespace: "Connections", Name: "distance", Values: []uint32{1}}}

	for _, c := range []struct {
		name string
		file store.NeuroH5File
		read func(path string) error
		want string
	}{
		{"no trees", store.NeuroH5File{Namespaces: []store.NeuroH5Namespace{good}}, func(p string) error { _, err := ReadTrees(p, "PYR"); return err },
			"no group /Populations/PYR/Trees"},
		{"section vector", store.NeuroH5File{Trees: []store.NeuroH5Trees{badSections}}, func(p string) error { _, err := ReadTrees(p, "PYR"); return err },
			"/Populations/PYR/Trees gid 10: dataset Section: the vector of 16 values ends in section 5 of 9"},
		{"parent point", store.NeuroH5File{Trees: []store.NeuroH5Trees{badParent}}, func(p string) error { _, err := ReadTrees(p, "PYR"); return err },
			"dataset Parent Point: 8 of point 3: the cell has 8 points"},
		{"no synapses", store.NeuroH5File{Trees: []store.NeuroH5Trees{ft}}, func(p string) error { _, err := ReadSynapseAttributes(p, "PYR"); return err },
			`no namespace "Synapse Attributes" in /Populations/PYR`},
		{"missing swc_types", synWith(func(ns *store.NeuroH5Namespace) { ns.Attributes = ns.Attributes[:6] }),
			func(p string) error { _, err := ReadSynapseAttributes(p, "PYR"); return err },
			"no attribute /Populations/PYR/Synapse Attributes/swc_types"},
		{"float64 syn_locs", synWith(func(ns *store.NeuroH5Namespace) { ns.Attributes[1].Values = []float64{0.5} }),
			func(p string) error { _, err := ReadSynapseAttributes(p, "PYR"); return err },
			"/Populations/PYR/Synapse Attributes/syn_locs holds []float64, want []float32"},
		{"short syn_secs", synWith(func(ns *store.NeuroH5Namespace) {
			ns.Attributes[3] = store.NeuroH5Attribute{Name: "syn_secs", Index: []uint32{0}, Pointer: []uint64{0, 0}, Values: []uint32{}}
		}), func(p string) error { _, err := ReadSynapseAttributes(p, "PYR"); return err },
			"/Populations/PYR/Synapse Attributes/syn_secs: gid 10: 0 values, syn_ids has 1"},
		{"no distance", store.NeuroH5File{Projections: []store.NeuroH5Edges{noDistance}}, func(p string) error { _, err := ReadConnections(p, "PYR"); return err },
			"/Projections/PYR/STIM: no edge attribute Connections/distance"},
		{"integer distance", store.NeuroH5File{Projections: []store.NeuroH5Edges{intDistance}}, func(p string) error { _, err := ReadConnections(p, "PYR"); return err },
			"/Projections/PYR/STIM/Connections/distance holds []uint32, want []float32"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := write(t, c.file)
			err := c.read(path)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
	if _, err := ReadTrees(filepath.Join(t.TempDir(), "none.h5"), "PYR"); err == nil {
		t.Error("no error for a missing file")
	}
}

package miv

import (
	"cmp"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"
)

// neuroh5RefDir holds what neuroh5 itself (github.com/iraikov/neuroh5,
// built by scripts/miv-ref/install_neuroh5.sh) read from Golgi's
// construction files and the files its writers wrote
// (scripts/miv-ref/neuroh5_ref.sh).
const neuroh5RefDir = "testdata/neuroh5"

// nh5Array is an array as neuroh5_ref.py records it: numpy's dtype
// string, the length and the SHA-256 of the little-endian bytes.
type nh5Array struct {
	Dtype  string `json:"dtype"`
	N      int    `json:"n"`
	SHA256 string `json:"sha256"`
}

// nh5Read is what neuroh5.io returned for Golgi's files, by population
// (trees, attributes) or destination and source population (edges),
// then gid.
type nh5Read struct {
	Ranks       int
	Populations map[string][2]uint64
	Attributes  map[string]map[string]map[string]map[string]nh5Array
	Trees       map[string]map[string]map[string]nh5Array
	Edges       map[string]map[string]map[string]map[string]nh5Array
}

// nh5Of records a typed slice as neuroh5_ref.py does.
func nh5Of(v any) nh5Array {
	var dtype string
	switch v.(type) {
	case []float32:
		dtype = "<f4"
	case []uint32:
		dtype = "<u4"
	case []int32:
		dtype = "<i4"
	case []uint16:
		dtype = "<u2"
	case []int8:
		dtype = "|i1"
	case []uint8:
		dtype = "|u1"
	default:
		panic(fmt.Sprintf("nh5Of: %T", v))
	}
	h := sha256.New()
	if err := binary.Write(h, binary.LittleEndian, v); err != nil {
		panic(err)
	}
	return nh5Array{Dtype: dtype, N: reflect.ValueOf(v).Len(), SHA256: hex.EncodeToString(h.Sum(nil))}
}

// nh5Expected is what neuroh5 must read from the files Golgi writes for
// construction n: every population's range, Generated Coordinates and
// Arc Distances of every cell, and the Synapse Attributes, Trees (the
// stored vectors, sections flattened as [nsec, n_0, p..., ...]) and
// edges of n's gids.
func nh5Expected(t *testing.T, cfg *Config, n *Construction) nh5Read {
	t.Helper()
	types, err := cfg.H5Types()
	if err != nil {
		t.Fatal(err)
	}
	want := nh5Read{Populations: map[string][2]uint64{}, Attributes: map[string]map[string]map[string]map[string]nh5Array{},
		Trees: map[string]map[string]map[string]nh5Array{}, Edges: map[string]map[string]map[string]map[string]nh5Array{}}
	popOf := map[int]string{}
	for _, p := range types.Populations {
		want.Populations[p.Name] = [2]uint64{p.Start, uint64(p.Count)}
		for g := range int(p.Count) {
			popOf[int(p.Start)+g] = p.Name
		}
	}
	ns := func(pop, name string) map[string]map[string]nh5Array {
		if want.Attributes[pop] == nil {
			want.Attributes[pop] = map[string]map[string]map[string]nh5Array{}
		}
		if want.Attributes[pop][name] == nil {
			want.Attributes[pop][name] = map[string]map[string]nh5Array{}
		}
		return want.Attributes[pop][name]
	}
	one := func(x float32) nh5Array { return nh5Of([]float32{x}) }
	for _, ps := range n.Placed {
		for k, s := range ps.Somata {
			g := strconv.Itoa(int(ps.Start) + k)
			ns(ps.Population, NamespaceCoordinates)[g] = map[string]nh5Array{
				"X Coordinate": one(s.U), "Y Coordinate": one(s.V), "Z Coordinate": one(s.L),
				"U Coordinate": one(s.U), "V Coordinate": one(s.V), "L Coordinate": one(s.L)}
		}
	}
	for _, a := range n.Arcs {
		for k := range a.UUm {
			ns(a.Population, NamespaceArcDistances)[strconv.Itoa(int(a.Start)+k)] = map[string]nh5Array{
				"U Distance": one(a.UUm[k]), "V Distance": one(a.VUm[k])}
		}
	}
	for pop, gids := range n.Gids {
		tr := n.Trees[pop]
		sec := []uint16{uint16(len(tr.Sections))}
		for _, s := range tr.Sections {
			sec = append(sec, uint16(len(s)))
			for _, p := range s {
				sec = append(sec, uint16(p))
			}
		}
		want.Trees[pop] = map[string]map[string]nh5Array{}
		for k, gid := range gids {
			g := strconv.Itoa(gid)
			want.Trees[pop][g] = map[string]nh5Array{"x": nh5Of(tr.X), "y": nh5Of(tr.Y), "z": nh5Of(tr.Z),
				"radius": nh5Of(tr.Radius), "layer": nh5Of(tr.Layer), "parent": nh5Of(tr.Parent), "swc_type": nh5Of(tr.SWCType),
				"sections": nh5Of(sec), "src": nh5Of(tr.Src), "dst": nh5Of(tr.Dst)}
			syn := map[string]nh5Array{}
			for j, v := range n.Synapses[pop][k].values() {
				syn[synapseAttributeNames[j]] = nh5Of(v)
			}
			ns(pop, "Synapse Attributes")[g] = syn
			for _, e := range n.Edges[gid] {
				if want.Edges[pop] == nil {
					want.Edges[pop] = map[string]map[string]map[string]nh5Array{}
				}
				if want.Edges[pop][e.Source] == nil {
					want.Edges[pop][e.Source] = map[string]map[string]nh5Array{}
				}
				want.Edges[pop][e.Source][g] = map[string]nh5Array{"sources": nh5Of(e.SourceGids),
					"Synapses/syn_id": nh5Of(e.SynIDs), "Connections/distance": nh5Of(e.DistanceUm)}
				for _, s := range e.SourceGids {
					if popOf[int(s)] != e.Source {
						t.Fatalf("gid %d <- %s: source gid %d is not of %s", gid, e.Source, s, e.Source)
					}
				}
			}
		}
	}
	return want
}

// diffNH5 reports every array of want that got lacks or records
// differently, and every array of got that want lacks, by path.
func diffNH5(t *testing.T, what string, got, want any) {
	t.Helper()
	var walk func(path string, g, w reflect.Value)
	bad := 0
	walk = func(path string, g, w reflect.Value) {
		if w.Kind() != reflect.Map {
			if !reflect.DeepEqual(g.Interface(), w.Interface()) {
				if bad++; bad <= 20 {
					t.Errorf("%s %s: neuroh5 %+v, Golgi %+v", what, path, g.Interface(), w.Interface())
				}
			}
			return
		}
		keys := map[string]bool{}
		for _, k := range w.MapKeys() {
			keys[k.String()] = true
		}
		for _, k := range g.MapKeys() {
			keys[k.String()] = true
		}
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			gv, wv := g.MapIndex(reflect.ValueOf(k)), w.MapIndex(reflect.ValueOf(k))
			switch {
			case !gv.IsValid():
				if bad++; bad <= 20 {
					t.Errorf("%s %s/%s: Golgi has it, neuroh5 did not read it", what, path, k)
				}
			case !wv.IsValid():
				if bad++; bad <= 20 {
					t.Errorf("%s %s/%s: neuroh5 read it, Golgi has none", what, path, k)
				}
			default:
				walk(path+"/"+k, gv, wv)
			}
		}
	}
	walk("", reflect.ValueOf(got), reflect.ValueOf(want))
	if bad > 20 {
		t.Errorf("%s: %d differences in all", what, bad)
	}
}

// TestNeuroH5ReadsGolgiFiles (SPEC 8 check 9): neuroh5.io itself,
// reading the cells.h5 and connections.h5 that golgi miv network writes
// for Microcircuit_Small's first 2 gids of each population
// (scripts/miv-ref/neuroh5_ref.sh), returns exactly the construction
// Golgi builds now: population ranges (read_population_ranges), every
// cell's Generated Coordinates and Arc Distances and the Synapse
// Attributes of the 6 cells (read_cell_attributes), the trees' stored
// vectors (read_trees, topology=False) and the 20 projections' edges
// with syn_id and distance (read_graph), every array bit for bit (same
// dtype, length and bytes). The 2-rank run (scatter_read_*) read the
// same.
func TestNeuroH5ReadsGolgiFiles(t *testing.T) {
	refs := []string{filepath.Join(neuroh5RefDir, "golgi_read_np1.json.gz"), filepath.Join(neuroh5RefDir, "golgi_read_np2.json.gz")}
	for _, p := range refs {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("no %s: scripts/miv-ref/neuroh5_ref.sh writes it", p)
		}
	}
	cfg, dir := loadSmall(t)
	n, err := cfg.Construct(ConstructOptions{Workers: 1, First: 2,
		MorphologyDir: filepath.Join(dir, "datasets"), TemplatesDir: filepath.Join(dir, "templates")})
	if err != nil {
		t.Fatal(err)
	}
	want := nh5Expected(t, cfg, n)
	for i, p := range refs {
		var got nh5Read
		if err := json.Unmarshal(readGz(t, p), &got); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if got.Ranks != i+1 {
			t.Errorf("%s: read on %d ranks, want %d", p, got.Ranks, i+1)
		}
		what := fmt.Sprintf("neuroh5 on %d rank(s):", got.Ranks)
		diffNH5(t, what+" population ranges", got.Populations, want.Populations)
		diffNH5(t, what+" cell attributes", got.Attributes, want.Attributes)
		diffNH5(t, what+" trees", got.Trees, want.Trees)
		diffNH5(t, what+" edges", got.Edges, want.Edges)
		nEdges := 0
		for _, srcs := range got.Edges {
			for _, by := range srcs {
				nEdges += len(by)
			}
		}
		if len(got.Trees) != 3 || nEdges != 20 {
			t.Errorf("%s %d populations with trees, %d edge sets: want 3 and 20", what, len(got.Trees), nEdges)
		}
	}
}

// TestNeuroH5TreeTopology: neuroh5's read_trees with topology=True, as
// MiV-Simulator reads its trees, on the cells.h5 of
// TestNeuroH5ReadsGolgiFiles, gives each point the section Golgi puts it
// in (the first section listing it), the points of every section, and
// the topology's src, dst and loc (the connection points, which the
// file does not store and ReadTrees recomputes) of Golgi's trees. The
// reference comes from neuroh5 4937699: later commits (6f26369) assert
// 1-based section points and abort on these 0-based trees, as on the
// trees neurotrees_import makes from the cases' SWC files.
func TestNeuroH5TreeTopology(t *testing.T) {
	p := filepath.Join(neuroh5RefDir, "golgi_topology.json.gz")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("no %s: scripts/miv-ref/neuroh5_ref.sh writes it", p)
	}
	cfg, dir := loadSmall(t)
	n, err := cfg.Construct(ConstructOptions{Workers: 1, First: 2,
		MorphologyDir: filepath.Join(dir, "datasets"), TemplatesDir: filepath.Join(dir, "templates")})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]map[string]nh5Array{}
	for pop, gids := range n.Gids {
		tr := n.Trees[pop]
		rec := map[string]nh5Array{"src": nh5Of(tr.Src), "dst": nh5Of(tr.Dst), "loc": nh5Of(tr.Loc)}
		sec := make([]uint16, len(tr.X))
		seen := make([]bool, len(tr.X))
		for k, s := range tr.Sections {
			rec["nodes/"+strconv.Itoa(k)] = nh5Of(s)
			for _, q := range s {
				if !seen[q] {
					seen[q], sec[q] = true, uint16(k)
				}
			}
		}
		rec["section"] = nh5Of(sec)
		want[pop] = map[string]map[string]nh5Array{}
		for _, gid := range gids {
			want[pop][strconv.Itoa(gid)] = rec
		}
	}
	var got struct {
		Trees map[string]map[string]map[string]nh5Array
	}
	if err := json.Unmarshal(readGz(t, p), &got); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	diffNH5(t, "neuroh5 read_trees(topology=True):", got.Trees, want)
	if len(got.Trees) != 3 || len(got.Trees["PYR"]) != 2 || len(got.Trees["PYR"]["10"]) != 167+4 {
		t.Errorf("neuroh5 read %d populations' trees, PYR %d, PYR 10's %d arrays: want 3, 2 and 171", len(got.Trees), len(got.Trees["PYR"]), len(got.Trees["PYR"]["10"]))
	}
}

// TestNeuroH5ReadsGolgiGapJunctions (SPEC 8 check 9, SPEC 2.9): neuroh5's
// read_graph, and scatter_read_graph on 2 ranks, with the namespaces
// Location and Coupling strength (as MiV reads its gap junctions), on the
// gapjunctions.h5 golgi miv network writes for 6-gapjunctions, return
// Config.GapJunctions' 140 PYR-PYR junctions: per destination the
// sources in ascending order, sections (uint32), positions and couplings
// (float32) bit for bit.
func TestNeuroH5ReadsGolgiGapJunctions(t *testing.T) {
	refs := []string{filepath.Join(neuroh5RefDir, "golgi_gapjunctions_np1.json.gz"), filepath.Join(neuroh5RefDir, "golgi_gapjunctions_np2.json.gz")}
	for _, p := range refs {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("no %s: scripts/miv-ref/neuroh5_ref.sh writes it", p)
		}
	}
	cfg, somata, trees := loadGap(t)
	sets, err := cfg.GapJunctions(somata, trees)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]map[string]map[string]nh5Array{}
	n := 0
	for _, set := range sets {
		by := map[int][]GapJunction{}
		for _, j := range set.Junctions {
			by[j.DestinationGid] = append(by[j.DestinationGid], j)
			n++
		}
		if want[set.Destination] == nil {
			want[set.Destination] = map[string]map[string]map[string]nh5Array{}
		}
		want[set.Destination][set.Source] = map[string]map[string]nh5Array{}
		for dst, js := range by {
			slices.SortStableFunc(js, func(a, b GapJunction) int { return cmp.Compare(a.SourceGid, b.SourceGid) })
			var src, ssec, dsec []uint32
			var spos, dpos, sc, dc []float32
			for _, j := range js {
				src, ssec, dsec = append(src, uint32(j.SourceGid)), append(ssec, uint32(j.SourceSection)), append(dsec, uint32(j.DestinationSection))
				spos, dpos = append(spos, float32(j.SourcePosition)), append(dpos, float32(j.DestinationPosition))
				sc, dc = append(sc, float32(j.SourceCoupling)), append(dc, float32(j.DestinationCoupling))
			}
			want[set.Destination][set.Source][strconv.Itoa(dst)] = map[string]nh5Array{"sources": nh5Of(src),
				"Location/Source section": nh5Of(ssec), "Location/Source position": nh5Of(spos),
				"Location/Destination section": nh5Of(dsec), "Location/Destination position": nh5Of(dpos),
				"Coupling strength/Source": nh5Of(sc), "Coupling strength/Destination": nh5Of(dc)}
		}
	}
	if n != 140 {
		t.Fatalf("%d gap junctions, want 140", n)
	}
	for i, p := range refs {
		var got struct {
			Ranks int
			Edges map[string]map[string]map[string]map[string]nh5Array
		}
		if err := json.Unmarshal(readGz(t, p), &got); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if got.Ranks != i+1 {
			t.Errorf("%s: read on %d ranks, want %d", p, got.Ranks, i+1)
		}
		diffNH5(t, fmt.Sprintf("neuroh5 on %d rank(s): gap junctions", got.Ranks), got.Edges, want)
	}
}

// gunzipTo writes the gzip file src decompressed to dst.
func gunzipTo(t *testing.T, src, dst string) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		out.Close()
		t.Fatalf("%s: %v", src, err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestReadNeuroH5WrittenFiles (SPEC 8 check 9, the other way): the
// construction files of Microcircuit_Small's first gid of each
// population as neuroh5's own writers wrote them, called as MiV's
// construction calls them (scripts/miv-ref/neuroh5_ref.sh: /H5Types with
// h5py as make_h5types writes it; Trees by neurotrees_import of the
// case's SWC files and neurotrees_copy; Generated Coordinates, Arc
// Distances and Synapse Attributes by append_cell_attributes; the
// projections by append_graph), read with ReadConstruction, equal the
// construction Golgi builds: somata, arc distances, the trees
// (neurotrees_import's SWC import = Golgi's), synapses and edges.
func TestReadNeuroH5WrittenFiles(t *testing.T) {
	cellsGz, connsGz := filepath.Join(neuroh5RefDir, "neuroh5_cells.h5.gz"), filepath.Join(neuroh5RefDir, "neuroh5_connections.h5.gz")
	for _, p := range []string{cellsGz, connsGz} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("no %s: scripts/miv-ref/neuroh5_ref.sh writes it", p)
		}
	}
	cfg, dir := loadSmall(t)
	n, err := cfg.Construct(ConstructOptions{Workers: 1, First: 1,
		MorphologyDir: filepath.Join(dir, "datasets"), TemplatesDir: filepath.Join(dir, "templates")})
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	cells, conns := filepath.Join(tmp, "cells.h5"), filepath.Join(tmp, "connections.h5")
	gunzipTo(t, cellsGz, cells)
	gunzipTo(t, connsGz, conns)
	rc, err := cfg.ReadConstruction(cells, conns)
	if err != nil {
		t.Fatal(err)
	}
	// The files store no soma layer (ReadSomata leaves it empty).
	placed := slices.Clone(n.Placed)
	for i := range placed {
		placed[i].Somata = slices.Clone(placed[i].Somata)
		for k := range placed[i].Somata {
			placed[i].Somata[k].Layer = ""
		}
	}
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"Somata", rc.Somata, n.Somata}, {"Placed", rc.Placed, placed}, {"Arcs", rc.Arcs, n.Arcs}, {"Origin", rc.Origin, n.Origin},
		{"Gids", rc.Gids, n.Gids}, {"Trees", rc.Trees, n.Trees}, {"Synapses", rc.Synapses, n.Synapses},
		{"Edges", canonicalEdges(t, rc.Edges), canonicalEdges(t, n.Edges)},
	} {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("ReadConstruction of neuroh5's files: %s differ from Golgi's construction", f.name)
		}
	}
	nEdges := 0
	for _, es := range rc.Edges {
		nEdges += len(es)
	}
	if len(rc.Trees) != 3 || nEdges != 10 {
		t.Errorf("read %d trees and %d edge sets, want 3 and 10", len(rc.Trees), nEdges)
	}
}

// canonicalEdges returns a copy of edges with the edges of every
// projection into a cell ordered by (source gid, syn_id), failing the
// test unless they come sorted by source gid. neuroh5's append_graph
// sorts each destination's edges by source with std::sort (not stable),
// so edges from one source may come in another syn_id order than the
// one they were given in; Golgi keeps the order it made them in.
func canonicalEdges(t *testing.T, edges map[int][]*Edges) map[int][]*Edges {
	t.Helper()
	out := make(map[int][]*Edges, len(edges))
	for gid, es := range edges {
		for _, e := range es {
			if !slices.IsSorted(e.SourceGids) {
				t.Errorf("gid %d <- %s: sources not sorted", gid, e.Source)
			}
			idx := make([]int, len(e.SourceGids))
			for i := range idx {
				idx[i] = i
			}
			slices.SortFunc(idx, func(a, b int) int {
				if c := cmp.Compare(e.SourceGids[a], e.SourceGids[b]); c != 0 {
					return c
				}
				return cmp.Compare(e.SynIDs[a], e.SynIDs[b])
			})
			c := &Edges{Source: e.Source, SourceGids: make([]uint32, len(idx)), SynIDs: make([]uint32, len(idx)), DistanceUm: make([]float32, len(idx))}
			for i, j := range idx {
				c.SourceGids[i], c.SynIDs[i], c.DistanceUm[i] = e.SourceGids[j], e.SynIDs[j], e.DistanceUm[j]
			}
			out[gid] = append(out[gid], c)
		}
	}
	return out
}

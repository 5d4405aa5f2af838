package miv

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	// The neocortex set registers a density mechanism Ca, as the full
	// golgi binary links it: PVBasketCell's stray cao_iconc_Ca must
	// stay a hoc variable (sim/hoc's inSets).
	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/neocortexv5"

	"github.com/golgi-sim/golgi/sim/store"
)

// TestNetworkFiles constructs Microcircuit_Small's network for the first
// two gids of each population, once with Construct on one worker and
// once with golgi miv network on two, and checks: both cells.h5 and both
// connections.h5 are byte-identical (SPEC 8 check 15); the command
// reported progress; the files read back (ReadTrees, ReadSynapseAttributes,
// ReadConnections, and all of them through ReadConstruction) equal the
// construction in memory, every tree the population's SWC tree
// (neurotrees_copy --fill); h5py, decoding the files as neuroh5's
// readers do (networkH5py's script), finds the same values.
func TestNetworkFiles(t *testing.T) {
	cfg, dir := loadSmall(t)
	conf := filepath.Join(dir, "config", "Microcircuit_Small.yaml")
	d1, d2 := t.TempDir(), t.TempDir()
	n, err := cfg.Construct(ConstructOptions{Workers: 1, First: 2,
		MorphologyDir: filepath.Join(dir, "datasets"), TemplatesDir: filepath.Join(dir, "templates"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Write(cfg, filepath.Join(d1, "cells.h5"), filepath.Join(d1, "connections.h5"), &store.Options{NoSync: true}); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := cmdNetwork([]string{conf, "-cells", filepath.Join(d2, "cells.h5"), "-connections", filepath.Join(d2, "connections.h5"), "-first", "2", "-threads", "2"}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	for _, f := range []string{"cells.h5", "connections.h5"} {
		a, err1 := os.ReadFile(filepath.Join(d1, f))
		b, err2 := os.ReadFile(filepath.Join(d2, f))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between 1 and 2 threads", f)
		}
	}
	for _, want := range []string{"PYR: synapses: 2/2 cells", "OLM: connections: 2/2 cells", "writing"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, stderr.String())
		}
	}
	if want := "PVBC   <- STIM   2 destinations"; !strings.Contains(stdout.String(), want) {
		t.Errorf("summary lacks %q:\n%s", want, stdout.String())
	}

	cells, conns := filepath.Join(d1, "cells.h5"), filepath.Join(d1, "connections.h5")
	for _, pop := range []string{"PYR", "PVBC", "OLM"} {
		gids := n.Gids[pop]
		if len(gids) != 2 {
			t.Fatalf("%s: gids %v", pop, gids)
		}
		tree, err := ReadSWCFile(filepath.Join(dir, "datasets", pop+".swc"))
		if err != nil {
			t.Fatal(err)
		}
		trees, err := ReadTrees(cells, pop)
		if err != nil {
			t.Fatal(err)
		}
		syns, err := ReadSynapseAttributes(cells, pop)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ReadConnections(conns, pop)
		if err != nil {
			t.Fatal(err)
		}
		if len(trees) != 2 || len(syns) != 2 || len(got) != 2 {
			t.Fatalf("%s: %d trees, %d synapse sets, %d connections: want 2", pop, len(trees), len(syns), len(got))
		}
		for k, g := range gids {
			if !reflect.DeepEqual(trees[g], tree) {
				t.Errorf("%s gid %d: the tree read differs from %s.swc", pop, g, pop)
			}
			if !reflect.DeepEqual(syns[g], n.Synapses[pop][k]) {
				t.Errorf("%s gid %d: the synapses read differ", pop, g)
			}
			if got[k].Gid != g || !reflect.DeepEqual(got[k].Edges, n.Edges[g]) {
				t.Errorf("%s gid %d: the connections read differ", pop, g)
			}
		}
	}
	somata, err := cfg.ReadSomata(cells)
	if err != nil {
		t.Fatal(err)
	}
	for i, ps := range somata {
		for k, s := range ps.Somata {
			w := n.Placed[i].Somata[k]
			if s.U != w.U || s.V != w.V || s.L != w.L || s.Gid != w.Gid {
				t.Fatalf("%s soma %d: read %+v, built %+v", ps.Population, k, s, w)
			}
		}
	}
	rc, err := cfg.ReadConstruction(cells, conns)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"Somata", rc.Somata, n.Somata}, {"Trees", rc.Trees, n.Trees}, {"Synapses", rc.Synapses, n.Synapses},
		{"Edges", rc.Edges, n.Edges}, {"Arcs", rc.Arcs, n.Arcs}, {"Origin", rc.Origin, n.Origin}, {"Gids", rc.Gids, n.Gids},
	} {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("ReadConstruction: %s differ from the construction written", f.name)
		}
	}
	checkNetworkH5py(t, n, cells, conns)
}

// networkH5py decodes cells.h5 and connections.h5 with h5py by SPEC
// 2.8's pointer arithmetic, as neuroh5's readers do: per population the
// Trees of every cell (the namespace's Cell Index, X Coordinate's
// Attribute Pointer, Source Section's and Section's Section Pointers,
// the flat section vector), each Synapse Attributes attribute through
// its own Cell Index and Attribute Pointer, and every projection's DBS
// blocks (Destination Block Index/Pointer, Destination Pointer, Source
// Index relative to the population starts). It prints JSON by gid.
const networkH5py = `
import json, sys
import h5py, numpy as np

cells, conns = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
labels = h5py.check_enum_dtype(cells["H5Types/Population labels"].dtype)
ids = dict((v, k) for k, v in labels.items())
start = dict((ids[int(r["Population"])], int(r["Start"])) for r in cells["H5Types/Populations"][:])
out = {"trees": {}, "synapses": {}, "edges": {}}
point = ["X Coordinate", "Y Coordinate", "Z Coordinate", "Radius", "Point Layer", "Parent Point", "SWC Type"]
for pop in ["PYR", "PVBC", "OLM"]:
    T = cells["Populations/%s/Trees" % pop]
    idx = T["Cell Index"][:]
    ap, tp, sp = T["X Coordinate/Attribute Pointer"][:], T["Source Section/Section Pointer"][:], T["Section/Section Pointer"][:]
    for i, c in enumerate(idx):
        cell = dict((a, [float(x) for x in T[a + "/Attribute Value"][ap[i]:ap[i+1]]]) for a in point)
        cell["src"] = [int(x) for x in T["Source Section/Attribute Value"][tp[i]:tp[i+1]]]
        cell["dst"] = [int(x) for x in T["Destination Section/Attribute Value"][tp[i]:tp[i+1]]]
        v = [int(x) for x in T["Section/Attribute Value"][sp[i]:sp[i+1]]]
        secs, k = [], 1
        for s in range(v[0]):
            secs.append(v[k+1:k+1+v[k]])
            k += 1 + v[k]
        assert k == len(v)
        cell["sections"] = secs
        out["trees"][str(start[pop] + int(c))] = cell
    S = cells["Populations/%s/Synapse Attributes" % pop]
    for a in S:
        g = S[a]
        ci, p, val = g["Cell Index"][:], g["Attribute Pointer"][:], g["Attribute Value"]
        for i, c in enumerate(ci):
            d = out["synapses"].setdefault(str(start[pop] + int(c)), {})
            d[a] = [val.dtype.str] + [float(x) for x in val[p[i]:p[i+1]]]
    for src in conns["Projections/" + pop]:
        P = conns["Projections/%s/%s" % (pop, src)]
        E = P["Edges"]
        bi, bp, dp, si = E["Destination Block Index"][:], E["Destination Block Pointer"][:], E["Destination Pointer"][:], E["Source Index"][:]
        syn, dist = P["Synapses/syn_id"][:], P["Connections/distance"][:]
        for b in range(len(bi)):
            for ii, j in enumerate(range(bp[b], bp[b+1])):
                if j < len(dp) - 1:
                    lo, hi = dp[j], dp[j+1]
                    assert all(si[lo:hi][:-1] <= si[lo:hi][1:]), "sources sorted"
                    out["edges"]["%d/%s" % (start[pop] + int(bi[b]) + ii, src)] = {
                        "src": [start[src] + int(x) for x in si[lo:hi]],
                        "syn_id": [int(x) for x in syn[lo:hi]], "distance": [float(x) for x in dist[lo:hi]]}
json.dump(out, sys.stdout)
`

func checkNetworkH5py(t *testing.T, n *Construction, cells, conns string) {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skipf("%s not found: the h5py check needs python3-h5py", py)
	}
	if out, err := exec.Command(py, "-c", "import h5py, numpy").CombinedOutput(); err != nil {
		t.Skipf("h5py not importable (%v: %s)", err, out)
	}
	out, err := exec.Command(py, "-c", networkH5py, cells, conns).Output()
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
		Src      []uint32  `json:"src"`
		SynID    []uint32  `json:"syn_id"`
		Distance []float64 `json:"distance"`
	}
	var got struct {
		Trees    map[string]cell
		Synapses map[string]map[string][]any
		Edges    map[string]edge
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	f64 := func(v any) []float64 {
		out := []float64{}
		rv := reflect.ValueOf(v)
		for i := range rv.Len() {
			x := rv.Index(i)
			switch x.Kind() {
			case reflect.Float32:
				out = append(out, x.Float())
			case reflect.Int8, reflect.Int16, reflect.Int32:
				out = append(out, float64(x.Int()))
			default:
				out = append(out, float64(x.Uint()))
			}
		}
		return out
	}
	ints := func(v any) []int {
		out := []int{}
		for _, x := range f64(v) {
			out = append(out, int(x))
		}
		return out
	}
	nTrees, nSyn, nEdges := 0, 0, 0
	for pop, gids := range n.Gids {
		for k, g := range gids {
			key := strconv.Itoa(g)
			tr := n.Trees[pop] // every gid's (neurotrees_copy --fill)
			secs := [][]int{}
			for _, s := range tr.Sections {
				secs = append(secs, ints(s))
			}
			want := cell{X: f64(tr.X), Y: f64(tr.Y), Z: f64(tr.Z), Radius: f64(tr.Radius), Layer: f64(tr.Layer), Parent: f64(tr.Parent),
				SWCType: f64(tr.SWCType), Src: ints(tr.Src), Dst: ints(tr.Dst), Sections: secs}
			if !reflect.DeepEqual(got.Trees[key], want) {
				t.Errorf("h5py: the tree of %s gid %d differs", pop, g)
			}
			nTrees++
			s := n.Synapses[pop][k]
			for j, name := range synapseAttributeNames {
				v := s.values()[j]
				dtype := map[string]string{"syn_ids": "<u4", "syn_locs": "<f4", "syn_cdists": "<f4", "syn_secs": "<u4", "syn_layers": "|i1", "syn_types": "|u1", "swc_types": "|u1"}[name]
				wantVals := append([]any{dtype}, anySlice(f64(v))...)
				if !reflect.DeepEqual(got.Synapses[key][name], wantVals) {
					t.Errorf("h5py: %s of %s gid %d differ", name, pop, g)
				}
			}
			nSyn++
			for _, e := range n.Edges[g] {
				ge := got.Edges[key+"/"+e.Source]
				if !reflect.DeepEqual(ge.Src, e.SourceGids) || !reflect.DeepEqual(ge.SynID, e.SynIDs) || !reflect.DeepEqual(ge.Distance, f64(e.DistanceUm)) {
					t.Errorf("h5py: edges %s <- %s into gid %d differ", pop, e.Source, g)
				}
				nEdges++
			}
		}
	}
	if nTrees != 6 || len(got.Trees) != 6 || len(got.Synapses) != 6 || nEdges != len(got.Edges) || nEdges != 20 {
		t.Errorf("h5py: %d trees, %d synapse sets, %d edge sets; the network has %d, %d, %d", len(got.Trees), len(got.Synapses), len(got.Edges), nTrees, nSyn, nEdges)
	}
}

func anySlice(v []float64) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = x
	}
	return out
}

// TestNetworkCommandBadInput: golgi miv network refuses one file for
// both outputs and reports a missing SWC file by name, writing nothing.
func TestNetworkCommandBadInput(t *testing.T) {
	_, dir := loadSmall(t)
	conf := filepath.Join(dir, "config", "Microcircuit_Small.yaml")
	out := t.TempDir()
	cells, conns := filepath.Join(out, "cells.h5"), filepath.Join(out, "connections.h5")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"same file", []string{conf, "-cells", cells, "-connections", cells}, "name the same file"},
		{"no swc", []string{conf, "-cells", cells, "-connections", conns, "-first", "1", "-swc", filepath.Join(out, "nowhere")}, filepath.Join(out, "nowhere", "PYR.swc")},
		{"no output", []string{conf, "-cells", cells}, "usage"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := cmdNetwork(c.args, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error()+stderr.String(), c.want) {
				t.Errorf("error %v (%s), want %q", err, stderr.String(), c.want)
			}
			entries, _ := os.ReadDir(out)
			if len(entries) != 0 {
				t.Errorf("files left: %v", entries)
			}
		})
	}
}

// TestNetworkWriteFails: when connections.h5 cannot be written, neither
// file of those names changes and no temporary file stays; then a good
// write replaces cells.h5.
func TestNetworkWriteFails(t *testing.T) {
	cfg, dir := loadSmall(t)
	con, err := cfg.Construct(ConstructOptions{Workers: 1, First: 1,
		MorphologyDir: filepath.Join(dir, "datasets"), TemplatesDir: filepath.Join(dir, "templates")})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	cells := filepath.Join(out, "cells.h5")
	// The directory of connections.h5 is a file: it cannot be written.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	conns := filepath.Join(blocker, "connections.h5")
	if err := os.WriteFile(cells, []byte("old cells"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = con.Write(cfg, cells, conns, &store.Options{NoSync: true})
	if err == nil || !strings.Contains(err.Error(), "connections.h5") {
		t.Fatalf("error %v, want one naming connections.h5", err)
	}
	if b, _ := os.ReadFile(cells); string(b) != "old cells" {
		t.Errorf("cells.h5 changed: %q", b)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 {
		t.Errorf("files in the directory: %v, want cells.h5 only", entries)
	}
	conns = filepath.Join(out, "connections.h5")
	if err := con.Write(cfg, cells, conns, &store.Options{NoSync: true}); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadTrees(cells, "PYR"); err != nil || !reflect.DeepEqual(got[con.Gids["PYR"][0]], con.Trees["PYR"]) {
		t.Errorf("after a good write: %v", err)
	}
	entries, _ = os.ReadDir(out)
	if len(entries) != 2 {
		t.Errorf("files in the directory: %v, want cells.h5 and connections.h5", entries)
	}
}

package sonata

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/store"
)

// bruteEdges reads source_node_id and target_node_id of a whole edge
// population straight from the file, without the index.
func bruteEdges(t *testing.T, e *EdgePopulation) (src, tgt []uint64) {
	t.Helper()
	r, err := store.OpenH5Reader(e.File())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if src, err = r.ReadUint64("edges/"+e.Name+"/source_node_id", 0, -1); err != nil {
		t.Fatal(err)
	}
	if tgt, err = r.ReadUint64("edges/"+e.Name+"/target_node_id", 0, -1); err != nil {
		t.Fatal(err)
	}
	return src, tgt
}

// edgeCount counts, through the index, the edges and connections
// (distinct source and target pairs) onto nodes of a population, and
// checks each target's edges against a scan of target_node_id.
func edgeCount(t *testing.T, e *EdgePopulation, targets []uint64) (edges, conns int) {
	t.Helper()
	src, tgt := bruteEdges(t, e)
	for _, n := range targets {
		rs, err := e.Afferent(n)
		if err != nil {
			t.Fatal(err)
		}
		var want []uint64
		for id, tg := range tgt {
			if tg == n {
				want = append(want, uint64(id))
			}
		}
		if got := rs.IDs(); !slices.Equal(got, want) {
			t.Errorf("%s: afferent edges of %d = %v, want %v", e.Name, n, got, want)
		}
		sources, err := e.SourceNodeIDs(rs)
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range rs.IDs() {
			if sources[i] != src[id] {
				t.Errorf("%s: edge %d source %d, want %d", e.Name, id, sources[i], src[id])
			}
		}
		edges += rs.Count()
		distinct := map[uint64]bool{}
		for _, s := range sources {
			distinct[s] = true
		}
		conns += len(distinct)
	}
	return edges, conns
}

// TestEdgeCounts is SPEC section 8, check 3: afferent look-ups through
// indices/target_to_source equal a scan of the datasets, and the
// reference circuits' counts.
func TestEdgeCounts(t *testing.T) {
	for _, tc := range []struct {
		sim         string
		types       []string // edge types counted
		edges, conn int
	}{
		{"usecase3/simulation_sonata.json", []string{Chemical}, 16, 9},
		{"v5_sonata/simulation_config_mini.json", []string{Chemical}, 2204, 352},
		{"v5_gapjunctions/simulation_config.json", []string{Chemical}, 4219, 526},
		{"v5_gapjunctions/simulation_config.json", []string{Electrical}, 2, 2},
		{"neuromodulation/simulation_config.json", []string{Chemical}, 4, 2},
		{"neuromodulation/simulation_config.json", []string{Neuromodulatory}, 6, 4},
		{"sscx-v7-plasticity/simulation_config_base.json", []string{Chemical}, 49, 5},
	} {
		s := load(t, tc.sim)
		cells, err := s.Cells()
		if err != nil {
			t.Fatal(err)
		}
		edges, conns := 0, 0
		for _, e := range s.Circuit.Edges() {
			if err := e.CheckIndex(); err != nil {
				t.Errorf("%s: %v", tc.sim, err)
			}
			if !slices.Contains(tc.types, e.Type) {
				continue
			}
			for _, sel := range cells.Selections {
				if sel.Population == e.Target {
					n, c := edgeCount(t, e, sel.NodeIDs)
					edges += n
					conns += c
				}
			}
		}
		if edges != tc.edges || conns != tc.conn {
			t.Errorf("%s %v: %d edges in %d connections, want %d in %d", tc.sim, tc.types, edges, conns, tc.edges, tc.conn)
		}
	}
}

// TestEdgesPerTarget checks per-target counts of SPEC 7.1 and 7.3.
func TestEdgesPerTarget(t *testing.T) {
	s := load(t, "v5_sonata/simulation_config_mini.json")
	ext := s.Circuit.Edge("external_default")
	var got []int
	for n := uint64(0); n < 5; n++ {
		rs, err := ext.Afferent(n)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, rs.Count())
	}
	if want := []int{105, 147, 359, 1138, 431}; !slices.Equal(got, want) {
		t.Errorf("v5 external_default per target %v, want %v", got, want)
	}
	if ext.Source != "external_default" || ext.Target != "default" {
		t.Errorf("external_default: %s -> %s", ext.Source, ext.Target)
	}
	// v5_gapjunctions: 316 sources of external_default and 17 thalamic
	// ones into gid 1 (node 0 of default).
	g := load(t, "v5_gapjunctions/simulation_config.json")
	for name, want := range map[string]int{"external_default": 316, "thalamus-proj32-blob_projections__default__chemical": 17} {
		e := g.Circuit.Edge(name)
		rs, err := e.Afferent(0)
		if err != nil {
			t.Fatal(err)
		}
		src, err := e.SourceNodeIDs(rs)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(src)
		if n := len(slices.Compact(src)); n != want {
			t.Errorf("%s: %d sources into node 0, want %d", name, n, want)
		}
	}
	gj := g.Circuit.Edge("default__default__electrical")
	for n, src := range []uint64{1, 0} {
		j, err := gj.GapJunctions(uint64(n))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(j.Sources, []uint64{src}) || !slices.Equal(j.ConductanceNS, []float64{0.5}) {
			t.Errorf("gap junction into %d: %+v", n, j)
		}
	}
}

// TestMiniThalamusGapJunctions: the reader values of
// unit/test_synapse_reader.py (SPEC 7.3).
func TestMiniThalamusGapJunctions(t *testing.T) {
	p := circuitPath(t, "mini_thalamus_sonata/gapjunction/edges.h5")
	c, err := OpenCircuit(&CircuitConfig{Path: "test", Edges: []EdgesFile{{File: p}}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	e := c.Edges()[0]
	if e.Type != Chemical || e.Name != "thalamus_neurons__thalamus_neurons__electrical_synapse" {
		t.Errorf("population %s of type %s", e.Name, e.Type)
	}
	j, err := e.GapJunctions(0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{10257, 43930, 226003, 298841, 324744, 1094745, 1167632, 1172523, 1260104}; !slices.Equal(j.EfferentJunctionID, want) {
		t.Errorf("D = %v, want %v", j.EfferentJunctionID, want)
	}
	if want := []int64{14, 52, 71, 76, 78, 84, 89, 90, 93}; !slices.Equal(j.AfferentJunctionID, want) {
		t.Errorf("F = %v, want %v", j.AfferentJunctionID, want)
	}
	for _, w := range j.ConductanceNS {
		if float32(w) != 0.2 {
			t.Errorf("weights %v, want 0.2", j.ConductanceNS)
			break
		}
	}
	if err := e.CheckIndex(); err != nil {
		t.Error(err)
	}
}

// TestPointDetailed: edge files without node files, one without an
// index, one whose index disagrees with its datasets (edges 2 and 3 of
// edges_point_A.h5 go from NodeA 0 to default 71709498, but its
// target_to_source index, usecase3's, lists them under target 1; no
// neurodamus test reads it).
func TestPointDetailed(t *testing.T) {
	c, err := OpenCircuit(&CircuitConfig{Path: "test", Edges: []EdgesFile{
		{File: circuitPath(t, "point_detailed/edges_point_A.h5")},
		{File: circuitPath(t, "point_detailed/edges_A_point.h5")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pa, ap := c.Edges()[0], c.Edges()[1]
	if pa.Size() != 4 || pa.Source != "default" || pa.Target != "NodeA" {
		t.Errorf("edges_point_A: %d edges %s -> %s", pa.Size(), pa.Source, pa.Target)
	}
	if err := pa.CheckIndex(); err == nil || !strings.Contains(err.Error(), "the index lists edge 2 under target 1, but its target_node_id is 71709498") {
		t.Errorf("edges_point_A's index: %v", err)
	}
	if rs, err := pa.Afferent(0); err != nil || !slices.Equal(rs.IDs(), []uint64{0, 1}) {
		t.Errorf("edges onto NodeA 0: %v, %v", rs, err)
	}
	src, err := pa.SourceNodeIDs(Ranges{{0, 4}})
	if err != nil || !slices.Contains(src, 71709498) {
		t.Errorf("sources %v, %v", src, err)
	}
	if _, err := ap.Afferent(0); err == nil || !strings.Contains(err.Error(), "no indices/target_to_source") {
		t.Errorf("Afferent without an index: %v", err)
	}
	if w, err := ap.Float64("weight", Ranges{{0, 1}}); err != nil || len(w) != 1 {
		t.Errorf("weight %v, %v", w, err)
	}
	if len(c.Warnings) == 0 {
		t.Error("no warning for node populations absent from the circuit")
	}
}

// TestBadHDF5 breaks the HDF5 files of a copy of usecase3: each gives an
// error naming the file (and the population and dataset), no panic.
func TestBadHDF5(t *testing.T) {
	for _, tc := range []struct {
		name   string
		file   string
		break_ func(t *testing.T, path string)
		want   []string
		read   bool // the error comes when the edges are read
	}{
		{"garbage", "nodes_A.h5", func(t *testing.T, p string) { os.WriteFile(p, []byte("this is no HDF5 file"), 0o644) }, []string{"nodes_A.h5"}, false},
		{"empty", "local_edges_A.h5", func(t *testing.T, p string) { os.WriteFile(p, nil, 0o644) }, []string{"local_edges_A.h5"}, false},
		{"truncated", "edges_AB.h5", func(t *testing.T, p string) {
			b := mustRead(t, p)
			os.WriteFile(p, b[:len(b)/3], 0o644)
		}, []string{"edges_AB.h5"}, false},
		{"missing", "nodes_B.h5", func(t *testing.T, p string) { os.Remove(p) }, []string{"nodes_B.h5", "no such file"}, false},
		{"index disagrees", "local_edges_A.h5", func(t *testing.T, p string) {
			// range_to_edge_id [[0 2] [2 4]] becomes [[0 1] [1 4]]:
			// edge 1 (onto node 0) is listed under target 1.
			patchOnce(t, p, u64s(0, 2, 2, 4), u64s(0, 1, 1, 4))
		}, []string{"local_edges_A.h5", `edge population "NodeA__NodeA__chemical"`, "indices/target_to_source disagree with the datasets", "edge 1 under target 1, but its target_node_id is 0"}, true},
		{"range outside", "local_edges_A.h5", func(t *testing.T, p string) {
			// range_to_edge_id [[0 2] [2 4]] becomes [[0 2] [2 9]].
			patchOnce(t, p, u64s(0, 2, 2, 4), u64s(0, 2, 2, 9))
		}, []string{"local_edges_A.h5", "edge block [2, 9) outside the 4 edges"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyUsecase3(t)
			tc.break_(t, filepath.Join(dir, tc.file))
			s, err := Load(filepath.Join(dir, "simulation_sonata.json"), nil)
			if err == nil {
				defer s.Close()
				if !tc.read {
					t.Fatal("Load succeeded")
				}
				for _, e := range s.Circuit.Edges() {
					if err = e.CheckIndex(); err != nil {
						break
					}
				}
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func u64s(v ...uint64) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, v)
	return b.Bytes()
}

// patchOnce replaces the only occurrence of old in the file by new.
func patchOnce(t *testing.T, path string, old, new []byte) {
	t.Helper()
	b := mustRead(t, path)
	if n := bytes.Count(b, old); n != 1 {
		t.Fatalf("%s: the pattern occurs %d times, want once", path, n)
	}
	if err := os.WriteFile(path, bytes.Replace(b, old, new, 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDatasetErrors: absent datasets and datasets of the wrong type or
// shape name the file, the population and the dataset.
func TestDatasetErrors(t *testing.T) {
	s := load(t, "usecase3/simulation_sonata.json")
	e := s.Circuit.Edge("NodeA__NodeA__chemical")
	if _, err := e.Float64("no_such_attribute", Ranges{{0, 1}}); err == nil ||
		!strings.Contains(err.Error(), `local_edges_A.h5: edge population "NodeA__NodeA__chemical": no dataset 0/no_such_attribute`) {
		t.Errorf("absent attribute: %v", err)
	}
	if _, err := e.Int64("delay", Ranges{{0, 1}}); err == nil || !strings.Contains(err.Error(), "0/delay") || !strings.Contains(err.Error(), "want integers") {
		t.Errorf("float read as integers: %v", err)
	}
	if _, err := e.Float64("delay", Ranges{{2, 9}}); err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("edges outside: %v", err)
	}
	n := s.Circuit.Node("NodeA")
	if _, err := n.Numbers("mtype"); err == nil || !strings.Contains(err.Error(), `attribute "mtype" holds strings`) {
		t.Errorf("strings as numbers: %v", err)
	}
	if _, err := n.Strings("nothing"); err == nil || !strings.Contains(err.Error(), `nodes_A.h5: node population "NodeA": no attribute "nothing"`) {
		t.Errorf("absent node attribute: %v", err)
	}
}

// TestNodeAttributes reads attributes of nodes.h5, with @library
// enumerations and dynamics parameters.
func TestNodeAttributes(t *testing.T) {
	s := load(t, "v5_sonata/simulation_config_mini.json")
	d := s.Circuit.Node("default")
	for _, tc := range []struct {
		attr string
		want []string
	}{
		{"mtype", []string{"L1_HAC", "L1_DAC", "L23_PC", "L23_NBC", "L23_PC"}},
		{"synapse_class", []string{"INH", "INH", "EXC", "INH", "EXC"}},
	} {
		if got, err := d.Strings(tc.attr); err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s = %v, %v", tc.attr, got, err)
		}
	}
	tmpl, err := d.ModelTemplates()
	if err != nil || len(tmpl) != 5 || strings.HasPrefix(tmpl[0], "hoc:") || tmpl[0] != "cNAC187_L1_HAC_9ad3d0e4c7" && !strings.HasPrefix(tmpl[0], "cNAC187") {
		t.Errorf("model templates %v, %v", tmpl, err)
	}
	if h, err := d.Numbers("dynamics_params/holding_current"); err != nil || len(h) != 5 {
		t.Errorf("holding_current %v, %v", h, err)
	}
	if !d.Has("x") || d.Has("nothing") || d.Size() != 5 || d.Virtual() {
		t.Error("default population")
	}
	ext := s.Circuit.Node("external_default")
	if mt, err := ext.Strings("model_type"); err != nil || len(mt) != 332 || mt[0] != "virtual" || !ext.Virtual() {
		t.Errorf("external_default model_type %v, %v", mt[:1], err)
	}
}

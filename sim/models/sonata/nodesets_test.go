package sonata

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestNodeSetsCircuits is SPEC section 8, check 2 (node sets): sets of
// the reference circuits materialised, @library enumerations resolved.
func TestNodeSetsCircuits(t *testing.T) {
	type sel = []Selection
	for _, tc := range []struct {
		sim, set string
		want     sel
		warnings int
	}{
		{"usecase3/simulation_sonata.json", "Mosaic", sel{{"NodeA", []uint64{0, 1, 2}}, {"NodeB", []uint64{0, 1}}}, 0},
		{"usecase3/simulation_sonata.json", "l4pc", sel{{"NodeA", []uint64{0}}, {"NodeB", []uint64{0}}}, 0},
		{"usecase3/simulation_sonata.json", "nodesPopA", sel{{"NodeA", []uint64{0, 1, 2}}}, 0},
		{"usecase3/simulation_sonata.json", "NodeB:", sel{{"NodeB", []uint64{0, 1}}}, 0},
		{"usecase3/simulation_sonata.json", "NodeB:l4pc", sel{{"NodeB", []uint64{0}}}, 0},
		{"v5_sonata/simulation_config_mini.json", "Mini5", sel{{"default", []uint64{0, 1, 2, 3, 4}}}, 0},
		{"v5_sonata/simulation_config_mini.json", "Mosaic", sel{{"default", []uint64{0, 1, 2, 3, 4}}}, 0},
		{"v5_sonata/simulation_config_mini.json", "debug", sel{{"default", []uint64{2}}}, 0},
		// synapse_class is an @library enumeration: [INH INH EXC INH EXC].
		{"v5_sonata/simulation_config_mini.json", "Excitatory", sel{{"default", []uint64{2, 4}}}, 1},
		{"v5_sonata/simulation_config_mini.json", "Inhibitory", sel{{"default", []uint64{0, 1, 3}}}, 1},
		// Compounds of compounds: PV_FS = BC + ChC, BC holds L23_NBC.
		{"v5_sonata/simulation_config_mini.json", "PV_FS", sel{{"default", []uint64{3}}}, 1},
		{"v5_sonata/simulation_config_mini.json", "L23_PC", sel{{"default", []uint64{2, 4}}}, 1},
		{"v5_sonata/simulation_config_mini.json", "L1_HAC", sel{{"default", []uint64{0}}}, 1},
		// layer is an integer dataset; the virtual population lacks it.
		{"v5_sonata/simulation_config_mini.json", "Layer1", sel{{"default", []uint64{0, 1}}}, 1},
		{"v5_sonata/simulation_config_mini.json", "Layer2", sel{{"default", []uint64{2, 3, 4}}}, 1},
		{"v5_sonata/simulation_config_mini.json", "MiniColumn_703", sel{{"default", []uint64{0, 1, 2, 3, 4}}}, 0},
		// The simulation's node sets (v5_sonata's, through a link stored
		// as a file) replace the circuit's Mosaic; mini2 is the circuit's.
		{"v5_gapjunctions/simulation_config.json", "mini2", sel{{"default", []uint64{0, 1}}}, 0},
		{"v5_gapjunctions/simulation_config.json", "Mosaic", sel{{"default", []uint64{0, 1}}}, 0},
		{"v5_gapjunctions/simulation_config.json", "proj_Thalamocortical_VPM_Source", sel{{"thalamus-proj32-blob_projections", seq(17)}}, 0},
		{"v5_gapjunctions/simulation_config.json", "Mini5", nil, 0},
		{"neuromodulation/simulation_config.json", "post", sel{{"All", []uint64{1, 2}}}, 0},
		{"neuromodulation/simulation_config.json", "virtual_neurons", sel{{"virtual_neurons", []uint64{0, 1, 2}}}, 0},
		{"sscx-v7-plasticity/simulation_config_base.json", "L5_5cells", sel{{"All", []uint64{0, 1, 2, 3, 4}}}, 0},
		{"sscx-v7-plasticity/simulation_config_base.json", "pre_L5_BCs", sel{{"All", []uint64{1, 2}}}, 0},
		{"sscx-v7-plasticity/simulation_config_base.json", "small", nil, 0},
	} {
		s := load(t, tc.sim)
		r, err := s.Resolve(tc.set)
		if err != nil {
			t.Errorf("%s %s: %v", tc.sim, tc.set, err)
			continue
		}
		if !reflect.DeepEqual(r.Selections, tc.want) {
			t.Errorf("%s %s = %v, want %v", tc.sim, tc.set, r.Selections, tc.want)
		}
		if len(r.Warnings) != tc.warnings {
			t.Errorf("%s %s: warnings %q, want %d", tc.sim, tc.set, r.Warnings, tc.warnings)
		}
	}
}

func seq(n int) []uint64 { return allIDs(n) }

// table is a NodeTable in memory.
type table struct {
	name string
	size int
	cols map[string]Column
}

func (t *table) Name() string { return t.name }
func (t *table) Size() int    { return t.size }
func (t *table) Column(a string) (Column, bool, error) {
	c, ok := t.cols[a]
	return c, ok, nil
}

func testTables() []NodeTable {
	return []NodeTable{
		&table{"A", 4, map[string]Column{
			"mtype": {Strings: []string{"PC", "BC", "PC", "MC"}},
			"layer": {Numbers: []float64{1, 2, 3, 4}},
			"x":     {Numbers: []float64{0.5, 1.5, 2.5, 3.5}},
		}},
		&table{"B", 3, map[string]Column{
			"mtype": {Strings: []string{"MC", "PC", "XC"}},
			"layer": {Strings: []string{"1", "2", "3"}},
		}},
	}
}

// TestNodeSetSemantics covers every kind of condition on tables in
// memory.
func TestNodeSetSemantics(t *testing.T) {
	const sets = `{
		"pc": {"mtype": "PC"},
		"pcmc": {"mtype": ["PC", "MC"]},
		"l2": {"layer": 2},
		"l23": {"layer": [2, 3]},
		"pcA": {"mtype": "PC", "population": "A"},
		"ids": {"node_id": [3, 1, 7]},
		"idsB": {"population": "B", "node_id": [0, 2]},
		"re": {"mtype": {"$regex": "[PX]C"}},
		"reHalf": {"mtype": {"$regex": "P"}},
		"gt": {"x": {"$gt": 1.5}},
		"gte": {"x": {"$gte": 1.5}},
		"lt": {"layer": {"$lt": 2}},
		"lte": {"x": {"$lte": 1.5}},
		"empty": {"node_id": []},
		"both": ["pc", "idsB"],
		"nested": ["both", "l2"],
		"pops": {"population": ["A", "B"]}
	}`
	ns, err := ParseNodeSets("sets.json", []byte(sets))
	if err != nil {
		t.Fatal(err)
	}
	if err := ns.Check(); err != nil {
		t.Fatal(err)
	}
	type sel = []Selection
	for _, tc := range []struct {
		set      string
		want     sel
		warnings int
	}{
		{"pc", sel{{"A", []uint64{0, 2}}, {"B", []uint64{1}}}, 0},
		{"pcmc", sel{{"A", []uint64{0, 2, 3}}, {"B", []uint64{0, 1}}}, 0},
		{"l2", sel{{"A", []uint64{1}}}, 1},
		{"l23", sel{{"A", []uint64{1, 2}}}, 1},
		{"pcA", sel{{"A", []uint64{0, 2}}}, 0},
		{"ids", sel{{"A", []uint64{1, 3}}, {"B", []uint64{1}}}, 0},
		{"idsB", sel{{"B", []uint64{0, 2}}}, 0},
		{"re", sel{{"A", []uint64{0, 2}}, {"B", []uint64{1, 2}}}, 0},
		{"reHalf", nil, 0},
		{"gt", sel{{"A", []uint64{2, 3}}}, 1},
		{"gte", sel{{"A", []uint64{1, 2, 3}}}, 1},
		{"lt", sel{{"A", []uint64{0}}}, 1},
		{"lte", sel{{"A", []uint64{0, 1}}}, 1},
		{"empty", nil, 0},
		{"both", sel{{"A", []uint64{0, 2}}, {"B", []uint64{0, 1, 2}}}, 0},
		// As in neurodamus, a population on which any member of a
		// compound fails (B holds layer as strings) contributes nothing.
		{"nested", sel{{"A", []uint64{0, 1, 2}}}, 1},
		{"pops", sel{{"A", []uint64{0, 1, 2, 3}}, {"B", []uint64{0, 1, 2}}}, 0},
		{"A:pc", sel{{"A", []uint64{0, 2}}}, 0},
		{"B:", sel{{"B", []uint64{0, 1, 2}}}, 0},
	} {
		r, err := ns.Resolve(tc.set, testTables())
		if err != nil {
			t.Errorf("%s: %v", tc.set, err)
			continue
		}
		if !reflect.DeepEqual(r.Selections, tc.want) || len(r.Warnings) != tc.warnings {
			t.Errorf("%s = %v (warnings %q), want %v (%d warnings)", tc.set, r.Selections, r.Warnings, tc.want, tc.warnings)
		}
	}
	if n := (Resolution{Selections: []Selection{{"A", []uint64{1, 2}}, {"B", []uint64{0}}}}).Size(); n != 3 {
		t.Errorf("Size = %d", n)
	}
}

// TestNodeSetErrors: parse and resolution errors.
func TestNodeSetErrors(t *testing.T) {
	for _, tc := range []struct {
		sets, set, want string
	}{
		{`{"a": {"population": 3}}`, "a", `sets.json: a.population: want a population name or a list of them`},
		{`{"a": {"node_id": ["x"]}}`, "a", `sets.json: a.node_id: want a node id or a list of them`},
		{`{"a": {"node_id": [-1]}}`, "a", `a.node_id: want node ids (integers >= 0), got -1`},
		{`{"a": {"node_id": [1.5]}}`, "a", `want node ids (integers >= 0), got 1.5`},
		{`{"a": {"mtype": ["PC", 1]}}`, "a", `a.mtype: a list mixes strings and numbers`},
		{`{"a": {"mtype": {"$eq": "PC"}}}`, "a", `a.mtype: unknown operator "$eq"`},
		{`{"a": {"mtype": {"$regex": "("}}}`, "a", `a.mtype: $regex: `},
		{`{"a": {"x": {"$gt": "1"}}}`, "a", `a.x: $gt: want a number, got "1"`},
		{`{"a": {"x": {"$gt": 1, "$lt": 2}}}`, "a", `an operator object has one key, got 2`},
		{`{"a": {}}`, "a", `sets.json: a: empty object`},
		{`{"a": 3}`, "a", `sets.json: a: want an object or a list of node set names, got 3`},
		{`{"a": [3]}`, "a", `sets.json: a[0]: want the name of a node set, got 3`},
		{`[]`, "a", `sets.json: want an object of node sets, got a list`},
		{`{"a": ["b"], "b": ["c"], "c": ["a"]}`, "a", `node sets contain themselves: a -> b -> c -> a`},
		{`{"a": ["a"]}`, "a", `node sets contain themselves: a -> a`},
		{`{"a": ["b"]}`, "a", `sets.json: a[0]: unknown node set "b"`},
		{`{"a": {"population": "C"}}`, "a", `sets.json: a.population: no node population "C" in the circuit (have "A", "B")`},
		{`{"a": {"etype": "x"}}`, "a", `sets.json: a.etype: no node population has attribute "etype"`},
		{`{"a": {"mtype": "PC"}}`, "b", `unknown node set "b"`},
		{`{"a": {"mtype": "PC"}}`, "C:a", `node set "C:a": no node population "C"`},
	} {
		ns, err := ParseNodeSets("sets.json", []byte(tc.sets))
		if err == nil {
			_, err = ns.Resolve(tc.set, testTables())
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s resolving %s: %v, want %q", tc.sets, tc.set, err, tc.want)
		}
	}
}

// TestNodeSetsMerge: the simulation's sets replace the circuit's.
func TestNodeSetsMerge(t *testing.T) {
	a, _ := ParseNodeSets("circuit.json", []byte(`{"x": {"mtype": "PC"}, "y": {"mtype": "BC"}}`))
	b, _ := ParseNodeSets("sim.json", []byte(`{"y": {"mtype": "MC"}, "z": ["x", "y"]}`))
	if r := a.Merge(b); !reflect.DeepEqual(r, []string{"y"}) {
		t.Errorf("replaced %v", r)
	}
	if n := a.Names(); !reflect.DeepEqual(n, []string{"x", "y", "z"}) {
		t.Errorf("names %v", n)
	}
	r, err := a.Resolve("y", testTables())
	if err != nil || !reflect.DeepEqual(r.Selections, []Selection{{"A", []uint64{3}}, {"B", []uint64{0}}}) {
		t.Errorf("y = %v, %v", r.Selections, err)
	}
}

// FuzzNodeSets: the node-set parser and resolver return errors, never
// panic, and selections are ascending and inside their populations.
func FuzzNodeSets(f *testing.F) {
	for _, s := range []string{
		`{"a": {"mtype": "PC", "population": "A"}, "b": ["a"]}`,
		`{"a": {"node_id": [3, 1, 7]}, "b": ["a", "c"], "c": {"layer": {"$gte": 2}}}`,
		`{"a": {"mtype": {"$regex": "P.*"}}, "b": ["b"]}`,
		`{"a": {"layer": [1, 2.5]}}`, `{"a": [], "b": {"node_id": []}}`, `{`, `[]`,
	} {
		f.Add([]byte(s), "a")
	}
	if p, ok := lookupRef(f, "v5_sonata/node_sets.json"); ok {
		f.Add(mustRead(f, p), "PV_FS")
	}
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		ns, err := ParseNodeSets("sets.json", data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error %T is not an *Error", err)
			}
			return
		}
		ns.Check()
		tables := testTables()
		r, err := ns.Resolve(name, tables)
		if err != nil {
			return
		}
		for _, s := range r.Selections {
			size := 0
			for _, tb := range tables {
				if tb.Name() == s.Population {
					size = tb.Size()
				}
			}
			for i, id := range s.NodeIDs {
				if id >= uint64(size) || (i > 0 && id <= s.NodeIDs[i-1]) {
					t.Fatalf("selection %v of %s", s, name)
				}
			}
		}
	})
}

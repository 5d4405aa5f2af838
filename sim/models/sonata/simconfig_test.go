package sonata

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestUsecase3Config is SPEC section 8, check 1.
func TestUsecase3Config(t *testing.T) {
	path := circuitPath(t, "usecase3/simulation_sonata.json")
	dir := filepath.Dir(path)
	c, err := ReadSimulationConfig(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		got, want any
	}{
		{"tstop", c.Run.TstopMS, 50.0},
		{"dt", c.Run.DtMS, 0.1},
		{"random_seed", c.Run.RandomSeed, int64(1122)},
		{"spike_threshold", c.Run.SpikeThresholdMV, -30.0},
		{"integration_method", c.Run.Integration, Euler},
		{"ionchannel_seed", c.Run.IonchannelSeed, int64(0)},
		{"celsius", c.Conditions.CelsiusDegC, 35.0},
		{"v_init", c.Conditions.VInitMV, -75.0},
		{"extracellular_calcium", c.Conditions.ExtracellularCalciumMM, (*float64)(nil)},
		{"spike_location", c.Conditions.SpikeLocation, "soma"},
		{"spikes_file", c.Output.SpikesFile, "spikes.h5"},
		{"spikes path", c.Output.SpikesPath(), filepath.Join(dir, "reporting", "spikes.h5")},
		{"spikes_sort_order", c.Output.SpikesSortOrder, "by_time"},
		{"output_dir", c.Output.Dir, filepath.Join(dir, "reporting")},
		{"node_set", c.NodeSet, "Mosaic"},
		{"node_sets_file", c.NodeSetsFile, filepath.Join(dir, "nodesets.json")},
		{"network", c.Network, filepath.Join(dir, "circuit_config.json")},
		{"target_simulator", c.TargetSimulator, "NEURON"},
		{"mechanisms", c.Conditions.Mechanisms, []MechanismGlobal{
			{"ProbAMPANMDA_EMS", "init_depleted", 0}, {"ProbAMPANMDA_EMS", "minis_single_vesicle", 1}}},
		{"global names", []string{c.Conditions.Mechanisms[0].Name(), c.Conditions.Mechanisms[1].Name()},
			[]string{"init_depleted_ProbAMPANMDA_EMS", "minis_single_vesicle_ProbAMPANMDA_EMS"}},
		{"manifest", c.Manifest, []ManifestEntry{{"$OUTPUT_DIR", filepath.Join(dir, "reporting")}, {"$INPUT_DIR", dir}}},
		{"inputs", len(c.Inputs), 1},
		{"input", []string{c.Inputs[0].Name, c.Inputs[0].Module, c.Inputs[0].InputType, c.Inputs[0].NodeSet},
			[]string{"hypamp_mosaic", "hyperpolarizing", "current_clamp", "nodesPopA"}},
		{"reports", len(c.Reports), 2},
		{"overrides", len(c.ConnectionOverrides), 0},
		{"warnings", len(c.Warnings), 0},
	} {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	soma := c.Reports[0]
	want := Report{Name: "soma_report", Cells: "l4pc", Type: "compartment", VariableName: "v", Sections: "soma",
		Compartments: "center", Scaling: "area", Unit: "mV", DtMS: 0.1, StartTimeMS: 0, EndTimeMS: 50,
		File: filepath.Join(dir, "reporting", "soma_report.h5"), Enabled: true, JSON: soma.JSON}
	if !reflect.DeepEqual(soma, want) {
		t.Errorf("soma_report = %+v\nwant %+v", soma, want)
	}
	comp := c.Reports[1]
	if comp.Name != "compartment_report" || comp.Sections != "all" || comp.Compartments != "all" ||
		comp.EndTimeMS != 10 || comp.File != filepath.Join(dir, "reporting", "my_compartment_report.h5") {
		t.Errorf("compartment_report = %+v", comp)
	}
}

// TestConfigs checks values of the other reference simulations, and the
// defaults with and without neurodamus compatibility (quirk Q1).
func TestConfigs(t *testing.T) {
	for _, tc := range []struct {
		file   string
		compat bool
		check  func(c *SimulationConfig) []any // got, want pairs
	}{
		{"v5_sonata/simulation_config_mini.json", true, func(c *SimulationConfig) []any {
			return []any{c.Run.TstopMS, 100.0, c.Run.DtMS, 0.025, c.Run.RandomSeed, int64(767740),
				c.Conditions.Given, false, c.Conditions.VInitMV, -65.0, c.Conditions.CelsiusDegC, 34.0,
				c.NodeSet, "Mini5", c.Output.SpikesFile, "out.h5", len(c.Inputs), 3,
				c.Inputs[2].Name, "hypamp_mosaic", c.Reports[0].Cells, "Mosaic", c.Reports[0].EndTimeMS, 40.0,
				c.Output.Dir, filepath.Join(filepath.Dir(c.Path), "output_sonata2"),
				c.Network, filepath.Join(filepath.Dir(c.Path), "sub_mini5", "circuit_config.json")}
		}},
		{"v5_sonata/simulation_config_mini.json", false, func(c *SimulationConfig) []any {
			return []any{c.Conditions.VInitMV, -80.0, c.Conditions.CelsiusDegC, 34.0}
		}},
		{"sscx-v7-plasticity/simulation_config_base.json", true, func(c *SimulationConfig) []any {
			return []any{*c.Conditions.ExtracellularCalciumMM, 1.2, c.Conditions.SpikeLocation, "AIS",
				c.Conditions.VInitMV, -80.0, c.Run.StimulusSeed, int64(549821), c.NodeSet, "L5_5cells",
				len(c.Conditions.Mechanisms), 7, c.Conditions.Mechanisms[6], MechanismGlobal{"GluSynapse", "cao_CR", 1.2},
				c.Conditions.Mechanisms[3].Name(), "minis_single_vesicle_ProbGABAAB_EMS"}
		}},
		{"neuromodulation/simulation_config.json", true, func(c *SimulationConfig) []any {
			w := 1.0
			return []any{len(c.ConnectionOverrides), 2,
				c.ConnectionOverrides[1], ConnectionOverride{Name: "proj-all", Source: "virtual_neurons", Target: "post", Weight: w},
				c.Inputs[1].Module, "synapse_replay",
				strings.Contains(string(c.Inputs[1].JSON), filepath.Join(filepath.Dir(c.Path), "minimal_circuit", "proj_spikes.h5")), true}
		}},
		{"v5_gapjunctions/simulation_config.json", true, func(c *SimulationConfig) []any {
			return []any{c.Output.Dir, filepath.Join(filepath.Dir(c.Path), "output"),
				strings.Contains(string(c.Inputs[0].JSON), `"spike_file":"`+filepath.Join(filepath.Dir(c.Path), "input.h5")+`"`), true}
		}},
	} {
		c, err := ReadSimulationConfig(circuitPath(t, tc.file), &Options{Compat: tc.compat})
		if err != nil {
			t.Fatal(err)
		}
		p := tc.check(c)
		for i := 0; i < len(p); i += 2 {
			if !reflect.DeepEqual(p[i], p[i+1]) {
				t.Errorf("%s (compat %v): value %d = %v, want %v", tc.file, tc.compat, i/2, p[i], p[i+1])
			}
		}
	}
}

// TestCircuitConfig checks the populations, types and morphology choice.
func TestCircuitConfig(t *testing.T) {
	path := circuitPath(t, "v5_sonata/sub_mini5/circuit_config.json")
	dir := filepath.Dir(path)
	c, err := ReadCircuitConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Nodes) != 2 || len(c.Edges) != 2 {
		t.Fatalf("%d node files, %d edge files", len(c.Nodes), len(c.Edges))
	}
	def := c.Nodes[0].Populations[0]
	if def.Name != "default" || def.Type != Biophysical || def.File != filepath.Join(dir, "default", "nodes.h5") ||
		def.BiophysicalNeuronModelsDir != filepath.Join(dir, "biophysical_model_templates") {
		t.Errorf("default = %+v", def)
	}
	if d, ext := def.MorphologyDir(); d != filepath.Join(dir, "morphologies") || ext != ".asc" {
		t.Errorf("morphologies %s %s", d, ext)
	}
	if p := def.MorphologyPath("m1"); p != filepath.Join(dir, "morphologies", "m1.asc") {
		t.Errorf("MorphologyPath = %s", p)
	}
	if ext := c.Nodes[1].Populations[0]; ext.Type != Virtual || ext.Name != "external_default" {
		t.Errorf("external = %+v", ext)
	}
	if c.NodeSetsFile != filepath.Join(dir, "node_sets.json") {
		t.Errorf("node_sets_file %s", c.NodeSetsFile)
	}
	// h5v1 and swc choices.
	for _, tc := range []struct {
		p    NodePopulationConfig
		dir  string
		ext  string
		name string
	}{
		{NodePopulationConfig{Components: Components{MorphologiesDir: "/m", AlternateMorphologies: map[string]string{"h5v1": "/h"}}}, "/h", ".h5", "h5v1"},
		{NodePopulationConfig{Components: Components{MorphologiesDir: "/m"}}, "/m", ".swc", "swc"},
		{NodePopulationConfig{Type: Astrocyte, Components: Components{MorphologiesDir: "/m"}}, "/m", ".h5", "astrocyte"},
	} {
		if d, e := tc.p.MorphologyDir(); d != tc.dir || e != tc.ext {
			t.Errorf("%s: %s %s", tc.name, d, e)
		}
	}
	// usecase3: population directories.
	u, err := ReadCircuitConfig(circuitPath(t, "usecase3/circuit_config.json"))
	if err != nil {
		t.Fatal(err)
	}
	if a := u.Nodes[0].Populations[0]; a.MorphologiesDir != filepath.Join(filepath.Dir(u.Path), "CircuitA/morphologies/swc") ||
		a.AlternateMorphologies["neurolucida-asc"] != filepath.Join(filepath.Dir(u.Path), "CircuitA/morphologies/asc") {
		t.Errorf("NodeA = %+v", a)
	}
	if len(u.Edges) != 3 || u.Edges[2].Populations[1].Name != "NodeB__NodeA__chemical" {
		t.Errorf("edges = %+v", u.Edges)
	}
}

// TestConfigErrors breaks a copy of usecase3's configuration in one place
// at a time: each gives an error naming the file and the key, never a
// panic.
func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		file     string // in the copy
		old, new string
		want     []string // substrings of the error
		load     bool     // the error comes from Load, not from the configuration alone
	}{
		{"dt not a number", "simulation_sonata.json", `"dt": 0.1`, `"dt": "x"`, []string{"simulation_sonata.json: run.dt: want a positive number, got \"x\""}, false},
		{"dt zero", "simulation_sonata.json", `"dt": 0.1`, `"dt": 0`, []string{"run.dt: want a positive number, got 0"}, false},
		{"tstop missing", "simulation_sonata.json", `"tstop": 50.0,`, ``, []string{"run.tstop: missing"}, false},
		{"tstop negative", "simulation_sonata.json", `"tstop": 50.0`, `"tstop": -1`, []string{"run.tstop: want a number >= 0"}, false},
		{"seed not an integer", "simulation_sonata.json", `"random_seed": 1122`, `"random_seed": 1.5`, []string{"run.random_seed: want an integer, got 1.5"}, false},
		{"no run", "simulation_sonata.json", `"run"`, `"rum"`, []string{"run: missing"}, false},
		{"by_id", "simulation_sonata.json", `"by_time"`, `"by_id"`, []string{`output.spikes_sort_order: "by_id" is not supported`}, false},
		{"sort order", "simulation_sonata.json", `"by_time"`, `"random"`, []string{`output.spikes_sort_order: want "by_time" or "none", got "random"`}, false},
		{"celsius type", "simulation_sonata.json", `"celsius": 35.0`, `"celsius": "hot"`, []string{`conditions.celsius: want a number, got "hot"`}, false},
		{"mechanism value", "simulation_sonata.json", `"init_depleted": false`, `"init_depleted": "no"`, []string{`conditions.mechanisms.ProbAMPANMDA_EMS.init_depleted: want a number or true/false, got "no"`}, false},
		{"integration", "simulation_sonata.json", `"random_seed": 1122`, `"random_seed": 1122, "integration_method": "rk4"`, []string{`run.integration_method: want "euler", "crank_nicolson" or "crank_nicolson_ion", got "rk4"`}, false},
		{"simulator", "simulation_sonata.json", `"NEURON"`, `"NEST"`, []string{`target_simulator: want "NEURON" or "CORENEURON", got "NEST"`}, false},
		{"dangling manifest", "simulation_sonata.json", `"$OUTPUT_DIR"`, `"$OUT_DIR"`, []string{`output.output_dir: manifest variable $OUTPUT_DIR in "$OUTPUT_DIR" is not defined (the manifest defines $OUT_DIR, $INPUT_DIR)`}, false},
		{"manifest order", "simulation_sonata.json", `"$OUTPUT_DIR": "./reporting"`, `"$OUTPUT_DIR": "$INPUT_DIR/reporting"`, []string{`manifest.$OUTPUT_DIR: manifest variable $INPUT_DIR`}, false},
		{"report dt", "simulation_sonata.json", `"dt": 0.1,
            "start_time": 0.0,
            "end_time": 50.0`, `"dt": 0.01,
            "start_time": 0.0,
            "end_time": 50.0`, []string{`reports.soma_report.dt: 0.01 is smaller than run.dt 0.1`}, false},
		{"report times", "simulation_sonata.json", `"end_time": 10.0`, `"end_time": -10.0`, []string{`reports.compartment_report.start_time: 0 is after end_time -10`}, false},
		{"input node_set", "simulation_sonata.json", `"node_set": "nodesPopA"`, `"nodeset": "nodesPopA"`, []string{`inputs.hypamp_mosaic.node_set: missing`}, false},
		{"override type", "simulation_sonata.json", `"inputs"`, `"connection_overrides": [{"name": "x", "source": "Mosaic", "target": "Mosaic", "weight": "2"}], "inputs"`, []string{`connection_overrides[0].weight: want a number, got "2"`}, false},
		{"bad JSON", "simulation_sonata.json", `"run": {`, `"run": {{`, []string{"simulation_sonata.json: invalid JSON near line"}, false},
		{"duplicate key", "simulation_sonata.json", `"node_set": "Mosaic",`, `"node_set": "Mosaic", "node_set": "l4pc",`, []string{`key "node_set" given twice`}, false},
		{"missing node set", "simulation_sonata.json", `"node_set": "Mosaic"`, `"node_set": "Mosaik"`, []string{`simulation_sonata.json: node_set: unknown node set "Mosaik"`}, true},
		{"missing circuit", "simulation_sonata.json", `"node_sets_file"`, `"network": "nowhere.json", "node_sets_file"`, []string{"nowhere.json", "no such file"}, true},
		{"missing nodes file", "circuit_config.json", `"nodes_A.h5"`, `"nodes_X.h5"`, []string{"nodes_X.h5", "no such file"}, true},
		{"nodes_file missing", "circuit_config.json", `"nodes_file": "nodes_A.h5",`, ``, []string{"circuit_config.json: networks.nodes[0].nodes_file: missing"}, true},
		{"population type", "circuit_config.json", `"biophysical"`, `"biophysics"`, []string{`circuit_config.json: networks.nodes[0].populations.NodeA.type: want "biophysical", "virtual"`}, true},
		{"population absent", "circuit_config.json", `"NodeA": {`, `"NodeZ": {`, []string{`nodes_A.h5: no node population "NodeZ"`}, true},
		{"edge population absent", "circuit_config.json", `"NodeA__NodeA__chemical"`, `"NodeA__NodeA__electrical"`, []string{`local_edges_A.h5: no edge population "NodeA__NodeA__electrical"`}, true},
		{"node set population", "nodesets.json", `"nodesPopA": {"population": "NodeA"}`, `"nodesPopA": {"population": "NodeC"}`, []string{`nodesets.json: nodesPopA.population: no node population "NodeC" in the circuit`}, true},
		{"node set attribute", "nodesets.json", `"l4pc": {"mtype": "L4_PC"}`, `"l4pc": {"mtyp": "L4_PC"}`, []string{`nodesets.json: l4pc.mtyp: no node population has attribute "mtyp"`}, true},
		{"node set cycle", "nodesets.json", `"Mosaic": {"population": ["NodeA", "NodeB"]}`, `"Mosaic": ["l4pc", "loop"], "loop": ["Mosaic"]`, []string{`node sets contain themselves: `, "Mosaic -> loop -> Mosaic"}, true},
		{"node set member", "nodesets.json", `"Mosaic": {"population": ["NodeA", "NodeB"]}`, `"Mosaic": ["l4pc", "nowhere"]`, []string{`nodesets.json: Mosaic[1]: unknown node set "nowhere"`}, true},
		{"node set type", "nodesets.json", `{"mtype": "L4_PC"}`, `{"mtype": true}`, []string{`nodesets.json: l4pc.mtype: want a string, a number, a list or an operator object, got true`}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyUsecase3(t)
			edit(t, filepath.Join(dir, tc.file), tc.old, tc.new)
			path := filepath.Join(dir, "simulation_sonata.json")
			var err error
			if tc.load {
				var s *Simulation
				s, err = Load(path, nil)
				if err == nil {
					_, err = s.GidMap()
					s.Close()
				}
			} else {
				_, err = ReadSimulationConfig(path, nil)
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
			var e *Error
			if !tc.load && !errors.As(err, &e) {
				t.Errorf("error %T is not an *Error", err)
			}
		})
	}
}

// TestConfigWarnings: unknown keys are ignored with a warning naming them.
func TestConfigWarnings(t *testing.T) {
	dir := copyUsecase3(t)
	path := filepath.Join(dir, "simulation_sonata.json")
	edit(t, path, `"random_seed": 1122`, `"random_seed": 1122, "tsop": 3`)
	edit(t, path, `"node_set": "Mosaic",`, `"node_set": "Mosaic", "colour": "blue",`)
	c, err := ReadSimulationConfig(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{path + ": colour: unknown key, ignored", path + ": run.tsop: unknown key, ignored"}
	got := append([]string(nil), c.Warnings...)
	if len(got) != 2 || !(got[0] == want[1] && got[1] == want[0] || reflect.DeepEqual(got, want)) {
		t.Errorf("warnings %q, want %q", got, want)
	}
}

// TestMissingFile: a missing configuration is a file system error.
func TestMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "simulation_config.json"), nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing file: %v", err)
	}
	_, err = ReadCircuitConfig(filepath.Join(t.TempDir(), "c.json"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadCircuitConfig of a missing file: %v", err)
	}
}

// FuzzConfig: the configuration parsers return errors, never panic.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		`{"run": {"tstop": 1, "dt": 0.1, "random_seed": 1}}`,
		`{"manifest": {"$A": "x", "$B": "$A/y"}, "network": "$B/c.json", "run": {"tstop": 1, "dt": 0.1, "random_seed": 1}, "output": {"output_dir": "$A"}}`,
		`{"run": {"tstop": 1, "dt": 0.1, "random_seed": 1}, "conditions": {"mechanisms": {"S": {"v": true}}}, "reports": {"r": {"type": "compartment", "variable_name": "v", "dt": 1, "start_time": 0, "end_time": 1}}}`,
		`{"networks": {"nodes": [{"nodes_file": "n.h5", "populations": {"p": {"type": "virtual"}}}], "edges": []}}`,
		`{"run": {"tstop": 1e400}}`, `[1, 2]`, `{"a": {"b": [`, ``,
	} {
		f.Add([]byte(s))
	}
	if p, ok := lookupRef(f, "usecase3/simulation_sonata.json"); ok {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseSimulationConfig("/tmp/x/simulation_config.json", data, &Options{Compat: true})
		if err == nil && (c.Run.DtMS <= 0 || c.Run.TstopMS < 0) {
			t.Errorf("accepted dt %g, tstop %g", c.Run.DtMS, c.Run.TstopMS)
		}
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Errorf("error %T is not an *Error: %v", err, err)
		}
		if _, err := parseCircuitConfig("/tmp/x/circuit_config.json", data); err != nil && !errors.As(err, &e) {
			t.Errorf("error %T is not an *Error: %v", err, err)
		}
	})
}

// TestTstopOverride checks Options.TstopMS (golgi run --tstop): it
// replaces run.tstop; 0 keeps the configuration's.
func TestTstopOverride(t *testing.T) {
	path := circuitPath(t, "usecase3/simulation_sonata.json")
	for _, c := range []struct{ opt, want float64 }{{0, 50}, {12.5, 12.5}} {
		cfg, err := ReadSimulationConfig(path, &Options{Compat: true, TstopMS: c.opt})
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Run.TstopMS != c.want {
			t.Errorf("TstopMS %g: run.tstop %g ms, want %g", c.opt, cfg.Run.TstopMS, c.want)
		}
	}
}

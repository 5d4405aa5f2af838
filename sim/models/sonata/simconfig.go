package sonata

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Options change how configurations are read.
type Options struct {
	// Compat reproduces neurodamus where it departs from the SONATA
	// specification (SPEC section 9): with no "conditions" object, or an
	// empty one, v_init is -65 mV and celsius 34 (Q1; SONATA says -80
	// mV), and run.ionchannel_seed is read as 0 (Q2). Without Compat the
	// SONATA defaults hold. neurodamus's reference runs need Compat.
	Compat bool
	// TstopMS, when > 0, replaces run.tstop (golgi run --tstop).
	TstopMS float64
}

// SimulationConfig is a simulation_config.json as neurodamus reads it
// (SPEC 1.2). Paths are absolute and resolved through the manifest.
// Times are in ms, voltages in mV, temperatures in degrees Celsius,
// concentrations in mM.
type SimulationConfig struct {
	Path     string // the file, as given
	Manifest []ManifestEntry

	Network         string // circuit_config.json (default: next to the file)
	TargetSimulator string // "NEURON" or "CORENEURON"; Golgi ignores it
	NodeSetsFile    string // "" when the simulation adds no node sets
	// NodeSet names the cells to instantiate; "" means every node of
	// every population that is not virtual.
	NodeSet string

	Run        Run
	Output     Output
	Conditions Conditions

	// Inputs and Reports are in file order (neurodamus applies inputs in
	// that order).
	Inputs  []Input
	Reports []Report
	// ConnectionOverrides are in list order.
	ConnectionOverrides []ConnectionOverride
	// BetaFeatures is the beta_features object as written, or nil.
	BetaFeatures json.RawMessage

	// Warnings are what was ignored: unknown keys, keys Golgi does not
	// use. Errors are returned instead.
	Warnings []string
}

// IntegrationMethod is NEURON's secondorder.
type IntegrationMethod int

// Integration methods (run.integration_method).
const (
	Euler               IntegrationMethod = 0 // "euler", backward Euler
	CrankNicolson       IntegrationMethod = 1 // "crank_nicolson"
	CrankNicolsonIonics IntegrationMethod = 2 // "crank_nicolson_ion"
)

// Run is the run section.
type Run struct {
	TstopMS          float64 // mandatory, >= 0
	DtMS             float64 // mandatory, > 0
	RandomSeed       int64   // mandatory: the key k[0] of every Random123 stream
	SpikeThresholdMV float64 // -30
	Integration      IntegrationMethod
	StimulusSeed     int64
	IonchannelSeed   int64 // 0 with Options.Compat, whatever the file says (Q2)
	MinisSeed        int64
	SynapseSeed      int64
	ElectrodesFile   string // LFP weights (CoreNEURON only); ""
}

// Output is the output section.
type Output struct {
	Dir string // default "output" next to the configuration
	// SpikesFile is the spike file's base name (default "out.h5"): as
	// neurodamus, only the base name of spikes_file is used, inside Dir.
	SpikesFile string
	// SpikesSortOrder is "by_time" (default) or "none"; "by_id" is
	// rejected, as neurodamus rejects it.
	SpikesSortOrder string
	LogFile         string // ""
}

// SpikesPath is the spike file's path.
func (o Output) SpikesPath() string { return filepath.Join(o.Dir, o.SpikesFile) }

// Conditions is the conditions section.
type Conditions struct {
	// Given is whether the file has a non-empty conditions object (with
	// Options.Compat the defaults of CelsiusDegC and VInitMV depend on
	// it).
	Given       bool
	CelsiusDegC float64 // 34
	VInitMV     float64 // -80 (-65 with Options.Compat and no conditions)
	// ExtracellularCalciumMM scales u_syn when set (SPEC 3.1); nil when
	// absent.
	ExtracellularCalciumMM *float64
	SpikeLocation          string // "soma" (default) or "AIS"
	RandomizeGABARiseTime  bool
	// Mechanisms are the globals of conditions.mechanisms in file order:
	// {SUFFIX: {var: value}} sets var_SUFFIX.
	Mechanisms []MechanismGlobal
	// Modifications is the modifications list as written, or nil.
	Modifications json.RawMessage
}

// MechanismGlobal is one NEURON global set by conditions.mechanisms.
type MechanismGlobal struct {
	Suffix   string // "ProbAMPANMDA_EMS"
	Variable string // "init_depleted"
	// Value is the number (true is 1, false 0).
	Value float64
}

// Name is NEURON's name of the global: "init_depleted_ProbAMPANMDA_EMS".
func (g MechanismGlobal) Name() string { return g.Variable + "_" + g.Suffix }

// Input is one entry of inputs, in file order. Golgi reads its stimulus
// later (SPEC 4); here it is kept as written, paths resolved.
type Input struct {
	Name      string
	Module    string // "noise", "synapse_replay", ...
	InputType string // "current_clamp", "spikes", ...
	NodeSet   string
	JSON      json.RawMessage
}

// Report is one entry of reports, in file order.
type Report struct {
	Name         string
	Cells        string // node set; default the simulation's node_set
	Type         string // "compartment", "summation", "synapse", "lfp"
	VariableName string
	Sections     string // "soma" (default), "all", "axon", "dend", "apic"
	Compartments string // "center" for soma reports, else "all", unless given
	Scaling      string // "area" (default) or "none"
	Unit         string // "mV"
	DtMS         float64
	StartTimeMS  float64
	EndTimeMS    float64 // clipped to run.tstop
	File         string  // <output_dir>/<file_name or name>.h5
	Enabled      bool
	JSON         json.RawMessage
}

// ConnectionOverride is one entry of connection_overrides (SPEC 3.10).
// Optional values are nil when absent.
type ConnectionOverride struct {
	Name   string
	Source string // node set
	Target string // node set
	// Weight multiplies the synapses' conductances; 1 when absent, so a
	// later override without weight resets it (Q3).
	Weight                  float64
	SpontMinisHz            *float64
	SynapseConfigure        string
	ModOverride             string
	SynapseDelayOverrideMS  *float64
	DelayMS                 float64 // when the weight applies (0: from the start)
	NeuromodulationDtcMS    *float64
	NeuromodulationStrength *float64
}

// ReadSimulationConfig reads a simulation_config.json. Every error names
// the file and the key (an *Error).
func ReadSimulationConfig(path string, opt *Options) (*SimulationConfig, error) {
	if opt == nil {
		opt = &Options{}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseSimulationConfig(path, data, opt)
}

func parseSimulationConfig(path string, data []byte, opt *Options) (*SimulationConfig, error) {
	root, err := parseJSON(data)
	if err != nil {
		return nil, &Error{File: path, Err: err}
	}
	if root.kind != jObject {
		return nil, &Error{File: path, Err: fmt.Errorf("want an object, got %s", root.describe())}
	}
	m, err := newManifest(path, root)
	if err != nil {
		return nil, err
	}
	if err := m.resolveTree(root, ""); err != nil {
		return nil, err
	}
	c := &SimulationConfig{Path: path, Manifest: m.entries()}
	s := newSection(path, "", root, &c.Warnings)
	s.ignore("manifest", "version", "metadata")
	def, _ := m.resolve("network", "circuit_config.json")
	if c.Network, err = s.str("network", def, false); err != nil {
		return nil, err
	}
	if c.TargetSimulator, err = s.choice("target_simulator", "NEURON", "NEURON", "CORENEURON"); err != nil {
		return nil, err
	}
	if c.NodeSetsFile, err = s.str("node_sets_file", "", false); err != nil {
		return nil, err
	}
	if c.NodeSet, err = s.str("node_set", "", false); err != nil {
		return nil, err
	}
	if err := c.parseRun(s, opt); err != nil {
		return nil, err
	}
	if err := c.parseOutput(s, m); err != nil {
		return nil, err
	}
	if err := c.parseConditions(s, opt); err != nil {
		return nil, err
	}
	if err := c.parseInputs(s); err != nil {
		return nil, err
	}
	if err := c.parseReports(s); err != nil {
		return nil, err
	}
	if err := c.parseOverrides(s); err != nil {
		return nil, err
	}
	if v := s.field("beta_features"); v != nil {
		if v.kind != jObject {
			return nil, s.errf("beta_features", "want an object, got %s", v.describe())
		}
		c.BetaFeatures = v.marshal()
	}
	s.unknown()
	return c, nil
}

func (c *SimulationConfig) parseRun(s *section, opt *Options) error {
	r, err := s.object("run", true)
	if err != nil {
		return err
	}
	run := &c.Run
	if run.TstopMS, err = r.number("tstop", 0, true); err != nil {
		return err
	}
	if run.TstopMS < 0 {
		return r.errf("tstop", "want a number >= 0, got %g", run.TstopMS)
	}
	if opt != nil && opt.TstopMS > 0 {
		run.TstopMS = opt.TstopMS
	}
	if v := r.n.get("dt"); v != nil && v.kind != jNumber {
		return r.errf("dt", "want a positive number, got %s", v.describe())
	}
	if run.DtMS, err = r.number("dt", 0, true); err != nil {
		return err
	}
	if !(run.DtMS > 0) {
		return r.errf("dt", "want a positive number, got %g", run.DtMS)
	}
	if run.RandomSeed, err = r.integer("random_seed", 0, true); err != nil {
		return err
	}
	if run.SpikeThresholdMV, err = r.number("spike_threshold", -30, false); err != nil {
		return err
	}
	im, err := r.choice("integration_method", "euler", "euler", "crank_nicolson", "crank_nicolson_ion")
	if err != nil {
		return err
	}
	run.Integration = map[string]IntegrationMethod{"euler": Euler, "crank_nicolson": CrankNicolson, "crank_nicolson_ion": CrankNicolsonIonics}[im]
	for _, f := range []struct {
		key string
		v   *int64
	}{{"stimulus_seed", &run.StimulusSeed}, {"ionchannel_seed", &run.IonchannelSeed}, {"minis_seed", &run.MinisSeed}, {"synapse_seed", &run.SynapseSeed}} {
		if *f.v, err = r.integer(f.key, 0, false); err != nil {
			return err
		}
	}
	if opt.Compat && run.IonchannelSeed != 0 {
		c.Warnings = append(c.Warnings, fmt.Sprintf("%s: run.ionchannel_seed: %d ignored, as neurodamus ignores it (compatibility mode)", c.Path, run.IonchannelSeed))
		run.IonchannelSeed = 0
	}
	if run.ElectrodesFile, err = r.str("electrodes_file", "", false); err != nil {
		return err
	}
	r.unknown()
	return nil
}

func (c *SimulationConfig) parseOutput(s *section, m *manifest) error {
	o, err := s.object("output", false)
	if err != nil {
		return err
	}
	if o == nil {
		o = newSection(c.Path, "output", &jnode{kind: jObject}, &c.Warnings)
	}
	out := &c.Output
	def, _ := m.resolve("output.output_dir", "output")
	if out.Dir, err = o.str("output_dir", def, false); err != nil {
		return err
	}
	if out.SpikesFile, err = o.str("spikes_file", "out.h5", false); err != nil {
		return err
	}
	out.SpikesFile = filepath.Base(out.SpikesFile)
	if out.SpikesSortOrder, err = o.str("spikes_sort_order", "by_time", false); err != nil {
		return err
	}
	switch out.SpikesSortOrder {
	case "by_time", "none":
	case "by_id":
		return o.errf("spikes_sort_order", `"by_id" is not supported (neurodamus writes "by_time" or "none")`)
	default:
		return o.errf("spikes_sort_order", `want "by_time" or "none", got %q`, out.SpikesSortOrder)
	}
	if out.LogFile, err = o.str("log_file", "", false); err != nil {
		return err
	}
	o.unknown()
	return nil
}

func (c *SimulationConfig) parseConditions(s *section, opt *Options) error {
	cs, err := s.object("conditions", false)
	if err != nil {
		return err
	}
	cond := &c.Conditions
	cond.Given = cs != nil && len(cs.n.keys) > 0
	cond.CelsiusDegC, cond.VInitMV, cond.SpikeLocation = 34, -80, "soma"
	if !cond.Given {
		if opt.Compat {
			cond.VInitMV = -65
		}
		return nil
	}
	if cond.CelsiusDegC, err = cs.number("celsius", 34, false); err != nil {
		return err
	}
	if cond.VInitMV, err = cs.number("v_init", -80, false); err != nil {
		return err
	}
	if cond.ExtracellularCalciumMM, err = cs.optNumber("extracellular_calcium"); err != nil {
		return err
	}
	if cond.SpikeLocation, err = cs.choice("spike_location", "soma", "soma", "AIS"); err != nil {
		return err
	}
	if cond.RandomizeGABARiseTime, err = cs.boolean("randomize_gaba_rise_time", false); err != nil {
		return err
	}
	mech, err := cs.object("mechanisms", false)
	if err != nil {
		return err
	}
	if mech != nil {
		for i, suffix := range mech.n.keys {
			vars := mech.n.vals[i]
			key := "conditions.mechanisms." + suffix
			if vars.kind != jObject {
				return &Error{File: c.Path, Key: key, Err: fmt.Errorf("want an object of variables, got %s", vars.describe())}
			}
			for j, name := range vars.keys {
				v := vars.vals[j]
				g := MechanismGlobal{Suffix: suffix, Variable: name}
				switch v.kind {
				case jBool:
					if v.b {
						g.Value = 1
					}
				case jNumber:
					if _, err := fmt.Sscan(v.num.String(), &g.Value); err != nil {
						return &Error{File: c.Path, Key: key + "." + name, Err: fmt.Errorf("want a number, got %s", v.num)}
					}
				default:
					return &Error{File: c.Path, Key: key + "." + name, Err: fmt.Errorf("want a number or true/false, got %s", v.describe())}
				}
				cond.Mechanisms = append(cond.Mechanisms, g)
			}
		}
	}
	if v := cs.field("modifications"); v != nil {
		if v.kind != jArray && v.kind != jObject {
			return cs.errf("modifications", "want a list, got %s", v.describe())
		}
		cond.Modifications = v.marshal()
	}
	cs.unknown()
	return nil
}

func (c *SimulationConfig) parseInputs(s *section) error {
	in, err := s.object("inputs", false)
	if err != nil || in == nil {
		return err
	}
	for i, name := range in.n.keys {
		v := in.n.vals[i]
		e := newSection(c.Path, "inputs."+name, v, &c.Warnings)
		if v.kind != jObject {
			return &Error{File: c.Path, Key: e.path, Err: fmt.Errorf("want an object, got %s", v.describe())}
		}
		inp := Input{Name: name, JSON: v.marshal()}
		if inp.Module, err = e.str("module", "", true); err != nil {
			return err
		}
		if inp.InputType, err = e.str("input_type", "", true); err != nil {
			return err
		}
		if inp.NodeSet, err = e.str("node_set", "", true); err != nil {
			return err
		}
		c.Inputs = append(c.Inputs, inp)
	}
	return nil
}

func (c *SimulationConfig) parseReports(s *section) error {
	rs, err := s.object("reports", false)
	if err != nil || rs == nil {
		return err
	}
	for i, name := range rs.n.keys {
		v := rs.n.vals[i]
		e := newSection(c.Path, "reports."+name, v, &c.Warnings)
		if v.kind != jObject {
			return &Error{File: c.Path, Key: e.path, Err: fmt.Errorf("want an object, got %s", v.describe())}
		}
		r := Report{Name: name, JSON: v.marshal()}
		if r.Cells, err = e.str("cells", c.NodeSet, false); err != nil {
			return err
		}
		if r.Type, err = e.choice("type", "", "compartment", "summation", "synapse", "lfp"); err != nil {
			if e.n.get("type") == nil {
				return e.errf("type", "missing")
			}
			return err
		}
		if r.VariableName, err = e.str("variable_name", "", true); err != nil {
			return err
		}
		if r.Sections, err = e.choice("sections", "soma", "soma", "axon", "dend", "apic", "all"); err != nil {
			return err
		}
		defComp := "all"
		if r.Sections == "soma" {
			defComp = "center"
		}
		if r.Compartments, err = e.choice("compartments", defComp, "center", "all"); err != nil {
			return err
		}
		if r.Scaling, err = e.choice("scaling", "area", "area", "none"); err != nil {
			return err
		}
		if r.Unit, err = e.str("unit", "mV", false); err != nil {
			return err
		}
		if r.DtMS, err = e.number("dt", 0, true); err != nil {
			return err
		}
		if !(r.DtMS > 0) {
			return e.errf("dt", "want a positive number, got %g", r.DtMS)
		}
		if r.DtMS < c.Run.DtMS {
			return e.errf("dt", "%g is smaller than run.dt %g", r.DtMS, c.Run.DtMS)
		}
		if r.StartTimeMS, err = e.number("start_time", 0, true); err != nil {
			return err
		}
		if r.EndTimeMS, err = e.number("end_time", 0, true); err != nil {
			return err
		}
		if r.StartTimeMS > r.EndTimeMS {
			return e.errf("start_time", "%g is after end_time %g", r.StartTimeMS, r.EndTimeMS)
		}
		r.EndTimeMS = min(r.EndTimeMS, c.Run.TstopMS)
		fileName, err := e.str("file_name", name, false)
		if err != nil {
			return err
		}
		if !strings.HasSuffix(fileName, ".h5") {
			fileName += ".h5"
		}
		r.File = fileName
		if !filepath.IsAbs(fileName) {
			r.File = filepath.Join(c.Output.Dir, fileName)
		}
		if r.Enabled, err = e.boolean("enabled", true); err != nil {
			return err
		}
		c.Reports = append(c.Reports, r)
	}
	return nil
}

func (c *SimulationConfig) parseOverrides(s *section) error {
	v := s.field("connection_overrides")
	if v == nil {
		return nil
	}
	if v.kind != jArray {
		return s.errf("connection_overrides", "want a list, got %s", v.describe())
	}
	for i, e := range v.arr {
		key := fmt.Sprintf("connection_overrides[%d]", i)
		if e.kind != jObject {
			return &Error{File: c.Path, Key: key, Err: fmt.Errorf("want an object, got %s", e.describe())}
		}
		o := newSection(c.Path, key, e, &c.Warnings)
		var co ConnectionOverride
		var err error
		if co.Name, err = o.str("name", "", true); err != nil {
			return err
		}
		if co.Source, err = o.str("source", "", true); err != nil {
			return err
		}
		if co.Target, err = o.str("target", "", true); err != nil {
			return err
		}
		if co.Weight, err = o.number("weight", 1, false); err != nil {
			return err
		}
		if co.SpontMinisHz, err = o.optNumber("spont_minis"); err != nil {
			return err
		}
		if co.SynapseConfigure, err = o.str("synapse_configure", "", false); err != nil {
			return err
		}
		if co.ModOverride, err = o.str("modoverride", "", false); err != nil {
			return err
		}
		if co.SynapseDelayOverrideMS, err = o.optNumber("synapse_delay_override"); err != nil {
			return err
		}
		if co.DelayMS, err = o.number("delay", 0, false); err != nil {
			return err
		}
		if co.NeuromodulationDtcMS, err = o.optNumber("neuromodulation_dtc"); err != nil {
			return err
		}
		if co.NeuromodulationStrength, err = o.optNumber("neuromodulation_strength"); err != nil {
			return err
		}
		o.unknown()
		c.ConnectionOverrides = append(c.ConnectionOverrides, co)
	}
	return nil
}

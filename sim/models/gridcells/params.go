package gridcells

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim/spec"
)

//go:embed defaults/default_model_params.json
var defaultModelJSON []byte

//go:embed defaults/default_sim_params.json
var defaultSimJSON []byte

// ModelParams are the keys of GridCellsCond's default_model_params.json,
// under their original names (the json tags) and with their original
// units: ms, mV, nA, uS, S/cm2, mA/cm2; kernel means in cells (1D) and
// widths in radians (1D). SPEC.md section 8.1 gives each key's meaning.
// Keys the original reads but does not use are kept so that every
// original spec parses.
type ModelParams struct {
	NIntrnrn  int `json:"N_intrnrn"`   // interneurons; the 1D ring size
	NStell    int `json:"N_stell"`     // stellates (1D: two rings)
	NPerSheet int `json:"N_per_sheet"` // cells per ring or sheet

	IsPeak  float64 `json:"is_peak"`  // I->S kernel peak
	IsStdev float64 `json:"is_stdev"` // I->S kernel width (rad in 1D)
	IsMean  float64 `json:"is_mean"`  // I->S kernel radius (cells in 1D)
	SiPeak  float64 `json:"si_peak"`  // S->I kernel peak
	SiStdev float64 `json:"si_stdev"` // S->I kernel width (rad in 1D)
	SiMean  SiMean  `json:"si_mean"`  // S->I offset: cells (1D) or [dx, dy] per sheet (2D)
	IiPeak  float64 `json:"ii_peak"`  // I->I kernel peak
	IiStdev float64 `json:"ii_stdev"` // I->I kernel width (rad in 1D)
	IiMean  float64 `json:"ii_mean"`  // I->I kernel radius (cells in 1D)

	NPerAxis     int `json:"N_per_axis"`     // 2D side for the 2D analysis (the 2d config recomputes it)
	NSheetsStell int `json:"N_sheets_stell"` // unused by the original

	ConnID  string          `json:"conn_id"`  // connectivity config: 1d, 2d, asym, motif, stdn
	InstrID string          `json:"instr_id"` // instrumentation: 1d, 2d, motif, stdn
	TrajID  json.RawMessage `json:"traj_id"`  // trajectory file id (vel_type input); null by default
	VelType string          `json:"vel_type"` // const (input, ACVT-1DAC, PRED-IHD later)
	InputID json.RawMessage `json:"input_id"` // extra single-cell or motif input; false by default

	SsSynGmax float64 `json:"ss_syn_gmax"` // uS per unit weight, S->S (no such synapses exist)
	SiSynGmax float64 `json:"si_syn_gmax"` // uS per unit weight, S->I
	IiSynGmax float64 `json:"ii_syn_gmax"` // uS per unit weight, I->I
	IsSynGmax float64 `json:"is_syn_gmax"` // uS per unit weight, I->S

	IntrnrnDCAmp float64 `json:"intrnrn_dc_amp"` // interneuron DC, nA
	StellConstDC Amps    `json:"stell_const_dc"` // stellate DC per ring or sheet (1D: [right, left]; 2D: [E, W, N, S]; motif: one number), nA

	StellNoise       []float64 `json:"stell_noise"`        // ongoing noise [end ms, mean nA, sd nA]
	StellInitNoise   []float64 `json:"stell_init_noise"`   // initial noise [duration ms, mean nA, sd nA]
	IntrnrnNoise     []float64 `json:"intrnrn_noise"`      // as stell_noise, interneurons
	IntrnrnInitNoise []float64 `json:"intrnrn_init_noise"` // as stell_init_noise, interneurons
	NoiseSeed        int64     `json:"noise_seed"`         // ongoing noise of gid g uses stream g + noise_seed
	InitNoiseSeed    int64     `json:"init_noise_seed"`    // initial noise of gid g uses stream g + init_noise_seed

	AmpITheta       float64 `json:"Amp_i_theta"`       // interneuron theta amplitude, mA/cm2
	PhiITheta       float64 `json:"phi_i_theta"`       // interneuron theta time offset, ms
	OmegaITheta     float64 `json:"omega_i_theta"`     // interneuron theta frequency, 1/ms
	StellThetaAmp   float64 `json:"stell_theta_Amp"`   // stellate theta amplitude, mA/cm2
	StellThetaOmega float64 `json:"stell_theta_omega"` // stellate theta frequency, 1/ms

	GHBar   float64 `json:"g_h_bar"`  // stellate HCN conductance, S/cm2
	GNaPBar float64 `json:"gnap_bar"` // stellate persistent Na conductance, S/cm2
	HsTau   float64 `json:"hs_tau"`   // slow HCN time-constant scale, ms
	HfTau   float64 `json:"hf_tau"`   // fast HCN time-constant scale, ms

	NPhases int     `json:"n_phases"` // cells per pattern period (decoders)
	Lambda0 float64 `json:"lambda0"`  // period of the decoded position, rad

	InitAllotheticInput bool            `json:"init_allothetic_input"`
	AllotheticStellDC   float64         `json:"allothetic_stell_dc"`
	AllotheticNrnN      int             `json:"allothetic_nrn_n"`
	AllotheticDur       float64         `json:"allothetic_dur"`
	VelIntegOr          float64         `json:"vel_integ_or"`
	SiAsymFactor        []float64       `json:"si_asym_factor"`
	IsAsymFactor        []float64       `json:"is_asym_factor"`
	IsPeakAsymFact      float64         `json:"is_peak_asym_fact"`
	IsMeanAsymFactor    float64         `json:"is_mean_asym_factor"`
	ExtraParams         json.RawMessage `json:"extra_params"`
	NetconDelay         float64         `json:"netcon_delay"` // delay of every synapse, ms
}

// SimParams are the keys of GridCellsCond's default_sim_params.json,
// under their original names, plus t_simulation, which the original adds
// to a run's parameter file.
type SimParams struct {
	SimDateTime          *string         `json:"sim_date_time"`
	SimDur               float64         `json:"sim_dur"` // ms
	Dt                   float64         `json:"dt"`      // grid of played DC inputs, ms (NEURON itself steps 0.025 ms)
	SimID                Name            `json:"sim_id"`
	SimNum               int             `json:"sim_num"`
	SplitSim             json.RawMessage `json:"split_sim"`
	NNodes               int             `json:"n_nodes"`
	NCpus                *int            `json:"n_cpus"`
	PostSimAnalysis      bool            `json:"post_sim_analysis"`
	ShowProgressBar      bool            `json:"show_progress_bar"`
	RecorderDt           float64         `json:"recorder_dt"` // ms
	DataRoot             string          `json:"data_root"`
	Python               json.RawMessage `json:"python"`
	BuildConnMatrix      bool            `json:"build_conn_matrix"`
	SaveConnMatrix       bool            `json:"save_conn_matrix"`
	MatrixID             string          `json:"matrix_id"`
	SplitBuiltConnMatrix bool            `json:"split_built_conn_matrix"`
	GitCommitHash        *string         `json:"git_commit_hash"`

	RecordHandleStell   map[string]*RecordHandle `json:"record_handle_stell"`
	RecordHandleIntrnrn map[string]*RecordHandle `json:"record_handle_intrnrn"`

	TSimulation *float64 `json:"t_simulation,omitempty"` // s, written after a run
}

// RecordHandle is one entry of record_handle_stell or
// record_handle_intrnrn: whether the data_id is recorded, for which cells
// (gids), and where (the original's NEURON location, which cannot be
// changed).
type RecordHandle struct {
	State         bool    `json:"state"`
	CellsToRecord Cells   `json:"cells_to_record"`
	Loc           *string `json:"loc,omitempty"`
}

// Cells is cells_to_record: "all" or a list of gids.
type Cells struct {
	All  bool
	GIDs []int
}

// MarshalJSON writes "all" or the list.
func (c Cells) MarshalJSON() ([]byte, error) {
	if c.All {
		return []byte(`"all"`), nil
	}
	if c.GIDs == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(c.GIDs)
}

// UnmarshalJSON reads "all" or a list of gids.
func (c *Cells) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		if s != "all" {
			return fmt.Errorf(`%q, want "all" or a list of gids`, s)
		}
		*c = Cells{All: true}
		return nil
	}
	var xs []float64
	if err := json.Unmarshal(b, &xs); err != nil {
		return fmt.Errorf(`%s, want "all" or a list of gids`, b)
	}
	g := make([]int, len(xs))
	for i, x := range xs {
		if x != math.Trunc(x) || math.Abs(x) > math.MaxInt32 {
			return fmt.Errorf("gid %g is not an integer", x)
		}
		g[i] = int(x)
	}
	*c = Cells{GIDs: g}
	return nil
}

// Name is a name the original accepts as a string or a number (sim_id).
type Name string

// UnmarshalJSON accepts a string or a number.
func (n *Name) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*n = Name(s)
		return nil
	}
	var x json.Number
	if err := json.Unmarshal(b, &x); err != nil {
		return fmt.Errorf("%s, want a string or a number", b)
	}
	*n = Name(x.String())
	return nil
}

// Amps is stell_const_dc: a list of currents (nA), or one number, which
// the motif instrumentation takes and which reads as a list of one.
type Amps []float64

// UnmarshalJSON reads a list of numbers or one number.
func (a *Amps) UnmarshalJSON(b []byte) error {
	var x float64
	if err := json.Unmarshal(b, &x); err == nil {
		*a = Amps{x}
		return nil
	}
	var xs []float64
	if err := json.Unmarshal(b, &xs); err != nil {
		return fmt.Errorf("%s, want a list of numbers (nA) or one number", b)
	}
	*a = xs
	return nil
}

// SiMean is si_mean: the S->I offset in cells (1D, a number) or one
// [dx, dy] offset per stellate sheet (2D, a list).
type SiMean struct {
	Cells   float64
	Offsets [][2]float64 // non-nil for the list form
}

// MarshalJSON writes the number or the list.
func (s SiMean) MarshalJSON() ([]byte, error) {
	if s.Offsets != nil {
		return json.Marshal(s.Offsets)
	}
	return json.Marshal(s.Cells)
}

// UnmarshalJSON reads a number or a list of [dx, dy] pairs.
func (s *SiMean) UnmarshalJSON(b []byte) error {
	var x float64
	if err := json.Unmarshal(b, &x); err == nil {
		*s = SiMean{Cells: x}
		return nil
	}
	var xs [][]float64
	if err := json.Unmarshal(b, &xs); err != nil {
		return fmt.Errorf("%s, want a number (1D) or a list of [dx, dy] pairs (2D)", b)
	}
	o := make([][2]float64, len(xs))
	for i, p := range xs {
		if len(p) != 2 {
			return fmt.Errorf("entry %d has %d values, want [dx, dy]", i, len(p))
		}
		o[i] = [2]float64{p[0], p[1]}
	}
	*s = SiMean{Offsets: o}
	return nil
}

// Defaults returns the original's default_model_params.json and
// default_sim_params.json (embedded in the package; a test checks that they
// parse, so that this cannot fail).
func Defaults() (ModelParams, SimParams) {
	m, s, _ := defaults()
	return m, s
}

func defaults() (ModelParams, SimParams, error) {
	var m ModelParams
	var s SimParams
	for _, f := range []struct {
		data []byte
		v    any
	}{{defaultModelJSON, &m}, {defaultSimJSON, &s}} {
		d := json.NewDecoder(bytes.NewReader(f.data))
		d.DisallowUnknownFields()
		if err := d.Decode(f.v); err != nil {
			return m, s, fmt.Errorf("gridcells: embedded default parameters: %w", err)
		}
	}
	compactRaw(reflect.ValueOf(&m).Elem())
	compactRaw(reflect.ValueOf(&s).Elem())
	return m, s, nil
}

// keyIndex maps each original key to its struct (0 model, 1 sim) and field.
var keyIndex = func() map[string][2]int {
	idx := map[string][2]int{}
	for k, t := range []reflect.Type{reflect.TypeOf(ModelParams{}), reflect.TypeOf(SimParams{})} {
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			idx[name] = [2]int{k, i}
		}
	}
	return idx
}()

// Keys returns every parameter key, model keys first, in the order of the
// original's files.
func Keys() []string {
	var keys []string
	for _, t := range []reflect.Type{reflect.TypeOf(ModelParams{}), reflect.TypeOf(SimParams{})} {
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			keys = append(keys, name)
		}
	}
	return keys
}

// ParseParams returns the defaults updated with the JSON object data, as
// the original's Param.update_params: data may be a spec's input
// parameters or a whole parameter file (a run's <sim_id>.json). Every key
// replaces its default wholesale, except record_handle_stell and
// record_handle_intrnrn, whose named entries replace only their state and
// (if given) cells_to_record. An unknown key is an error naming it and the
// closest known key; so is a value of the wrong type.
func ParseParams(data []byte) (ModelParams, SimParams, error) {
	m, s, err := defaults()
	if err != nil {
		return m, s, err
	}
	err = Update(&m, &s, data)
	return m, s, err
}

// Update applies the JSON object data to m and s as ParseParams does.
func Update(m *ModelParams, s *SimParams, data []byte) error {
	var obj map[string]json.RawMessage
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&obj); err != nil {
		return fmt.Errorf("gridcells parameters: %w", err)
	}
	if obj == nil {
		return fmt.Errorf("gridcells parameters: want a JSON object")
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		raw := obj[k]
		ix, ok := keyIndex[k]
		if !ok {
			return fmt.Errorf("gridcells parameters: invalid input param %q (unknown key; the closest known key is %q)", k, spec.Closest(k, Keys()))
		}
		switch k {
		case "record_handle_stell":
			if err := updateHandles(k, s.RecordHandleStell, raw); err != nil {
				return err
			}
			continue
		case "record_handle_intrnrn":
			if err := updateHandles(k, s.RecordHandleIntrnrn, raw); err != nil {
				return err
			}
			continue
		}
		if k == "sim_num" {
			// The original's multi-run specs may give sim_num as a string
			// ("0"): it only names the HDF5 group.
			var str string
			if json.Unmarshal(raw, &str) == nil {
				if n, err := strconv.Atoi(str); err == nil && n >= 0 && strconv.Itoa(n) == str {
					raw = json.RawMessage(str)
				}
			}
		}
		var target reflect.Value
		if ix[0] == 0 {
			target = reflect.ValueOf(m).Elem().Field(ix[1])
		} else {
			target = reflect.ValueOf(s).Elem().Field(ix[1])
		}
		if err := setValue(target, raw); err != nil {
			return fmt.Errorf("gridcells parameters: key %q: %v", k, err)
		}
	}
	return nil
}

// setValue replaces v with the JSON value raw. Integers may be written as
// integral floats (192.0), as Python writes them after arithmetic.
func setValue(v reflect.Value, raw json.RawMessage) error {
	nv := reflect.New(v.Type())
	switch v.Kind() {
	case reflect.Int, reflect.Int64:
		var x float64
		if err := json.Unmarshal(raw, &x); err != nil {
			return fmt.Errorf("%s, want an integer", raw)
		}
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return fmt.Errorf("%s, want an integer", raw)
		}
		nv.Elem().SetInt(int64(x))
	case reflect.Slice:
		if v.Type() == rawType {
			var b bytes.Buffer
			if err := json.Compact(&b, raw); err != nil {
				return err
			}
			nv.Elem().SetBytes(b.Bytes())
			break
		}
		fallthrough
	default:
		if err := json.Unmarshal(raw, nv.Interface()); err != nil {
			var te *json.UnmarshalTypeError
			if ok := asTypeError(err, &te); ok {
				return fmt.Errorf("%s, want %s", raw, describeType(v.Type()))
			}
			return err
		}
	}
	v.Set(nv.Elem())
	return nil
}

var rawType = reflect.TypeOf(json.RawMessage(nil))

// compactRaw compacts every json.RawMessage field of the struct v, so that
// equal values compare equal whatever their layout in a file.
func compactRaw(v reflect.Value) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if f.Type() != rawType || f.Len() == 0 {
			continue
		}
		var b bytes.Buffer
		if json.Compact(&b, f.Bytes()) == nil {
			f.SetBytes(b.Bytes())
		}
	}
}

func asTypeError(err error, te **json.UnmarshalTypeError) bool {
	t, ok := err.(*json.UnmarshalTypeError)
	if ok {
		*te = t
	}
	return ok
}

func describeType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Float64 {
			return "a list of numbers"
		}
	case reflect.Pointer:
		return describeType(t.Elem()) + " or null"
	}
	return t.String()
}

// updateHandles applies a record_handle_* override: each named entry must
// exist; its state is required and replaced, cells_to_record replaced if
// given; loc, which the original ignores, must equal the default.
func updateHandles(key string, handles map[string]*RecordHandle, raw json.RawMessage) error {
	var obj map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return fmt.Errorf("gridcells parameters: key %q: want an object of {data_id: {state, cells_to_record}}: %v", key, err)
	}
	names := make([]string, 0, len(handles))
	for n := range handles {
		names = append(names, n)
	}
	sort.Strings(names)
	ids := make([]string, 0, len(obj))
	for id := range obj {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		h, ok := handles[id]
		if !ok {
			return fmt.Errorf("gridcells parameters: %s: invalid recorder param %q (the closest data_id is %q)", key, id, spec.Closest(id, names))
		}
		entry := obj[id]
		where := key + "." + id
		for sub := range entry {
			if sub != "state" && sub != "cells_to_record" && sub != "loc" {
				return fmt.Errorf("gridcells parameters: %s: unknown key %q (the closest known key is %q)", where, sub, spec.Closest(sub, []string{"state", "cells_to_record", "loc"}))
			}
		}
		st, ok := entry["state"]
		if !ok {
			return fmt.Errorf("gridcells parameters: %s: no \"state\", want true or false", where)
		}
		var state bool
		if err := json.Unmarshal(st, &state); err != nil {
			return fmt.Errorf("gridcells parameters: %s.state: %s, want true or false", where, st)
		}
		cells := h.CellsToRecord
		if c, ok := entry["cells_to_record"]; ok {
			cells = Cells{}
			if err := json.Unmarshal(c, &cells); err != nil {
				return fmt.Errorf("gridcells parameters: %s.cells_to_record: %v", where, err)
			}
		}
		if l, ok := entry["loc"]; ok {
			var loc string
			if err := json.Unmarshal(l, &loc); err != nil || h.Loc == nil || loc != *h.Loc {
				def := "none"
				if h.Loc != nil {
					def = strconv.Quote(*h.Loc)
				}
				return fmt.Errorf("gridcells parameters: %s.loc: %s cannot be changed (the location is %s)", where, l, def)
			}
		}
		h.State, h.CellsToRecord = state, cells
	}
	return nil
}

// MarshalParams returns the full parameter dictionary as the original
// writes <sim_id>/<sim_id>.json: the model keys, then the sim keys, in the
// order of the original's files.
func MarshalParams(m ModelParams, s SimParams) ([]byte, error) {
	mb, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	sb, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Write(mb[:len(mb)-1])
	buf.WriteByte(',')
	buf.Write(sb[1:])
	var out bytes.Buffer
	if err := json.Indent(&out, buf.Bytes(), "", " "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

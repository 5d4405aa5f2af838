package miv_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/models/miv"
)

// cfgSmallRanges, cfgRCRanges and cfgFullRanges are SPEC 2.1's (and section 8 check 2's) gid ranges:
// [start, end) of STIM, PYR, PVBC, OLM.
var (
	cfgSmallRanges = [][2]int{{0, 10}, {10, 90}, {90, 143}, {143, 187}}
	cfgRCRanges    = [][2]int{{0, 64}, {64, 287}, {287, 380}, {380, 401}}
	cfgFullRanges  = [][2]int{{0, 1000}, {1000, 81000}, {81000, 82474}, {82474, 82912}}
)

// cfgCheckRanges compares a configuration's gid ranges with want (STIM 0,
// PYR 100, PVBC 101, OLM 102).
func cfgCheckRanges(t *testing.T, cfg *miv.Config, want [][2]int) {
	t.Helper()
	got := cfg.PopulationRanges()
	names := []string{"STIM", "PYR", "PVBC", "OLM"}
	ids := []int{0, 100, 101, 102}
	if len(got) != len(want) {
		t.Fatalf("%d populations, want %d", len(got), len(want))
	}
	for i, r := range got {
		if r.Name != names[i] || r.ID != ids[i] || r.Start != want[i][0] || r.Start+r.Count != want[i][1] {
			t.Errorf("population %d: %s id %d gids [%d, %d), want %s id %d [%d, %d)",
				i, r.Name, r.ID, r.Start, r.Start+r.Count, names[i], ids[i], want[i][0], want[i][1])
		}
	}
}

// cfgCaseFiles lists every YAML file of the cases' configurations.
func cfgCaseFiles(t *testing.T) (root string, files []string) {
	root = refdata.Require(t, "miv/cases")
	for _, pat := range []string{"*/config/*.yaml", "3-interface-api/simulation/config/*.yml", "3-interface-api/simulation/config/legacy/*.yaml"} {
		m, err := filepath.Glob(filepath.Join(root, pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 100 {
		t.Fatalf("%d configuration files under %s, want the cases' 115", len(files), root)
	}
	return root, files
}

// cfgJSON reads a file with includes resolved as a JSON value.
func cfgJSON(t *testing.T, path string) any {
	t.Helper()
	data, err := miv.ReadYAML(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: ReadYAML's JSON: %v", path, err)
	}
	return v
}

// cfgSub is the value at a key path of a JSON value.
func cfgSub(v any, ks ...string) any {
	for _, k := range ks {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// TestConfigCasesLoad loads every configuration file of every case unchanged,
// each as what it is: a model configuration (Load, validated, its gid
// ranges checked), a part that model files include (LoadPart into its
// type, and compared with the model's resolved value), a mechanism
// file of a reduced cell (LoadMechanism), or a file of MiV's tools
// (Network Clamp, optimize_network). A file the table does not know
// fails the test.
func TestConfigCasesLoad(t *testing.T) {
	root, files := cfgCaseFiles(t)
	models := map[string][][2]int{
		"Microcircuit_Small.yaml":                         cfgSmallRanges,
		"Microcircuit_Small_Tomko_PR.yaml":                cfgSmallRanges,
		"Network_Clamp_Microcircuit_Small.yaml":           cfgSmallRanges,
		"Network_Clamp_Microcircuit_Small_Bilash_PR.yaml": cfgSmallRanges,
		"Microcircuit.yaml":                               cfgFullRanges,
		"Microcircuit_reducedPYR.yaml":                    cfgFullRanges,
		"default.yaml":                                    cfgFullRanges,
	}
	// parts: the type a part decodes into and the key of the model
	// file that includes it.
	type part struct {
		v   func() any
		key []string
	}
	parts := map[string]part{
		"Definitions.yaml":              {func() any { return new(miv.Definitions) }, []string{"Definitions"}},
		"Global.yaml":                   {func() any { return new(miv.GlobalParameters) }, []string{"Global Parameters"}},
		"Geometry_Small.yaml":           {func() any { return new(miv.Geometry) }, []string{"Geometry"}},
		"Geometry.yaml":                 {func() any { return new(miv.Geometry) }, []string{"Geometry"}},
		"Random.yaml":                   {func() any { return new(miv.RandomSeeds) }, []string{"Random Seeds"}},
		"Microcircuit_Connections.yaml": {func() any { return new(miv.ConnectionGenerator) }, []string{"Connection Generator"}},
		"Connections.yaml":              {func() any { return new(miv.ConnectionGenerator) }, []string{"Connection Generator"}},
		"Synapse_Parameter_Rules.yaml":  {func() any { return new(miv.Map[miv.SynapseRule]) }, []string{"Connection Generator", "Synapse Parameter Rules"}},
		"Axon_Extent.yaml":              {func() any { return new(miv.AxonExtents) }, []string{"Connection Generator", "Axon Extent"}},
		"Connection_Velocity.yaml":      {func() any { return new(miv.Map[float64]) }, []string{"Connection Generator", "Connection Velocity"}},
		"Gap_Junctions.yaml":            {func() any { return new(miv.GapJunctions) }, []string{"Connection Generator", "Gap Junctions"}},
		"Recording.yaml":                {func() any { return new(miv.Recording) }, []string{"Recording"}},
		"Input_Configuration.yaml":      {func() any { return new(miv.Stimulus) }, []string{"Stimulus"}},
		"Analysis_Configuration.yaml":   {func() any { return new(miv.Analysis) }, []string{"Analysis"}},
		"PYR_synapse_density.yaml":      {func() any { return new(miv.Map[miv.Map[miv.Map[miv.SynapseDensity]]]) }, []string{"Cell Types", "PYR", "synapses", "density"}},
		"PVBC_synapse_density.yaml":     {func() any { return new(miv.Map[miv.Map[miv.Map[miv.SynapseDensity]]]) }, []string{"Cell Types", "PVBC", "synapses", "density"}},
		"OLM_synapse_density.yaml":      {func() any { return new(miv.Map[miv.Map[miv.Map[miv.SynapseDensity]]]) }, []string{"Cell Types", "OLM", "synapses", "density"}},
		"Network_Clamp.yaml":            {func() any { return new(miv.Raw) }, []string{"Network Clamp"}},
		"synapses.yml":                  {func() any { return new(miv.Synapses) }, nil},
		"cell_types.yml":                {func() any { return new(miv.CellTypes) }, nil},
		"layer_extents.yml":             {func() any { return new(miv.Map[miv.Extent]) }, nil},
		"cell_distributions.yml":        {func() any { return new(miv.Map[miv.Map[int]]) }, nil},
		"axon_extents.yml":              {func() any { return new(miv.AxonExtents) }, nil},
	}
	// mechanism files: the model and population that name them ("" for
	// PYR_SoldadoMagraner.yaml, which only comments name).
	mechanisms := map[string][2]string{
		"PYR_SoldadoMagraner.yaml": {"", ""},
		"BRK_MN_config.yaml":       {"Microcircuit_Small.yaml", "PYR"},
		"CA1_OLM_PR_config.yaml":   {"Microcircuit_Small_Tomko_PR.yaml", "OLM"},
		"CA1_PVBC_PR_config.yaml":  {"Microcircuit_Small_Tomko_PR.yaml", "PVBC"},
		"CA1_PYR_Bilash.yaml":      {"Network_Clamp_Microcircuit_Small_Bilash_PR.yaml", "PYR"},
	}
	seen := map[string]bool{}
	for _, path := range files {
		base := filepath.Base(path)
		rel, _ := filepath.Rel(root, path)
		seen[base] = true
		t.Run(rel, func(t *testing.T) {
			dir := filepath.Dir(path)
			switch {
			case models[base] != nil:
				cfg, err := miv.Load(path)
				if err != nil {
					t.Fatal(err)
				}
				cfgCheckRanges(t, cfg, models[base])
				if n := len(cfg.ValidProjections()); n != 10 {
					t.Errorf("%d valid projections, want SPEC 8's 10", n)
				}
			case parts[base].v != nil:
				p := parts[base]
				if err := miv.LoadPart(path, p.v()); err != nil {
					t.Fatal(err)
				}
				// The value the including model holds is the part.
				if p.key == nil {
					return
				}
				model := ""
				for m := range models {
					if _, err := os.Stat(filepath.Join(dir, m)); err == nil && strings.Contains(cfgRead(t, filepath.Join(dir, m)), "!include") {
						model = m
						break
					}
				}
				if base == "Geometry.yaml" || base == "Connections.yaml" {
					model = "default.yaml"
				}
				if base == "Network_Clamp.yaml" {
					model = "Network_Clamp_Microcircuit_Small.yaml"
				}
				if model == "" {
					t.Fatalf("no model file next to %s", path)
				}
				if base == "Microcircuit_Connections.yaml" && strings.Contains(dir, "legacy") {
					model = "Microcircuit.yaml"
				}
				got := cfgSub(cfgJSON(t, filepath.Join(dir, model)), p.key...)
				if want := cfgJSON(t, path); !reflect.DeepEqual(got, want) {
					t.Errorf("%s's %s differs from %s", model, strings.Join(p.key, "."), base)
				}
			case mechanisms[base][0] != "" || base == "PYR_SoldadoMagraner.yaml":
				m := mechanisms[base]
				want := cfgJSON(t, path)
				if m[0] == "" {
					if cfgSub(want, "soma", "cable", "L", "value") != 50.0 {
						t.Errorf("soma.cable.L.value = %v, want 50", cfgSub(want, "soma", "cable", "L", "value"))
					}
					return
				}
				cfg, err := miv.Load(filepath.Join(dir, m[0]))
				if err != nil {
					t.Fatal(err)
				}
				data, err := cfg.LoadMechanism(m[1])
				if err != nil {
					t.Fatal(err)
				}
				var got any
				if err := json.Unmarshal(data, &got); err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("LoadMechanism(%s) of %s: %v, want the file's value", m[1], m[0], err)
				}
			case base == "optimize_network.yaml":
				v := cfgJSON(t, path)
				model, _ := cfgSub(v, "kwargs", "config").(string)
				if model != "Network_Clamp_Microcircuit_Small_Bilash_PR.yaml" {
					t.Fatalf("kwargs.config = %q", model)
				}
				if _, err := miv.Load(filepath.Join(dir, model)); err != nil {
					t.Fatal(err)
				}
				if n := len(cfgSub(v, "Network Optimization", "Objectives").([]any)); n != 5 {
					t.Errorf("%d objectives, want 5", n)
				}
			default:
				t.Fatalf("%s: not in the test's table of the cases' files", base)
			}
		})
	}
	for _, tab := range []map[string]bool{cfgKeys(models), cfgKeys(parts), cfgKeys(mechanisms)} {
		for name := range tab {
			if !seen[name] {
				t.Errorf("%s: in the table, not among the cases' files", name)
			}
		}
	}
}

func cfgKeys[T any](m map[string]T) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func cfgRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestConfigSmall checks Microcircuit_Small.yaml's tables against SPEC 1.2-1.8
// (the values of its tables, which were read from the files).
func TestConfigSmall(t *testing.T) {
	path := refdata.Require(t, "miv/cases/1-construction/config/Microcircuit_Small.yaml")
	cfg, err := miv.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ModelName != "Microcircuit_Small" || cfg.DatasetName != "Microcircuit_Small" ||
		cfg.CellData != "MiV_Cells_Microcircuit_Small_20220410.h5" || cfg.ConnectionData != "MiV_Connections_Microcircuit_Small_20220410.h5" {
		t.Errorf("names: %q %q %q %q", cfg.ModelName, cfg.DatasetName, cfg.CellData, cfg.ConnectionData)
	}
	if cfg.GlobalParameters == nil || cfg.GlobalParameters.CelsiusDegC != 35 {
		t.Errorf("celsius %+v, want 35", cfg.GlobalParameters)
	}
	// SPEC 1.2.
	d := cfg.Definitions
	for _, tc := range []struct {
		m    miv.Map[int]
		want string
	}{
		{d.SWCTypes, "soma 1 axon 2 basal 3 apical 4 trunk 5 tuft 6 ais 7 hillock 8"},
		{d.SynapseTypes, "excitatory 0 inhibitory 1 modulatory 2"},
		{d.SynapseMechanisms, "AMPA 0 GABA_A 1 GABA_B 2 NMDA 30"},
		{d.Layers, "Hilus 0 GCL 1 IML 2 MML 3 OML 4 SO 5 SP 6 SL 7 SR 8 SLM 9"},
		{d.Populations, "STIM 0 PYR 100 PVBC 101 OLM 102"},
		{d.InputSelectivityTypes, "random 0 constant 1"},
	} {
		var parts []string
		for _, it := range tc.m {
			parts = append(parts, it.Name, strconv.Itoa(it.Value))
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("definitions %q, want %q", got, tc.want)
		}
	}
	cfgCheckRanges(t, cfg, cfgSmallRanges)
	// SPEC 1.3.
	g := cfg.Geometry
	ps := g.ParametricSurface
	if ps.Origin.U.String() != "median" || ps.Origin.V.String() != "median" || ps.Origin.L.String() != "max" || ps.RotationDeg != [3]float64{} {
		t.Errorf("origin %v %v %v, rotation %v", ps.Origin.U, ps.Origin.V, ps.Origin.L, ps.RotationDeg)
	}
	wantL := map[string][2]float64{"SO": {0, 100}, "SP": {100, 150}, "SR": {150, 350}, "SLM": {350, 450}}
	if len(ps.LayerExtents) != 4 {
		t.Errorf("%d layers, want 4", len(ps.LayerExtents))
	}
	for _, l := range ps.LayerExtents {
		e := l.Value
		if w := wantL[l.Name]; e.MinUm != [3]float64{0, 0, w[0]} || e.MaxUm != [3]float64{1000, 1000, w[1]} {
			t.Errorf("layer %s: %v..%v, want 1000 x 1000, L %v", l.Name, e.MinUm, e.MaxUm, w)
		}
	}
	pvbc, _ := g.CellDistribution.Get("PVBC")
	for layer, n := range map[string]int{"SO": 35, "SP": 10, "SR": 8, "SLM": 0} {
		if got, _ := pvbc.Get(layer); got != n {
			t.Errorf("PVBC %s: %d cells, want %d", layer, got, n)
		}
	}
	pv, _ := g.CellConstraints.Get("PVBC")
	if r, _ := pv.Get("SR"); r != (miv.RangeUm{150, 200}) {
		t.Errorf("PVBC SR constraint %v, want [150, 200]", r)
	}
	// Warnings: the constraint of PC, which MiV ignores, and the two
	// electrodes, 2095 and 2125 µm from the SO box (|(-1205.5, 1700.3,
	// -211.7)|, |(-1205.5, 1700.3, -411.7)|), beyond maxEDist.
	if len(cfg.Warnings) != 3 || !strings.Contains(cfg.Warnings[0], `Geometry.Cell Constraints.PC: population "PC" is not defined`) ||
		!strings.Contains(cfg.Warnings[1], "Recording.yaml:83: Recording.LFP.Electrode 0: the electrode at [-1205.5 2700.3 -211.7] µm is 2095 µm from the nearest layer (SO)") ||
		!strings.Contains(cfg.Warnings[2], "Recording.LFP.Electrode 1: the electrode at [-1205.5 2700.3 -411.7] µm is 2125 µm from the nearest layer (SO)") {
		t.Errorf("warnings %q", cfg.Warnings)
	}
	// SPEC 1.6: the seeds of Random.yaml.
	if cfg.RandomSeeds != miv.DefaultRandomSeeds {
		t.Errorf("seeds %+v, want %+v", cfg.RandomSeeds, miv.DefaultRandomSeeds)
	}
	// SPEC 1.4: mechanisms, axon extents, velocities, projections.
	cg := cfg.ConnectionGenerator
	for label, model := range map[string]string{"AMPA": "LinExp2Syn", "NMDA": "LinExp2SynNMDA", "GABA_A": "LinExp2Syn", "GABA_B": "LinExp2Syn"} {
		if got, _ := cg.SynapseMechanisms.Get(label); got != model {
			t.Errorf("mechanism %s: %q, want %q", label, got, model)
		}
	}
	nmda, _ := cg.SynapseParameterRules.Get("LinExp2SynNMDA")
	if strings.Join(nmda.MechParams, " ") != "tau_rise tau_decay e mg Kd gamma vshift" || nmda.MechFile != "lin_exp2synNMDA.mod" {
		t.Errorf("LinExp2SynNMDA rule %+v", nmda)
	}
	if slot, _ := nmda.NetconParams.Get("g_unit"); slot != 1 {
		t.Errorf("g_unit slot %d, want 1", slot)
	}
	for pop, w := range map[string][2]float64{"STIM": {1000, 1000}, "PYR": {1000, 1000}, "PVBC": {1000, 1000}, "OLM": {840, 500}} {
		ext, _ := cg.AxonExtent.Get(pop)
		e, ok := ext.Get("default")
		if !ok || e.WidthUm != w || e.OffsetUm != [2]float64{} {
			t.Errorf("axon extent of %s: %+v, want width %v offset 0", pop, e, w)
		}
		if v, _ := cg.ConnectionVelocityUmPerMs.Get(pop); v != 250 {
			t.Errorf("velocity of %s: %g, want 250 µm/ms", pop, v)
		}
	}
	cfgCheckProjections(t, cfg)
	// SPEC 1.5: densities (mean/variance) of the table.
	for _, tc := range []struct {
		pop, sec, typ, layer string
		mean, variance       float64
	}{
		{"PYR", "apical", "excitatory", "SLM", 0.90, 0.1}, {"PYR", "apical", "excitatory", "SR", 3.52, 0.1},
		{"PYR", "apical", "inhibitory", "SLM", 0.15, 0.1}, {"PYR", "apical", "inhibitory", "SR", 0.11, 0.1},
		{"PYR", "basal", "excitatory", "SO", 3.08, 0.1}, {"PYR", "basal", "inhibitory", "SO", 0.11, 0.1},
		{"PYR", "soma", "excitatory", "default", 0.0, 0.1}, {"PYR", "soma", "inhibitory", "default", 0.20, 0.1},
		{"PYR", "ais", "inhibitory", "default", 0.68, 0.01},
		{"PVBC", "apical", "excitatory", "SLM", 1.43, 0.1}, {"PVBC", "apical", "excitatory", "SR", 4.16, 0.1},
		{"PVBC", "apical", "inhibitory", "SLM", 0.27, 0.1}, {"PVBC", "apical", "inhibitory", "SR", 0.16, 0.1},
		{"PVBC", "basal", "excitatory", "SO", 3.61, 0.1}, {"PVBC", "basal", "inhibitory", "SO", 3.44, 0.1},
		{"PVBC", "soma", "excitatory", "default", 0.40, 0.1}, {"PVBC", "soma", "inhibitory", "default", 0.18, 0.1},
		{"OLM", "basal", "excitatory", "SO", 3.60, 0.1}, {"OLM", "basal", "inhibitory", "SO", 1.06, 0.1},
	} {
		ct, _ := cfg.CellTypes.Get(tc.pop)
		sec, _ := ct.Synapses.Density.Get(tc.sec)
		typ, _ := sec.Get(tc.typ)
		dens, ok := typ.Get(tc.layer)
		if !ok || dens.MeanPerUm != tc.mean || dens.VariancePerUm != tc.variance {
			t.Errorf("%s %s %s %s: %+v (%v), want %g/%g", tc.pop, tc.sec, tc.typ, tc.layer, dens, ok, tc.mean, tc.variance)
		}
	}
	// YAML order: PYR's sections apical, basal, soma, ais; soma's
	// inhibitory before excitatory (SPEC 2.5 iterates in this order).
	pyr, _ := cfg.CellTypes.Get("PYR")
	soma, _ := pyr.Synapses.Density.Get("soma")
	if got := strings.Join(pyr.Synapses.Density.Names(), " ") + " / " + strings.Join(soma.Names(), " "); got != "apical basal soma ais / inhibitory excitatory" {
		t.Errorf("density order %q", got)
	}
	stim, _ := cfg.CellTypes.Get("STIM")
	if stim.Template != "VecStim" || stim.SpikeTrain == nil || *stim.SpikeTrain != (miv.SpikeTrainSource{Namespace: "Input Spikes", Attribute: "Spike Train"}) {
		t.Errorf("STIM cell type %+v", stim)
	}
	// SPEC 1.7, 1.8 and the analysis.
	s := cfg.Stimulus
	if s.SpatialResolutionCm != 3 || s.TemporalResolutionMs != 1 || s.EquilibrationDurationMs != 250 || s.GlobalOscillation.FrequencyHz != 5 ||
		s.GlobalOscillation.PhaseDistribution.SlopeDeg != 16.5 {
		t.Errorf("stimulus %+v", s)
	}
	for pop, hz := range map[string]float64{"STIM": 80, "PYR": 20, "PVBC": 21, "OLM": 10} {
		rates, _ := s.PeakRateHz.Get(pop)
		if r, _ := rates.Get("constant"); r != hz {
			t.Errorf("peak rate of %s: %g, want %g Hz", pop, r, hz)
		}
	}
	olmMod, _ := s.GlobalOscillation.PhaseModulation.Get("OLM")
	if olmMod.PhaseRangeDeg != [2]float64{200, 560} || olmMod.Depth != 0.8 {
		t.Errorf("OLM phase modulation %+v", olmMod)
	}
	arena, _ := s.Arena.Get("A")
	diag, _ := arena.Trajectory.Get("Diag")
	if len(arena.Domain.VerticesCm) != 4 || diag.RunVelocityCmPerS != 30 || diag.PathCm[1] != [2]float64{100, 100} {
		t.Errorf("arena A %+v", arena)
	}
	rec := cfg.Recording
	def, _ := rec.Intracellular.Get("Network default")
	v, _ := def.SectionQuantity.Get("v")
	if def.Fraction != 0.2 || def.DtMs != 0.1 || strings.Join(v.SWCTypes, ",") != "soma" {
		t.Errorf("Network default %+v", def)
	}
	axial, _ := rec.Intracellular.Get("Network clamp axial current")
	start, _ := axial.SectionQuantity.Get("start.v")
	if start.Variable != "v" || len(start.Loc) != 2 || start.Loc[0] != 1e-3 {
		t.Errorf("start.v %+v", start)
	}
	e1, _ := rec.LFP.Get("Electrode 1")
	if e1 != (miv.ElectrodeConfig{PositionUm: [3]float64{-1205.5, 2700.3, -411.7}, RhoOhmCm: 333, MaxEDistUm: 100, Fraction: 0.1, DtMs: 0.1}) {
		t.Errorf("Electrode 1 %+v", e1)
	}
	if a := cfg.Analysis; a.FiringRateInference.BAKSAlpha != 4.7725100028345535 || a.FiringRateInference.PadDurationMs != 1000 ||
		a.MutualInformation.SpatialResolutionCm != 5 || a.PlaceFields.MinimumWidth != 10 {
		t.Errorf("analysis %+v", a.FiringRateInference)
	}
}

// cfgCheckProjections compares the Synapses table with SPEC 1.4's.
func cfgCheckProjections(t *testing.T, cfg *miv.Config) {
	t.Helper()
	type mech struct{ tauRise, tauDecay, e, gUnit, weight float64 }
	for _, tc := range []struct {
		post, pre, typ, triples string
		label                   string
		m                       mech
	}{
		{"PYR", "STIM", "excitatory", "soma SP 0.5, basal SO 0.5, apical SR 0.5, apical SLM 0.5", "AMPA", mech{0.5, 3, 0, 1e-5, 1}},
		{"PYR", "PYR", "excitatory", "soma SP 0.5, basal SO 0.5, apical SR 0.5, apical SLM 0.5", "AMPA", mech{0.5, 3, 0, 1e-5, 1}},
		{"PYR", "PVBC", "inhibitory", "soma SP 1, basal SO 0.5, apical SR 1, ais SP 1, ais SR 1", "GABA_A", mech{0.3, 6.2, -60, 0.005, 1}},
		{"PYR", "OLM", "inhibitory", "soma SO 1, basal SO 0.5, apical SLM 1", "GABA_A", mech{0.5, 9, -60, 0.0033, 1}},
		{"PVBC", "PYR", "excitatory", "soma SP 0.5, apical SLM 0.5, apical SR 0.5, basal SO 0.5", "AMPA", mech{0.5, 3, 0, 0.0005, 1}},
		{"PVBC", "STIM", "excitatory", "soma SP 0.5, apical SLM 0.5, apical SR 0.5, basal SO 0.5", "AMPA", mech{0.5, 3, 0, 0.0002, 0.1}},
		{"PVBC", "PVBC", "inhibitory", "soma SP 1, apical SP 1, apical SR 1, basal SO 1", "GABA_A", mech{0.08, 4.8, -60, 0.001, 1}},
		{"PVBC", "OLM", "inhibitory", "apical SLM 1", "GABA_A", mech{0.08, 4.8, -60, 0.001, 1}},
		{"OLM", "PYR", "excitatory", "apical SLM 1, basal SR 1, basal SO 1", "AMPA", mech{0.5, 3, 0, 0.001, 1}},
		{"OLM", "PVBC", "inhibitory", "basal SO 1, soma SP 1, apical SR 1", "GABA_A", mech{0.08, 4.8, -60, 0.0001, 1}},
	} {
		post, _ := cfg.ConnectionGenerator.Synapses.Get(tc.post)
		p, ok := post.Get(tc.pre)
		if !ok {
			t.Errorf("no projection %s <- %s", tc.post, tc.pre)
			continue
		}
		var tr []string
		for k := range p.Sections {
			b, _ := json.Marshal(p.Proportions[k])
			tr = append(tr, p.Sections[k]+" "+p.Layers[k]+" "+string(b))
		}
		params, _ := p.Mechanisms.Get(tc.label)
		get := func(k string) float64 { v, _ := params.Get(k); return v }
		got := mech{get("tau_rise"), get("tau_decay"), get("e"), get("g_unit"), get("weight")}
		if p.Type != tc.typ || strings.Join(tr, ", ") != tc.triples || p.Contacts != 1 || got != tc.m {
			t.Errorf("%s <- %s: %s (%s) contacts %d %s %+v; want %s (%s) contacts 1 %+v",
				tc.post, tc.pre, p.Type, strings.Join(tr, ", "), p.Contacts, tc.label, got, tc.typ, tc.triples, tc.m)
		}
	}
	pyr, _ := cfg.ConnectionGenerator.Synapses.Get("PYR")
	stim, _ := pyr.Get("STIM")
	nmda, _ := stim.Mechanisms.Get("NMDA")
	if strings.Join(nmda.Names(), " ") != "g_unit weight" {
		t.Errorf("PYR <- STIM NMDA parameters %v, want g_unit and weight (kinetics by default)", nmda.Names())
	}
}

// TestConfigProportionPerturbation is SPEC 8 check 1: the proportions of all
// three destinations pass, and adding 0.05 to any single proportion
// fails, naming the destination and the (type, section, layer).
func TestConfigProportionPerturbation(t *testing.T) {
	path := refdata.Require(t, "miv/cases/1-construction/config/Microcircuit_Small.yaml")
	cfg, err := miv.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, post := range cfg.ConnectionGenerator.Synapses {
		for _, pre := range post.Value {
			p := pre.Value
			for k := range p.Proportions {
				p.Proportions[k] += 0.05
				err := cfg.Validate()
				p.Proportions[k] -= 0.05
				want := "Connection Generator.Synapses." + post.Name + ": proportions of (" + p.Type + ", " + p.Sections[k] + ", " + p.Layers[k] + ") sum to"
				if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "Microcircuit_Connections.yaml:") {
					t.Errorf("%s <- %s proportion %d + 0.05: %v; want an error containing %q", post.Name, pre.Name, k, err, want)
				}
				n++
			}
		}
	}
	if n != 35 {
		t.Errorf("%d proportions perturbed, want the file's 35", n)
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("restored: %v", err)
	}
	// Within MiV's tolerance (np.isclose: 1e-5 + 1e-8) a sum passes.
	pyr, _ := cfg.ConnectionGenerator.Synapses.Get("PYR")
	olm, _ := pyr.Get("OLM")
	for _, tc := range []struct {
		delta float64
		ok    bool
	}{{9e-6, true}, {-9e-6, true}, {2e-5, false}} {
		olm.Proportions[1] += tc.delta
		err := cfg.Validate()
		olm.Proportions[1] -= tc.delta
		if (err == nil) != tc.ok {
			t.Errorf("basal SO sum 1%+g: %v, want ok %v", tc.delta, err, tc.ok)
		}
	}
}

// TestConfigRC loads examples/miv/rc-separation.yaml, the rc-separation
// network of 3-interface-api as one configuration: SPEC 8 check 2's gid
// ranges, and (with the reference data) its parts equal to the case's
// synapses.yml, cell_types.yml, Definitions.yaml, Random.yaml and
// Synapse_Parameter_Rules.yaml; the 4000 x 4000 µm fragments equal the
// legacy Geometry.yaml's and Axon_Extent.yaml's.
func TestConfigRC(t *testing.T) {
	example := filepath.Join("..", "..", "..", "examples", "miv", "rc-separation.yaml")
	cfg, err := miv.Load(example)
	if err != nil {
		t.Fatal(err)
	}
	cfgCheckRanges(t, cfg, cfgRCRanges)
	var pairs []string
	for _, p := range cfg.ValidProjections() {
		pairs = append(pairs, p.Pre+">"+p.Post)
	}
	if got := strings.Join(pairs, " "); got != "STIM>PYR PYR>PYR PVBC>PYR OLM>PYR PYR>PVBC STIM>PVBC PVBC>PVBC OLM>PVBC PYR>OLM PVBC>OLM" {
		t.Errorf("valid projections %s", got)
	}
	ps := cfg.Geometry.ParametricSurface
	if sr, _ := ps.LayerExtents.Get("SR"); sr.MinUm != [3]float64{0, 0, 50} || sr.MaxUm != [3]float64{200, 200, 100} {
		t.Errorf("rc SR extent %+v", sr)
	}
	for _, pop := range []string{"STIM", "PYR", "PVBC", "OLM"} {
		ext, _ := cfg.ConnectionGenerator.AxonExtent.Get(pop)
		if e, _ := ext.Get("default"); e.WidthUm != [2]float64{200, 200} {
			t.Errorf("rc axon extent of %s: %v", pop, e.WidthUm)
		}
	}
	el, _ := cfg.Recording.LFP.Get("ReadoutElectrode")
	if el.PositionUm != [3]float64{500, 500, 0} || el.RhoOhmCm != 333 || el.Fraction != 0.1 || el.MaxEDistUm != 100 || el.DtMs != 0.1 {
		t.Errorf("rc electrode %+v", el)
	}
	// rc.py's "top-center" electrode is 300 µm beyond the slab's corner
	// along U and V: 300·√2 = 424.3 µm from SO.
	if len(cfg.Warnings) != 1 || !strings.Contains(cfg.Warnings[0], "is 424.3 µm from the nearest layer (SO), beyond maxEDist 100 µm") {
		t.Errorf("rc warnings %q", cfg.Warnings)
	}
	dir, ok := refdata.Lookup(t, "miv/cases/3-interface-api/simulation/config")
	if !ok {
		return
	}
	rc := cfgJSON(t, example)
	for _, tc := range []struct {
		file string
		key  []string
	}{
		{"synapses.yml", []string{"Connection Generator", "Synapses"}},
		{"cell_types.yml", []string{"Cell Types"}},
		{"legacy/Definitions.yaml", []string{"Definitions"}},
		{"legacy/Random.yaml", []string{"Random Seeds"}},
		{"legacy/Synapse_Parameter_Rules.yaml", []string{"Connection Generator", "Synapse Parameter Rules"}},
	} {
		if got, want := cfgSub(rc, tc.key...), cfgJSON(t, filepath.Join(dir, tc.file)); !reflect.DeepEqual(got, want) {
			t.Errorf("rc-separation.yaml's %s differs from %s", strings.Join(tc.key, "."), tc.file)
		}
	}
	legacy := cfgJSON(t, filepath.Join(dir, "legacy", "default.yaml"))
	for _, tc := range []struct {
		file string
		key  []string
	}{
		{"layer_extents.yml", []string{"Geometry", "Parametric Surface", "Layer Extents"}},
		{"cell_distributions.yml", []string{"Geometry", "Cell Distribution"}},
		{"axon_extents.yml", []string{"Connection Generator", "Axon Extent"}},
	} {
		if got, want := cfgSub(legacy, tc.key...), cfgJSON(t, filepath.Join(dir, tc.file)); !reflect.DeepEqual(got, want) {
			t.Errorf("legacy/default.yaml's %s differs from %s", strings.Join(tc.key, "."), tc.file)
		}
	}
}

// TestConfigCases checks what each case adds to 1-construction's files.
func TestConfigCases(t *testing.T) {
	root := refdata.Require(t, "miv/cases")
	load := func(rel string) *miv.Config {
		cfg, err := miv.Load(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	// 4-opsin: the Opsin section of the stimulus.
	op := load("4-opsin/config/Microcircuit_Small.yaml").Stimulus.Opsin
	if op == nil || op.NStates != 6 || op.OpsinType != "ChR2" || op.Protocol != "step" {
		t.Errorf("4-opsin: opsin %+v", op)
	} else if b, _ := json.Marshal(op.ProtocolParameters); !strings.Contains(string(b), `"Dt_delay":150`) {
		t.Errorf("4-opsin: protocol parameters %s", b)
	}
	// 5-motoneuron: the reduced BRK_nrn PYR with its mechanism file.
	mn := load("5-motoneuron/config/Microcircuit_Small.yaml")
	pyr, _ := mn.CellTypes.Get("PYR")
	if pyr.Template != "BRK_nrn" || pyr.TemplateFile != "BRK_nrn.hoc" || pyr.MechanismFile != "BRK_MN_config.yaml" {
		t.Errorf("5-motoneuron PYR %+v", pyr)
	}
	e0, _ := mn.Recording.LFP.Get("Electrode 0")
	if e0.PositionUm != [3]float64{200, 0, 2110} {
		t.Errorf("5-motoneuron electrode 0 at %v", e0.PositionUm)
	}
	// 6-gapjunctions: Gap Junctions and their data file.
	gjc := load("6-gapjunctions/config/Microcircuit_Small.yaml")
	gj := gjc.ConnectionGenerator.GapJunctions
	if gj == nil || gjc.GapJunctionData != "MiV_gapjunctions_20230408.h5" {
		t.Fatalf("6-gapjunctions: %+v, %q", gj, gjc.GapJunctionData)
	}
	loc, _ := gj.Locations.Get("PYR")
	secs, _ := loc.Get("PYR")
	prob, _ := gj.ConnectionProbabilities.Get("PYR")
	p, _ := prob.Get("PYR")
	coup, _ := gj.CouplingCoefficients.Get("PYR")
	c, _ := coup.Get("PYR")
	want := miv.DistanceTable{{0, 1}, {25, 0.429}, {75, 0.405}, {125, 0.345}, {175, 0.08}}
	if strings.Join(secs, ",") != "apical,basal" || p != 0.25 || c != 0.1 || !reflect.DeepEqual(gj.ConnectionWeights, want) ||
		len(gj.CouplingWeights) != 5 || gj.CouplingWeights[3] != (miv.DistanceValue{DistanceUm: 125, Value: 0.1875}) {
		t.Errorf("6-gapjunctions: %v %g %g %v %v", secs, p, c, gj.ConnectionWeights, gj.CouplingWeights)
	}
	// 7-optimization: template classes and the Network Clamp section.
	bil := load("7-optimization/config/Network_Clamp_Microcircuit_Small_Bilash_PR.yaml")
	bp, _ := bil.CellTypes.Get("PYR")
	if bp.TemplateClass != "templates.PyramidalCellBilash.PyramidalCell" || bp.Template != "" || bil.NetworkClamp.IsZero() {
		t.Errorf("7-optimization Bilash PYR %+v", bp)
	}
	b, _ := json.Marshal(bil.NetworkClamp)
	if !strings.Contains(string(b), `"[apical, basal]":{"GABA_A":{"weight":[0.1,50]}}`) {
		t.Errorf("Network Clamp's !!python/tuple key: %s", b)
	}
	// 3-interface-api legacy: Microcircuit_Connections.yaml's STIM
	// weights are 3.0 there.
	leg := load("3-interface-api/simulation/config/legacy/Microcircuit.yaml")
	post, _ := leg.ConnectionGenerator.Synapses.Get("PYR")
	stim, _ := post.Get("STIM")
	ampa, _ := stim.Mechanisms.Get("AMPA")
	if w, _ := ampa.Get("weight"); w != 3 {
		t.Errorf("legacy PYR <- STIM AMPA weight %g, want 3", w)
	}
	// The reduced PYR names a mechanism file the case does not ship.
	red := load("3-interface-api/simulation/config/legacy/Microcircuit_reducedPYR.yaml")
	if _, err := red.LoadMechanism("PYR"); err == nil || !strings.Contains(err.Error(), "PYR_SoldadoMagraner.yaml") {
		t.Errorf("legacy reduced PYR mechanism file: %v, want an error naming PYR_SoldadoMagraner.yaml", err)
	}
}

// cfgCopyDir copies the files of src into a new temporary directory.
func cfgCopyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// TestConfigBadInput edits one file of 1-construction's configuration and
// checks that loading fails with an error naming the file, the key and
// the value.
func TestConfigBadInput(t *testing.T) {
	src := refdata.Require(t, "miv/cases/1-construction/config")
	for _, tc := range []struct {
		name, file, old, new string
		want                 []string
	}{
		{"malformed YAML", "Geometry_Small.yaml", "SP:  [[0.0,0.0,100.0],", "SP:  [[0.0,0.0,100.0],,",
			[]string{"Geometry_Small.yaml: line 10: did not find expected node content"}},
		{"malformed include", "Microcircuit_Small.yaml", "Cell Types:\n", "Cell Types:\n - x\n",
			[]string{"Microcircuit_Small.yaml", "line"}},
		{"missing include", "Microcircuit_Connections.yaml", "!include Axon_Extent.yaml", "!include Axon_Extents.yaml",
			[]string{"Microcircuit_Connections.yaml:7", "Connection Generator.Axon Extent", "!include Axon_Extents.yaml", "no such file",
				"include chain: ", "Microcircuit_Small.yaml -> ", "Microcircuit_Connections.yaml -> ", "Axon_Extents.yaml"}},
		{"circular include", "Global.yaml", "celsius: 35.0", "celsius: !include Microcircuit_Small.yaml",
			[]string{"Global.yaml:1", "Global Parameters.celsius", "circular !include: ", "Microcircuit_Small.yaml -> ", "Global.yaml -> ", "Microcircuit_Small.yaml"}},
		{"self include", "Random.yaml", "Synapse Locations:                        0", "Synapse Locations: !include Random.yaml",
			[]string{"Random.yaml:2", "Random Seeds.Synapse Locations", "circular !include", "Random.yaml -> ", "Random.yaml"}},
		{"proportions", "Microcircuit_Connections.yaml", "layers: [SO, SO, SLM]\n      proportions: [1.0, 0.5, 1.0]", "layers: [SO, SO, SLM]\n      proportions: [1.0, 0.55, 1.0]",
			[]string{"Microcircuit_Connections.yaml:10: Connection Generator.Synapses.PYR:", "(inhibitory, basal, SO) sum to 1.05", "PVBC 0.5 + OLM 0.55"}},
		{"unknown key", "PYR_synapse_density.yaml", "      variance: 0.01", "      varianse: 0.01",
			[]string{"PYR_synapse_density.yaml:43", "Cell Types.PYR.synapses.density.ais.inhibitory.default.varianse", `unknown key "varianse"`, `did you mean "variance"?`}},
		{"unknown top-level key", "Microcircuit_Small.yaml", "Model Name:", "Model Nam:",
			[]string{"Microcircuit_Small.yaml:2", "Model Nam", `did you mean "Model Name"?`}},
		{"layer with no geometry", "Geometry_Small.yaml", "    SR:  [[0.0,0.0,150.0], [1000.0,1000.0,350.0]]\n", "",
			[]string{"Geometry_Small.yaml:34: Geometry.Cell Distribution.PVBC.SR: 8 cells in layer SR, which has no geometry"}},
		{"extent of an undefined layer", "Geometry_Small.yaml", "    SLM: [[0.0, 0.0,350.0]", "    SLN: [[0.0, 0.0,350.0]",
			[]string{"Geometry_Small.yaml:13: Geometry.Parametric Surface.Layer Extents.SLN", `layer "SLN" is not in Definitions.Layers`}},
		{"empty extent", "Geometry_Small.yaml", "[1000.0, 1000.0, 450.0]", "[1000.0, 1000.0, 350.0]",
			[]string{"Geometry_Small.yaml:13: Geometry.Parametric Surface.Layer Extents.SLM", "L extent [350, 350] µm: want min < max"}},
		{"unknown population", "Microcircuit_Connections.yaml", "  PVBC:\n    PYR:", "  PVCB:\n    PYR:",
			[]string{"Microcircuit_Connections.yaml", "Connection Generator.Synapses.PVCB", `population "PVCB"`, `did you mean "PVBC"?`}},
		{"unknown layer", "Microcircuit_Connections.yaml", "sections: [apical]\n      layers: [SLM]", "sections: [apical]\n      layers: [slm]",
			[]string{"Microcircuit_Connections.yaml", "Connection Generator.Synapses.PVBC.OLM.layers[0]", `layer "slm"`, `did you mean "SLM"?`}},
		{"not a number", "Global.yaml", "celsius: 35.0", "celsius: warm",
			[]string{"Global.yaml:1", "Global Parameters.celsius", `want a number, got "warm"`}},
		{"missing key", "Microcircuit_Connections.yaml", "    PVBC:\n      type: inhibitory\n      sections: [basal, soma, apical]", "    PVBC:\n      sections: [basal, soma, apical]",
			[]string{"Microcircuit_Connections.yaml", "Connection Generator.Synapses.OLM.PVBC.type", "missing"}},
		{"velocity", "Connection_Velocity.yaml", "OLM: 250.0", "OLM: -250.0",
			[]string{"Connection_Velocity.yaml:4", "Connection Generator.Connection Velocity.OLM", "velocity -250 µm/ms"}},
		{"duplicate key", "Connection_Velocity.yaml", "OLM: 250.0", "OLM: 250.0\nOLM: 200.0",
			[]string{"Connection_Velocity.yaml:5", "Connection Generator.Connection Velocity.OLM", "given twice"}},
		{"count", "Geometry_Small.yaml", "SO:  44", "SO:  -44",
			[]string{"Geometry_Small.yaml:38: Geometry.Cell Distribution.OLM.SO:", "count -44"}},
		{"mechanism parameter", "Microcircuit_Connections.yaml", "tau_rise: 0.30", "tau_rize: 0.30",
			[]string{"Microcircuit_Connections.yaml", "Connection Generator.Synapses.PYR.PVBC.mechanisms.GABA_A.tau_rize", `did you mean "tau_rise"?`}},
		{"undefined population", "Definitions.yaml", "  OLM:  102\n", "  OLM:  102\n  CCK: 103\n",
			[]string{"Definitions.yaml:36: Definitions.Populations.CCK:", "no Geometry.Cell Distribution entry"}},
		{"recording loc count", "Recording.yaml", "          - 1e-3\n          - 1e-3\n", "          - 1e-3\n",
			[]string{"Recording.yaml:22: Recording.Intracellular.Network clamp axial current.section quantity.start.v:", "loc: 1 values for 2 swc types"}},
		{"recording loc range", "Recording.yaml", "          - 1e-3\n          - 1e-3\n", "          - 1e-3\n          - 1.5\n",
			[]string{"Recording.yaml:22: Recording.Intracellular.Network clamp axial current.section quantity.start.v:", "loc 1.5: want in [0, 1]"}},
		{"recording swc type", "Recording.yaml", "          - soma\n          - ais\n", "          - soma\n          - aiss\n",
			[]string{"Recording.yaml:13: Recording.Intracellular.Network clamp default.section quantity.v:", `section type "aiss" is not in Definitions.SWC Types`, `did you mean "ais"?`}},
		{"recording swc type twice", "Recording.yaml", "          - soma\n          - ais\n", "          - soma\n          - soma\n",
			[]string{"Recording.yaml:13: Recording.Intracellular.Network clamp default.section quantity.v:", "swc type soma listed twice"}},
		{"axon offset", "Axon_Extent.yaml", "width: [840.0, 500.0]\n    offset: [0,0]", "width: [840.0, 500.0]\n    offset: [0,300]",
			[]string{"Axon_Extent.yaml:15: Connection Generator.Axon Extent.OLM.default:", "offset along V 300 µm"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := cfgCopyDir(t, src)
			p := filepath.Join(dir, tc.file)
			data := cfgRead(t, p)
			if !strings.Contains(data, tc.old) {
				t.Fatalf("%s has no %q", tc.file, tc.old)
			}
			if err := os.WriteFile(p, []byte(strings.Replace(data, tc.old, tc.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := miv.Load(filepath.Join(dir, "Microcircuit_Small.yaml"))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
			var e *miv.ConfigError
			if !errors.As(err, &e) {
				t.Errorf("error %T, want a *miv.ConfigError", err)
			}
		})
	}
}

// TestConfigClaims checks which files the family claims: MiV's model files,
// not their parts, not JSON specs. (A family's test may not link the
// others, sim/models/imports_test.go; their claims need JSON.)
func TestConfigClaims(t *testing.T) {
	root := refdata.Require(t, "miv/cases")
	for _, tc := range []struct {
		rel  string
		want bool
	}{
		{"1-construction/config/Microcircuit_Small.yaml", true},
		{"7-optimization/config/Network_Clamp_Microcircuit_Small_Bilash_PR.yaml", true},
		{"3-interface-api/simulation/config/legacy/default.yaml", true},
		{"1-construction/config/Geometry_Small.yaml", false},
		{"1-construction/config/Definitions.yaml", false},
		{"3-interface-api/simulation/config/synapses.yml", false},
		{"7-optimization/config/optimize_network.yaml", false},
	} {
		path := filepath.Join(root, tc.rel)
		data := []byte(cfgRead(t, path))
		fam, err := models.Claiming(path, data)
		got := err == nil && fam.Name == "miv"
		if got != tc.want {
			t.Errorf("%s: claimed by %v (%v), want miv %v", tc.rel, fam, err, tc.want)
		}
	}
	f := models.Lookup("miv")
	for _, tc := range []struct {
		path, data string
	}{
		{"spec.json", `{"Definitions": {}, "Geometry": {}}`},
		{"spec.json", `{"model": "lif"}`},
		{"x.yaml", "Definitions: {}\n"},
		{"x.yaml", "- Definitions\n- Geometry\n"},
		{"x.yaml", "[[[["},
	} {
		if f.Claims(tc.path, []byte(tc.data)) {
			t.Errorf("claims %s %q", tc.path, tc.data)
		}
	}
	if !f.Claims("x.YML", []byte("Definitions: !include D.yaml\nGeometry: {}\n")) {
		t.Error("does not claim a .YML with Definitions and Geometry")
	}
}

// TestConfigPlanner: golgi run validates a MiV configuration and plans
// one sim of its 187 cells, finds the cases' SWC and template
// directories next to it (or says which flags give them), and refuses an
// invalid configuration and a duration <= 0 naming them.
func TestConfigPlanner(t *testing.T) {
	src := refdata.Require(t, "miv/cases/1-construction/config")
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	planners, err := models.AddRunFlags(fs)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(src, "Microcircuit_Small.yaml")
	plan, err := planners["miv"](models.Request{Path: path, Data: []byte(cfgRead(t, path)), Flags: fs})
	if err != nil || plan == nil || len(plan.Sims) != 1 || plan.Cells != 187 || plan.SimID != "Microcircuit_Small" {
		t.Fatalf("plan %+v, error %v; want one sim of 187 cells", plan, err)
	}
	if _, ok := plan.Sims[0].(models.DirectSim); !ok {
		t.Errorf("the sim is a %T, want a models.DirectSim", plan.Sims[0])
	}
	if !strings.Contains(plan.Describe, ", 500 ms)") {
		t.Errorf("without --tstop: %q, want the default 500 ms", plan.Describe)
	}
	plan, err = planners["miv"](models.Request{Path: path, Flags: fs, TstopMs: 20})
	if err != nil || !strings.Contains(plan.Describe, ", 20 ms)") {
		t.Errorf("--tstop 20: %v, %v", plan, err)
	}
	dir := cfgCopyDir(t, src)
	if _, err := planners["miv"](models.Request{Path: filepath.Join(dir, "Microcircuit_Small.yaml"), Flags: fs}); err == nil || !strings.Contains(err.Error(), "--miv-morphology") {
		t.Errorf("a configuration without the cases' directories: %v, want an error naming --miv-morphology", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Global.yaml"), []byte("celsius: hot\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = planners["miv"](models.Request{Path: filepath.Join(dir, "Microcircuit_Small.yaml"), Flags: fs})
	if err == nil || !strings.Contains(err.Error(), "Global Parameters.celsius") {
		t.Errorf("invalid configuration: %v, want the validation error", err)
	}
}

// TestCommandConfig runs golgi miv config on Microcircuit_Small.yaml:
// the summary's gid ranges and extents, and the resolved JSON.
func TestCommandConfig(t *testing.T) {
	path := refdata.Require(t, "miv/cases/1-construction/config/Microcircuit_Small.yaml")
	var cmd models.Command
	for _, c := range models.Lookup("miv").Commands {
		if c.Name == "config" {
			cmd = c
		}
	}
	if cmd.Run == nil {
		t.Fatal("no config command")
	}
	var out, errb bytes.Buffer
	if err := cmd.Run([]string{path}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"populations (187 cells;",
		"STIM   id   0  gids [0, 10)  10 cells (SP 10)  template VecStim",
		"PVBC   id 101  gids [90, 143)  53 cells (SO 35, SP 10, SR 8)  template PVBasketCell",
		"OLM    id 102  gids [143, 187)  44 cells (SO 44)",
		"SR   id 8  U [0, 1000]  V [0, 1000]  L [150, 350]",
		"PVBC <- STIM excitatory (soma, SP, 0.5) (apical, SLM, 0.5) (apical, SR, 0.5) (basal, SO, 0.5)  contacts 1, AMPA, 250 µm/ms",
		"projections (10;",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(errb.String(), `warning: `) || !strings.Contains(errb.String(), `"PC"`) {
		t.Errorf("stderr %q, want the PC constraint's warning", errb.String())
	}
	out.Reset()
	if err := cmd.Run([]string{path, "-json"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(out.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if got := cfgSub(v, "Geometry", "Cell Distribution", "PVBC", "SO"); got != 35.0 {
		t.Errorf("JSON PVBC SO %v, want 35", got)
	}
	if got := cfgSub(v, "Connection Generator", "Synapses", "PVBC", "STIM", "mechanisms", "AMPA", "weight"); got != 0.1 {
		t.Errorf("JSON PVBC <- STIM weight %v, want 0.1", got)
	}
	if got := cfgSub(v, "Random Seeds", "Connectivity Clustering"); got != 1.5e6 {
		t.Errorf("JSON seed %v, want 1.5e6", got)
	}
	// The keys keep the file's order.
	var top []string
	dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
	dec.Token()
	for dec.More() {
		k, _ := dec.Token()
		top = append(top, k.(string))
		var skip json.RawMessage
		dec.Decode(&skip)
	}
	if got := strings.Join(top, ","); got != "Model Name,Dataset Name,Definitions,Global Parameters,Geometry,Random Seeds,Connection Generator,Cell Data,Connection Data,Recording,Stimulus,Analysis,Cell Types" {
		t.Errorf("JSON keys %s", got)
	}
	for _, args := range [][]string{nil, {path, "extra"}, {"-nope", path}} {
		if err := cmd.Run(args, &out, &errb); !errors.Is(err, models.ErrUsage) {
			t.Errorf("args %q: %v, want ErrUsage", args, err)
		}
	}
	if err := cmd.Run([]string{filepath.Join(t.TempDir(), "none.yaml")}, &out, &errb); err == nil || !strings.Contains(err.Error(), "none.yaml") {
		t.Errorf("missing file: %v", err)
	}
}

// TestConfigDecodeForms covers YAML forms the cases do not use: anchors and
// merge keys, origins given as numbers, contacts, a relative include of
// an include in another directory.
func TestConfigDecodeForms(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("parts/defs.yaml", "SWC Types: {soma: 1, basal: 3, apical: 4}\nSynapse Types: {excitatory: 0, inhibitory: 1}\nLayers: !include layers.yaml\nPopulations: {S: 0, P: 1}\nInput Selectivity Types: {random: 0}\n")
	write("parts/layers.yaml", "{L1: 1, L2: 2}\n")
	top := write("m.yaml", `
Definitions: !include parts/defs.yaml
Geometry:
  Parametric Surface:
    Origin: {U: 50, V: mean, L: 0.5}
    Layer Extents:
      L1: [[0, 0, 0], [100, 100, 10]]
      L2: [[0, 0, 10], [100, 100, 20]]
  Cell Distribution:
    S: {L1: 2}
    P: {L1: 3, L2: 4}
Connection Generator:
  Synapse Mechanisms: {AMPA: Exp2Syn}
  Synapse Parameter Rules:
    Exp2Syn: {mech_file: exp2syn.mod, mech_params: [tau1, tau2, e], netcon_params: {weight: 0}}
  Axon Extent:
    S: {default: &ext {width: [100, 100], offset: [0, 0]}}
    P: {L1: *ext, L2: {<<: *ext, offset: [10, 10]}}
  Connection Velocity: {S: 100, P: 200}
  Synapses:
    P:
      S: &proj
        type: excitatory
        sections: [basal, apical]
        layers: [L1, L2]
        proportions: [0.25, 0.5]
        contacts: 3
        mechanisms: {AMPA: {tau1: 0.5, tau2: 2, weight: 0.002}}
      P:
        <<: *proj
        proportions: [0.75, 0.5]
Cell Types:
  S: {template: VecStim}
  P: {template: Cell, synapses: {density: {basal: {excitatory: {default: {mean: 1, variance: 0.1}}}}}}
`)
	cfg, err := miv.Load(top)
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.Geometry.ParametricSurface.Origin
	if o.U.Stat != "" || o.U.ValueUm != 50 || o.V.Stat != "mean" || o.L.ValueUm != 0.5 {
		t.Errorf("origin %+v", o)
	}
	if l, _ := cfg.Definitions.Layers.Get("L2"); l != 2 {
		t.Errorf("nested relative include: L2 = %d", l)
	}
	p, _ := cfg.ConnectionGenerator.AxonExtent.Get("P")
	l1, _ := p.Get("L1")
	l2, _ := p.Get("L2")
	if l1.WidthUm != [2]float64{100, 100} || l2.WidthUm != [2]float64{100, 100} || l2.OffsetUm != [2]float64{10, 10} {
		t.Errorf("anchors and merge: %+v %+v", l1, l2)
	}
	post, _ := cfg.ConnectionGenerator.Synapses.Get("P")
	pp, _ := post.Get("P")
	if pp.Contacts != 3 || pp.Type != "excitatory" || pp.Proportions[0] != 0.75 {
		t.Errorf("merged projection %+v", pp)
	}
	got := cfg.PopulationRanges()
	if len(got) != 2 || got[0].Start != 0 || got[0].Count != 2 || got[1].Start != 2 || got[1].Count != 7 {
		t.Errorf("ranges %+v", got)
	}
	names := make([]string, 0, len(got))
	for _, r := range got {
		names = append(names, r.Name)
	}
	if strings.Join(names, "") != "SP" {
		t.Errorf("order %v, want by id", names)
	}
}

// TestConfigIncludeErrors checks missing and circular includes across
// directories without the reference data: the error names the tag's
// file, line and key and the chain of files.
func TestConfigIncludeErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	top := write("top.yaml", "Model Name: x\nDefinitions: !include sub/defs.yaml\n")
	write("sub/defs.yaml", "SWC Types: {soma: 1}\nLayers: !include ../layers/layers.yaml\n")
	write("layers/layers.yaml", "SO: 5\nSP: !include ../top.yaml\n")
	_, err := miv.Load(top)
	j := func(p ...string) string { return filepath.Join(append([]string{dir}, p...)...) }
	want := "miv config " + j("layers", "layers.yaml") + ":2: Definitions.Layers.SP: circular !include: " +
		j("top.yaml") + " -> " + j("sub", "defs.yaml") + " -> " + j("layers", "layers.yaml") + " -> " + j("top.yaml")
	if err == nil || err.Error() != want {
		t.Errorf("cycle: %v\nwant %s", err, want)
	}
	write("layers/layers.yaml", "SO: 5\nSP: !include missing.yaml\n")
	_, err = miv.Load(top)
	if err == nil || !strings.Contains(err.Error(), "layers.yaml:2: Definitions.Layers.SP: !include missing.yaml: open ") ||
		!strings.Contains(err.Error(), "include chain: "+top+" -> ") || !strings.Contains(err.Error(), "missing.yaml)") {
		t.Errorf("missing: %v", err)
	}
	var e *miv.ConfigError
	if !errors.As(err, &e) || e.Line != 2 || e.Key != "Definitions.Layers.SP" || filepath.Base(e.File) != "layers.yaml" {
		t.Errorf("missing: %#v", e)
	}
	// An include of a directory or a device is refused, not read.
	write("layers/layers.yaml", "SO: 5\nSP: !include /dev/zero\n")
	if _, err = miv.Load(top); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("device: %v", err)
	}
}

package sonata

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/golgi-sim/golgi/sim/store"
)

// bruteColumn reads attribute attr of every edge straight from the file.
func bruteColumn(t *testing.T, e *EdgePopulation, attr string) []float64 {
	t.Helper()
	r, err := store.OpenH5Reader(e.File())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	v, err := r.ReadFloat64("edges/"+e.Name+"/0/"+attr, 0, -1)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSynapseParameters is SPEC section 8, check 4: every synapse of
// sscx-v7-plasticity read per target through the index equals a
// brute-force read of the datasets; synapse ids are the per-target
// positions; pathways as SPEC 7.1 lists them.
func TestSynapseParameters(t *testing.T) {
	s := load(t, "sscx-v7-plasticity/simulation_config_base.json")
	e := s.Circuit.Edge("default")
	dt := s.Config.Run.DtMS
	ca := *s.Config.Conditions.ExtracellularCalciumMM
	cols := map[string][]float64{}
	for _, a := range []string{"afferent_section_id", "afferent_section_pos", "afferent_segment_id", "afferent_segment_offset",
		"conductance", "delay", "u_syn", "depression_time", "facilitation_time", "decay_time", "syn_type_id",
		"n_rrp_vesicles", "conductance_scale_factor", "u_hill_coefficient"} {
		cols[a] = bruteColumn(t, e, a)
	}
	src, tgt := bruteEdges(t, e)
	type pathway struct {
		src, tgt uint64
		inh      bool
	}
	counts := map[pathway]int{}
	total := 0
	for n := uint64(0); n < 5; n++ {
		syn, err := e.Synapses(n)
		if err != nil {
			t.Fatal(err)
		}
		if syn.SectionPos == nil || syn.SegmentID == nil {
			t.Fatal("sscx-v7 has both afferent_section_pos and segments")
		}
		var ids []uint64
		for id, tg := range tgt {
			if tg == n {
				ids = append(ids, uint64(id))
			}
		}
		if !slices.Equal(syn.EdgeIDs, ids) {
			t.Fatalf("target %d: edges %v, want %v", n, syn.EdgeIDs, ids)
		}
		for i, id := range syn.EdgeIDs { // i is the synapseID
			got := map[string]float64{
				"afferent_section_id": float64(syn.SectionID[i]), "afferent_section_pos": syn.SectionPos[i],
				"afferent_segment_id": float64(syn.SegmentID[i]), "afferent_segment_offset": syn.SegmentOffsetUM[i],
				"conductance": syn.ConductanceNS[i], "delay": syn.DelayMS[i], "u_syn": syn.USyn[i],
				"depression_time": syn.DepressionTimeMS[i], "facilitation_time": syn.FacilitationTimeMS[i],
				"decay_time": syn.DecayTimeMS[i], "syn_type_id": float64(syn.SynTypeID[i]),
				"n_rrp_vesicles": syn.NRRPVesicles[i], "conductance_scale_factor": syn.ConductanceScaleFactor[i],
				"u_hill_coefficient": syn.UHillCoefficient[i],
			}
			for a, v := range got {
				if v != cols[a][id] {
					t.Errorf("target %d synapse %d (edge %d): %s = %v, want %v", n, i, id, a, v, cols[a][id])
				}
			}
			if syn.Sources[i] != src[id] {
				t.Errorf("edge %d: source %d, want %d", id, syn.Sources[i], src[id])
			}
			// Hill scaling at ca = 1.2, computed apart.
			k := cols["u_hill_coefficient"][id]
			want := cols["u_syn"][id] * (math.Pow(k, 4) + 16) / 16 * math.Pow(ca, 4) / (math.Pow(k, 4) + math.Pow(ca, 4))
			if got := syn.HillScaledU(i, ca); math.Abs(got-want) > 1e-15*want || !(got < cols["u_syn"][id]) {
				t.Errorf("edge %d: Hill-scaled U %v, want %v (< %v)", id, got, want, cols["u_syn"][id])
			}
			if got := syn.HillScaledU(i, 2.0); math.Abs(got-syn.USyn[i]) > 1e-14*syn.USyn[i] {
				t.Errorf("edge %d: U at ca = 2 mM is %v, want %v", id, got, syn.USyn[i])
			}
			// Delays on the dt grid, as neurodamus patches them.
			d := syn.PatchedDelayMS(i, dt)
			if steps := d / dt; math.Abs(steps-math.Round(steps)) > 1e-9 || d > syn.DelayMS[i]+1e-5*dt || syn.DelayMS[i]-d >= dt {
				t.Errorf("edge %d: delay %v patched to %v", id, syn.DelayMS[i], d)
			}
			counts[pathway{syn.Sources[i], n, syn.Inhibitory(i)}]++
			total++
		}
	}
	want := map[pathway]int{{2, 0, true}: 13, {1, 0, true}: 12, {4, 2, false}: 11, {3, 0, false}: 7, {4, 0, false}: 6}
	if total != 49 || fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Errorf("%d synapses in pathways %v, want 49 in %v", total, counts, want)
	}
}

// TestSynapseValues checks values SPEC 7.1 gives, optional attributes
// absent (-1) and segment addressing.
func TestSynapseValues(t *testing.T) {
	nm := load(t, "neuromodulation/simulation_config.json")
	e := nm.Circuit.Edge("default")
	var g, d []float64
	for n := uint64(0); n < 3; n++ {
		syn, err := e.Synapses(n)
		if err != nil {
			t.Fatal(err)
		}
		for i := range syn.Len() {
			g = append(g, float64(float32(syn.ConductanceNS[i])))
			d = append(d, float64(float32(syn.DelayMS[i])))
			if syn.Sources[i] != 0 || syn.Inhibitory(i) {
				t.Errorf("synapse %d onto %d: source %d, type %d", i, n, syn.Sources[i], syn.SynTypeID[i])
			}
		}
	}
	slices.Sort(g)
	slices.Sort(d)
	// SPEC 7.1 prints them to two decimals.
	near := func(got, want []float64) bool {
		return slices.EqualFunc(got, want, func(a, b float64) bool { return math.Abs(a-b) < 0.005 })
	}
	if !near(g, []float64{0.5, 1.0, 1.26, 2.0}) || !near(d, []float64{1.0, 1.0, 1.1, 1.59}) {
		t.Errorf("neuromodulation conductances %v, delays %v", g, d)
	}
	v5 := load(t, "v5_sonata/simulation_config_mini.json")
	syn, err := v5.Circuit.Edge("external_default").Synapses(2)
	if err != nil {
		t.Fatal(err)
	}
	if syn.Len() != 359 || syn.SectionPos != nil || len(syn.SegmentID) != 359 || len(syn.SegmentOffsetUM) != 359 {
		t.Errorf("v5 node 2: %d synapses, section_pos %v, %d segments", syn.Len(), syn.SectionPos != nil, len(syn.SegmentID))
	}
	for i := range syn.Len() {
		if syn.ConductanceScaleFactor[i] != -1 || syn.UHillCoefficient[i] != -1 || syn.NRRPVesicles[i] != 1 {
			t.Fatalf("v5 synapse %d: scale factor %v, Hill %v, nrrp %v", i, syn.ConductanceScaleFactor[i], syn.UHillCoefficient[i], syn.NRRPVesicles[i])
		}
		if syn.HillScaledU(i, 1.2) != syn.USyn[i] {
			t.Fatal("U scaled without a Hill coefficient")
		}
	}
	// Projections of neuromodulatory edges have no synapse attributes.
	if _, err := nm.Circuit.Edge("projections").Synapses(1); err == nil {
		t.Error("neuromodulatory edges read as chemical synapses")
	}
	strength, err := nm.Circuit.Edge("projections").Float64("neuromod_strength", Ranges{{0, 6}})
	if err != nil || len(strength) != 6 {
		t.Errorf("neuromod_strength %v, %v", strength, err)
	}
}

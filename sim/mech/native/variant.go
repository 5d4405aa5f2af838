package native

// synVariant is what a variant .mod file of ProbAMPANMDA_EMS or
// ProbGABAAB_EMS changes from the file the native mechanism is written
// from (neurodamus-models common/mod). The variants keep the mechanism's
// name and are registered under it in their mechanism set (mech.NewIn);
// Replaces lists them.
type synVariant struct {
	// set is the mechanism set registering the variant.
	set string
	// cnexp: the states are a DERIVATIVE block (A' = -A/tau) solved by
	// cnexp, not PROCEDURE state's exact factors; the *_step RANGE
	// variables do not exist.
	cnexp bool
	// mgGlobal: mg is GLOBAL, not RANGE (ProbAMPANMDA_EMS).
	mgGlobal bool
	// tauBRange: tau_r_GABAB and tau_d_GABAB are RANGE, not GLOBAL
	// (ProbGABAAB_EMS).
	tauBRange bool
	// releaseVars are the release-tracking variables the variant declares
	// (Rstate, Ustate, testState, release_accumulator; see release).
	releaseVars []string
	// ionic: the synaptic current goes to ions (USEION ... WRITE) instead
	// of NONSPECIFIC_CURRENT i; ionic.go.
	ionic bool
	// netEvent: a release emits an event (net_event(t)): the synapse is
	// an event source (mech.EventSource).
	netEvent bool
	// globals are the GLOBAL defaults where the variant's differ.
	globals map[string]float64
}

// chindemiMg are the magnesium block's GLOBAL defaults of the neocortex
// variants of ProbAMPANMDA_EMS (Chindemi et al., Nature Comms. 2022).
var chindemiMg = map[string]float64{"slope_mg": 0.0720748, "scale_mg": 2.55224}

// ampaVariants and gabaVariants are the variants of ProbAMPANMDA_EMS and
// ProbGABAAB_EMS, by mechanism set: neocortex/mod/plasticity and
// common/mod/optimized (cnexp), common/mod/ngv (Rstate and Ustate),
// neocortex/mod/metabolism (ion currents).
var (
	ampaVariants = []synVariant{
		{set: "plasticity", cnexp: true, mgGlobal: true, globals: chindemiMg},
		{set: "optimized", cnexp: true, mgGlobal: true, globals: chindemiMg},
		{set: "ngv", releaseVars: []string{"Rstate", "Ustate"}, globals: chindemiMg},
		{set: "metabolism", ionic: true, netEvent: true, globals: chindemiMg,
			releaseVars: []string{"Rstate", "Ustate", "testState", "release_accumulator"}},
	}
	gabaVariants = []synVariant{
		{set: "plasticity", cnexp: true, tauBRange: true},
		{set: "optimized", cnexp: true, tauBRange: true},
		{set: "metabolism", ionic: true, releaseVars: []string{"release_accumulator"}},
	}
)

// emitter holds the events a synapse emits (net_event) until an
// EventSource poll returns them.
type emitter struct {
	times [][]float64 // per instance, in time order
	given []int       // per instance, how many were returned
}

func newEmitter(n int) *emitter { return &emitter{times: make([][]float64, n), given: make([]int, n)} }

func (em *emitter) reset(k int) { em.times[k], em.given[k] = em.times[k][:0], 0 }

func (em *emitter) emit(k int, t float64) { em.times[k] = append(em.times[k], t) }

// events returns instance k's events up to untilMs not returned before.
func (em *emitter) events(k int, untilMs float64) []float64 {
	ts := em.times[k]
	i := em.given[k]
	j := i
	for j < len(ts) && ts[j] <= untilMs {
		j++
	}
	em.given[k] = j
	if i == j {
		return nil
	}
	return append([]float64(nil), ts[i:j]...)
}

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
// neocortex/mod/metabolism (ion currents), neocortex/mod/v5 and v6 (the
// magnesium block's constants only).
var (
	ampaVariants = []synVariant{
		{set: "plasticity", cnexp: true, mgGlobal: true, globals: chindemiMg},
		{set: "optimized", cnexp: true, mgGlobal: true, globals: chindemiMg},
		{set: "ngv", releaseVars: []string{"Rstate", "Ustate"}, globals: chindemiMg},
		{set: "metabolism", ionic: true, netEvent: true, globals: chindemiMg,
			releaseVars: []string{"Rstate", "Ustate", "testState", "release_accumulator"}},
		// neocortex/mod/v5 and v6 link neocortex/mod/common's file, the
		// same as common/mod's but for the magnesium block's defaults.
		{set: "neocortexv5", globals: chindemiMg},
		{set: "neocortexv6", globals: chindemiMg},
	}
	gabaVariants = []synVariant{
		{set: "plasticity", cnexp: true, tauBRange: true},
		{set: "optimized", cnexp: true, tauBRange: true},
		{set: "metabolism", ionic: true, releaseVars: []string{"release_accumulator"}},
	}
)

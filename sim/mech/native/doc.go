// Package native holds hand-written Go implementations of the NMODL
// mechanisms that neurodamus needs and that the translator (package
// sim/nmodl) refuses because of their VERBATIM C code. Each is
// registered with package mech under its NEURON name, with the .mod
// file's RANGE, STATE, ASSIGNED and GLOBAL names and defaults:
//
//	ProbAMPANMDA_EMS  ProbAMPANMDA (neurodamus-models common/mod/ProbAMPANMDA_EMS.mod)
//	ProbGABAAB_EMS    ProbGABAAB   (common/mod/ProbGABAAB_EMS.mod)
//	DetAMPANMDA       DetAMPANMDA  (common/mod/DetAMPANMDA.mod)
//	DetGABAAB         DetGABAAB    (common/mod/DetGABAAB.mod)
//	VecStim           VecStim      (common/mod/VecStim.mod; vecevent.mod for sorted times)
//	InhPoissonStim    InhPoissonStim (common/mod/netstim_inhpoisson.mod)
//	StochKv           StochKv      (neocortex/mod/v5/StochKv.mod)
//	StochKv3          StochKv3     (neocortex/mod/v6/StochKv3.mod)
//	GluSynapse        GluSynapse   (common/mod/GluSynapse.mod)
//	Gfluct3           Gfluct3      (MiV-Simulator's Gfluct3.mod)
//
// Other mechanism sets of neurodamus-models have variants of some of
// them under the same names, registered in their set (mech.NewIn; see
// Replaces): ProbAMPANMDA_EMS and ProbGABAAB_EMS of plasticity,
// optimized, ngv and metabolism (variant.go: cnexp states, GLOBAL or
// RANGE parameters, release tracking, ion currents, ionic.go),
// ProbAMPANMDA_EMS of neocortexv5 and neocortexv6 (neocortex/mod/common's
// magnesium block, which neurodamus-models' neocortex build uses), and the
// metabolism set's StochKv3 (its initial current subtracted),
// DetAMPANMDA_ionic, DetGABAAB_ionic and GluSynapse_ionic
// (GluSynapseIonic, an older GluSynapse with rewiring). Each is compared
// with NEURON 8.2.2 running its own .mod (scripts/nmodl-ref/variant_refs.py).
//
// The two synapses are point processes (mech.Mechanism, mech.Receiver)
// with NEURON's semantics: the conductances decay exactly by their step
// factors after the voltage update (PROCEDURE state), the current's slope
// is the 0.001 mV difference of the generated code, and NET_RECEIVE keeps
// its per-connection variables in the connection's weight vector
// (weight, weight_AMPA or weight_GABAA, weight_NMDA or weight_GABAB,
// Psurv, nc_type). Stochastic release draws from a Random123 stream per
// instance (package sim/random123), set by SetRNG(k, id1, id2, id3) as
// neurodamus's setRNG, under the global index of SetGlobalIndex, and
// reset to sequence 0 at every Init: on each spike, one draw per empty
// site (recovery) and then one per occupied site (release), in that
// order. Delayed weights (setup_delay_vecs, SetupDelayVecs) are
// self events (net_send, flag 1) through mech.EventQueue; their
// connection's initialisation fails with ErrNoQueue where the
// environment has none. verboseLevel's printing is not reproduced.
//
// DetAMPANMDA and DetGABAAB are their deterministic counterparts: the
// same receptors (integrated by cnexp, as their DERIVATIVE block), and
// the mean release Pr = u R of Tsodyks-Markram, its state (R, Pr, u,
// tsyn) kept per connection in the weight vector (NArgsDet values).
//
// VecStim is an artificial cell (mech.EventSource): Play sets its times
// and Events reports the ones it emits, which mech.Compartment delivers
// through a mech.NetCon after its delay.
//
// InhPoissonStim is the artificial cell of neurodamus's spontaneous
// minis (mech.EventSource): a Poisson process by thinning, its intervals
// and thinning draws from two Random123 streams (SetRNGs), its rates by
// time bin (SetTbins, SetRate). StochKv and StochKv3 are stochastic
// potassium channels (density mechanisms writing ik): integer numbers of
// channels in each state, moved every step by the .mod files' binomial
// deviate BnlDev drawn from the instance's stream (SetRNG, as
// neurodamus's re_init_rng), or their deterministic counterparts.
// GluSynapse is the plastic glutamatergic synapse: stochastic release
// (draws <= p, the stream not restarted by Init), spine calcium from the
// NMDA current and a VDCC, and calcium-based plasticity whose WATCH
// statements it checks after every step, its states by forward Euler.
// Gfluct3 is MiV-Simulator's fluctuating-conductance point process: two
// Ornstein-Uhlenbeck conductances updated by self events every h ms,
// their normal draws from a Random123 stream (SetRNG) or a Random object
// (SetRandom) as NEURON's, else from Go's generator.
//
// The mechanisms are validated against NEURON 8.2.2 running the .mod
// files (scripts/nmodl-ref/native_refs.py, testdata): a soma with pas and
// a synapse driven by a VecStim train through a delayed NetCon and by
// spontaneous-mini events, seeded as neurodamus seeds synapses, with
// failures, recoveries, delayed weights, minis_single_vesicle and
// init_depleted, and the deterministic synapses likewise. The release
// pattern (occupied, unoccupied, tsyn, next_delay, the connection's
// weight) is identical at every sample, u and the connection's Psurv, R,
// Pr and u within 1e-13, the potential within 1e-9 mV (1e-13 mV reached)
// and the conductances, currents and states within 1e-9 of their largest
// value (about 1e-16 reached); VecStim's and InhPoissonStim's emitted
// times are identical to the last bit (scripts/nmodl-ref/stoch_refs.py),
// and the channels' populations and transitions at every sample, their
// potential within 1.3e-13 mV; GluSynapse's release and plasticity
// switches are identical at every sample, v within 5e-14 mV.
package native

package native

// Replacement is a .mod file that a native mechanism reproduces.
type Replacement struct {
	// Mechanism is the registered name; Mod the file's path under the
	// reference root (GOLGI_REF).
	Mechanism, Mod string
	// Globals are the GLOBAL defaults where the file's differ from the
	// native mechanism's (set them with SetGlobal); the file is otherwise
	// the same as the one the mechanism is written from.
	Globals map[string]float64
	// Note qualifies the replacement, or is empty.
	Note string
	// Set is the mechanism set a variant is registered in under the
	// mechanism's name (mech.NewIn), or "" for the mechanism itself: a
	// variant differs from the base file in more than GLOBAL defaults
	// (variant.go), and Note says how.
	Set string
}

// Replaces lists the .mod files the native mechanisms reproduce: the
// neurodamus-models common/mod files they are written from and validated
// against, and variants that differ from them only in GLOBAL defaults or
// in behaviour outside what neurodamus uses (TestReplacements checks
// the files), and the variants of other mechanism sets (Set). Files with
// the same content elsewhere (symbolic links, copies) are the same
// replacement.
//
// The GLOBAL defaults are those NEURON 8.2.2 runs with: nocmodl writes a
// GLOBAL PARAMETER's default into the C file with printf's %g (6
// significant digits), so slope_mg = 0.07207477 is 0.0720748 in NEURON.
var Replaces = []Replacement{
	{Mechanism: "ProbAMPANMDA_EMS", Mod: "sonata/mod/common/mod/ProbAMPANMDA_EMS.mod"},
	{Mechanism: "ProbAMPANMDA_EMS", Mod: "sonata/mod/neocortex/mod/common/ProbAMPANMDA_EMS.mod",
		Globals: chindemiMg},
	// neurodamus-models builds neocortex/mod/v6 (and v5) before common/mod:
	// their ProbAMPANMDA_EMS is the link to neocortex/mod/common's.
	{Mechanism: "ProbAMPANMDA_EMS", Mod: "sonata/mod/neocortex/mod/v5/ProbAMPANMDA_EMS.mod", Set: "neocortexv5",
		Globals: chindemiMg},
	{Mechanism: "ProbAMPANMDA_EMS", Mod: "sonata/mod/neocortex/mod/v6/ProbAMPANMDA_EMS.mod", Set: "neocortexv6",
		Globals: chindemiMg},
	{Mechanism: "ProbGABAAB_EMS", Mod: "sonata/mod/common/mod/ProbGABAAB_EMS.mod"},
	{Mechanism: "DetAMPANMDA", Mod: "sonata/mod/common/mod/DetAMPANMDA.mod"},
	{Mechanism: "DetGABAAB", Mod: "sonata/mod/common/mod/DetGABAAB.mod"},
	{Mechanism: "VecStim", Mod: "sonata/mod/common/mod/VecStim.mod"},
	{Mechanism: "VecStim", Mod: "sonata/mod/common/mod/vecevent.mod",
		Note: "as VecStim.mod, which is the same for sorted times played before the run"},
	{Mechanism: "VecStim", Mod: "miv/cases/1-construction/mechanisms/vecevent.mod",
		Note: "MiV-Simulator's vecevent.mod: as VecStim.mod for sorted times played before the run; xpos, ypos, zpos, gid and position() kept"},
	{Mechanism: "Gfluct3", Mod: "miv/cases/1-construction/mechanisms/Gfluct3.mod",
		Note: "noiseFromRandom123 and noiseFromRandom draws as NEURON's; without them Go's generator, not scop's normrand"},
	{Mechanism: "InhPoissonStim", Mod: "sonata/mod/common/mod/netstim_inhpoisson.mod"},
	{Mechanism: "StochKv", Mod: "sonata/mod/neocortex/mod/v5/StochKv.mod"},
	{Mechanism: "StochKv3", Mod: "sonata/mod/neocortex/mod/v6/StochKv3.mod"},
	{Mechanism: "GluSynapse", Mod: "sonata/mod/common/mod/GluSynapse.mod"},

	{Mechanism: "ProbAMPANMDA_EMS", Mod: "sonata/mod/neocortex/mod/plasticity/ProbAMPANMDA_EMS.mod", Set: "plasticity",
		Globals: chindemiMg, Note: "variant: states by cnexp (DERIVATIVE), mg GLOBAL"},
	{Mechanism: "ProbAMPANMDA_EMS", Mod: "sonata/mod/common/mod/optimized/ProbAMPANMDA_EMS.mod", Set: "optimized",
		Globals: chindemiMg, Note: "variant: states by cnexp (DERIVATIVE), mg GLOBAL"},
	{Mechanism: "ProbAMPANMDA_EMS", Mod: "sonata/mod/common/mod/ngv/ProbAMPANMDA_EMS.mod", Set: "ngv",
		Globals: chindemiMg, Note: "variant: Rstate, Ustate"},
	{Mechanism: "ProbAMPANMDA_EMS", Mod: "sonata/mod/neocortex/mod/metabolism/ProbAMPANMDA_EMS.mod", Set: "metabolism",
		Globals: chindemiMg, Note: "variant: na, k and ca currents by relative permeabilities instead of i; Rstate, Ustate, testState, release_accumulator"},
	{Mechanism: "ProbGABAAB_EMS", Mod: "sonata/mod/neocortex/mod/plasticity/ProbGABAAB_EMS.mod", Set: "plasticity",
		Note: "variant: states by cnexp (DERIVATIVE), tau_r_GABAB and tau_d_GABAB RANGE"},
	{Mechanism: "ProbGABAAB_EMS", Mod: "sonata/mod/common/mod/optimized/ProbGABAAB_EMS.mod", Set: "optimized",
		Note: "variant: states by cnexp (DERIVATIVE), tau_r_GABAB and tau_d_GABAB RANGE"},
	{Mechanism: "ProbGABAAB_EMS", Mod: "sonata/mod/neocortex/mod/metabolism/ProbGABAAB_EMS.mod", Set: "metabolism",
		Note: "variant: GABA_A current icl (ecl), GABA_B ik (ek) instead of i; release_accumulator"},
	{Mechanism: "DetAMPANMDA_ionic", Mod: "sonata/mod/neocortex/mod/metabolism/DetAMPANMDA.mod", Set: "metabolism",
		Note: "DetAMPANMDA with na, k and ca currents by relative permeabilities instead of i, e_AMPA and e_NMDA; no nc_type, no delayed weights"},
	{Mechanism: "DetGABAAB_ionic", Mod: "sonata/mod/neocortex/mod/metabolism/DetGABAAB.mod", Set: "metabolism",
		Note: "DetGABAAB with icl = i_GABAA and ik = i_GABAB instead of i; no nc_type, no delayed weights"},
	{Mechanism: "GluSynapse_ionic", Mod: "sonata/mod/neocortex/mod/metabolism/GluSynapse.mod", Set: "metabolism",
		Globals: chindemiMg, Note: "an older GluSynapse (Use plasticity, rewiring, one-argument NET_RECEIVE) with na, k and ca currents"},
	{Mechanism: "StochKv3", Mod: "sonata/mod/neocortex/mod/metabolism/StochKv3.mod", Set: "metabolism",
		Note: "variant: ik less its initial value ik_stoch_0 (gk0, ik_stoch_0 per instance)"},
}

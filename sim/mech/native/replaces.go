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
}

// Replaces lists the .mod files the native mechanisms reproduce: the
// neurodamus-models common/mod files they are written from and validated
// against, and variants that differ from them only in GLOBAL defaults or
// in behaviour outside what neurodamus uses (TestReplacements checks
// the files). Files with the same content elsewhere (symbolic links,
// copies) are the same replacement.
var Replaces = []Replacement{
	{Mechanism: "ProbAMPANMDA_EMS", Mod: "sonata/mod/common/mod/ProbAMPANMDA_EMS.mod"},
	{Mechanism: "ProbAMPANMDA_EMS", Mod: "sonata/mod/neocortex/mod/common/ProbAMPANMDA_EMS.mod",
		Globals: map[string]float64{"slope_mg": 0.07207477, "scale_mg": 2.5522415}},
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
}

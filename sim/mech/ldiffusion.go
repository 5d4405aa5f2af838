package mech

// LongDiffusion is a concentration a mechanism diffuses between
// neighbouring segments: the inside concentration of Ion (NMODL's
// LONGITUDINAL_DIFFUSION of a STATE that is an ion concentration the
// mechanism WRITEs, such as internal_ions' nai), or, Ion empty, the
// mechanism's own per-instance variable State (a STATE of no ion, such
// as the shells ca[i] of NGV's cadifus; its Var name).
type LongDiffusion struct {
	Ion   string
	State string
}

// LongDiffuser is a mechanism whose KINETIC block has
// LONGITUDINAL_DIFFUSION. A cell's solver (sim/morph's CellGroup)
// applies it after every step's State, as NEURON's ldifus.cpp does:
// a backward-Euler step of diffusion between the segments that have the
// mechanism, separately for each concentration of LongDiffusion. In one
// compartment it changes nothing.
type LongDiffuser interface {
	Mechanism
	// LongDiffusion lists the diffused concentrations.
	LongDiffusion() []LongDiffusion
	// LongDiffusionCoef returns, for concentration s of LongDiffusion
	// and instance k, the LONGITUDINAL_DIFFUSION expression dc
	// (diffusion constant times cross-section area, um2/ms um2 in the
	// reference files) and the concentration's COMPARTMENT volume (per
	// unit length, um2; 1 without one), as nocmodl's _difcoef functions.
	LongDiffusionCoef(e *Env, s, k int) (dc, vol float64)
}

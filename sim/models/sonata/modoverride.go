package sonata

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/mech/native"
)

// A connection override's modoverride "X" makes neurodamus create the
// synapses of the matching connections with the hoc template XHelper
// instead of the AMPANMDA or GABAAB helper (SPEC 3.10, 3.12), whatever
// the synapse's type. neurodamus-models has one such helper,
// GluSynapseHelper; Golgi reproduces it and refuses other names.

// GluSynapseAttributes are the edge attributes GluSynapseHelper reads
// (its NeededAttributes); Use_d_TM and Use_p_TM are Hill-scaled with u_syn
// (its UHillScaleVariables).
var GluSynapseAttributes = []string{"volume_CR", "rho0_GB", "Use_d_TM", "Use_p_TM",
	"gmax_d_AMPA", "gmax_p_AMPA", "theta_d", "theta_p"}

// modOverrides are the non-delayed connection overrides with a
// modoverride, their node sets resolved, in list order. A modoverride
// other than GluSynapse is an error naming the override.
func (n *Network) modOverrides() ([]overrideSets, error) {
	var out []overrideSets
	for i := range n.Sim.Config.ConnectionOverrides {
		o := &n.Sim.Config.ConnectionOverrides[i]
		if o.ModOverride == "" || o.DelayMS > 0 {
			continue
		}
		if err := checkModOverride(o); err != nil {
			return nil, err
		}
		src, err := n.resolveSet(o.Source)
		if err != nil {
			return nil, fmt.Errorf("sonata: connection override %q: source: %w", o.Name, err)
		}
		tgt, err := n.resolveSet(o.Target)
		if err != nil {
			return nil, fmt.Errorf("sonata: connection override %q: target: %w", o.Name, err)
		}
		out = append(out, overrideSets{o: o, source: src, target: tgt})
	}
	return out, nil
}

// checkModOverride refuses a modoverride other than GluSynapse.
func checkModOverride(o *ConnectionOverride) error {
	if o.ModOverride != "" && o.ModOverride != "GluSynapse" {
		return fmt.Errorf("sonata: connection override %q: modoverride %q: Golgi has the helper of GluSynapse only (neurodamus would load the hoc template %sHelper)", o.Name, o.ModOverride, o.ModOverride)
	}
	return nil
}

// modOverrideFor is the modoverride of the connection from (srcPop,
// srcNode) to (tgtPop, tgtNode): that of the last matching block, as
// neurodamus's configure_group sets it once per matching block; "" when
// none matches.
func modOverrideFor(blocks []overrideSets, srcPop string, srcNode uint64, tgtPop string, tgtNode uint64) string {
	mod := ""
	for _, b := range blocks {
		if b.source.has(srcPop, srcNode) && b.target.has(tgtPop, tgtNode) {
			mod = b.o.ModOverride
		}
	}
	return mod
}

// gluSynapseRhoStar is GluSynapse's GLOBAL rho_star_GB when the synapses
// are created: conditions.mechanisms' value, else the .mod's default.
func (n *Network) gluSynapseRhoStar() (float64, error) {
	for _, mg := range n.Sim.Config.Conditions.Mechanisms {
		if mg.Suffix == "GluSynapse" && mg.Variable == "rho_star_GB" {
			return mg.Value, nil
		}
	}
	return native.NewGluSynapse(0).Global("rho_star_GB")
}

// gluSynapseParams are the parameters GluSynapseHelper gives synapse i
// of syn (SPEC 3.12): extra holds GluSynapseAttributes of the same
// synapses, caMM is the extracellular calcium (nil: no Hill scaling) and
// rhoStar GluSynapse's rho_star_GB. The synapse starts potentiated
// (gmax0_AMPA = gmax_p_AMPA, Use = Use_p) when rho0_GB > rho_star_GB,
// else depressed; gmax_NMDA = gmax0_AMPA times the conductance ratio
// (conductance_scale_factor, -1 when the file lacks it, as neurodamus
// leaves it).
func gluSynapseParams(syn *Synapses, extra map[string][]float64, i int, caMM *float64, rhoStar float64) map[string]float64 {
	useD, useP := extra["Use_d_TM"][i], extra["Use_p_TM"][i]
	if caMM != nil {
		f := syn.HillFactor(i, *caMM)
		useD, useP = useD*f, useP*f
	}
	rho0 := extra["rho0_GB"][i]
	gmax0, use := extra["gmax_d_AMPA"][i], useD
	if rho0 > rhoStar {
		gmax0, use = extra["gmax_p_AMPA"][i], useP
	}
	p := map[string]float64{
		"Use_d": useD, "Use_p": useP,
		"theta_d_GB": extra["theta_d"][i], "theta_p_GB": extra["theta_p"][i], "rho0_GB": rho0,
		"volume_CR":   extra["volume_CR"][i],
		"gmax_d_AMPA": extra["gmax_d_AMPA"][i], "gmax_p_AMPA": extra["gmax_p_AMPA"][i],
		"gmax0_AMPA": gmax0, "gmax_NMDA": gmax0 * syn.ConductanceScaleFactor[i],
		"tau_d_AMPA": syn.DecayTimeMS[i], "Use": use,
		"Dep": math.Abs(syn.DepressionTimeMS[i]), "Fac": math.Abs(syn.FacilitationTimeMS[i]),
		"synapseID":   float64(i),
		"conductance": syn.ConductanceNS[i],
	}
	if syn.NRRPVesicles[i] >= 0 {
		p["Nrrp"] = syn.NRRPVesicles[i]
	}
	return p
}

// SynapseAttributes reads the named float attributes of the synapses onto
// target node n (in the order of Synapses). A missing attribute is an
// error naming it and the file.
func (e *EdgePopulation) SynapseAttributes(n uint64, names []string) (map[string][]float64, error) {
	sel, err := e.Afferent(n)
	if err != nil {
		return nil, err
	}
	out := map[string][]float64{}
	for _, a := range names {
		if !e.Has(a) {
			return nil, fmt.Errorf("%s: edge population %q has no attribute %q", e.File(), e.Name, a)
		}
		if out[a], err = e.Float64(a, sel); err != nil {
			return nil, err
		}
	}
	return out, nil
}

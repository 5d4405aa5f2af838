// Package testcells holds the cells that tests and benchmarks of several
// packages share, each the same as a NEURON script of scripts/nmodl-ref
// builds, so that their references apply.
package testcells

import (
	"math"

	"github.com/golgi-sim/golgi/sim/morph"

	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/mivsyn"      // LinExp2Syn
	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/neocortexv5" // the v5 channels
)

// V5 is the cell of scripts/nmodl-ref/cell_ref.py (build): a soma
// with an axon, a basal dendrite and an apical trunk with a tuft, the
// neocortex v5 channels, ena/ek per region, Ih by distance on the apical
// sections, an IClamp of 0.35 nA from 20 ms for 150 ms at the soma and a
// LinExp2Syn at apic(0.5). nsegScale multiplies every nseg but the soma's.
func V5(nsegScale int) *morph.Cell {
	m := &morph.Morphology{Name: "v5 cell"}
	soma := m.AddCylinder("soma", morph.Soma, -1, 0, 20, 20)
	m.Sections[soma].Nseg = 1
	add := func(name string, t morph.Type, parent int, x, l, d float64, nseg int) int {
		i := m.AddCylinder(name, t, parent, x, l, d)
		m.Sections[i].Nseg = nseg * nsegScale
		return i
	}
	add("axon", morph.Axon, soma, 0, 60, 1, 5)
	add("dend", morph.Basal, soma, 0, 200, 1.5, 7)
	apic := add("apic", morph.Apical, soma, 1, 400, 2.5, 13)
	add("tuft", morph.Apical, apic, 1, 250, 1, 9)

	somatic := morph.Region(morph.Soma)
	axonal := morph.Region(morph.Axon)
	apical := morph.Region(morph.Apical)
	c := &morph.Cell{
		Name: "v5 cell", Morphology: m, CmUFcm2: 1, RaOhmCm: 100,
		Passive:     []morph.Passive{{Where: morph.Region(morph.Basal, morph.Apical), CmUFcm2: 2}},
		VInitMV:     -80,
		ThresholdMV: 0,
		Inserts: []morph.Insert{
			{Mech: "pas", Params: map[string]float64{"g": 3e-5, "e": -75}},
			{Mech: "NaTs2_t", Where: somatic, Params: map[string]float64{"gNaTs2_tbar": 0.983}},
			{Mech: "SKv3_1", Where: somatic, Params: map[string]float64{"gSKv3_1bar": 0.303}},
			{Mech: "SK_E2", Where: somatic, Params: map[string]float64{"gSK_E2bar": 0.0008}},
			{Mech: "Ca_HVA", Where: somatic, Params: map[string]float64{"gCa_HVAbar": 0.000994}},
			{Mech: "Ca_LVAst", Where: somatic, Params: map[string]float64{"gCa_LVAstbar": 0.000333}},
			{Mech: "CaDynamics_E2", Where: somatic, Params: map[string]float64{"gamma": 0.000609, "decay": 210.485284}},
			{Mech: "Ih", Where: somatic, Params: map[string]float64{"gIhbar": 8e-5}},
			{Mech: "NaTa_t", Where: axonal, Params: map[string]float64{"gNaTa_tbar": 3.137}},
			{Mech: "Nap_Et2", Where: axonal, Params: map[string]float64{"gNap_Et2bar": 0.00672}},
			{Mech: "K_Pst", Where: axonal, Params: map[string]float64{"gK_Pstbar": 0.973}},
			{Mech: "K_Tst", Where: axonal, Params: map[string]float64{"gK_Tstbar": 0.089}},
			{Mech: "SKv3_1", Where: axonal, Params: map[string]float64{"gSKv3_1bar": 1.02}},
			{Mech: "SK_E2", Where: axonal, Params: map[string]float64{"gSK_E2bar": 0.0014}},
			{Mech: "Ca_HVA", Where: axonal, Params: map[string]float64{"gCa_HVAbar": 0.00099}},
			{Mech: "Ca_LVAst", Where: axonal, Params: map[string]float64{"gCa_LVAstbar": 0.0087}},
			{Mech: "CaDynamics_E2", Where: axonal, Params: map[string]float64{"gamma": 0.0191, "decay": 277.3}},
			{Mech: "NaTs2_t", Where: apical, Params: map[string]float64{"gNaTs2_tbar": 0.0213}},
			{Mech: "SKv3_1", Where: apical, Params: map[string]float64{"gSKv3_1bar": 0.00261}},
			{Mech: "Im", Where: apical, Params: map[string]float64{"gImbar": 6.75e-5}},
			{Mech: "Ih", Where: apical, ParamsAt: func(s morph.Segment) (map[string]float64, error) {
				return map[string]float64{"gIhbar": (-0.8696 + 2.087*math.Exp(s.DistUm*0.0031)) * 8e-5}, nil
			}},
			{Mech: "Ih", Where: morph.Region(morph.Basal), Params: map[string]float64{"gIhbar": 8e-5}},
		},
		IonValues: []morph.IonValue{
			{Where: morph.Region(morph.Soma, morph.Axon, morph.Apical), Name: "ena", Value: 50},
			{Where: morph.Region(morph.Soma, morph.Axon, morph.Apical), Name: "ek", Value: -85},
		},
		PointProcesses: []morph.PointProcess{{Name: "syn", Mech: "LinExp2Syn", At: morph.At("apic", 0.5)}},
		Clamps:         []morph.IClamp{{At: morph.At("soma", 0.5), DelMs: 20, DurMs: 150, AmpNA: 0.35}},
	}
	return c
}

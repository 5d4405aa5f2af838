package mech

import "math"

// Physical constants of NEURON's modern units (nrnunits.lib, 2019 SI).
const (
	Faraday  = 96485.3321233100141 // C/mol
	GasConst = 8.31446261815324    // J/(K mol)
	Kelvin0  = 273.15
)

// Ion is one ion species over the instances of an Env.
type Ion struct {
	Name    string
	Valence float64
	// Ci and Co are the concentrations (mM), E the reversal potential
	// (mV), one per instance.
	Ci, Co, E []float64
	// I and DIDV are the species' current (mA/cm2) and its slope (S/cm2)
	// summed over the mechanisms of a step.
	I, DIDV []float64
	// ConcWritten is set when a mechanism writes Ci or Co: E then follows
	// the Nernst equation (NEURON's ion_style), recomputed at the start of
	// every current computation and whenever a mechanism writes a
	// concentration.
	ConcWritten bool
	// ENernstInit is set when a mechanism reads a concentration and none
	// writes E: E is the Nernst potential at initialisation, then a
	// parameter (NEURON's einit without eadvance).
	ENernstInit bool
}

// IonDefaults are NEURON's default concentrations (mM) and reversal
// potential (mV) of an ion, and its charge.
type IonDefaults struct {
	Ci, Co, E, Valence float64
}

// DefaultIons are NEURON's built-in ions: nai0_na_ion 10, nao0 140, ena
// 50; ki0 54.4, ko0 2.5, ek -77; cai0 5e-5, cao0 2, eca 132.457934...
// (Nernst at 6.3 degC, NEURON's default, kept whatever celsius is unless
// a mechanism writes a concentration).
var DefaultIons = map[string]IonDefaults{
	"na": {Ci: 10, Co: 140, E: 50, Valence: 1},
	"k":  {Ci: 54.4, Co: 2.5, E: -77, Valence: 1},
	"ca": {Ci: 5e-5, Co: 2, E: 132.45793416370091, Valence: 2},
}

// Nernst returns the reversal potential (mV) of an ion of charge z at
// concentrations ci and co (mM) and temperature celsius, as NEURON's
// nrn_nernst: 1e6 (or -1e6) when a concentration is not positive.
func Nernst(ci, co, z, celsius float64) float64 {
	if z == 0 {
		return 0
	}
	if ci <= 0 {
		return 1e6
	}
	if co <= 0 {
		return -1e6
	}
	ktf := 1000 * GasConst * (celsius + Kelvin0) / Faraday
	return ktf / z * math.Log(co/ci)
}

// NewIon returns the ion name over n instances at its defaults
// (DefaultIons; other ions at 1 mM inside and out, reversal potential 0),
// of the given valence (0: the ion's own).
func NewIon(name string, n int, valence float64) *Ion {
	d, ok := DefaultIons[name]
	if !ok {
		d = IonDefaults{Ci: 1, Co: 1, Valence: valence}
	}
	if valence != 0 {
		d.Valence = valence
	}
	ion := &Ion{Name: name, Valence: d.Valence,
		Ci: fill(n, d.Ci), Co: fill(n, d.Co), E: fill(n, d.E), I: make([]float64, n), DIDV: make([]float64, n)}
	return ion
}

// nernstAll recomputes E from the concentrations of every instance.
func (ion *Ion) nernstAll(celsius float64) {
	for k := range ion.E {
		ion.E[k] = Nernst(ion.Ci[k], ion.Co[k], ion.Valence, celsius)
	}
}

// WroteConc is called by a mechanism after it writes the concentrations
// of instance k (NEURON's nrn_wrote_conc): E follows.
func (ion *Ion) WroteConc(k int, celsius float64) {
	ion.E[k] = Nernst(ion.Ci[k], ion.Co[k], ion.Valence, celsius)
}

func fill(n int, x float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = x
	}
	return s
}

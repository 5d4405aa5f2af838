package native

import "github.com/golgi-sim/golgi/sim/mech"

// ionCurrents adds a point process's ion currents at instance k to e as
// NEURON's generated nrn_cur does for a mechanism that WRITEs ion
// currents and has no NONSPECIFIC_CURRENT: cur(v, i) computes the
// species' currents (nA) into i, in the order of ions, and returns their
// sum; each species' current and slope (by the 0.001 mV difference) go
// to its ion, their sum to the membrane, per unit area (mA/cm2, S/cm2).
// di and i are scratch of len(ions).
func ionCurrents(e *mech.Env, k int, ions []*mech.Ion, di, i []float64, cur func(v float64, i []float64) float64) {
	v := e.V[k]
	g := cur(v+.001, di)
	rhs := cur(v, i)
	area := e.Area[k]
	for j, ion := range ions {
		ion.DIDV[k] += (di[j] - i[j]) / .001 * 1.e2 / area
	}
	g = (g - rhs) / .001
	for j, ion := range ions {
		ion.I[k] += i[j] * 1.e2 / area
	}
	g *= 1.e2 / area
	rhs *= 1.e2 / area
	e.I[k] += rhs
	e.G[k] += g
}

// ampaIons is the ion part of ProbAMPANMDA_EMS of the metabolism set
// (neocortex/mod/metabolism/ProbAMPANMDA_EMS.mod): the AMPA and NMDA
// conductances carry sodium, potassium and calcium in the proportions of
// their relative permeabilities (relP_*), the sodium driving force offset
// so that each receptor's current reverses at e_AMPA or e_NMDA
// (findOffsetNa). The currents ina, ik and ica are the synapse's only
// membrane current; i is computed but not a current.
type ampaIons struct {
	// RANGE (PARAMETER)
	ENMDA, EAMPA []float64
	// RANGE (ASSIGNED)
	Ina, Ik, Ica, InaNMDA, IkNMDA, IcaNMDA, InaAMPA, IkAMPA, IcaAMPA, ISum []float64
	Ena, Ek, Eca, Nai, Nao, Ki, Ko, Cai, Cao                               []float64
	// ASSIGNED
	NafracAMPA, KfracAMPA, CafracAMPA, NafracNMDA, KfracNMDA, CafracNMDA []float64
	// GLOBALs (PARAMETER)
	RelPNaNMDA, RelPKNMDA, RelPCaNMDA, RelPNaAMPA, RelPKAMPA, RelPCaAMPA float64

	di, i [3]float64
}

func newAMPAIons(n int) *ampaIons {
	z := func() []float64 { return fill(n, 0) }
	return &ampaIons{ENMDA: z(), EAMPA: z(),
		Ina: z(), Ik: z(), Ica: z(), InaNMDA: z(), IkNMDA: z(), IcaNMDA: z(),
		InaAMPA: z(), IkAMPA: z(), IcaAMPA: z(), ISum: z(),
		Ena: z(), Ek: z(), Eca: z(), Nai: z(), Nao: z(), Ki: z(), Ko: z(), Cai: z(), Cao: z(),
		NafracAMPA: z(), KfracAMPA: z(), CafracAMPA: z(), NafracNMDA: z(), KfracNMDA: z(), CafracNMDA: z(),
		RelPNaNMDA: 1, RelPKNMDA: 1, RelPCaNMDA: 0.075, RelPNaAMPA: 1, RelPKAMPA: 1, RelPCaAMPA: 0.00118}
}

var ampaIonUse = []mech.IonUse{
	{Name: "na", Read: []string{"ena", "nai", "nao"}, Write: []string{"ina"}},
	{Name: "k", Read: []string{"ek", "ki", "ko"}, Write: []string{"ik"}},
	{Name: "ca", Read: []string{"eca", "cai", "cao"}, Write: []string{"ica"}},
}

func (a *ampaIons) vars(m map[string][]float64) {
	for name, x := range map[string][]float64{
		"e_NMDA": a.ENMDA, "e_AMPA": a.EAMPA,
		"ina": a.Ina, "ik": a.Ik, "ica": a.Ica, "ina_NMDA": a.InaNMDA, "ik_NMDA": a.IkNMDA,
		"ica_NMDA": a.IcaNMDA, "ina_AMPA": a.InaAMPA, "ik_AMPA": a.IkAMPA, "ica_AMPA": a.IcaAMPA,
		"i_sum": a.ISum, "ena": a.Ena, "ek": a.Ek, "eca": a.Eca, "nai": a.Nai, "nao": a.Nao,
		"ki": a.Ki, "ko": a.Ko, "cai": a.Cai, "cao": a.Cao,
		"nafrac_AMPA": a.NafracAMPA, "kfrac_AMPA": a.KfracAMPA, "cafrac_AMPA": a.CafracAMPA,
		"nafrac_NMDA": a.NafracNMDA, "kfrac_NMDA": a.KfracNMDA, "cafrac_NMDA": a.CafracNMDA,
	} {
		m[name] = x
	}
}

func (a *ampaIons) globals() map[string]*float64 {
	return map[string]*float64{
		"relP_na_NMDA": &a.RelPNaNMDA, "relP_k_NMDA": &a.RelPKNMDA, "relP_ca_NMDA": &a.RelPCaNMDA,
		"relP_na_AMPA": &a.RelPNaAMPA, "relP_k_AMPA": &a.RelPKAMPA, "relP_ca_AMPA": &a.RelPCaAMPA,
	}
}

// init is the ion part of INITIAL: the permeability fractions.
func (a *ampaIons) init(k int) {
	frac := func(p, na, k, ca float64) float64 { return p / (float64(na+k) + ca) }
	a.NafracAMPA[k] = frac(a.RelPNaAMPA, a.RelPNaAMPA, a.RelPKAMPA, a.RelPCaAMPA)
	a.KfracAMPA[k] = frac(a.RelPKAMPA, a.RelPNaAMPA, a.RelPKAMPA, a.RelPCaAMPA)
	a.CafracAMPA[k] = frac(a.RelPCaAMPA, a.RelPNaAMPA, a.RelPKAMPA, a.RelPCaAMPA)
	a.NafracNMDA[k] = frac(a.RelPNaNMDA, a.RelPNaNMDA, a.RelPKNMDA, a.RelPCaNMDA)
	a.KfracNMDA[k] = frac(a.RelPKNMDA, a.RelPNaNMDA, a.RelPKNMDA, a.RelPCaNMDA)
	a.CafracNMDA[k] = frac(a.RelPCaNMDA, a.RelPNaNMDA, a.RelPKNMDA, a.RelPCaNMDA)
}

// read copies the ions' variables of instance k (nrn_cur's first step).
func (a *ampaIons) read(e *mech.Env, k int) {
	na, kk, ca := e.IonAt(0, "na"), e.IonAt(1, "k"), e.IonAt(2, "ca")
	a.Ena[k], a.Nai[k], a.Nao[k] = na.E[k], na.Ci[k], na.Co[k]
	a.Ek[k], a.Ki[k], a.Ko[k] = kk.E[k], kk.Ci[k], kk.Co[k]
	a.Eca[k], a.Cai[k], a.Cao[k] = ca.E[k], ca.Ci[k], ca.Co[k]
}

// findOffsetNa is the .mod's FUNCTION findOffsetNa: the offset of the
// sodium driving force that makes a receptor's current reverse at e.
func (a *ampaIons) findOffsetNa(k int, relPNa, relPK, relPCa, e float64) float64 {
	return float64(float64(float64(-relPCa*(e-a.Eca[k]))-float64(relPK*(e-a.Ek[k])))/relPNa+a.Ena[k]) - e
}

// currents is the ion part of BREAKPOINT at v, from the receptors'
// conductances (uS): ina, ik, ica into i, their sum returned.
func (a *ampaIons) currents(k int, v, gAMPA, gNMDA float64, i []float64) float64 {
	a.InaNMDA[k] = float64(a.NafracNMDA[k]*gNMDA) * (float64(v-a.Ena[k]) + a.findOffsetNa(k, a.RelPNaNMDA, a.RelPKNMDA, a.RelPCaNMDA, a.ENMDA[k]))
	a.IkNMDA[k] = float64(a.KfracNMDA[k]*gNMDA) * (v - a.Ek[k])
	a.IcaNMDA[k] = float64(a.CafracNMDA[k]*gNMDA) * (v - a.Eca[k])
	a.InaAMPA[k] = float64(a.NafracAMPA[k]*gAMPA) * (float64(v-a.Ena[k]) + a.findOffsetNa(k, a.RelPNaAMPA, a.RelPKAMPA, a.RelPCaAMPA, a.EAMPA[k]))
	a.IkAMPA[k] = float64(a.KfracAMPA[k]*gAMPA) * (v - a.Ek[k])
	a.IcaAMPA[k] = float64(a.CafracAMPA[k]*gAMPA) * (v - a.Eca[k])
	a.Ina[k] = a.InaNMDA[k] + a.InaAMPA[k]
	a.Ik[k] = a.IkNMDA[k] + a.IkAMPA[k]
	a.Ica[k] = a.IcaNMDA[k] + a.IcaAMPA[k]
	i[0], i[1], i[2] = a.Ina[k], a.Ik[k], a.Ica[k]
	return float64(a.Ina[k]+a.Ik[k]) + a.Ica[k]
}

// detGABAIons are the ion currents of DetGABAAB_ionic
// (neocortex/mod/metabolism/DetGABAAB.mod): icl = i_GABAA and ik =
// i_GABAB, with e_GABAA and e_GABAB (the ions are WRITten, not read).
var detGABAIonUse = []mech.IonUse{
	{Name: "cl", Write: []string{"icl"}, Valence: -1},
	{Name: "k", Write: []string{"ik"}},
}

// gabaIons is the ion part of ProbGABAAB_EMS of the metabolism set
// (neocortex/mod/metabolism/ProbGABAAB_EMS.mod): GABA_A's current is
// chloride (icl = g_GABAA (v - ecl)), GABA_B's potassium (ik = g_GABAB (v
// - ek)), and they are the synapse's only membrane current; e_GABAA and
// e_GABAB are kept but unused, i is their sum but not a current.
type gabaIons struct {
	Icl, Ik, Ecl, Ek []float64
	di, i            [2]float64
}

func newGABAIons(n int) *gabaIons {
	return &gabaIons{Icl: fill(n, 0), Ik: fill(n, 0), Ecl: fill(n, 0), Ek: fill(n, 0)}
}

var gabaIonUse = []mech.IonUse{
	{Name: "cl", Read: []string{"ecl"}, Write: []string{"icl"}, Valence: -1},
	{Name: "k", Read: []string{"ek"}, Write: []string{"ik"}},
}

func (a *gabaIons) vars(m map[string][]float64) {
	m["icl"], m["ik"], m["ecl"], m["ek"] = a.Icl, a.Ik, a.Ecl, a.Ek
}

package mech

import "strings"

// CutMechSuffix returns the variable of mechanism mech a NEURON name
// designates: "m_NaTs2_t" is m of NaTs2_t; an element of an array
// (translated as variables named "ca[2]") is "ca[2]_cadifus" or, as
// NEURON names it, "ca_cadifus[2]". ok reports whether name is of mech.
func CutMechSuffix(name, mech string) (v string, ok bool) {
	if v, ok := strings.CutSuffix(name, "_"+mech); ok {
		return v, true
	}
	i := strings.LastIndexByte(name, '[')
	if i < 0 || !strings.HasSuffix(name, "]") {
		return "", false
	}
	base, ok := strings.CutSuffix(name[:i], "_"+mech)
	if !ok || base == "" {
		return "", false
	}
	return base + name[i:], true
}

package native

import (
	"sort"

	"github.com/golgi-sim/golgi/sim/mech"
)

// addCurrent adds a point process's current rhs (nA) at v and its slope
// (g - rhs)/0.001 from the current g at v + 0.001 mV to e, per unit area
// (mA/cm2, S/cm2), as NEURON's generated nrn_cur.
func addCurrent(e *mech.Env, k int, g, rhs float64) {
	g = (g - rhs) / .001
	g *= 1.e2 / e.Area[k]
	rhs *= 1.e2 / e.Area[k]
	e.I[k] += rhs
	e.G[k] += g
}

func sortedKeys(m map[string][]float64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

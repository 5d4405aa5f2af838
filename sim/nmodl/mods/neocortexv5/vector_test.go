package neocortexv5

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/vmath"
)

// TestVectorMatchesScalar steps every mechanism of the test binary over 37
// instances (SIMD blocks and a scalar tail) at potentials spread over
// -90..50 mV, moving each step, once with vmath.ExpSlice's vector lanes
// and once without, and wants the same bits in every variable: the
// distributed loops give the same results in the SIMD and scalar builds
// (make test also runs the NEURON comparisons without GOEXPERIMENT=simd).
func TestVectorMatchesScalar(t *testing.T) {
	const n, steps = 37, 400
	run := func(name string) map[string][]float64 {
		m, err := mech.New(name, n)
		if err != nil {
			t.Fatal(err)
		}
		e := &mech.Env{V: make([]float64, n), Area: make([]float64, n), Diam: make([]float64, n),
			I: make([]float64, n), G: make([]float64, n), Ions: map[string]*mech.Ion{}, Celsius: 34, Dt: 0.025}
		for _, u := range m.Ions() {
			e.Ions[u.Name] = mech.NewIon(u.Name, n, u.Valence)
		}
		for k := range n {
			e.V[k] = -90 + 140*float64(k)/n
			e.Area[k], e.Diam[k] = 100, 2
		}
		m.Init(e)
		for s := range steps {
			for k := range n {
				e.V[k] = -90 + 140*float64(k)/n + 20*math.Sin(float64(s+k)/17)
				e.I[k], e.G[k] = 0, 0
			}
			m.Current(e)
			m.State(e)
			e.T += e.Dt
		}
		vars := map[string][]float64{}
		for _, v := range m.Vars() {
			vars[v] = append([]float64(nil), m.Var(v)...)
		}
		return vars
	}
	was := vmath.SetVector(true)
	defer vmath.SetVector(was)
	for _, name := range mech.Names() {
		vmath.SetVector(true)
		vec := run(name)
		vmath.SetVector(false)
		sca := run(name)
		for v, xs := range vec {
			for k, x := range xs {
				if y := sca[v][k]; math.Float64bits(x) != math.Float64bits(y) && !(math.IsNaN(x) && math.IsNaN(y)) {
					t.Errorf("%s: %s[%d] = %v with the vector lanes, %v without", name, v, k, x, y)
					break
				}
			}
		}
	}
}

package nmodlref

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/vmath"
)

// CompareLanes steps every mechanism a package's NMODL_STATUS.md lists
// as translated over 36 instances (blocks of eight or four lanes only)
// and 37 (and a scalar tail) at potentials spread over -90..50 mV, moving each step, once with
// the vector lanes (vmath.ExpSlice and the generated loops' lane
// functions, *_mod_simd.go), eight wide where the CPU has AVX-512 and
// four wide, and once without (vmath.SetVector(false)),
// and wants the same bits in every variable, in the last step's currents
// and conductances, in the ions' arrays and in the GLOBALs (those a
// loop assigns per instance hold the last instance's): the SIMD and scalar builds
// give the same results. Without the lanes in the build or the CPU both
// runs are scalar.
func CompareLanes(t *testing.T, statusFile string) {
	t.Helper()
	mechs, err := Translated(statusFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(mechs) == 0 {
		t.Fatalf("%s lists no translated mechanism", statusFile)
	}
	was, wasWide := vmath.SetVector(true), vmath.SetWide(true)
	defer func() { vmath.SetVector(was); vmath.SetWide(wasWide) }()
	for _, m := range mechs {
		// 36 instances the lanes take all of, 37 where the scalar loop
		// takes the last.
		for _, n := range []int{36, 37} {
			compareLanes(t, m[1], n)
		}
	}
}

// compareLanes is CompareLanes for mechanism name over n instances.
func compareLanes(t *testing.T, name string, n int) {
	t.Helper()
	vmath.SetVector(false)
	sca, err := stepLanes(name, n)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	for _, wide := range []bool{true, false} {
		vmath.SetVector(true)
		vmath.SetWide(wide)
		vec, err := stepLanes(name, n)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for v, xs := range vec {
			for k, x := range xs {
				if y := sca[v][k]; math.Float64bits(x) != math.Float64bits(y) && !(math.IsNaN(x) && math.IsNaN(y)) {
					t.Errorf("%s (%d instances): %s[%d] = %v with the vector lanes (eight wide %v), %v without", name, n, v, k, x, wide, y)
					break
				}
			}
		}
	}
}

// stepLanes runs CompareLanes' protocol on mechanism name and returns its
// variables, the Env's I and G and the ions' arrays.
func stepLanes(name string, n int) (map[string][]float64, error) {
	const steps = 400
	m, err := mech.New(name, n)
	if err != nil {
		return nil, err
	}
	e := &mech.Env{V: make([]float64, n), Area: make([]float64, n), Diam: make([]float64, n),
		I: make([]float64, n), G: make([]float64, n), Ions: map[string]*mech.Ion{}, Celsius: 34, Dt: 0.025}
	for _, u := range m.Ions() {
		e.Ions[u.Name] = mech.NewIon(u.Name, n, u.Valence)
	}
	for k := range n {
		e.V[k] = -90 + 140*float64(k)/float64(n)
		e.Area[k], e.Diam[k] = 100, 2
	}
	m.Init(e)
	for s := range steps {
		for k := range n {
			e.V[k] = -90 + 140*float64(k)/float64(n) + 20*math.Sin(float64(s+k)/17)
			e.I[k], e.G[k] = 0, 0
		}
		for _, ion := range e.Ions {
			clear(ion.I)
			clear(ion.DIDV)
		}
		m.Current(e)
		m.State(e)
		e.T += e.Dt
	}
	vars := map[string][]float64{"I": e.I, "G": e.G}
	for _, v := range m.Vars() {
		vars[v] = append([]float64(nil), m.Var(v)...)
	}
	// The GLOBALs (float64 fields X_name): those a loop assigns per
	// instance hold the last instance's values.
	if rv := reflect.ValueOf(m); rv.Kind() == reflect.Pointer && rv.Elem().Kind() == reflect.Struct {
		st := rv.Elem()
		for i := range st.NumField() {
			if f := st.Type().Field(i); f.IsExported() && strings.HasPrefix(f.Name, "X_") && f.Type.Kind() == reflect.Float64 {
				vars["global."+f.Name] = []float64{st.Field(i).Float()}
			}
		}
	}
	for name, ion := range e.Ions {
		for f, xs := range map[string][]float64{"Ci": ion.Ci, "Co": ion.Co, "E": ion.E, "I": ion.I, "DIDV": ion.DIDV} {
			vars[name+"."+f] = xs
		}
	}
	return vars, nil
}

package native

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/nmodl"
)

// globaler is what the native mechanisms have besides mech.Mechanism.
type globaler interface {
	mech.Mechanism
	Global(name string) (float64, error)
}

// TestInterfaceOfMod checks each native mechanism against the .mod file
// it replaces (under $GOLGI_REF; skipped without it unless
// GOLGI_REQUIRE_REF is set): its name and kind, every RANGE, STATE and
// ASSIGNED variable under the same name, every GLOBAL settable and
// readable, and every PARAMETER's default.
func TestInterfaceOfMod(t *testing.T) {
	for _, tc := range []struct {
		mod  string
		kind mech.Kind
		// not kept: BBCOREPOINTERs and ASSIGNED variables that hold C
		// pointers or flags in the .mod
		skip []string
	}{
		{"ProbAMPANMDA_EMS.mod", mech.PointProcess, []string{"rng", "usingR123", "delay_times", "delay_weights"}},
		{"ProbGABAAB_EMS.mod", mech.PointProcess, []string{"rng", "usingR123", "delay_times", "delay_weights"}},
		{"VecStim.mod", mech.ArtificialCell, []string{"space"}},
	} {
		t.Run(tc.mod, func(t *testing.T) {
			path, ok := refdata.Lookup(t, filepath.Join("sonata", "mod", "common", "mod", tc.mod))
			if !ok {
				t.Skip("no reference data (GOLGI_REF)")
			}
			src, err := nmodl.ReadMod(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := nmodl.Parse(tc.mod, src)
			if err != nil {
				t.Fatal(err)
			}
			m, err := mech.New(f.Neuron.Name, 2)
			if err != nil {
				t.Fatal(err)
			}
			if m.Kind() != tc.kind || m.Len() != 2 {
				t.Errorf("%s: kind %v, %d instances; want %v, 2", m.Name(), m.Kind(), m.Len(), tc.kind)
			}
			g := m.(globaler)
			global := map[string]bool{}
			for _, name := range f.Neuron.Global {
				global[name] = true
				v, err := g.Global(name)
				if err != nil {
					t.Errorf("GLOBAL %s: %v", name, err)
					continue
				}
				if err := m.SetGlobal(name, v+1); err != nil {
					t.Errorf("SetGlobal(%s): %v", name, err)
				}
				if w, _ := g.Global(name); w != v+1 {
					t.Errorf("GLOBAL %s: set %g, read %g", name, v+1, w)
				}
				if err := m.SetGlobal(name, v); err != nil {
					t.Error(err)
				}
			}
			vars := m.Vars()
			for _, name := range f.Neuron.Range {
				if !slices.Contains(vars, name) {
					t.Errorf("RANGE %s missing from Vars", name)
				}
			}
			for _, ds := range [][]nmodl.Decl{f.States, f.Assigned} {
				for _, d := range ds {
					if d.Name != "v" && !global[d.Name] && !slices.Contains(tc.skip, d.Name) && m.Var(d.Name) == nil {
						t.Errorf("%s missing", d.Name)
					}
				}
			}
			for _, d := range f.Parameters {
				if !d.HasValue {
					continue
				}
				if x := m.Var(d.Name); x != nil {
					if x[0] != d.Value || x[1] != d.Value {
						t.Errorf("PARAMETER %s = %g, .mod %g", d.Name, x[0], d.Value)
					}
					continue
				}
				// a PARAMETER not in RANGE is a GLOBAL
				v, err := g.Global(d.Name)
				if err != nil {
					t.Errorf("PARAMETER %s neither RANGE nor GLOBAL: %v", d.Name, err)
				} else if v != d.Value {
					t.Errorf("GLOBAL %s = %g, .mod %g", d.Name, v, d.Value)
				}
			}
			if err := m.SetGlobal("nosuch", 1); err == nil {
				t.Error("SetGlobal(nosuch): no error")
			}
		})
	}
}

// TestDelayedWeightsNeedQueue checks that a synapse with delayed weights
// refuses to initialise a presynaptic connection without an event queue
// (never dropping its self events), and accepts one without delays.
func TestDelayedWeightsNeedQueue(t *testing.T) {
	for _, m := range []interface {
		mech.NetConIniter
		SetupDelayVecs(k int, timesMs, weights []float64) error
	}{NewProbAMPANMDA(1), NewProbGABAAB(1)} {
		e := &mech.Env{V: []float64{-65}, Area: []float64{100}, Dt: .025}
		m.(mech.Mechanism).Init(e)
		args := make([]float64, NArgs)
		if err := m.InitNetCon(e, 0, args); err != nil {
			t.Errorf("no delays, no queue: %v", err)
		}
		if err := m.SetupDelayVecs(0, []float64{10}, []float64{2}); err != nil {
			t.Fatal(err)
		}
		if err := m.InitNetCon(e, 0, args); !errors.Is(err, ErrNoQueue) {
			t.Errorf("delays without a queue: %v, want ErrNoQueue", err)
		}
		args[argNcType] = 1 // a mini's connection schedules nothing
		if err := m.InitNetCon(e, 0, args); err != nil {
			t.Errorf("a mini connection: %v", err)
		}
		if err := m.SetupDelayVecs(3, nil, nil); err == nil {
			t.Error("SetupDelayVecs of instance 3 of 1: no error")
		}
		if err := m.InitNetCon(e, 0, args[:2]); err == nil {
			t.Error("a 2-argument weight vector: no error")
		}
	}
}

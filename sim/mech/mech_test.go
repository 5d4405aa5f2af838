package mech

import (
	"math"
	"strings"
	"testing"
)

// TestNernst checks NEURON's default eca (12.5 ln(cao0/cai0)), the
// Nernst potential at 34 degC that NEURON printed for the same
// concentrations (sim/nmodl/testdata/neuron, CaDynamics_E2 at t = 0) and
// the guards for non-positive concentrations.
func TestNernst(t *testing.T) {
	d := DefaultIons["ca"]
	if want := 12.5 * math.Log(d.Co/d.Ci); math.Abs(d.E-want) > 1e-12 {
		t.Errorf("default eca %.17g, want 12.5 ln(2/5e-5) = %.17g", d.E, want)
	}
	if got := Nernst(d.Ci, d.Co, 2, 34); math.Abs(got-140.23660113151266) > 1e-12 {
		t.Errorf("Nernst(5e-5, 2, 2, 34) = %.17g, NEURON 140.23660113151266", got)
	}
	for _, tc := range []struct{ ci, co, z, want float64 }{{0, 1, 1, 1e6}, {1, 0, 1, -1e6}, {1, 1, 0, 0}, {1, 1, 1, 0}} {
		if got := Nernst(tc.ci, tc.co, tc.z, 6.3); got != tc.want {
			t.Errorf("Nernst(%g, %g, %g) = %g, want %g", tc.ci, tc.co, tc.z, got, tc.want)
		}
	}
}

// TestPassiveCompartment charges a compartment with pas through an
// IClamp and compares with backward Euler's exact recurrence:
// (cm/dt + g)(v' - v) = I - g (v - e).
func TestPassiveCompartment(t *testing.T) {
	c := NewCompartment(20, 20)
	c.VInitMV = -70
	pas := NewPas(1)
	pas.G[0], pas.E[0] = 1e-4, -70
	if err := c.Insert(pas); err != nil {
		t.Fatal(err)
	}
	c.IClamp = &IClamp{DelayMs: 1, DurMs: 5, AmpNA: 0.05}
	if err := c.Init(); err != nil {
		t.Fatal(err)
	}
	area := c.Area()
	v, tt := -70.0, 0.0
	for step := 0; step < 400; step++ {
		tmid := tt + c.DtMs/2
		i := 0.0
		if tmid >= 1 && tmid < 6 {
			i = 0.05 * 1e2 / area // mA/cm2
		}
		d := c.CmUFcm2*.001/c.DtMs + 1e-4
		v += (i - 1e-4*(v+70)) / d
		tt += c.DtMs
		c.Step()
		if got := c.Env().V[0]; math.Abs(got-v) > 1e-9 {
			t.Fatalf("step %d: v = %.12g, backward Euler %.12g", step, got, v)
		}
	}
	if v < -69 {
		t.Errorf("v = %g: the clamp did not charge the membrane", v)
	}
}

// TestRegistry checks registration errors and New's error.
func TestRegistry(t *testing.T) {
	if err := Register("pas", func(n int) Mechanism { return NewPas(n) }); err == nil {
		t.Error("pas registered twice: no error")
	}
	if _, err := New("nosuch", 1); err == nil || !strings.Contains(err.Error(), "pas") {
		t.Errorf("New(nosuch) = %v, want an error listing the mechanisms", err)
	}
	m, err := New("pas", 3)
	if err != nil || m.Len() != 3 || m.Var("g")[2] != 0.001 {
		t.Errorf("New(pas, 3) = %v, %v", m, err)
	}
	c := NewCompartment(1, 1)
	if err := c.Insert(m); err == nil {
		t.Error("a 3-instance mechanism in a compartment: no error")
	}
	c.DtMs = 0
	if err := c.Init(); err == nil {
		t.Error("dt 0: no error")
	}
}

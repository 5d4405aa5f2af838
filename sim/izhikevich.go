package sim

import (
	"fmt"
	"math"
)

// Izhikevich is the simple model of Izhikevich (2003), in the paper's units
// (v in mV, t in ms):
//
//	dv/dt = 0.04 v^2 + 5 v + 140 - u + I
//	du/dt = A (B v - u)
//
// with a spike when v >= 30 mV, then v = C and u += D. I is the injected
// current divided by Cm (so 10 pA into the default 1 pF gives I = 10, the
// paper's tonic input). Synaptic input is a jump of v by the weight (V) on
// receptor "v". Forward Euler in steps of dt. The zero value is the regular
// spiking cell (A 0.02, B 0.2, C -65 mV, D 8) via its defaults.
type Izhikevich struct {
	A, B float64 // recovery rate (1/ms) and sensitivity; 0 means 0.02 and 0.2
	C    float64 // reset potential (V); 0 means -65 mV
	D    float64 // recovery jump (mV/ms); 0 means 8
	Cm   float64 // capacitance converting injected current (F); 0 means 1 pF
}

// ModelName returns "Izhikevich".
func (m *Izhikevich) ModelName() string { return "Izhikevich" }

// Receptors returns ["v"].
func (m *Izhikevich) Receptors() []string { return []string{"v"} }

// Variables returns v (V) and u (the recovery variable, mV/ms).
func (m *Izhikevich) Variables() []Variable { return []Variable{{"v", "V"}, {"u", "mV/ms"}} }

// TakesCurrent marks the model as taking injected current (CurrentTaker).
func (*Izhikevich) TakesCurrent() {}

func (m *Izhikevich) params() (a, b, c, d, cm float64) {
	a, b, c, d, cm = m.A, m.B, m.C/Millivolt, m.D, m.Cm
	if a == 0 {
		a = 0.02
	}
	if b == 0 {
		b = 0.2
	}
	if m.C == 0 {
		c = -65
	}
	if d == 0 {
		d = 8
	}
	if cm == 0 {
		cm = 1 * Picofarad
	}
	return
}

// Validate checks the parameters (Model).
func (m *Izhikevich) Validate() error {
	for _, f := range []struct {
		n string
		x float64
	}{{"A", m.A}, {"B", m.B}, {"C", m.C}, {"D", m.D}, {"Cm", m.Cm}} {
		if math.IsNaN(f.x) || math.IsInf(f.x, 0) {
			return fmt.Errorf("%s = %g, want a finite value", f.n, f.x)
		}
	}
	if m.A < 0 || m.Cm < 0 {
		return fmt.Errorf("A = %g, Cm = %g: want >= 0", m.A, m.Cm)
	}
	if _, _, c, _, _ := m.params(); c >= 30 {
		return fmt.Errorf("C = %g mV, want below the 30 mV spike cut-off", c)
	}
	return nil
}

type izhState struct {
	m     *Izhikevich
	dtMs  float64
	v, u  []float64 // v in V (API), u in mV/ms
	a, b  float64
	c, d  float64 // c in mV
	cm    float64
	brian bool
	fired []bool
}

// NewState instantiates a population's state (Model).
func (m *Izhikevich) NewState(n int, ctx *BuildContext) (PopulationState, error) {
	a, b, c, d, cm := m.params()
	s := &izhState{m: m, dtMs: ctx.Dt() / Millisecond, v: make([]float64, n), u: make([]float64, n),
		a: a, b: b, c: c, d: d, cm: cm, brian: ctx.Convention() == ConventionBrian2, fired: make([]bool, n)}
	for i := range s.v {
		s.v[i] = c * Millivolt
		s.u[i] = b * c
	}
	return s, nil
}

func (s *izhState) Receptor(int) ([]float64, float64) { return s.v, 1 }

func (s *izhState) Variable(name string) ([]float64, float64, bool) {
	switch name {
	case "v":
		return s.v, 1, true
	case "u":
		return s.u, 1, true
	}
	return nil, 0, false
}

func (s *izhState) Step(lo, hi int, step int64, in [][]float64, iext []float64, spikes []int32) []int32 {
	v, u := s.v[lo:hi], s.u[lo:hi]
	if in != nil {
		inv := in[0][lo:hi]
		for k := range v {
			v[k] += inv[k]
			inv[k] = 0
		}
	}
	dt := s.dtMs
	for k := range v {
		if s.brian && s.fired[lo+k] {
			v[k] = s.c * Millivolt
			u[k] += s.d
			s.fired[lo+k] = false
		}
		vm := v[k] / Millivolt
		i := 0.0
		if iext != nil {
			i = iext[lo+k] / s.cm // V/s = mV/ms
		}
		du := dt * s.a * (s.b*vm - u[k])
		vm += dt * (0.04*vm*vm + 5*vm + 140 - u[k] + i)
		u[k] += du
		if vm >= 30 {
			spikes = append(spikes, int32(lo+k))
			if s.brian {
				s.fired[lo+k] = true
			} else {
				vm = s.c
				u[k] += s.d
			}
		}
		v[k] = vm * Millivolt
	}
	return spikes
}

package sim

import (
	"fmt"
	"math"
)

// AdEx is the adaptive exponential integrate-and-fire neuron of Brette and
// Gerstner (2005):
//
//	Cm dv/dt = -GL (v - EL) + GL DeltaT exp((v - VT)/DeltaT) - w + Isyn + I
//	TauW dw/dt = A (v - EL) - w
//
// When v exceeds VPeak the neuron spikes, v is set to VReset, w increases by
// B, and v is held for Refractory. Synapses are exponential conductances
// (ConductanceExp, weights in siemens, reversal EE and EI) or currents
// (CurrentExp, weights in amperes). The model is integrated with forward
// Euler, as Brian2's examples; the exponential is capped above VPeak so a
// step cannot overflow. DefaultAdEx returns the published parameters.
type AdEx struct {
	Cm         float64 // membrane capacitance (F)
	GL         float64 // leak conductance (S)
	EL         float64 // leak reversal potential (V)
	VT         float64 // threshold slope factor's midpoint (V)
	DeltaT     float64 // slope factor (V), > 0
	VPeak      float64 // spike cut-off (V)
	VReset     float64 // reset potential (V)
	TauW       float64 // adaptation time constant (s)
	A          float64 // subthreshold adaptation (S)
	B          float64 // spike-triggered adaptation (A)
	Refractory float64 // (s)

	Synapse    SynapseKind // ConductanceExp or CurrentExp
	TauE, TauI float64     // synaptic time constants (s)
	EE, EI     float64     // reversal potentials (V), conductance synapses
}

// DefaultAdEx returns the parameters of Brette and Gerstner 2005 (Fig. 2,
// tonic spiking with adaptation) with conductance synapses of 5 and 10 ms
// reversing at 0 and -80 mV.
func DefaultAdEx() *AdEx {
	return &AdEx{
		Cm: 281 * Picofarad, GL: 30 * Nanosiemens, EL: -70.6 * Millivolt,
		VT: -50.4 * Millivolt, DeltaT: 2 * Millivolt, VPeak: 0, VReset: -70.6 * Millivolt,
		TauW: 144 * Millisecond, A: 4 * Nanosiemens, B: 0.0805 * Nanoamp,
		Synapse: ConductanceExp, TauE: 5 * Millisecond, TauI: 10 * Millisecond,
		EE: 0, EI: -80 * Millivolt,
	}
}

// ModelName returns "AdEx".
func (m *AdEx) ModelName() string { return "AdEx" }

// Receptors returns ["exc", "inh"].
func (m *AdEx) Receptors() []string { return []string{"exc", "inh"} }

// Variables returns v (V), w (A), ge and gi (S or A).
func (m *AdEx) Variables() []Variable {
	u := "S"
	if m.Synapse == CurrentExp {
		u = "A"
	}
	return []Variable{{"v", "V"}, {"w", "A"}, {"ge", u}, {"gi", u}}
}

// TakesCurrent marks the model as taking injected current (CurrentTaker).
func (*AdEx) TakesCurrent() {}

// Validate checks the parameters (Model).
func (m *AdEx) Validate() error {
	for _, f := range []struct {
		n, u string
		x    float64
	}{{"Cm", "F", m.Cm}, {"GL", "S", m.GL}, {"DeltaT", "V", m.DeltaT}, {"TauW", "s", m.TauW}, {"TauE", "s", m.TauE}, {"TauI", "s", m.TauI}} {
		if err := positive(f.n, f.x, f.u); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		n string
		x float64
	}{{"EL", m.EL}, {"VT", m.VT}, {"VPeak", m.VPeak}, {"VReset", m.VReset}, {"A", m.A}, {"B", m.B}, {"EE", m.EE}, {"EI", m.EI}} {
		if math.IsNaN(f.x) || math.IsInf(f.x, 0) {
			return fmt.Errorf("%s = %g, want a finite value", f.n, f.x)
		}
	}
	if m.VPeak <= m.VT {
		return fmt.Errorf("VPeak = %g mV, want above VT = %g mV", m.VPeak/Millivolt, m.VT/Millivolt)
	}
	if m.VReset >= m.VPeak {
		return fmt.Errorf("VReset = %g mV, want below VPeak = %g mV", m.VReset/Millivolt, m.VPeak/Millivolt)
	}
	if !(m.Refractory >= 0) || math.IsInf(m.Refractory, 0) {
		return fmt.Errorf("Refractory = %g s, want >= 0", m.Refractory)
	}
	if m.Synapse != ConductanceExp && m.Synapse != CurrentExp {
		return fmt.Errorf("Synapse = %v, want ConductanceExp or CurrentExp", m.Synapse)
	}
	return nil
}

type adexState struct {
	m      *AdEx
	conv   Convention
	dt     float64
	v, w   []float64
	ge, gi []float64
	last   []int32
	ref    int64
	de, di float64
}

// NewState instantiates a population's state (Model).
func (m *AdEx) NewState(n int, b *BuildContext) (PopulationState, error) {
	s := &adexState{m: m, conv: b.Convention(), dt: b.Dt(), v: make([]float64, n), w: make([]float64, n),
		ge: make([]float64, n), gi: make([]float64, n), last: make([]int32, n),
		ref: int64(math.Round(m.Refractory / b.Dt())),
		de:  math.Exp(-b.Dt() / m.TauE), di: math.Exp(-b.Dt() / m.TauI)}
	for i := range s.v {
		s.v[i] = m.EL
		s.last[i] = noSpike
	}
	return s, nil
}

func (s *adexState) Receptor(r int) ([]float64, float64) {
	if r == 0 {
		return s.ge, 1
	}
	return s.gi, 1
}

func (s *adexState) Variable(name string) ([]float64, float64, bool) {
	switch name {
	case "v":
		return s.v, 1, true
	case "w":
		return s.w, 1, true
	case "ge":
		return s.ge, 1, true
	case "gi":
		return s.gi, 1, true
	}
	return nil, 0, false
}

func (s *adexState) Step(lo, hi int, step int64, in [][]float64, iext []float64, spikes []int32) []int32 {
	m := s.m
	v, w, ge, gi, last := s.v[lo:hi], s.w[lo:hi], s.ge[lo:hi], s.gi[lo:hi], s.last[lo:hi]
	if in != nil {
		ine, ini := in[0][lo:hi], in[1][lo:hi]
		for k := range ge {
			ge[k] += ine[k]
			gi[k] += ini[k]
			ine[k], ini[k] = 0, 0
		}
	}
	brian := s.conv == ConventionBrian2
	refEnd := s.ref
	if !brian {
		refEnd++
	}
	dt := s.dt
	dtc := dt / m.Cm
	cond := m.Synapse == ConductanceExp
	// v beyond which exp() is capped: the spike is certain anyway.
	vcap := m.VPeak + 10*m.DeltaT
	for k := range v {
		vk, wk := v[k], w[k]
		since := step - int64(last[k])
		if brian && since == 1 {
			vk = m.VReset
		}
		active := since >= refEnd
		var isyn float64
		if cond {
			isyn = ge[k]*(m.EE-vk) + gi[k]*(m.EI-vk)
		} else {
			isyn = ge[k] + gi[k]
		}
		ie := 0.0
		if iext != nil {
			ie = iext[lo+k]
		}
		vx := math.Min(vk, vcap)
		dw := dt * (m.A*(vk-m.EL) - wk) / m.TauW
		if active {
			vk += dtc * (-m.GL*(vk-m.EL) + m.GL*m.DeltaT*math.Exp((vx-m.VT)/m.DeltaT) - wk + isyn + ie)
		} else if !brian {
			vk = m.VReset
		}
		wk += dw
		ge[k] *= s.de
		gi[k] *= s.di
		if active && vk > m.VPeak {
			spikes = append(spikes, int32(lo+k))
			last[k] = int32(step)
			wk += m.B
			if !brian {
				vk = m.VReset
			} else {
				vk = m.VPeak
			}
		}
		v[k], w[k] = vk, wk
	}
	return spikes
}

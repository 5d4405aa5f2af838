package sim

import (
	"fmt"
	"math"
)

// SynapseKind is how synaptic input acts on a neuron model.
type SynapseKind int

const (
	// CurrentExp synapses are exponentially decaying currents. For LIF the
	// synaptic variables ge and gi are expressed as the voltage R*I they
	// drive (V), as in Brette et al. 2007's CUBA benchmark and Brian2:
	//   taum dv/dt = El - v + ge + gi,  taue dge/dt = -ge,  taui dgi/dt = -gi.
	// Weights are in volts.
	CurrentExp SynapseKind = iota
	// ConductanceExp synapses are exponentially decaying conductances with
	// reversal potentials (COBA):
	//   taum dv/dt = El - v + ge (Ee - v) + gi (Ei - v),
	// where ge and gi are in units of the leak conductance GLeak. Weights
	// and initial values are in siemens and divided by GLeak.
	ConductanceExp
	// Delta synapses make the membrane potential jump by the weight (V) on
	// arrival, as in Brunel 2000. The model then has one receptor, "v".
	Delta
)

func (k SynapseKind) String() string {
	switch k {
	case CurrentExp:
		return "current-exp"
	case ConductanceExp:
		return "conductance-exp"
	case Delta:
		return "delta"
	}
	return fmt.Sprintf("SynapseKind(%d)", int(k))
}

// Method is a numerical integration method.
type Method int

const (
	// Exact integrates the linear parts of a model exactly over a step
	// (for conductance synapses: exactly for conductances frozen over the
	// step, the exponential Euler method).
	Exact Method = iota
	// Euler is the forward Euler method, as Brian2's "euler".
	Euler
)

func (m Method) String() string {
	if m == Euler {
		return "euler"
	}
	return "exact"
}

// LIF is the leaky integrate-and-fire neuron with exponential current or
// conductance synapses or delta synapses:
//
//	taum dv/dt = El - v + (synaptic drive) + R*I
//
// When v exceeds VThreshold the neuron spikes, v is set to VReset and held
// there for Refractory. Receptors: "exc" and "inh" (exponential synapses) or
// "v" (delta synapses). Variables: "v" (V), and "ge", "gi" (V for current
// synapses, S for conductance synapses).
type LIF struct {
	TauM       float64 // membrane time constant (s), > 0
	EL         float64 // leak reversal (resting) potential (V)
	VThreshold float64 // spike threshold (V)
	VReset     float64 // reset potential (V)
	Refractory float64 // absolute refractory period (s), >= 0
	// Cm is the membrane capacitance (F), used to convert injected current
	// into dv/dt = I/Cm. Zero means 250 pF.
	Cm float64

	Synapse    SynapseKind
	TauE, TauI float64 // synaptic time constants (s), > 0 unless Delta
	// EE and EI are the reversal potentials (V) of conductance synapses.
	EE, EI float64
	// GLeak is the leak conductance (S) of conductance synapses; synaptic
	// conductances are held in units of it. Zero means Cm/TauM.
	GLeak float64

	Method Method
}

// ModelName returns "LIF".
func (m *LIF) ModelName() string { return "LIF" }

// Receptors returns ["exc", "inh"], or ["v"] for Delta synapses.
func (m *LIF) Receptors() []string {
	if m.Synapse == Delta {
		return []string{"v"}
	}
	return []string{"exc", "inh"}
}

// Variables returns the recordable state variables.
func (m *LIF) Variables() []Variable {
	switch m.Synapse {
	case Delta:
		return []Variable{{"v", "V"}}
	case ConductanceExp:
		return []Variable{{"v", "V"}, {"ge", "S"}, {"gi", "S"}}
	}
	return []Variable{{"v", "V"}, {"ge", "V"}, {"gi", "V"}}
}

func (m *LIF) cm() float64 {
	if m.Cm == 0 {
		return 250 * Picofarad
	}
	return m.Cm
}

func (m *LIF) gLeak() float64 {
	if m.GLeak == 0 {
		return m.cm() / m.TauM
	}
	return m.GLeak
}

func (m *LIF) validate() error {
	if err := positive("TauM", m.TauM, "s"); err != nil {
		return err
	}
	if !(m.Refractory >= 0) || math.IsInf(m.Refractory, 0) {
		return fmt.Errorf("Refractory = %g s, want >= 0", m.Refractory)
	}
	if !(m.Cm >= 0) || math.IsInf(m.Cm, 0) {
		return fmt.Errorf("Cm = %g F, want > 0 (or 0 for the default)", m.Cm)
	}
	for _, f := range []struct {
		n string
		x float64
	}{{"EL", m.EL}, {"VThreshold", m.VThreshold}, {"VReset", m.VReset}, {"EE", m.EE}, {"EI", m.EI}} {
		if math.IsNaN(f.x) || math.IsInf(f.x, 0) {
			return fmt.Errorf("%s = %g V, want a finite potential", f.n, f.x)
		}
	}
	if m.VReset >= m.VThreshold {
		return fmt.Errorf("VReset = %g mV is not below VThreshold = %g mV", m.VReset/Millivolt, m.VThreshold/Millivolt)
	}
	switch m.Synapse {
	case CurrentExp, ConductanceExp:
		if err := positive("TauE", m.TauE, "s"); err != nil {
			return err
		}
		if err := positive("TauI", m.TauI, "s"); err != nil {
			return err
		}
		if m.Synapse == ConductanceExp && !(m.GLeak >= 0) {
			return fmt.Errorf("GLeak = %g S, want > 0 (or 0 for Cm/TauM)", m.GLeak)
		}
	case Delta:
	default:
		return fmt.Errorf("unknown Synapse kind %d", int(m.Synapse))
	}
	if m.Method != Exact && m.Method != Euler {
		return fmt.Errorf("unknown Method %d", int(m.Method))
	}
	return nil
}

func positive(name string, x float64, unit string) error {
	if !(x > 0) || math.IsInf(x, 0) {
		return fmt.Errorf("%s = %g %s, want > 0", name, x, unit)
	}
	return nil
}

// lifState is the structure-of-arrays state of a LIF population.
type lifState struct {
	m      *LIF
	conv   Convention
	dt     float64
	v      []float64
	ge     []float64
	gi     []float64
	last   []int32 // step of the last spike (or -1<<30)
	ref    int64   // refractory period in steps
	gScale float64 // SI value of one unit of ge, gi

	// Exact-integration coefficients.
	pm, pe, pi, ce, ci, rc float64
}

const noSpike = -1 << 30

func (m *LIF) newState(n int, inst *instance) (popState, error) {
	s := &lifState{m: m, conv: inst.conv, dt: inst.dt, v: make([]float64, n), last: make([]int32, n), gScale: 1}
	s.ref = int64(math.Round(m.Refractory / inst.dt))
	for i := range s.v {
		s.v[i] = m.EL
		s.last[i] = noSpike
	}
	if m.Synapse != Delta {
		s.ge = make([]float64, n)
		s.gi = make([]float64, n)
	}
	if m.Synapse == ConductanceExp {
		s.gScale = m.gLeak()
	}
	dt := inst.dt
	s.pm = math.Exp(-dt / m.TauM)
	s.rc = m.TauM / m.cm() // membrane resistance R = taum/Cm
	if m.Synapse != Delta {
		s.pe = math.Exp(-dt / m.TauE)
		s.pi = math.Exp(-dt / m.TauI)
		// Response of v to a unit ge at the start of the step.
		s.ce = expResponse(m.TauM, m.TauE, dt)
		s.ci = expResponse(m.TauM, m.TauI, dt)
	}
	return s, nil
}

// expResponse returns v(dt) for taum dv/dt = -v + g, taus dg/dt = -g with
// v(0) = 0, g(0) = 1.
func expResponse(taum, taus, dt float64) float64 {
	if math.Abs(taum-taus) < 1e-12*taum {
		return dt / taum * math.Exp(-dt/taum)
	}
	return taus / (taus - taum) * (math.Exp(-dt/taus) - math.Exp(-dt/taum))
}

func (s *lifState) receptor(r int) ([]float64, float64) {
	switch {
	case s.m.Synapse == Delta:
		return s.v, 1
	case r == 0:
		return s.ge, s.gScale
	default:
		return s.gi, s.gScale
	}
}

func (s *lifState) variable(name string) ([]float64, float64, bool) {
	switch name {
	case "v":
		return s.v, 1, true
	case "ge":
		return s.ge, s.gScale, s.ge != nil
	case "gi":
		return s.gi, s.gScale, s.gi != nil
	}
	return nil, 0, false
}

// setInit sets a variable from SI values.
func (s *lifState) setInit(name string, x []float64) {
	dst, scale, _ := s.variable(name)
	for i := range dst {
		dst[i] = x[i] / scale
	}
}

func (s *lifState) step(lo, hi int, step int64, in [][]float64, iext []float64, spikes []int32) []int32 {
	m := s.m
	brian := s.conv == ConventionBrian2
	vt, vr, el := m.VThreshold, m.VReset, m.EL
	v := s.v[lo:hi]
	last := s.last[lo:hi]
	var ie []float64
	if iext != nil {
		ie = iext[lo:hi]
	}
	switch m.Synapse {
	case Delta:
		inv := in[0][lo:hi]
		for k := range v {
			v[k] += inv[k]
			inv[k] = 0
		}
	default:
		ge, gi := s.ge[lo:hi], s.gi[lo:hi]
		ine, ini := in[0][lo:hi], in[1][lo:hi]
		for k := range ge {
			if ine[k] != 0 {
				ge[k] += ine[k]
				ine[k] = 0
			}
			if ini[k] != 0 {
				gi[k] += ini[k]
				ini[k] = 0
			}
		}
	}
	// Refractory test: Brian2 clamps while s - last < ref (the spike step
	// counts as the first refractory step); Golgi while s - last <= ref.
	refEnd := s.ref
	if !brian {
		refEnd++
	}
	dt := s.dt
	for k := range v {
		i := int64(k)
		_ = i
		sinceSpike := step - int64(last[k])
		if brian && sinceSpike == 1 {
			v[k] = vr // reset of the previous step, after its synaptic effects
		}
		active := sinceSpike >= refEnd
		var drive float64
		if ie != nil {
			drive = ie[k] * s.rc
		}
		switch m.Synapse {
		case Delta:
			if active {
				if m.Method == Euler {
					v[k] = v[k] + dt*(el-v[k]+drive)/m.TauM
				} else {
					v[k] = el + drive + (v[k]-el-drive)*s.pm
				}
			}
		case CurrentExp:
			ge, gi := s.ge[lo+k], s.gi[lo+k]
			if active {
				if m.Method == Euler {
					v[k] = v[k] + dt*(el-v[k]+ge+gi+drive)/m.TauM
				} else {
					v[k] = el + drive + (v[k]-el-drive)*s.pm + ge*s.ce + gi*s.ci
				}
			}
			if m.Method == Euler {
				s.ge[lo+k] = ge - dt*ge/m.TauE
				s.gi[lo+k] = gi - dt*gi/m.TauI
			} else {
				s.ge[lo+k] = ge * s.pe
				s.gi[lo+k] = gi * s.pi
			}
		case ConductanceExp:
			ge, gi := s.ge[lo+k], s.gi[lo+k]
			if active {
				if m.Method == Euler {
					v[k] = v[k] + dt*(el-v[k]+ge*(m.EE-v[k])+gi*(m.EI-v[k])+drive)/m.TauM
				} else {
					gt := 1 + ge + gi
					vinf := (el + ge*m.EE + gi*m.EI + drive) / gt
					v[k] = vinf + (v[k]-vinf)*math.Exp(-dt*gt/m.TauM)
				}
			}
			if m.Method == Euler {
				s.ge[lo+k] = ge - dt*ge/m.TauE
				s.gi[lo+k] = gi - dt*gi/m.TauI
			} else {
				s.ge[lo+k] = ge * s.pe
				s.gi[lo+k] = gi * s.pi
			}
		}
		if !active {
			if !brian {
				v[k] = vr
			}
			continue
		}
		if v[k] > vt {
			spikes = append(spikes, int32(lo+k))
			last[k] = int32(step)
			if !brian {
				v[k] = vr
			}
		}
	}
	return spikes
}

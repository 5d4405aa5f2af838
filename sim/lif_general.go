package sim

import (
	"fmt"
	"math"
)

// ParamNames lists the LIF parameters that Population.Params may give per
// neuron: TauM (s), EL, VThreshold, VReset (V) and Bias, a constant injected
// current (A).
func (m *LIF) ParamNames() []string { return []string{"TauM", "EL", "VThreshold", "VReset", "Bias"} }

// SetParams installs per-neuron parameter values (SI units).
func (s *lifState) SetParams(vals map[string][]float64) error {
	m := s.m
	for name, x := range vals {
		switch name {
		case "TauM":
			for i, t := range x {
				if !(t > 0) || math.IsInf(t, 0) {
					return fmt.Errorf("Params[\"TauM\"][%d] = %g s, want > 0", i, t)
				}
			}
			s.pTauM = x
		case "EL":
			s.pEL = x
		case "VThreshold":
			s.pVT = x
		case "VReset":
			s.pVR = x
		case "Bias":
			s.pBias = x
		default:
			return fmt.Errorf("unknown parameter %q of LIF, want one of %q", name, m.ParamNames())
		}
	}
	if len(vals) > 0 {
		s.general = true
	}
	n := len(s.v)
	if s.pTauM != nil {
		s.ppm = make([]float64, n)
		s.pce = make([]float64, n)
		s.pci = make([]float64, n)
		for i, tm := range s.pTauM {
			s.ppm[i] = math.Exp(-s.dt / tm)
			if m.Synapse != Delta {
				s.pce[i] = expResponse(tm, m.TauE, s.dt)
				s.pci[i] = expResponse(tm, m.TauI, s.dt)
			}
		}
	}
	if s.pEL != nil {
		// v starts at the neuron's own EL (Init, applied next, may
		// override it).
		copy(s.v, s.pEL)
	}
	return nil
}

// generalStep advances neurons of one range with per-neuron parameters
// and any synapse kind. It evaluates the same expressions as the
// specialised loops, so uniform per-neuron values give bit-identical
// results (tested).
func (s *lifState) generalStep(k *lifKernel, lo int, drive []float64, spikes []int32) []int32 {
	m := s.m
	dt := s.dt
	at := func(p []float64, i int, def float64) float64 {
		if p == nil {
			return def
		}
		return p[lo+i]
	}
	for i := range k.v {
		tm := at(s.pTauM, i, m.TauM)
		el := at(s.pEL, i, m.EL)
		vt := at(s.pVT, i, m.VThreshold)
		vr := at(s.pVR, i, m.VReset)
		pm, ce, ci := s.pm, s.ce, s.ci
		if s.ppm != nil {
			pm, ce, ci = s.ppm[lo+i], s.pce[lo+i], s.pci[lo+i]
		}
		d := drive[i]
		if s.pBias != nil {
			d += s.pBias[lo+i] * tm / m.cm()
		}
		since := k.step - int64(k.last[i])
		x := k.v[i]
		if k.brian && since == 1 {
			x = vr
		}
		active := since >= k.refEnd
		var g, h float64
		if k.ge != nil {
			g, h = k.ge[i], k.gi[i]
		}
		if active {
			switch {
			case m.Synapse == Delta && m.Method == Euler:
				x += dt / tm * (el - x + d)
			case m.Synapse == Delta:
				x = el + d + (x-el-d)*pm
			case m.Synapse.conductance() && m.Method == Euler:
				x = dt/tm*((el+(g*(m.EE-x)+h*(m.EI-x)))-x+d) + x
			case m.Synapse.conductance():
				gt := 1 + g + h
				vinf := (el + g*m.EE + h*m.EI + d) / gt
				x = vinf + (x-vinf)*math.Exp(-dt/tm*gt)
			case m.Method == Euler:
				x += dt / tm * (el - x + g + h + d)
			case m.Synapse == CurrentExp:
				x = el + d + (x-el-d)*pm + g*ce + h*ci
			default: // CurrentAlpha, exact for the drive frozen over the step
				vinf := el + d + g + h
				x = vinf + (x-vinf)*pm
			}
		}
		if k.ge != nil {
			switch {
			case m.Synapse.alpha():
				xe, xi := s.xe[lo+i], s.xi[lo+i]
				if m.Method == Euler {
					k.ge[i] = g + dt*(xe-g/m.TauE)
					k.gi[i] = h + dt*(xi-h/m.TauI)
					s.xe[lo+i] = xe - dt*xe/m.TauE
					s.xi[lo+i] = xi - dt*xi/m.TauI
				} else {
					k.ge[i] = (g + dt*xe) * s.pe
					k.gi[i] = (h + dt*xi) * s.pi
					s.xe[lo+i] = xe * s.pe
					s.xi[lo+i] = xi * s.pi
				}
			case m.Method == Euler && m.Synapse == ConductanceExp:
				k.ge[i] = -dt/m.TauE*g + g
				k.gi[i] = -dt/m.TauI*h + h
			case m.Method == Euler:
				k.ge[i] = g * (1 - dt/m.TauE)
				k.gi[i] = h * (1 - dt/m.TauI)
			default:
				k.ge[i] = g * s.pe
				k.gi[i] = h * s.pi
			}
		}
		if !active {
			if !k.brian {
				x = vr
			}
		} else if x > vt {
			spikes = append(spikes, int32(lo+i))
			k.last[i] = int32(k.step)
			if !k.brian {
				x = vr
			}
		}
		k.v[i] = x
	}
	return spikes
}

package gridcells

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/channels"
)

// Derived recordings: the record handles whose quantity is not a state
// variable of the engine (ionic and synaptic currents, the transient Na
// conductance, the ext_dc clamp, the theta current) are computed after
// the run from the state recorded at the same samples (v, gates,
// synaptic g) with the cell's own channel equations, or from the input
// waveforms. They are evaluated at the sample time t from the state at t;
// NEURON records the value its BREAKPOINT assigned in the step that ended
// at t (from v at the step's start), so a current that changes fast (a
// spike) differs by up to one step's change; a sampled quantity of the
// inputs (ext_dc, theta) is taken at the middle of the step that ends at
// t, where NEURON evaluates it.

// Stored units of derived data (the original's, SPEC.md section 9.4).
const (
	unitMAcm2 = -1 // mA/cm2 (ionic currents, theta)
	unitScm2  = -2 // S/cm2 (gna)
)

// derivation computes a derived data_id of one cell from the engine
// variables vars sampled at times tMs: x[j][k] is vars[j] (SI units) at
// tMs[k]. out receives the values in the stored unit.
type derivation struct {
	vars []string
	eval func(n *Network, gid int, tMs []float64, x [][]float64, out []float64) error
}

// channelCurrent returns a derivation that evaluates ch's current density
// (mA/cm2) from v and the channel's gates.
func channelCurrent(ch channels.Channel) derivation {
	vars := []string{"v"}
	for _, g := range ch.GateNames() {
		vars = append(vars, ch.Name()+"."+g)
	}
	return derivation{vars: vars, eval: func(_ *Network, _ int, _ []float64, x [][]float64, out []float64) error {
		vMV := make([]float64, len(out))
		for k, v := range x[0] {
			vMV[k] = v / sim.Millivolt
		}
		for k := range out {
			out[k] = 0
		}
		didv := make([]float64, len(out))
		ch.Current(x[1:], vMV, 0, out, didv, 0, len(out))
		return nil
	}}
}

// synapseCurrent returns the derivation of an Exp2Syn's current
// i = g (v - e) (nA), NEURON's point-process current.
func synapseCurrent(syn sim.Exp2Syn) derivation {
	return derivation{vars: []string{"v", "g_" + syn.Name}, eval: func(_ *Network, _ int, _ []float64, x [][]float64, out []float64) error {
		for k := range out {
			out[k] = x[1][k] / sim.Microsiemens * (x[0][k] - syn.E) / sim.Millivolt
		}
		return nil
	}}
}

// midStep returns the time (ms) where NEURON evaluates a current or a
// played input for the sample at tMs: the middle of the step ending at
// tMs, or 0 for the initial sample.
func midStep(tMs float64) float64 {
	if tMs <= 0 {
		return 0
	}
	return tMs - DtMs/2
}

// thetaCurrent is the derivation of a theta current (mA/cm2, outward).
func thetaCurrent(th *channels.Theta) derivation {
	return derivation{eval: func(_ *Network, _ int, tMs []float64, _ [][]float64, out []float64) error {
		for k, t := range tMs {
			out[k] = 0
			if th != nil {
				out[k] = th.CurrentAt(midStep(t))
			}
		}
		return nil
	}}
}

// extDC is the derivation of the ext_dc clamp's amp or current (nA): the
// same while the clamp is on (0 <= t < sim_dur); i is 0 after it.
func extDC(current bool) derivation {
	return derivation{eval: func(n *Network, gid int, tMs []float64, _ [][]float64, out []float64) error {
		amp, err := n.extDCAmp(gid)
		if err != nil {
			return err
		}
		for k, t := range tMs {
			out[k] = amp(midStep(t))
			if current && t > n.Sim.SimDur {
				out[k] = 0
			}
		}
		return nil
	}}
}

// playedAmp is the derivation of the amplitude (nA) of the played clamp
// name (0 for cells it does not reach).
func playedAmp(name string) derivation {
	return derivation{eval: func(n *Network, gid int, tMs []float64, _ [][]float64, out []float64) error {
		pop, idx := n.Stell, gid
		if gid >= n.Model.NStell {
			pop, idx = n.Intrnrn, gid-n.Model.NStell
		}
		for k := range out {
			out[k] = 0
		}
		for _, st := range n.Net.Stimuli {
			pc, ok := st.(*sim.PlayedCurrent)
			if !ok || pc.Name != name || pc.Target != pop {
				continue
			}
			k := indexOf(pc.Neurons, idx)
			if k < 0 {
				continue
			}
			w := k
			if pc.Wave != nil {
				w = int(pc.Wave[k])
			}
			for j, t := range tMs {
				tm := midStep(t) * sim.Millisecond
				if (pc.Stop == 0 || tm < pc.Stop) && tm >= pc.Start {
					out[j] = interpolate(pc, w, tm)
				}
			}
		}
		return nil
	}}
}

// gNa is the derivation of stellate_mech's gna: the transient part
// gnabar m^3 h (S/cm2).
func gNa(gBarScm2 float64) derivation {
	return derivation{vars: []string{"stellate_na.m", "stellate_na.h"}, eval: func(_ *Network, _ int, _ []float64, x [][]float64, out []float64) error {
		for k := range out {
			m := x[0][k]
			out[k] = gBarScm2 * m * m * m * x[1][k]
		}
		return nil
	}}
}

// derivations returns the derived handles of the model's cells.
func derivations(m *ModelParams) (stell, intrnrn map[string]derivation, err error) {
	p := channels.DefaultStellateParams()
	na, err := channels.NewStellateNa(p.GNaBarScm2, m.GNaPBar, p.ENaMV)
	if err != nil {
		return nil, nil, err
	}
	kdr, err := channels.NewStellateKdr(p.GKBarScm2, p.EKMV)
	if err != nil {
		return nil, nil, err
	}
	h, err := channels.NewStellateH(m.GHBar, p.EhMV, m.HfTau, m.HsTau)
	if err != nil {
		return nil, nil, err
	}
	var stTheta, inTheta *channels.Theta
	if m.StellThetaAmp != 0 {
		if stTheta, err = channels.NewTheta("i_theta_stell", m.StellThetaAmp, m.StellThetaOmega, 0, 0); err != nil {
			return nil, nil, err
		}
	}
	if m.AmpITheta != 0 {
		if inTheta, err = channels.NewTheta("i_theta", m.AmpITheta, m.OmegaITheta, m.PhiITheta, 0); err != nil {
			return nil, nil, err
		}
	}
	stell = map[string]derivation{
		"stell_ih":          channelCurrent(h),
		"stell_ina":         channelCurrent(na),
		"stell_ik":          channelCurrent(kdr),
		"stell_gna":         gNa(p.GNaBarScm2),
		"stell_syn_inhib_i": synapseCurrent(InhbSynapse),
		"stell_ext_dc_i":    extDC(true),
		"stell_ext_dc_amp":  extDC(false),
		"stell_theta_i":     thetaCurrent(stTheta),
	}
	intrnrn = map[string]derivation{
		"intrnrn_switch_pulse": playedAmp("switch_pulse"),
		"intrnrn_ext_dc_i":     extDC(true),
		"intrnrn_ext_dc_amp":   extDC(false),
		"intrnrn_theta_i":      thetaCurrent(inTheta),
	}
	return stell, intrnrn, nil
}

// derivedUnit is the stored unit of a derived data_id and its name.
func derivedUnit(dataID string) (float64, string) {
	switch dataID {
	case "stell_ih", "stell_ina", "stell_ik", "stell_theta_i", "intrnrn_theta_i":
		return unitMAcm2, "mA/cm2"
	case "stell_gna":
		return unitScm2, "S/cm2"
	}
	return sim.Nanoamp, "nA"
}

// extDCAmp returns the amplitude (nA) of the ext_dc clamp of cell gid as
// a function of time (ms), from the inputs the instrumentation added.
func (n *Network) extDCAmp(gid int) (func(tMs float64) float64, error) {
	pop, idx := n.Stell, gid
	if gid >= n.Model.NStell {
		pop, idx = n.Intrnrn, gid-n.Model.NStell
	}
	for _, st := range n.Net.Stimuli {
		switch st := st.(type) {
		case *sim.CurrentStep:
			if st.Target == pop && hasNeuron(st.Neurons, idx) && st.Start == 0 {
				amp := st.Amplitude / sim.Nanoamp
				return func(float64) float64 { return amp }, nil
			}
		case *sim.PlayedCurrent:
			if st.Target != pop || !isExtDC(st.Name) {
				continue
			}
			k := indexOf(st.Neurons, idx)
			if k < 0 {
				continue
			}
			w := k
			if st.Wave != nil {
				w = int(st.Wave[k])
			}
			return func(tMs float64) float64 { return interpolate(st, w, tMs*sim.Millisecond) }, nil
		}
	}
	return nil, fmt.Errorf("gridcells: cell %d has no ext_dc clamp", gid)
}

func isExtDC(name string) bool {
	return name == "right_dc" || name == "left_dc" || name == "intrnrn_dc" || name == "ext_dc"
}

func hasNeuron(neurons []int, i int) bool { return neurons == nil || indexOf(neurons, i) >= 0 }

func indexOf(neurons []int, i int) int {
	if neurons == nil {
		return i
	}
	for k, x := range neurons {
		if x == i {
			return k
		}
	}
	return -1
}

// interpolate evaluates waveform w of a stored PlayedCurrent at t (s) as
// the engine plays it: the first value before the first sample, linear
// interpolation between samples, linear extrapolation after the last.
func interpolate(pc *sim.PlayedCurrent, w int, t float64) float64 {
	x := pc.Samples[w]
	at := func(j int) float64 {
		if pc.Times != nil {
			return pc.Times[j]
		}
		return pc.Start0 + float64(j)*pc.Interval
	}
	if len(x) == 1 || t <= at(0) {
		return float64(x[0])
	}
	var j int
	if pc.Times != nil {
		lo, hi := 0, len(x)-1
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if pc.Times[mid] <= t {
				lo = mid
			} else {
				hi = mid
			}
		}
		j = min(lo, len(x)-2)
	} else {
		j = min(len(x)-2, int(math.Floor((t-pc.Start0)/pc.Interval)))
	}
	t0, t1 := at(j), at(j+1)
	return float64(x[j]) + float64(x[j+1]-x[j])*(t-t0)/(t1-t0)
}

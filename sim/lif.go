package sim

import (
	"fmt"
	"math"
	"slices"
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
	// CurrentAlpha synapses are alpha-function currents: an input of
	// weight w (V, as CurrentExp) drives ge(t) = w (t/tau) exp(1 - t/tau),
	// which peaks at w a time tau after arrival.
	CurrentAlpha
	// ConductanceAlpha synapses are alpha-function conductances (weights in
	// siemens, reversal potentials EE and EI), peaking at w after tau.
	ConductanceAlpha
)

func (k SynapseKind) String() string {
	switch k {
	case CurrentExp:
		return "current-exp"
	case ConductanceExp:
		return "conductance-exp"
	case Delta:
		return "delta"
	case CurrentAlpha:
		return "current-alpha"
	case ConductanceAlpha:
		return "conductance-alpha"
	}
	return fmt.Sprintf("SynapseKind(%d)", int(k))
}

func (k SynapseKind) conductance() bool { return k == ConductanceExp || k == ConductanceAlpha }

func (k SynapseKind) alpha() bool { return k == CurrentAlpha || k == ConductanceAlpha }

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
	switch {
	case m.Synapse == Delta:
		return []Variable{{"v", "V"}}
	case m.Synapse.conductance():
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

// Validate checks the parameters (Model).
func (m *LIF) Validate() error {
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
	case CurrentExp, ConductanceExp, CurrentAlpha, ConductanceAlpha:
		if err := positive("TauE", m.TauE, "s"); err != nil {
			return err
		}
		if err := positive("TauI", m.TauI, "s"); err != nil {
			return err
		}
		if m.Synapse.conductance() && !(m.GLeak >= 0) {
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
	last   []int32   // step of the last spike (or -1<<30)
	ref    int64     // refractory period in steps
	drive  []float64 // R*I of injected current (V), scratch
	zero   []float64 // zeros
	gScale float64   // SI value of one unit of ge, gi
	xe, xi []float64 // alpha synapses: the rising component of ge, gi

	// Exact-integration coefficients.
	pm, pe, pi, ce, ci, rc float64

	// Per-neuron parameters (Population.Params), nil when uniform; with
	// any of them, or alpha synapses, the general loop runs.
	pTauM, pEL, pVT, pVR, pBias []float64
	ppm, pce, pci               []float64 // exact coefficients per neuron
	general                     bool
}

const noSpike = -1 << 30

// NewState instantiates a population's state (Model).
func (m *LIF) NewState(n int, b *BuildContext) (PopulationState, error) {
	s := &lifState{m: m, conv: b.Convention(), dt: b.Dt(), v: make([]float64, n), last: make([]int32, n), gScale: 1,
		drive: make([]float64, n), zero: make([]float64, n)}
	s.ref = int64(math.Round(m.Refractory / b.Dt()))
	for i := range s.v {
		s.v[i] = m.EL
		s.last[i] = noSpike
	}
	if m.Synapse != Delta {
		s.ge = make([]float64, n)
		s.gi = make([]float64, n)
	}
	if m.Synapse.conductance() {
		s.gScale = m.gLeak()
	}
	if m.Synapse.alpha() {
		s.xe = make([]float64, n)
		s.xi = make([]float64, n)
		s.general = true
	}
	dt := b.Dt()
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

func (s *lifState) Receptor(r int) ([]float64, float64) {
	switch {
	case s.m.Synapse.alpha() && r == 0:
		// An input w adds w*e/tau to the rising component.
		return s.xe, s.gScale * s.m.TauE / math.E
	case s.m.Synapse.alpha():
		return s.xi, s.gScale * s.m.TauI / math.E
	case s.m.Synapse == Delta:
		// Through the buffer: an input on v is dropped while the
		// neuron is refractory, which step checks.
		return nil, 1
	case r == 0:
		return s.ge, s.gScale
	default:
		return s.gi, s.gScale
	}
}

func (s *lifState) Variable(name string) ([]float64, float64, bool) {
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

func (s *lifState) Step(lo, hi int, step int64, in [][]float64, iext []float64, spikes []int32) []int32 {
	m := s.m
	if in == nil {
		// Nothing pending in the buffers.
	} else if m.Synapse == Delta {
		// Inputs on v arriving while the neuron is refractory are dropped
		// (both conventions: Brian2 guards on_pre effects on a variable
		// "unless refractory" by not_refractory, and the step a neuron
		// spikes in counts as refractory).
		v, inv, last := s.v[lo:hi], in[0][lo:hi], s.last[lo:hi]
		inv, last = inv[:len(v)], last[:len(v)]
		for k := range v {
			if inv[k] != 0 {
				if step-int64(last[k]) > s.ref {
					v[k] += inv[k]
				}
				inv[k] = 0
			}
		}
	} else {
		ge, gi := s.ge[lo:hi], s.gi[lo:hi]
		if m.Synapse.alpha() {
			ge, gi = s.xe[lo:hi], s.xi[lo:hi]
		}
		ine, ini := in[0][lo:hi], in[1][lo:hi]
		ine, ini, gi = ine[:len(ge)], ini[:len(ge)], gi[:len(ge)]
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
	var drive []float64
	if iext != nil {
		// s.drive holds zeros except while a current is injected.
		drive = s.drive[lo:hi]
		for k, i := range iext[lo:hi] {
			drive[k] = i * s.rc
		}
	}
	k := lifKernel{
		v: s.v[lo:hi], last: s.last[lo:hi], drive: drive, zero: s.zero[lo:hi], lo: lo, step: step,
		vt: m.VThreshold, vr: m.VReset, el: m.EL, ee: m.EE, ei: m.EI,
		brian: s.conv == ConventionBrian2, refEnd: s.ref,
	}
	if !k.brian {
		k.refEnd++
	}
	if s.ge != nil {
		k.ge, k.gi = s.ge[lo:hi], s.gi[lo:hi]
	}
	if s.general {
		if drive == nil {
			drive = s.zero[lo:hi]
		}
		return s.generalStep(&k, lo, drive, spikes)
	}
	switch {
	case m.Synapse == ConductanceExp && m.Method == Euler:
		return k.condEuler(s.dt/m.TauM, -s.dt/m.TauE, -s.dt/m.TauI, spikes)
	case m.Synapse == ConductanceExp:
		return k.condExpEuler(s.dt/m.TauM, s.pe, s.pi, spikes)
	case m.Synapse == CurrentExp && m.Method == Euler:
		return k.currentEuler(s.dt/m.TauM, 1-s.dt/m.TauE, 1-s.dt/m.TauI, spikes)
	case m.Synapse == CurrentExp:
		return k.currentExact(s.pm, s.pe, s.pi, s.ce, s.ci, spikes)
	case m.Method == Euler:
		return k.deltaEuler(s.dt/m.TauM, spikes)
	default:
		return k.deltaExact(s.pm, spikes)
	}
}

// lifKernel holds the slices and constants of one population range for the
// update loops, one loop per model variant so that nothing but the state is
// tested inside a loop.
type lifKernel struct {
	v, ge, gi, drive []float64
	zero             []float64 // zeros, read-only, standing in for no drive
	last             []int32
	lo               int
	step             int64
	vt, vr, el       float64
	ee, ei           float64
	brian            bool
	refEnd           int64 // active when step - last >= refEnd
}

// begin applies Brian2's deferred reset and tells whether neuron k
// integrates in this step.
func (k *lifKernel) begin(i int) (v float64, active bool) {
	since := k.step - int64(k.last[i])
	v = k.v[i]
	if k.brian && since == 1 {
		v = k.vr
	}
	return v, since >= k.refEnd
}

// end stores v, detects a spike and applies Golgi's reset and clamp.
func (k *lifKernel) end(i int, v float64, active bool, spikes []int32) []int32 {
	if !active {
		if !k.brian {
			v = k.vr
		}
	} else if v > k.vt {
		spikes = append(spikes, int32(k.lo+i))
		k.last[i] = int32(k.step)
		if !k.brian {
			v = k.vr
		}
	}
	k.v[i] = v
	return spikes
}

func (k *lifKernel) d(i int) float64 {
	if k.drive == nil {
		return 0
	}
	return k.drive[i]
}

// condEuler is forward Euler in the order of operations of Brian2's
// generated code (with its loop invariants dt/taum and -dt/taue), so that
// COBA is reproduced to the bit:
//
//	v' = dt/taum*((El + (ge*(Ee-v) + gi*(Ei-v))) - v) + v,  ge' = (-dt/taue)*ge + ge.
//
// The refractory test is folded into a select, not a branch: about one
// neuron in ten is refractory at any time in COBA, at random.
func (k *lifKernel) condEuler(dtm, me, mi float64, spikes []int32) []int32 {
	v := k.v
	n0 := len(spikes)
	spikes = slices.Grow(spikes, len(v))
	out := spikes[n0 : n0+len(v)]
	ge, gi, last := k.ge[:len(v)], k.gi[:len(v)], k.last[:len(v)]
	el, ee, ei, vt, vr := k.el, k.ee, k.ei, k.vt, k.vr
	step, refEnd, lo := k.step, k.refEnd, int32(k.lo)
	drive := k.zero[:len(v)]
	if k.drive != nil {
		drive = k.drive[:len(v)]
	}
	ns := 0
	if k.brian {
		for i := range v {
			since := step - int64(last[i])
			x := v[i]
			if since == 1 {
				x = vr // Brian2's reset of the previous step
			}
			g, h := ge[i], gi[i]
			ge[i] = me*g + g
			gi[i] = mi*h + h
			if since >= refEnd {
				x = dtm*((el+(g*(ee-x)+h*(ei-x)))-x+drive[i]) + x
				if x > vt {
					out[ns] = lo + int32(i)
					ns++
					last[i] = int32(step)
				}
			}
			v[i] = x
		}
		return spikes[:n0+ns]
	}
	if k.drive == nil {
		return k.condEulerNoDrive(dtm, me, mi, spikes, out, n0)
	}
	for i := range v {
		since := step - int64(last[i])
		x := v[i]
		g, h := ge[i], gi[i]
		ge[i] = me*g + g
		gi[i] = mi*h + h
		xn := dtm*((el+(g*(ee-x)+h*(ei-x)))-x+drive[i]) + x
		if since < refEnd {
			xn = vr
		}
		if xn > vt {
			out[ns] = lo + int32(i)
			ns++
			last[i] = int32(step)
			xn = vr
		}
		v[i] = xn
	}
	return spikes[:n0+ns]
}

// condEulerNoDrive is condEuler's Golgi-convention loop without injected
// current, the common case, with fewer live values in the loop.
func (k *lifKernel) condEulerNoDrive(dtm, me, mi float64, spikes, out []int32, n0 int) []int32 {
	v := k.v
	ge, gi, last := k.ge[:len(v)], k.gi[:len(v)], k.last[:len(v)]
	el, ee, ei, vt, vr := k.el, k.ee, k.ei, k.vt, k.vr
	step, refEnd := k.step, k.refEnd
	done, ns := k.condEulerVec(dtm, me, mi, out)
	for i := done; i < len(v); i++ {
		x := v[i]
		g, h := ge[i], gi[i]
		ge[i] = me*g + g
		gi[i] = mi*h + h
		xn := dtm*((el+(g*(ee-x)+h*(ei-x)))-x) + x
		if step-int64(last[i]) < refEnd {
			xn = vr
		}
		if xn > vt {
			out[ns] = int32(k.lo + i)
			ns++
			last[i] = int32(step)
			xn = vr
		}
		v[i] = xn
	}
	return spikes[:n0+ns]
}

// condExpEuler integrates v exactly for conductances frozen over the step.
func (k *lifKernel) condExpEuler(dtm, pe, pi float64, spikes []int32) []int32 {
	ge, gi := k.ge[:len(k.v)], k.gi[:len(k.v)]
	for i := range k.v {
		v, active := k.begin(i)
		g, h := ge[i], gi[i]
		if active {
			gt := 1 + g + h
			vinf := (k.el + g*k.ee + h*k.ei + k.d(i)) / gt
			v = vinf + (v-vinf)*math.Exp(-dtm*gt)
		}
		ge[i] = g * pe
		gi[i] = h * pi
		spikes = k.end(i, v, active, spikes)
	}
	return spikes
}

func (k *lifKernel) currentEuler(dtm, de, di float64, spikes []int32) []int32 {
	ge, gi := k.ge[:len(k.v)], k.gi[:len(k.v)]
	for i := range k.v {
		v, active := k.begin(i)
		g, h := ge[i], gi[i]
		if active {
			v += dtm * (k.el - v + g + h + k.d(i))
		}
		ge[i] = g * de
		gi[i] = h * di
		spikes = k.end(i, v, active, spikes)
	}
	return spikes
}

// currentExact is the exact solution of the linear system over one step
// (it reproduces Brian2's "exact" CUBA to the bit).
func (k *lifKernel) currentExact(pm, pe, pi, ce, ci float64, spikes []int32) []int32 {
	ge, gi := k.ge[:len(k.v)], k.gi[:len(k.v)]
	start := 0
	if !k.brian && k.drive == nil {
		n0 := len(spikes)
		spikes = slices.Grow(spikes, len(k.v))
		var ns int
		start, ns = k.currentExactVec(pm, pe, pi, ce, ci, spikes[n0:n0+len(k.v)])
		spikes = spikes[:n0+ns]
	}
	for i := start; i < len(k.v); i++ {
		v, active := k.begin(i)
		g, h := ge[i], gi[i]
		if active {
			d := k.d(i)
			v = k.el + d + (v-k.el-d)*pm + g*ce + h*ci
		}
		ge[i] = g * pe
		gi[i] = h * pi
		spikes = k.end(i, v, active, spikes)
	}
	return spikes
}

func (k *lifKernel) deltaEuler(dtm float64, spikes []int32) []int32 {
	for i := range k.v {
		v, active := k.begin(i)
		if active {
			v += dtm * (k.el - v + k.d(i))
		}
		spikes = k.end(i, v, active, spikes)
	}
	return spikes
}

func (k *lifKernel) deltaExact(pm float64, spikes []int32) []int32 {
	for i := range k.v {
		v, active := k.begin(i)
		if active {
			d := k.d(i)
			v = k.el + d + (v-k.el-d)*pm
		}
		spikes = k.end(i, v, active, spikes)
	}
	return spikes
}

// VectorKernels reports whether the SIMD (AVX2) update loops are in use: they
// are compiled in with GOEXPERIMENT=simd on amd64 and used where the CPU has
// AVX2. Results are bit-identical either way.
func VectorKernels() bool { return vectorKernels }

// SetVectorKernels turns the SIMD loops on or off (on only takes effect where
// they are available) and returns the previous setting. It is meant for
// tests and benchmarks; do not call it while a simulation runs.
func SetVectorKernels(on bool) (previous bool) {
	previous = vectorKernels
	vectorKernels = on && vectorKernelsAvailable
	return previous
}

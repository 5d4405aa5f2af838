package mech

import (
	"container/heap"
	"fmt"
	"math"
	"sort"
)

// Compartment is one cylindrical compartment (NEURON's soma with nseg 1)
// with mechanisms, an optional current clamp and an optional voltage
// clamp, stepped as NEURON's fixed step (secondorder 0). The zero value
// is not usable: use NewCompartment.
type Compartment struct {
	LUm, DiamUm float64 // length and diameter (um)
	CmUFcm2     float64
	Celsius     float64
	DtMs        float64
	VInitMV     float64

	// IClamp, if set, injects AmpNA from DelayMs for DurMs (NEURON's
	// IClamp at 0.5).
	IClamp *IClamp
	// SEClamp, if set, clamps through RsMOhm (NEURON's SEClamp).
	SEClamp *SEClamp

	// Events are delivered to point processes at their times (NetCon
	// events of delay 0, NEURON's nc.event(t)), in the order given for
	// equal times. Events that share an Args slice (the same first
	// element) and a target are one connection: the target's NET_RECEIVE
	// INITIAL block (NetConIniter) runs once for it at Init.
	Events []Event
	// NetCons connect event sources (artificial cells such as VecStim,
	// not inserted) to point processes: the sources are initialised with
	// the compartment and their events delivered after the connection's
	// delay.
	NetCons []*NetCon

	mechs []Mechanism
	env   Env
	t     float64
	next  int // the first of Events not delivered
	queue queue
}

// Event is an event for a point process: at TMs, Args the connection's
// weight vector (kept and changed by the mechanism between events).
type Event struct {
	TMs    float64
	Target Receiver
	Args   []float64
}

// IClamp is NEURON's IClamp: i = amp (nA) for del <= t < del + dur.
type IClamp struct {
	DelayMs, DurMs, AmpNA float64
	I                     float64 // the last current (nA)
}

// SEClamp is NEURON's single-electrode clamp: three levels (mV) for
// three durations (ms), series resistance RsMOhm.
type SEClamp struct {
	Dur    [3]float64
	Amp    [3]float64
	RsMOhm float64
	I      float64 // the last current (nA)
	vc     float64
	on     bool
}

// NewCompartment returns a compartment of length and diameter lUm and
// diamUm at NEURON's defaults: cm 1 uF/cm2, 6.3 degC, dt 0.025 ms, v_init
// -65 mV.
func NewCompartment(lUm, diamUm float64) *Compartment {
	return &Compartment{LUm: lUm, DiamUm: diamUm, CmUFcm2: 1, Celsius: 6.3, DtMs: 0.025, VInitMV: -65}
}

// Insert adds a mechanism of one instance, after those inserted before
// (NEURON evaluates mechanisms in a fixed order; currents are summed in
// this one).
func (c *Compartment) Insert(m Mechanism) error {
	if m.Len() != 1 {
		return fmt.Errorf("mech: Compartment.Insert(%s): %d instances, want 1", m.Name(), m.Len())
	}
	for _, x := range c.mechs {
		if x.Name() == m.Name() && m.Kind() == Density {
			return fmt.Errorf("mech: %s inserted twice", m.Name())
		}
	}
	c.mechs = append(c.mechs, m)
	return nil
}

// Mechanisms returns the inserted mechanisms.
func (c *Compartment) Mechanisms() []Mechanism { return c.mechs }

// Area returns the lateral area (um2): pi L diam.
func (c *Compartment) Area() float64 { return math.Pi * c.LUm * c.DiamUm }

// Env returns the compartment's environment (potential, ions) for
// reading recorded values.
func (c *Compartment) Env() *Env { return &c.env }

// T returns the time (ms).
func (c *Compartment) T() float64 { return c.t }

// Init is NEURON's finitialize(v_init): ions at their defaults (reversal
// potentials from the concentrations where a mechanism writes one), every
// mechanism's INITIAL, then the currents at t = 0.
func (c *Compartment) Init() error {
	if !(c.DtMs > 0) || !(c.LUm > 0) || !(c.DiamUm > 0) {
		return fmt.Errorf("mech: compartment L %g um, diam %g um, dt %g ms: want positive values", c.LUm, c.DiamUm, c.DtMs)
	}
	c.t, c.next = 0, 0
	sort.SliceStable(c.Events, func(a, b int) bool { return c.Events[a].TMs < c.Events[b].TMs })
	c.env = Env{V: []float64{c.VInitMV}, Area: []float64{c.Area()}, Diam: []float64{c.DiamUm},
		I: make([]float64, 1), G: make([]float64, 1), Ions: map[string]*Ion{},
		Celsius: c.Celsius, Dt: c.DtMs}
	for _, m := range c.mechs {
		for _, u := range m.Ions() {
			ion := c.env.Ions[u.Name]
			if ion == nil {
				ion = NewIon(u.Name, 1, u.Valence)
				c.env.Ions[u.Name] = ion
			}
			if u.WritesConc() {
				ion.ConcWritten = true
			}
			if u.ReadsConc() {
				ion.ENernstInit = true
			}
		}
	}
	for _, m := range c.mechs {
		for _, u := range m.Ions() {
			if u.WritesE() {
				c.env.Ions[u.Name].ENernstInit = false
			}
		}
	}
	for _, ion := range c.env.Ions {
		if ion.ConcWritten || ion.ENernstInit {
			ion.nernstAll(c.Celsius)
		}
	}
	c.queue.reset()
	c.env.Queue = &c.queue
	for _, m := range c.mechs {
		m.Init(&c.env)
	}
	if err := c.initNetCons(); err != nil {
		return err
	}
	// NEURON's finitialize delivers the events due by dt/2 before the
	// first currents.
	c.deliver(.5 * c.DtMs)
	c.env.T = c.t
	if c.SEClamp != nil {
		c.SEClamp.on = false
	}
	c.currents()
	return nil
}

// initNetCons initialises the event sources of NetCons that are not
// inserted, then runs the NET_RECEIVE INITIAL block of every connection
// (NetCons first, then the connections of Events) whose target has one.
func (c *Compartment) initNetCons() error {
	inserted := map[Mechanism]bool{}
	for _, m := range c.mechs {
		inserted[m] = true
	}
	type conn struct {
		target Receiver
		args   *float64
	}
	seen := map[conn]bool{}
	initConn := func(target Receiver, args []float64) error {
		ini, ok := target.(NetConIniter)
		if !ok || len(args) == 0 || seen[conn{target, &args[0]}] {
			return nil
		}
		seen[conn{target, &args[0]}] = true
		return ini.InitNetCon(&c.env, 0, args)
	}
	for _, nc := range c.NetCons {
		if nc.Source == nil || nc.Target == nil {
			return fmt.Errorf("mech: a NetCon without source or target")
		}
		if !inserted[nc.Source] {
			nc.Source.Init(&c.env)
			inserted[nc.Source] = true
		}
	}
	for _, nc := range c.NetCons {
		if err := initConn(nc.Target, nc.Args); err != nil {
			return err
		}
	}
	for _, ev := range c.Events {
		if err := initConn(ev.Target, ev.Args); err != nil {
			return err
		}
	}
	return nil
}

// deliver delivers the events due by tm at their own times, in time
// order: those of Events, those the sources of NetCons emit by tm (after
// their delays) and the self events of mechanisms, including the ones
// sent while delivering.
func (c *Compartment) deliver(tm float64) {
	type src struct {
		s EventSource
		k int
	}
	var polled map[src][]float64
	for _, nc := range c.NetCons {
		key := src{nc.Source, nc.SourceK}
		if polled == nil {
			polled = map[src][]float64{}
		}
		ts, ok := polled[key]
		if !ok {
			ts = nc.Source.Events(nc.SourceK, tm)
			polled[key] = ts
		}
		for _, te := range ts {
			c.queue.push(pending{tMs: te + nc.DelayMs, target: nc.Target, args: nc.Args})
		}
	}
	for {
		fromList := c.next < len(c.Events) && c.Events[c.next].TMs <= tm &&
			(len(c.queue.h) == 0 || c.Events[c.next].TMs <= c.queue.h[0].tMs)
		switch {
		case fromList:
			ev := c.Events[c.next]
			c.env.T = ev.TMs
			ev.Target.Receive(&c.env, 0, ev.Args)
			c.next++
		case len(c.queue.h) > 0 && c.queue.h[0].tMs <= tm:
			p := heap.Pop(&c.queue.h).(pending)
			c.env.T = p.tMs
			if fr, ok := p.target.(FlagReceiver); ok {
				fr.ReceiveFlag(&c.env, p.k, p.args, p.flag)
			} else {
				p.target.Receive(&c.env, p.k, p.args)
			}
		default:
			return
		}
	}
}

// currents computes every current at the present v and t (NEURON's
// setup_tree_matrix): it returns the right-hand side (mA/cm2) and the
// diagonal (S/cm2) of the compartment's equation.
func (c *Compartment) currents() (rhs, d float64) {
	e := &c.env
	e.T = c.t
	e.I[0], e.G[0] = 0, 0
	for _, ion := range e.Ions {
		ion.I[0], ion.DIDV[0] = 0, 0
		if ion.ConcWritten {
			ion.nernstAll(c.Celsius)
		}
	}
	for _, m := range c.mechs {
		m.Current(e)
	}
	area := e.Area[0]
	rhs, d = -e.I[0], c.CmUFcm2*(.001/c.DtMs)+e.G[0]
	v := e.V[0]
	if ic := c.IClamp; ic != nil {
		ic.I = 0
		if c.t < ic.DelayMs+ic.DurMs && c.t >= ic.DelayMs {
			ic.I = ic.AmpNA
		}
		rhs += ic.I * 1e2 / area
	}
	if sc := c.SEClamp; sc != nil {
		g := sc.current(c.t, v+.001)
		i := sc.current(c.t, v)
		sc.I = i
		rhs += i * 1e2 / area
		d -= (g - i) / .001 * 1e2 / area
	}
	return rhs, d
}

// current is SEClamp's i = (vc - v)/rs at time t, 0 after the last level.
func (sc *SEClamp) current(t, v float64) float64 {
	tc2 := sc.Dur[0] + sc.Dur[1]
	tc3 := tc2 + sc.Dur[2]
	sc.on = true
	switch {
	case t < sc.Dur[0]:
		sc.vc = sc.Amp[0]
	case t < tc2:
		sc.vc = sc.Amp[1]
	case t < tc3:
		sc.vc = sc.Amp[2]
	default:
		sc.vc, sc.on = 0, false
	}
	if !sc.on {
		return 0
	}
	return (sc.vc - v) / sc.RsMOhm
}

// Step advances one time step: currents at t + dt/2, the new v, then the
// mechanisms' states at t + dt.
func (c *Compartment) Step() {
	// NEURON delivers the events due by the middle of the step first, at
	// their own times.
	c.deliver(c.t + .5*c.DtMs)
	c.t += .5 * c.DtMs
	rhs, d := c.currents()
	c.env.V[0] += rhs / d
	c.t += .5 * c.DtMs
	c.env.T = c.t
	for _, m := range c.mechs {
		m.State(&c.env)
	}
	if sc := c.SEClamp; sc != nil {
		// SEClamp's SOLVE icur METHOD after_cvode: the current at the new
		// potential, with the command of the step.
		sc.I = 0
		if sc.on {
			sc.I = (sc.vc - c.env.V[0]) / sc.RsMOhm
		}
	}
}

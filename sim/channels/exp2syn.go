package channels

import (
	"fmt"
	"math"
)

// Exp2SynTaus returns the time constants NEURON's Exp2Syn actually uses: its
// INITIAL block replaces tau1 by 0.9999*tau2 when tau1/tau2 > 0.9999 (so
// tau1 >= tau2 gives a near-alpha function) and by 1e-9*tau2 when
// tau1/tau2 < 1e-9. tau1Ms and tau2Ms must be finite and positive.
func Exp2SynTaus(tau1Ms, tau2Ms float64) (t1, t2 float64, err error) {
	const name = "exp2syn"
	if err := firstErr(checkPos(name, "tau1Ms", tau1Ms), checkPos(name, "tau2Ms", tau2Ms)); err != nil {
		return 0, 0, err
	}
	if tau1Ms/tau2Ms > .9999 {
		tau1Ms = .9999 * tau2Ms
	}
	if tau1Ms/tau2Ms < 1e-9 {
		tau1Ms = tau2Ms * 1e-9
	}
	return tau1Ms, tau2Ms, nil
}

// Exp2SynFactor returns NEURON's Exp2Syn normalisation factor
// F = 1/(exp(-tp/tau2) - exp(-tp/tau1)), tp = tau1 tau2/(tau2 - tau1)
// ln(tau2/tau1), with which an event of weight w gives a conductance
// w F (exp(-t/tau2) - exp(-t/tau1)) peaking at exactly w at t = tp. The time
// constants are first adjusted as Exp2SynTaus does.
func Exp2SynFactor(tau1Ms, tau2Ms float64) (float64, error) {
	t1, t2, err := Exp2SynTaus(tau1Ms, tau2Ms)
	if err != nil {
		return 0, err
	}
	return exp2synFactor(t1, t2), nil
}

func exp2synFactor(t1, t2 float64) float64 {
	tp := (t1 * t2) / (t2 - t1) * math.Log(t2/t1)
	f := -math.Exp(-tp/t1) + math.Exp(-tp/t2)
	return 1 / f
}

// Exp2Syn is NEURON's double-exponential synapse over n cells, structure of
// arrays: per cell the states A and B (uS), conductance g = B - A and
// current g (v - E) (nA, outward positive). All inputs of one kind onto a
// cell sum into its one Exp2Syn, as in NEURON.
//
// Per fixed step, in NEURON's order: Receive the events due (t_event <=
// t_n + dt/2), AddConductance (the Population solve uses g at t_n), then,
// with the gates, Decay by dt.
type Exp2Syn struct {
	// A and B are the states of each cell, uS.
	A, B []float64

	tau1, tau2, e, factor float64
}

// NewExp2Syn returns n synapses with rise time constant tau1Ms (ms, > 0),
// decay time constant tau2Ms (ms, > 0; tau1 is adjusted as Exp2SynTaus
// does) and reversal potential eMV (mV), all states zero.
func NewExp2Syn(n int, tau1Ms, tau2Ms, eMV float64) (*Exp2Syn, error) {
	t1, t2, err := Exp2SynTaus(tau1Ms, tau2Ms)
	if err != nil {
		return nil, err
	}
	if err := checkFinite("exp2syn", "eMV", eMV); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, fmt.Errorf("channels: exp2syn: n = %d, want n >= 0", n)
	}
	return &Exp2Syn{A: make([]float64, n), B: make([]float64, n),
		tau1: t1, tau2: t2, e: eMV, factor: exp2synFactor(t1, t2)}, nil
}

// Tau1Ms returns the rise time constant in use (after adjustment), ms.
func (s *Exp2Syn) Tau1Ms() float64 { return s.tau1 }

// Tau2Ms returns the decay time constant, ms.
func (s *Exp2Syn) Tau2Ms() float64 { return s.tau2 }

// EMV returns the reversal potential, mV.
func (s *Exp2Syn) EMV() float64 { return s.e }

// Factor returns the normalisation factor F added, times the weight, to A
// and B by each event.
func (s *Exp2Syn) Factor() float64 { return s.factor }

// Len returns the number of cells.
func (s *Exp2Syn) Len() int { return len(s.A) }

// Reset sets every state to zero (NEURON's INITIAL).
func (s *Exp2Syn) Reset() {
	for k := range s.A {
		s.A[k] = 0
		s.B[k] = 0
	}
}

// Receive delivers an event of weight wUS (uS) to cell k: A and B both
// increase by wUS*F (NEURON's NET_RECEIVE).
func (s *Exp2Syn) Receive(k int, wUS float64) {
	x := wUS * s.factor
	s.A[k] += x
	s.B[k] += x
}

// ConductanceUS returns g = B - A of cell k, uS.
func (s *Exp2Syn) ConductanceUS(k int) float64 { return s.B[k] - s.A[k] }

// AddConductance adds, for cells [lo, hi), g = B - A to gUS[k] and g*E to
// gEUSMV[k], the terms of Input.GSynUS and Input.GSynEUSMV.
func (s *Exp2Syn) AddConductance(lo, hi int, gUS, gEUSMV []float64) {
	a, b := s.A[lo:hi], s.B[lo:hi]
	g, ge := gUS[lo:hi], gEUSMV[lo:hi]
	for k := range a {
		x := b[k] - a[k]
		g[k] += x
		ge[k] += x * s.e
	}
}

// Decay advances the states of cells [lo, hi) by dtMs (cnexp, exact):
// A *= exp(-dt/tau1), B *= exp(-dt/tau2).
func (s *Exp2Syn) Decay(lo, hi int, dtMs float64) {
	d1 := math.Exp(dtMs * (-1 / s.tau1))
	d2 := math.Exp(dtMs * (-1 / s.tau2))
	a, b := s.A[lo:hi], s.B[lo:hi]
	for k := range a {
		a[k] *= d1
		b[k] *= d2
	}
}

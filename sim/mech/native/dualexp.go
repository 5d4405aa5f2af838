package native

import "math"

// dualExp is a receptor's dual-exponential conductance, B - A, over the
// instances: A decays with the rise time constant, B with the decay time
// constant (exactly, by the factors A_step and B_step of one time step),
// and an event adds the same amount to both, scaled by factor so that a
// unit increment peaks at 1.
type dualExp struct {
	A, B         []float64 // STATEs
	Factor       []float64 // the peak normalisation
	AStep, BStep []float64 // exp(-dt/tau_r), exp(-dt/tau_d)
}

func newDualExp(n int) dualExp {
	return dualExp{A: fill(n, 0), B: fill(n, 0), Factor: fill(n, 0), AStep: fill(n, 0), BStep: fill(n, 0)}
}

// init is the receptor's part of INITIAL for instance k: the states to 0,
// the normalisation at the time of the peak and the step factors.
func (d *dualExp) init(k int, tauR, tauD, dt float64) {
	d.A[k], d.B[k] = 0, 0
	tp := (tauR * tauD) / (tauD - tauR) * math.Log(tauD/tauR)
	f := -math.Exp(-tp/tauR) + math.Exp(-tp/tauD)
	d.Factor[k] = 1 / f
	d.AStep[k] = math.Exp(dt * (-1.0 / tauR))
	d.BStep[k] = math.Exp(dt * (-1.0 / tauD))
}

// add adds the increment of ves vesicles out of nrrp with weight w.
func (d *dualExp) add(k int, ves, nrrp, w float64) {
	x := float64(ves/nrrp*w) * d.Factor[k]
	d.A[k] = d.A[k] + x
	d.B[k] = d.B[k] + x
}

// step decays the states by one time step.
func (d *dualExp) step(k int) {
	d.A[k] = d.A[k] * d.AStep[k]
	d.B[k] = d.B[k] * d.BStep[k]
}

// stepCnexp advances the states by one time step as nocmodl's cnexp
// solves the DERIVATIVE block A' = -A/tau_r, B' = -B/tau_d of the
// variants (cnexp, det.go), the factors computed at every step as
// NEURON does.
func (d *dualExp) stepCnexp(k int, tauR, tauD, dt float64) {
	d.A[k] = cnexp(d.A[k], tauR, dt)
	d.B[k] = cnexp(d.B[k], tauD, dt)
}

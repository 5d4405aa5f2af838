package mech

import "fmt"

func errNoGlobal(mech, name string) error {
	return fmt.Errorf("mech: %s has no GLOBAL %q", mech, name)
}

// ErrNoGlobal is the error of SetGlobal for a name that is not a GLOBAL
// of mechanism mech (generated code returns it).
func ErrNoGlobal(mech, name string) error { return errNoGlobal(mech, name) }

// B2F is NMODL's value of a comparison: 1 or 0.
func B2F(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Call0 runs a PROCEDURE used as a value: NMODL procedures return 0.
func Call0(f func()) float64 {
	f()
	return 0
}

// AtTime is NEURON's at_time(te) in the fixed step: 1 when te falls in
// the step that ends at t (te - 1e-11 in (t - dt, t]), else 0. It marks
// a discontinuity for CVODE; the fixed step only reports it.
func AtTime(t, dt, te float64) float64 {
	x := te - 1e-11
	if x <= t && x > t-dt {
		return 1
	}
	return 0
}

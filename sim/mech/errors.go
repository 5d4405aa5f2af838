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

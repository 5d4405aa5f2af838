package mech

import (
	"errors"
	"math"
)

// KineticFunc evaluates a KINETIC block of one instance as nocmodl's
// generated function does for METHOD sparse: at the states s (which it
// also stores into the mechanism, so that the block's statements see
// them), the states old at the start of the step and the step dt, it
// fills the n x n matrix a (row-major, zeroed by the caller) and the
// right-hand side rhs of one Newton iteration of backward Euler:
// rhs_i = -(s_i - old_i)/dt (times the state's COMPARTMENT) plus the
// reactions' fluxes, a = -d rhs/d s, and CONSERVE rows in place of the
// equation of a conserved state. It also runs the block's statements
// (rates, assigned variables such as a flux kept in a RANGE variable).
type KineticFunc func(s, old, a, rhs []float64, dt float64)

// Errors of SparseStep and SparseSteadyState (scopmath's error codes).
var (
	ErrSingular       = errors.New("mech: KINETIC: singular matrix")
	ErrExceedIters    = errors.New("mech: KINETIC: Newton iteration did not converge")
	ErrNoSteadyState  = errors.New("mech: STEADYSTATE: no non-negative steady state in 7 iterations")
	sparseConverge    = 1e-8 // scopmath's CONVERGE
	sparseMaxSteps    = 20   // scopmath's MAXSTEPS
	steadyStateIters  = 7    // NIT of _ss_sparse_thread
	steadyStateNegTol = -1e-6
)

// SteadyStateDtMs is the step of STEADYSTATE sparse: NEURON sets dt to
// it while it searches the steady state, for the block's statements too.
const SteadyStateDtMs = 1e9

// SparseStep advances the states s of one instance by a step of dt as
// NEURON's sparse_thread does (METHOD sparse): old is set to s, then
// Newton iterations of backward Euler, s += the solution of a x = rhs,
// until the sum of |x| is at most 1e-8 (one iteration when linear, the
// scheme being linear in its states); when not linear a state that
// becomes negative is set to 0. A last evaluation of f at the new states
// leaves the block's assigned variables as NEURON leaves them. a (n*n)
// and rhs (n) are work space. On ErrSingular or ErrExceedIters the
// states are those of the last iteration, and f is not evaluated again,
// as in NEURON (whose generated code ignores the error).
func SparseStep(s, old, a, rhs []float64, dt float64, linear bool, f KineticFunc) error {
	n := len(s)
	copy(old, s)
	for j, err := 0, 1.0; err > sparseConverge; j++ {
		clear(a[:n*n])
		f(s, old, a, rhs, dt)
		if !solveDense(n, a, rhs) {
			return ErrSingular
		}
		err = 0
		for i := range n {
			s[i] += rhs[i]
			if !linear && s[i] < 0 {
				s[i] = 0
			}
			err += math.Abs(rhs[i])
		}
		if j > sparseMaxSteps {
			return ErrExceedIters
		}
		if linear {
			break
		}
	}
	clear(a[:n*n])
	f(s, old, a, rhs, dt)
	return nil
}

// SparseSteadyState is NEURON's _ss_sparse_thread (SOLVE ... STEADYSTATE
// sparse): SparseStep with a step of 1e9 ms, iterated to convergence when
// the scheme is linear; otherwise up to 7 single Newton iterations, each
// followed, when no state is below -1e-6 (those are set to 0), by a full
// iteration that ends the search.
func SparseSteadyState(s, old, a, rhs []float64, linear bool, f KineticFunc) error {
	if linear {
		return SparseStep(s, old, a, rhs, SteadyStateDtMs, false, f)
	}
	for range steadyStateIters {
		if err := SparseStep(s, old, a, rhs, SteadyStateDtMs, true, f); err != nil {
			return err
		}
		ok := true
		for i, x := range s {
			if x < steadyStateNegTol {
				s[i] = 0
				ok = false
			}
		}
		if ok {
			return SparseStep(s, old, a, rhs, SteadyStateDtMs, false, f)
		}
	}
	return ErrNoSteadyState
}

// solveDense solves a x = b in place (x in b) by Gaussian elimination
// with partial pivoting; it reports false for a singular matrix.
func solveDense(n int, a, b []float64) bool {
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r*n+c]) > math.Abs(a[p*n+c]) {
				p = r
			}
		}
		if a[p*n+c] == 0 {
			return false
		}
		if p != c {
			for j := c; j < n; j++ {
				a[c*n+j], a[p*n+j] = a[p*n+j], a[c*n+j]
			}
			b[c], b[p] = b[p], b[c]
		}
		for r := c + 1; r < n; r++ {
			m := a[r*n+c] / a[c*n+c]
			if m == 0 {
				continue
			}
			for j := c + 1; j < n; j++ {
				a[r*n+j] -= m * a[c*n+j]
			}
			b[r] -= m * b[c]
		}
	}
	for r := n - 1; r >= 0; r-- {
		x := b[r]
		for j := r + 1; j < n; j++ {
			x -= a[r*n+j] * b[j]
		}
		b[r] = x / a[r*n+r]
	}
	return true
}

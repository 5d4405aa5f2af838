package channels

import (
	"fmt"
	"math"
)

// Channel is a membrane mechanism of a single-compartment cell: an ionic
// current density with its gating variables (NEURON's density mechanism,
// SUFFIX). A Channel value holds only parameters and is never modified by
// the methods below, so one Channel may serve any number of populations and
// goroutines. The per-cell state lives in gates, owned by the caller
// (Population): gates[g][k] is gate g of cell k, with g indexing GateNames.
//
// Every method works on the cells [lo, hi) of slices indexed by cell; the
// caller guarantees that all slices are at least hi long. Methods do not
// allocate.
type Channel interface {
	// Name returns a short identifier such as "hh_na", used to name gates.
	Name() string

	// GateNames returns the names of the per-cell state variables, in the
	// order of the gates slices. It may be empty.
	GateNames() []string

	// Init sets the gates of cells [lo, hi) to their steady state at the
	// membrane potential vMV[k] (NEURON's INITIAL block).
	Init(gates [][]float64, vMV []float64, lo, hi int)

	// Current adds, for cells [lo, hi), the channel's outward current
	// density at vMV[k] to iMAcm2[k] (mA/cm2) and its slope dI/dV at fixed
	// gates to didvScm2[k] (S/cm2). tMs is the time at which the current is
	// evaluated, the middle of the step in NEURON's fixed-step scheme; only
	// explicitly time-dependent currents (Theta) use it.
	Current(gates [][]float64, vMV []float64, tMs float64, iMAcm2, didvScm2 []float64, lo, hi int)

	// Advance advances the gates of cells [lo, hi) by dtMs with the rates
	// frozen at vMV[k], the membrane potential at the end of the step
	// (NEURON's cnexp: x <- x + (1 - exp(-dt/tau)) (xinf - x)).
	Advance(gates [][]float64, vMV []float64, dtMs float64, lo, hi int)
}

// RateMode selects how a channel evaluates its voltage-dependent rates.
type RateMode int

const (
	// Exact evaluates the rate functions analytically at every call.
	Exact RateMode = iota

	// Tabulated reproduces NMODL's TABLE statement as NEURON runs it by
	// default (usetable = 1): the steady states and time constants are
	// precomputed at 201 voltages from -100 to +100 mV (1 mV apart) and
	// interpolated linearly; outside that range the end values are used.
	Tabulated
)

// String returns "exact" or "tabulated".
func (r RateMode) String() string {
	switch r {
	case Exact:
		return "exact"
	case Tabulated:
		return "tabulated"
	}
	return fmt.Sprintf("RateMode(%d)", int(r))
}

func (r RateMode) check(name string) error {
	if r != Exact && r != Tabulated {
		return fmt.Errorf("channels: %s: rate mode %d, want Exact (0) or Tabulated (1)", name, int(r))
	}
	return nil
}

// Geometry constants.
const (
	// HHSomaAreaUm2 is the membrane area of NEURON's classic test soma,
	// L = diam = 12.6157 um: pi*12.6157^2 = 500.0005 um2.
	HHSomaAreaUm2 = math.Pi * 12.6157 * 12.6157

	// GridCellsAreaUm2 is the soma area of both GridCellsCond cell types,
	// L = 10/3.14 um, diam = 10 um: pi*10*10/3.14 = 100.0507 um2 (the
	// original's comments say 100 um2).
	GridCellsAreaUm2 = math.Pi * 10 * (10 / 3.14)
)

// CylinderAreaUm2 returns the lateral area pi*d*L (um2) of a cylinder of
// length lengthUm and diameter diamUm, NEURON's area of a one-segment
// section.
func CylinderAreaUm2(lengthUm, diamUm float64) float64 { return math.Pi * diamUm * lengthUm }

// vtrap is NEURON's x/(exp(x/y) - 1) with the removable singularity at
// x = 0 replaced by its first-order expansion, exactly as in hh.mod and
// stellate_mech.mod.
func vtrap(x, y float64) float64 {
	if math.Abs(x/y) < 1e-6 {
		return y * (1 - x/y/2)
	}
	return x / (math.Exp(x/y) - 1)
}

// Table geometry of NMODL's "FROM -100 TO 100 WITH 200" used by hh, naf
// and kdr.
const (
	tableVMinMV     = -100
	tableVMaxMV     = 100
	tableIntervals  = 200
	tableRowsPadded = tableIntervals + 2 // one duplicate row so row+1 is always valid
)

// rateTable is NMODL's TABLE: ncol functions of v sampled at
// vmin + i*dx, i = 0..n, and interpolated linearly, clamped at the ends.
type rateTable struct {
	tmin, mfac float64
	n          int
	ncol       int
	data       []float64 // row-major, (n+2) rows of ncol values
}

// newRateTable builds a table by calling f(v, row) at every node; f writes
// ncol values into row. As NEURON does, the node voltages are accumulated
// (x += dx), which is exact for the 1 mV grid used here.
func newRateTable(vmin, vmax float64, n, ncol int, f func(v float64, row []float64)) *rateTable {
	t := &rateTable{tmin: vmin, n: n, ncol: ncol, data: make([]float64, (n+2)*ncol)}
	dx := (vmax - vmin) / float64(n)
	t.mfac = 1 / dx
	x := vmin
	for i := 0; i <= n; i++ {
		f(x, t.data[i*ncol:(i+1)*ncol])
		x += dx
	}
	copy(t.data[(n+1)*ncol:], t.data[n*ncol:(n+1)*ncol])
	return t
}

// locate returns the offset of the lower row and the interpolation weight
// for v, following NEURON's generated lookup: xi = mfac*(v - tmin); xi <= 0
// gives row 0, xi >= n the last row, else row int(xi), theta = xi - row.
// NaN maps to row 0.
func (t *rateTable) locate(v float64) (off int, theta float64) {
	xi := t.mfac * (v - t.tmin)
	switch {
	case !(xi > 0):
		return 0, 0
	case xi >= float64(t.n):
		return t.n * t.ncol, 0
	}
	i := int(xi)
	return i * t.ncol, xi - float64(i)
}

// col returns column c interpolated at (off, theta) from locate.
func (t *rateTable) col(off int, theta float64, c int) float64 {
	lo := t.data[off+c]
	return lo + theta*(t.data[off+t.ncol+c]-lo)
}

// checkFinite returns an error unless x is finite.
func checkFinite(ch, param string, x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("channels: %s: %s = %v, want a finite value", ch, param, x)
	}
	return nil
}

// checkNonNeg returns an error unless x is finite and >= 0.
func checkNonNeg(ch, param string, x float64) error {
	if !(x >= 0) || math.IsInf(x, 1) {
		return fmt.Errorf("channels: %s: %s = %v, want a finite value >= 0", ch, param, x)
	}
	return nil
}

// checkPos returns an error unless x is finite and > 0.
func checkPos(ch, param string, x float64) error {
	if !(x > 0) || math.IsInf(x, 1) {
		return fmt.Errorf("channels: %s: %s = %v, want a finite value > 0", ch, param, x)
	}
	return nil
}

// checkCelsius returns an error unless c is a finite temperature above
// absolute zero.
func checkCelsius(ch string, c float64) error {
	if !(c > -273.15) || math.IsInf(c, 1) {
		return fmt.Errorf("channels: %s: celsius = %v, want a finite temperature > -273.15", ch, c)
	}
	return nil
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

package channels

import (
	"fmt"
	"math"
	"strings"
)

// Gate is one gating variable of a Generic channel, given by its rate
// functions of the membrane potential (mV) in one of two forms: Alpha and
// Beta (opening and closing rates, 1/ms; then inf = alpha/(alpha+beta) and
// tau = 1/(alpha+beta)), or Inf and Tau (steady state, dimensionless, and
// time constant, ms). Exactly one form must be given. The gate enters the
// conductance raised to Power.
type Gate struct {
	Name  string // e.g. "m"; unique within the channel, no spaces or dots
	Power int    // exponent in the conductance, >= 1

	Alpha, Beta func(vMV float64) float64 // rates, 1/ms
	Inf, Tau    func(vMV float64) float64 // steady state (1) and time constant (ms)
}

// TableSpec is NMODL's TABLE ... FROM VMinMV TO VMaxMV WITH Steps: the
// steady states and time constants of every gate are computed at the
// Steps+1 voltages VMinMV + i (VMaxMV - VMinMV)/Steps and interpolated
// linearly in between; outside the range the end values are used, as
// NEURON does with usetable = 1. hh.mod uses {-100, 100, 200}.
type TableSpec struct {
	VMinMV, VMaxMV float64
	Steps          int
}

// GenericSpec describes a channel by its rate functions, NEURON's
//
//	g = GBarScm2 * prod_g gate_g^Power_g,  i = g (v - EMV)
//
// with every gate advanced by the exact exponential step (cnexp). Temp
// multiplies every rate (divides every time constant): the temperature
// factor q10^((celsius - celsiusRef)/10), see Q10Factor; zero means 1.
// Table, when not nil, tabulates the rates as NEURON's TABLE statement.
type GenericSpec struct {
	Name     string // channel name, e.g. "hh_na"; no spaces or dots
	GBarScm2 float64
	EMV      float64
	Gates    []Gate
	Temp     float64
	Table    *TableSpec
}

// Q10Factor returns q10^((celsius - refCelsius)/10), the factor by which
// rates measured at refCelsius are scaled at celsius (hh.mod's
// 3^((celsius - 6.3)/10) is Q10Factor(3, celsius, 6.3)).
func Q10Factor(q10, celsius, refCelsius float64) float64 {
	return math.Pow(q10, (celsius-refCelsius)/10)
}

// Generic is a channel built from rate functions by NewGeneric. It
// implements Channel for point cells (Cell, sim.ConductanceCell) and
// compartments (package morph) alike. Without a table every Init and
// Advance calls the rate functions of each gate once per cell; with a table
// they are looked up and interpolated.
type Generic struct {
	name   string
	gBar   float64
	e      float64
	q      float64
	gates  []Gate
	power  []int
	gnames []string
	tab    *rateTable // columns inf, tau of each gate
}

// NewGeneric checks spec and returns its channel. With a Table, the rates
// are evaluated at every table voltage and must be finite there, with
// tau > 0 and 0 <= inf <= 1; an error names the gate and voltage.
func NewGeneric(spec GenericSpec) (*Generic, error) {
	name := spec.Name
	if name == "" || strings.ContainsAny(name, " .\t\n") {
		return nil, fmt.Errorf("channels: generic channel name %q, want a non-empty name without spaces or dots", name)
	}
	q := spec.Temp
	if q == 0 {
		q = 1
	}
	if err := firstErr(checkNonNeg(name, "GBarScm2", spec.GBarScm2), checkFinite(name, "EMV", spec.EMV),
		checkPos(name, "Temp", q)); err != nil {
		return nil, err
	}
	c := &Generic{name: name, gBar: spec.GBarScm2, e: spec.EMV, q: q, gates: append([]Gate(nil), spec.Gates...)}
	seen := map[string]bool{}
	for j, g := range c.gates {
		if g.Name == "" || strings.ContainsAny(g.Name, " .\t\n") {
			return nil, fmt.Errorf("channels: %s: Gates[%d]: name %q, want a non-empty name without spaces or dots", name, j, g.Name)
		}
		if seen[g.Name] {
			return nil, fmt.Errorf("channels: %s: two gates named %q", name, g.Name)
		}
		seen[g.Name] = true
		if g.Power < 1 {
			return nil, fmt.Errorf("channels: %s: gate %s: Power = %d, want >= 1", name, g.Name, g.Power)
		}
		ab := g.Alpha != nil || g.Beta != nil
		it := g.Inf != nil || g.Tau != nil
		switch {
		case ab && it:
			return nil, fmt.Errorf("channels: %s: gate %s has both Alpha/Beta and Inf/Tau; give one form", name, g.Name)
		case ab && (g.Alpha == nil || g.Beta == nil):
			return nil, fmt.Errorf("channels: %s: gate %s: Alpha and Beta must both be given", name, g.Name)
		case it && (g.Inf == nil || g.Tau == nil):
			return nil, fmt.Errorf("channels: %s: gate %s: Inf and Tau must both be given", name, g.Name)
		case !ab && !it:
			return nil, fmt.Errorf("channels: %s: gate %s has no rate functions (Alpha/Beta or Inf/Tau)", name, g.Name)
		}
		c.power = append(c.power, g.Power)
		c.gnames = append(c.gnames, g.Name)
	}
	if t := spec.Table; t != nil {
		if math.IsNaN(t.VMinMV) || math.IsInf(t.VMinMV, 0) || math.IsNaN(t.VMaxMV) || math.IsInf(t.VMaxMV, 0) || !(t.VMaxMV > t.VMinMV) || t.Steps < 1 {
			return nil, fmt.Errorf("channels: %s: Table %+v, want finite VMinMV < VMaxMV and Steps >= 1", name, *t)
		}
		var bad error
		ng := len(c.gates)
		c.tab = newRateTable(t.VMinMV, t.VMaxMV, t.Steps, 2*ng, func(v float64, row []float64) {
			for j := range c.gates {
				inf, tau := c.rates(j, v)
				if bad == nil && !(inf >= 0 && inf <= 1 && tau > 0 && !math.IsInf(tau, 0)) {
					bad = fmt.Errorf("channels: %s: gate %s at %g mV: inf = %g, tau = %g ms, want 0 <= inf <= 1 and a finite tau > 0", name, c.gates[j].Name, v, inf, tau)
				}
				row[2*j], row[2*j+1] = inf, tau
			}
		})
		if bad != nil {
			return nil, bad
		}
	}
	return c, nil
}

// rates returns the steady state and time constant of gate j at v from its
// rate functions, in hh.mod's operations for the alpha/beta form:
// inf = alpha/(alpha+beta), tau = 1/(q (alpha+beta)).
func (c *Generic) rates(j int, v float64) (inf, tau float64) {
	g := &c.gates[j]
	if g.Alpha != nil {
		a := g.Alpha(v)
		sum := a + g.Beta(v)
		return a / sum, 1 / (c.q * sum)
	}
	return g.Inf(v), g.Tau(v) / c.q
}

// Name returns the channel's name.
func (c *Generic) Name() string { return c.name }

// GateNames returns the gates' names in the order of the spec.
func (c *Generic) GateNames() []string { return append([]string(nil), c.gnames...) }

// Tabulated reports whether the rates are looked up in a table.
func (c *Generic) Tabulated() bool { return c.tab != nil }

// Init implements Channel.
func (c *Generic) Init(gates [][]float64, vMV []float64, lo, hi int) {
	for j := range c.gates {
		x := gates[j]
		if c.tab != nil {
			for k := lo; k < hi; k++ {
				off, th := c.tab.locate(vMV[k])
				x[k] = c.tab.col(off, th, 2*j)
			}
			continue
		}
		for k := lo; k < hi; k++ {
			x[k], _ = c.rates(j, vMV[k])
		}
	}
}

// Current implements Channel: g = gbar times each gate to its power, in
// the order of the gates (hh.mod's gnabar*m*m*m*h), i += g (v - e),
// di/dv += g.
func (c *Generic) Current(gates [][]float64, vMV []float64, _ float64, iMAcm2, didvScm2 []float64, lo, hi int) {
	v, i, gs := vMV[lo:hi], iMAcm2[lo:hi], didvScm2[lo:hi]
	switch {
	case len(c.gates) == 0:
		for k := range v {
			i[k] += c.gBar * (v[k] - c.e)
			gs[k] += c.gBar
		}
		return
	case len(c.gates) == 1:
		x := gates[0][lo:hi]
		x = x[:len(v)]
		p := c.power[0]
		for k := range v {
			g := c.gBar
			for range p {
				g *= x[k]
			}
			i[k] += g * (v[k] - c.e)
			gs[k] += g
		}
		return
	}
	if len(c.gates) == 2 {
		x0, x1 := gates[0][lo:hi], gates[1][lo:hi]
		x0, x1 = x0[:len(v)], x1[:len(v)]
		p0, p1 := c.power[0], c.power[1]
		for k := range v {
			g := c.gBar
			for range p0 {
				g *= x0[k]
			}
			for range p1 {
				g *= x1[k]
			}
			i[k] += g * (v[k] - c.e)
			gs[k] += g
		}
		return
	}
	for k := range v {
		g := c.gBar
		for j, p := range c.power {
			x := gates[j][lo+k]
			for range p {
				g *= x
			}
		}
		i[k] += g * (v[k] - c.e)
		gs[k] += g
	}
}

// Advance implements Channel: x <- x + (1 - exp(-dt/tau)) (inf - x) for
// every gate with the rates at vMV (cnexp).
func (c *Generic) Advance(gates [][]float64, vMV []float64, dtMs float64, lo, hi int) {
	if t := c.tab; t != nil {
		ng := len(c.gates)
		data, nc := t.data, t.ncol
		if ng == 1 {
			x := gates[0][lo:hi]
			for k, vk := range vMV[lo:hi] {
				off, th := t.locate(vk)
				r0, r1 := data[off:off+2], data[off+nc:off+nc+2]
				x[k] = cnexp(x[k], r0[0]+th*(r1[0]-r0[0]), r0[1]+th*(r1[1]-r0[1]), dtMs)
			}
			return
		}
		for k := lo; k < hi; k++ {
			off, th := t.locate(vMV[k])
			r0, r1 := data[off:off+nc], data[off+nc:off+2*nc]
			for j := 0; j < ng; j++ {
				x := gates[j]
				inf := r0[2*j] + th*(r1[2*j]-r0[2*j])
				tau := r0[2*j+1] + th*(r1[2*j+1]-r0[2*j+1])
				x[k] = cnexp(x[k], inf, tau, dtMs)
			}
		}
		return
	}
	for j := range c.gates {
		x := gates[j]
		for k := lo; k < hi; k++ {
			inf, tau := c.rates(j, vMV[k])
			x[k] = cnexp(x[k], inf, tau, dtMs)
		}
	}
}

// HHGates returns the gates m^3 h of hh.mod's sodium current (Na: true) or
// n^4 of its potassium current, as rate functions for GenericSpec: hh.mod's
// alpha and beta at 6.3 degrees C (use Temp = Q10Factor(3, celsius, 6.3)
// for another temperature). NewGeneric with them reproduces HHNa and HHK.
func HHGates(na bool) []Gate {
	if na {
		return []Gate{
			{Name: "m", Power: 3,
				Alpha: func(v float64) float64 { return .1 * vtrap(-(v+40), 10) },
				Beta:  func(v float64) float64 { return 4 * math.Exp(-(v+65)/18) }},
			{Name: "h", Power: 1,
				Alpha: func(v float64) float64 { return .07 * math.Exp(-(v+65)/20) },
				Beta:  func(v float64) float64 { return 1 / (math.Exp(-(v+35)/10) + 1) }},
		}
	}
	return []Gate{{Name: "n", Power: 4,
		Alpha: func(v float64) float64 { return .01 * vtrap(-(v+55), 10) },
		Beta:  func(v float64) float64 { return .125 * math.Exp(-(v+65)/80) }}}
}

// Vtrap is x/(exp(x/y) - 1) with the removable singularity at x = 0
// replaced by its first-order expansion, as hh.mod's vtrap: the building
// block of many alpha/beta rate functions.
func Vtrap(x, y float64) float64 { return vtrap(x, y) }

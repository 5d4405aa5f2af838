package channels

import (
	"fmt"
)

// Cell is a single-compartment (point) cell model: a membrane with
// capacitance and area carrying a list of channels. It holds no state; see
// Population for the state of n such cells.
type Cell struct {
	Name        string    // model name, for messages
	CmUFcm2     float64   // specific membrane capacitance, uF/cm2, > 0
	AreaUm2     float64   // membrane area, um2, > 0; point currents are divided by it
	Channels    []Channel // membrane mechanisms, with distinct names
	ThresholdMV float64   // spike threshold, mV: a spike is v_n < ThresholdMV <= v_{n+1}
	VInitMV     float64   // initial membrane potential, mV (NEURON's finitialize(v_init))
}

// Validate returns an error describing the first invalid field of c, or nil.
func (c *Cell) Validate() error {
	if c == nil {
		return fmt.Errorf("channels: nil cell")
	}
	name := c.Name
	if name == "" {
		name = "cell"
	}
	if err := firstErr(checkPos(name, "CmUFcm2", c.CmUFcm2), checkPos(name, "AreaUm2", c.AreaUm2),
		checkFinite(name, "ThresholdMV", c.ThresholdMV), checkFinite(name, "VInitMV", c.VInitMV)); err != nil {
		return err
	}
	seen := make(map[string]bool, len(c.Channels))
	for j, ch := range c.Channels {
		if ch == nil {
			return fmt.Errorf("channels: %s: Channels[%d] is nil", name, j)
		}
		if seen[ch.Name()] {
			return fmt.Errorf("channels: %s: two channels named %q", name, ch.Name())
		}
		seen[ch.Name()] = true
	}
	return nil
}

// PointToDensity returns the factor converting a point current in nA (or a
// point conductance in uS) on a membrane of area areaUm2 to a density in
// mA/cm2 (S/cm2): 100/areaUm2, as NEURON's 1e2/area. It is
// 1e-6/area[cm2].
func PointToDensity(areaUm2 float64) float64 { return 1e2 / areaUm2 }

// Input is the drive of one step for the cells of a Population. Each slice
// is indexed like Population.V and must be at least hi long for a step of
// cells [lo, hi); a nil slice means zero for every cell.
type Input struct {
	// INA is the injected current (nA, positive depolarising, NEURON's
	// IClamp sign) evaluated by the caller at the middle of the step,
	// t_n + dt/2.
	INA []float64

	// GSynUS is the total synaptic conductance (uS) and GSynEUSMV the sum of
	// each synaptic conductance times its reversal potential (uS*mV), so
	// that the synaptic current is GSynUS*v - GSynEUSMV (nA, outward
	// positive). Both are the values after the events of the step have been
	// delivered (Exp2Syn: g = B - A).
	GSynUS    []float64
	GSynEUSMV []float64
}

// Population is the state of n cells of one Cell model, stored as a
// structure of arrays: V[k] is the membrane potential of cell k and each
// channel's gates are slices over the cells. Distinct ranges of cells may be
// stepped concurrently.
type Population struct {
	// V holds the membrane potentials, mV.
	V []float64

	cell      Cell
	gates     [][][]float64 // [channel][gate][cell]
	iBuf      []float64     // mA/cm2 scratch
	gBuf      []float64     // S/cm2 scratch
	mfact     float64       // nA -> mA/cm2
	gateIndex map[string][2]int
}

// NewPopulation returns n cells of model c, initialised at c.VInitMV with
// every gate at its steady state. The population keeps a copy of c (and of
// its channel list); later changes to c do not affect it.
func NewPopulation(c *Cell, n int) (*Population, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, fmt.Errorf("channels: NewPopulation: n = %d, want n >= 0", n)
	}
	p := &Population{
		V:         make([]float64, n),
		cell:      *c,
		gates:     make([][][]float64, len(c.Channels)),
		iBuf:      make([]float64, n),
		gBuf:      make([]float64, n),
		mfact:     PointToDensity(c.AreaUm2),
		gateIndex: make(map[string][2]int),
	}
	p.cell.Channels = append([]Channel(nil), c.Channels...)
	for j, ch := range p.cell.Channels {
		names := ch.GateNames()
		p.gates[j] = make([][]float64, len(names))
		for g, gn := range names {
			p.gates[j][g] = make([]float64, n)
			p.gateIndex[ch.Name()+"."+gn] = [2]int{j, g}
		}
	}
	p.Init(c.VInitMV)
	return p, nil
}

// Len returns the number of cells.
func (p *Population) Len() int { return len(p.V) }

// Cell returns a copy of the population's cell model.
func (p *Population) Cell() Cell {
	c := p.cell
	c.Channels = append([]Channel(nil), p.cell.Channels...)
	return c
}

// Init sets every cell to vMV with its gates at steady state, as NEURON's
// finitialize(vMV).
func (p *Population) Init(vMV float64) {
	for k := range p.V {
		p.V[k] = vMV
	}
	p.InitRange(0, len(p.V))
}

// InitRange sets the gates of cells [lo, hi) to their steady state at the
// present V[k], so that cells may start from different potentials.
func (p *Population) InitRange(lo, hi int) {
	for j, ch := range p.cell.Channels {
		ch.Init(p.gates[j], p.V, lo, hi)
	}
}

// Gates returns the gate slices of channel j of the cell model (in the
// order of its GateNames); they alias the population's state.
func (p *Population) Gates(j int) [][]float64 { return p.gates[j] }

// Gate returns the slice of the gate named "channel.gate" (for example
// "hh_na.m", "stellate_h.hf"), aliasing the population's state.
func (p *Population) Gate(name string) ([]float64, error) {
	ix, ok := p.gateIndex[name]
	if !ok {
		return nil, fmt.Errorf("channels: %s has no gate %q", p.cell.Name, name)
	}
	return p.gates[ix[0]][ix[1]], nil
}

// Step advances cells [lo, hi) one fixed step from tMs to tMs + dtMs (ms)
// by NEURON's scheme (secondorder = 0; see the package documentation):
// currents and slopes at V and t + dt/2, a linearly implicit solve for the
// new V including the injected and synaptic currents of in, then the gates
// advanced with the new V. It appends to spikes the index of each cell
// whose potential crossed the threshold upwards (V_n < ThresholdMV <=
// V_{n+1}; the spike time is tMs + dtMs) in increasing order, and returns
// the extended slice; it does not allocate when spikes has capacity for
// them. dtMs must be positive.
func (p *Population) Step(lo, hi int, tMs, dtMs float64, in Input, spikes []int) []int {
	if lo >= hi {
		return spikes
	}
	v := p.V[lo:hi]
	ib, gb := p.iBuf[lo:hi], p.gBuf[lo:hi]
	for k := range ib {
		ib[k] = 0
		gb[k] = 0
	}
	tMid := tMs + 0.5*dtMs
	for j, ch := range p.cell.Channels {
		ch.Current(p.gates[j], p.V, tMid, p.iBuf, p.gBuf, lo, hi)
	}

	mfact := p.mfact
	cfac := 0.001 / dtMs * p.cell.CmUFcm2 // NEURON's cfac*cm, S/cm2
	thr := p.cell.ThresholdMV
	var inj, gs, gse []float64
	if in.INA != nil {
		inj = in.INA[lo:hi]
	}
	if in.GSynUS != nil {
		gs = in.GSynUS[lo:hi]
	}
	if in.GSynEUSMV != nil {
		gse = in.GSynEUSMV[lo:hi]
	}
	k0, spikes := membraneVec(v, ib, gb, inj, gs, gse, mfact, cfac, thr, lo, spikes)
	for k := k0; k < len(v); k++ {
		vo := v[k]
		rhs := -ib[k]
		d := gb[k]
		if inj != nil {
			rhs += inj[k] * mfact
		}
		if gs != nil {
			rhs -= gs[k] * vo * mfact
			d += gs[k] * mfact
		}
		if gse != nil {
			rhs += gse[k] * mfact
		}
		d += cfac
		vn := vo + rhs/d
		v[k] = vn
		if vo < thr && vn >= thr {
			spikes = append(spikes, lo+k)
		}
	}

	for j, ch := range p.cell.Channels {
		ch.Advance(p.gates[j], p.V, dtMs, lo, hi)
	}
	return spikes
}

// Currents evaluates, for cells [lo, hi), the total ionic current density
// (mA/cm2, outward positive) and its slope (S/cm2) at the present state and
// time tMs into iMAcm2 and didvScm2 (overwritten). It is a diagnostic
// (membrane conductance, I-V curves); Step does not need it.
func (p *Population) Currents(lo, hi int, tMs float64, iMAcm2, didvScm2 []float64) {
	for k := lo; k < hi; k++ {
		iMAcm2[k] = 0
		didvScm2[k] = 0
	}
	for j, ch := range p.cell.Channels {
		ch.Current(p.gates[j], p.V, tMs, iMAcm2, didvScm2, lo, hi)
	}
}

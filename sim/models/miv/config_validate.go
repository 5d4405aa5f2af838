package miv

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim/spec"
)

// SWCTypes and SynapseTypes are the ids MiV fixes in code
// (config.SWCTypesDef, config.SynapseTypesDef); Definitions must agree.
var (
	SWCTypes     = map[string]int{"soma": 1, "axon": 2, "basal": 3, "apical": 4, "trunk": 5, "tuft": 6, "ais": 7, "hillock": 8}
	SynapseTypes = map[string]int{"excitatory": 0, "inhibitory": 1, "modulatory": 2}
)

// Proportion tolerance: MiV checks np.isclose(sum, 1), |sum - 1| <=
// atol + rtol·1 with NumPy's defaults.
const (
	proportionAtol = 1e-8
	proportionRtol = 1e-5
)

// maxConfigErrors bounds the errors Validate reports.
const maxConfigErrors = 20

// configValidator collects the errors of a configuration.
type configValidator struct {
	c    *Config
	errs []error
}

func (v *configValidator) add(err *ConfigError) {
	if len(v.errs) < maxConfigErrors {
		v.errs = append(v.errs, err)
	}
}

// Validate checks the configuration as MiV does when it reads it and
// when it builds the network, before anything is built: every
// population, layer, section type, synapse type and mechanism named
// exists in Definitions (or Connection Generator); every layer that
// holds cells has a box in Geometry; every population of Definitions
// has a cell distribution and a cell type; proportions of each
// postsynaptic (type, section, layer) sum to 1 within MiV's tolerance
// (np.isclose); every presynaptic population has an axon extent for the
// layers it projects to and a conduction velocity; counts, extents,
// widths, velocities, densities, fractions are in range. The errors (at
// most 20) name the file, the key path and the value.
func (c *Config) Validate() error {
	v := &configValidator{c: c}
	c.Warnings = nil
	v.definitions()
	v.geometry()
	v.connections()
	v.gapJunctions()
	v.cellTypes()
	v.recording()
	v.stimulus()
	return errors.Join(v.errs...)
}

// member checks that name is in a table of Definitions (or another
// map), naming the closest entry otherwise.
func (v *configValidator) member(at Location, what, name string, table []string, tableName string) bool {
	for _, t := range table {
		if t == name {
			return true
		}
	}
	msg := fmt.Sprintf("%s %q is not in %s (%s)", what, name, tableName, strings.Join(table, ", "))
	if c := spec.Closest(name, table); c != "" {
		msg += fmt.Sprintf("; did you mean %q?", c)
	}
	v.add(at.errorf("%s", msg))
	return false
}

func (v *configValidator) population(at Location, name string) bool {
	return v.member(at, "population", name, v.c.Definitions.Populations.Names(), "Definitions.Populations")
}

func (v *configValidator) layer(at Location, name string) bool {
	return v.member(at, "layer", name, v.c.Definitions.Layers.Names(), "Definitions.Layers")
}

func (v *configValidator) swcType(at Location, name string) bool {
	return v.member(at, "section type", name, v.c.Definitions.SWCTypes.Names(), "Definitions.SWC Types")
}

func (v *configValidator) synapseType(at Location, name string) bool {
	return v.member(at, "synapse type", name, v.c.Definitions.SynapseTypes.Names(), "Definitions.Synapse Types")
}

// definitions checks the tables: ids unique and in the range of the
// files' types, SWC and synapse types as MiV fixes them.
func (v *configValidator) definitions() {
	d := &v.c.Definitions
	for _, tab := range []struct {
		name  string
		m     Map[int]
		max   int
		fixed map[string]int
	}{
		{"SWC Types", d.SWCTypes, 127, SWCTypes},
		{"Synapse Types", d.SynapseTypes, 255, SynapseTypes},
		{"Synapse Mechanisms", d.SynapseMechanisms, math.MaxInt32, nil},
		{"Layers", d.Layers, 127, nil},
		{"Populations", d.Populations, math.MaxUint16, nil},
		{"Input Selectivity Types", d.InputSelectivityTypes, math.MaxInt32, nil},
	} {
		seen := map[int]string{}
		for _, it := range tab.m {
			if it.Value < 0 || it.Value > tab.max {
				v.add(it.At.errorf("id %d out of range [0, %d]", it.Value, tab.max))
			}
			if other, dup := seen[it.Value]; dup {
				v.add(it.At.errorf("id %d is also %q's", it.Value, other))
			}
			seen[it.Value] = it.Name
			if tab.fixed != nil {
				if id, ok := tab.fixed[it.Name]; !ok {
					v.add(it.At.errorf("%q is not one of MiV's %s (%s)", it.Name, tab.name, fixedNames(tab.fixed)))
				} else if id != it.Value {
					v.add(it.At.errorf("id %d, but MiV fixes %s = %d", it.Value, it.Name, id))
				}
			}
		}
	}
	if len(d.Populations) == 0 {
		v.add(&ConfigError{File: v.c.Path, Key: "Definitions.Populations", Msg: "no populations"})
	}
}

func fixedNames(m map[string]int) string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Slice(names, func(a, b int) bool { return m[names[a]] < m[names[b]] })
	return strings.Join(names, ", ")
}

// geometry checks layer extents, cell distributions and constraints.
func (v *configValidator) geometry() {
	g := &v.c.Geometry
	for _, it := range g.ParametricSurface.LayerExtents {
		if strings.HasPrefix(it.Name, "@") {
			v.add(it.At.errorf("%q: placement by a Python callable is not supported", it.Name))
			continue
		}
		v.layer(it.At, it.Name)
		e := it.Value
		for a, axis := range "UVL" {
			if !(e.MinUm[a] < e.MaxUm[a]) {
				v.add(it.At.errorf("%c extent [%g, %g] µm: want min < max", axis, e.MinUm[a], e.MaxUm[a]))
			}
		}
	}
	for _, pop := range g.CellDistribution {
		if strings.HasPrefix(pop.Name, "@") {
			v.add(pop.At.errorf("%q: placement by a Python callable is not supported", pop.Name))
			continue
		}
		v.population(pop.At, pop.Name)
		for _, l := range pop.Value {
			if strings.HasPrefix(l.Name, "@") {
				v.add(l.At.errorf("%q: placement by a Python callable is not supported", l.Name))
				continue
			}
			if !v.layer(l.At, l.Name) {
				continue
			}
			if l.Value < 0 {
				v.add(l.At.errorf("count %d: want >= 0", l.Value))
			}
			if l.Value > 0 {
				if _, ok := g.ParametricSurface.LayerExtents.Get(l.Name); !ok {
					v.add(l.At.errorf("%d cells in layer %s, which has no geometry (Geometry.Parametric Surface.Layer Extents has %s)",
						l.Value, l.Name, strings.Join(g.ParametricSurface.LayerExtents.Names(), ", ")))
				}
			}
		}
	}
	// MiV's create_neural_h5 refuses a defined population without a
	// distribution.
	for _, p := range v.c.Definitions.Populations {
		if _, ok := g.CellDistribution.Get(p.Name); !ok {
			v.add(p.At.errorf("population %s has no Geometry.Cell Distribution entry", p.Name))
		}
	}
	total := 0
	for _, pr := range v.c.PopulationRanges() {
		total += pr.Count
	}
	if total > math.MaxUint32 {
		v.add(&ConfigError{File: v.c.Path, Key: "Geometry.Cell Distribution", Msg: fmt.Sprintf("%d cells: more than gids hold", total)})
	}
	for _, pop := range g.CellConstraints {
		if _, ok := v.c.Definitions.Populations.Get(pop.Name); !ok {
			v.c.Warnings = append(v.c.Warnings, fmt.Sprintf("%s:%d: %s: population %q is not defined: MiV ignores the constraint",
				pop.At.File, pop.At.Line, pop.At.Key, pop.Name))
		}
		dist, _ := g.CellDistribution.Get(pop.Name)
		for _, l := range pop.Value {
			if !v.layer(l.At, l.Name) {
				continue
			}
			r := l.Value
			if !(r[0] <= r[1]) {
				v.add(l.At.errorf("L range [%g, %g] µm: want min <= max", r[0], r[1]))
				continue
			}
			n, _ := dist.Get(l.Name)
			e, ok := g.ParametricSurface.LayerExtents.Get(l.Name)
			if n > 0 && ok && (r[1] < e.MinUm[2] || r[0] > e.MaxUm[2]) {
				v.add(l.At.errorf("L range [%g, %g] µm lies outside layer %s's L extent [%g, %g] µm, where %s has %d cells",
					r[0], r[1], l.Name, e.MinUm[2], e.MaxUm[2], pop.Name, n))
			}
		}
	}
}

// connections checks the Connection Generator.
func (v *configValidator) connections() {
	cg := &v.c.ConnectionGenerator
	for _, it := range cg.SynapseMechanisms {
		if len(v.c.Definitions.SynapseMechanisms) > 0 {
			v.member(it.At, "mechanism", it.Name, v.c.Definitions.SynapseMechanisms.Names(), "Definitions.Synapse Mechanisms")
		}
		v.member(it.At, "point process", it.Value, cg.SynapseParameterRules.Names(), "Connection Generator.Synapse Parameter Rules")
	}
	for _, r := range cg.SynapseParameterRules {
		for _, p := range r.Value.NetconParams {
			if p.Value < 0 {
				v.add(p.At.errorf("NetCon weight slot %d: want >= 0", p.Value))
			}
		}
	}
	for _, pop := range cg.AxonExtent {
		v.population(pop.At, pop.Name)
		for _, l := range pop.Value {
			if l.Name != "default" {
				v.layer(l.At, l.Name)
			}
			w, o := l.Value.WidthUm, l.Value.OffsetUm
			for a, axis := range "UV" {
				if !(w[a] > 0) {
					v.add(l.At.errorf("width along %c %g µm: want > 0", axis, w[a]))
				} else if !(w[a]/2-o[a] > 0) {
					v.add(l.At.errorf("offset along %c %g µm: want less than half the width (%g µm)", axis, o[a], w[a]/2))
				}
			}
		}
	}
	for _, it := range cg.ConnectionVelocityUmPerMs {
		v.population(it.At, it.Name)
		if !(it.Value > 0) {
			v.add(it.At.errorf("velocity %g µm/ms: want > 0", it.Value))
		}
	}
	for _, post := range cg.Synapses {
		v.population(post.At, post.Name)
		for _, pre := range post.Value {
			v.projection(pre)
		}
		v.proportions(post)
	}
}

// projection checks one projection spec.
func (v *configValidator) projection(it Item[Projection]) {
	cg := &v.c.ConnectionGenerator
	p, at := it.Value, it.At
	v.population(at, it.Name)
	v.synapseType(Location{at.File, at.Line, at.Key + ".type"}, p.Type)
	if len(p.Sections) != len(p.Layers) || len(p.Sections) != len(p.Proportions) {
		v.add(at.errorf("%d sections, %d layers, %d proportions: want as many of each", len(p.Sections), len(p.Layers), len(p.Proportions)))
	}
	for k, s := range p.Sections {
		v.swcType(Location{at.File, at.Line, fmt.Sprintf("%s.sections[%d]", at.Key, k)}, s)
	}
	for k, l := range p.Layers {
		v.layer(Location{at.File, at.Line, fmt.Sprintf("%s.layers[%d]", at.Key, k)}, l)
	}
	for k, x := range p.Proportions {
		if !(x >= 0 && x <= 1) {
			v.add(at.errorf("proportions[%d] = %g: want in [0, 1]", k, x))
		}
	}
	if p.Contacts < 1 {
		v.add(at.errorf("contacts %d: want >= 1", p.Contacts))
	}
	switch {
	case p.Mechanisms != nil && p.SWCTypeMechanisms != nil:
		v.add(at.errorf("both mechanisms and swctype mechanisms: MiV reads only mechanisms"))
	case p.Mechanisms == nil && p.SWCTypeMechanisms == nil:
		v.add(at.errorf("neither mechanisms nor swctype mechanisms"))
	}
	v.mechanisms(p.Mechanisms)
	for _, s := range p.SWCTypeMechanisms {
		v.swcType(s.At, s.Name)
		v.mechanisms(s.Value)
	}
	// What the connection generator and the runtime look up for the
	// presynaptic population.
	if _, ok := cg.ConnectionVelocityUmPerMs.Get(it.Name); !ok {
		v.add(at.errorf("presynaptic population %s has no Connection Generator.Connection Velocity", it.Name))
	}
	if ext, ok := cg.AxonExtent.Get(it.Name); !ok {
		v.add(at.errorf("presynaptic population %s has no Connection Generator.Axon Extent", it.Name))
	} else if _, ok := ext.Get("default"); !ok {
		for _, l := range p.Layers {
			if _, ok := ext.Get(l); !ok {
				v.add(at.errorf("presynaptic population %s has no Axon Extent for layer %s and no default", it.Name, l))
			}
		}
	}
}

// mechanisms checks a projection's mechanism parameters against the
// rules of the point process each label names.
func (v *configValidator) mechanisms(m Map[Map[float64]]) {
	cg := &v.c.ConnectionGenerator
	for _, mech := range m {
		model, ok := cg.SynapseMechanisms.Get(mech.Name)
		if !v.member(mech.At, "mechanism", mech.Name, cg.SynapseMechanisms.Names(), "Connection Generator.Synapse Mechanisms") || !ok {
			continue
		}
		rule, ok := cg.SynapseParameterRules.Get(model)
		if !ok {
			continue
		}
		allowed := append(append([]string{}, rule.MechParams...), rule.NetconParams.Names()...)
		for _, p := range mech.Value {
			v.member(p.At, model+" parameter", p.Name, allowed, "its mech_params and netcon_params")
		}
	}
}

// proportions checks that the proportions of every (type, section,
// layer) of a postsynaptic population sum to 1 (MiV's
// probabilities_sum_to_one).
func (v *configValidator) proportions(post Item[Map[Projection]]) {
	type triple struct{ typ, sec, layer string }
	var order []triple
	sums := map[triple]float64{}
	terms := map[triple][]string{}
	for _, pre := range post.Value {
		p := pre.Value
		n := min(len(p.Sections), len(p.Layers), len(p.Proportions))
		for k := range n {
			t := triple{p.Type, p.Sections[k], p.Layers[k]}
			if _, ok := sums[t]; !ok {
				order = append(order, t)
			}
			sums[t] += p.Proportions[k]
			terms[t] = append(terms[t], fmt.Sprintf("%s %s", pre.Name, strconv.FormatFloat(p.Proportions[k], 'g', -1, 64)))
		}
	}
	for _, t := range order {
		s := sums[t]
		if !(math.Abs(s-1) <= proportionAtol+proportionRtol) {
			v.add(post.At.errorf("proportions of (%s, %s, %s) sum to %s (%s); want 1 within MiV's tolerance (np.isclose: %g)",
				t.typ, t.sec, t.layer, strconv.FormatFloat(s, 'g', 12, 64), strings.Join(terms[t], " + "), proportionAtol+proportionRtol))
		}
	}
}

// gapJunctions checks the gap-junction configuration (SPEC 2.9).
func (v *configValidator) gapJunctions() {
	gj := v.c.ConnectionGenerator.GapJunctions
	if gj == nil {
		return
	}
	for _, a := range gj.Locations {
		v.population(a.At, a.Name)
		for _, b := range a.Value {
			v.population(b.At, b.Name)
			for k, s := range b.Value {
				v.swcType(Location{b.At.File, b.At.Line, fmt.Sprintf("%s[%d]", b.At.Key, k)}, s)
			}
			// MiV looks the pair up in both tables.
			for _, tab := range []struct {
				name string
				m    Map[Map[float64]]
			}{{"Connection Probabilities", gj.ConnectionProbabilities}, {"Coupling Coefficients", gj.CouplingCoefficients}} {
				row, _ := tab.m.Get(a.Name)
				if _, ok := row.Get(b.Name); !ok {
					v.add(b.At.errorf("the pair (%s, %s) has no Gap Junctions.%s", a.Name, b.Name, tab.name))
				}
			}
		}
	}
	for _, a := range gj.ConnectionProbabilities {
		for _, b := range a.Value {
			if !(b.Value >= 0 && b.Value <= 1) {
				v.add(b.At.errorf("probability %g: want in [0, 1]", b.Value))
			}
		}
	}
	for _, a := range gj.CouplingCoefficients {
		for _, b := range a.Value {
			if !(b.Value >= 0) {
				v.add(b.At.errorf("coupling coefficient %g: want >= 0", b.Value))
			}
		}
	}
	// MiV fits each table with a cubic polynomial (np.polyfit, degree 3).
	for _, tab := range []struct {
		name string
		t    DistanceTable
	}{{"Connection Weights", gj.ConnectionWeights}, {"Coupling Weights", gj.CouplingWeights}} {
		if len(tab.t) < 4 {
			v.add(&ConfigError{File: v.c.Path, Key: "Connection Generator.Gap Junctions." + tab.name,
				Msg: fmt.Sprintf("%d distances: MiV fits a cubic, want at least 4", len(tab.t))})
		}
		for i := 1; i < len(tab.t); i++ {
			if tab.t[i].DistanceUm == tab.t[i-1].DistanceUm {
				v.add(&ConfigError{File: v.c.Path, Key: "Connection Generator.Gap Junctions." + tab.name,
					Msg: fmt.Sprintf("distance %g µm given twice", tab.t[i].DistanceUm)})
			}
		}
	}
}

// cellTypes checks templates and synapse densities.
func (v *configValidator) cellTypes() {
	for _, ct := range v.c.CellTypes {
		v.population(ct.At, ct.Name)
		c := ct.Value
		if c.Template == "" && c.TemplateClass == "" {
			v.add(ct.At.errorf("no template and no template class"))
		}
		for _, sec := range c.Synapses.Density {
			v.swcType(sec.At, sec.Name)
			for _, typ := range sec.Value {
				v.synapseType(typ.At, typ.Name)
				for _, l := range typ.Value {
					if l.Name != "default" {
						v.layer(l.At, l.Name)
					}
					d := l.Value
					if !(d.MeanPerUm >= 0) || !(d.VariancePerUm >= 0) {
						v.add(l.At.errorf("density mean %g, variance %g /µm: want both >= 0", d.MeanPerUm, d.VariancePerUm))
					} else if d.MeanPerUm == 0 && d.VariancePerUm == 0 {
						v.add(l.At.errorf("density mean 0, variance 0: MiV redraws until the density is positive and gives up"))
					}
				}
			}
		}
	}
	for _, p := range v.c.Definitions.Populations {
		if _, ok := v.c.CellTypes.Get(p.Name); !ok {
			v.add(p.At.errorf("population %s has no Cell Types entry", p.Name))
		}
	}
}

// recording checks intracellular profiles and LFP electrodes.
func (v *configValidator) recording() {
	r := v.c.Recording
	if r == nil {
		return
	}
	for _, p := range r.Intracellular {
		pr := p.Value
		if !(pr.Fraction >= 0 && pr.Fraction <= 1) {
			v.add(p.At.errorf("fraction %g: want in [0, 1]", pr.Fraction))
		}
		if !(pr.DtMs >= 0) || pr.Limit < 0 {
			v.add(p.At.errorf("dt %g ms, limit %d: want both >= 0", pr.DtMs, pr.Limit))
		}
		for _, q := range pr.SectionQuantity {
			sq := q.Value
			if len(sq.SWCTypes) == 0 {
				v.add(q.At.errorf("no swc types: MiV records the sections of the types listed"))
			}
			for i, s := range sq.SWCTypes {
				v.swcType(q.At, s)
				if slices.Contains(sq.SWCTypes[:i], s) {
					v.add(q.At.errorf("swc type %s listed twice", s))
				}
			}
			if len(sq.Loc) != 0 && len(sq.Loc) != len(sq.SWCTypes) {
				v.add(q.At.errorf("loc: %d values for %d swc types: give one per swc type (MiV pairs them) or none (0.5)", len(sq.Loc), len(sq.SWCTypes)))
			}
			for _, x := range sq.Loc {
				if !(x >= 0 && x <= 1) {
					v.add(q.At.errorf("loc %g: want in [0, 1]", x))
				}
			}
		}
		for _, q := range pr.SynapticQuantity {
			for _, s := range q.Value.SynTypes {
				v.synapseType(q.At, s)
			}
			for _, s := range q.Value.SWCTypes {
				v.swcType(q.At, s)
			}
			for _, s := range q.Value.Layers {
				v.layer(q.At, s)
			}
			for _, s := range q.Value.Sources {
				v.population(q.At, s)
			}
		}
	}
	for _, e := range r.LFP {
		el := e.Value
		if !(el.RhoOhmCm > 0) || !(el.MaxEDistUm >= 0) || !(el.DtMs > 0) || !(el.Fraction >= 0 && el.Fraction <= 1) {
			v.add(e.At.errorf("rho %g Ω·cm, maxEDist %g µm, dt %g ms, fraction %g: want rho > 0, maxEDist >= 0, dt > 0, fraction in [0, 1]",
				el.RhoOhmCm, el.MaxEDistUm, el.DtMs, el.Fraction))
			continue
		}
		// The cases' electrodes lie outside their volumes, so this is a
		// warning: no soma can be within maxEDist.
		if d, layer := v.c.distanceToLayers(el.PositionUm); layer != "" && d > el.MaxEDistUm {
			v.c.Warnings = append(v.c.Warnings, fmt.Sprintf("%s:%d: %s: the electrode at %v µm is %.4g µm from the nearest layer (%s), beyond maxEDist %g µm: no cell is always included, only the sampled distal fraction contributes",
				e.At.File, e.At.Line, e.At.Key, el.PositionUm, d, layer, el.MaxEDistUm))
		}
	}
}

// distanceToLayers is the distance (µm) from a point to the nearest
// layer box of the geometry (unrotated) and that layer's name ("" if
// there is none).
func (c *Config) distanceToLayers(p [3]float64) (float64, string) {
	best, name := math.Inf(1), ""
	for _, l := range c.Geometry.ParametricSurface.LayerExtents {
		s := 0.
		for a := range 3 {
			lo, hi := l.Value.MinUm[a], l.Value.MaxUm[a]
			switch {
			case p[a] < lo:
				s += (lo - p[a]) * (lo - p[a])
			case p[a] > hi:
				s += (p[a] - hi) * (p[a] - hi)
			}
		}
		if d := math.Sqrt(s); d < best {
			best, name = d, l.Name
		}
	}
	return best, name
}

// stimulus checks the input configuration's populations and
// probabilities.
func (v *configValidator) stimulus() {
	s := v.c.Stimulus
	if s == nil {
		return
	}
	sel := v.c.Definitions.InputSelectivityTypes.Names()
	for _, p := range s.SelectivityTypeProbabilities {
		v.population(p.At, p.Name)
		sum := 0.
		for _, t := range p.Value {
			if len(sel) > 0 {
				v.member(t.At, "selectivity type", t.Name, sel, "Definitions.Input Selectivity Types")
			}
			if !(t.Value >= 0 && t.Value <= 1) {
				v.add(t.At.errorf("probability %g: want in [0, 1]", t.Value))
			}
			sum += t.Value
		}
		if !(math.Abs(sum-1) <= proportionAtol+proportionRtol) {
			v.add(p.At.errorf("selectivity type probabilities sum to %g: want 1", sum))
		}
	}
	for _, p := range s.PeakRateHz {
		v.population(p.At, p.Name)
		for _, t := range p.Value {
			if len(sel) > 0 {
				v.member(t.At, "selectivity type", t.Name, sel, "Definitions.Input Selectivity Types")
			}
			if !(t.Value >= 0) {
				v.add(t.At.errorf("peak rate %g Hz: want >= 0", t.Value))
			}
		}
	}
	if g := s.GlobalOscillation; g != nil {
		for _, p := range g.PhaseModulation {
			v.population(p.At, p.Name)
		}
	}
	for _, a := range s.Arena {
		for k, sx := range a.Value.Domain.Simplices {
			for _, i := range sx {
				if i < 0 || i >= len(a.Value.Domain.VerticesCm) {
					v.add(a.At.errorf("Domain.simplices[%d]: vertex %d of %d", k, i, len(a.Value.Domain.VerticesCm)))
				}
			}
		}
	}
}

// PopulationRange is a population's gids as MiV's h5_types assigns them
// (SPEC 2.1): populations sorted by id, each a contiguous range from 0.
type PopulationRange struct {
	Name  string
	ID    int // Definitions.Populations
	Start int // first gid
	Count int // the sum of the population's Cell Distribution
}

// PopulationRanges returns the gid ranges of the populations of
// Definitions (a population without a distribution counts 0 cells).
func (c *Config) PopulationRanges() []PopulationRange {
	out := make([]PopulationRange, 0, len(c.Definitions.Populations))
	for _, p := range c.Definitions.Populations {
		n := 0
		dist, _ := c.Geometry.CellDistribution.Get(p.Name)
		for _, l := range dist {
			n += l.Value
		}
		out = append(out, PopulationRange{Name: p.Name, ID: p.Value, Count: n})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	start := 0
	for i := range out {
		out[i].Start = start
		start += out[i].Count
	}
	return out
}

// ProjectionPair names a (presynaptic, postsynaptic) population pair.
type ProjectionPair struct {
	Pre, Post string
}

// ValidProjections lists the (pre, post) pairs of Synapses in file
// order: H5Types' Valid population projections (SPEC 2.1).
func (c *Config) ValidProjections() []ProjectionPair {
	var out []ProjectionPair
	for _, post := range c.ConnectionGenerator.Synapses {
		for _, pre := range post.Value {
			out = append(out, ProjectionPair{Pre: pre.Name, Post: post.Name})
		}
	}
	return out
}

package sonata

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/morph"
)

// idSet is a resolved node set: node ids by population.
type idSet map[string]map[uint64]bool

func (s idSet) has(pop string, id uint64) bool { return s[pop][id] }

// resolveSet resolves a node set once per network.
func (n *Network) resolveSet(name string) (idSet, error) {
	if s, ok := n.sets[name]; ok {
		return s, nil
	}
	res, err := n.Sim.Resolve(name)
	if err != nil {
		return nil, err
	}
	s := idSet{}
	for _, sel := range res.Selections {
		m := map[uint64]bool{}
		for _, id := range sel.NodeIDs {
			m[id] = true
		}
		s[sel.Population] = m
	}
	if n.sets == nil {
		n.sets = map[string]idSet{}
	}
	n.sets[name] = s
	return s, nil
}

// pathwayPlan is how the synapses of one edge population are created
// (SPEC 3.10): every afferent edge (connect_all), none, or the edges of
// the matching override blocks (connect_group).
type pathwayPlan struct {
	none   bool
	blocks []overrideSets // connect_group when not empty
}

// overrideSets is an override with its node sets resolved.
type overrideSets struct {
	o              *ConnectionOverride
	source, target idSet
}

// plan chooses how ep's synapses are created: the non-delayed overrides
// whose source selects nodes of ep's source population and whose target
// selects simulated nodes of its target population.
func (n *Network) plan(ep *EdgePopulation) (pathwayPlan, error) {
	var p pathwayPlan
	for i := range n.Sim.Config.ConnectionOverrides {
		o := &n.Sim.Config.ConnectionOverrides[i]
		if o.DelayMS > 0 {
			continue
		}
		src, err := n.resolveSet(o.Source)
		if err != nil {
			return p, fmt.Errorf("sonata: connection override %q: source: %w", o.Name, err)
		}
		tgt, err := n.resolveSet(o.Target)
		if err != nil {
			return p, fmt.Errorf("sonata: connection override %q: target: %w", o.Name, err)
		}
		if len(src[ep.Source]) == 0 {
			continue
		}
		overlap := false
		for id := range tgt[ep.Target] {
			if gid, err := n.gm.Gid(ep.Target, id); err == nil {
				if _, ok := n.simulated[gid]; ok {
					overlap = true
					break
				}
			}
		}
		if overlap {
			p.blocks = append(p.blocks, overrideSets{o: o, source: src, target: tgt})
		}
	}
	if len(p.blocks) == 1 && p.blocks[0].o.Weight == 0 {
		p.none, p.blocks = true, nil
	}
	return p, nil
}

// selectSynapses returns the synapses of syn (afferent to node tgt) that
// the plan creates, in creation order: all of them for connect_all; for
// connect_group, per block, the runs of consecutive edges of a source in
// the block's source set, a connection (source, target) locked after its
// first run, so that later runs of it, in this block or another, are
// dropped (Q4), and sources outside every block are not connected (Q5).
func (p *pathwayPlan) selectSynapses(ep *EdgePopulation, tgt uint64, syn *Synapses) []int {
	if p.none {
		return nil
	}
	if len(p.blocks) == 0 {
		out := make([]int, syn.Len())
		for i := range out {
			out[i] = i
		}
		return out
	}
	var out []int
	locked := map[uint64]bool{}
	for _, b := range p.blocks {
		if !b.target.has(ep.Target, tgt) {
			continue
		}
		for i := 0; i < syn.Len(); {
			j := i + 1
			for j < syn.Len() && syn.Sources[j] == syn.Sources[i] {
				j++
			}
			if src := syn.Sources[i]; b.source.has(ep.Source, src) && !locked[src] {
				for k := i; k < j; k++ {
					out = append(out, k)
				}
				locked[src] = true
			}
			i = j
		}
	}
	return out
}

// configure applies the overrides to the synapses, in list order
// (SPEC 3.10): every matching block sets the weight factor (1 when it
// gives none, Q3), and spontaneous minis, delay override and
// synapse_configure when given; a block with delay > 0 adds a delayed
// weight instead (SPEC 3.8).
func (n *Network) configure(syns []pendingSynapse) error {
	for i := range n.Sim.Config.ConnectionOverrides {
		o := &n.Sim.Config.ConnectionOverrides[i]
		src, err := n.resolveSet(o.Source)
		if err != nil {
			return fmt.Errorf("sonata: connection override %q: source: %w", o.Name, err)
		}
		tgt, err := n.resolveSet(o.Target)
		if err != nil {
			return fmt.Errorf("sonata: connection override %q: target: %w", o.Name, err)
		}
		if err := checkModOverride(o); err != nil {
			return err
		}
		var stmts []configStmt
		if o.SynapseConfigure != "" {
			if stmts, err = parseSynapseConfigure(o.SynapseConfigure); err != nil {
				return fmt.Errorf("sonata: connection override %q: synapse_configure: %w", o.Name, err)
			}
		}
		for k := range syns {
			ps := &syns[k]
			c := &n.Cells[ps.target]
			if !src.has(ps.srcPop, ps.srcNode) || !tgt.has(c.Population, c.Node) {
				continue
			}
			if o.DelayMS > 0 {
				ps.delayTimes = append(ps.delayTimes, o.DelayMS)
				ps.delayWeights = append(ps.delayWeights, o.Weight)
				continue
			}
			ps.weightFactor = o.Weight
			if o.SpontMinisHz != nil {
				r := *o.SpontMinisHz
				ps.minisHz = &r
			}
			if o.SynapseDelayOverrideMS != nil {
				d := *o.SynapseDelayOverrideMS
				ps.delayOverride = &d
			}
			ps.configure = append(ps.configure, stmts...)
		}
	}
	// Delayed weights are kept sorted by delay.
	for k := range syns {
		ps := &syns[k]
		if len(ps.delayTimes) > 1 {
			idx := make([]int, len(ps.delayTimes))
			for i := range idx {
				idx[i] = i
			}
			sort.SliceStable(idx, func(a, b int) bool { return ps.delayTimes[idx[a]] < ps.delayTimes[idx[b]] })
			t, w := make([]float64, len(idx)), make([]float64, len(idx))
			for i, j := range idx {
				t[i], w[i] = ps.delayTimes[j], ps.delayWeights[j]
			}
			ps.delayTimes, ps.delayWeights = t, w
		}
	}
	return nil
}

// configStmt is one statement of a synapse_configure: %s.field op value
// on each synapse, or a GLOBAL = value.
type configStmt struct {
	field  string // the synapse's variable; "" for a global
	op     string // =, +=, -=, *=, /=
	global string // NAME_MECHANISM
	value  float64
}

var (
	configField  = regexp.MustCompile(`^%s\.([A-Za-z_][A-Za-z0-9_]*)\s*(=|\+=|-=|\*=|/=)\s*(\S+)$`)
	configGlobal = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\S+)$`)
	configSplit  = regexp.MustCompile(`(%s\.[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*)\s*(=|\+=|-=|\*=|/=)\s*([-+0-9.eE]+)`)
)

// parseSynapseConfigure reads the forms Golgi supports (SPEC 3.10):
// "%s.<field> (=|+=|-=|*=|/=) <number>" and "<GLOBAL> = <number>",
// separated by whitespace or ";". Anything else is an error.
func parseSynapseConfigure(s string) ([]configStmt, error) {
	var out []configStmt
	prev := 0
	for _, l := range configSplit.FindAllStringIndex(s, -1) {
		// What lies between statements must be separators only.
		if strings.Trim(s[prev:l[0]], " \t\n;") != "" {
			return nil, fmt.Errorf("%q: unsupported statement %q", s, strings.TrimSpace(s[prev:l[0]]))
		}
		st := s[l[0]:l[1]]
		var c configStmt
		var num string
		if m := configField.FindStringSubmatch(st); m != nil {
			c.field, c.op, num = m[1], m[2], m[3]
		} else if m := configGlobal.FindStringSubmatch(st); m != nil {
			c.global, c.op, num = m[1], "=", m[2]
		} else {
			return nil, fmt.Errorf("%q: unsupported statement %q", s, st)
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return nil, fmt.Errorf("%q: %q is not a number", s, num)
		}
		c.value = v
		out = append(out, c)
		prev = l[1]
	}
	if rest := s[prev:]; strings.Trim(rest, " \t\n;") != "" {
		return nil, fmt.Errorf("%q: unsupported statement %q", s, strings.TrimSpace(rest))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%q: no statement", s)
	}
	return out, nil
}

// applyConfigure runs a synapse's synapse_configure statements on its
// point process, after the synapse is made and seeded.
func (n *Network) applyConfigure(ps *pendingSynapse) error {
	if len(ps.configure) == 0 {
		return nil
	}
	t := n.Cells[ps.target].Ref
	g := n.Groups[t.Group]
	ref, err := g.PointProcess(t.Cell, ps.name)
	if err != nil {
		return err
	}
	m, k := g.Mechanism(ref)
	for _, c := range ps.configure {
		if c.global != "" {
			name, ok := strings.CutSuffix(c.global, "_"+m.Name())
			if !ok {
				return fmt.Errorf("sonata: synapse_configure: global %s is not of %s", c.global, m.Name())
			}
			if err := n.setGlobal(m.Name(), name, c.value); err != nil {
				return err
			}
			continue
		}
		x := m.Var(c.field)
		if x == nil {
			return fmt.Errorf("sonata: synapse_configure: %s has no variable %s", m.Name(), c.field)
		}
		switch c.op {
		case "=":
			x[k] = c.value
		case "+=":
			x[k] += c.value
		case "-=":
			x[k] -= c.value
		case "*=":
			x[k] *= c.value
		case "/=":
			x[k] /= c.value
		}
	}
	return nil
}

// setGlobal sets a GLOBAL of a mechanism in every group that has it.
func (n *Network) setGlobal(mechName, name string, v float64) error {
	for _, g := range n.Groups {
		if err := g.SetGlobal(mechName, name, v); err != nil && !errors.Is(err, morph.ErrNoMechanism) {
			return fmt.Errorf("sonata: %w", err)
		}
	}
	return nil
}

// delayedSynapse is a native synapse with delayed weights.
type delayedSynapse interface {
	mech.Mechanism
	SetupDelayVecs(k int, timesMs, weights []float64) error
}

// setupDelayedWeights gives a synapse the delayed weights of the
// overrides with delay > 0 (SPEC 3.8): self events of its presynaptic
// NetCon, so only a synapse with one (a simulated source) gets them.
func (n *Network) setupDelayedWeights(ps *pendingSynapse) error {
	if len(ps.delayTimes) == 0 || !ps.connected {
		return nil
	}
	t := n.Cells[ps.target].Ref
	g := n.Groups[t.Group]
	ref, err := g.PointProcess(t.Cell, ps.name)
	if err != nil {
		return err
	}
	m, k := g.Mechanism(ref)
	d, ok := m.(delayedSynapse)
	if !ok {
		return fmt.Errorf("sonata: %s has no delayed weights", m.Name())
	}
	return d.SetupDelayVecs(k, ps.delayTimes, ps.delayWeights)
}

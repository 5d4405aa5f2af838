package sonata

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sort"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/mech/native"
	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/netcon"
)

// Network is a SONATA simulation built as neurodamus builds it: the
// simulation's cells (BuildEmodel), their synapses from the edge
// populations with SPEC 3.1's parameters and Random123 streams, the
// NetCons between the simulated cells, the current-clamp inputs Golgi
// supports, in CellGroups stepped by sim/netcon.
type Network struct {
	Sim   *Simulation
	Cells []NetworkCell
	// Groups are the cell groups (threads); Net connects them.
	Groups []*morph.CellGroup
	Net    *netcon.Network
	// MechanismSets are the sim/mech sets of the cells' mechanisms
	// (MechanismSet).
	MechanismSets []string
	// Notes say what was skipped or approximated, one sentence each.
	Notes []string

	byGid map[uint64]int // final gid -> index in Cells (this rank's)
	// simulated are the cells of every rank, by final gid.
	simulated map[uint64]popNode
	// Distribution is the assignment of the cells to ranks (nil on one
	// process); comm the ranks' communicator.
	Distribution *Distribution
	comm         Comm

	reports []*frameReport
	// reportDir is where Run streams the reports (StreamReports), or "".
	reportDir string
	// curInput names the input being built, for StimulusTable.
	curInput string
	// curMembrane: the input is a membrane source, not an electrode
	// (represents_physical_electrode false).
	curMembrane bool
	gm          *GidMap
	sets        map[string]idSet // resolved node sets
	syns        []pendingSynapse
	// replay and minis are the events queued (Replay, Minis).
	replay    map[[2]uint64][]float64
	minis     map[int]minisTrain
	neuromods []neuromodEvent
	gaps      []pendingGap
}

// NetworkCell is one simulated cell.
type NetworkCell struct {
	Population string
	Node       uint64 // node id
	Gid        uint64 // final gid (1-based, with the population offset)
	*EmodelCell
	Ref netcon.CellRef
	// Stimuli are the tables the inputs play into the cell, in input
	// order.
	Stimuli []StimulusTable
}

// StimulusTable is the piecewise-linear table an input plays into a cell
// at soma[0](0.5), as neurodamus builds it (SPEC 4.0): values at times
// TMs, linearly interpolated, read at each step's midpoint; a current
// (nA) or, with Conductance, a conductance (uS) towards the input's
// reversal potential.
type StimulusTable struct {
	Input       string
	Conductance bool
	TMs, Value  []float64
}

// BuildNetwork builds the simulation's cells and connections on threads
// cell groups (at least 1). Every input of a module Golgi does not build
// yet, and every connection override, is an error naming it: a run
// without them would not be the configured one.
func BuildNetwork(s *Simulation, threads int) (*Network, error) {
	return BuildNetworkWith(s, BuildOptions{Threads: threads})
}

// BuildOptions are the choices of BuildNetworkWith.
type BuildOptions struct {
	// Threads is the number of cell groups of this rank (at least 1).
	Threads int
	// Comm, if set, distributes the network over its ranks: every rank
	// calls BuildNetworkWith and Run alike, and builds only its cells
	// (Distribute), their synapses, inputs, replay, minis and report
	// elements; spikes are exchanged every shortest delay, and reports
	// are gathered to rank 0.
	Comm Comm
	// Balance is Distribute's method ("" for BalanceCost).
	Balance string
}

// BuildNetworkWith builds the simulation's network with o's choices.
func BuildNetworkWith(s *Simulation, o BuildOptions) (*Network, error) {
	threads := max(o.Threads, 1)
	cfg := s.Config
	if err := checkInputs(cfg); err != nil {
		return nil, err
	}
	inputNotes, err := inputTargetNotes(s)
	if err != nil {
		return nil, err
	}
	cells, err := s.Cells()
	if err != nil {
		return nil, err
	}
	gm, err := s.GidMap()
	if err != nil {
		return nil, err
	}
	n := &Network{Sim: s, byGid: map[uint64]int{}, gm: gm, simulated: map[uint64]popNode{}}
	n.Notes = append(n.Notes, cells.Warnings...)
	n.Notes = append(n.Notes, inputNotes...)
	for _, sel := range cells.Selections {
		for _, id := range sel.NodeIDs {
			gid, err := gm.Gid(sel.Population, id)
			if err != nil {
				return nil, err
			}
			n.simulated[gid] = popNode{sel.Population, id}
		}
	}
	local := func(uint64) bool { return true }
	if o.Comm != nil {
		n.comm = o.Comm
		d, err := Distribute(s, o.Comm.Size(), o.Balance, o.Comm)
		if err != nil {
			return nil, err
		}
		n.Distribution = d
		mine := map[uint64]bool{}
		for _, i := range d.Local(o.Comm.Rank()) {
			mine[d.Cells[i].Gid] = true
		}
		local = func(gid uint64) bool { return mine[gid] }
	}
	var files []string
	for _, sel := range cells.Selections {
		pop := s.Circuit.Node(sel.Population)
		ts, err := pop.ModelTemplates()
		if err != nil {
			return nil, err
		}
		for _, id := range sel.NodeIDs {
			files = append(files, filepath.Join(pop.BiophysicalNeuronModelsDir, ts[id]+".hoc"))
		}
	}
	// Each template once (a circuit has far fewer templates than cells).
	slices.Sort(files)
	files = slices.Compact(files)
	if n.MechanismSets, err = MechanismSet(files); err != nil {
		return nil, err
	}
	n.Notes = append(n.Notes, fmt.Sprintf("mechanisms from the sets %v", n.MechanismSets))
	for _, sel := range cells.Selections {
		pop := s.Circuit.Node(sel.Population)
		for _, id := range sel.NodeIDs {
			gid, err := gm.Gid(sel.Population, id)
			if err != nil {
				return nil, err
			}
			if !local(gid) {
				continue
			}
			e, err := BuildEmodel(pop, int(id), int(id)+1, n.MechanismSets, cfg.Run.IonchannelSeed)
			if err != nil {
				return nil, err
			}
			// Morph holds what the network needs of the template: the
			// interpreter's sections go now, not with the other cells'.
			e.Cell.Release()
			c := e.Morph
			c.VInitMV = cfg.Conditions.VInitMV
			c.ThresholdMV = cfg.Run.SpikeThresholdMV
			if err := n.spikeLocation(e); err != nil {
				return nil, err
			}
			n.byGid[gid] = len(n.Cells)
			n.Cells = append(n.Cells, NetworkCell{Population: sel.Population, Node: id, Gid: gid, EmodelCell: e})
		}
	}
	if err := n.addInputs(); err != nil {
		return nil, err
	}
	if err := n.addModifications(); err != nil {
		return nil, err
	}
	conns, err := n.addSynapses(gm)
	if err != nil {
		return nil, err
	}
	if err := n.configure(conns); err != nil {
		return nil, err
	}
	n.syns = conns
	if err := n.addNeuromodulation(); err != nil {
		return nil, err
	}
	gaps, err := n.addGapJunctions()
	if err != nil {
		return nil, err
	}
	threads = max(1, min(threads, len(n.Cells)))
	if len(gaps) > 0 && threads > 1 {
		// vgap is set within a group: every cell in one.
		threads = 1
		n.Notes = append(n.Notes, "gap junctions: the cells are stepped in one group")
	}
	// Cells round robin over the groups.
	perGroup := make([][]*morph.Cell, threads)
	for i := range n.Cells {
		g := i % threads
		n.Cells[i].Ref = netcon.CellRef{Group: g, Cell: len(perGroup[g])}
		perGroup[g] = append(perGroup[g], n.Cells[i].Morph)
	}
	for _, cs := range perGroup {
		if len(cs) == 0 {
			continue
		}
		g, err := morph.NewCellGroup(cs, cfg.Run.DtMS, cfg.Conditions.CelsiusDegC)
		if err != nil {
			return nil, fmt.Errorf("sonata: %w", err)
		}
		n.Groups = append(n.Groups, g)
		// The group holds every value now: the per-segment values of
		// the templates and the synapses' parameters go before the next
		// group is built.
		for _, c := range cs {
			c.ReleaseBuildData()
		}
	}
	if err := n.configureMechanisms(); err != nil {
		return nil, err
	}
	n.gaps = gaps
	if err := n.linkGapJunctions(gaps); err != nil {
		return nil, err
	}
	for k := range conns {
		pc := &conns[k]
		if err := n.seed(*pc); err != nil {
			return nil, err
		}
		if err := n.applyConfigure(pc); err != nil {
			return nil, err
		}
		if err := n.setupDelayedWeights(pc); err != nil {
			return nil, err
		}
	}
	// Every Random123 stream (stochastic channels too) draws under the
	// run's random_seed (NEURON's Random123_globalindex).
	for _, g := range n.Groups {
		for _, m := range g.Mechanisms() {
			if gi, ok := m.(interface{ SetGlobalIndex(uint32) }); ok {
				gi.SetGlobalIndex(uint32(cfg.Run.RandomSeed))
			}
		}
	}
	// The streams start at sequence 0 from finitialize (the synapses'
	// INITIAL), after seeding.
	for _, g := range n.Groups {
		if err := g.Init(); err != nil {
			return nil, fmt.Errorf("sonata: %w", err)
		}
	}
	var ncs []netcon.Connection
	for _, pc := range conns {
		if !pc.connected {
			continue // a virtual or unsimulated source: no NetCon
		}
		t := n.Cells[pc.target].Ref
		ref, err := n.Groups[t.Group].PointProcess(t.Cell, pc.name)
		if err != nil {
			return nil, err
		}
		ncs = append(ncs, netcon.Connection{SourceGid: pc.sgid, TargetGroup: t.Group, Target: ref,
			DelayMs: pc.netconDelay(), Weight: pc.weights(0)})
	}
	// Cells are named by gid: events are delivered in (time, gid) order
	// whatever the groups and ranks.
	nopt := &netcon.Options{DtMs: cfg.Run.DtMS, Gids: make([][]uint64, len(n.Groups))}
	for _, c := range n.Cells {
		nopt.Gids[c.Ref.Group] = append(nopt.Gids[c.Ref.Group], c.Gid)
	}
	if n.comm != nil {
		nopt.Comm = n.comm
	}
	if n.Net, err = netcon.NewWithOptions(n.Groups, ncs, nopt); err != nil {
		return nil, fmt.Errorf("sonata: %w", err)
	}
	// Replayed spikes and minis: events queued after the groups' Init.
	if err := n.addReplay(); err != nil {
		return nil, err
	}
	if err := n.addMinis(); err != nil {
		return nil, err
	}
	if err := n.addReports(); err != nil {
		return nil, err
	}
	if err := n.bindReports(); err != nil {
		return nil, err
	}
	return n, nil
}

// spikeLocation sets the spike detector as neurodamus does (SPEC 2.2):
// soma[0](1), or axon[1](0.5) with spike_location AIS.
func (n *Network) spikeLocation(e *EmodelCell) error {
	loc := morph.At("soma[0]", 1)
	if n.Sim.Config.Conditions.SpikeLocation == "AIS" {
		loc = morph.At("axon[1]", 0.5)
	}
	if _, ok := e.Morph.Morphology.Index(loc.Section); !ok {
		return fmt.Errorf("sonata: %s: no section %s for the spike detector", e.Morph.Name, loc.Section)
	}
	e.Morph.Spike = &loc
	return nil
}

// pendingSynapse is a synapse placed on a cell, waiting for its group.
type pendingSynapse struct {
	target int // index in Cells
	// connected: the source is a simulated cell (of any rank), so the
	// synapse has a NetCon from it.
	connected bool
	name      string
	mech      string
	delayMS   float64 // the edge's delay on the dt grid
	weightNS  float64 // the edge's conductance
	// Random123 ids of the release stream (SPEC 3.5).
	id1, id2, id3 uint32

	secID      int64   // afferent_section_id
	x          float64 // position on the section
	srcPop     string
	srcNode    uint64
	sgid       uint64 // final gid of the source
	synID      int    // index in the target's afferent edges of its edge population
	inhibitory bool
	spopid     uint32
	tpopid     uint32

	// From the connection overrides (SPEC 3.10).
	weightFactor  float64
	minisHz       *float64
	delayOverride *float64
	configure     []configStmt
	delayTimes    []float64
	delayWeights  []float64
}

// weight is the NetCon weight of the synapse's connection: conductance
// times the override's weight factor (nS).
func (ps *pendingSynapse) weight() float64 { return ps.weightNS * ps.weightFactor }

// weights is a new weight vector of a NetCon onto the synapse: the
// weight and, last, the NetCon type (0 presynaptic, 1 spontaneous mini,
// 2 replay), as long as the mechanism's NET_RECEIVE arguments.
func (ps *pendingSynapse) weights(ncType float64) []float64 {
	n := 5 // ProbAMPANMDA_EMS, ProbGABAAB_EMS
	if ps.mech == "GluSynapse" {
		n = native.NArgsGlu
	}
	w := make([]float64, n)
	w[0], w[n-1] = ps.weight(), ncType
	return w
}

// netconDelay is the synapse_delay_override, or the edge's delay.
func (ps *pendingSynapse) netconDelay() float64 {
	if ps.delayOverride != nil {
		return *ps.delayOverride
	}
	return ps.delayMS
}

// addSynapses places every afferent synapse of every cell (connect_all,
// SPEC 3.10) as a point process with SPEC 3.1's parameters.
func (n *Network) addSynapses(gm *GidMap) ([]pendingSynapse, error) {
	cfg := n.Sim.Config
	var out []pendingSynapse
	plans := map[string]pathwayPlan{}
	mods, err := n.modOverrides()
	if err != nil {
		return nil, err
	}
	rhoStar := 0.
	if len(mods) > 0 {
		if rhoStar, err = n.gluSynapseRhoStar(); err != nil {
			return nil, err
		}
	}
	for ti := range n.Cells {
		c := &n.Cells[ti]
		secByID := c.sectionsByID()
		for _, ep := range n.Sim.Circuit.Edges() {
			if ep.Target != c.Population || ep.Type != Chemical {
				continue
			}
			syn, err := ep.Synapses(c.Node)
			if err != nil {
				return nil, err
			}
			plan, ok := plans[ep.Name]
			if !ok {
				if plan, err = n.plan(ep); err != nil {
					return nil, err
				}
				plans[ep.Name] = plan
			}
			var extra map[string][]float64 // GluSynapseAttributes, read when a synapse needs them
			skipped := 0
			for _, i := range plan.selectSynapses(ep, c.Node, syn) {
				si, ok := secByID[syn.SectionID[i]]
				if !ok {
					skipped++ // on a deleted (replaced) axon section
					continue
				}
				x, err := synapseX(c.Morph.Morphology, si, syn, i)
				if err != nil {
					return nil, fmt.Errorf("sonata: %s: synapse %d of %s: %w", c.Morph.Name, i, ep.Name, err)
				}
				params := map[string]float64{
					"Use": math.Abs(syn.USyn[i]), "Dep": math.Abs(syn.DepressionTimeMS[i]), "Fac": math.Abs(syn.FacilitationTimeMS[i]),
					"conductance": syn.ConductanceNS[i], "synapseID": float64(i),
				}
				if ca := cfg.Conditions.ExtracellularCalciumMM; ca != nil {
					params["Use"] = math.Abs(syn.HillScaledU(i, *ca))
				}
				if syn.NRRPVesicles[i] >= 0 {
					params["Nrrp"] = syn.NRRPVesicles[i]
				}
				mechName := "ProbAMPANMDA_EMS"
				if syn.Inhibitory(i) {
					mechName = "ProbGABAAB_EMS"
					params["tau_d_GABAA"] = syn.DecayTimeMS[i]
					if r := syn.ConductanceScaleFactor[i]; r >= 0 {
						params["GABAB_ratio"] = r
					}
				} else {
					params["tau_d_AMPA"] = syn.DecayTimeMS[i]
					if r := syn.ConductanceScaleFactor[i]; r >= 0 {
						params["NMDA_ratio"] = r
					}
				}
				id1, id2 := uint32(c.Gid+250), uint32(i+100)
				id3 := uint32(int64(PopulationIDHash(ep.Source))*65536 + int64(PopulationIDHash(c.Population)) + cfg.Run.SynapseSeed + 300)
				if modOverrideFor(mods, ep.Source, syn.Sources[i], c.Population, c.Node) == "GluSynapse" {
					// GluSynapseHelper, whatever the synapse's type.
					if extra == nil {
						if extra, err = ep.SynapseAttributes(c.Node, GluSynapseAttributes); err != nil {
							return nil, fmt.Errorf("sonata: modoverride GluSynapse: %w", err)
						}
					}
					mechName = "GluSynapse"
					params = gluSynapseParams(syn, extra, i, cfg.Conditions.ExtracellularCalciumMM, rhoStar)
					id1, id2, id3 = uint32(c.Gid), uint32(100000+i), uint32(cfg.Run.SynapseSeed+200)
				}
				name := fmt.Sprintf("%s#%d", ep.Name, i)
				c.Morph.PointProcesses = append(c.Morph.PointProcesses, morph.PointProcess{Name: name, Mech: mechName,
					At: morph.At(c.Morph.Morphology.Sections[si].Name, x), Params: params})
				ps := pendingSynapse{target: ti, name: name, mech: mechName,
					delayMS: syn.PatchedDelayMS(i, cfg.Run.DtMS), weightNS: syn.ConductanceNS[i],
					id1: id1, id2: id2, id3: id3,
					secID: syn.SectionID[i], x: x,
					srcPop: ep.Source, srcNode: syn.Sources[i], synID: i, inhibitory: syn.Inhibitory(i),
					spopid: uint32(PopulationIDHash(ep.Source)), tpopid: uint32(PopulationIDHash(c.Population)),
					weightFactor: 1}
				if sgid, err := gm.Gid(ep.Source, syn.Sources[i]); err == nil {
					ps.sgid = sgid
					_, ps.connected = n.simulated[sgid]
				}
				out = append(out, ps)
			}
			if skipped > 0 {
				n.Notes = append(n.Notes, fmt.Sprintf("%s: %d synapses of %s on replaced axon sections skipped", c.Morph.Name, skipped, ep.Name))
			}
		}
	}
	return out, nil
}

// synapseX returns the position on section si of synapse i (SPEC 2.4):
// afferent_section_pos clamped to [1e-7, 0.9999999], or from the segment
// id and offset along the section's 3-D points.
func synapseX(m *morph.Morphology, si int, syn *Synapses, i int) (float64, error) {
	clamp := func(x float64) float64 { return min(max(x, 1e-7), 0.9999999) }
	if syn.SectionPos != nil {
		return clamp(syn.SectionPos[i]), nil
	}
	s := &m.Sections[si]
	ipt := int(syn.SegmentID[i])
	arc := 0.
	if len(s.Points) < 2 {
		// A section without 3-D points (a replacement axon section):
		// NEURON's define_shape gives it two, at 0 and L.
		if ipt < 0 || ipt > 1 {
			return 0, fmt.Errorf("afferent_segment_id %d of a section without 3-D points (2 after define_shape)", ipt)
		}
		arc = float64(ipt) * m.Length(si)
	} else {
		if ipt < 0 || ipt >= len(s.Points) {
			return 0, fmt.Errorf("afferent_segment_id %d of a section of %d points", ipt, len(s.Points))
		}
		for k := 1; k <= ipt; k++ {
			a, b := s.Points[k-1], s.Points[k]
			arc += math.Sqrt((b.X-a.X)*(b.X-a.X) + (b.Y-a.Y)*(b.Y-a.Y) + (b.Z-a.Z)*(b.Z-a.Z))
		}
	}
	off := max(syn.SegmentOffsetUM[i], 0)
	return clamp((arc + off) / m.Length(si)), nil
}

// configureMechanisms applies conditions.mechanisms (GLOBALs of the
// synapse mechanisms) to every group that has the mechanism.
func (n *Network) configureMechanisms() error {
	for _, mg := range n.Sim.Config.Conditions.Mechanisms {
		found := false
		for _, g := range n.Groups {
			if err := g.SetGlobal(mg.Suffix, mg.Variable, mg.Value); err == nil {
				found = true
			} else if !errors.Is(err, morph.ErrNoMechanism) {
				return fmt.Errorf("sonata: conditions.mechanisms.%s.%s: %w", mg.Suffix, mg.Variable, err)
			}
		}
		if !found {
			n.Notes = append(n.Notes, fmt.Sprintf("conditions.mechanisms.%s: no cell has %s", mg.Suffix, mg.Suffix))
		}
	}
	return nil
}

// rngSynapse is what seeding needs of a native synapse.
type rngSynapse interface {
	mech.Mechanism
	SetRNG(k int, id1, id2, id3 uint32)
	SetGlobalIndex(gix uint32)
}

// seed gives a synapse its release stream (SPEC 3.5) under the run's
// random_seed.
func (n *Network) seed(pc pendingSynapse) error {
	t := n.Cells[pc.target].Ref
	g := n.Groups[t.Group]
	ref, err := g.PointProcess(t.Cell, pc.name)
	if err != nil {
		return err
	}
	m, k := g.Mechanism(ref)
	r, ok := m.(rngSynapse)
	if !ok {
		return fmt.Errorf("sonata: %s has no Random123 stream", m.Name())
	}
	r.SetGlobalIndex(uint32(n.Sim.Config.Run.RandomSeed))
	r.SetRNG(k, pc.id1, pc.id2, pc.id3)
	return nil
}

// Spike is a spike of a simulated cell.
type Spike struct {
	TMS        float64
	Population string
	Node       uint64
	Gid        uint64
}

// Run runs the network to the simulation's tstop on the groups' threads
// and returns the spikes in time order (then gid).
func (n *Network) Run(ctx context.Context) ([]Spike, error) {
	var out []Spike
	var err error
	if len(n.reports) > 0 {
		out, err = n.runWithReports(ctx, len(n.Groups))
	} else {
		var raw []netcon.Spike
		raw, err = n.Net.Run(ctx, n.Sim.Config.Run.TstopMS, len(n.Groups))
		for _, s := range raw {
			out = append(out, n.spike(s))
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].TMS != out[j].TMS {
			return out[i].TMS < out[j].TMS
		}
		return out[i].Gid < out[j].Gid
	})
	return out, err
}

// spike returns a netcon spike as a Spike of its cell (of any rank).
func (n *Network) spike(s netcon.Spike) Spike {
	c := n.simulated[s.Gid]
	return Spike{TMS: s.TMs, Population: c.pop, Node: c.node, Gid: s.Gid}
}

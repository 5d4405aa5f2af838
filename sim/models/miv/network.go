package miv

import (
	"fmt"
	"slices"

	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/netcon"
)

// Runtime defaults (SPEC 4.3).
const (
	DefaultDtMs        = 0.025
	DefaultVInitMV     = -65.0
	DefaultSecondOrder = 2
	DefaultRecording   = "Network default"
)

// NetworkOptions are the choices of BuildNetwork.
type NetworkOptions struct {
	// TemplatesDir holds the HOC templates (Cell Types.<P>.template).
	TemplatesDir string
	// Threads is the number of cell groups (at least 1; at most one per
	// biophysical cell); results do not depend on it.
	Threads int
	// DtMs is the time step (0: 0.025 ms), VInitMV the initial potential
	// (0: -65 mV), TstopMs the duration (> 0).
	DtMs, VInitMV, TstopMs float64
	// SecondOrder is NEURON's secondorder (0: 2, Crank-Nicolson;
	// -1: 0, backward Euler).
	SecondOrder int
	// StimTrains are the spike times (ms, ascending, >= 0) each STIM gid
	// plays (SPEC 4.2); a gid without a train is silent.
	StimTrains map[int][]float64
	// Recording names the Recording.Intracellular profile recorded
	// (Intracellular: its section and synaptic quantities; "":
	// DefaultRecording if the configuration has it; "none": no
	// intracellular recording).
	Recording string
	// NoLFP leaves out the electrodes of Recording.LFP.
	NoLFP bool
	// Comm, if set, distributes the network over its ranks: every rank
	// calls BuildNetwork and Run alike with the same construction and
	// trains, builds only the biophysical cells Distribute gives it (and
	// their synapses, NetCons and gap junctions), plays every STIM train
	// and exchanges spikes through sim/netcon; Run returns every spike on
	// every rank and gathers the intracellular traces and the
	// electrodes' potentials to rank 0, which then holds what one
	// process records, bit for bit.
	Comm Comm
}

// Network is a MiV network built as MiV's ExecutionEnvironment builds
// it (SPEC 4.1): a cell per biophysical gid from its population's
// template and tree, translated to its soma (Golgi normative, SPEC
// 4.6.3), its synapses and NetCons from the synapse attributes and
// edges; STIM gids as spike sources playing their trains; the cells in
// CellGroups stepped by sim/netcon.
type Network struct {
	Config *Config
	// Cells are the biophysical cells in gid order (with a Comm, this
	// rank's); Stims the spike sources in gid order (all, on every rank).
	Cells []*NetworkCell
	Stims []StimCell
	// Groups are the cell groups (threads); Net connects them.
	Groups []*morph.CellGroup
	Net    *netcon.Network
	// DtMs, VInitMV and TstopMs are the run's.
	DtMs, VInitMV, TstopMs float64
	// PointProcesses is the number of synapse point processes, NetCons
	// the number of NetCons (a synapse has one per mechanism label), of
	// the cells built here.
	PointProcesses, NetCons int
	// GapJunctions is the number of gap junctions (a ggap on each of
	// their two cells) of the cells built here.
	GapJunctions int
	// Intracellular is the recording profile's traces (nil without
	// one); LFP the electrodes. With a Comm, rank 0's hold every cell's
	// samples after Run.
	Intracellular *Intracellular
	LFP           []*Electrode

	byGid   map[int]int // biophysical gid -> index in Cells
	stimGid map[int]int // STIM gid -> index in Stims
	ranges  []PopulationRange
	// comm, with owner (the rank of every biophysical gid), distributes
	// the network.
	comm  Comm
	owner map[int]int
	gaps  []pendingGap
	steps int64 // steps run
}

// NetworkCell is a biophysical cell of a network.
type NetworkCell struct {
	*Cell
	Population string
	// SomaUm is the cell's soma position (X, Y, Z of its somata), where
	// the first point of its first soma section is.
	SomaUm [3]float64
	Ref    netcon.CellRef
	// PointProcesses is the number of its synapse point processes.
	PointProcesses int

	// syn are its synapse attributes (the construction's), for
	// SynapsePoint.
	syn *SynapseAttributes
}

// StimCell is a spike source (VecStim, SPEC 3.1): its gid, position and
// train.
type StimCell struct {
	Population string
	Gid        int
	PosUm      [3]float64
	TrainMs    []float64
}

// BuildNetwork builds the network of cfg from the construction con.
func BuildNetwork(cfg *Config, con *Construction, o NetworkOptions) (*Network, error) {
	if !(o.TstopMs > 0) {
		return nil, fmt.Errorf("miv: tstop %g ms: want a duration > 0", o.TstopMs)
	}
	n := &Network{Config: cfg, DtMs: o.DtMs, VInitMV: o.VInitMV, TstopMs: o.TstopMs, byGid: map[int]int{}, stimGid: map[int]int{},
		ranges: cfg.PopulationRanges()}
	if n.DtMs == 0 {
		n.DtMs = DefaultDtMs
	}
	if !(n.DtMs > 0) {
		return nil, fmt.Errorf("miv: dt %g ms: want > 0", n.DtMs)
	}
	if n.VInitMV == 0 {
		n.VInitMV = DefaultVInitMV
	}
	so := o.SecondOrder
	switch so {
	case 0:
		so = DefaultSecondOrder
	case -1:
		so = 0
	}
	if con == nil {
		return nil, fmt.Errorf("miv: no construction")
	}
	for gid, ts := range o.StimTrains {
		if err := checkTrain(gid, ts); err != nil {
			return nil, err
		}
	}
	if len(n.biophysicalGids()) == 0 {
		return nil, fmt.Errorf("miv: the network has no biophysical cells")
	}
	// The recording profile is checked before any cell is built.
	profName, prof, recording, err := cfg.profileOf(o)
	if err != nil {
		return nil, err
	}
	if recording {
		if _, err := n.checkProfile(profName, prof); err != nil {
			return nil, err
		}
	}
	if o.Comm != nil {
		owner, err := Distribute(cfg, con, o.Comm.Size())
		if err != nil {
			return nil, err
		}
		n.comm, n.owner = o.Comm, owner
	}
	// Cells in population order (by id), gids ascending.
	for _, r := range n.ranges {
		if r.Count == 0 {
			continue
		}
		s := con.Somata[r.Name]
		if s == nil || len(s.X) != r.Count || s.Start != r.Start {
			have := 0
			if s != nil {
				have = len(s.X)
			}
			return nil, fmt.Errorf("miv: population %s: %d somata, want %d from gid %d", r.Name, have, r.Count, r.Start)
		}
		if cfg.isArtificial(r.Name) {
			for k := range r.Count {
				gid := r.Start + k
				n.stimGid[gid] = len(n.Stims)
				n.Stims = append(n.Stims, StimCell{Population: r.Name, Gid: gid, PosUm: [3]float64{s.X[k], s.Y[k], s.Z[k]}, TrainMs: o.StimTrains[gid]})
			}
			continue
		}
		if err := n.addPopulation(r, s, con, o.TemplatesDir); err != nil {
			return nil, err
		}
	}
	for gid := range o.StimTrains {
		if _, ok := n.stimGid[gid]; !ok {
			return nil, fmt.Errorf("miv: a spike train for gid %d, which is not a STIM (VecStim) cell", gid)
		}
	}
	var pending []pendingNetCon
	for ci, c := range n.Cells {
		syn := con.Synapses[c.Population]
		k := c.Gid - con.Somata[c.Population].Start
		if k >= len(syn) || syn[k] == nil {
			return nil, fmt.Errorf("miv: population %s: no synapse attributes for gid %d", c.Population, c.Gid)
		}
		p, err := n.placeSynapses(ci, c.Population, syn[k], con.Edges[c.Gid])
		if err != nil {
			return nil, err
		}
		n.PointProcesses += c.PointProcesses
		pending = append(pending, p...)
	}
	n.NetCons = len(pending)
	gaps, err := n.placeGapJunctions(con.GapJunctions)
	if err != nil {
		return nil, err
	}
	n.GapJunctions, n.gaps = len(gaps)/2, gaps
	imem := !o.NoLFP && cfg.Recording != nil && len(cfg.Recording.LFP) > 0 || recording && prof.recordsMembraneCurrent()
	if err := n.makeGroups(o.Threads, so, imem, gaps); err != nil {
		return nil, err
	}
	if err := n.connect(pending); err != nil {
		return nil, err
	}
	if err := n.setupRecording(o, con); err != nil {
		return nil, err
	}
	return n, nil
}

// addPopulation builds the cells of biophysical population r: the
// template once on the population's tree, cloned per gid, each moved to
// its soma.
func (n *Network) addPopulation(r PopulationRange, s *Somata, con *Construction, templatesDir string) error {
	cfg := n.Config
	if !slices.ContainsFunc(rangeGids(r), n.local) {
		return nil // no cell of r here (another rank's)
	}
	tr := con.Trees[r.Name]
	if tr == nil {
		return fmt.Errorf("miv: population %s: no tree (its SWC morphology)", r.Name)
	}
	file, err := cfg.templateFile(r.Name, templatesDir)
	if err != nil {
		return err
	}
	tp, err := LoadTemplateFile(file)
	if err != nil {
		ct, _ := cfg.CellTypes.Get(r.Name)
		return fmt.Errorf("miv: Cell Types.%s.template %q: %w", r.Name, ct.Template, err)
	}
	base, err := tp.Build(r.Start, tr)
	if err != nil {
		return err
	}
	for k := range r.Count {
		gid := r.Start + k
		if !n.local(gid) {
			continue
		}
		c := base
		if k > 0 {
			c = base.Clone(gid)
		}
		pos := [3]float64{s.X[k], s.Y[k], s.Z[k]}
		if err := c.MoveTo(pos[0], pos[1], pos[2]); err != nil {
			return err
		}
		c.Morph.VInitMV = n.VInitMV
		n.byGid[gid] = len(n.Cells)
		n.Cells = append(n.Cells, &NetworkCell{Cell: c, Population: r.Name, SomaUm: pos})
	}
	return nil
}

// makeGroups puts the cells round robin into threads cell groups, the
// cells coupled by gap junctions in one (gapComponents: a component at a
// time), sets secondorder and, for the LFP, the membrane current, links
// the half-gaps' vgap and initialises them.
func (n *Network) makeGroups(threads, secondOrder int, imem bool, gaps []pendingGap) error {
	if len(n.Cells) == 0 {
		if n.comm != nil {
			return nil // a rank without cells: it takes part in the exchanges
		}
		return fmt.Errorf("miv: the network has no biophysical cells")
	}
	comp := gapComponents(len(n.Cells), gaps)
	threads = max(1, min(threads, slices.Max(comp)+1))
	celsius := n.Cells[0].CelsiusDegC
	per := make([][]*morph.Cell, threads)
	for i, c := range n.Cells {
		if c.CelsiusDegC != celsius {
			return fmt.Errorf("miv: %s sets celsius %g, %s %g: one temperature per network", c.Morph.Name, c.CelsiusDegC, n.Cells[0].Morph.Name, celsius)
		}
		g := comp[i] % threads
		c.Ref = netcon.CellRef{Group: g, Cell: len(per[g])}
		per[g] = append(per[g], c.Morph)
	}
	for _, cs := range per {
		g, err := morph.NewCellGroup(cs, n.DtMs, celsius)
		if err != nil {
			return fmt.Errorf("miv: %w", err)
		}
		if err := g.SetSecondOrder(secondOrder); err != nil {
			return fmt.Errorf("miv: %w", err)
		}
		if imem {
			g.EnableMembraneCurrent()
		}
		n.Groups = append(n.Groups, g)
		if err := n.linkGaps(len(n.Groups)-1, gaps); err != nil {
			return err
		}
		if err := g.Init(); err != nil {
			return fmt.Errorf("miv: %w", err)
		}
	}
	return nil
}

// connect makes the NetCons, through sim/netcon: from biophysical cells
// (spikes exchanged every shortest delay) and from STIM cells, whose
// trains are netcon's spike trains (VecStim: an event per spike and
// NetCon, sent as the run reaches the spike).
func (n *Network) connect(pending []pendingNetCon) error {
	conns := make([]netcon.Connection, 0, len(pending))
	for k := range pending {
		p := &pending[k]
		c := n.Cells[p.cell]
		g := n.Groups[c.Ref.Group]
		ref, err := g.PointProcess(c.Ref.Cell, p.point)
		if err != nil {
			return fmt.Errorf("miv: %w", err)
		}
		if _, ok := n.populationOf(p.source); !ok {
			return fmt.Errorf("miv: gid %d: a synapse from gid %d, which is not in the network", c.Gid, p.source)
		}
		conns = append(conns, netcon.Connection{SourceGid: uint64(p.source), TargetGroup: c.Ref.Group, Target: ref,
			DelayMs: p.delayMs, Weight: p.weight})
	}
	opt := &netcon.Options{DtMs: n.DtMs, Gids: make([][]uint64, len(n.Groups)), Trains: map[uint64][]float64{}}
	if n.comm != nil {
		opt.Comm = n.comm
	}
	for _, c := range n.Cells {
		opt.Gids[c.Ref.Group] = append(opt.Gids[c.Ref.Group], uint64(c.Gid))
	}
	for _, s := range n.Stims {
		if len(s.TrainMs) > 0 {
			opt.Trains[uint64(s.Gid)] = s.TrainMs
		}
	}
	var err error
	if n.Net, err = netcon.NewWithOptions(n.Groups, conns, opt); err != nil {
		return fmt.Errorf("miv: %w", err)
	}
	return nil
}

// rangeGids returns the gids of r.
func rangeGids(r PopulationRange) []int {
	out := make([]int, r.Count)
	for k := range out {
		out[k] = r.Start + k
	}
	return out
}

// Cell returns the biophysical cell of gid, or nil (with a Comm: nil
// for another rank's).
func (n *Network) Cell(gid int) *NetworkCell {
	if i, ok := n.byGid[gid]; ok {
		return n.Cells[i]
	}
	return nil
}

// SynapsePoint returns the point process of label that synapse synID of
// cell gid shares (SPEC 3.4: one per segment and label): its group and
// reference. It is an error when the synapse's segment has no such point
// process (no edge reaches a synapse of that label there).
func (n *Network) SynapsePoint(gid, synID int, label string) (*morph.CellGroup, morph.PointRef, error) {
	c := n.Cell(gid)
	if c == nil {
		return nil, morph.PointRef{}, fmt.Errorf("miv: no biophysical cell %d", gid)
	}
	i := slices.Index(c.syn.SynIDs, uint32(synID))
	if i < 0 {
		return nil, morph.PointRef{}, fmt.Errorf("miv: gid %d has no synapse %d", gid, synID)
	}
	g := n.Groups[c.Ref.Group]
	ref, err := g.PointProcess(c.Ref.Cell, pointName(c.Morph.Morphology, label, int(c.syn.SynSecs[i]), float64(c.syn.SynLocs[i])))
	if err != nil {
		return nil, morph.PointRef{}, fmt.Errorf("miv: gid %d has no %s NetCon of synapse %d: %w", gid, label, synID, err)
	}
	return g, ref, nil
}

package netcon

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/golgi-sim/golgi/sim/morph"
)

// CellRef identifies a cell: its group and its index in the group.
type CellRef struct{ Group, Cell int }

// Connection is a NetCon from Source's spike detector to the point
// process Target of a cell of group TargetGroup.
type Connection struct {
	Source CellRef
	// SourceGid names the source instead of Source in a network made
	// with Options.Gids: a cell of any group or, with a Comm, of any
	// rank.
	SourceGid   uint64
	TargetGroup int
	Target      morph.PointRef
	DelayMs     float64
	// Weight is the NetCon's weight vector (NET_RECEIVE's arguments):
	// kept and changed by the target between events.
	Weight []float64
}

// Spike is a spike of a cell at TMs. In a network with Options.Gids,
// Gid is the cell's gid, and Cell is {-1, -1} for a cell of another
// rank.
type Spike struct {
	TMs  float64
	Cell CellRef
	Gid  uint64
}

// Options are the choices of NewWithOptions.
type Options struct {
	// Gids are the gids of the cells, Gids[group][cell]: connections
	// name their sources by gid (Connection.SourceGid) and the spikes of
	// an interval are delivered in (time, gid) order, whatever the
	// grouping and the ranks. Gids must be distinct over all ranks.
	Gids [][]uint64
	// Comm, if set (with Gids), makes the network one rank's part of a
	// network distributed over Comm's ranks: every interval the ranks
	// exchange their spikes, and connections from cells of other ranks
	// receive them. Every rank calls NewWithOptions and Run alike; an
	// error on one rank leaves the others waiting in a collective (under
	// MPI the caller aborts the job, as golgi does).
	Comm Comm
	// DtMs is the time step when this rank has no groups (with Comm).
	DtMs float64
	// Trains (with Gids) are spike sources that are not cells, NEURON's
	// VecStim: by gid (none a cell's), the spike times in ms, ascending
	// and >= 0. Connections name them by SourceGid; a spike at t is an
	// event at t + delay, as a cell's, sent when the run starts the
	// interval that reaches t, and is among Run's spikes (Cell {-1,
	// -1}). Memory grows with the spikes and connections, not with their
	// product. With a Comm every rank passes the same trains: they are
	// not exchanged.
	Trains map[uint64][]float64
}

// Comm is what a distributed network needs of a communicator
// (sim/mpi's World and Local have these methods).
type Comm interface {
	Rank() int
	Size() int
	// AllgatherInt64 gathers len(send) values from every rank into
	// recv, rank r's at r*len(send).
	AllgatherInt64(send, recv []int64) error
	// AllgathervFloat64 gathers counts[r] values from each rank r into
	// recv at displs[r].
	AllgathervFloat64(send, recv []float64, counts, displs []int) error
}

// Network is cell groups and the connections between their cells.
type Network struct {
	groups []*morph.CellGroup
	dt     float64
	// out[g][c] are the connections from cell c of group g, in the order
	// given.
	out   [][][]int
	conns []Connection
	// gids, with Options.Gids: the cells' gids, and the connections by
	// source gid; comm exchanges spikes with the other ranks.
	gids  [][]uint64
	byGid map[uint64][]int
	comm  Comm
	steps int // steps per exchange interval
	// base is the number of steps stepped since the groups' Init, and
	// spikes the spikes since then.
	base   int64
	spikes int
	// trains are Options.Trains' spikes in (time, gid) order, the first
	// trainNext of them sent.
	trains    []Spike
	trainNext int

	// Progress, if set, is called after each exchange interval with the
	// time reached (ms) and the spikes since the groups' Init (over every
	// call of Run), from the goroutine that called Run.
	Progress func(tMs float64, spikes int)
}

// New returns the network of groups (stepped with one dt) and conns. The
// groups must be initialised and at t = 0.
func New(groups []*morph.CellGroup, conns []Connection) (*Network, error) {
	return NewWithOptions(groups, conns, nil)
}

// NewWithOptions is New with cells named by gids and, with a Comm, the
// network distributed over ranks (Options). With a Comm, New is
// collective: every rank calls it, and the exchange interval is the
// shortest delay over all ranks.
func NewWithOptions(groups []*morph.CellGroup, conns []Connection, o *Options) (*Network, error) {
	if o == nil {
		o = &Options{}
	}
	if o.Comm != nil && o.Gids == nil {
		return nil, errors.New("netcon: a distributed network needs Options.Gids")
	}
	if len(groups) == 0 && (o.Comm == nil || !(o.DtMs > 0)) {
		return nil, errors.New("netcon: no cell groups")
	}
	n := &Network{groups: groups, conns: conns, dt: o.DtMs, comm: o.Comm}
	if len(groups) > 0 {
		n.dt = groups[0].DtMs()
	}
	if o.Gids != nil {
		if len(o.Gids) != len(groups) {
			return nil, fmt.Errorf("netcon: gids of %d groups for %d groups", len(o.Gids), len(groups))
		}
		n.gids, n.byGid = o.Gids, map[uint64][]int{}
		seen := map[uint64]bool{}
		for g, gr := range groups {
			if len(o.Gids[g]) != gr.Cells() {
				return nil, fmt.Errorf("netcon: %d gids for the %d cells of group %d", len(o.Gids[g]), gr.Cells(), g)
			}
			for _, id := range o.Gids[g] {
				if seen[id] {
					return nil, fmt.Errorf("netcon: gid %d given twice", id)
				}
				if o.Comm != nil && id >= 1<<53 {
					return nil, fmt.Errorf("netcon: gid %d: the spike exchange carries gids below 2^53", id)
				}
				seen[id] = true
			}
		}
	}
	if len(o.Trains) > 0 {
		if o.Gids == nil {
			return nil, errors.New("netcon: spike trains need Options.Gids")
		}
		cells := map[uint64]bool{}
		for _, ids := range o.Gids {
			for _, id := range ids {
				cells[id] = true
			}
		}
		for gid, ts := range o.Trains {
			if cells[gid] {
				return nil, fmt.Errorf("netcon: spike train of gid %d, which is a cell", gid)
			}
			for i, t := range ts {
				if !(t >= 0) || math.IsInf(t, 0) || (i > 0 && t < ts[i-1]) {
					return nil, fmt.Errorf("netcon: spike train of gid %d: spike %d at %g ms: want ascending times >= 0", gid, i, t)
				}
				n.trains = append(n.trains, Spike{TMs: t, Gid: gid, Cell: CellRef{-1, -1}})
			}
		}
		sortByTimeGid(n.trains)
	}
	for g, gr := range groups {
		if gr.DtMs() != n.dt {
			return nil, fmt.Errorf("netcon: group %d steps by %g ms, group 0 by %g ms: want one dt", g, gr.DtMs(), n.dt)
		}
		if gr.T() != 0 {
			return nil, fmt.Errorf("netcon: group %d is at t = %g ms, want a group just initialised", g, gr.T())
		}
		n.out = append(n.out, make([][]int, gr.Cells()))
	}
	minDelay := math.Inf(1)
	for k, c := range conns {
		if n.gids == nil && (c.Source.Group < 0 || c.Source.Group >= len(groups) || c.Source.Cell < 0 || c.Source.Cell >= groups[c.Source.Group].Cells()) {
			return nil, fmt.Errorf("netcon: connection %d: no source cell %+v", k, c.Source)
		}
		if c.TargetGroup < 0 || c.TargetGroup >= len(groups) {
			return nil, fmt.Errorf("netcon: connection %d: no target group %d", k, c.TargetGroup)
		}
		if err := groups[c.TargetGroup].CheckTarget(c.Target); err != nil {
			return nil, fmt.Errorf("netcon: connection %d: %w", k, err)
		}
		if !(c.DelayMs >= 0) || math.IsInf(c.DelayMs, 0) {
			return nil, fmt.Errorf("netcon: connection %d: delay %g ms, want >= 0", k, c.DelayMs)
		}
		if err := groups[c.TargetGroup].AddNetCon(c.Target, c.Weight); err != nil {
			return nil, fmt.Errorf("netcon: connection %d: %w", k, err)
		}
		if n.gids != nil {
			n.byGid[c.SourceGid] = append(n.byGid[c.SourceGid], k)
		} else {
			n.out[c.Source.Group][c.Source.Cell] = append(n.out[c.Source.Group][c.Source.Cell], k)
		}
		minDelay = min(minDelay, c.DelayMs)
	}
	// An interval of s steps is safe when no spike of it makes an event
	// due within it: a spike at the end of its first step, t0 + dt, gives
	// an event at t0 + dt + d, due in the step from t when it is at or
	// before t + dt/2; the last step of the interval starts at
	// t0 + (s-1) dt, so s <= d/dt + 1.5 (with a margin for rounding).
	steps := int64(math.MaxInt64) // no connection: no constraint
	if !math.IsInf(minDelay, 1) {
		steps = int64(max(1, int(math.Floor(minDelay/n.dt+0.5-1e-6))+1))
	}
	if n.comm != nil {
		// The shortest delay of every rank: one interval for all.
		all := make([]int64, n.comm.Size())
		if err := n.comm.AllgatherInt64([]int64{steps}, all); err != nil {
			return nil, fmt.Errorf("netcon: %w", err)
		}
		steps = slices.Min(all)
	}
	n.steps = 1
	if steps != math.MaxInt64 {
		n.steps = int(steps)
	}
	return n, nil
}

// Connections are the network's connections as given to New, with their
// weight vectors as the targets keep them (NEURON's NetCon.weight):
// after the groups' Init they hold what NET_RECEIVE's INITIAL set. Change
// weights only between runs.
func (n *Network) Connections() []Connection { return n.conns }

// StepsPerExchange returns the number of steps between exchanges of
// spikes (the shortest delay, in steps).
func (n *Network) StepsPerExchange() int { return n.steps }

// Run steps every group to tStopMs (the steps whose end is at or before
// it), on up to threads goroutines, exchanging spikes every
// StepsPerExchange steps, and returns the spikes in the order of their
// times, then groups and cells (with Options.Gids: times, then gids;
// with a Comm, every rank's spikes on every rank). It stops early, with
// the context's error and the spikes so far, when ctx is cancelled
// (checked between intervals; with a Comm every rank stops after the
// same interval, those whose context was not cancelled with
// ErrStoppedElsewhere).
func (n *Network) Run(ctx context.Context, tStopMs float64, threads int) ([]Spike, error) {
	if threads < 1 {
		threads = 1
	}
	total := int64(math.Floor(tStopMs/n.dt + 1e-9))
	var all []Spike
	perGroup := make([][]Spike, len(n.groups))
	for n.base < total {
		if n.comm == nil {
			if err := ctx.Err(); err != nil {
				return all, err
			}
		}
		steps := int(min(int64(n.steps), total-n.base))
		// The trains' spikes up to the interval's end: their events
		// (at least the shortest delay later) are due in it or after.
		tEnd := float64(n.base+int64(steps)) * n.dt
		k0 := n.trainNext
		for n.trainNext < len(n.trains) && n.trains[n.trainNext].TMs <= tEnd+1e-9*n.dt {
			if err := n.deliver(n.trains[n.trainNext]); err != nil {
				return all, err
			}
			n.trainNext++
		}
		trained := n.trains[k0:n.trainNext]
		var wg sync.WaitGroup
		sem := make(chan struct{}, threads)
		for g := range n.groups {
			wg.Add(1)
			sem <- struct{}{}
			go func(g int) {
				defer wg.Done()
				defer func() { <-sem }()
				perGroup[g] = n.stepGroup(g, steps, perGroup[g][:0])
			}(g)
		}
		wg.Wait()
		n.base += int64(steps)
		var epoch []Spike
		for _, s := range perGroup {
			epoch = append(epoch, s...)
		}
		var stopErr error
		if n.gids == nil {
			sort.SliceStable(epoch, func(i, j int) bool {
				a, b := epoch[i], epoch[j]
				if a.TMs != b.TMs {
					return a.TMs < b.TMs
				}
				if a.Cell.Group != b.Cell.Group {
					return a.Cell.Group < b.Cell.Group
				}
				return a.Cell.Cell < b.Cell.Cell
			})
		} else {
			sortByTimeGid(epoch)
			if n.comm != nil {
				var err error
				var stopped bool
				if epoch, stopped, err = n.exchange(ctx, epoch); err != nil {
					return all, err
				}
				if stopped {
					if stopErr = ctx.Err(); stopErr == nil {
						stopErr = ErrStoppedElsewhere
					}
				}
			}
		}
		for _, s := range epoch {
			if err := n.deliver(s); err != nil {
				return all, err
			}
		}
		if len(trained) > 0 {
			epoch = append(epoch, trained...)
			sortByTimeGid(epoch)
		}
		all = append(all, epoch...)
		n.spikes += len(epoch)
		if n.Progress != nil {
			n.Progress(float64(n.base)*n.dt, n.spikes)
		}
		if stopErr != nil {
			return all, stopErr
		}
	}
	return all, nil
}

// deliver sends spike s to its connections.
func (n *Network) deliver(s Spike) error {
	var out []int
	if n.gids != nil {
		out = n.byGid[s.Gid]
	} else {
		out = n.out[s.Cell.Group][s.Cell.Cell]
	}
	for _, k := range out {
		c := &n.conns[k]
		if err := n.groups[c.TargetGroup].Send(c.Target, s.TMs+c.DelayMs, c.Weight); err != nil {
			return fmt.Errorf("netcon: connection %d: %w", k, err)
		}
	}
	return nil
}

// sortByTimeGid sorts spikes by time, then gid.
func sortByTimeGid(s []Spike) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].TMs != s[j].TMs {
			return s[i].TMs < s[j].TMs
		}
		return s[i].Gid < s[j].Gid
	})
}

// ErrStoppedElsewhere is the error of Run on a rank whose context was not
// cancelled when another rank's was: every rank stops at the same
// interval.
var ErrStoppedElsewhere = fmt.Errorf("netcon: stopped by another rank: %w", context.Canceled)

// exchange sends this rank's spikes of an interval (sorted) to every rank
// and returns every rank's, sorted by (time, gid). A rank whose context
// is cancelled says so in the exchange, and stopped is then true on
// every rank: all stop after the same interval.
func (n *Network) exchange(ctx context.Context, local []Spike) (all []Spike, stopped bool, err error) {
	size := n.comm.Size()
	stop := int64(0)
	if ctx.Err() != nil {
		stop = 1
	}
	hdr := make([]int64, 2*size)
	if err := n.comm.AllgatherInt64([]int64{int64(len(local)), stop}, hdr); err != nil {
		return nil, false, fmt.Errorf("netcon: spike exchange: %w", err)
	}
	counts, displs := make([]int, size), make([]int, size)
	total := 0
	for r := range size {
		counts[r] = 2 * int(hdr[2*r])
		displs[r] = total
		total += counts[r]
		stopped = stopped || hdr[2*r+1] != 0
	}
	send := make([]float64, 0, 2*len(local))
	for _, s := range local {
		send = append(send, s.TMs, float64(s.Gid))
	}
	recv := make([]float64, total)
	if err := n.comm.AllgathervFloat64(send, recv, counts, displs); err != nil {
		return nil, false, fmt.Errorf("netcon: spike exchange: %w", err)
	}
	me := n.comm.Rank()
	out := make([]Spike, 0, total/2)
	for r := range size {
		if r == me {
			out = append(out, local...)
			continue
		}
		for k := displs[r]; k < displs[r]+counts[r]; k += 2 {
			out = append(out, Spike{TMs: recv[k], Gid: uint64(recv[k+1]), Cell: CellRef{-1, -1}})
		}
	}
	sortByTimeGid(out)
	return out, stopped, nil
}

// stepGroup steps group g by steps and appends its spikes to out.
func (n *Network) stepGroup(g, steps int, out []Spike) []Spike {
	gr := n.groups[g]
	var cells []int
	for range steps {
		cells = gr.Step(cells[:0])
		for _, c := range cells {
			sp := Spike{TMs: gr.T(), Cell: CellRef{g, c}}
			if n.gids != nil {
				sp.Gid = n.gids[g][c]
			}
			out = append(out, sp)
		}
	}
	return out
}

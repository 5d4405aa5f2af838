package sonata

import (
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/golgi-sim/golgi/sim/store"
)

// SpikeTrains are the spikes of a SONATA spikes file: times (ms) by
// population and node id (0-based).
type SpikeTrains map[string]map[uint64][]float64

// ReadSpikes reads a SONATA spikes file (SPEC 4.3): /spikes/<population>/
// node_ids and timestamps, every population of the file. The sorting
// attribute is not needed.
func ReadSpikes(path string) (SpikeTrains, error) {
	if ext := strings.ToLower(filepath.Ext(path)); ext != ".h5" {
		return nil, fmt.Errorf("sonata: %s: only SONATA .h5 spike files are supported, not %s", path, ext)
	}
	r, err := store.OpenH5Reader(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	pops, err := r.Members("/spikes")
	if err != nil {
		return nil, fmt.Errorf("sonata: %s: %w", path, err)
	}
	out := SpikeTrains{}
	for _, pop := range pops {
		ids, err := r.ReadUint64("/spikes/"+pop+"/node_ids", 0, -1)
		if err != nil {
			return nil, fmt.Errorf("sonata: %s: /spikes/%s/node_ids: %w", path, pop, err)
		}
		ts, err := r.ReadFloat64("/spikes/"+pop+"/timestamps", 0, -1)
		if err != nil {
			return nil, fmt.Errorf("sonata: %s: /spikes/%s/timestamps: %w", path, pop, err)
		}
		if len(ids) != len(ts) {
			return nil, fmt.Errorf("sonata: %s: population %s: %d node ids, %d timestamps", path, pop, len(ids), len(ts))
		}
		m := map[uint64][]float64{}
		for i, id := range ids {
			m[id] = append(m[id], ts[i])
		}
		out[pop] = m
	}
	return out, nil
}

// addReplay attaches the synapse_replay inputs (SPEC 4.3): for every
// synapse of a connection whose target is in the input's node_set and
// whose source is in the file, the source's spikes at or after the
// input's delay (its duration is ignored, Q10), sorted, duplicates kept,
// are events at t + the connection's delay (or synapse_delay_override),
// of weight conductance times weight factor, nc_type 2: a VecStim and its
// NetCon. Inputs add to one another.
func (n *Network) addReplay() error {
	times := map[int][]float64{}   // synapse index -> times
	nmTimes := map[int][]float64{} // neuromodulatory event index -> times
	for _, in := range n.Sim.Config.Inputs {
		if in.Module != "synapse_replay" {
			continue
		}
		var p inputParams
		if err := json.Unmarshal(in.JSON, &p); err != nil {
			return fmt.Errorf("sonata: input %q: %w", in.Name, err)
		}
		if p.SpikeFile == "" {
			return fmt.Errorf("sonata: input %q: spike_file is mandatory", in.Name)
		}
		delay := or(p.Delay, 0)
		trains, err := ReadSpikes(p.SpikeFile)
		if err != nil {
			return fmt.Errorf("sonata: input %q: %w", in.Name, err)
		}
		tgt, err := n.resolveSet(in.NodeSet)
		if err != nil {
			return fmt.Errorf("sonata: input %q: %w", in.Name, err)
		}
		if err := n.checkReplaySources(in, p.SpikeFile, trains, tgt); err != nil {
			return err
		}
		for k := range n.syns {
			ps := &n.syns[k]
			c := &n.Cells[ps.target]
			if !tgt.has(c.Population, c.Node) {
				continue
			}
			for _, t := range trains[ps.srcPop][ps.srcNode] {
				if t >= delay {
					times[k] = append(times[k], t)
				}
			}
		}
		for k := range n.neuromods {
			nm := &n.neuromods[k]
			c := &n.Cells[n.syns[nm.syn].target]
			if !tgt.has(c.Population, c.Node) {
				continue
			}
			for _, t := range trains[nm.srcPop][nm.srcNode] {
				if t >= delay {
					nmTimes[k] = append(nmTimes[k], t)
				}
			}
		}
	}
	for k, ts := range nmTimes {
		nm := &n.neuromods[k]
		slices.Sort(ts)
		if err := n.sendEvents(&n.syns[nm.syn], ts, nm.delayMS, nm.w); err != nil {
			return err
		}
	}
	n.replay = map[[2]uint64][]float64{}
	for k, ts := range times {
		ps := &n.syns[k]
		slices.Sort(ts)
		n.replay[[2]uint64{ps.sgid, n.Cells[ps.target].Gid}] = ts
		w := ps.weights(2)
		if err := n.sendEvents(ps, ts, ps.netconDelay(), w); err != nil {
			return err
		}
	}
	return nil
}

// checkReplaySources reports a spike file that holds none of the source
// populations of the edge populations onto the input's node set: the
// replay would deliver nothing (neurodamus logs "No replay for src
// population" and goes on). It reads the circuit, not the rank's
// synapses, so every rank of a distributed run decides alike.
func (n *Network) checkReplaySources(in Input, file string, trains SpikeTrains, tgt idSet) error {
	sources := map[string]bool{}
	for _, e := range n.Sim.Circuit.Edges() {
		if len(tgt[e.Target]) > 0 {
			sources[e.Source] = true
		}
	}
	if len(sources) == 0 {
		return nil
	}
	for pop := range sources {
		if _, ok := trains[pop]; ok {
			return nil
		}
	}
	return fmt.Errorf("sonata: input %q: spike file %s has spikes of %s, none of the populations %s that project onto node_set %q: the replay would deliver nothing",
		in.Name, file, strings.Join(slices.Sorted(maps.Keys(trains)), ", "), strings.Join(slices.Sorted(maps.Keys(sources)), ", "), in.NodeSet)
}

// sendEvents queues events for a synapse at t + delay, for t in times.
func (n *Network) sendEvents(ps *pendingSynapse, times []float64, delay float64, w []float64) error {
	t := n.Cells[ps.target].Ref
	g := n.Groups[t.Group]
	ref, err := g.PointProcess(t.Cell, ps.name)
	if err != nil {
		return err
	}
	for _, te := range times {
		if err := g.Send(ref, te+delay, w); err != nil {
			return fmt.Errorf("sonata: %s: %w", ps.name, err)
		}
	}
	return nil
}

// Replay returns the replayed spike times of the connection from final
// gid sgid to tgid (neurodamus's connection replay vector), nil when it
// has none.
func (n *Network) Replay(sgid, tgid uint64) []float64 { return n.replay[[2]uint64{sgid, tgid}] }

package builtin

import (
	"fmt"
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/analysis"
	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/store"
)

// WriteOptions selects what Write stores besides spikes, recorded
// variables and rates.
type WriteOptions struct {
	// PaddedSpikes also stores each population's spikes as a NaN-padded
	// neurons x spikes float32 matrix, data_id <population>_spks.
	PaddedSpikes bool
	// Group holds the attributes of the sim_num's group (store.Run's).
	Group store.Attrs
}

// RateBinMs is the bin of the stored population rates (ms).
const RateBinMs = 1.0

// Write stores the result of a run of net as sim_num simNum of st and
// returns the files written: each recorded variable (data_id the
// variable's name, or <population>_<variable> when several populations
// record it), the population rates in 1 ms bins (data_id rate), padded
// spikes if asked for, and last the spikes of every recorded population
// by global gid, sorted by time (data_id spikes): a complete "spikes"
// marks the sim_num complete.
func Write(st *store.Store, simNum int, net *sim.Network, res *sim.Result, o WriteOptions) ([]string, error) {
	var files []string
	add := func(ids []string, err error) error {
		for _, id := range ids {
			files = append(files, st.Path(id))
		}
		return err
	}
	names := sortedKeys(res.Spikes)
	if err := add(writeTraces(st, simNum, net, res, o.Group)); err != nil {
		return nil, err
	}
	if err := add(writeRates(st, simNum, names, res, o.Group)); err != nil {
		return nil, err
	}
	if o.PaddedSpikes {
		if err := add(writePadded(st, simNum, names, res, o.Group)); err != nil {
			return nil, err
		}
	}
	if err := add(models.WriteSpikes(st, simNum, names, res, o.Group)); err != nil {
		return nil, err
	}
	return files, nil
}

// writeTraces stores the recorded variables, float32, one row per neuron.
func writeTraces(st *store.Store, simNum int, net *sim.Network, res *sim.Result, group store.Attrs) ([]string, error) {
	byVar := map[string]int{}
	for _, tr := range res.Traces {
		byVar[tr.Variable]++
	}
	var ids []string
	for _, tr := range res.Traces {
		dataID := tr.Variable
		if byVar[tr.Variable] > 1 {
			dataID = tr.Population + "_" + tr.Variable
		}
		dataID = strings.ReplaceAll(dataID, ".", "_")
		rows := make([][]float32, len(tr.Values))
		gids := make([]uint64, len(tr.Neurons))
		off := popOffset(net, tr.Population)
		for i, v := range tr.Values {
			rows[i] = float32s(v)
			gids[i] = uint64(off + tr.Neurons[i])
		}
		m, err := store.Matrix32FromRows(rows)
		if err != nil {
			return ids, err
		}
		attrs := store.Attrs{"unit": tr.Unit, "dt_ms": tr.Interval / sim.Millisecond, "t_start_ms": 0.0,
			"population": tr.Population, "gids": gids, "variable": tr.Variable}
		if err := st.WriteMatrix32(simNum, dataID, m, attrs, group); err != nil {
			return ids, err
		}
		ids = append(ids, dataID)
	}
	return ids, nil
}

// writeRates stores the population rates (Hz) in RateBinMs bins, one row
// per population in names' order.
func writeRates(st *store.Store, simNum int, names []string, res *sim.Result, group store.Attrs) ([]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	const bin = RateBinMs * sim.Millisecond
	var rows [][]float32
	for _, name := range names {
		sp := res.Spikes[name]
		r, err := analysis.PopulationRate(sp.Time, sp.N, 0, res.Duration, bin)
		if err != nil {
			return nil, fmt.Errorf("rate of %s: %w", name, err)
		}
		rows = append(rows, float32s(r.Hz))
	}
	m, err := store.Matrix32FromRows(rows)
	if err != nil {
		return nil, err
	}
	attrs := store.Attrs{"unit": "Hz", "dt_ms": RateBinMs, "t_start_ms": 0.0, "populations": strings.Join(names, ",")}
	if err := st.WriteMatrix32(simNum, "rate", m, attrs, group); err != nil {
		return nil, err
	}
	return []string{"rate"}, nil
}

// writePadded stores each population's spike trains (ms) as a NaN-padded
// matrix, data_id <population>_spks.
func writePadded(st *store.Store, simNum int, names []string, res *sim.Result, group store.Attrs) ([]string, error) {
	var ids []string
	for _, name := range names {
		s := res.Spikes[name]
		trains := analysis.SplitTrains(s.N, s.Index, s.Time)
		for _, tr := range trains {
			for k := range tr {
				tr[k] /= sim.Millisecond
			}
		}
		gids := make([]uint64, s.N)
		for i := range gids {
			gids[i] = uint64(s.GidOffset + i)
		}
		dataID := name + "_spks"
		attrs := store.Attrs{"unit": "ms", "population": name, "gids": gids, "t_start_ms": 0.0}
		if err := st.WriteSpikesPadded(simNum, dataID, trains, attrs, group); err != nil {
			return ids, err
		}
		ids = append(ids, dataID)
	}
	return ids, nil
}

// popOffset returns the first gid of the population called name.
func popOffset(net *sim.Network, name string) int {
	off := 0
	for _, p := range net.Populations {
		if p.Name == name {
			return off
		}
		off += p.N
	}
	return 0
}

func float32s(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

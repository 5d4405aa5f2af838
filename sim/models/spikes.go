package models

import (
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/store"
)

// WriteSpikes stores the spikes of the populations in names by global
// gid, sorted by time then gid, as data_id spikes of sim_num simNum,
// with their populations, offsets and sizes as attributes: what every
// family's Write stores of a run's spikes.
func WriteSpikes(st *store.Store, simNum int, names []string, res *sim.Result, group store.Attrs) ([]string, error) {
	var sp store.Spikes
	var offsets, sizes []uint64
	type event struct {
		t   float64
		gid uint64
	}
	var all []event
	for _, name := range names {
		s := res.Spikes[name]
		offsets = append(offsets, uint64(s.GidOffset))
		sizes = append(sizes, uint64(s.N))
		for k := range s.Index {
			all = append(all, event{s.Time[k] / sim.Millisecond, uint64(s.GidOffset) + uint64(s.Index[k])})
		}
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].t != all[b].t {
			return all[a].t < all[b].t
		}
		return all[a].gid < all[b].gid
	})
	sp.GIDs = make([]uint64, len(all))
	sp.TimesMs = make([]float64, len(all))
	for i, e := range all {
		sp.GIDs[i], sp.TimesMs[i] = e.gid, e.t
	}
	attrs := store.Attrs{"unit": "ms", "dt_ms": res.Dt / sim.Millisecond, "t_start_ms": 0.0, "t_stop_ms": res.Duration / sim.Millisecond,
		"populations": strings.Join(names, ","), "population_offsets": offsets, "population_sizes": sizes,
		"convention": res.Convention.String()}
	if err := st.WriteSpikes(simNum, "spikes", sp, attrs, group); err != nil {
		return nil, err
	}
	return []string{"spikes"}, nil
}

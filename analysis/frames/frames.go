package frames

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/golgi-sim/golgi/analysis"
	"github.com/golgi-sim/golgi/sim/store"
)

// Results is a sim_id directory of stored results.
type Results struct {
	st      *store.Store
	dir     string
	dataIDs []string
	padded  []string // "<pop>_spks" data_ids, in the layout's gid order
}

// Open opens a sim_id directory (<root>/<sim_id>) written by golgi run or
// in a layout a model family registered (RegisterLayout). It is an error
// if the directory holds no spike data.
func Open(dir string) (*Results, error) {
	dir = filepath.Clean(dir)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("frames: %s is not a results directory (DIR/<sim_id>): %v", dir, err)
	}
	layout := layoutOf(dir)
	st, err := store.Open(filepath.Dir(dir), filepath.Base(dir), &store.Options{Ext: layout.Ext})
	if err != nil {
		return nil, fmt.Errorf("frames: %w", err)
	}
	ids, err := st.DataIDs()
	if err != nil {
		return nil, fmt.Errorf("frames: %w", err)
	}
	r := &Results{st: st, dir: dir, dataIDs: ids}
	for _, id := range ids {
		if strings.HasSuffix(id, "_spks") {
			r.padded = append(r.padded, id)
		}
	}
	sort.Strings(r.padded)
	sort.SliceStable(r.padded, func(a, b int) bool { return layout.rank(r.padded[a]) < layout.rank(r.padded[b]) })
	if !r.has("spikes") && len(r.padded) == 0 {
		return nil, fmt.Errorf("frames: %s has no spike data (data_id spikes or <population>_spks); it has %v", dir, ids)
	}
	return r, nil
}

func (r *Results) has(id string) bool {
	for _, x := range r.dataIDs {
		if x == id {
			return true
		}
	}
	return false
}

// Filter selects rows. Its zero value (or nil) selects everything.
type Filter struct {
	SimNums     []int    // sim_nums to read; nil: all
	Populations []string // populations to keep; nil: all
	// TMinMs and TMaxMs bound spike times (ms), TMinMs <= t < TMaxMs; both
	// zero means no bound.
	TMinMs, TMaxMs float64
}

func (f *Filter) simNum(n int) bool {
	if f == nil || f.SimNums == nil {
		return true
	}
	for _, x := range f.SimNums {
		if x == n {
			return true
		}
	}
	return false
}

func (f *Filter) population(p string) bool {
	if f == nil || f.Populations == nil {
		return true
	}
	for _, x := range f.Populations {
		if x == p {
			return true
		}
	}
	return false
}

func (f *Filter) window() (lo, hi float64) {
	if f == nil || (f.TMinMs == 0 && f.TMaxMs == 0) {
		return math.Inf(-1), math.Inf(1)
	}
	hi = f.TMaxMs
	if hi == 0 {
		hi = math.Inf(1)
	}
	return f.TMinMs, hi
}

// SimNums returns the sim_nums with spike data, ascending.
func (r *Results) SimNums() ([]int, error) {
	ids := r.padded
	if r.has("spikes") {
		ids = []string{"spikes"}
	}
	seen := map[int]bool{}
	var out []int
	for _, id := range ids {
		n, err := r.st.SimNums(id)
		if err != nil {
			return nil, fmt.Errorf("frames: %w", err)
		}
		for _, k := range n {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Ints(out)
	return out, nil
}

// selected returns the sim_nums with spike data that f selects, ascending.
func (r *Results) selected(f *Filter) ([]int, error) {
	nums, err := r.SimNums()
	if err != nil {
		return nil, err
	}
	var out []int
	for _, n := range nums {
		if f.simNum(n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// population is one population's spikes of one sim_num.
type population struct {
	name   string
	offset uint64 // gid of its first neuron
	size   int
	gids   []uint64  // global gids
	tMs    []float64 // spike times (ms)
	tStop  float64   // run length (ms), 0 if unknown
}

// trains returns the population's spike trains (ms, sorted) within
// [lo, hi), one per neuron, and the number of spikes in them.
func (p population) trains(lo, hi float64) ([][]float64, int) {
	trains := make([][]float64, p.size)
	n := 0
	for k, g := range p.gids {
		if p.tMs[k] >= lo && p.tMs[k] < hi {
			trains[g-p.offset] = append(trains[g-p.offset], p.tMs[k])
			n++
		}
	}
	for _, tr := range trains {
		sort.Float64s(tr)
	}
	return trains, n
}

// read returns the populations of one sim_num.
func (r *Results) read(simNum int) ([]population, error) {
	if r.has("spikes") {
		sp, attrs, err := r.st.ReadSpikes(simNum, "spikes")
		if err != nil {
			return nil, fmt.Errorf("frames: %w", err)
		}
		names, _ := attrs.String("populations")
		offs, _ := attrs.Uint64s("population_offsets")
		sizes, _ := attrs.Uint64s("population_sizes")
		tStop, _ := attrs.Float64("t_stop_ms")
		split := strings.Split(names, ",")
		if names == "" || len(split) != len(offs) || len(offs) != len(sizes) {
			return nil, fmt.Errorf("frames: %s sim_num %d: spikes lack the populations, population_offsets and population_sizes attributes", r.st.Path("spikes"), simNum)
		}
		pops := make([]population, len(split))
		for k := range split {
			pops[k] = population{name: split[k], offset: offs[k], size: int(sizes[k]), tStop: tStop}
		}
		for k, g := range sp.GIDs {
			for p := range pops {
				if g >= pops[p].offset && g < pops[p].offset+uint64(pops[p].size) {
					pops[p].gids = append(pops[p].gids, g)
					pops[p].tMs = append(pops[p].tMs, sp.TimesMs[k])
					break
				}
			}
		}
		return pops, nil
	}
	var pops []population
	var offset uint64
	for _, id := range r.padded {
		trains, attrs, err := r.st.ReadSpikesPadded(simNum, id)
		if err != nil {
			return nil, fmt.Errorf("frames: %w", err)
		}
		p := population{name: strings.TrimSuffix(id, "_spks"), offset: offset, size: len(trains)}
		if _, grp, err := r.st.ReadAttrs(simNum, id); err == nil {
			if ps, ok := grp.String(store.AttrParams); ok {
				var m map[string]any
				if json.Unmarshal([]byte(ps), &m) == nil {
					if d, ok := m["sim_dur"].(float64); ok {
						p.tStop = d
					}
				}
			}
		}
		_ = attrs
		for i, tr := range trains {
			for _, t := range tr {
				p.gids = append(p.gids, offset+uint64(i))
				p.tMs = append(p.tMs, t)
			}
		}
		// Padded rows are per neuron: order the spikes by time, then gid.
		idx := make([]int, len(p.tMs))
		for k := range idx {
			idx[k] = k
		}
		sort.SliceStable(idx, func(a, b int) bool { return p.tMs[idx[a]] < p.tMs[idx[b]] })
		g2, t2 := make([]uint64, len(idx)), make([]float64, len(idx))
		for k, i := range idx {
			g2[k], t2[k] = p.gids[i], p.tMs[i]
		}
		p.gids, p.tMs = g2, t2
		offset += uint64(len(trains))
		pops = append(pops, p)
	}
	return pops, nil
}

// Spikes returns one row per spike: sim_num, population, gid, t_ms,
// sorted by sim_num, then time (then population order).
func (r *Results) Spikes(f *Filter) (dataframe.DataFrame, error) {
	nums, err := r.selected(f)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	lo, hi := f.window()
	var sn, gid []int
	var pop []string
	var t []float64
	for _, n := range nums {
		pops, err := r.read(n)
		if err != nil {
			return dataframe.DataFrame{}, err
		}
		// Merge the populations' spikes (each sorted by time) by time.
		heads := make([]int, len(pops))
		for {
			best := -1
			for p := range pops {
				if !f.population(pops[p].name) {
					continue
				}
				for heads[p] < len(pops[p].tMs) && (pops[p].tMs[heads[p]] < lo || pops[p].tMs[heads[p]] >= hi) {
					heads[p]++
				}
				if heads[p] < len(pops[p].tMs) && (best < 0 || pops[p].tMs[heads[p]] < pops[best].tMs[heads[best]]) {
					best = p
				}
			}
			if best < 0 {
				break
			}
			k := heads[best]
			heads[best]++
			sn = append(sn, n)
			pop = append(pop, pops[best].name)
			gid = append(gid, int(pops[best].gids[k]))
			t = append(t, pops[best].tMs[k])
		}
	}
	return dataframe.New(
		series.New(sn, series.Int, "sim_num"),
		series.New(pop, series.String, "population"),
		series.New(gid, series.Int, "gid"),
		series.New(t, series.Float, "t_ms"),
	), nil
}

// NeuronSummary returns one row per neuron: sim_num, population, gid,
// n_spikes, rate_hz (over the filter's window, or the run) and cv_isi
// (NaN with fewer than three spikes).
func (r *Results) NeuronSummary(f *Filter) (dataframe.DataFrame, error) {
	nums, err := r.selected(f)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	lo, hi := f.window()
	var sn, gid, count []int
	var pop []string
	var rate, cv []float64
	for _, n := range nums {
		pops, err := r.read(n)
		if err != nil {
			return dataframe.DataFrame{}, err
		}
		for _, p := range pops {
			if !f.population(p.name) {
				continue
			}
			dur, err := span(p, lo, hi)
			if err != nil {
				return dataframe.DataFrame{}, err
			}
			trains, _ := p.trains(lo, hi)
			for i, tr := range trains {
				sn = append(sn, n)
				pop = append(pop, p.name)
				gid = append(gid, int(p.offset)+i)
				count = append(count, len(tr))
				rate = append(rate, float64(len(tr))/(dur/1e3))
				c, err := analysis.CV(tr)
				if err != nil {
					c = math.NaN()
				}
				cv = append(cv, c)
			}
		}
	}
	return dataframe.New(
		series.New(sn, series.Int, "sim_num"),
		series.New(pop, series.String, "population"),
		series.New(gid, series.Int, "gid"),
		series.New(count, series.Int, "n_spikes"),
		series.New(rate, series.Float, "rate_hz"),
		series.New(cv, series.Float, "cv_isi"),
	), nil
}

// span returns the length (ms) of the window [lo, hi) within the run.
func span(p population, lo, hi float64) (float64, error) {
	end := p.tStop
	if end == 0 {
		for _, t := range p.tMs {
			end = math.Max(end, t)
		}
	}
	a, b := math.Max(lo, 0), end
	if !math.IsInf(hi, 1) {
		b = hi // the caller's window, even past the last spike
	}
	if !(b > a) {
		return 0, fmt.Errorf("frames: empty time window [%g, %g) ms for population %s (run length %g ms)", lo, hi, p.name, end)
	}
	return b - a, nil
}

// PopulationRates returns binned population rates: sim_num, population,
// t_ms (bin start), rate_hz (spikes per neuron per second), in bins of
// binMs.
func (r *Results) PopulationRates(binMs float64, f *Filter) (dataframe.DataFrame, error) {
	if !(binMs > 0) {
		return dataframe.DataFrame{}, fmt.Errorf("frames: bin %g ms, want > 0", binMs)
	}
	nums, err := r.selected(f)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	lo, hi := f.window()
	var sn []int
	var pop []string
	var t, rate []float64
	for _, n := range nums {
		pops, err := r.read(n)
		if err != nil {
			return dataframe.DataFrame{}, err
		}
		for _, p := range pops {
			if !f.population(p.name) {
				continue
			}
			end := p.tStop
			if end == 0 {
				for _, x := range p.tMs {
					end = math.Max(end, x)
				}
			}
			a, b := math.Max(lo, 0), end
			if !math.IsInf(hi, 1) {
				b = hi
			}
			ts := make([]float64, len(p.tMs))
			for k, x := range p.tMs {
				ts[k] = x / 1e3 // analysis takes seconds
			}
			pr, err := analysis.PopulationRate(ts, p.size, a/1e3, b/1e3, binMs/1e3)
			if err != nil {
				return dataframe.DataFrame{}, fmt.Errorf("frames: sim_num %d population %s: %w", n, p.name, err)
			}
			for k, hz := range pr.Hz {
				sn = append(sn, n)
				pop = append(pop, p.name)
				t = append(t, (pr.T0+float64(k)*pr.Bin)*1e3)
				rate = append(rate, hz)
			}
		}
	}
	return dataframe.New(
		series.New(sn, series.Int, "sim_num"),
		series.New(pop, series.String, "population"),
		series.New(t, series.Float, "t_ms"),
		series.New(rate, series.Float, "rate_hz"),
	), nil
}

// SweepTable returns one row per sim_num: sim_num, each swept parameter
// (from the stored parameters), and per population rate_hz_<pop> (mean
// over neurons) and cv_isi_<pop> (mean over neurons with three spikes or
// more; NaN if none), for plotting a measure against a parameter.
func (r *Results) SweepTable(f *Filter) (dataframe.DataFrame, error) {
	nums, err := r.selected(f)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	id := "spikes"
	if !r.has(id) {
		id = r.padded[0]
	}
	var swept []string
	params := map[int]map[string]any{}
	cols := map[string][]float64{}
	var order []string
	var used []int
	lo, hi := f.window()
	for _, n := range nums {
		used = append(used, n)
		if _, grp, err := r.st.ReadAttrs(n, id); err == nil {
			if ps, ok := grp.String(store.AttrParams); ok {
				var m map[string]any
				if json.Unmarshal([]byte(ps), &m) == nil {
					params[n] = m
					if s, ok := m["swept"].([]any); ok && swept == nil {
						for _, k := range s {
							if ks, ok := k.(string); ok {
								swept = append(swept, ks)
							}
						}
					}
				}
			}
		}
		pops, err := r.read(n)
		if err != nil {
			return dataframe.DataFrame{}, err
		}
		for _, p := range pops {
			if !f.population(p.name) {
				continue
			}
			dur, err := span(p, lo, hi)
			if err != nil {
				return dataframe.DataFrame{}, err
			}
			trains, cnt := p.trains(lo, hi)
			cv, _, err := analysis.MeanCV(trains)
			if errors.Is(err, analysis.ErrTooFewSpikes) {
				cv = math.NaN()
			}
			for _, c := range []struct {
				name string
				x    float64
			}{{"rate_hz_" + p.name, float64(cnt) / float64(p.size) / (dur / 1e3)}, {"cv_isi_" + p.name, cv}} {
				if _, ok := cols[c.name]; !ok {
					order = append(order, c.name)
				}
				for len(cols[c.name]) < len(used)-1 {
					cols[c.name] = append(cols[c.name], math.NaN())
				}
				cols[c.name] = append(cols[c.name], c.x)
			}
		}
	}
	ss := []series.Series{series.New(used, series.Int, "sim_num")}
	for _, k := range swept {
		vals := make([]float64, len(used))
		for i, n := range used {
			vals[i] = math.NaN()
			if x, ok := params[n][k].(float64); ok {
				vals[i] = x
			}
		}
		ss = append(ss, series.New(vals, series.Float, k))
	}
	for _, name := range order {
		c := cols[name]
		for len(c) < len(used) {
			c = append(c, math.NaN())
		}
		ss = append(ss, series.New(c, series.Float, name))
	}
	return dataframe.New(ss...), nil
}

// Store returns the store of the results, for data the frames do not
// cover (such as a recorded variable's matrix).
func (r *Results) Store() *store.Store { return r.st }

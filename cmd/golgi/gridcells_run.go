package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golgi-sim/golgi/plotting"
	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/models/gridcells"
	"github.com/golgi-sim/golgi/sim/mpi"
	"github.com/golgi-sim/golgi/sim/store"
)

// specModel returns the "model" key of a spec file's JSON object, or ""
// when the data are not an object with a string model.
func specModel(data []byte) string {
	var head struct {
		Model string `json:"model"`
	}
	if json.Unmarshal(data, &head) != nil {
		return ""
	}
	return head.Model
}

// gridcellsRun holds the settings of a GridCellsCond run.
type gridcellsRun struct {
	specPath, out, simID, trajDir string
	threads                       int
	resume, force, plot           bool
	override                      []byte // --set: parameters over every sim
	only                          []int  // --sims: the sim_nums to run (nil: all)
	costs                         *costFlags
}

// setFlags collects --set KEY=VALUE flags.
type setFlags []string

func (s *setFlags) String() string { return strings.Join(*s, " ") }

func (s *setFlags) Set(v string) error {
	k, _, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return fmt.Errorf("%q: want KEY=VALUE", v)
	}
	*s = append(*s, v)
	return nil
}

// object returns the --set flags as a JSON object: each VALUE is JSON, or
// a string if it does not parse as JSON.
func (s setFlags) object() ([]byte, error) {
	if len(s) == 0 {
		return nil, nil
	}
	obj := map[string]json.RawMessage{}
	for _, kv := range s {
		k, v, _ := strings.Cut(kv, "=")
		if k == "sim_num" || k == "sim_id" {
			return nil, fmt.Errorf("--set %s: give %s in the spec, or use --sims / --sim-id", k, k)
		}
		raw := json.RawMessage(v)
		if !json.Valid(raw) {
			raw, _ = json.Marshal(v)
		}
		obj[k] = raw
	}
	return json.Marshal(obj)
}

// parseSimNums parses --sims: comma-separated sim_nums.
func parseSimNums(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("--sims %q: want comma-separated sim_nums (0, 1, ...)", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// smallNetwork is the largest network (cells) whose sims of a sweep run in
// parallel, one thread each: for those one thread per sim beats several
// threads per sim (no barrier per epoch).
const smallNetwork = 5000

// runGridcells runs every simulation of a GridCellsCond spec and writes the
// original's files.
func runGridcells(ctx context.Context, r gridcellsRun, data []byte, stdout, stderr io.Writer) error {
	sims, err := gridcells.ParseSpecOverride(data, r.override)
	if err != nil {
		return fmt.Errorf("%s: %w", r.specPath, err)
	}
	if r.only != nil {
		keep := map[int]bool{}
		for _, n := range r.only {
			keep[n] = true
		}
		var sel []gridcells.Sim
		for _, sm := range sims {
			if keep[sm.SimNum] {
				sel = append(sel, sm)
				delete(keep, sm.SimNum)
			}
		}
		if len(keep) > 0 {
			return fmt.Errorf("%s: --sims names sim_nums the spec does not have (it has %d sims, sim_num %d to %d)", r.specPath, len(sims), sims[0].SimNum, sims[len(sims)-1].SimNum)
		}
		sims = sel
	}
	simID := r.simID
	if simID == "" {
		if id := string(sims[0].Sim.SimID); id != "" && id != "0" {
			simID = id
		} else {
			simID = strings.TrimSuffix(filepath.Base(r.specPath), filepath.Ext(r.specPath))
		}
	}
	for k := range sims {
		if id := string(sims[k].Sim.SimID); r.simID == "" && id != "" && id != "0" && id != simID {
			return fmt.Errorf("%s: sim_num %d has sim_id %q, sim_num %d %q: one spec writes one sim_id", r.specPath, sims[k].SimNum, id, sims[0].SimNum, simID)
		}
		sims[k].Sim.SimID = gridcells.Name(simID)
		if err := gridcells.Validate(&sims[k].Model, &sims[k].Sim); err != nil {
			return fmt.Errorf("%s: sim_num %d: %w", r.specPath, sims[k].SimNum, err)
		}
	}
	opt := &gridcells.BuildOptions{TrajectoryDir: r.trajDir}
	// Build the first network now: a missing trajectory or saved matrix is
	// reported before anything runs.
	first, err := gridcells.NewNetworkWith(sims[0].Model, sims[0].Sim, opt)
	if err != nil {
		return fmt.Errorf("%s: sim_num %d: %w", r.specPath, sims[0].SimNum, err)
	}
	// On several MPI ranks every rank runs its share of each sim, one sim
	// at a time; rank 0 alone opens the store, decides what to run, prints
	// and writes.
	stdout, stderr = infoWriter(stdout), infoWriter(stderr)
	var st *store.Store
	skip := make([]byte, len(sims)) // 1: not to run (--resume)
	if mpi.Rank() == 0 {
		if st, err = gridcellsTodo(r, sims, first, simID, skip, stderr); err != nil {
			return err
		}
	}
	if distributed() {
		if err := mpi.Bcast(skip, 0); err != nil {
			return err
		}
	}
	var todo []gridcells.Sim
	for k, sm := range sims {
		if skip[k] == 0 {
			todo = append(todo, sm)
		}
	}

	// Parallel sims of a small network, one thread each; otherwise one sim
	// at a time on every thread (always on several ranks).
	cells := sims[0].Model.NStell + sims[0].Model.NIntrnrn
	workers, threads := 1, r.threads
	if len(todo) > 1 && cells <= smallNetwork && !distributed() {
		per := max(1, r.threads)
		workers = max(1, min(len(todo), runtime.GOMAXPROCS(0)/per))
		threads = per
	}
	if threads < 0 {
		threads = 0
	}
	dir := filepath.Join(r.out, simID)
	if st != nil {
		dir = st.Dir()
	}
	fmt.Fprintf(stderr, "%s: %d sims of %d cells (%s), %d at a time, results in %s\n", simID, len(todo), cells,
		sims[0].Model.ConnID, workers, dir)
	if distributed() {
		fmt.Fprintf(stderr, "MPI: %d ranks x %s threads; each rank builds and steps its share of the cells (%s) and the synapses onto them;\n"+
			"spikes and recorded variables are gathered to rank 0, which writes them as one process would (same files)\n", mpi.Size(), threadsText(threads), r.costs.describe())
	}

	type result struct {
		simNum int
		params []byte
		files  []string
		err    error
	}
	results := make([]result, len(todo))
	var next int
	var mu sync.Mutex
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	var finished int
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				k := next
				next++
				mu.Unlock()
				if k >= len(todo) || ctx.Err() != nil {
					return
				}
				sm := todo[k]
				label := fmt.Sprintf("%s sim_num %d (%d/%d)", simID, sm.SimNum, k+1, len(todo))
				var n *gridcells.Network
				if sm.SimNum == sims[0].SimNum {
					n = first
				}
				params, files, err := runGridcellsSim(ctx, n, sm, opt, st, r, threads, label, stderr)
				mu.Lock()
				results[k] = result{sm.SimNum, params, files, err}
				finished++
				if err == nil && len(todo) > 1 {
					el := time.Since(start).Seconds()
					fmt.Fprintf(stderr, "%d/%d sims done, ETA %.0f s\n", finished, len(todo), el/float64(finished)*float64(len(todo)-finished))
				}
				mu.Unlock()
				if err != nil {
					cancel()
					return
				}
			}
		}()
	}
	wg.Wait()
	var written []string
	var nums []int
	var params [][]byte
	for _, res := range results {
		if res.err != nil {
			return res.err
		}
		if res.params == nil {
			continue // not run (cancelled)
		}
		written = append(written, res.files...)
		nums = append(nums, res.simNum)
		params = append(params, res.params)
	}
	if err := ctx.Err(); err != nil && len(nums) < len(todo) {
		return fmt.Errorf("interrupted: %d of %d sims written to %s (rerun with --resume for the rest)", len(nums), len(todo), st.Dir())
	}
	if st == nil {
		return nil // not rank 0
	}
	if len(nums) > 0 {
		if err := gridcells.WriteParamsFile(r.out, simID, nums, params); err != nil {
			return err
		}
		written = append(written, filepath.Join(st.Dir(), simID+".json"))
	}
	if r.specPath != "" {
		spec := filepath.Join(st.Dir(), simID+".spec.json")
		if err := os.WriteFile(spec, data, 0o644); err != nil {
			return err
		}
		written = append(written, spec)
	}
	sort.Strings(written)
	for _, f := range dedup(written) {
		abs, _ := filepath.Abs(f)
		fmt.Fprintln(stdout, "wrote", abs)
	}
	return nil
}

// recordedIDs lists the data_ids a simulation's record handles turn on.
func recordedIDs(s *gridcells.SimParams) []string {
	var ids []string
	for _, hs := range []map[string]*gridcells.RecordHandle{s.RecordHandleStell, s.RecordHandleIntrnrn} {
		for id, h := range hs {
			if h != nil && h.State {
				ids = append(ids, id)
			}
		}
	}
	sort.Strings(ids)
	return ids
}

// anyGroup reports whether a data file of ids already holds sim_num.
func anyGroup(st *store.Store, simNum int, ids []string) (bool, error) {
	for _, id := range ids {
		nums, err := st.SimNums(id)
		if err != nil {
			if errors.Is(err, store.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
				continue
			}
			return false, err
		}
		for _, n := range nums {
			if n == simNum {
				return true, nil
			}
		}
	}
	return false, nil
}

// runGridcellsSim builds (unless n is given), runs and writes one
// simulation; it returns its parameters for the params file and the
// files written.
func runGridcellsSim(ctx context.Context, n *gridcells.Network, sm gridcells.Sim, opt *gridcells.BuildOptions, st *store.Store,
	r gridcellsRun, threads int, label string, stderr io.Writer) ([]byte, []string, error) {
	start := time.Now()
	if n == nil {
		var err error
		if n, err = gridcells.NewNetworkWith(sm.Model, sm.Sim, opt); err != nil {
			return nil, nil, fmt.Errorf("sim_num %d: %w", sm.SimNum, err)
		}
	}
	opts := &sim.Options{Threads: threads, Progress: progressPrinter(stderr, label)}
	distribute(opts)
	if err := r.costs.apply(opts); err != nil {
		return nil, nil, err
	}
	s, err := sim.Build(n.Net, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("sim_num %d: %w", sm.SimNum, err)
	}
	res, err := s.Run(ctx, n.Sim.SimDur*sim.Millisecond)
	if err == nil {
		err = r.costs.save(s)
	}
	if err != nil {
		if res != nil && !res.Complete {
			return nil, nil, fmt.Errorf("%s interrupted at %.3f s of %.3f s: nothing written for it (rerun with --resume): %w", label, res.Duration, sm.Sim.SimDur/1000, err)
		}
		return nil, nil, fmt.Errorf("sim_num %d: %w", sm.SimNum, err)
	}
	info := gridcells.RunInfo{Version: version, Start: start, Wall: time.Since(start), NoParamsFile: true}
	if st == nil {
		return []byte("{}"), nil, nil // not rank 0: rank 0 writes
	}
	if err := n.Write(r.out, res, info); err != nil {
		return nil, nil, err
	}
	var files []string
	for _, rec := range n.Records {
		files = append(files, st.Path(rec.DataID))
	}
	params, err := gridcells.ParamsOf(n.Model, n.Sim, info)
	if err != nil {
		return nil, nil, err
	}
	if r.plot {
		png, err := gridcellsRaster(n, res, st, sm.SimNum)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, png)
	}
	return params, files, nil
}

// gridcellsRaster draws the run's raster (stellates, then interneurons)
// to DIR/<sim_id>/raster_<sim_id>_<sim_num>.png.
func gridcellsRaster(n *gridcells.Network, res *sim.Result, st *store.Store, simNum int) (string, error) {
	var pops []plotting.Spikes
	for _, name := range []string{gridcells.StellName, gridcells.IntrnrnName} {
		s, ok := res.Spikes[name]
		if !ok {
			continue
		}
		pops = append(pops, plotting.Spikes{Name: name, Offset: s.GidOffset, Index: s.Index, Times: s.Time})
	}
	if len(pops) == 0 {
		return "", nil
	}
	title := fmt.Sprintf("%s sim_num %d: GridCellsCond %s, %d cells, %.0f ms", st.SimID(), simNum, n.Model.ConnID,
		n.Model.NStell+n.Model.NIntrnrn, res.Duration*1e3)
	p, err := plotting.Raster(pops, &plotting.RasterOptions{Title: title})
	if err != nil {
		return "", err
	}
	png := filepath.Join(st.Dir(), fmt.Sprintf("raster_%s_%d.png", st.SimID(), simNum))
	if err := plotting.Save(p, png, 0, 0); err != nil {
		return "", err
	}
	return png, nil
}

// gridcellsTodo opens the store of a GridCellsCond run and marks in skip
// the sims not to run (complete, --resume); it fails on sims already
// there without --resume or --force.
func gridcellsTodo(r gridcellsRun, sims []gridcells.Sim, first *gridcells.Network, simID string, skip []byte, stderr io.Writer) (*store.Store, error) {
	st, err := store.Open(r.out, simID, &store.Options{Ext: store.ExtHDF5})
	if err != nil {
		return nil, err
	}
	for k, sm := range sims {
		var ids []string
		n := first
		if sm.SimNum != sims[0].SimNum {
			n = nil
		}
		if n != nil {
			for _, rec := range n.Records {
				ids = append(ids, rec.DataID)
			}
		} else {
			ids = recordedIDs(&sm.Sim)
		}
		done, err := st.Complete(sm.SimNum, ids...)
		if err != nil && !errors.Is(err, os.ErrNotExist) && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		any, err := anyGroup(st, sm.SimNum, ids)
		if err != nil {
			return nil, err
		}
		switch {
		case done && r.resume:
			fmt.Fprintf(stderr, "sim_num %d: complete in %s, skipped (--resume)\n", sm.SimNum, st.Dir())
			skip[k] = 1
		case any && !r.force && !r.resume:
			return nil, fmt.Errorf("sim_num %d is already in %s: use --resume to skip the complete sim_nums or --force to recompute them", sm.SimNum, st.Dir())
		}
	}
	return st, nil
}

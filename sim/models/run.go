package models

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/golgi-sim/golgi/plotting"
	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/mpi"
	"github.com/golgi-sim/golgi/sim/store"
)

// RunOptions are the choices of a Run. The zero value runs every sim on
// the spec's threads and writes no figure.
type RunOptions struct {
	// Out is the results root (default "out").
	Out string
	// Threads is the worker threads of each sim: 0 is automatic (all
	// cores), < 0 keeps the spec's choice.
	Threads int
	// Resume skips the sims already complete; Force recomputes and
	// replaces them. Without either, a sim already written is an error.
	Resume, Force bool
	// Only lists the sim_nums to run; nil runs all.
	Only []int
	// Plot also draws each sim's raster to <dir>/raster_<sim_id>_<n>.png.
	Plot bool
	// SONATASpikes also writes each sim's spikes as a SONATA spike file,
	// <dir>/spikes_<sim_id>_<n>.sonata.h5.
	SONATASpikes bool
	// Version is Golgi's version, stored with the results.
	Version string
	// Configure, if set, completes each sim's run options before it is
	// built (an MPI communicator, measured cell costs).
	Configure func(*sim.Options) error
	// Built, if set, is called after each sim is built, before it runs.
	Built func(*sim.Simulation) error
	// Ran, if set, is called after each sim ran to its end (on every
	// rank: it may be collective), before its results are written.
	Ran func(*sim.Simulation) error
	// Progress, if set, returns the progress callback of the sim a label
	// names.
	Progress func(label string) func(sim.Progress)
	// Log receives what Run reports (sims skipped, sims done and the
	// time left); nil discards it. Ranks other than 0 never write to it.
	Log io.Writer
}

// Run runs the sims of a plan and writes their results to
// <Out>/<sim_id>/ and returns the files written, sorted. On several MPI
// ranks (mpi.Size() > 1) every rank calls Run with the same plan and
// options: rank 0 alone opens the store, decides what to run, reports and
// writes; every rank runs its share of each sim, one sim at a time. On one
// process, a Plan with Parallel runs the sims of a small network several
// at a time, one thread each.
//
// An interrupt (ctx cancelled) stops the running sims at the end of an
// epoch; what completed before stays written, and the error says to rerun
// with Resume for the rest.
func Run(ctx context.Context, p *Plan, o RunOptions) ([]string, error) {
	if p == nil || len(p.Sims) == 0 {
		return nil, errors.New("models: Run: the plan has no sims")
	}
	if o.Resume && o.Force {
		return nil, errors.New("resume and force exclude each other: --resume skips the complete sims, --force recomputes them")
	}
	if o.Out == "" {
		o.Out = "out"
	}
	log := o.Log
	if log == nil || rank() != 0 {
		log = io.Discard
	}
	sims, err := selectSims(p.Sims, o.Only)
	if err != nil {
		return nil, err
	}
	var st *store.Store
	skip := make([]byte, len(sims)) // 1: not to run (complete, Resume)
	if rank() == 0 {
		if st, err = store.Open(o.Out, p.SimID, p.Store); err != nil {
			return nil, err
		}
		if err := markDone(st, sims, o, skip, log); err != nil {
			return nil, err
		}
	}
	distributed := mpi.Size() > 1
	if distributed {
		if err := mpi.Bcast(skip, 0); err != nil {
			return nil, err
		}
	}
	var todo []Sim
	for k, sm := range sims {
		if skip[k] == 0 {
			todo = append(todo, sm)
		}
	}
	workers, threads := 1, o.Threads
	if p.Parallel && len(todo) > 1 && p.Cells <= SmallNetwork && !distributed {
		per := max(1, threads)
		workers = max(1, min(len(todo), runtime.GOMAXPROCS(0)/per))
		threads = per
	}
	dir := filepath.Join(o.Out, p.SimID)
	if st != nil {
		dir = st.Dir()
	}
	what := p.Describe
	if what != "" {
		what = " of " + what
	}
	plural := "s"
	if len(todo) == 1 {
		plural = ""
	}
	fmt.Fprintf(log, "%s: %d sim%s%s, %d at a time, results in %s\n", p.SimID, len(todo), plural, what, workers, dir)

	r := &runner{plan: p, opts: o, st: st, threads: threads, log: log, total: len(todo), start: time.Now()}
	files, ran, err := r.runAll(ctx, todo, workers)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil && len(ran) < len(todo) {
		return nil, fmt.Errorf("interrupted: %d of %d sims written to %s (rerun with --resume for the rest)", len(ran), len(todo), dir)
	}
	if st == nil {
		return nil, nil // not rank 0: rank 0 writes
	}
	if p.Finish != nil {
		more, err := p.Finish(st, ran)
		if err != nil {
			return nil, err
		}
		files = append(files, more...)
	}
	sort.Strings(files)
	return slices.Compact(files), nil
}

// selectSims returns the sims of nums (all for nil), in the plan's order.
func selectSims(sims []Sim, nums []int) ([]Sim, error) {
	if nums == nil {
		return sims, nil
	}
	keep := map[int]bool{}
	for _, n := range nums {
		keep[n] = true
	}
	var sel []Sim
	for _, sm := range sims {
		if keep[sm.Num()] {
			sel = append(sel, sm)
			delete(keep, sm.Num())
		}
	}
	if len(keep) > 0 {
		var missing []int
		for n := range keep {
			missing = append(missing, n)
		}
		sort.Ints(missing)
		return nil, fmt.Errorf("sim_nums %v are not in the spec (it has %d sims, sim_num %d to %d)", missing, len(sims), sims[0].Num(), sims[len(sims)-1].Num())
	}
	return sel, nil
}

// markDone marks in skip the sims not to run (complete, with Resume); it
// fails on a sim already in the store without Resume or Force.
func markDone(st *store.Store, sims []Sim, o RunOptions, skip []byte, log io.Writer) error {
	for k, sm := range sims {
		ids := sm.DataIDs()
		done, err := st.Complete(sm.Num(), ids...)
		if err != nil && !errors.Is(err, os.ErrNotExist) && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		there, err := anyHolds(st, sm.Num(), ids)
		if err != nil {
			return err
		}
		switch {
		case done && o.Resume:
			fmt.Fprintf(log, "sim_num %d: complete in %s, skipped (--resume)\n", sm.Num(), st.Dir())
			skip[k] = 1
		case (there || done) && !o.Force && !o.Resume:
			return fmt.Errorf("sim_num %d is already in %s: use --resume to skip the complete sim_nums or --force to recompute them", sm.Num(), st.Dir())
		}
	}
	return nil
}

// anyHolds reports whether a data file of ids already holds sim_num.
func anyHolds(st *store.Store, simNum int, ids []string) (bool, error) {
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

// runner runs the sims of one Run.
type runner struct {
	plan    *Plan
	opts    RunOptions
	st      *store.Store // nil on ranks other than 0
	threads int
	log     io.Writer

	mu       sync.Mutex
	total    int
	finished int
	start    time.Time
}

// runAll runs todo on workers goroutines and returns the files written
// and the sims that ran, in sim_num order; the first error stops the rest.
func (r *runner) runAll(ctx context.Context, todo []Sim, workers int) ([]string, []Sim, error) {
	type result struct {
		files []string
		ran   bool
		err   error
	}
	results := make([]result, len(todo))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next int
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				r.mu.Lock()
				k := next
				next++
				r.mu.Unlock()
				if k >= len(todo) || ctx.Err() != nil {
					return
				}
				label := fmt.Sprintf("%s sim_num %d (%d/%d)", r.plan.SimID, todo[k].Num(), k+1, len(todo))
				files, err := r.runOne(ctx, todo[k], label)
				results[k] = result{files, err == nil, err}
				if err != nil {
					cancel()
					return
				}
				r.done()
			}
		}()
	}
	wg.Wait()
	// The first failure that is not another sim's cancellation: when a
	// sim fails, the others stop with "interrupted" errors.
	var first error
	for _, res := range results {
		if res.err != nil && (first == nil || errors.Is(first, context.Canceled) && !errors.Is(res.err, context.Canceled)) {
			first = res.err
		}
	}
	if first != nil {
		return nil, nil, first
	}
	var files []string
	var ran []Sim
	for k, res := range results {
		if res.ran {
			files = append(files, res.files...)
			ran = append(ran, todo[k])
		}
	}
	return files, ran, nil
}

// done counts a finished sim and reports the time left.
func (r *runner) done() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finished++
	if r.total > 1 && r.finished < r.total {
		el := time.Since(r.start).Seconds()
		fmt.Fprintf(r.log, "%d/%d sims done, ETA %.0f s\n", r.finished, r.total, el/float64(r.finished)*float64(r.total-r.finished))
	}
}

// runOne builds, runs and (on rank 0) writes one sim.
func (r *runner) runOne(ctx context.Context, sm Sim, label string) ([]string, error) {
	start := time.Now()
	if d, ok := sm.(DirectSim); ok {
		return r.runDirect(ctx, d, label, start)
	}
	net, opts, dur, err := sm.Network()
	if err != nil {
		return nil, fmt.Errorf("sim_num %d: %w", sm.Num(), err)
	}
	if opts == nil {
		opts = &sim.Options{}
	}
	if r.threads >= 0 {
		opts.Threads = r.threads
	}
	if r.opts.Progress != nil && rank() == 0 {
		opts.Progress = r.opts.Progress(label)
	}
	if r.opts.Configure != nil {
		if err := r.opts.Configure(opts); err != nil {
			return nil, err
		}
	}
	s, err := sim.Build(net, opts)
	if err != nil {
		return nil, fmt.Errorf("sim_num %d: %w", sm.Num(), err)
	}
	if r.opts.Built != nil {
		if err := r.opts.Built(s); err != nil {
			return nil, err
		}
	}
	res, err := s.Run(ctx, dur)
	if err == nil && r.opts.Ran != nil {
		err = r.opts.Ran(s)
	}
	if err != nil {
		if res != nil && !res.Complete {
			return nil, fmt.Errorf("%s interrupted at %.3f s of %.3f s: nothing written for it (rerun with --resume): %w", label, res.Duration, dur, err)
		}
		return nil, fmt.Errorf("sim_num %d: %w", sm.Num(), err)
	}
	if r.st == nil {
		return nil, nil // not rank 0: rank 0 writes
	}
	files, err := sm.Write(r.st, res, RunInfo{Version: r.opts.Version, Start: start, Wall: time.Since(start)})
	if err != nil {
		return nil, err
	}
	return r.writeOutputs(files, sm, populationNames(net), net.NumNeurons(), res)
}

// writeOutputs writes the SONATA spikes and the raster of a sim that ran
// when the run asks for them, after files.
func (r *runner) writeOutputs(files []string, sm Sim, pops []string, neurons int, res *sim.Result) ([]string, error) {
	if r.opts.SONATASpikes {
		path, err := writeSONATASpikes(r.st, sm.Num(), pops, res)
		if err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	if r.opts.Plot {
		png, err := drawRaster(r.st, sm, pops, neurons, res)
		if err != nil {
			return nil, err
		}
		if png != "" {
			files = append(files, png)
		}
	}
	return files, nil
}

// writeSONATASpikes writes the spikes of a run as a SONATA spike file,
// node ids by population, and returns its path.
func writeSONATASpikes(st *store.Store, simNum int, names []string, res *sim.Result) (string, error) {
	var pops []store.SONATAPopulation
	for _, name := range names {
		s, ok := res.Spikes[name]
		if !ok {
			continue
		}
		sp := store.SONATAPopulation{Name: name}
		for k := range s.Index {
			sp.NodeIDs = append(sp.NodeIDs, uint64(s.Index[k]))
			sp.TimestampsMs = append(sp.TimestampsMs, s.Time[k]/sim.Millisecond)
		}
		pops = append(pops, sp)
	}
	sort.Slice(pops, func(a, b int) bool { return pops[a].Name < pops[b].Name })
	path := filepath.Join(st.Dir(), fmt.Sprintf("spikes_%s_%d.sonata.h5", st.SimID(), simNum))
	if err := store.WriteSONATASpikes(path, pops, store.SortByTime); err != nil {
		return "", err
	}
	return path, nil
}

// drawRaster draws the spikes of a run, populations in the network's
// order, to <dir>/raster_<sim_id>_<sim_num>.png and returns its path
// ("" when no population's spikes were recorded).
func drawRaster(st *store.Store, sm Sim, names []string, neurons int, res *sim.Result) (string, error) {
	var pops []plotting.Spikes
	for _, name := range names {
		s, ok := res.Spikes[name]
		if !ok {
			continue
		}
		pops = append(pops, plotting.Spikes{Name: name, Offset: s.GidOffset, Index: s.Index, Times: s.Time})
	}
	if len(pops) == 0 {
		return "", nil
	}
	title := fmt.Sprintf("%s sim_num %d: %s, %d neurons, %.0f ms", st.SimID(), sm.Num(), sm.Title(), neurons, res.Duration*1e3)
	p, err := plotting.Raster(pops, &plotting.RasterOptions{Title: title})
	if err != nil {
		return "", err
	}
	png := filepath.Join(st.Dir(), fmt.Sprintf("raster_%s_%d.png", st.SimID(), sm.Num()))
	if err := plotting.Save(p, png, 0, 0); err != nil {
		return "", err
	}
	return png, nil
}

// populationNames returns the names of a network's populations, in order.
func populationNames(net *sim.Network) []string {
	names := make([]string, len(net.Populations))
	for i, p := range net.Populations {
		names[i] = p.Name
	}
	return names
}

// runDirect runs a DirectSim and (on rank 0) writes it. Under MPI every
// rank calls RunDirect, which distributes the sim over the ranks itself.
func (r *runner) runDirect(ctx context.Context, d DirectSim, label string, start time.Time) ([]string, error) {
	var progress func(sim.Progress)
	if r.opts.Progress != nil && rank() == 0 {
		progress = r.opts.Progress(label)
	}
	res, err := d.RunDirect(ctx, r.threads, progress)
	if err != nil {
		if res != nil && !res.Complete {
			return nil, fmt.Errorf("%s interrupted at %.3f s: nothing written for it (rerun with --resume): %w", label, res.Duration, err)
		}
		return nil, fmt.Errorf("sim_num %d: %w", d.Num(), err)
	}
	if r.st == nil {
		return nil, nil // not rank 0: rank 0 writes
	}
	files, err := d.Write(r.st, res, RunInfo{Version: r.opts.Version, Start: start, Wall: time.Since(start)})
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(res.Spikes))
	neurons := 0
	for name, s := range res.Spikes {
		names = append(names, name)
		neurons += s.N
	}
	sort.Strings(names)
	return r.writeOutputs(files, d, names, neurons, res)
}

// rank returns this process's MPI rank (a variable for tests).
var rank = mpi.Rank

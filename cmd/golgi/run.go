package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/golgi-sim/golgi/analysis"
	"github.com/golgi-sim/golgi/plotting"
	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/mpi"
	"github.com/golgi-sim/golgi/sim/spec"
	"github.com/golgi-sim/golgi/sim/store"
)

// defaultSpec is the main job of `make run`: the COBA benchmark network.
const defaultSpec = `{"model": "coba"}`

func cmdRun(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "out", "output directory: results go to DIR/<sim_id>/")
	simID := fs.String("sim-id", "", "name of this sweep (default: the spec file's name)")
	threads := fs.Int("threads", -1, "worker threads (0: automatic; default: the spec's threads key)")
	resume := fs.Bool("resume", false, "skip the sim_nums already complete in DIR/<sim_id>")
	force := fs.Bool("force", false, "recompute and replace sim_nums already written")
	plot := fs.Bool("plot", true, "also write a raster PNG of each sim_num")
	sonata := fs.Bool("sonata", false, "also write each sim_num's spikes as a SONATA spike file, DIR/<sim_id>/spikes_<sim_id>_<sim_num>.sonata.h5 (for NEURON, neurodamus and BMTK tools)")
	var sets setFlags
	fs.Var(&sets, "set", "GridCellsCond: override a parameter in every sim, KEY=JSON (repeatable), e.g. --set sim_dur=500")
	only := fs.String("sims", "", "GridCellsCond: run only these sim_nums (comma-separated)")
	trajDir := fs.String("traj-dir", "", "GridCellsCond: directory of the trajectory files traj_<traj_id>.hdf5 (default input_data/trajectories)")
	needMPI := fs.Bool("mpi", false, "require the MPI build (bin/golgi-mpi): fail on a binary built without MPI")
	costs := addCostFlags(fs)
	padded := fs.Bool("padded-spikes", false, "also write each population's spikes as a NaN-padded neurons x spikes float32 matrix, data_id <population>_spks (as GridCellsCond and older tools expect)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: golgi run [SPEC.json] [flags]

Runs every sim_num of a spec (a JSON file naming a model and overriding its
defaults; lists of values make a sweep: see 'golgi spec show MODEL') and
writes HDF5 results to DIR/<sim_id>/<data_id>_<sim_id>.h5, group /<sim_num>:
spikes (compound gid, t_ms), recorded variables (neurons x samples),
rate (population rates). Without SPEC it runs the default network (COBA).

A spec with "model": "gridcellscond" takes the keys of GridCellsCond's
parameter files (Shaikh & Assisi 2025) and writes the original's files:
DIR/<sim_id>/<data_id>_<sim_id>.hdf5, group <sim_num>, and <sim_id>.json;
"sims": {"0": {...}, ...} gives the simulations of a multi-run, and small
networks' sims run in parallel, one per core.

Under mpirun, bin/golgi-mpi (make mpi) runs each sim over all ranks, with
the same spikes as one process; rank 0 writes the same files. Gids are
dealt to ranks round-robin, or by measured cost: --write-cost FILE on one
run, --balance FILE on the next (docs/MPI.md).

flags:`)
		fs.PrintDefaults()
	}
	var specPath string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		specPath, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return errUsage
	}
	if specPath == "" && fs.NArg() > 0 {
		specPath = fs.Arg(0)
	}
	if *resume && *force {
		return errors.New("--resume and --force exclude each other")
	}
	if err := requireMPI(*needMPI); err != nil {
		return err
	}
	// On several MPI ranks, rank 0 alone opens the store, prints and
	// writes; the others compute their share and send it to rank 0.
	info := infoWriter(stderr)
	var sp *spec.Spec
	var err error
	if specPath != "" {
		data, err := os.ReadFile(specPath)
		if err != nil {
			return err
		}
		if specModel(data) == "gridcellscond" {
			ctx, stop := interruptContext()
			defer stop()
			override, err := sets.object()
			if err != nil {
				return err
			}
			nums, err := parseSimNums(*only)
			if err != nil {
				return err
			}
			return runGridcells(ctx, gridcellsRun{specPath: specPath, out: *out, simID: *simID, trajDir: *trajDir,
				threads: *threads, resume: *resume, force: *force, plot: *plot, override: override, only: nums, costs: costs}, data, stdout, stderr)
		}
	}
	if len(sets) > 0 || *only != "" {
		return errors.New("--set and --sims apply to GridCellsCond specs; other specs sweep with lists and \"sims\" in the spec")
	}
	if specPath == "" {
		sp, err = spec.Parse([]byte(defaultSpec), "coba")
	} else {
		sp, err = spec.Load(specPath)
	}
	if err != nil {
		return err
	}
	id := *simID
	if id == "" {
		id = strings.TrimSuffix(filepath.Base(sp.Name()), filepath.Ext(sp.Name()))
	}
	sims, err := sp.Sims()
	if err != nil {
		return err
	}
	var st *store.Store
	skip := make([]byte, len(sims)) // 1: complete, skipped (--resume)
	if mpi.Rank() == 0 {
		if st, err = store.Open(*out, id, nil); err != nil {
			return err
		}
		for k, sm := range sims {
			label := fmt.Sprintf("sim_num %d (%d/%d)", sm.SimNum, k+1, len(sims))
			done, err := st.Complete(sm.SimNum, "spikes")
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
			if done {
				switch {
				case *resume:
					fmt.Fprintf(stderr, "%s: complete in %s, skipped (--resume)\n", label, st.Dir())
					skip[k] = 1
				case !*force:
					return fmt.Errorf("%s is already in %s: use --resume to skip the complete sim_nums or --force to recompute them", label, st.Dir())
				}
			}
		}
	}
	if distributed() {
		if err := mpi.Bcast(skip, 0); err != nil {
			return err
		}
		fmt.Fprintf(info, "MPI: %d ranks x %s threads; each rank builds and steps its share of the cells (%s) and the synapses onto them;\n"+
			"results are gathered to rank 0, which writes them as one process would (same files)\n", mpi.Size(), threadsText(*threads), costs.describe())
	}
	ctx, stop := interruptContext()
	defer stop()
	var written []string
	start := time.Now()
	for k, sm := range sims {
		if skip[k] != 0 {
			continue
		}
		label := fmt.Sprintf("sim_num %d (%d/%d)", sm.SimNum, k+1, len(sims))
		files, err := runOne(ctx, st, sm, *threads, outputs{plot: *plot, padded: *padded, sonata: *sonata}, costs, label, info)
		if err != nil {
			return err
		}
		written = append(written, files...)
		if k+1 < len(sims) {
			el := time.Since(start).Seconds()
			fmt.Fprintf(info, "%d/%d sims done, ETA %.0f s\n", k+1, len(sims), el/float64(k+1)*float64(len(sims)-k-1))
		}
	}
	sort.Strings(written)
	for _, f := range dedup(written) {
		abs, _ := filepath.Abs(f)
		fmt.Fprintln(stdout, "wrote", abs)
	}
	return nil
}

// outputs selects what runOne writes besides the HDF5 data.
type outputs struct{ plot, padded, sonata bool }

// threadsText describes the --threads flag's value.
func threadsText(threads int) string {
	if threads < 0 {
		return "the spec's"
	}
	if threads == 0 {
		return "automatic"
	}
	return fmt.Sprint(threads)
}

// runOne runs one sim_num and writes its data into st; it returns the
// files written. On several MPI ranks every rank runs its share and rank
// 0, the only one with a store, writes.

func runOne(ctx context.Context, st *store.Store, sm spec.Sim, threads int, o outputs, costs *costFlags, label string, stderr io.Writer) ([]string, error) {
	net, info, err := sm.Network()
	if err != nil {
		return nil, err
	}
	opts := info.Options()
	if threads >= 0 {
		opts.Threads = threads
	}
	opts.Progress = progressPrinter(stderr, label)
	distribute(opts)
	if err := costs.apply(opts); err != nil {
		return nil, err
	}
	runStart := time.Now()
	s, err := sim.Build(net, opts)
	if err != nil {
		return nil, err
	}
	if err := injectFailure(); err != nil {
		return nil, err
	}
	res, err := s.Run(ctx, info.Duration)
	if err != nil {
		if res != nil && !res.Complete {
			return nil, fmt.Errorf("%s interrupted at %.3f s of %.3f s: nothing written for it (rerun with --resume): %w", label, res.Duration, info.Duration, err)
		}
		return nil, err
	}
	if err := costs.save(s); err != nil {
		return nil, err
	}
	if st == nil {
		return nil, nil // not rank 0: rank 0 writes
	}
	group := store.Run{Params: sm.JSON(), Seed: sm.Seed, Version: version, Time: runStart}.Attrs()
	var files []string
	// Recorded variables first, spikes last: "spikes" complete marks the
	// sim_num complete for --resume.
	byVar := map[string]int{}
	for _, tr := range res.Traces {
		byVar[tr.Variable]++
	}
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
			rows[i] = make([]float32, len(v))
			for j, x := range v {
				rows[i][j] = float32(x)
			}
			gids[i] = uint64(off + tr.Neurons[i])
		}
		m, err := store.Matrix32FromRows(rows)
		if err != nil {
			return nil, err
		}
		attrs := store.Attrs{"unit": tr.Unit, "dt_ms": tr.Interval / sim.Millisecond, "t_start_ms": 0.0,
			"population": tr.Population, "gids": gids, "variable": tr.Variable}
		if err := st.WriteMatrix32(sm.SimNum, dataID, m, attrs, group); err != nil {
			return nil, err
		}
		files = append(files, st.Path(dataID))
	}
	// Population rates, 1 ms bins.
	names := sortedKeys(res.Spikes)
	if len(names) > 0 {
		const bin = 1 * sim.Millisecond
		var rows [][]float32
		for _, name := range names {
			sp := res.Spikes[name]
			r, err := analysis.PopulationRate(sp.Time, sp.N, 0, res.Duration, bin)
			if err != nil {
				return nil, fmt.Errorf("rate of %s: %w", name, err)
			}
			row := make([]float32, len(r.Hz))
			for i, x := range r.Hz {
				row[i] = float32(x)
			}
			rows = append(rows, row)
		}
		m, err := store.Matrix32FromRows(rows)
		if err != nil {
			return nil, err
		}
		attrs := store.Attrs{"unit": "Hz", "dt_ms": bin / sim.Millisecond, "t_start_ms": 0.0,
			"populations": strings.Join(names, ",")}
		if err := st.WriteMatrix32(sm.SimNum, "rate", m, attrs, group); err != nil {
			return nil, err
		}
		files = append(files, st.Path("rate"))
	}
	if o.padded {
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
			if err := st.WriteSpikesPadded(sm.SimNum, dataID, trains, attrs, group); err != nil {
				return nil, err
			}
			files = append(files, st.Path(dataID))
		}
	}
	// Spikes of every recorded population, by global gid, sorted by time.
	var sp store.Spikes
	var offsets, sizes []uint64
	type ev struct {
		t   float64
		gid uint64
	}
	var all []ev
	for _, name := range names {
		s := res.Spikes[name]
		offsets = append(offsets, uint64(s.GidOffset))
		sizes = append(sizes, uint64(s.N))
		for k := range s.Index {
			all = append(all, ev{s.Time[k] / sim.Millisecond, uint64(s.GidOffset) + uint64(s.Index[k])})
		}
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].t != all[b].t {
			return all[a].t < all[b].t
		}
		return all[a].gid < all[b].gid
	})
	for _, e := range all {
		sp.GIDs = append(sp.GIDs, e.gid)
		sp.TimesMs = append(sp.TimesMs, e.t)
	}
	attrs := store.Attrs{"unit": "ms", "dt_ms": res.Dt / sim.Millisecond, "t_start_ms": 0.0, "t_stop_ms": res.Duration / sim.Millisecond,
		"populations": strings.Join(names, ","), "population_offsets": offsets, "population_sizes": sizes,
		"convention": res.Convention.String()}
	if err := st.WriteSpikes(sm.SimNum, "spikes", sp, attrs, group); err != nil {
		return nil, err
	}
	files = append(files, st.Path("spikes"))
	if o.sonata {
		var pops []store.SONATAPopulation
		for _, name := range names {
			s := res.Spikes[name]
			p := store.SONATAPopulation{Name: name}
			for k := range s.Index {
				p.NodeIDs = append(p.NodeIDs, uint64(s.Index[k]))
				p.TimestampsMs = append(p.TimestampsMs, s.Time[k]/sim.Millisecond)
			}
			pops = append(pops, p)
		}
		path := filepath.Join(st.Dir(), fmt.Sprintf("spikes_%s_%d.sonata.h5", st.SimID(), sm.SimNum))
		if err := store.WriteSONATASpikes(path, pops, store.SortByTime); err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	if o.plot && len(names) > 0 {
		var pops []plotting.Spikes
		for _, name := range names {
			s := res.Spikes[name]
			pops = append(pops, plotting.Spikes{Name: name, Offset: s.GidOffset, Index: s.Index, Times: s.Time})
		}
		p, err := plotting.Raster(pops, &plotting.RasterOptions{Title: fmt.Sprintf("%s sim_num %d: %d neurons, %.0f ms", sm.Model, sm.SimNum, net.NumNeurons(), res.Duration*1e3)})
		if err != nil {
			return nil, err
		}
		png := filepath.Join(st.Dir(), fmt.Sprintf("raster_%s_%d.png", st.SimID(), sm.SimNum))
		if err := plotting.Save(p, png, 0, 0); err != nil {
			return nil, err
		}
		files = append(files, png)
	}
	return files, nil
}

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

func dedup(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
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

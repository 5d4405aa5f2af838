package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/mpi"
)

// defaultSpec is the main job of `make run`: the COBA benchmark network.
const defaultSpec = `{"model": "coba"}`

// runUsage is the help of golgi run before the flags; the families add
// what their specs are.
const runUsage = `usage: golgi run [SPEC.json] [flags]

Runs every sim_num of a spec and writes HDF5 results to DIR/<sim_id>/,
one file per data_id, one group per sim_num. The model family that reads
the spec (listed below) builds each simulation's network. Without
SPEC it runs the default network (COBA).

Under mpirun, bin/golgi-mpi (make mpi) runs each sim over all ranks, with
the same spikes as one process; rank 0 writes the same files. Gids are
dealt to ranks round-robin, or by measured cost: --write-cost FILE on one
run, --balance FILE on the next (docs/MPI.md).`

func cmdRun(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "out", "output directory: results go to DIR/<sim_id>/")
	simID := fs.String("sim-id", "", "name of this sweep (default: the spec's sim_id or the spec file's name)")
	threads := fs.Int("threads", -1, "worker threads (0: automatic; default: the spec's threads key)")
	resume := fs.Bool("resume", false, "skip the sim_nums already complete in DIR/<sim_id>")
	force := fs.Bool("force", false, "recompute and replace sim_nums already written")
	plot := fs.Bool("plot", true, "also write a raster PNG of each sim_num")
	sonata := fs.Bool("sonata", false, "also write each sim_num's spikes as a SONATA spike file, DIR/<sim_id>/spikes_<sim_id>_<sim_num>.sonata.h5 (for NEURON, neurodamus and BMTK tools)")
	var sets setFlags
	fs.Var(&sets, "set", "override a parameter in every sim, KEY=JSON (repeatable), e.g. --set duration_s=0.5")
	only := fs.String("sims", "", "run only these sim_nums (comma-separated)")
	needMPI := fs.Bool("mpi", false, "require the MPI build (bin/golgi-mpi): fail on a binary built without MPI")
	dryRun := fs.Bool("dry-run", false, "read the spec and print what each rank would build, its estimated cost and memory, without running (families that have it: sonata)")
	dryRanks := fs.Int("ranks", 0, "with --dry-run: the ranks to plan for (default: the MPI size)")
	tstop := fs.Float64("tstop", 0, "duration of the run (ms), replacing the spec's (families: sonata, miv; default: the spec's run.tstop, 500 ms for MiV); gridcells and builtin specs take --set instead")
	costs := addCostFlags(fs)
	planners, err := models.AddRunFlags(fs)
	if err != nil {
		return err
	}
	fs.Usage = func() {
		fmt.Fprintln(stderr, runUsage)
		fmt.Fprintln(stderr, "\nmodel families:")
		for _, f := range models.Families() {
			fmt.Fprintf(stderr, "\n  %s: %s\n", f.Name, f.Summary)
			if f.SpecHelp != "" {
				fmt.Fprintf(stderr, "    %s\n", strings.ReplaceAll(f.SpecHelp, "\n", "\n    "))
			}
		}
		fmt.Fprintln(stderr, "\nflags:")
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
	if *tstop < 0 || math.IsNaN(*tstop) || math.IsInf(*tstop, 0) {
		return fmt.Errorf("golgi run: --tstop %g ms: want a duration > 0 (or 0: the spec's)", *tstop)
	}
	req := models.Request{Path: specPath, Data: []byte(defaultSpec), SimID: *simID, Out: *out, Flags: fs, TstopMs: *tstop}
	if specPath != "" {
		if req.Data, err = os.ReadFile(specPath); err != nil {
			return err
		}
	}
	if req.Override, err = sets.object(); err != nil {
		return err
	}
	nums, err := parseSimNums(*only)
	if err != nil {
		return err
	}
	fam, err := models.Claiming(specPath, req.Data)
	if err != nil {
		return err
	}
	plan, err := planners[fam.Name](req)
	if err != nil {
		return err
	}
	if *dryRun {
		if plan.DryRun == nil {
			return fmt.Errorf("--dry-run: the %s family has no dry run", fam.Name)
		}
		ranks := *dryRanks
		if ranks <= 0 {
			ranks = mpi.Size()
		}
		if mpi.Rank() != 0 {
			return nil
		}
		return plan.DryRun(ranks, stdout)
	}
	info := infoWriter(stderr)
	if distributed() {
		how := costs.describe()
		if plan.Distribution != "" {
			how = plan.Distribution
		}
		fmt.Fprintf(info, "MPI: %d ranks x %s threads; each rank builds and steps its share of the cells (%s) and the synapses onto them;\n"+
			"results are gathered to rank 0, which writes them as one process would (same files)\n", mpi.Size(), threadsText(*threads), how)
	}
	ctx, stop := interruptContext()
	defer stop()
	files, err := models.Run(ctx, plan, models.RunOptions{
		Out: *out, Threads: *threads, Resume: *resume, Force: *force, Only: nums,
		Plot: *plot, SONATASpikes: *sonata, Version: version,
		Configure: func(opts *sim.Options) error {
			distribute(opts)
			return costs.apply(opts)
		},
		Built:    func(*sim.Simulation) error { return injectFailure() },
		Ran:      costs.save,
		Progress: func(label string) func(sim.Progress) { return progressPrinter(info, label) },
		Log:      info,
	})
	if err != nil {
		return err
	}
	for _, f := range files {
		abs, _ := filepath.Abs(f)
		fmt.Fprintln(stdout, "wrote", abs)
	}
	return nil
}

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

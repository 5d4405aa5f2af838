package sonata

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/golgi-sim/golgi/internal/atomicfile"
	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/mpi"
	"github.com/golgi-sim/golgi/sim/store"
)

func init() {
	models.MustRegister(&models.Family{
		Name:    "sonata",
		Summary: "SONATA circuits as neurodamus runs them: golgi run simulation_config.json",
		SpecHelp: `A SONATA simulation_config.json (a JSON object with "run" and no
"model" key) runs its circuit as neurodamus does: cells from their
BluePyOpt templates and morphologies, ProbAMPANMDA_EMS/ProbGABAAB_EMS
synapses with neurodamus's Random123 streams, the stimuli, replay, minis,
connection overrides and gap junctions.
The spikes go to <out>/<sim_id>/ as Golgi's spikes data_id and as the
SONATA spike file the configuration names (out.h5 by default);
--sonata-output-dir writes the latter where neurodamus would.`,
		Claims:   claims,
		RunFlags: runFlags,
		Commands: commands(),
	})
}

// claims reports whether data is a SONATA simulation configuration: a
// JSON object with a "run" object and no "model" key (Golgi's specs have
// one).
func claims(_ string, data []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return false
	}
	if _, ok := top["model"]; ok {
		return false
	}
	run, ok := top["run"]
	if !ok {
		return false
	}
	var r map[string]json.RawMessage
	return json.Unmarshal(run, &r) == nil
}

// runFlags registers the family's flags of golgi run.
func runFlags(fs *flag.FlagSet) models.Planner {
	strict := fs.Bool("sonata-strict", false, "sonata: SONATA's semantics where neurodamus departs from them (quirks Q1, Q2 of docs/SONATA.md); the default runs as neurodamus does")
	outDir := fs.String("sonata-output-dir", "", "sonata: also write the SONATA spike file into this directory (\"config\": the configuration's output_dir)")
	balance := fs.String("sonata-balance", BalanceCost, "sonata: under MPI, assign the cells to ranks by estimated cost (cost) or as neurodamus's round robin (round-robin)")
	return func(req models.Request) (*models.Plan, error) {
		if req.Path == "" {
			return nil, errors.New("sonata: a simulation_config.json is read from its file (its paths are relative to it)")
		}
		if req.Override != nil {
			return nil, errors.New("sonata: --set is not supported for SONATA configurations: edit the simulation_config.json")
		}
		compat := !*strict
		s, err := Load(req.Path, &Options{Compat: compat, TstopMS: req.TstopMs})
		if err != nil {
			return nil, err
		}
		defer s.Close()
		if err := checkBuildable(s); err != nil {
			return nil, err
		}
		cells, err := s.Cells()
		if err != nil {
			return nil, err
		}
		n := 0
		for _, sel := range cells.Selections {
			n += len(sel.NodeIDs)
		}
		simID := req.SimID
		if simID == "" {
			simID = strings.TrimSuffix(filepath.Base(req.Path), filepath.Ext(req.Path))
		}
		if *balance != BalanceCost && *balance != BalanceRoundRobin {
			return nil, fmt.Errorf("sonata: --sonata-balance %q, want %s or %s", *balance, BalanceCost, BalanceRoundRobin)
		}
		sm := &sonataSim{path: req.Path, compat: compat, outDir: *outDir, balance: *balance, tstopMS: req.TstopMs}
		dry := func(ranks int, w io.Writer) error {
			s, err := Load(req.Path, &Options{Compat: compat, TstopMS: req.TstopMs})
			if err != nil {
				return err
			}
			defer s.Close()
			return DryRun(s, ranks, *balance, w)
		}
		return &models.Plan{SimID: simID, Sims: []models.Sim{sm}, Cells: n,
			Describe: fmt.Sprintf("%d cells (SONATA, node_set %q)", n, s.Config.NodeSet), DryRun: dry,
			Distribution: distributionText(*balance)}, nil
	}
}

// checkBuildable reports, before anything runs, what BuildNetwork would
// refuse of the configuration: an input module or input type Golgi does
// not build, and a connection override's modoverride other than GluSynapse.
func checkBuildable(s *Simulation) error {
	if err := checkInputs(s.Config); err != nil {
		return fmt.Errorf("%s: %w", s.Config.Path, err)
	}
	for i := range s.Config.ConnectionOverrides {
		if err := checkModOverride(&s.Config.ConnectionOverrides[i]); err != nil {
			return fmt.Errorf("%s: %w", s.Config.Path, err)
		}
	}
	return nil
}

// sonataSim is a SONATA simulation: one sim, run directly (CellGroups and
// NetCons, not a sim.Network).
type sonataSim struct {
	path    string
	compat  bool
	outDir  string
	balance string
	tstopMS float64 // golgi run --tstop, 0: the configuration's

	title   string
	sorting store.Sorting
	spikes  string // the SONATA spike file's base name
	cfgDir  string // the configuration's output_dir
	pops    map[string]uint64
	gidOffs map[string]uint64
	cfgJSON []byte
	net     *Network // the last run's, for its reports
	staging string   // where its reports were streamed
}

func (s *sonataSim) Num() int          { return 0 }
func (s *sonataSim) DataIDs() []string { return []string{"spikes"} }
func (s *sonataSim) Title() string     { return s.title }
func (s *sonataSim) Network() (*sim.Network, *sim.Options, float64, error) {
	return nil, nil, 0, errors.New("sonata: a SONATA simulation runs directly (models.DirectSim)")
}

// RunDirect builds the circuit on threads cell groups (0: one per CPU,
// at most one per cell) and runs it; under MPI (several ranks) each rank
// builds and runs its share of the cells (BuildOptions.Comm), every rank
// returns every spike and rank 0 writes the reports.
func (s *sonataSim) RunDirect(ctx context.Context, threads int, progress func(sim.Progress)) (*sim.Result, error) {
	simu, err := Load(s.path, &Options{Compat: s.compat, TstopMS: s.tstopMS})
	if err != nil {
		return nil, err
	}
	defer simu.Close()
	cells, err := simu.Cells()
	if err != nil {
		return nil, err
	}
	ncells := 0
	for _, sel := range cells.Selections {
		ncells += len(sel.NodeIDs)
	}
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	threads = max(1, min(threads, ncells))
	bo := BuildOptions{Threads: threads, Balance: s.balance}
	ranks, root := mpi.Size(), mpi.Rank() == 0
	if ranks > 1 {
		bo.Comm = mpi.World{}
	}
	net, err := BuildNetworkWith(simu, bo)
	if err != nil {
		return nil, err
	}
	s.net = net
	// Reports are streamed to a staging directory as the run goes, and
	// copied to their places by Write (rank 0's).
	if s.staging != "" {
		os.RemoveAll(s.staging)
		s.staging = ""
	}
	if root {
		if s.staging, err = os.MkdirTemp("", "golgi-sonata-reports-"); err != nil {
			return nil, fmt.Errorf("sonata: %w", err)
		}
		net.StreamReports(s.staging)
	}
	for _, note := range net.Notes {
		if root && (strings.Contains(note, "not written") || strings.Contains(note, "stimulates nothing")) {
			fmt.Fprintln(os.Stderr, "sonata:", note)
		}
	}
	cfg := simu.Config
	s.title = "sonata " + cfg.NodeSet
	s.sorting = store.Sorting(cfg.Output.SpikesSortOrder)
	s.spikes = cfg.Output.SpikesFile
	s.cfgDir = cfg.Output.Dir
	s.pops, s.gidOffs = map[string]uint64{}, map[string]uint64{}
	gm, err := simu.GidMap()
	if err != nil {
		return nil, err
	}
	for _, sel := range cells.Selections {
		s.pops[sel.Population] = uint64(simu.Circuit.Node(sel.Population).Size())
		if s.gidOffs[sel.Population], err = gm.Offset(sel.Population); err != nil {
			return nil, err
		}
	}
	if s.cfgJSON, err = os.ReadFile(s.path); err != nil {
		return nil, err
	}
	dt := cfg.Run.DtMS
	steps := int64(cfg.Run.TstopMS/dt + 1e-9)
	if progress != nil {
		// A report about every 1% of the run (and at its end).
		next := 0.
		net.Net.Progress = func(tMs float64, nspikes int) {
			if tMs < next && tMs < cfg.Run.TstopMS-dt/2 {
				return
			}
			next = tMs + cfg.Run.TstopMS/100
			progress(sim.Progress{Step: int64(tMs/dt + 0.5), Steps: steps, T: tMs * sim.Millisecond,
				Duration: cfg.Run.TstopMS * sim.Millisecond, Spikes: int64(nspikes), Done: tMs >= cfg.Run.TstopMS-dt/2})
		}
	}
	spikes, runErr := net.Run(ctx)
	res := &sim.Result{Dt: dt * sim.Millisecond, Steps: steps, Duration: float64(steps) * dt * sim.Millisecond,
		Complete: runErr == nil, Threads: len(net.Groups), Ranks: ranks, Spikes: map[string]*sim.SpikeTrain{}}
	for pop, size := range s.pops {
		res.Spikes[pop] = &sim.SpikeTrain{Population: pop, N: int(size), GidOffset: int(s.gidOffs[pop])}
	}
	for _, sp := range spikes {
		tr := res.Spikes[sp.Population]
		tr.Index = append(tr.Index, int32(sp.Node))
		tr.Step = append(tr.Step, int32(sp.TMS/dt+0.5)-1)
		tr.Time = append(tr.Time, sp.TMS*sim.Millisecond)
	}
	if runErr != nil {
		if s.staging != "" {
			os.RemoveAll(s.staging)
		}
		s.staging, s.net = "", nil
		res.Complete = false
		if len(spikes) > 0 {
			res.Duration = spikes[len(spikes)-1].TMS * sim.Millisecond
		}
		return res, runErr
	}
	return res, nil
}

// Write stores the spikes (data_id spikes), the SONATA spike file the
// configuration names and a copy of the configuration.
func (s *sonataSim) Write(st *store.Store, res *sim.Result, info models.RunInfo) ([]string, error) {
	defer func() {
		if s.staging != "" {
			os.RemoveAll(s.staging)
			s.staging = ""
		}
	}()
	names := make([]string, 0, len(res.Spikes))
	for name := range res.Spikes {
		names = append(names, name)
	}
	sort.Strings(names)
	group := store.Attrs{"model": "sonata", "config": s.path, "golgi_version": info.Version,
		"wall_s": info.Wall.Seconds(), "started": info.Start.Format(time.RFC3339)}
	ids, err := models.WriteSpikes(st, 0, names, res, group)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, id := range ids {
		files = append(files, st.Path(id))
	}
	var pops []store.SONATAPopulation
	for _, name := range names {
		tr := res.Spikes[name]
		p := store.SONATAPopulation{Name: name}
		for k := range tr.Index {
			p.NodeIDs = append(p.NodeIDs, uint64(tr.Index[k]))
			p.TimestampsMs = append(p.TimestampsMs, tr.Time[k]/sim.Millisecond)
		}
		pops = append(pops, p)
	}
	dirs := []string{st.Dir()}
	switch s.outDir {
	case "":
	case "config":
		dirs = append(dirs, s.cfgDir)
	default:
		dirs = append(dirs, s.outDir)
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("sonata: %w", err)
		}
		path := filepath.Join(d, s.spikes)
		if err := store.WriteSONATASpikes(path, pops, s.sorting); err != nil {
			return nil, err
		}
		files = append(files, path)
		if s.net != nil {
			reports, err := s.net.WriteReports(d)
			if err != nil {
				return nil, err
			}
			files = append(files, reports...)
		}
	}
	cfgCopy := filepath.Join(st.Dir(), st.SimID()+"_simulation_config.json")
	if err := atomicfile.Write(cfgCopy, s.cfgJSON, 0o644); err != nil {
		return nil, fmt.Errorf("sonata: %w", err)
	}
	return append(files, cfgCopy), nil
}

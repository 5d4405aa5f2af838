package miv

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/mpi"
	"github.com/golgi-sim/golgi/sim/store"
)

// DefaultTstopMs is golgi run's duration without --tstop: the cases'
// (rc-separation's t_end and run-network's example --tstop).
const DefaultTstopMs = 500.0

// runFlags registers the family's flags of golgi run; its Planner
// validates the configuration and plans one sim that builds the
// construction in memory and runs the network (RunDirect).
func runFlags(fs *flag.FlagSet) models.Planner {
	morphDir := fs.String("miv-morphology", "", "miv: directory of the populations' SWC files (default: the cases' layout, <config dir>/../datasets)")
	tmplDir := fs.String("miv-templates", "", "miv: directory of the HOC templates (default: <config dir>/../templates)")
	rcRate := fs.Float64("miv-stim-rate", 0, fmt.Sprintf("miv: rate (Hz) of the one Poisson train of the rc-separation rule, for configurations without Stimulus.Peak Rate (0: %d Hz)", DefaultRCRateHz))
	cellsFile := fs.String("miv-cells", "", "miv: run the network of this cells.h5 (with --miv-connections; golgi miv network writes both) instead of constructing it in memory")
	connsFile := fs.String("miv-connections", "", "miv: the connections.h5 of --miv-cells")
	withLFP := fs.Bool("miv-lfp", true, "miv: record the LFP of the configuration's Recording.LFP electrodes (false: none, for speed)")
	recording := fs.String("miv-recording", "", fmt.Sprintf("miv: Recording.Intracellular profile recorded (its section and synaptic quantities; default %q when present; none: no recording)", DefaultRecording))
	return func(req models.Request) (*models.Plan, error) {
		if req.Path == "" {
			return nil, errors.New("miv: a MiV configuration is read from its file (its !include paths are relative to it)")
		}
		if req.Override != nil {
			return nil, errors.New("miv: --set is not supported for MiV configurations: edit the YAML")
		}
		cfg, err := Load(req.Path)
		if err != nil {
			return nil, err
		}
		tstop := DefaultTstopMs
		if req.TstopMs > 0 {
			tstop = req.TstopMs
		}
		if !(*rcRate >= 0) {
			return nil, fmt.Errorf("miv: --miv-stim-rate %g Hz: want a rate >= 0", *rcRate)
		}
		md, td := CaseDirs(req.Path)
		if *morphDir != "" {
			md = *morphDir
		}
		if *tmplDir != "" {
			td = *tmplDir
		}
		if (*cellsFile == "") != (*connsFile == "") {
			return nil, errors.New("miv: --miv-cells and --miv-connections go together (the two files of golgi miv network)")
		}
		if td == "" || (md == "" && *cellsFile == "") {
			return nil, fmt.Errorf("miv: %s: no SWC or template directory found next to it (the cases' ../datasets, ../templates): give --miv-morphology and --miv-templates", req.Path)
		}
		for _, d := range []struct{ flag, dir string }{{"--miv-templates", td}, {"--miv-morphology", md}} {
			if d.dir == "" || (d.flag == "--miv-morphology" && *cellsFile != "") {
				continue
			}
			if fi, err := os.Stat(d.dir); err != nil || !fi.IsDir() {
				return nil, fmt.Errorf("miv: %s %s: not a directory", d.flag, d.dir)
			}
		}
		cells := 0
		for _, r := range cfg.PopulationRanges() {
			cells += r.Count
		}
		simID := req.SimID
		if simID == "" {
			simID = strings.TrimSuffix(filepath.Base(req.Path), filepath.Ext(req.Path))
		}
		s := &mivSim{path: req.Path, tstopMs: tstop, morphDir: md, templatesDir: td, rcRateHz: *rcRate, recording: *recording,
			cellsFile: *cellsFile, connectionsFile: *connsFile, noLFP: !*withLFP}
		return &models.Plan{SimID: simID, Sims: []models.Sim{s}, Cells: cells,
			Describe:     fmt.Sprintf("%d cells (MiV %s, %g ms)", cells, cfg.ModelName, tstop),
			Distribution: DistributionText}, nil
	}
}

// mivSim is a MiV network run: one sim, run directly (CellGroups and
// NetCons, not a sim.Network).
type mivSim struct {
	path                   string
	tstopMs                float64
	morphDir, templatesDir string
	rcRateHz               float64
	recording              string
	// cellsFile and connectionsFile, when set, hold the construction
	// (ReadConstruction) instead of Construct.
	cellsFile, connectionsFile string
	noLFP                      bool

	title  string
	net    *Network // the last run's, for Write
	spikes []Spike  // and its spikes
}

func (s *mivSim) Num() int          { return 0 }
func (s *mivSim) DataIDs() []string { return []string{"spikes"} }
func (s *mivSim) Title() string     { return s.title }
func (s *mivSim) Network() (*sim.Network, *sim.Options, float64, error) {
	return nil, nil, 0, errors.New("miv: a MiV network runs directly (models.DirectSim)")
}

// DistributionText says how golgi run shares a MiV network's cells
// among MPI ranks.
const DistributionText = "MiV's round robin, gid g on rank g mod ranks, the cells coupled by gap junctions on the rank of their smallest gid; " +
	"every rank places every soma and computes the synapses and edges of its own cells, and plays every STIM train"

// RunDirect builds the construction in memory (or reads it from the
// construction files) and the network on threads cell groups (0: one
// per CPU), plays the STIM trains (DefaultStimTrains) and runs it. On
// several MPI ranks every rank computes the somata, trees and gap
// junctions, and the synapses and edges of its share of the cells only
// (ConstructOptions.Ranks; --miv-cells: every rank reads the whole
// construction), and builds and runs its share (NetworkOptions.Comm); every rank returns every spike, and rank 0
// holds the recordings for Write.
func (s *mivSim) RunDirect(ctx context.Context, threads int, progress func(sim.Progress)) (*sim.Result, error) {
	cfg, err := Load(s.path)
	if err != nil {
		return nil, err
	}
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	ranks := mpi.Size()
	var con *Construction
	if s.cellsFile != "" {
		con, err = cfg.ReadConstruction(s.cellsFile, s.connectionsFile)
	} else {
		con, err = cfg.Construct(ConstructOptions{MorphologyDir: s.morphDir, TemplatesDir: s.templatesDir, Workers: threads,
			Ranks: ranks, Rank: mpi.Rank()})
	}
	if err != nil {
		return nil, err
	}
	trains, err := cfg.DefaultStimTrains(s.tstopMs, s.rcRateHz)
	if err != nil {
		return nil, err
	}
	no := NetworkOptions{TemplatesDir: s.templatesDir, Threads: threads, TstopMs: s.tstopMs,
		StimTrains: trains, Recording: s.recording, NoLFP: s.noLFP}
	if ranks > 1 {
		no.Comm = mpi.World{}
	}
	net, err := BuildNetwork(cfg, con, no)
	if err != nil {
		return nil, err
	}
	s.net = net
	s.title = "miv " + cfg.ModelName
	dt := net.DtMs
	steps := int64(s.tstopMs/dt + 1e-9)
	if progress != nil {
		next := 0.
		net.Net.Progress = func(tMs float64, nspikes int) {
			if tMs < next && tMs < s.tstopMs-dt/2 {
				return
			}
			next = tMs + s.tstopMs/100
			progress(sim.Progress{Step: int64(tMs/dt + 0.5), Steps: steps, T: tMs * sim.Millisecond,
				Duration: s.tstopMs * sim.Millisecond, Spikes: int64(nspikes), Done: tMs >= s.tstopMs-dt/2})
		}
	}
	spikes, runErr := net.Run(ctx)
	res := &sim.Result{Dt: dt * sim.Millisecond, Steps: steps, Duration: float64(steps) * dt * sim.Millisecond,
		Complete: runErr == nil, Threads: len(net.Groups), Ranks: ranks, Spikes: map[string]*sim.SpikeTrain{}}
	for _, r := range cfg.PopulationRanges() {
		if r.Count > 0 {
			res.Spikes[r.Name] = &sim.SpikeTrain{Population: r.Name, N: r.Count, GidOffset: r.Start}
		}
	}
	for _, sp := range spikes {
		tr := res.Spikes[sp.Population]
		tr.Index = append(tr.Index, int32(sp.Gid-tr.GidOffset))
		// The step whose end is at or after the spike (a cell's spike is
		// at a step's end; a STIM spike anywhere in it), from 0.
		tr.Step = append(tr.Step, max(0, int32(math.Ceil(sp.TMs/dt-1e-9))-1))
		tr.Time = append(tr.Time, sp.TMs*sim.Millisecond)
	}
	if runErr != nil {
		res.Complete = false
		res.Duration = float64(net.steps) * dt * sim.Millisecond
		s.net = nil
		return res, runErr
	}
	s.spikes = spikes
	return res, nil
}

// Write stores the spikes (data_id spikes, STIM included), the traces
// of the recording profile (a data_id per quantity label, v for the
// label v: a row per trace, writeIntracellular) and MiV's results file
// <Model Name>_results.h5 in the sim_id directory: the spikes as Spike
// Events namespaces, the traces as Intracellular <rec id> namespaces and
// the LFP of every electrode as /Local Field Potential <label>/{t, v}
// (SPEC 4.4, WriteResults).
func (s *mivSim) Write(st *store.Store, res *sim.Result, info models.RunInfo) ([]string, error) {
	names := make([]string, 0, len(res.Spikes))
	for name := range res.Spikes {
		names = append(names, name)
	}
	sort.Strings(names)
	group := store.Attrs{"model": "miv", "config": s.path, "golgi_version": info.Version,
		"wall_s": info.Wall.Seconds(), "started": info.Start.Format(time.RFC3339)}
	ids, err := models.WriteSpikes(st, 0, names, res, group)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, id := range ids {
		files = append(files, st.Path(id))
	}
	if s.net == nil {
		return files, nil
	}
	if r := s.net.Intracellular; r != nil && len(r.Traces) > 0 {
		ids, err := writeIntracellular(st, r, group)
		for _, id := range ids {
			files = append(files, st.Path(id))
		}
		if err != nil {
			return nil, err
		}
	}
	path, err := s.net.WriteResults(st.Dir(), s.spikes)
	if err != nil {
		return nil, err
	}
	return append(files, path), nil
}

// WriteResults writes MiV's results file <Model Name>_results.h5 (or
// results.h5 without a model name) into dir (SPEC 4.4) and returns its
// path: /H5Types; the spikes of the run (spikes, as Run returns them)
// as each population's Spike Events namespace, for every cell that
// spiked: t (ms, float32, every spike), Trial Index (uint8, 0 for every
// spike: one trial), Trial Duration (float32, the run's duration, one
// value) and artificial (uint8, 1 for a STIM cell, one value); the
// intracellular traces (intracellularNamespaces: Intracellular <rec id>,
// per cell <label> and t, float32); and the LFP of every electrode, /Local Field Potential <label>/t and v (ms,
// mV; float32 as MiV's lfpout writes them).
func (n *Network) WriteResults(dir string, spikes []Spike) (string, error) {
	name := "results.h5"
	if n.Config.ModelName != "" {
		name = n.Config.ModelName + "_results.h5"
	}
	types, err := n.Config.H5Types()
	if err != nil {
		return "", err
	}
	f := store.NeuroH5File{Types: types}
	byPop := map[string]map[int][]float32{}
	for _, sp := range spikes {
		if byPop[sp.Population] == nil {
			byPop[sp.Population] = map[int][]float32{}
		}
		byPop[sp.Population][sp.Gid] = append(byPop[sp.Population][sp.Gid], float32(sp.TMs))
	}
	for _, r := range n.Config.PopulationRanges() {
		cells := byPop[r.Name]
		if len(cells) == 0 {
			continue
		}
		gids := make([]int, 0, len(cells))
		for g := range cells {
			gids = append(gids, g)
		}
		sort.Ints(gids)
		var t []float32
		var trial []uint8
		idx := make([]uint32, len(gids))
		ptr, one := make([]uint64, len(gids)+1), make([]uint64, len(gids)+1)
		dur, art := make([]float32, len(gids)), make([]uint8, len(gids))
		for i, g := range gids {
			idx[i] = uint32(g - r.Start)
			t = append(t, cells[g]...)
			trial = append(trial, make([]uint8, len(cells[g]))...)
			ptr[i+1], one[i+1] = uint64(len(t)), uint64(i+1)
			dur[i] = float32(n.TstopMs)
			if n.Config.isArtificial(r.Name) {
				art[i] = 1
			}
		}
		f.Namespaces = append(f.Namespaces, store.NeuroH5Namespace{Population: r.Name, Name: "Spike Events", Attributes: []store.NeuroH5Attribute{
			{Name: "t", Index: idx, Pointer: ptr, Values: t},
			{Name: "Trial Index", Index: idx, Pointer: ptr, Values: trial},
			{Name: "Trial Duration", Index: idx, Pointer: one, Values: dur},
			{Name: "artificial", Index: idx, Pointer: one, Values: art},
		}})
	}
	f.Namespaces = append(f.Namespaces, n.intracellularNamespaces()...)
	for _, e := range n.LFP {
		g := "Local Field Potential " + e.Label
		f.Datasets = append(f.Datasets, store.Dataset{Group: g, Name: "t", Data: e.Sampler.TMs, Float32: true, Attrs: store.Attrs{"unit": "ms"}},
			store.Dataset{Group: g, Name: "v", Data: e.Sampler.VMV, Float32: true, Attrs: store.Attrs{"unit": "mV"}})
	}
	path := filepath.Join(dir, name)
	if err := store.WriteNeuroH5File(path, &f, nil); err != nil {
		return "", fmt.Errorf("miv: %w", err)
	}
	return path, nil
}

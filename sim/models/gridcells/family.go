package gridcells

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/analysis/frames"
	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/store"
)

// FamilyName is the family's name in the registry: golgi gridcells
// COMMAND runs its tools.
const FamilyName = "gridcells"

func init() {
	models.MustRegister(&models.Family{
		Name:    FamilyName,
		Summary: "GridCellsCond (Shaikh & Assisi 2025): grid-cell networks of stellates and interneurons",
		SpecHelp: `A spec with "model": "gridcellscond" takes the keys of GridCellsCond's
parameter files and writes the original's files: DIR/<sim_id>/<data_id>_
<sim_id>.hdf5, group <sim_num>, and <sim_id>.json; "sims": {"0": {...}, ...}
gives the simulations of a multi-run, and small networks' sims run in
parallel, one per core (docs/GRIDCELLS.md).`,
		Claims:     claims,
		RunFlags:   runFlags,
		Commands:   commands(),
		Benchmarks: []models.Benchmark{benchmark()},
	})
}

// claims reports whether data is a GridCellsCond spec.
func claims(_ string, data []byte) bool {
	var head struct {
		Model string `json:"model"`
	}
	return json.Unmarshal(data, &head) == nil && head.Model == ModelName
}

// runFlags registers the family's flags of golgi run.
func runFlags(fs *flag.FlagSet) models.Planner {
	trajDir := fs.String("traj-dir", "", "gridcells: directory of the trajectory files traj_<traj_id>.hdf5 (default input_data/trajectories)")
	return func(req models.Request) (*models.Plan, error) {
		if req.TstopMs > 0 {
			return nil, errors.New("gridcells: --tstop is for SONATA and MiV configurations: give the duration as --set sim_dur=MS")
		}
		return Plan(req, &BuildOptions{TrajectoryDir: *trajDir})
	}
}

// Plan parses a GridCellsCond spec into the plan golgi run runs: every
// simulation validated and the first network built, so that a missing
// trajectory or saved matrix is reported before anything runs. Each
// simulation writes the original's files; the sweep's parameters file
// <sim_id>.json and a copy of the spec, <sim_id>.spec.json, are written
// after the simulations that ran.
func Plan(req models.Request, opt *BuildOptions) (*models.Plan, error) {
	name := req.Path
	if name == "" {
		name = "spec"
	}
	sims, err := ParseSpecOverride(req.Data, req.Override)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	simID := req.SimID
	if simID == "" {
		if id := string(sims[0].Sim.SimID); id != "" && id != "0" {
			simID = id
		} else if req.Path != "" {
			simID = strings.TrimSuffix(filepath.Base(req.Path), filepath.Ext(req.Path))
		} else {
			simID = ModelName
		}
	}
	p := &models.Plan{SimID: simID, Store: &store.Options{Ext: store.ExtHDF5}, Parallel: true}
	for k := range sims {
		if id := string(sims[k].Sim.SimID); req.SimID == "" && id != "" && id != "0" && id != simID {
			return nil, fmt.Errorf("%s: sim_num %d has sim_id %q, sim_num %d %q: one spec writes one sim_id", name, sims[k].SimNum, id, sims[0].SimNum, simID)
		}
		sims[k].Sim.SimID = Name(simID)
		if err := Validate(&sims[k].Model, &sims[k].Sim); err != nil {
			return nil, fmt.Errorf("%s: sim_num %d: %w", name, sims[k].SimNum, err)
		}
		p.Sims = append(p.Sims, &planSim{sm: sims[k], opt: opt, out: req.Out})
	}
	first := p.Sims[0].(*planSim)
	if first.net, err = NewNetworkWith(first.sm.Model, first.sm.Sim, opt); err != nil {
		return nil, fmt.Errorf("%s: sim_num %d: %w", name, first.sm.SimNum, err)
	}
	m := sims[0].Model
	p.Cells = m.NStell + m.NIntrnrn
	p.Describe = fmt.Sprintf("%d cells (%s)", p.Cells, m.ConnID)
	p.Finish = func(st *store.Store, ran []models.Sim) ([]string, error) {
		return finish(st, req, ran)
	}
	return p, nil
}

// finish writes the parameters file of the sims that ran and a copy of
// the spec.
func finish(st *store.Store, req models.Request, ran []models.Sim) ([]string, error) {
	var files []string
	var nums []int
	var params [][]byte
	for _, s := range ran {
		ps := s.(*planSim)
		nums = append(nums, ps.sm.SimNum)
		params = append(params, ps.params)
	}
	if len(nums) > 0 {
		if err := WriteParamsFile(filepath.Dir(st.Dir()), st.SimID(), nums, params); err != nil {
			return nil, err
		}
		files = append(files, filepath.Join(st.Dir(), st.SimID()+".json"))
	}
	if req.Path != "" {
		path := filepath.Join(st.Dir(), st.SimID()+".spec.json")
		if err := os.WriteFile(path, req.Data, 0o644); err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	return files, nil
}

// planSim is one simulation of a GridCellsCond plan.
type planSim struct {
	sm     Sim
	opt    *BuildOptions
	out    string
	net    *Network // built by Plan (the first) or Network
	params []byte   // for the parameters file, set by Write
}

func (s *planSim) Num() int      { return s.sm.SimNum }
func (s *planSim) Title() string { return "GridCellsCond " + string(s.sm.Model.ConnID) }

// DataIDs are the data_ids the sim's record handles turn on.
func (s *planSim) DataIDs() []string {
	if s.net != nil {
		ids := make([]string, len(s.net.Records))
		for i, rec := range s.net.Records {
			ids[i] = rec.DataID
		}
		return ids
	}
	var ids []string
	for _, hs := range []map[string]*RecordHandle{s.sm.Sim.RecordHandleStell, s.sm.Sim.RecordHandleIntrnrn} {
		for id, h := range hs {
			if h != nil && h.State {
				ids = append(ids, id)
			}
		}
	}
	sort.Strings(ids)
	return ids
}

func (s *planSim) Network() (*sim.Network, *sim.Options, float64, error) {
	if s.net == nil {
		n, err := NewNetworkWith(s.sm.Model, s.sm.Sim, s.opt)
		if err != nil {
			return nil, nil, 0, err
		}
		s.net = n
	}
	return s.net.Net, &sim.Options{}, s.net.Sim.SimDur * sim.Millisecond, nil
}

func (s *planSim) Write(st *store.Store, res *sim.Result, run models.RunInfo) ([]string, error) {
	n := s.net
	if n == nil {
		return nil, fmt.Errorf("sim_num %d: Write before Network", s.sm.SimNum)
	}
	info := RunInfo{Version: run.Version, Start: run.Start, Wall: run.Wall, NoParamsFile: true}
	if err := n.Write(filepath.Dir(st.Dir()), res, info); err != nil {
		return nil, err
	}
	var files []string
	for _, rec := range n.Records {
		files = append(files, st.Path(rec.DataID))
	}
	params, err := ParamsOf(n.Model, n.Sim, info)
	if err != nil {
		return nil, err
	}
	s.params = params
	s.net = nil // written: the network need not stay in memory
	return files, nil
}

// defaultDurS is the original's default sim_dur (4500 ms).
const defaultDurS = 4.5

// benchmark is GridCellsCond's 1D default network for golgi bench.
func benchmark() models.Benchmark {
	return models.Benchmark{
		Name:      "gridcells",
		Summary:   "GridCellsCond's 1D default network (384 stellates, 192 interneurons), 4.5 s",
		DurationS: defaultDurS,
		Flags: func(fs *flag.FlagSet) models.BenchBuilder {
			spec := fs.String("spec", "", "gridcells: JSON of GridCellsCond parameters over the defaults (default: none, the original's 1D default network)")
			return func(uint64) (*models.BenchNetwork, error) {
				m, s := Defaults()
				if *spec != "" {
					if err := Update(&m, &s, []byte(*spec)); err != nil {
						return nil, fmt.Errorf("--spec: %w", err)
					}
				}
				n, err := NewNetwork(m, s)
				if err != nil {
					return nil, err
				}
				return &models.BenchNetwork{Net: n.Net}, nil
			}
		},
	}
}

// commands are the family's tools, golgi gridcells COMMAND.
func commands() []models.Command {
	return []models.Command{
		{Name: "import", Usage: "SPEC.py [-o SPEC.json]\nconvert an original GridCellsCond spec file to a Golgi spec", Run: cmdImport},
		{Name: "traj", Usage: "[--seed N] [--dur-ms D] -o traj_ID.hdf5\nwrite a random 1D trajectory in the original's layout", Run: cmdTraj},
		{Name: "measures", Usage: "DIR/<sim_id> [--sim-num N] [--t-ms T] [--sheet S]\nthe authors' network measures of a run (Golgi's or the original's files);\nlast stdout line is a JSON object; 2D runs add grid_props_2D of sheet S at T ms", Run: cmdMeasures},
		{Name: "path-integration", Usage: "DIR/<sim_id> [--sigma-ms 40] [--png FILE]\nFig 2C: decoded against true position over the trials (sim_nums) of a\nvel_type \"input\" run; last line JSON", Run: cmdPathIntegration},
		{Name: "membrane", Usage: "DIR/<sim_id> [--cells C,...]\nFig 3: ramp, theta envelopes, g_h and g_inh at field entry and exit of\nrecorded ring-1 stellates; a JSON line per cell", Run: cmdMembrane},
	}
}

// init registers the layout of the original's result files with
// analysis/frames: .hdf5 files, stellates before interneurons.
func init() {
	if err := frames.RegisterLayout(frames.Layout{Name: "GridCellsCond", Ext: store.ExtHDF5,
		PopulationOrder: []string{StellName, IntrnrnName}}); err != nil {
		panic(err)
	}
}

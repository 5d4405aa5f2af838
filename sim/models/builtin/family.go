package builtin

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/spec"
	"github.com/golgi-sim/golgi/sim/store"
)

// Name is the family's name in the registry.
const Name = "builtin"

func init() {
	models.MustRegister(&models.Family{
		Name: Name,
		// Not spec.Models() here: init must not parse the embedded defaults.
		Summary: "Golgi's own models: COBA, CUBA, Brunel, HH, Wang-Buzsaki, stellate, AdEx, Izhikevich (golgi spec list)",
		SpecHelp: `A spec is a JSON object naming a model and overriding its defaults
('golgi spec show MODEL'); lists of values make a sweep, "sims": {"0":
{...}, ...} lists simulations. Results: DIR/<sim_id>/<data_id>_<sim_id>.h5,
group /<sim_num>: spikes (compound gid, t_ms), recorded variables (neurons
x samples), rate (population rates).`,
		Claims:     claims,
		RunFlags:   runFlags,
		Benchmarks: benchmarks(),
	})
}

// claims reports whether data is a spec of one of sim/spec's models.
func claims(_ string, data []byte) bool {
	var head struct {
		Model string `json:"model"`
	}
	if json.Unmarshal(data, &head) != nil {
		return false
	}
	return slices.Contains(spec.Models(), head.Model)
}

// runFlags registers the family's flags of golgi run.
func runFlags(fs *flag.FlagSet) models.Planner {
	padded := fs.Bool("padded-spikes", false, "builtin: also write each population's spikes as a NaN-padded neurons x spikes float32 matrix, data_id <population>_spks (the layout GridCellsCond and older tools read)")
	return func(req models.Request) (*models.Plan, error) {
		if req.TstopMs > 0 {
			return nil, errors.New("builtin: --tstop is for SONATA and MiV configurations: give this spec's duration as --set duration_s=SECONDS")
		}
		return Plan(req, WriteOptions{PaddedSpikes: *padded})
	}
}

// Plan parses a spec of sim/spec's models into the plan golgi run runs.
func Plan(req models.Request, o WriteOptions) (*models.Plan, error) {
	name := req.Path
	if name == "" {
		name = "spec"
	}
	sp, err := spec.Parse(req.Data, name)
	if err != nil {
		return nil, err
	}
	if req.Override != nil {
		if err := sp.Override(req.Override, "--set"); err != nil {
			return nil, err
		}
	}
	sims, err := sp.Sims()
	if err != nil {
		return nil, err
	}
	id := req.SimID
	if id == "" {
		if req.Path != "" {
			id = strings.TrimSuffix(filepath.Base(req.Path), filepath.Ext(req.Path))
		} else {
			id = sp.Model()
		}
	}
	p := &models.Plan{SimID: id, Describe: sp.Model()}
	for _, sm := range sims {
		p.Sims = append(p.Sims, &specSim{sm: sm, out: o})
	}
	return p, nil
}

// specSim is one simulation of a spec.
type specSim struct {
	sm  spec.Sim
	out WriteOptions
	net *sim.Network
}

func (s *specSim) Num() int          { return s.sm.SimNum }
func (s *specSim) Title() string     { return s.sm.Model }
func (s *specSim) DataIDs() []string { return []string{"spikes"} }

func (s *specSim) Network() (*sim.Network, *sim.Options, float64, error) {
	net, info, err := s.sm.Network()
	if err != nil {
		return nil, nil, 0, err
	}
	s.net = net
	return net, info.Options(), info.Duration, nil
}

func (s *specSim) Write(st *store.Store, res *sim.Result, info models.RunInfo) ([]string, error) {
	if s.net == nil {
		return nil, fmt.Errorf("sim_num %d: Write before Network", s.sm.SimNum)
	}
	o := s.out
	o.Group = store.Run{Params: s.sm.JSON(), Seed: s.sm.Seed, Version: info.Version, Time: info.Start}.Attrs()
	net := s.net
	s.net = nil // written: the network need not stay in memory
	return Write(st, s.sm.SimNum, net, res, o)
}

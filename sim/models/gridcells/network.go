package gridcells

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/rng"
)

// DtMs is the time step of every GridCellsCond run, ms: NEURON's default,
// which the original never changes (its parameter dt only sets the grid of
// played DC inputs).
const DtMs = 0.025

// Celsius is the temperature the original runs at (h.celsius = 37).
const Celsius = 37

// Population names, receptor names and gids.
const (
	StellName   = "stell"   // stellates: gids 0 .. N_stell-1
	IntrnrnName = "intrnrn" // interneurons: gids N_stell .. N_stell+N_intrnrn-1
	ExcSyn      = "exc_syn" // excitatory Exp2Syn of every cell
	InhbSyn     = "inhb_syn"
)

// The synapses of every cell (stellate.py, interneuron.py): NEURON's
// Exp2Syn with peak normalisation.
var (
	ExcSynapse  = sim.Exp2Syn{Name: ExcSyn, Tau1: 0.78 * sim.Millisecond, Tau2: 5.3 * sim.Millisecond, E: 0}
	InhbSynapse = sim.Exp2Syn{Name: InhbSyn, Tau1: 0.083 * sim.Millisecond, Tau2: 10 * sim.Millisecond, E: -75 * sim.Millivolt}
)

// Network is a GridCellsCond network described for Golgi's engine.
type Network struct {
	Model ModelParams
	Sim   SimParams

	// Net is the engine's description: populations Stell and Intrnrn,
	// their projections, stimuli and recorders. It may be inspected or
	// extended before Run.
	Net            *sim.Network
	Stell, Intrnrn *sim.Population
	Conn           *Connectivity
	// Records lists the recorded data_ids, stellate handles first, each in
	// the order of the handle names.
	Records []Record
	// Trajectory is the velocity input of vel_type "input" (nil for the
	// other vel_types).
	Trajectory *Trajectory
}

// DefaultTrajectoryDir is where NewNetwork looks for trajectory files, as
// the original does (relative to the working directory).
const DefaultTrajectoryDir = "input_data/trajectories"

// BuildOptions are the settings of NewNetworkWith that are not
// parameters of the model. The zero value is usable.
type BuildOptions struct {
	// TrajectoryDir holds the trajectory files traj_<traj_id>.hdf5 of
	// vel_type "input"; empty means DefaultTrajectoryDir.
	TrajectoryDir string
}

// Record is a recorded data_id.
type Record struct {
	DataID string
	Pop    *sim.Population
	GIDs   []int  // recorded cells, ascending: the rows of the data
	Spikes bool   // spike times rather than a sampled variable
	Var    string // engine variable (sampled data)
	// Unit is the SI value of the stored unit: sim.Millivolt for v,
	// sim.Microsiemens for conductances, 1 for gates.
	Unit float64
	// UnitName names the stored unit ("mV", "uS", "nA", "mA/cm2", ...).
	UnitName string
	trace    int // index in sim.Result.Traces
	// derive computes a derived quantity (currents, the ext_dc clamp)
	// from the traces recorded for it (traces[j]: derive.vars[j]).
	derive *derivation
	traces []int
}

// handleVar is a record handle Golgi can record: the engine variable and
// the stored unit; spikes have no variable.
type handleVar struct {
	v    string
	unit float64
}

var stellHandles = map[string]handleVar{
	"stell_spks":        {},
	"stell_v":           {"v", sim.Millivolt},
	"stell_ih_mf":       {"stellate_h.hf", 1},
	"stell_ih_ms":       {"stellate_h.hs", 1},
	"stell_syn_inhib_g": {"g_" + InhbSyn, sim.Microsiemens},
}

var intrnrnHandles = map[string]handleVar{
	"intrnrn_spks":        {},
	"intrnrn_v":           {"v", sim.Millivolt},
	"intrnrn_syn_exc_g":   {"g_" + ExcSyn, sim.Microsiemens},
	"intrnrn_syn_inhib_g": {"g_" + InhbSyn, sim.Microsiemens},
}

// Validate checks m and s for what NewNetwork builds and returns an error
// naming the first key at fault and what is expected.
func Validate(m *ModelParams, s *SimParams) error {
	if err := checkConn(m, s); err != nil {
		return err
	}
	if err := checkInstr(m, s); err != nil {
		return err
	}
	switch m.VelType {
	case "const", "ACVT-1DAC":
	case "PRED-IHD":
		if _, err := stepVelocity(m); err != nil {
			return err
		}
	case "input":
		if _, _, _, err := trajectorySource(m.TrajID, m.NoiseSeed); err != nil {
			return err
		}
		if m.InitAllotheticInput {
			if m.NPhases <= 0 || m.NIntrnrn%m.NPhases != 0 {
				return fmt.Errorf("gridcells: n_phases = %d, want a positive divisor of N_intrnrn = %d (the landmark input of vel_type \"input\" pins N_intrnrn/n_phases groups)", m.NPhases, m.NIntrnrn)
			}
			if !(m.Lambda0 > 0) || math.IsInf(m.Lambda0, 0) {
				return fmt.Errorf("gridcells: lambda0 = %g rad, want a positive period", m.Lambda0)
			}
			if m.AllotheticNrnN < 0 || 2*m.AllotheticNrnN+1 > m.NPhases {
				return fmt.Errorf("gridcells: allothetic_nrn_n = %d, want 0 to %d (half-width of a pinned group of at most n_phases cells)", m.AllotheticNrnN, (m.NPhases-1)/2)
			}
		}
	default:
		return fmt.Errorf("gridcells: unknown vel_type %q, want one of \"const\", \"input\", \"ACVT-1DAC\", \"PRED-IHD\"", m.VelType)
	}
	finite := []struct {
		key string
		v   float64
	}{{"intrnrn_dc_amp", m.IntrnrnDCAmp}, {"Amp_i_theta", m.AmpITheta}, {"phi_i_theta", m.PhiITheta},
		{"stell_theta_Amp", m.StellThetaAmp}, {"si_syn_gmax", m.SiSynGmax}, {"is_syn_gmax", m.IsSynGmax},
		{"ii_syn_gmax", m.IiSynGmax}, {"allothetic_stell_dc", m.AllotheticStellDC}, {"vel_integ_or", m.VelIntegOr}}
	for _, k := range finite {
		if math.IsNaN(k.v) || math.IsInf(k.v, 0) {
			return fmt.Errorf("gridcells: %s = %g, want a finite number", k.key, k.v)
		}
	}
	nonNeg := []struct {
		key string
		v   float64
	}{{"g_h_bar", m.GHBar}, {"gnap_bar", m.GNaPBar}, {"hs_tau", m.HsTau}, {"hf_tau", m.HfTau},
		{"omega_i_theta", m.OmegaITheta}, {"stell_theta_omega", m.StellThetaOmega}}
	for _, k := range nonNeg {
		if !(k.v >= 0) || math.IsInf(k.v, 0) {
			return fmt.Errorf("gridcells: %s = %g, want a finite number >= 0", k.key, k.v)
		}
	}
	for _, nz := range []struct {
		key string
		v   []float64
	}{{"stell_noise", m.StellNoise}, {"stell_init_noise", m.StellInitNoise},
		{"intrnrn_noise", m.IntrnrnNoise}, {"intrnrn_init_noise", m.IntrnrnInitNoise}} {
		if len(nz.v) != 3 {
			return fmt.Errorf("gridcells: %s has %d values, want 3: [duration ms, mean nA, sd nA]", nz.key, len(nz.v))
		}
		for _, x := range nz.v {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("gridcells: %s = %v, want finite values", nz.key, nz.v)
			}
		}
		if nz.v[2] < 0 {
			return fmt.Errorf("gridcells: %s has sd %g nA, want >= 0", nz.key, nz.v[2])
		}
	}
	if d := m.NetconDelay; !(d >= DtMs*(1-1e-9)) || math.IsInf(d, 0) || math.Abs(d/DtMs-math.Round(d/DtMs)) > 1e-6 {
		return fmt.Errorf("gridcells: netcon_delay = %g ms, want a positive multiple of the time step %g ms", d, DtMs)
	}
	if !(s.SimDur > 0) || math.IsInf(s.SimDur, 0) {
		return fmt.Errorf("gridcells: sim_dur = %g ms, want a positive duration", s.SimDur)
	}
	if r := s.RecorderDt; !(r >= DtMs*(1-1e-9)) || math.IsInf(r, 0) || math.Abs(r/DtMs-math.Round(r/DtMs)) > 1e-6 {
		return fmt.Errorf("gridcells: recorder_dt = %g ms, want a positive multiple of the time step %g ms", r, DtMs)
	}
	if !(s.Dt > 0) || math.IsInf(s.Dt, 0) {
		return fmt.Errorf("gridcells: dt = %g ms, want a positive time step", s.Dt)
	}
	if _, err := records(m, s, nil, nil); err != nil {
		return err
	}
	return nil
}

// records lists the data_ids the handles turn on, checking them.
func records(m *ModelParams, s *SimParams, stell, intrnrn *sim.Population) ([]Record, error) {
	dStell, dIntrnrn, err := derivations(m)
	if err != nil {
		return nil, fmt.Errorf("gridcells: %w", err)
	}
	var recs []Record
	for _, h := range []struct {
		key        string
		handles    map[string]*RecordHandle
		known      map[string]handleVar
		derived    map[string]derivation
		pop        *sim.Population
		lo, hi     int
		population string
	}{
		{"record_handle_stell", s.RecordHandleStell, stellHandles, dStell, stell, 0, m.NStell, "stellate"},
		{"record_handle_intrnrn", s.RecordHandleIntrnrn, intrnrnHandles, dIntrnrn, intrnrn, m.NStell, m.NStell + m.NIntrnrn, "interneuron"},
	} {
		ids := make([]string, 0, len(h.handles))
		for id := range h.handles {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			rh := h.handles[id]
			if rh == nil || !rh.State {
				continue
			}
			hv, ok := h.known[id]
			var der *derivation
			if d, isDerived := h.derived[id]; !ok && isDerived {
				der, ok = &d, true
			}
			if !ok {
				if rh.Loc != nil && *rh.Loc == "" {
					return nil, fmt.Errorf("gridcells: %s.%s: state true, but the data_id has no location in the original, so it cannot be recorded", h.key, id)
				}
				var can []string
				for k := range h.known {
					can = append(can, k)
				}
				for k := range h.derived {
					can = append(can, k)
				}
				sort.Strings(can)
				return nil, fmt.Errorf("gridcells: %s.%s: this version of Golgi cannot record it; it records %s", h.key, id, strings.Join(can, ", "))
			}
			r := Record{DataID: id, Pop: h.pop, Spikes: hv.v == "" && der == nil, Var: hv.v, Unit: hv.unit, UnitName: unitName(hv.unit), derive: der}
			if der != nil {
				r.Unit, r.UnitName = derivedUnit(id)
			}
			if rh.CellsToRecord.All {
				for g := h.lo; g < h.hi; g++ {
					r.GIDs = append(r.GIDs, g)
				}
			} else {
				seen := map[int]bool{}
				for _, g := range rh.CellsToRecord.GIDs {
					if g < h.lo || g >= h.hi {
						return nil, fmt.Errorf("gridcells: %s.%s.cells_to_record: gid %d is not a%s %s, want gids %d to %d", h.key, id, g, an(h.population), h.population, h.lo, h.hi-1)
					}
					if !seen[g] {
						seen[g] = true
						r.GIDs = append(r.GIDs, g)
					}
				}
				sort.Ints(r.GIDs)
			}
			recs = append(recs, r)
		}
	}
	return recs, nil
}

func an(s string) string {
	if strings.ContainsRune("aeiou", rune(s[0])) {
		return "n"
	}
	return ""
}

// StellateCell returns the stellate cell with the model's range and global
// variables (g_h_bar, gnap_bar, hf_tau, hs_tau, stell_theta_Amp,
// stell_theta_omega).
func StellateCell(m *ModelParams) (*channels.Cell, error) {
	p := channels.DefaultStellateParams()
	p.GhBarScm2, p.GNaPBarScm2 = m.GHBar, m.GNaPBar
	p.HfTauMs, p.HsTauMs = m.HfTau, m.HsTau
	p.ThetaAmpMAcm2, p.ThetaFreqPerMs = m.StellThetaAmp, m.StellThetaOmega
	return channels.Stellate(p)
}

// InterneuronCell returns the interneuron at 37 C with the model's theta
// current (Amp_i_theta, omega_i_theta, phi_i_theta).
func InterneuronCell(m *ModelParams) (*channels.Cell, error) {
	p := channels.DefaultInterneuronParams()
	p.Celsius = Celsius
	p.ThetaAmpMAcm2, p.ThetaFreqPerMs, p.ThetaPhaseMs = m.AmpITheta, m.OmegaITheta, m.PhiITheta
	return channels.WangBuzsaki(p)
}

// NewNetwork builds the network that m and s describe: cells, connectivity
// (conn_id), inputs (instr_id, vel_type) and recorders (record handles).
// It checks the parameters first (Validate).
func NewNetwork(m ModelParams, s SimParams) (*Network, error) {
	return NewNetworkWith(m, s, nil)
}

// NewNetworkWith is NewNetwork with options; opt may be nil.
func NewNetworkWith(m ModelParams, s SimParams, opt *BuildOptions) (*Network, error) {
	if err := Validate(&m, &s); err != nil {
		return nil, err
	}
	sc, err := StellateCell(cellParams(&m))
	if err != nil {
		return nil, fmt.Errorf("gridcells: stellate cell: %w", err)
	}
	ic, err := InterneuronCell(cellParams(&m))
	if err != nil {
		return nil, fmt.Errorf("gridcells: interneuron: %w", err)
	}
	conn, err := BuildConnectivity(&m, &s, SavedMatrixDir(&s))
	if err != nil {
		return nil, err
	}
	net := &sim.Network{Dt: DtMs * sim.Millisecond}
	syns := []sim.Exp2Syn{ExcSynapse, InhbSynapse}
	stell := net.AddPopulation(StellName, m.NStell, &sim.ConductanceCell{Cell: sc, Synapses: syns})
	intr := net.AddPopulation(IntrnrnName, m.NIntrnrn, &sim.ConductanceCell{Cell: ic, Synapses: syns})
	n := &Network{Model: m, Sim: s, Net: net, Stell: stell, Intrnrn: intr, Conn: conn}

	connect(net, conn, &m, stell, intr)
	if err := n.instrument(opt); err != nil {
		return nil, err
	}
	recs, err := records(&m, &s, stell, intr)
	if err != nil {
		return nil, err
	}
	spikes := map[*sim.Population]bool{}
	for k := range recs {
		r := &recs[k]
		if r.Spikes {
			if !spikes[r.Pop] {
				net.Record(&sim.SpikeRecorder{Population: r.Pop})
				spikes[r.Pop] = true
			}
			continue
		}
		idx := make([]int, len(r.GIDs))
		off := 0
		if r.Pop == intr {
			off = m.NStell
		}
		for i, g := range r.GIDs {
			idx[i] = g - off
		}
		rec := func(v string) int {
			net.Record(&sim.StateRecorder{Population: r.Pop, Variable: v, Neurons: idx, Interval: s.RecorderDt * sim.Millisecond})
			return len(net.Recorders) - 1 - len(spikes)
		}
		if r.derive != nil {
			for _, v := range r.derive.vars {
				r.traces = append(r.traces, rec(v))
			}
			continue
		}
		r.trace = rec(r.Var)
	}
	n.Records = recs
	return n, nil
}

// addInputs adds the 1D instrumentation's inputs: the ext_dc clamps of
// the vel_type (DC on each stellate ring and on the interneurons, for
// sim_dur) and the initial and ongoing noise clamps of every cell.
func (n *Network) addInputs(opt *BuildOptions) error {
	if err := n.addVelocityInputs(opt); err != nil {
		return err
	}
	n.addNoise()
	return nil
}

// NoiseCurrent returns the noise clamp of the original's set_intial_noise
// (start 0) or set_noise (start = the initial noise's duration) for the
// cells of pop, whose first gid is gid0: an IClamp on while t < dur,
// playing samples drawn from Normal(mean, sd) nA at t_j = start + j*0.025
// ms for t_j < dur, generated per cell from the standard normal stream of
// gid + seed (the original's numpy.random.default_rng(gid + seed)), so the
// initial and ongoing noise of a cell share their stream when their seeds
// are equal, as in the original. It returns nil when the clamp carries no
// current (sd and mean 0, or no sample).
func NoiseCurrent(name string, pop *sim.Population, gid0 int, startMs float64, params []float64, seed int64) *sim.PlayedCurrent {
	dur, mean, sd := params[0], params[1], params[2]
	ns := int(math.Ceil((dur - startMs) / DtMs)) // len(numpy.arange(start, dur, h.dt))
	if ns <= 0 || (mean == 0 && sd == 0) {
		return nil
	}
	return &sim.PlayedCurrent{
		Name:       name,
		Target:     pop,
		Start0:     startMs * sim.Millisecond,
		Interval:   DtMs * sim.Millisecond,
		NumWaves:   pop.N,
		NumSamples: ns,
		Generate: func(w, j0 int, dst []float32) {
			key := noiseKey(seed, gid0+w)
			for j := range dst {
				dst[j] = float32(mean + sd*StdNormal(key, j0+j))
			}
		},
		Unit: sim.Nanoamp,
		Stop: dur * sim.Millisecond,
	}
}

// purposeNoise keys the noise streams.
const purposeNoise = 0x6e6f697365 // "noise"

// noiseKey is the key of the standard normal stream of gid + seed.
func noiseKey(seed int64, gid int) uint64 {
	return rng.Key(0, purposeNoise, uint64(seed+int64(gid)), 0)
}

// StdNormal returns sample j of the standard normal stream key (Box-Muller
// on the stream's numbers 2j and 2j+1), a pure function of (key, j).
func StdNormal(key uint64, j int) float64 {
	u1 := (float64(rng.Uint64(key, uint64(2*j))>>11) + 0.5) * 0x1p-53
	u2 := rng.Float64(key, uint64(2*j+1))
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}

// Run runs the network for sim_dur and returns what was recorded.
func (n *Network) Run(ctx context.Context, opts *sim.Options) (*sim.Result, error) {
	return sim.Run(ctx, n.Net, n.Sim.SimDur*sim.Millisecond, opts)
}

package gridcells

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim/rng"
	"github.com/golgi-sim/golgi/sim/store"
)

// Trajectory is a 1D velocity input in the layout of the original's
// trajectory files (input_data/trajectories/traj_<traj_id>.hdf5): the
// velocity in rad/s of network phase (cm/s on a ring of circumference
// 2 pi cm), one sample per DtMs from t = 0, and the position it
// integrates to.
type Trajectory struct {
	VelRadS []float64 // vel_rinb: velocity, rad/s, at t = k*DtMs
	PosRad  []float64 // pos_rinb: cumulative trapezoid of VelRadS, mod 2 pi, rad (len(VelRadS)-1 samples)
	// AllotheticDurMs (attribute allothetic_dur) is how long the
	// landmark input pins the bump at the start, ms.
	AllotheticDurMs float64
	// Params (attribute traj_params) are the generator's parameters:
	// speed mean and sd (m/s), coherence time (s) and seed.
	Params []float64
}

// The statistics of the original's trajectory 1 (SPEC.md section 7.2),
// which RandomTrajectory reproduces.
const (
	TrajRestMs          = 8000       // at rest at position 0 (the allothetic pinning)
	TrajSpeedMeanMS     = 0.08       // m/s
	TrajSpeedSdMS       = 0.08       // m/s
	TrajCoherenceTimeS  = 0.7        // RatInABox's default speed coherence time
	TrajMaxSpeedRadS    = 10         // faster samples are set to +10, as the original does
	purposeTrajectory   = 0x7472616a // "traj"
	trajectoryFilePrefx = "traj_"
)

// TrajectoryFile returns the file name of trajectory traj_id in dir:
// dir/traj_<traj_id>.hdf5.
func TrajectoryFile(dir, trajID string) string {
	return filepath.Join(dir, trajectoryFilePrefx+trajID+".hdf5")
}

// LoadTrajectory reads a trajectory file in the original's layout
// (datasets vel_rinb and pos_rinb, attribute allothetic_dur on the root).
func LoadTrajectory(path string) (*Trajectory, error) {
	vel, _, err := store.ReadFileFloat64(path, "vel_rinb")
	if err != nil {
		return nil, fmt.Errorf("gridcells: trajectory: %w", err)
	}
	pos, _, err := store.ReadFileFloat64(path, "pos_rinb")
	if err != nil {
		return nil, fmt.Errorf("gridcells: trajectory: %w", err)
	}
	attrs, err := store.ReadFileAttrs(path, "/")
	if err != nil {
		return nil, fmt.Errorf("gridcells: trajectory: %w", err)
	}
	tr := &Trajectory{VelRadS: vel, PosRad: pos}
	if d, ok := attrs.Float64("allothetic_dur"); ok {
		tr.AllotheticDurMs = d
	} else if d, ok := attrs.Int64("allothetic_dur"); ok {
		tr.AllotheticDurMs = float64(d)
	} else {
		return nil, fmt.Errorf("gridcells: trajectory %s: no attribute allothetic_dur (ms) on the root group", path)
	}
	tr.Params, _ = attrs.Float64s("traj_params")
	for i, v := range vel {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("gridcells: trajectory %s: vel_rinb[%d] = %g, want finite velocities", path, i, v)
		}
	}
	if len(pos) < len(vel)-1 {
		return nil, fmt.Errorf("gridcells: trajectory %s: pos_rinb has %d samples, want %d (len(vel_rinb) - 1)", path, len(pos), len(vel)-1)
	}
	if !(tr.AllotheticDurMs >= 0) {
		return nil, fmt.Errorf("gridcells: trajectory %s: allothetic_dur = %g ms, want >= 0", path, tr.AllotheticDurMs)
	}
	return tr, nil
}

// Write stores tr at path in the original's layout (vel_rinb, pos_rinb,
// t_rinb in s; attributes allothetic_dur, traj_dur and traj_params).
func (tr *Trajectory) Write(path string) error {
	t := make([]float64, len(tr.VelRadS))
	for k := range t {
		t[k] = float64(k) * DtMs / 1000
	}
	attrs := store.Attrs{
		"allothetic_dur": tr.AllotheticDurMs,
		"traj_dur":       float64(len(tr.VelRadS)) * DtMs / 1000,
	}
	if len(tr.Params) > 0 {
		attrs["traj_params"] = tr.Params
	}
	err := store.WriteFile(path, []store.Dataset{
		{Name: "vel_rinb", Data: tr.VelRadS},
		{Name: "pos_rinb", Data: tr.PosRad},
		{Name: "t_rinb", Data: t},
	}, attrs, nil)
	if err != nil {
		return fmt.Errorf("gridcells: trajectory: %w", err)
	}
	return nil
}

// RandomTrajectory returns a smooth random 1D trajectory with the
// statistics of the original's trajectory 1, from seed: at rest at
// position 0 for TrajRestMs (the allothetic pinning), then a velocity
// that follows an Ornstein-Uhlenbeck process, as RatInABox's 1D agent,
// with mean TrajSpeedMeanMS, standard deviation TrajSpeedSdMS and
// coherence time TrajCoherenceTimeS, starting from rest; velocities are
// in cm/s (rad/s on the 2 pi cm ring) and every sample faster than
// TrajMaxSpeedRadS in either direction is set to +TrajMaxSpeedRadS, as
// the original's notebook does. The trajectory has durMs/DtMs + 1
// samples, sampled exactly (no discretisation error of the process).
func RandomTrajectory(seed uint64, durMs float64) *Trajectory {
	n := int(math.Round(durMs/DtMs)) + 1
	rest := min(n, int(math.Round(TrajRestMs/DtMs)))
	mu, sd := TrajSpeedMeanMS*100, TrajSpeedSdMS*100 // cm/s
	a := math.Exp(-DtMs / 1000 / TrajCoherenceTimeS)
	b := sd * math.Sqrt(1-a*a)
	key := rng.Key(seed, purposeTrajectory, 0, 0)
	vel := make([]float64, n)
	v := 0.0
	for k := rest; k < n; k++ {
		if k > rest {
			v = mu + (v-mu)*a + b*StdNormal(key, k)
		}
		vel[k] = v
		if math.Abs(vel[k]) > TrajMaxSpeedRadS {
			vel[k] = TrajMaxSpeedRadS
		}
	}
	return &Trajectory{
		VelRadS:         vel,
		PosRad:          integratePosition(vel, DtMs/1000),
		AllotheticDurMs: float64(rest) * DtMs,
		Params:          []float64{TrajSpeedMeanMS, TrajSpeedSdMS, TrajCoherenceTimeS, float64(seed)},
	}
}

// integratePosition is scipy's cumulative_trapezoid(vel, dx=dtS) mod 2 pi
// (len(vel)-1 samples: the position at t = (k+1)*dt).
func integratePosition(vel []float64, dtS float64) []float64 {
	if len(vel) < 2 {
		return nil
	}
	pos := make([]float64, len(vel)-1)
	x := 0.0
	for k := range pos {
		x += (vel[k] + vel[k+1]) / 2 * dtS
		pos[k] = math.Mod(x, 2*math.Pi)
		if pos[k] < 0 {
			pos[k] += 2 * math.Pi
		}
	}
	return pos
}

// trajectorySource says where the trajectory of vel_type "input" comes
// from: traj_id null or "random" (a RandomTrajectory seeded by
// noise_seed), "random:N" (seeded by N), or any other id: the file
// traj_<traj_id>.hdf5.
func trajectorySource(raw json.RawMessage, noiseSeed int64) (id string, random bool, seed uint64, err error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return "", true, uint64(noiseSeed), nil
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false, 0, fmt.Errorf("gridcells: traj_id %s: %w", raw, err)
		}
	}
	switch {
	case s == "random":
		return s, true, uint64(noiseSeed), nil
	case strings.HasPrefix(s, "random:"):
		n, err := strconv.ParseUint(strings.TrimPrefix(s, "random:"), 10, 64)
		if err != nil {
			return "", false, 0, fmt.Errorf("gridcells: traj_id %q: want \"random:N\" with N a seed >= 0", s)
		}
		return s, true, n, nil
	case s == "" || strings.ContainsAny(s, `/\`) || s == "false" || s == "true":
		return "", false, 0, fmt.Errorf("gridcells: traj_id %s: want a trajectory id (file traj_<id>.hdf5), \"random\", \"random:N\" or null", raw)
	}
	return s, false, 0, nil
}

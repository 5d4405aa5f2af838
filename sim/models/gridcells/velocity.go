package gridcells

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/golgi-sim/golgi/sim"
)

// The 1D instrumentation's velocity inputs (the original's Trajectory1D):
// three DC waveforms on the time grid t_k = k*dt, k = 0 ..
// len(numpy.arange(0, sim_dur+dt, dt))-1, played continuously into the
// ext_dc clamps of ring-1 stellates (right_dc), ring-2 stellates (left_dc)
// and interneurons, on for sim_dur.

// Constants of the original's vel_types (SPEC.md section 7.2).
const (
	predSilenceNA        = -3e-2  // PRED-IHD: the inactive ring's DC, nA
	allotheticActiveNA   = 1.5e-3 // pinned interneurons during the landmark input, nA
	allotheticInactiveNA = -1e-3  // the other interneurons during the landmark input, nA
)

// inputGrid returns the number of samples of the input time grid, as
// len(numpy.arange(0, sim_dur+dt, dt)).
func inputGrid(simDurMs, dtMs float64) int {
	return int(math.Ceil((simDurMs + dtMs) / dtMs))
}

// extraParams reads the keys of extra_params a vel_type or input_id needs.
func extraParams(m *ModelParams, user string, keys ...string) (map[string]float64, error) {
	var all map[string]json.RawMessage
	if s := strings.TrimSpace(string(m.ExtraParams)); s != "" && s != "null" {
		if err := json.Unmarshal(m.ExtraParams, &all); err != nil {
			return nil, fmt.Errorf("gridcells: extra_params: %w (want an object)", err)
		}
	}
	got := map[string]float64{}
	for _, k := range keys {
		r, ok := all[k]
		if !ok {
			return nil, fmt.Errorf("gridcells: %s needs extra_params.%s", user, k)
		}
		var x float64
		if err := json.Unmarshal(r, &x); err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("gridcells: extra_params.%s = %s, want a number (%s)", k, r, user)
		}
		got[k] = x
	}
	return got, nil
}

// ringDC is the DC (nA) of ring 1 (right) and ring 2 (left) at t (ms) for
// the step vel_types, with numpy.piecewise's rule that at a shared
// boundary the later interval wins.
type ringDC func(tMs float64) (right, left float64)

// stepVelocity returns the ring DCs of vel_types "const", "ACVT-1DAC" and
// "PRED-IHD".
func stepVelocity(m *ModelParams) (ringDC, error) {
	switch m.VelType {
	case "const":
		r, l := m.StellConstDC[0], m.StellConstDC[1]
		return func(float64) (float64, float64) { return r, l }, nil
	case "ACVT-1DAC":
		// Fig 1E: both rings -1.5e-3 nA for t in [0, 2000), ring 1 at 0
		// and ring 2 at -3e-3 for [2000, 4000), reversed for [4000, 6000],
		// both 0 after.
		return func(t float64) (float64, float64) {
			switch {
			case t > 6000:
				return 0, 0
			case t >= 4000:
				return -3e-3, 0
			case t >= 2000:
				return 0, -3e-3
			}
			return -1.5e-3, -1.5e-3
		}, nil
	case "PRED-IHD":
		x, err := extraParams(m, `vel_type "PRED-IHD"`, "dir_change_t", "stell_dc")
		if err != nil {
			return nil, err
		}
		tc, dc := x["dir_change_t"], x["stell_dc"]
		return func(t float64) (float64, float64) {
			if t >= tc {
				return predSilenceNA, dc
			}
			return dc, predSilenceNA
		}, nil
	}
	return nil, fmt.Errorf("gridcells: vel_type %q has no step waveform", m.VelType)
}

// compressSteps turns a piecewise-constant waveform sampled at t_k = k*dt
// into the samples where it changes: the first and last sample of each
// run of equal values. Played continuously (linear interpolation between
// samples), the result is the same current as the dense grid, exactly.
func compressSteps(n int, dtMs float64, value func(k int) float64) (timesS []float64, samples []float32) {
	for k := 0; k < n; k++ {
		v := value(k)
		if k == 0 || k == n-1 || v != value(k-1) || v != value(k+1) {
			timesS = append(timesS, float64(k)*dtMs*sim.Millisecond)
			samples = append(samples, float32(v))
		}
	}
	return timesS, samples
}

// addVelocityInputs adds the three ext_dc clamps of the 1D
// instrumentation for m.VelType (SPEC.md section 7.2).
func (n *Network) addVelocityInputs(opt *BuildOptions) error {
	m, s := &n.Model, &n.Sim
	N := m.NPerSheet
	stop := s.SimDur * sim.Millisecond
	ring := func(lo int) []int {
		idx := make([]int, N)
		for i := range idx {
			idx[i] = lo + i
		}
		return idx
	}
	if m.VelType == "const" {
		n.Net.Add(
			&sim.CurrentStep{Target: n.Stell, Neurons: ring(0), Amplitude: m.StellConstDC[0] * sim.Nanoamp, Stop: stop},
			&sim.CurrentStep{Target: n.Stell, Neurons: ring(N), Amplitude: m.StellConstDC[1] * sim.Nanoamp, Stop: stop},
			&sim.CurrentStep{Target: n.Intrnrn, Amplitude: m.IntrnrnDCAmp * sim.Nanoamp, Stop: stop},
		)
		return nil
	}
	K := inputGrid(s.SimDur, s.Dt)
	if m.VelType != "input" {
		f, err := stepVelocity(m)
		if err != nil {
			return err
		}
		for r, name := range []string{"right_dc", "left_dc"} {
			times, samples := compressSteps(K, s.Dt, func(k int) float64 {
				right, left := f(float64(k) * s.Dt)
				if r == 0 {
					return right
				}
				return left
			})
			n.Net.Add(&sim.PlayedCurrent{Name: name, Target: n.Stell, Neurons: ring(r * N),
				Times: times, Samples: [][]float32{samples}, Wave: make([]int32, N), Unit: sim.Nanoamp, Stop: stop})
		}
		n.Net.Add(&sim.CurrentStep{Target: n.Intrnrn, Amplitude: m.IntrnrnDCAmp * sim.Nanoamp, Stop: stop})
		return nil
	}

	tr, err := n.trajectory(opt)
	if err != nil {
		return err
	}
	if len(tr.VelRadS) < K {
		return fmt.Errorf("gridcells: the trajectory has %d samples (%.6g ms), sim_dur = %g ms needs %d at dt = %g ms", len(tr.VelRadS), float64(len(tr.VelRadS)-1)*s.Dt, s.SimDur, K, s.Dt)
	}
	n.Trajectory = tr
	spline, err := VelocityToDC()
	if err != nil {
		return err
	}
	pin := 0
	if m.InitAllotheticInput {
		pin = min(K, int(tr.AllotheticDurMs/DtMs))
	}
	right, left := make([]float32, K), make([]float32, K)
	for k := range K {
		if k < pin {
			right[k], left[k] = float32(m.AllotheticStellDC), float32(m.AllotheticStellDC)
			continue
		}
		v := tr.VelRadS[k]
		r, l := m.VelIntegOr, m.VelIntegOr
		if v >= 0 {
			r = spline.At(v)
		}
		if v <= 0 {
			l = spline.At(-v)
		}
		right[k], left[k] = float32(r), float32(l)
	}
	for r, w := range [][]float32{right, left} {
		n.Net.Add(&sim.PlayedCurrent{Name: []string{"right_dc", "left_dc"}[r], Target: n.Stell, Neurons: ring(r * N),
			Interval: s.Dt * sim.Millisecond, Samples: [][]float32{w}, Wave: make([]int32, N), Unit: sim.Nanoamp, Stop: stop})
	}
	if pin == 0 {
		n.Net.Add(&sim.CurrentStep{Target: n.Intrnrn, Amplitude: m.IntrnrnDCAmp * sim.Nanoamp, Stop: stop})
		return nil
	}
	// Landmark pinning: the interneurons of the active groups get
	// allotheticActiveNA, the others allotheticInactiveNA, for the samples
	// before pin; intrnrn_dc_amp after.
	phi := 0
	if pin < len(tr.PosRad) {
		phi = int(math.RoundToEven(tr.PosRad[pin] * float64(m.NPhases) / m.Lambda0))
	}
	wave := make([]int32, m.NIntrnrn)
	for i := range wave {
		wave[i] = 1
	}
	for g := 0; g < m.NIntrnrn/m.NPhases; g++ {
		for o := -m.AllotheticNrnN; o <= m.AllotheticNrnN; o++ {
			i := ((g*m.NPhases+o+phi)%m.NIntrnrn + m.NIntrnrn) % m.NIntrnrn
			wave[i] = 0
		}
	}
	// The grid samples where the waveforms change: 0, pin-1, pin, K-1.
	var ks []int
	for _, k := range []int{0, pin - 1, pin, K - 1} {
		if k >= 0 && k < K && (len(ks) == 0 || k > ks[len(ks)-1]) {
			ks = append(ks, k)
		}
	}
	times := make([]float64, len(ks))
	waves := [][]float32{make([]float32, len(ks)), make([]float32, len(ks))}
	for j, k := range ks {
		times[j] = float64(k) * s.Dt * sim.Millisecond
		for w, pinned := range []float64{allotheticActiveNA, allotheticInactiveNA} {
			x := m.IntrnrnDCAmp
			if k < pin {
				x = pinned
			}
			waves[w][j] = float32(x)
		}
	}
	n.Net.Add(&sim.PlayedCurrent{Name: "intrnrn_dc", Target: n.Intrnrn, Times: times, Samples: waves, Wave: wave, Unit: sim.Nanoamp, Stop: stop})
	return nil
}

// trajectory loads or generates the trajectory of vel_type "input".
func (n *Network) trajectory(opt *BuildOptions) (*Trajectory, error) {
	dir := ""
	if opt != nil {
		dir = opt.TrajectoryDir
	}
	return InputTrajectory(&n.Model, &n.Sim, dir)
}

// InputTrajectory is the trajectory that a run of vel_type "input" with
// parameters m and s follows: generated again for traj_id null, "random"
// or "random:N", read from dir/traj_<traj_id>.hdf5 otherwise (dir ""
// means DefaultTrajectoryDir). Analysis of a finished run uses it to
// compare the decoded position with the animal's.
func InputTrajectory(m *ModelParams, s *SimParams, dir string) (*Trajectory, error) {
	id, random, seed, err := trajectorySource(m.TrajID, m.NoiseSeed)
	if err != nil {
		return nil, err
	}
	if random {
		return RandomTrajectory(seed, s.SimDur), nil
	}
	if dir == "" {
		dir = DefaultTrajectoryDir
	}
	tr, err := LoadTrajectory(TrajectoryFile(dir, id))
	if err != nil {
		return nil, fmt.Errorf("%w (traj_id %s: put the file in %s, give its directory (golgi run --traj-dir), or set traj_id to null for a random trajectory)", err, id, dir)
	}
	return tr, nil
}

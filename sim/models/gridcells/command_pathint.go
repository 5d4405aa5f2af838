package gridcells

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"

	"github.com/golgi-sim/golgi/plotting"
)

// PathIntegrationMeasures is the JSON object `golgi gridcells
// path-integration` prints (PathIntegration without its series).
type PathIntegrationMeasures struct {
	SimID               string    `json:"sim_id"`
	SimNums             []int     `json:"sim_nums"`
	Trials              int       `json:"trials"`
	SigmaMs             float64   `json:"sigma_ms"`
	StartMs             int       `json:"start_ms"`
	SimDurMs            float64   `json:"sim_dur_ms"`
	TravelledRad        float64   `json:"travelled_rad"`
	MedianErrorRad      float64   `json:"median_error_rad"`
	MeanErrorRad        float64   `json:"mean_error_rad"`
	MaxErrorRad         float64   `json:"max_error_rad"`
	OffsetRad           float64   `json:"offset_rad"`
	DriftRadS           float64   `json:"drift_rad_s"`
	TrialMedianErrorRad []float64 `json:"trial_median_error_rad"`
}

// cmdPathIntegration measures Fig 2C (check 11) over every
// sim_num of a run of vel_type "input": MeasurePathIntegration.
func cmdPathIntegration(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gridcells path-integration", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sigma := fs.Float64("sigma-ms", Fig2CSigmaMs, "smoothing of the population decoder (ms)")
	trajDir := fs.String("traj-dir", "", "directory of the trajectory files traj_<traj_id>.hdf5 (default "+DefaultTrajectoryDir+"; not needed for random trajectories)")
	png := fs.String("png", "", "also draw the decoded (trial mean) and the true position to this PNG or SVG file")
	dir, simID, st, err := openRunDir(fs, args, "usage: golgi gridcells path-integration DIR/<sim_id> [--sigma-ms S] [--traj-dir D] [--png FILE]")
	if err != nil {
		return err
	}
	if *sigma <= 0 {
		return fmt.Errorf("--sigma-ms %g: want a positive smoothing in ms", *sigma)
	}
	nums, err := stellSimNums(st, dir)
	if err != nil {
		return err
	}
	var (
		trials [][][]float64
		m0     ModelParams
		s0     SimParams
		traj   *Trajectory
	)
	for i, num := range nums {
		m, s, err := runParams(dir, simID, num)
		if err != nil {
			return err
		}
		if m.VelType != "input" {
			return fmt.Errorf("%s sim_num %d: vel_type is %q; path integration measures runs of vel_type \"input\" (fig2_c)", dir, num, m.VelType)
		}
		tr, err := InputTrajectory(&m, &s, *trajDir)
		if err != nil {
			return fmt.Errorf("%s sim_num %d: %w", dir, num, err)
		}
		if i == 0 {
			m0, s0, traj = m, s, tr
		} else if s.SimDur != s0.SimDur || !sameTrajectory(tr, traj) {
			return fmt.Errorf("%s: sim_num %d follows another trajectory or lasts another time than sim_num %d; the trials of a path-integration run share both (give traj_id, not null or \"random\", which follow noise_seed)", dir, num, nums[0])
		}
		stell, _, err := st.ReadSpikesPadded(num, "stell_spks")
		if err != nil {
			return err
		}
		trials = append(trials, stell)
	}
	p, err := MeasurePathIntegration(trials, &m0, &s0, traj, *sigma)
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	if *png != "" {
		traces := []plotting.BumpTrace{
			{Name: "animal", T0: float64(p.StartMs) / 1000, Dt: 1e-3, Pos: p.TruePosRad},
			{Name: fmt.Sprintf("decoded, mean of %d trials", len(trials)), T0: float64(p.StartMs) / 1000, Dt: 1e-3, Pos: p.MeanRad},
		}
		fig, err := plotting.BumpPosition(traces, &plotting.BumpOptions{Title: fmt.Sprintf("%s: path integration after the landmark input (median error %.2f rad)", simID, p.MedianErrorRad)})
		if err != nil {
			return err
		}
		if err := plotting.Save(fig, *png, 0, 0); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s\n", *png)
	}
	fmt.Fprintf(stderr, "%s: %d trials of %.0f ms, compared from %d ms (sigma %g ms)\n", simID, len(trials), s0.SimDur, p.StartMs, *sigma)
	b, err := json.Marshal(PathIntegrationMeasures{
		SimID: simID, SimNums: nums, Trials: len(trials), SigmaMs: *sigma, StartMs: p.StartMs, SimDurMs: s0.SimDur,
		TravelledRad: p.TravelledRad, MedianErrorRad: p.MedianErrorRad, MeanErrorRad: p.MeanErrorRad,
		MaxErrorRad: p.MaxErrorRad, OffsetRad: p.OffsetRad, DriftRadS: p.DriftRadS, TrialMedianErrorRad: p.TrialMedianErrorRad,
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, string(b))
	return nil
}

// sameTrajectory reports whether a and b have the same samples.
func sameTrajectory(a, b *Trajectory) bool {
	return a.AllotheticDurMs == b.AllotheticDurMs && slices.Equal(a.PosRad, b.PosRad)
}

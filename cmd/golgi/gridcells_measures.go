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

	"github.com/golgi-sim/golgi/sim/gridcells"
	"github.com/golgi-sim/golgi/sim/store"
)

// gridMeasures is the JSON object `golgi gridcells measures` prints.
type gridMeasures struct {
	SimID            string             `json:"sim_id"`
	SimNum           int                `json:"sim_num"`
	SimDurMs         float64            `json:"sim_dur_ms"`
	SpeedRadS        float64            `json:"speed_rad_s"`
	SpeedCellsS      float64            `json:"speed_cells_s"`
	BumpSpacingCells float64            `json:"bump_spacing_cells"`
	NBumps           int                `json:"n_bumps"`
	RateHz           map[string]float64 `json:"rate_hz"`
}

func cmdGridcellsMeasures(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gridcells measures", flag.ContinueOnError)
	fs.SetOutput(stderr)
	simNum := fs.Int("sim-num", -1, "the sim_num to measure (default: the first in the files)")
	var dir string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		dir, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if dir == "" && fs.NArg() > 0 {
		dir = fs.Arg(0)
	}
	if dir == "" {
		return errors.New("usage: golgi gridcells measures DIR/<sim_id> [--sim-num N]")
	}
	dir = filepath.Clean(dir)
	simID := filepath.Base(dir)
	st, err := store.Open(filepath.Dir(dir), simID, &store.Options{Ext: store.ExtHDF5, Isolate: true})
	if err != nil {
		return err
	}
	if *simNum < 0 {
		nums, err := st.SimNums("stell_spks")
		if err != nil {
			return fmt.Errorf("%s: %w (measures need the stellate spikes, data_id stell_spks)", dir, err)
		}
		if len(nums) == 0 {
			return fmt.Errorf("%s: stell_spks holds no sim_num", dir)
		}
		*simNum = nums[0]
	}
	m, s, err := runParams(dir, simID, *simNum)
	if err != nil {
		return err
	}
	stell, _, err := st.ReadSpikesPadded(*simNum, "stell_spks")
	if err != nil {
		return err
	}
	if len(stell) != m.NStell {
		return fmt.Errorf("%s: stell_spks of sim_num %d has %d rows, the parameters give N_stell = %d (were all stellates recorded?)", dir, *simNum, len(stell), m.NStell)
	}
	N := m.NPerSheet
	out := gridMeasures{SimID: simID, SimNum: *simNum, SimDurMs: s.SimDur, RateHz: map[string]float64{}}
	out.SpeedRadS = gridcells.SpeedOfNetwork(stell, s.SimDur, N, m.NPhases, 100)
	out.SpeedCellsS = out.SpeedRadS * float64(m.NPhases) / (2 * math.Pi)
	out.BumpSpacingCells = gridcells.GridScaleNeurons(stell[:N], s.SimDur, 100, 3)
	if out.BumpSpacingCells > 0 {
		out.NBumps = int(math.Round(float64(N) / out.BumpSpacingCells))
	}
	out.RateHz["stell"] = gridcells.MeanRate(stell, s.SimDur)
	if in, _, err := st.ReadSpikesPadded(*simNum, "intrnrn_spks"); err == nil {
		out.RateHz["intrnrn"] = gridcells.MeanRate(in, s.SimDur)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	for k, v := range out.RateHz {
		if math.IsNaN(v) {
			delete(out.RateHz, k)
		}
	}
	fmt.Fprintf(stderr, "%s sim_num %d: %d stellates (%d per ring), %.0f ms\n", simID, *simNum, len(stell), N, s.SimDur)
	b, err := json.Marshal(clean(out))
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, string(b))
	return nil
}

// clean replaces NaN measures (no spikes, one bump) with -1 so that the
// JSON stays valid; callers see the reason on stderr.
func clean(g gridMeasures) gridMeasures {
	for _, p := range []*float64{&g.SpeedRadS, &g.SpeedCellsS, &g.BumpSpacingCells} {
		if math.IsNaN(*p) || math.IsInf(*p, 0) {
			*p = -1
		}
	}
	return g
}

// runParams reads the parameters of sim_num from DIR/<sim_id>.json: a
// single run's object or a multi-run's {sim_num: object}.
func runParams(dir, simID string, simNum int) (gridcells.ModelParams, gridcells.SimParams, error) {
	path := filepath.Join(dir, simID+".json")
	data, err := os.ReadFile(path)
	if err != nil {
		return gridcells.ModelParams{}, gridcells.SimParams{}, fmt.Errorf("%w (the run's parameter file, written by Golgi and by the original)", err)
	}
	var multi map[string]json.RawMessage
	if err := json.Unmarshal(data, &multi); err != nil {
		return gridcells.ModelParams{}, gridcells.SimParams{}, fmt.Errorf("%s: %w", path, err)
	}
	if _, single := multi["sim_dur"]; !single {
		raw, ok := multi[strconv.Itoa(simNum)]
		if !ok {
			return gridcells.ModelParams{}, gridcells.SimParams{}, fmt.Errorf("%s has no parameters for sim_num %d", path, simNum)
		}
		data = raw
	}
	m, s, err := gridcells.ParseParams(data)
	if err != nil {
		return m, s, fmt.Errorf("%s: %w", path, err)
	}
	return m, s, nil
}

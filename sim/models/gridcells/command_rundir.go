package gridcells

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/store"
)

// openRunDir parses the arguments of a gridcells command that reads a run,
// DIR/<sim_id> before or after the flags of fs, and opens the run's files
// (Golgi's or the original's): it returns the cleaned directory, the
// sim_id and the store. usage is the error without DIR.
func openRunDir(fs *flag.FlagSet, args []string, usage string) (dir, simID string, st *store.Store, err error) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		dir, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return "", "", nil, models.ErrUsage
	}
	if dir == "" && fs.NArg() > 0 {
		dir = fs.Arg(0)
	}
	if dir == "" {
		return "", "", nil, errors.New(usage)
	}
	dir = filepath.Clean(dir)
	simID = filepath.Base(dir)
	st, err = store.Open(filepath.Dir(dir), simID, &store.Options{Ext: store.ExtHDF5, Isolate: true})
	return dir, simID, st, err
}

// stellSimNums returns the sim_nums of a run's stellate spikes.
func stellSimNums(st *store.Store, dir string) ([]int, error) {
	nums, err := st.SimNums("stell_spks")
	if err != nil {
		return nil, fmt.Errorf("%s: %w (the measures need the stellate spikes, data_id stell_spks)", dir, err)
	}
	if len(nums) == 0 {
		return nil, fmt.Errorf("%s: stell_spks holds no sim_num", dir)
	}
	return nums, nil
}

// runStellates reads sim_num simNum of a run (the first one when simNum
// is negative): its parameters and its stellates' spike trains (ms).
func runStellates(st *store.Store, dir, simID string, simNum int) (num int, m ModelParams, s SimParams, stell [][]float64, err error) {
	if simNum < 0 {
		nums, err := stellSimNums(st, dir)
		if err != nil {
			return 0, m, s, nil, err
		}
		simNum = nums[0]
	}
	if m, s, err = runParams(dir, simID, simNum); err != nil {
		return simNum, m, s, nil, err
	}
	stell, _, err = st.ReadSpikesPadded(simNum, "stell_spks")
	return simNum, m, s, stell, err
}

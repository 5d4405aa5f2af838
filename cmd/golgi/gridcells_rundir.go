package main

import (
	"errors"
	"flag"
	"path/filepath"
	"strings"

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
		return "", "", nil, errUsage
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

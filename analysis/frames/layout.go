package frames

import (
	"errors"
	"path/filepath"
	"strings"
	"sync"

	"github.com/golgi-sim/golgi/sim/store"
)

// Layout describes results files in another tool's layout that Open
// reads besides golgi run's: a model family registers the layout of the
// original it reproduces (GridCellsCond's .hdf5 files with NaN-padded
// spike rows, data_ids "<population>_spks").
type Layout struct {
	// Name names the layout in messages, such as "GridCellsCond".
	Name string
	// Ext is the data files' extension, such as store.ExtHDF5: a sim_id
	// directory with files of it is read in this layout. It must differ
	// from golgi run's store.ExtH5.
	Ext string
	// PopulationOrder lists the padded spike data_ids' prefixes in gid
	// order (the first population's cells have the lowest gids); data_ids
	// that match none come last, in name order.
	PopulationOrder []string
}

var (
	layoutsMu sync.RWMutex
	layouts   []Layout
)

// RegisterLayout adds a layout for Open. It is meant for a model family's
// init function; a layout without an extension, with golgi run's, or
// with one already registered is an error.
func RegisterLayout(l Layout) error {
	if l.Name == "" || l.Ext == "" || l.Ext == store.ExtH5 {
		return errors.New("frames: RegisterLayout: a Layout needs a Name and an extension other than " + store.ExtH5)
	}
	layoutsMu.Lock()
	defer layoutsMu.Unlock()
	for _, x := range layouts {
		if x.Ext == l.Ext {
			return errors.New("frames: RegisterLayout: " + l.Name + ": extension " + l.Ext + " is already " + x.Name + "'s")
		}
	}
	layouts = append(layouts, l)
	return nil
}

// layoutOf returns the registered layout whose files dir holds, or the
// zero Layout (golgi run's .h5 files).
func layoutOf(dir string) Layout {
	layoutsMu.RLock()
	defer layoutsMu.RUnlock()
	for _, l := range layouts {
		if m, _ := filepath.Glob(filepath.Join(dir, "*"+l.Ext)); len(m) > 0 {
			return l
		}
	}
	return Layout{Ext: store.ExtH5}
}

// rank returns the position of a padded spike data_id in l's population
// order.
func (l Layout) rank(dataID string) int {
	for i, p := range l.PopulationOrder {
		if strings.HasPrefix(dataID, p) {
			return i
		}
	}
	return len(l.PopulationOrder)
}

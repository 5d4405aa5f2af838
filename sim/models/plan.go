package models

import (
	"context"
	"flag"
	"io"
	"time"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/store"
)

// Request is what a Planner gets: the spec and the command line's choices.
type Request struct {
	// Path is the spec file's path ("" for a spec given as data only).
	Path string
	// Data is the spec's contents.
	Data []byte
	// Override is a JSON object of keys set in every simulation over the
	// spec (golgi run --set), or nil.
	Override []byte
	// SimID names the sweep (golgi run --sim-id); "" leaves it to the
	// family (usually the spec file's base name).
	SimID string
	// Out is the results root: a sweep writes to Out/<sim_id>/.
	Out string
	// Flags is the command's parsed flag set.
	Flags *flag.FlagSet
	// TstopMs is golgi run --tstop: the duration (ms) of the run,
	// replacing the spec's; 0 when not given. A family whose specs do not
	// take a duration this way returns an error naming its own key.
	TstopMs float64
}

// Plan is a spec turned into simulations: what Run runs.
type Plan struct {
	// SimID names the sweep: its results go to <out>/<sim_id>/.
	SimID string
	// Store gives the store's options (file extension); nil: Golgi's.
	Store *store.Options
	// Sims are the simulations in sim_num order.
	Sims []Sim
	// Describe is a short description of the sweep's networks for the
	// line Run prints before it starts, such as "576 cells (1d)".
	Describe string
	// Cells is the number of cells of each sim's network: with Parallel,
	// sweeps of small networks run several sims at a time.
	Cells int
	// Parallel allows several sims at a time, one thread each, when the
	// networks are small (Cells <= SmallNetwork) and there is one process.
	Parallel bool
	// Finish, if set, writes the sweep's own files on rank 0 after its
	// sims ran (such as a parameters file); ran lists the sims that ran,
	// in sim_num order. It returns the files written.
	Finish func(st *store.Store, ran []Sim) ([]string, error)
	// DryRun, if set, describes to w what each of ranks ranks would
	// build and its estimated cost and memory, reading the spec and
	// building nothing heavy (golgi run --dry-run); nil: the family has
	// no dry run.
	DryRun func(ranks int, w io.Writer) error
	// Distribution, if set, says how the family shares each sim's cells
	// among MPI ranks (for golgi run's output); "" is the engine's
	// (sim.Options: round robin or measured costs).
	Distribution string
}

// SmallNetwork is the largest network (cells) whose sims run in parallel,
// one thread each, when the Plan allows it: for those one thread per sim
// beats several threads per sim (no barrier per epoch).
const SmallNetwork = 5000

// Sim is one simulation of a Plan.
type Sim interface {
	// Num is the sim_num: the HDF5 group the sim's data go to.
	Num() int
	// DataIDs are the data_ids the sim writes; when all are complete in
	// the store the sim is complete (skipped by --resume), and when any
	// holds its sim_num it is there (refused without --force).
	DataIDs() []string
	// Title describes the model for figure titles, such as "coba".
	Title() string
	// Network builds the sim's network and returns it with its run
	// options (Threads: the spec's choice; Run sets the rest) and its
	// biological duration in seconds.
	Network() (net *sim.Network, opts *sim.Options, durationS float64, err error)
	// Write stores the result of the sim's run in st (rank 0 only) and
	// returns the files written.
	Write(st *store.Store, res *sim.Result, info RunInfo) ([]string, error)
}

// DirectSim is a Sim that runs itself instead of giving a sim.Network:
// networks of multicompartment cells of NMODL mechanisms (sim/morph
// CellGroups connected by sim/netcon), such as SONATA circuits. Run calls
// RunDirect instead of Network; Network is not called. On several MPI
// ranks every rank calls RunDirect (which shares the sim among the
// ranks, mpi.World) and rank 0 alone Write.
type DirectSim interface {
	Sim
	// RunDirect builds and runs the sim on up to threads goroutines (0:
	// the sim's choice), reporting progress when progress is not nil, and
	// returns its spikes as a sim.Result (Complete false and the error of
	// ctx when cancelled).
	RunDirect(ctx context.Context, threads int, progress func(sim.Progress)) (*sim.Result, error)
}

// RunInfo describes a run to the Sim writing its results.
type RunInfo struct {
	Version string        // Golgi's version
	Start   time.Time     // when the sim started (building included)
	Wall    time.Duration // building and running
}

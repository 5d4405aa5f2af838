package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/mpi"
)

// One network over several processes: bin/golgi-mpi (go build -tags mpi,
// `make mpi`) started by mpirun runs `run` and `bench` with the network
// distributed over the ranks (sim.Comm). Rank 0 prints progress and
// results and writes every file; the other ranks print only their errors.
// An error or a panic on any rank ends the whole job through MPI_Abort
// with that rank's message and a non-zero exit.

// failRankEnv names a fault-injection hook for the MPI tests:
// GOLGI_FAIL_RANK=K makes rank K fail after building its part of the
// network, while the other ranks wait in the first spike exchange;
// GOLGI_FAIL_RANK=K:panic makes it panic instead.
const failRankEnv = "GOLGI_FAIL_RANK"

// startCluster prepares the process for the command line args. It returns
// done with an exit code when the process must not go on: the binary
// without MPI started by an MPI launcher with several processes, or MPI
// failing to start.
func startCluster(args []string, stderr io.Writer) (code int, done bool) {
	if !mpi.Enabled {
		if n, ok := mpi.Launched(); ok {
			fmt.Fprintf(stderr, "golgi: started by an MPI launcher as one of %d processes, but this golgi is built without MPI:\n"+
				"each process would run the whole network on its own. Build the MPI binary with `make mpi` and run\n"+
				"  mpirun -np %d bin/golgi-mpi %s\n", n, n, strings.Join(args, " "))
			return 2, true
		}
		return 0, false
	}
	if err := mpi.Init(); err != nil {
		fmt.Fprintf(stderr, "golgi: %v\n", err)
		return 1, true
	}
	// Share the cores of a node among its ranks, unless GOMAXPROCS says
	// otherwise: the automatic thread count follows GOMAXPROCS.
	if os.Getenv("GOMAXPROCS") == "" {
		if local, err := strconv.Atoi(os.Getenv("OMPI_COMM_WORLD_LOCAL_SIZE")); err == nil && local > 1 {
			runtime.GOMAXPROCS(max(1, runtime.NumCPU()/local))
		}
	}
	return 0, false
}

// endCluster ends MPI after a command that returned code: MPI_Finalize
// after success, MPI_Abort of every rank after a failure on this one (its
// message is already on stderr).
func endCluster(code int) int {
	if !mpi.Enabled {
		return code
	}
	if code != 0 && mpi.Size() > 1 {
		mpi.Abort(code, "")
	}
	if err := mpi.Finalize(); err != nil && code == 0 {
		fmt.Fprintf(os.Stderr, "golgi: %v\n", err)
		return 1
	}
	return code
}

// abortOnPanic turns a panic of the calling goroutine on one rank into the
// end of the whole MPI job, with the panic and its stack as the message.
// It is deferred by main in the MPI build; elsewhere a panic stays a panic.
func abortOnPanic() {
	if !mpi.Enabled || mpi.Size() < 2 {
		return
	}
	if p := recover(); p != nil {
		mpi.Abort(2, fmt.Sprintf("golgi: panic: %v\n%s", p, debug.Stack()))
	}
}

// distributed reports whether this process is one of several ranks.
func distributed() bool { return mpi.Size() > 1 }

// rankPrefix returns "rank R of N: " on several ranks, "" otherwise: the
// prefix of error messages.
func rankPrefix() string {
	if !distributed() {
		return ""
	}
	return fmt.Sprintf("rank %d of %d: ", mpi.Rank(), mpi.Size())
}

// distribute sets opts to run over the job's ranks (mpi.World) when there
// are several, with what is recorded gathered to rank 0, which writes or
// reports it; on one process it leaves opts as they are.
func distribute(opts *sim.Options) {
	if distributed() {
		opts.Comm, opts.GatherToRoot = mpi.World{}, true
	}
}

// infoWriter returns w on rank 0 and a discarding writer on the other
// ranks: progress and results are printed once.
func infoWriter(w io.Writer) io.Writer {
	if mpi.Rank() != 0 {
		return io.Discard
	}
	return w
}

// injectFailure implements GOLGI_FAIL_RANK on this rank.
func injectFailure() error {
	v := os.Getenv(failRankEnv)
	if v == "" {
		return nil
	}
	rank, kind, _ := strings.Cut(v, ":")
	if r, err := strconv.Atoi(rank); err != nil || r != mpi.Rank() {
		return nil
	}
	if kind == "panic" {
		panic(fmt.Sprintf("injected panic (%s=%s)", failRankEnv, v))
	}
	return fmt.Errorf("injected failure (%s=%s)", failRankEnv, v)
}

// requireMPI implements the --mpi flag of run and bench: it fails on a
// binary built without MPI.
func requireMPI(want bool) error {
	if want && !mpi.Enabled {
		return fmt.Errorf("--mpi: this golgi is built without MPI; build bin/golgi-mpi with `make mpi` (needs Open MPI: apt-get install libopenmpi-dev openmpi-bin) and start it with mpirun -np K")
	}
	return nil
}

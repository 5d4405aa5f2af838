package mpi

import (
	"fmt"
	"os"
)

// Elem is an element type the collectives transfer.
type Elem interface {
	~byte | ~int32 | ~int64 | ~uint64 | ~float64
}

// Op is a reduction of Allreduce.
type Op int

// Reductions.
const (
	Sum Op = iota
	Max
	Min
)

func (o Op) String() string {
	switch o {
	case Sum:
		return "Sum"
	case Max:
		return "Max"
	case Min:
		return "Min"
	}
	return fmt.Sprintf("Op(%d)", int(o))
}

// launchVars are environment variables that MPI launchers (Open MPI's
// mpirun, MPICH's Hydra, Slurm's srun with PMI) set in the processes they
// start, with the variable holding the world size.
var launchVars = []string{"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"}

// Launched reports whether this process was started by an MPI launcher
// with more than one process, and if so the number of processes it
// started. A program built without MPI uses it to refuse to run as K
// copies of the same single-process job.
func Launched() (size int, ok bool) {
	for _, v := range launchVars {
		s := os.Getenv(v)
		if s == "" {
			continue
		}
		var n int
		if _, err := fmt.Sscan(s, &n); err == nil && n > 1 {
			return n, true
		}
	}
	return 0, false
}

// checkAllgatherv validates the counts and displacements of an Allgatherv
// of len(send) elements into recv over size ranks.
func checkAllgatherv(nsend, nrecv, rank, size int, counts, displs []int) error {
	if len(counts) != size || len(displs) != size {
		return fmt.Errorf("mpi.Allgatherv: %d counts and %d displacements for %d ranks", len(counts), len(displs), size)
	}
	if counts[rank] != nsend {
		return fmt.Errorf("mpi.Allgatherv: rank %d sends %d elements, counts says %d", rank, nsend, counts[rank])
	}
	for r := range counts {
		if counts[r] < 0 || displs[r] < 0 || displs[r]+counts[r] > nrecv {
			return fmt.Errorf("mpi.Allgatherv: rank %d's %d elements at %d do not fit a receive buffer of %d", r, counts[r], displs[r], nrecv)
		}
	}
	return nil
}

// reduce combines src into dst elementwise.
func reduce[T Elem](dst, src []T, op Op) {
	for i, x := range src {
		switch op {
		case Sum:
			dst[i] += x
		case Max:
			dst[i] = max(dst[i], x)
		case Min:
			dst[i] = min(dst[i], x)
		}
	}
}

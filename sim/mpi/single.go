//go:build !mpi

package mpi

import (
	"fmt"
	"os"
)

// Enabled reports whether the package calls an MPI library (built with the
// tag mpi). This build runs as a single rank.
const Enabled = false

// Init does nothing in this build: there is one rank.
func Init() error { return nil }

// Finalize does nothing in this build.
func Finalize() error { return nil }

// Initialized reports whether Init was called; in this build, always true.
func Initialized() bool { return true }

// Rank returns this process's rank in the world communicator: 0.
func Rank() int { return 0 }

// Size returns the number of ranks: 1.
func Size() int { return 1 }

// Barrier returns at once.
func Barrier() error { return nil }

// Allgather copies send into recv, which must have len(send) elements per
// rank.
func Allgather[T Elem](send, recv []T) error {
	if len(recv) != len(send) {
		return fmt.Errorf("mpi.Allgather: receive buffer of %d for %d elements from 1 rank", len(recv), len(send))
	}
	copy(recv, send)
	return nil
}

// Allgatherv copies send into recv at displs[0]; counts and displs have
// one entry per rank.
func Allgatherv[T Elem](send, recv []T, counts, displs []int) error {
	if err := checkAllgatherv(len(send), len(recv), 0, 1, counts, displs); err != nil {
		return err
	}
	copy(recv[displs[0]:], send)
	return nil
}

// Gatherv copies send into recv at displs[0]; root must be 0.
func Gatherv[T Elem](send, recv []T, counts, displs []int, root int) error {
	if root != 0 {
		return fmt.Errorf("mpi.Gatherv: root %d of 1 rank", root)
	}
	if err := Allgatherv(send, recv, counts, displs); err != nil {
		return fmt.Errorf("mpi.Gatherv: %w", err)
	}
	return nil
}

// Allreduce copies send into recv: the reduction over one rank.
func Allreduce[T Elem](send, recv []T, op Op) error {
	if len(recv) != len(send) {
		return fmt.Errorf("mpi.Allreduce: receive buffer of %d for %d elements", len(recv), len(send))
	}
	if op < Sum || op > Min {
		return fmt.Errorf("mpi.Allreduce: unknown %v", op)
	}
	copy(recv, send)
	return nil
}

// Bcast leaves buf as it is: root is the only rank.
func Bcast[T Elem](buf []T, root int) error {
	if root != 0 {
		return fmt.Errorf("mpi.Bcast: root %d of 1 rank", root)
	}
	return nil
}

// Abort writes msg to stderr and ends the process with code.
func Abort(code int, msg string) {
	if msg != "" {
		fmt.Fprintln(os.Stderr, msg)
	}
	os.Exit(code)
}

// Request is a collective in flight; in this build every collective is
// complete when it returns.
type Request struct{}

// Iallgather copies send into recv, which must have len(send) elements
// per rank, and returns a completed Request.
func Iallgather[T Elem](send, recv []T) (*Request, error) {
	if err := Allgather(send, recv); err != nil {
		return nil, fmt.Errorf("mpi.Iallgather: %w", err)
	}
	return &Request{}, nil
}

// Wait returns nil: the collective is complete.
func (*Request) Wait() error { return nil }

// Test reports true: the collective is complete.
func (*Request) Test() (bool, error) { return true, nil }

// Package mpi is a small binding of the MPI calls Golgi needs to run one
// network over several processes: Init and Finalize, the rank and size of
// the world communicator, Barrier, Allgather, Iallgather (a Request to Wait
// for or Test), Allgatherv, Gatherv, Allreduce, Bcast and Abort.
//
// Built with the tag mpi (go build -tags mpi; make mpi), it calls the MPI
// library found by pkg-config (Open MPI's "ompi") through cgo. Without the
// tag every function has the same signature and behaves as MPI does with
// one rank, so programs that use the package build and test anywhere;
// Enabled tells which build this is.
//
// The collectives work on the world communicator. Calls must not overlap
// (MPI_THREAD_SERIALIZED): any goroutine may make them, one at a time. Init
// locks the calling goroutine to its OS thread, which then is MPI's main
// thread; call Finalize from the same goroutine.
//
// Iallgather's buffers are C memory of its own, since MPI keeps them
// while the collective is in flight and cgo forbids C to keep Go memory:
// the caller's send slice is free at once, and recv is filled when Wait or
// Test reports completion.
//
// Local returns in-process communicators, one per goroutine acting as a
// rank, with the methods sim.Comm, sim.AsyncComm and sim.RootGatherComm
// need: tests of distributed code run without MPI.
package mpi

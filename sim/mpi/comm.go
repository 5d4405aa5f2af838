package mpi

// World is the world communicator with the methods of sim.Comm: pass
// mpi.World{} as sim.Options.Comm to distribute a network over the ranks of
// an MPI job.
type World struct{}

// Rank returns this process's rank.
func (World) Rank() int { return Rank() }

// Size returns the number of ranks.
func (World) Size() int { return Size() }

// AllgatherInt64 is Allgather of int64.
func (World) AllgatherInt64(send, recv []int64) error { return Allgather(send, recv) }

// AllgathervInt32 is Allgatherv of int32.
func (World) AllgathervInt32(send, recv []int32, counts, displs []int) error {
	return Allgatherv(send, recv, counts, displs)
}

// AllgathervFloat64 is Allgatherv of float64.
func (World) AllgathervFloat64(send, recv []float64, counts, displs []int) error {
	return Allgatherv(send, recv, counts, displs)
}

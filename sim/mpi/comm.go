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

// GathervFloat64 is Gatherv of float64 to root.
func (World) GathervFloat64(send, recv []float64, counts, displs []int, root int) error {
	return Gatherv(send, recv, counts, displs, root)
}

// IallgatherInt32 starts an Allgather of int32 (Iallgather) and returns
// complete, which finishes it: complete(true) blocks until recv holds
// every rank's values, complete(false) only advances the collective and
// reports whether it is done.
func (World) IallgatherInt32(send, recv []int32) (complete func(block bool) (bool, error), err error) {
	r, err := Iallgather(send, recv)
	if err != nil {
		return nil, err
	}
	return r.complete, nil
}

func (r *Request) complete(block bool) (bool, error) {
	if block {
		return true, r.Wait()
	}
	return r.Test()
}

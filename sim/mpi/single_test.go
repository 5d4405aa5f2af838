//go:build !mpi

package mpi_test

import (
	"testing"

	"github.com/golgi-sim/golgi/sim/mpi"
)

// TestSingleRank checks the build without MPI behaves as MPI with one rank.
func TestSingleRank(t *testing.T) {
	if mpi.Enabled {
		t.Fatal("Enabled without the mpi tag")
	}
	if err := mpi.Init(); err != nil {
		t.Fatal(err)
	}
	if mpi.Rank() != 0 || mpi.Size() != 1 || !mpi.Initialized() {
		t.Fatalf("rank %d of %d", mpi.Rank(), mpi.Size())
	}
	got := make([]float64, 2)
	if err := mpi.Allgather([]float64{1.5, 2.5}, got); err != nil || got[0] != 1.5 || got[1] != 2.5 {
		t.Errorf("Allgather: %v, %v", got, err)
	}
	if err := mpi.Allgather([]float64{1}, got); err == nil {
		t.Error("Allgather into a buffer of the wrong size accepted")
	}
	v := make([]int32, 4)
	if err := mpi.Allgatherv([]int32{7, 8}, v, []int{2}, []int{1}); err != nil || v[1] != 7 || v[2] != 8 || v[0] != 0 {
		t.Errorf("Allgatherv: %v, %v", v, err)
	}
	if err := mpi.Allgatherv([]int32{7, 8}, v, []int{3}, []int{0}); err == nil {
		t.Error("Allgatherv with a wrong count accepted")
	}
	r := make([]int64, 1)
	if err := mpi.Allreduce([]int64{-3}, r, mpi.Max); err != nil || r[0] != -3 {
		t.Errorf("Allreduce: %v, %v", r, err)
	}
	if err := mpi.Bcast([]byte("x"), 1); err == nil {
		t.Error("Bcast from root 1 of 1 rank accepted")
	}
	if err := mpi.Barrier(); err != nil {
		t.Error(err)
	}
	if err := mpi.Finalize(); err != nil {
		t.Error(err)
	}
}

package mpi_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/golgi-sim/golgi/sim/mpi"
)

// onRanks runs f on every rank of an in-process communicator of size
// ranks, each in its own goroutine, and returns the first error.
func onRanks(size int, f func(c *mpi.Local) error) error {
	ranks := mpi.NewLocal(size)
	errs := make([]error, size)
	var wg sync.WaitGroup
	for r, c := range ranks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[r] = f(c)
		}()
	}
	wg.Wait()
	for r, err := range errs {
		if err != nil {
			return fmt.Errorf("rank %d: %w", r, err)
		}
	}
	return nil
}

func TestLocalCollectives(t *testing.T) {
	for _, size := range []int{1, 2, 3, 5} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			err := onRanks(size, func(c *mpi.Local) error {
				r := c.Rank()
				if c.Size() != size {
					return fmt.Errorf("Size %d, want %d", c.Size(), size)
				}
				// Allgather: rank r sends (r, 10r); rank q's pair lands at 2q.
				got := make([]int64, 2*size)
				if err := c.AllgatherInt64([]int64{int64(r), int64(10 * r)}, got); err != nil {
					return err
				}
				for q := 0; q < size; q++ {
					if got[2*q] != int64(q) || got[2*q+1] != int64(10*q) {
						return fmt.Errorf("Allgather gives %v", got)
					}
				}
				// Allgatherv: rank q sends q elements (rank 0 none), each
				// 100q+k; several rounds reuse the buffers.
				counts := make([]int, size)
				displs := make([]int, size)
				total := 0
				for q := range counts {
					counts[q], displs[q] = q, total
					total += q
				}
				for round := 0; round < 3; round++ {
					send := make([]int32, r)
					for k := range send {
						send[k] = int32(100*r + k + round)
					}
					recv := make([]int32, total)
					if err := c.AllgathervInt32(send, recv, counts, displs); err != nil {
						return err
					}
					for q := 0; q < size; q++ {
						for k := 0; k < q; k++ {
							if recv[displs[q]+k] != int32(100*q+k+round) {
								return fmt.Errorf("round %d: Allgatherv gives %v", round, recv)
							}
						}
					}
				}
				// Allreduce of (r, -r, r*r): sum, max and min known in closed form.
				n := float64(size)
				for _, tc := range []struct {
					op   mpi.Op
					want []float64
				}{
					{mpi.Sum, []float64{n * (n - 1) / 2, -n * (n - 1) / 2, (n - 1) * n * (2*n - 1) / 6}},
					{mpi.Max, []float64{n - 1, 0, (n - 1) * (n - 1)}},
					{mpi.Min, []float64{0, -(n - 1), 0}},
				} {
					out := make([]float64, 3)
					x := float64(r)
					if err := c.AllreduceFloat64([]float64{x, -x, x * x}, out, tc.op); err != nil {
						return err
					}
					for i := range out {
						if out[i] != tc.want[i] {
							return fmt.Errorf("Allreduce %v gives %v, want %v", tc.op, out, tc.want)
						}
					}
				}
				return c.Barrier()
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestLocalAllgathervBadCounts(t *testing.T) {
	err := onRanks(2, func(c *mpi.Local) error {
		// Both ranks claim one element, rank 1 sends two.
		send := make([]int32, 1+c.Rank())
		return c.AllgathervInt32(send, make([]int32, 2), []int{1, 1}, []int{0, 1})
	})
	if err == nil {
		t.Fatal("mismatched counts accepted")
	}
}

func TestLaunched(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		size        int
		ok          bool
	}{
		{"OMPI_COMM_WORLD_SIZE", "4", 4, true},
		{"PMI_SIZE", "2", 2, true},
		{"OMPI_COMM_WORLD_SIZE", "1", 0, false},
		{"OMPI_COMM_WORLD_SIZE", "x", 0, false},
	} {
		for _, v := range []string{"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"} {
			t.Setenv(v, "")
		}
		t.Setenv(tc.name, tc.value)
		size, ok := mpi.Launched()
		if size != tc.size || ok != tc.ok {
			t.Errorf("%s=%s: Launched() = %d, %v, want %d, %v", tc.name, tc.value, size, ok, tc.size, tc.ok)
		}
	}
}

// asyncComm is what checkIallgather needs: mpi.World and *mpi.Local.
type asyncComm interface {
	Rank() int
	Size() int
	IallgatherInt32(send, recv []int32) (func(block bool) (bool, error), error)
}

// checkIallgather starts two Allgathers without waiting, reuses the send
// buffer at once, finishes the first by polling and the second by
// waiting, and checks both.
func checkIallgather(c asyncComm) error {
	size, r := c.Size(), int32(c.Rank())
	send := []int32{r, 10 * r, 100 * r}
	a := make([]int32, 3*size)
	doneA, err := c.IallgatherInt32(send, a)
	if err != nil {
		return err
	}
	send[0], send[1], send[2] = -r, 7, 1000+r // the first must have copied it
	b := make([]int32, 3*size)
	doneB, err := c.IallgatherInt32(send, b)
	if err != nil {
		return err
	}
	for {
		ok, err := doneA(false)
		if err != nil {
			return err
		}
		if ok {
			break
		}
	}
	if _, err := doneB(true); err != nil {
		return err
	}
	if ok, err := doneA(true); !ok || err != nil {
		return fmt.Errorf("a finished gather completes again with %v, %v", ok, err)
	}
	for q := int32(0); q < int32(size); q++ {
		if a[3*q] != q || a[3*q+1] != 10*q || a[3*q+2] != 100*q {
			return fmt.Errorf("first Iallgather gives %v", a)
		}
		if b[3*q] != -q || b[3*q+1] != 7 || b[3*q+2] != 1000+q {
			return fmt.Errorf("second Iallgather gives %v", b)
		}
	}
	return nil
}

func TestLocalIallgather(t *testing.T) {
	for _, size := range []int{1, 2, 3} {
		if err := onRanks(size, func(c *mpi.Local) error { return checkIallgather(c) }); err != nil {
			t.Errorf("%d ranks: %v", size, err)
		}
	}
	c := mpi.NewLocal(2)[0]
	if _, err := c.IallgatherInt32(make([]int32, 2), make([]int32, 3)); err == nil {
		t.Error("a receive buffer of the wrong size gives no error")
	}
}

// gatherComm is what checkGatherv needs: mpi.World and *mpi.Local.
type gatherComm interface {
	Rank() int
	Size() int
	GathervFloat64(send, recv []float64, counts, displs []int, root int) error
}

// checkGatherv gathers q+1 values 100q+k from each rank q to the last
// rank, rank after rank in reverse order, and checks them there.
func checkGatherv(c gatherComm) error {
	size, r := c.Size(), c.Rank()
	root := size - 1
	send := make([]float64, r+1)
	for k := range send {
		send[k] = float64(100*r + k)
	}
	counts, displs := make([]int, size), make([]int, size)
	total := 0
	for q := size - 1; q >= 0; q-- {
		counts[q], displs[q] = q+1, total
		total += q + 1
	}
	var recv []float64
	if r == root {
		recv = make([]float64, total)
	}
	if err := c.GathervFloat64(send, recv, counts, displs, root); err != nil {
		return err
	}
	if r != root {
		return nil
	}
	for q := 0; q < size; q++ {
		for k := 0; k <= q; k++ {
			if recv[displs[q]+k] != float64(100*q+k) {
				return fmt.Errorf("Gatherv gives %v", recv)
			}
		}
	}
	return nil
}

func TestLocalGatherv(t *testing.T) {
	for _, size := range []int{1, 2, 3} {
		if err := onRanks(size, func(c *mpi.Local) error { return checkGatherv(c) }); err != nil {
			t.Errorf("%d ranks: %v", size, err)
		}
	}
	err := onRanks(2, func(c *mpi.Local) error {
		return c.GathervFloat64([]float64{1}, make([]float64, 1), []int{1, 1}, []int{0, 1}, 1)
	})
	if err == nil {
		t.Error("a receive buffer too small for the counts gives no error")
	}
}

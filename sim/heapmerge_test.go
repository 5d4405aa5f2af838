package sim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/golgi-sim/golgi/sim/mpi"
)

// mergeInput returns K sorted lists of (step, gid) pairs, rank r holding
// the gids g with g mod K = r, as the exchange receives them, and an
// exchange of K ranks over populations starting at offsets.
func mergeInput(K, perRank int, offsets []int32, seed uint64) (*exchange, []int32, []int, []int) {
	rnd := rand.New(rand.NewPCG(seed, 1))
	x := &exchange{size: K, offsets: offsets, heads: make([]int, K)}
	var recv []int32
	counts, displs := make([]int, K), make([]int, K)
	n := offsets[len(offsets)-1] + 100 + 10*int32(K)
	for r := 0; r < K; r++ {
		type sg struct{ s, g int32 }
		var list []sg
		m := rnd.IntN(2*perRank + 1) // some ranks empty
		for range m {
			g := int32(rnd.IntN(int(n)/K))*int32(K) + int32(r)
			list = append(list, sg{int32(rnd.IntN(16)), g})
		}
		slices.SortFunc(list, func(a, b sg) int {
			if a.s != b.s {
				return int(a.s - b.s)
			}
			return int(a.g - b.g)
		})
		list = slices.CompactFunc(list, func(a, b sg) bool { return a == b })
		displs[r] = len(recv)
		for _, e := range list {
			recv = append(recv, e.s, e.g)
		}
		counts[r] = len(recv) - displs[r]
	}
	return x, recv, counts, displs
}

// TestHeapMerge requires the heap merge to give every rank's spikes in
// (step, gid) order, for 1 to 200 ranks and 1 to 12 populations.
func TestHeapMerge(t *testing.T) {
	for _, K := range []int{1, 2, 3, 9, 64, 200} {
		for _, offsets := range [][]int32{{0}, {0, 40, 41, 300}, {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110}} {
			x, recv, counts, displs := mergeInput(K, 20, offsets, uint64(K))
			// The answer: every pair, sorted.
			var want []spikeEvent
			for k := 0; k < len(recv); k += 2 {
				want = append(want, x.event(recv[k], recv[k+1]))
			}
			slices.SortFunc(want, func(a, b spikeEvent) int {
				if before(a, b) {
					return -1
				}
				if before(b, a) {
					return 1
				}
				return 0
			})
			got := x.mergeRanks(recv, counts, displs, nil)
			if !slices.Equal(got, want) {
				t.Errorf("%d ranks, %d populations: %d spikes merged, want %d in (step, gid) order", K, len(offsets), len(got), len(want))
			}
			for _, e := range got {
				if g := offsets[e.pop] + e.idx; e.idx < 0 || (int(e.pop)+1 < len(offsets) && g >= offsets[e.pop+1]) {
					t.Fatalf("%d ranks: gid %d given to population %d", K, g, e.pop)
				}
			}
		}
	}
}

// TestManyRanksIdentical runs a network on 12 in-process ranks (the heap
// merge) and requires the single process's spikes.
func TestManyRanksIdentical(t *testing.T) {
	net := func() *Network {
		net := &Network{Seed: 8}
		src := net.AddPopulation("src", 240, &PoissonSource{Rate: 80})
		sink := net.AddPopulation("sink", 60, &LIF{TauM: 10 * Millisecond, VThreshold: 1, Synapse: Delta})
		net.Connect(src, sink, "v", Bernoulli{P: 0.2}, Const(0.05), Const(0.5*Millisecond))
		net.Connect(sink, sink, "v", Bernoulli{P: 0.1}, Const(-0.02), Const(Millisecond))
		return net
	}
	want, err := Run(context.Background(), net(), 0.05, &Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if want.Spikes["sink"].Len() == 0 {
		t.Fatal("the sink does not spike: the test needs delivery")
	}
	onLocalRanks(t, 12, func(r int, c *mpi.Local) error {
		res, err := Run(context.Background(), net(), 0.05, &Options{Threads: 1, Comm: c})
		if err == nil && res.SpikesSHA256() != want.SpikesSHA256() {
			err = fmt.Errorf("%d spikes, single process %d", res.NumSpikes(), want.NumSpikes())
		}
		return err
	})
}

// BenchmarkMergeRanks merges one epoch's spikes of K ranks, 50 a rank.
func BenchmarkMergeRanks(b *testing.B) {
	for _, K := range []int{2, 4, 8, 16, 64, 256} {
		x, recv, counts, displs := mergeInput(K, 50, []int32{0, 10000}, 3)
		dst := make([]spikeEvent, 0, len(recv)/2)
		b.Run(fmt.Sprintf("K=%d", K), func(b *testing.B) {
			for b.Loop() {
				dst = x.mergeRanks(recv, counts, displs, dst[:0])
			}
		})
	}
}

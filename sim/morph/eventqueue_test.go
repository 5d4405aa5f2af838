package morph

import (
	"math/rand/v2"
	"sort"
	"testing"
)

// TestEventQueueOrder pushes events in random order, with many equal
// times, and checks that they come out by time and, for equal times, in
// the order pushed.
func TestEventQueueOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var q eventQueue
	var want []event
	for round := range 3 {
		for i := range 500 {
			e := event{t: float64(r.IntN(40)) * 0.25, k: round*1000 + i}
			q.push(e)
			e.seq = q.next - 1
			want = append(want, e)
		}
		// Pop half, then push more.
		sort.SliceStable(want, func(i, j int) bool { return want[i].before(&want[j]) })
		for range len(want) / 2 {
			got := q.pop()
			if got.k != want[0].k || got.t != want[0].t {
				t.Fatalf("popped t %g k %d, want t %g k %d", got.t, got.k, want[0].t, want[0].k)
			}
			want = want[1:]
		}
	}
	for len(want) > 0 {
		got := q.pop()
		if got.k != want[0].k {
			t.Fatalf("popped k %d, want %d", got.k, want[0].k)
		}
		want = want[1:]
	}
	if q.len() != 0 {
		t.Errorf("%d events left", q.len())
	}
}

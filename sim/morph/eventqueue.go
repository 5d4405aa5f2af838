package morph

import "container/heap"

// event is a NetCon event for instance k of mechanism mech of a CellGroup.
type event struct {
	t    float64
	seq  uint64 // order of sending, for equal times
	mech int
	k    int
	args []float64
}

// eventQueue is a priority queue of events by time, then by the order
// they were sent (NEURON's TQueue delivers equal times first in, first
// out).
type eventQueue struct {
	h    eventHeap
	next uint64
}

func (q *eventQueue) reset()      { q.h = q.h[:0]; q.next = 0 }
func (q *eventQueue) len() int    { return len(q.h) }
func (q *eventQueue) peek() event { return q.h[0] }

func (q *eventQueue) push(e event) {
	e.seq = q.next
	q.next++
	heap.Push(&q.h, e)
}

func (q *eventQueue) pop() event { return heap.Pop(&q.h).(event) }

type eventHeap []event

func (h eventHeap) Len() int { return len(h) }
func (h eventHeap) Less(i, j int) bool {
	if h[i].t != h[j].t {
		return h[i].t < h[j].t
	}
	return h[i].seq < h[j].seq
}
func (h eventHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)   { *h = append(*h, x.(event)) }
func (h *eventHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

package morph

// event is a NetCon event for instance k of mechanism mech of a CellGroup.
type event struct {
	t    float64
	seq  uint64 // order of sending, for equal times
	mech int
	k    int
	args []float64
	flag float64 // 0 for a NetCon's event, the net_send flag of a self event
}

// before orders events by time, then by the order they were sent
// (NEURON's queue delivers equal times first in, first out).
func (e *event) before(o *event) bool {
	if e.t != o.t {
		return e.t < o.t
	}
	return e.seq < o.seq
}

// eventQueue is a binary min-heap of events; push and pop do not
// allocate once the queue has grown to its working size.
type eventQueue struct {
	h    []event
	next uint64
}

func (q *eventQueue) reset()       { q.h = q.h[:0]; q.next = 0 }
func (q *eventQueue) len() int     { return len(q.h) }
func (q *eventQueue) peek() *event { return &q.h[0] }

func (q *eventQueue) push(e event) {
	e.seq = q.next
	q.next++
	q.h = append(q.h, e)
	i := len(q.h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q.h[i].before(&q.h[p]) {
			break
		}
		q.h[i], q.h[p] = q.h[p], q.h[i]
		i = p
	}
}

func (q *eventQueue) pop() event {
	top := q.h[0]
	last := len(q.h) - 1
	q.h[0] = q.h[last]
	q.h = q.h[:last]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && q.h[l].before(&q.h[m]) {
			m = l
		}
		if r < last && q.h[r].before(&q.h[m]) {
			m = r
		}
		if m == i {
			break
		}
		q.h[i], q.h[m] = q.h[m], q.h[i]
		i = m
	}
	return top
}

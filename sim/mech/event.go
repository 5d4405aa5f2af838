package mech

import "container/heap"

// FlagReceiver is a Receiver whose NET_RECEIVE block handles self events
// (NEURON's net_send): ReceiveFlag runs the block for instance k at time
// e.T with the event's flag, 0 for an event of a NetCon. Receive(e, k,
// args) is ReceiveFlag(e, k, args, 0).
type FlagReceiver interface {
	Receiver
	ReceiveFlag(e *Env, k int, args []float64, flag float64)
}

// NetConIniter is a Receiver with a NET_RECEIVE INITIAL block: InitNetCon
// runs it for one connection to instance k, args its weight vector, at
// initialisation after every mechanism's INITIAL (NEURON's
// init_net_events). It returns an error when the block needs something
// the environment does not give, such as an event queue for net_send.
type NetConIniter interface {
	Receiver
	InitNetCon(e *Env, k int, args []float64) error
}

// EventQueue takes the self events of mechanisms (NEURON's net_send from
// NET_RECEIVE or its INITIAL block): Send schedules ReceiveFlag(e, k,
// args, flag) of target at tMs, args the weight vector of the connection
// whose event (or initialisation) sent it, shared with it. Events are
// delivered as NEURON's fixed step delivers them: those due by the middle
// of a step at its start, at their own times, in time order (in the order
// sent for equal times).
type EventQueue interface {
	Send(tMs float64, target FlagReceiver, k int, args []float64, flag float64)
}

// EventSource is an artificial cell that emits events (NEURON's
// net_event), such as VecStim. Events returns, in time order, the times
// (ms) of the events instance k emits at times up to untilMs that it has
// not returned before; the times do not depend on how a run is cut into
// calls. Init (of Mechanism) starts the source over.
type EventSource interface {
	Mechanism
	Events(k int, untilMs float64) []float64
}

// NetCon connects instance SourceK of an event source to a point
// process: an event the source emits at te reaches Target at te + DelayMs
// with Args, the connection's weight vector (NEURON's NetCon(source,
// target) with weight Args and delay DelayMs).
type NetCon struct {
	Source  EventSource
	SourceK int
	DelayMs float64
	Target  Receiver
	Args    []float64
}

// pending is an event in a Compartment's queue.
type pending struct {
	tMs    float64
	seq    int // the order of sending, for equal times
	target Receiver
	k      int
	args   []float64
	flag   float64
}

// eventHeap is the queue of pending events, earliest first.
type eventHeap []pending

func (h eventHeap) Len() int { return len(h) }
func (h eventHeap) Less(i, j int) bool {
	if h[i].tMs != h[j].tMs {
		return h[i].tMs < h[j].tMs
	}
	return h[i].seq < h[j].seq
}
func (h eventHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)   { *h = append(*h, x.(pending)) }
func (h *eventHeap) Pop() (x any) { old := *h; n := len(old); x = old[n-1]; *h = old[:n-1]; return x }

// queue is a Compartment's EventQueue.
type queue struct {
	h   eventHeap
	seq int
}

// Send implements EventQueue.
func (q *queue) Send(tMs float64, target FlagReceiver, k int, args []float64, flag float64) {
	q.push(pending{tMs: tMs, target: target, k: k, args: args, flag: flag})
}

func (q *queue) push(p pending) {
	p.seq = q.seq
	q.seq++
	heap.Push(&q.h, p)
}

func (q *queue) reset() { q.h, q.seq = q.h[:0], 0 }

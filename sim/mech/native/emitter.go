package native

// emitter holds the events a synapse emits (net_event) until an
// EventSource poll returns them.
type emitter struct {
	times [][]float64 // per instance, in time order
	given []int       // per instance, how many were returned
}

func newEmitter(n int) *emitter { return &emitter{times: make([][]float64, n), given: make([]int, n)} }

func (em *emitter) reset(k int) { em.times[k], em.given[k] = em.times[k][:0], 0 }

func (em *emitter) emit(k int, t float64) { em.times[k] = append(em.times[k], t) }

// events returns instance k's events up to untilMs not returned before.
func (em *emitter) events(k int, untilMs float64) []float64 {
	ts := em.times[k]
	i := em.given[k]
	j := i
	for j < len(ts) && ts[j] <= untilMs {
		j++
	}
	em.given[k] = j
	if i == j {
		return nil
	}
	return append([]float64(nil), ts[i:j]...)
}

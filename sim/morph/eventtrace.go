package morph

// DeliveredEvent is an event as CellGroup hands it to its point process's
// NET_RECEIVE: the target, the event's time (the t NET_RECEIVE sees), the
// time of the step that delivers it (its start), a copy of the weight
// vector as it was before NET_RECEIVE and the flag (0 for a NetCon's
// event, the net_send flag for a self event).
type DeliveredEvent struct {
	Point        PointRef
	TMs, StepTMs float64
	Args         []float64
	Flag         float64
}

// TraceEvents calls f, when not nil, with every event the group delivers
// from then on, before its NET_RECEIVE runs: a debugging aid that lets a
// reference simulator replay exactly the events a run delivered. A nil f
// stops the trace.
func (g *CellGroup) TraceEvents(f func(DeliveredEvent)) { g.trace = f }

package native

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/mech"
)

func init() {
	mech.MustRegister("VecStim", func(n int) mech.Mechanism { return NewVecStim(n) })
}

// VecStim is the artificial cell VecStim of neurodamus
// (neurodamus-models common/mod/VecStim.mod): it emits an event at each
// time of a vector (Play), in order. It implements mech.EventSource:
// Events returns the times it emits, which mech.Compartment delivers
// through its NetCons.
//
// As the .mod, it sends itself an event (net_send) for the next time,
// from the time of the previous one: the emitted time is (t + etime) - t
// (the translation of net_send(etime - t, 1)), which may differ from
// etime in the last bit. A time earlier than the
// previous one ends the train (the .mod prints a warning). With ping > 0
// (1 ms by default) it also wakes every ping ms; a vector given by Play
// after Init takes over at the first wake-up, skipping its times before
// it (the .mod's restartEvent). The older vecevent.mod, also called
// VecStim, behaves the same for sorted vectors before Init; MiV-Simulator's
// copy of it adds the RANGE variables xpos, ypos, zpos and gid (kept here,
// unused) and PROCEDURE position (Position).
type VecStim struct {
	n int
	// RANGE
	Ping, Index, Etime []float64
	// RANGE of MiV-Simulator's vecevent.mod (its position and gid), kept
	// and not used
	Xpos, Ypos, Zpos, Gid []float64

	times   [][]float64
	next1   []float64 // the pending self event of flag 1 (next emission), NaN if none
	next2   []float64 // the pending ping (flag 2), NaN if none
	order1  []bool    // whether the pending flag-1 event was sent before the ping
	dropped []int     // times ended by an out-of-order element
}

// NewVecStim returns VecStim over n instances, ping 1 ms, no times.
func NewVecStim(n int) *VecStim {
	return &VecStim{n: n, Ping: fill(n, 1), Index: fill(n, 0), Etime: fill(n, 0),
		Xpos: fill(n, 0), Ypos: fill(n, 0), Zpos: fill(n, 0), Gid: fill(n, 0),
		times: make([][]float64, n), next1: fill(n, math.NaN()), next2: fill(n, math.NaN()),
		order1: make([]bool, n), dropped: make([]int, n)}
}

func (m *VecStim) Name() string        { return "VecStim" }
func (m *VecStim) Kind() mech.Kind     { return mech.ArtificialCell }
func (m *VecStim) Ions() []mech.IonUse { return nil }
func (m *VecStim) Len() int            { return m.n }
func (m *VecStim) Current(*mech.Env)   {}
func (m *VecStim) State(*mech.Env)     {}
func (m *VecStim) Vars() []string {
	return []string{"etime", "gid", "index", "ping", "xpos", "ypos", "zpos"}
}

// Var returns ping, index or etime (or MiV's xpos, ypos, zpos, gid).
func (m *VecStim) Var(name string) []float64 {
	switch name {
	case "xpos":
		return m.Xpos
	case "ypos":
		return m.Ypos
	case "zpos":
		return m.Zpos
	case "gid":
		return m.Gid
	case "ping":
		return m.Ping
	case "index":
		return m.Index
	case "etime":
		return m.Etime
	}
	return nil
}

// SetGlobal: VecStim has no GLOBAL.
func (m *VecStim) SetGlobal(name string, _ float64) error { return mech.ErrNoGlobal(m.Name(), name) }

// Global: VecStim has no GLOBAL.
func (m *VecStim) Global(name string) (float64, error) { return 0, mech.ErrNoGlobal(m.Name(), name) }

// Play gives instance k its event times (ms, copied; the .mod's
// play(vector)). Before Init they are the train from the start; after,
// they take over at the next ping.
func (m *VecStim) Play(k int, timesMs []float64) error {
	if k < 0 || k >= m.n {
		return fmt.Errorf("native: VecStim.Play: instance %d of %d", k, m.n)
	}
	m.times[k] = append([]float64(nil), timesMs...)
	m.Index[k] = -2
	return nil
}

// Position is the PROCEDURE position(a, b, c) of MiV-Simulator's
// vecevent.mod: it sets xpos, ypos and zpos of instance k.
func (m *VecStim) Position(k int, a, b, c float64) error {
	if k < 0 || k >= m.n {
		return fmt.Errorf("native: VecStim.Position: instance %d of %d", k, m.n)
	}
	m.Xpos[k], m.Ypos[k], m.Zpos[k] = a, b, c
	return nil
}

// Dropped reports whether instance k's train ended at a time earlier than
// the previous one (the .mod's warning "spike time before current time").
func (m *VecStim) Dropped(k int) bool { return m.dropped[k] > 0 }

// element is the .mod's element(): the next time into Etime; the new
// index (> 0), or 0 at the end (index -1) or with no vector.
func (m *VecStim) element(k int) float64 {
	i := int(m.Index[k])
	if i < 0 || m.times[k] == nil {
		return 0
	}
	if i < len(m.times[k]) {
		m.Etime[k] = m.times[k][i]
		m.Index[k]++
		return m.Index[k]
	}
	m.Index[k] = -1
	return 0
}

// Init is INITIAL at e.T: the first time and the first ping scheduled.
func (m *VecStim) Init(e *mech.Env) {
	t := e.T
	for k := 0; k < m.n; k++ {
		m.Index[k] = 0
		m.dropped[k] = 0
		m.next1[k], m.next2[k] = math.NaN(), math.NaN()
		if m.element(k) != 0 {
			m.next1[k] = sendTime(t, m.Etime[k])
			m.order1[k] = true
		}
		if m.Ping[k] > 0 {
			m.next2[k] = t + m.Ping[k]
		}
	}
}

// Events returns the times instance k emits up to untilMs not returned
// before, running its self events due by then (mech.EventSource).
func (m *VecStim) Events(k int, untilMs float64) []float64 {
	var out []float64
	for {
		t1, t2 := m.next1[k], m.next2[k]
		ok1, ok2 := t1 <= untilMs, t2 <= untilMs // false for NaN
		if ok1 && ok2 && t1 == t2 {
			ok2 = !m.order1[k]
			ok1 = !ok2
		} else if ok1 && ok2 {
			ok1, ok2 = t1 < t2, t2 < t1
		}
		switch {
		case ok1:
			// flag 1: emit, then schedule the next time
			t := t1
			out = append(out, t)
			m.next1[k] = math.NaN()
			if m.element(k) > 0 {
				if m.Etime[k] < t {
					m.dropped[k]++
				} else {
					m.next1[k] = sendTime(t, m.Etime[k])
					m.order1[k] = false
				}
			}
		case ok2:
			// flag 2: the ping, which restarts a vector played after Init
			t := t2
			if m.Index[k] == -2 {
				m.restart(k, t)
			}
			m.next2[k] = t + m.Ping[k]
			m.order1[k] = true
		default:
			return out
		}
	}
}

// sendTime is the time of the .mod's net_send(etime - t, 1) at t: NEURON
// translates it to the absolute time t + etime - t, evaluated left to
// right, which may differ from etime in the last bit.
func sendTime(t, etime float64) float64 { return float64(t+etime) - t }

// restart is the .mod's restartEvent at t: from the first time not before
// t, which replaces the pending event.
func (m *VecStim) restart(k int, t float64) {
	m.Index[k] = 0
	for m.element(k) != 0 && m.Etime[k] < t {
	}
	if m.Index[k] > 0 {
		m.next1[k] = m.Etime[k]
		m.order1[k] = false
	}
}

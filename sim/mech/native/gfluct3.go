package native

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/random123"
)

func init() {
	mech.MustRegister("Gfluct3", func(n int) mech.Mechanism { return NewGfluct3(n) })
}

// Gfluct3 is the point process Gfluct3 of MiV-Simulator
// (miv/cases/1-construction/mechanisms/Gfluct3.mod): Destexhe et al.'s
// (2001) fluctuating excitatory and inhibitory conductances, each an
// Ornstein-Uhlenbeck process g = g0 + g1 updated exactly (Gillespie
// 1996) every h ms by a self event (net_send(h, 1)):
//
//	g1 = exp(-h/tau) g1 + std sqrt(1 - exp(-2h/tau)) N(0, 1)
//
// and the current i = g_e (v - E_e) + g_i (v - E_i) (nA; each g clipped
// at 0) while on > 0. Its slope is the 0.001 mV difference of the
// generated code.
//
// The normal draws are the .mod's mynormrand:
//
//   - SetRNG(k, id1, id2, id3): noiseFromRandom123(id1, id2, id3), a
//     Random123 stream under the global index of SetGlobalIndex, restarted
//     at sequence 0 by Init; a draw is nrnran123_normal, the polar method
//     on two dblpicks that keeps only the first value of the pair.
//   - SetRandom(k, r): noiseFromRandom(r) with a Random object on a
//     Random123 stream (h.Random().Random123(...), r.normal(0, 1)): a draw
//     is r's next pick (nrn_random_pick), and Init does not restart it.
//   - neither: the .mod's normrand(0, 1), NEURON's process-wide scop
//     generator (new_seed). Golgi does not reproduce that generator: it
//     draws from Go's PCG (math/rand/v2, NormFloat64), one generator per
//     Gfluct3 object shared by its instances, seeded by SetSeed (new_seed),
//     seed 1 by default. The values are then not NEURON's; their
//     statistics are (TestGfluct3Statistics).
//
// The self events need the environment's event queue (mech.Env.Queue, as
// mech.Compartment and sim/morph's CellGroup give); without one the
// conductances stay at g0. The .mod's is_art-free BBCOREPOINTER donotuse
// (the stream's C pointer) and its bbcore_write/read are not kept.
type Gfluct3 struct {
	n int
	// PARAMETER (RANGE)
	On, H, EE, EI, GE0, GI0, StdE, StdI, TauE, TauI []float64
	// ASSIGNED
	I, Ival, GE, GI, GE1, GI1, DE, DI, ExpE, ExpI, AmpE, AmpI []float64

	streams     []*random123.Stream
	randoms     []*random123.Random
	globalIndex uint32
	legacy      *rand.Rand
	vars        map[string][]float64
}

// NewGfluct3 returns Gfluct3 over n instances at the .mod's defaults
// (on 0, h 0.025 ms, E_e 0, E_i -75 mV, g_e0 0.0121, g_i0 0.0573 uS,
// std_e 0.003, std_i 0.0066 uS, tau_e 2.728, tau_i 10.49 ms).
func NewGfluct3(n int) *Gfluct3 {
	m := &Gfluct3{n: n, On: fill(n, 0), H: fill(n, 0.025), EE: fill(n, 0), EI: fill(n, -75),
		GE0: fill(n, 0.0121), GI0: fill(n, 0.0573), StdE: fill(n, 0.0030), StdI: fill(n, 0.0066),
		TauE: fill(n, 2.728), TauI: fill(n, 10.49),
		I: fill(n, 0), Ival: fill(n, 0), GE: fill(n, 0), GI: fill(n, 0), GE1: fill(n, 0),
		GI1: fill(n, 0), DE: fill(n, 0), DI: fill(n, 0), ExpE: fill(n, 0), ExpI: fill(n, 0),
		AmpE: fill(n, 0), AmpI: fill(n, 0),
		streams: make([]*random123.Stream, n), randoms: make([]*random123.Random, n)}
	m.SetSeed(1)
	m.vars = map[string][]float64{"on": m.On, "h": m.H, "E_e": m.EE, "E_i": m.EI,
		"g_e0": m.GE0, "g_i0": m.GI0, "std_e": m.StdE, "std_i": m.StdI, "tau_e": m.TauE,
		"tau_i": m.TauI, "i": m.I, "ival": m.Ival, "g_e": m.GE, "g_i": m.GI, "g_e1": m.GE1,
		"g_i1": m.GI1, "D_e": m.DE, "D_i": m.DI, "exp_e": m.ExpE, "exp_i": m.ExpI,
		"amp_e": m.AmpE, "amp_i": m.AmpI}
	return m
}

func (m *Gfluct3) Name() string              { return "Gfluct3" }
func (m *Gfluct3) Kind() mech.Kind           { return mech.PointProcess }
func (m *Gfluct3) Ions() []mech.IonUse       { return nil }
func (m *Gfluct3) Len() int                  { return m.n }
func (m *Gfluct3) Var(name string) []float64 { return m.vars[name] }
func (m *Gfluct3) Vars() []string            { return sortedKeys(m.vars) }
func (m *Gfluct3) State(*mech.Env)           {}

// SetGlobal: Gfluct3 has no GLOBAL.
func (m *Gfluct3) SetGlobal(name string, _ float64) error { return mech.ErrNoGlobal(m.Name(), name) }

// Global: Gfluct3 has no GLOBAL.
func (m *Gfluct3) Global(name string) (float64, error) { return 0, mech.ErrNoGlobal(m.Name(), name) }

func (m *Gfluct3) check(k int, what string) error {
	if k < 0 || k >= m.n {
		return fmt.Errorf("native: Gfluct3.%s: instance %d of %d", what, k, m.n)
	}
	return nil
}

// SetRNG gives instance k the Random123 stream (id1, id2, id3), as the
// .mod's noiseFromRandom123(id1, id2, id3) (which the .mod does not allow
// after noiseFromRandom: here the later call wins).
func (m *Gfluct3) SetRNG(k int, id1, id2, id3 uint32) error {
	if err := m.check(k, "SetRNG"); err != nil {
		return err
	}
	m.streams[k] = random123.NewStream(id1, id2, id3, m.globalIndex)
	m.randoms[k] = nil
	return nil
}

// SetRandom gives instance k a Random object to draw from, as the .mod's
// noiseFromRandom(r); r's distribution must be normal(0, 1).
func (m *Gfluct3) SetRandom(k int, r *random123.Random) error {
	if err := m.check(k, "SetRandom"); err != nil {
		return err
	}
	m.randoms[k] = r
	m.streams[k] = nil
	return nil
}

// SetGlobalIndex sets the Random123 global index of the SetRNG streams
// (NEURON's Random123_globalindex), those set before included.
func (m *Gfluct3) SetGlobalIndex(gix uint32) {
	m.globalIndex = gix
	for _, s := range m.streams {
		if s != nil {
			s.SetGlobalIndex(gix)
		}
	}
}

// SetSeed restarts the generator of the instances without a stream, as
// the .mod's new_seed(seed) restarts scop's (Golgi's is not scop's).
func (m *Gfluct3) SetSeed(seed uint64) {
	m.legacy = rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

// normal is the .mod's mynormrand(0, 1) for instance k.
func (m *Gfluct3) normal(k int) float64 {
	switch {
	case m.streams[k] != nil:
		s := m.streams[k]
		for {
			u1 := float64(2*s.Float64()) - 1
			u2 := float64(2*s.Float64()) - 1
			w := float64(u1*u1) + float64(u2*u2)
			if w <= 1 {
				return u1 * math.Sqrt(-2*random123.Log(w)/w)
			}
		}
	case m.randoms[k] != nil:
		return m.randoms[k].Repick()
	}
	return m.legacy.NormFloat64()
}

// Init is INITIAL: the streams of SetRNG restart at sequence 0, the
// fluctuations start at 0, the update factors are computed, and the
// first update is sent at t + h when a time constant is nonzero.
func (m *Gfluct3) Init(e *mech.Env) {
	for k := 0; k < m.n; k++ {
		if s := m.streams[k]; s != nil {
			s.SetSeq(0, 0)
		}
		m.GE1[k], m.GI1[k] = 0, 0
		h := m.H[k]
		if te := m.TauE[k]; te != 0 {
			m.DE[k] = 2 * m.StdE[k] * m.StdE[k] / te
			m.ExpE[k] = math.Exp(-h / te)
			m.AmpE[k] = m.StdE[k] * math.Sqrt(1-exptrap(-2*h/te))
		}
		if ti := m.TauI[k]; ti != 0 {
			m.DI[k] = 2 * m.StdI[k] * m.StdI[k] / ti
			m.ExpI[k] = math.Exp(-h / ti)
			m.AmpI[k] = m.StdI[k] * math.Sqrt(1-exptrap(-2*h/ti))
		}
		if (m.TauE[k] != 0 || m.TauI[k] != 0) && e.Queue != nil {
			e.Queue.Send(e.T+h, m, k, nil, 1)
		}
	}
}

// exptrap is the .mod's exptrap: exp(x), exp(700) from x = 700 on.
func exptrap(x float64) float64 {
	if x >= 700.0 {
		return math.Exp(700.0)
	}
	return math.Exp(x)
}

// current is BREAKPOINT (foo(), i = ival) at v: the current in nA.
func (m *Gfluct3) current(k int, v float64) float64 {
	if m.On[k] > 0 {
		m.GE[k] = m.GE0[k] + m.GE1[k]
		if m.GE[k] < 0 {
			m.GE[k] = 0
		}
		m.GI[k] = m.GI0[k] + m.GI1[k]
		if m.GI[k] < 0 {
			m.GI[k] = 0
		}
		m.Ival[k] = float64(m.GE[k]*(v-m.EE[k])) + float64(m.GI[k]*(v-m.EI[k]))
	} else {
		m.Ival[k] = 0
	}
	m.I[k] = m.Ival[k]
	return m.I[k]
}

// Current adds the current and its slope (0.001 mV difference).
func (m *Gfluct3) Current(e *mech.Env) {
	for k := 0; k < m.n; k++ {
		v := e.V[k]
		g := m.current(k, v+.001)
		rhs := m.current(k, v)
		addCurrent(e, k, g, rhs)
	}
}

// Receive is NET_RECEIVE for an event of a NetCon (flag 0): nothing.
func (m *Gfluct3) Receive(e *mech.Env, k int, args []float64) { m.ReceiveFlag(e, k, args, 0) }

// ReceiveFlag is NET_RECEIVE(w): a self event of flag 1 updates the
// fluctuations (PROCEDURE oup) and sends the next at t + h.
func (m *Gfluct3) ReceiveFlag(e *mech.Env, k int, _ []float64, flag float64) {
	if flag != 1 {
		return
	}
	if m.TauE[k] != 0 {
		m.GE1[k] = float64(m.ExpE[k]*m.GE1[k]) + float64(m.AmpE[k]*m.normal(k))
	}
	if m.TauI[k] != 0 {
		m.GI1[k] = float64(m.ExpI[k]*m.GI1[k]) + float64(m.AmpI[k]*m.normal(k))
	}
	if e.Queue != nil {
		e.Queue.Send(e.T+m.H[k], m, k, nil, 1)
	}
}

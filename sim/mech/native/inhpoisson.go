package native

import (
	"fmt"
	"sort"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/random123"
)

func init() {
	mech.MustRegister("InhPoissonStim", func(n int) mech.Mechanism { return NewInhPoissonStim(n) })
}

// postRestoreFlag is the .mod's POST_RESTORE_RESTART_FLAG.
const postRestoreFlag = -99

// InhPoissonStim is the artificial cell InhPoissonStim of neurodamus
// (neurodamus-models common/mod/netstim_inhpoisson.mod): an
// inhomogeneous Poisson process by thinning. A surrogate process of rate
// rmax (the largest of the rates, Hz) sends self events (net_send) at
// intervals 1000/rmax E ms, E exponential of mean 1 from the exp stream;
// at each, the rate of the present time bin is looked up and the event is
// emitted (net_event) when a uniform draw from the uniform stream is
// below rate/rmax. neurodamus uses it for spontaneous minis at a constant
// rate per synapse: time bins [0], one rate, so that every surrogate
// event is emitted.
//
// It implements mech.EventSource: Events returns the times it emits,
// which mech.Compartment delivers through its NetCons. The draws are
// NEURON's: nrnran123_negexp is -ln(nrnran123_dblpick) with a correctly
// rounded logarithm (random123.Log), and at INITIAL one exponential draw
// is discarded before the first interval. The next event's time is t +
// event, t the time of the present one, as the translated net_send(event,
// activeFlag) computes it; no event is sent at or after start + duration.
//
// Without streams (SetRNGs) the .mod stops with an error at INITIAL; here
// the instance emits nothing. MCellRan4 Random objects are not supported.
type InhPoissonStim struct {
	n int
	// RANGE
	Rmax, Duration []float64
	// ASSIGNED
	Index, CurRate, Start, Event, ActiveFlag []float64
	// GLOBAL (a PARAMETER the .mod does not use)
	IntervalMin float64

	rates, tbins    [][]float64
	expRNG, uniRNG  []*random123.Stream
	globalIndex     uint32
	pending         [][]selfEvent
	seq             int
	vars            map[string][]float64
	surrogate, kept []int
}

// selfEvent is a pending net_send of an instance.
type selfEvent struct {
	t, flag float64
	seq     int
}

// NewInhPoissonStim returns InhPoissonStim over n instances at the .mod's
// defaults (duration 1e6 ms), without rates, time bins or streams.
func NewInhPoissonStim(n int) *InhPoissonStim {
	m := &InhPoissonStim{n: n, Rmax: fill(n, 0), Duration: fill(n, 1e6),
		Index: fill(n, 0), CurRate: fill(n, 0), Start: fill(n, 0), Event: fill(n, 0),
		ActiveFlag: fill(n, 0), IntervalMin: 1,
		rates: make([][]float64, n), tbins: make([][]float64, n),
		expRNG: make([]*random123.Stream, n), uniRNG: make([]*random123.Stream, n),
		pending: make([][]selfEvent, n), surrogate: make([]int, n), kept: make([]int, n)}
	m.vars = map[string][]float64{"rmax": m.Rmax, "duration": m.Duration, "index": m.Index,
		"curRate": m.CurRate, "start": m.Start, "event": m.Event, "activeFlag": m.ActiveFlag}
	return m
}

func (m *InhPoissonStim) Name() string              { return "InhPoissonStim" }
func (m *InhPoissonStim) Kind() mech.Kind           { return mech.ArtificialCell }
func (m *InhPoissonStim) Ions() []mech.IonUse       { return nil }
func (m *InhPoissonStim) Len() int                  { return m.n }
func (m *InhPoissonStim) Current(*mech.Env)         {}
func (m *InhPoissonStim) State(*mech.Env)           {}
func (m *InhPoissonStim) Var(name string) []float64 { return m.vars[name] }
func (m *InhPoissonStim) Vars() []string            { return sortedKeys(m.vars) }

// Limits: duration is within [0, 1e9] ms.
func (m *InhPoissonStim) Limits() map[string][2]float64 {
	return map[string][2]float64{"duration": {0, 1e9}}
}

// SetGlobal sets interval_min (which the .mod declares and does not use).
func (m *InhPoissonStim) SetGlobal(name string, v float64) error {
	if name != "interval_min" {
		return mech.ErrNoGlobal(m.Name(), name)
	}
	m.IntervalMin = v
	return nil
}

// Global returns interval_min.
func (m *InhPoissonStim) Global(name string) (float64, error) {
	if name != "interval_min" {
		return 0, mech.ErrNoGlobal(m.Name(), name)
	}
	return m.IntervalMin, nil
}

func (m *InhPoissonStim) check(k int, what string) error {
	if k < 0 || k >= m.n {
		return fmt.Errorf("native: InhPoissonStim.%s: instance %d of %d", what, k, m.n)
	}
	return nil
}

// SetRNGs gives instance k its Random123 streams, as the .mod's
// setRNGs(exp1, exp2, exp3, uniform1, uniform2, uniform3): the
// exponential intervals from (exp1, exp2, exp3), the thinning draws from
// (uniform1, uniform2, uniform3). neurodamus seeds a synapse's minis with
// exp (synapseID + 200, tgid + 250, seed2 + 300) and uniform (synapseID +
// 200, tgid + 250, seed2 + 350), seed2 = spopid*65536 + tpopid +
// minis_seed. Both restart at sequence 0 at every Init, under the global
// index of SetGlobalIndex.
func (m *InhPoissonStim) SetRNGs(k int, exp1, exp2, exp3, uni1, uni2, uni3 uint32) error {
	if err := m.check(k, "SetRNGs"); err != nil {
		return err
	}
	m.expRNG[k] = random123.NewStream(exp1, exp2, exp3, m.globalIndex)
	m.uniRNG[k] = random123.NewStream(uni1, uni2, uni3, m.globalIndex)
	return nil
}

// ClearRNGs removes instance k's streams (setRNGs without arguments).
func (m *InhPoissonStim) ClearRNGs(k int) { m.expRNG[k], m.uniRNG[k] = nil, nil }

// Streams returns instance k's exp and uniform streams, or nils.
func (m *InhPoissonStim) Streams(k int) (exp, uniform *random123.Stream) {
	return m.expRNG[k], m.uniRNG[k]
}

// SetGlobalIndex sets the Random123 global index (NEURON's
// Random123_globalindex) of the streams, from the next Init.
func (m *InhPoissonStim) SetGlobalIndex(gix uint32) { m.globalIndex = gix }

// SetTbins gives instance k the start times (ms) of its rate bins, as the
// .mod's setTbins(vector) (copied; nil as setTbins without argument: a
// unit rate).
func (m *InhPoissonStim) SetTbins(k int, tbinsMs []float64) error {
	if err := m.check(k, "SetTbins"); err != nil {
		return err
	}
	m.tbins[k] = nil
	if tbinsMs != nil {
		m.tbins[k] = append([]float64{}, tbinsMs...)
	}
	return nil
}

// SetRate gives instance k the rate (Hz) of each bin, as the .mod's
// setRate(vector) (copied): curRate is the first, rmax the largest (0 at
// least), and activeFlag is incremented, so that a self event sent before
// is ignored (the process then stops until the next Init). nil is
// setRate without argument.
func (m *InhPoissonStim) SetRate(k int, ratesHz []float64) error {
	if err := m.check(k, "SetRate"); err != nil {
		return err
	}
	m.rates[k] = nil
	if ratesHz == nil {
		return nil
	}
	if len(ratesHz) == 0 {
		return fmt.Errorf("native: InhPoissonStim.SetRate: an empty rate vector")
	}
	m.rates[k] = append([]float64{}, ratesHz...)
	m.CurRate[k] = ratesHz[0]
	m.Rmax[k] = maxFrom0(ratesHz)
	m.ActiveFlag[k]++
	return nil
}

// SetRates is SetTbins then SetRate, as neurodamus sets a generator up:
// rate ratesHz[i] from tbinsMs[i] on.
func (m *InhPoissonStim) SetRates(k int, tbinsMs, ratesHz []float64) error {
	if len(tbinsMs) != len(ratesHz) {
		return fmt.Errorf("native: InhPoissonStim.SetRates: %d bins, %d rates", len(tbinsMs), len(ratesHz))
	}
	if err := m.SetTbins(k, tbinsMs); err != nil {
		return err
	}
	return m.SetRate(k, ratesHz)
}

func maxFrom0(x []float64) float64 {
	mx := 0.0
	for _, v := range x {
		if v > mx {
			mx = v
		}
	}
	return mx
}

// Counts returns the number of surrogate events instance k has handled
// and the number it emitted since Init.
func (m *InhPoissonStim) Counts(k int) (surrogate, emitted int) { return m.surrogate[k], m.kept[k] }

// erand is the .mod's erand(): nrnran123_negexp of the exp stream.
func (m *InhPoissonStim) erand(k int) float64 { return -random123.Log(m.expRNG[k].Float64()) }

// urand is the .mod's urand(): nrnran123_dblpick of the uniform stream.
func (m *InhPoissonStim) urand(k int) float64 { return m.uniRNG[k].Float64() }

// Init is INITIAL at e.T: start from the first time bin, rmax and curRate
// from the rates, the streams at sequence 0, one exponential draw
// discarded, and the first surrogate event sent.
func (m *InhPoissonStim) Init(e *mech.Env) {
	t := e.T
	for k := 0; k < m.n; k++ {
		m.pending[k] = m.pending[k][:0]
		m.surrogate[k], m.kept[k] = 0, 0
		m.Index[k], m.ActiveFlag[k] = 0, 0
		m.Start[k] = 0
		if tb := m.tbins[k]; len(tb) >= 1 {
			m.Start[k] = max(tb[0], 0)
		}
		m.Event[k] = m.Start[k]
		if r := m.rates[k]; len(r) > 0 {
			m.Rmax[k] = maxFrom0(r)
			m.CurRate[k] = r[0]
		} else {
			m.CurRate[k], m.Rmax[k] = 1, 1
		}
		if m.expRNG[k] == nil || m.uniRNG[k] == nil {
			continue // the .mod: "multithread random in NetStim only via hoc Random"
		}
		for _, s := range []*random123.Stream{m.expRNG[k], m.uniRNG[k]} {
			s.SetGlobalIndex(m.globalIndex)
			s.SetSeq(0, 0)
		}
		m.updateTime(k, t)
		m.erand(k)
		m.generateNextEvent(k)
		if t+m.Event[k] < m.Start[k]+m.Duration[k] {
			m.send(k, t+m.Event[k], m.ActiveFlag[k])
		}
	}
}

func (m *InhPoissonStim) send(k int, t, flag float64) {
	m.pending[k] = append(m.pending[k], selfEvent{t: t, flag: flag, seq: m.seq})
	m.seq++
}

// generateNextEvent is the .mod's generate_next_event: the next interval
// of the surrogate process.
func (m *InhPoissonStim) generateNextEvent(k int) {
	m.Event[k] = 1000.0 / m.Rmax[k] * m.erand(k)
	if m.Event[k] < 0 {
		m.Event[k] = 0
	}
}

// updateTime is the .mod's update_time at t: the bin of t and its rate.
func (m *InhPoissonStim) updateTime(k int, t float64) {
	i := int(m.Index[k])
	prev := i
	if i < 0 {
		return
	}
	tb := m.tbins[k]
	if tb == nil {
		m.Rmax[k], m.CurRate[k], m.Index[k] = 1, 1, -1
		return
	}
	size := len(tb)
	for i+1 < size && t >= tb[i+1] {
		m.Index[k]++
		i++
	}
	if i != prev {
		if r := m.rates[k]; len(r) > i {
			m.CurRate[k] = r[i]
		} else {
			m.CurRate[k] = 1
		}
	}
	if i == size {
		m.Index[k] = -1
	}
}

// Events returns the times instance k emits up to untilMs not returned
// before, running its self events due by then (mech.EventSource).
func (m *InhPoissonStim) Events(k int, untilMs float64) []float64 {
	var out []float64
	for {
		p := m.pending[k]
		if len(p) == 0 {
			return out
		}
		sort.Slice(p, func(i, j int) bool {
			if p[i].t != p[j].t {
				return p[i].t < p[j].t
			}
			return p[i].seq < p[j].seq
		})
		ev := p[0]
		if !(ev.t <= untilMs) {
			return out
		}
		m.pending[k] = append(p[:0], p[1:]...)
		t := ev.t
		switch {
		case ev.flag == postRestoreFlag:
			if t+m.Event[k] < m.Start[k]+m.Duration[k] {
				m.send(k, t+m.Event[k], m.ActiveFlag[k])
			}
		case ev.flag == m.ActiveFlag[k] && m.expRNG[k] != nil && m.uniRNG[k] != nil:
			m.surrogate[k]++
			m.updateTime(k, t)
			m.generateNextEvent(k)
			if t+m.Event[k] < m.Start[k]+m.Duration[k] {
				m.send(k, t+m.Event[k], m.ActiveFlag[k])
			}
			if u := m.urand(k); u < m.CurRate[k]/m.Rmax[k] {
				out = append(out, t)
				m.kept[k]++
			}
		}
	}
}

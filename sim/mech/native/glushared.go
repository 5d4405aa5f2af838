package native

import (
	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/random123"
)

// gluStreams are the Random123 streams of the GluSynapse models, one per
// instance, which their INITIAL does not restart (no setseq).
type gluStreams struct {
	streams     []*random123.Stream
	globalIndex uint32
}

func newGluStreams(n int) gluStreams { return gluStreams{streams: make([]*random123.Stream, n)} }

// SetRNG gives instance k the Random123 stream (id1, id2, id3), as the
// .mod's setRNG; neurodamus seeds it as ProbAMPANMDA_EMS's. Init does not
// restart it.
func (r *gluStreams) SetRNG(k int, id1, id2, id3 uint32) {
	r.streams[k] = random123.NewStream(id1, id2, id3, r.globalIndex)
}

// ClearRNG removes instance k's stream (the .mod's clearRNG).
func (r *gluStreams) ClearRNG(k int) { r.streams[k] = nil }

// Stream returns instance k's stream, or nil.
func (r *gluStreams) Stream(k int) *random123.Stream { return r.streams[k] }

// SetGlobalIndex sets the Random123 global index of the streams made by
// SetRNG from now on (NEURON's Random123_globalindex, read when a stream
// is made or its sequence set).
func (r *gluStreams) SetGlobalIndex(gix uint32) { r.globalIndex = gix }

// urand is the .mod's urand(): nrnran123_dblpick, 0 without a stream.
func (r *gluStreams) urand(k int) float64 {
	if s := r.streams[k]; s != nil {
		return s.Float64()
	}
	return 0
}

// gbWatch are the four WATCH statements of the GluSynapse models:
// effcai_GB > theta_d_GB (flag 2), < theta_d_GB (3), > theta_p_GB (4),
// < theta_p_GB (5), activated by the self event of flag 1 that INITIAL
// sends. The conditions are checked after every step (NEURON checks them
// at the start of the next, before its events) and a crossing to true
// sends its flag at that time. Without an event queue (mech.Env.Queue)
// they stay inactive.
type gbWatch struct {
	watching []bool
	flag     [][4]bool
}

func newGBWatch(n int) gbWatch { return gbWatch{watching: make([]bool, n), flag: make([][4]bool, n)} }

func gbWatchValues(effcai, thetaD, thetaP float64) [4]float64 {
	dd := effcai - thetaD
	dp := effcai - thetaP
	return [4]float64{dd, -dd, dp, -dp}
}

// activate is NET_RECEIVE's flag 1: the WATCH statements start from the
// present values (a condition already true does not fire).
func (w *gbWatch) activate(k int, effcai, thetaD, thetaP float64) {
	w.watching[k] = true
	for i, c := range gbWatchValues(effcai, thetaD, thetaP) {
		w.flag[k][i] = c > 0
	}
}

// check sends to self the flag of each WATCH condition that became true.
func (w *gbWatch) check(e *mech.Env, self mech.FlagReceiver, k int, effcai, thetaD, thetaP float64) {
	if !w.watching[k] {
		return
	}
	for i, c := range gbWatchValues(effcai, thetaD, thetaP) {
		if c > 0 {
			if !w.flag[k][i] {
				w.flag[k][i] = true
				if e.Queue != nil {
					e.Queue.Send(e.T, self, k, nil, float64(i+2))
				}
			}
		} else {
			w.flag[k][i] = false
		}
	}
}

// The .mod's constants as C rounds them: variables, so that Go does not
// fold the expressions that use them exactly.
var (
	gluR       float64 = mech.GasConst
	gluFaraday float64 = mech.Faraday
	glu1p38    float64 = 1.38
)

// gluNernst is the GluSynapse models' nernst(ci, co, z) (mV), with
// NEURON's constants.
func gluNernst(celsius, ci, co, z float64) float64 {
	return float64(float64(1000.0*gluR)*(celsius+273.15)) / (z * gluFaraday) * random123.Log(co/ci)
}

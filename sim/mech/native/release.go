package native

import (
	"errors"
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/random123"
)

// ErrNoQueue is the error of a synapse's NET_RECEIVE INITIAL block when it
// has delayed weights to schedule (net_send) and the environment has no
// event queue.
var ErrNoQueue = errors.New("native: delayed weights need self events (net_send) and the environment has no event queue")

// The indices of the NET_RECEIVE arguments (the NetCon weight vector) of
// ProbAMPANMDA_EMS and ProbGABAAB_EMS: (weight, weight_AMPA, weight_NMDA,
// Psurv, nc_type) and (weight, weight_GABAA, weight_GABAB, Psurv,
// nc_type).
const (
	argWeight  = 0 // the NetCon's weight (nS)
	argWeight1 = 1 // the first receptor's weight: weight
	argWeight2 = 2 // the second receptor's weight: weight times the ratio
	argPsurv   = 3 // the survival probability of the last recovery draw
	argNcType  = 4 // 0 presynaptic, 1 spontaneous mini, 2 replay
	// NArgs is the length of the synapses' weight vector.
	NArgs = 5
)

// release is the stochastic release machinery that ProbAMPANMDA_EMS and
// ProbGABAAB_EMS share (the .mod files' NET_RECEIVE): Nrrp release sites,
// each occupied (recovered) or not, Tsodyks-Markram facilitation of the
// release probability u, recovery as a Poisson process of time constant
// Dep, every random number from the instance's Random123 stream.
type release struct {
	n int
	// PARAMETERs (RANGE)
	Use, Dep, Fac, U0, Nrrp                    []float64
	SynapseID, VerboseLevel, SelectedForReport []float64
	Conductance                                []float64
	// ASSIGNED
	U, Tsyn, Occupied, Unoccupied, NextDelay []float64
	// GLOBALs
	NcTypeParam, MinisSingleVesicle, InitDepleted float64
	// Release tracking of some variants (nil where the .mod has none):
	// Rstate and Ustate are 1 and -1 at initialisation, 0 and 1 after a
	// release, back to 1 and -1 at a recovery when verboseLevel > 0 (the
	// .mod files set them in their printing branch); testState is -1,
	// then 1 after the first release; ReleaseAccumulator counts the
	// releasing events.
	Rstate, Ustate, TestState, ReleaseAccumulator []float64

	streams     []*random123.Stream
	globalIndex uint32
	delayTimes  [][]float64
	delayWts    [][]float64
}

func newRelease(n int) release {
	r := release{n: n, NcTypeParam: 4,
		Use: fill(n, 1), Dep: fill(n, 100), Fac: fill(n, 10), U0: fill(n, 0), Nrrp: fill(n, 1),
		SynapseID: fill(n, 0), VerboseLevel: fill(n, 0), SelectedForReport: fill(n, 0),
		Conductance: fill(n, 0),
		U:           fill(n, 0), Tsyn: fill(n, 0), Occupied: fill(n, 0), Unoccupied: fill(n, 0),
		NextDelay:  fill(n, 0),
		streams:    make([]*random123.Stream, n),
		delayTimes: make([][]float64, n), delayWts: make([][]float64, n)}
	return r
}

func fill(n int, x float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = x
	}
	return s
}

// track declares the release-tracking variables names (Rstate, Ustate,
// testState, release_accumulator).
func (r *release) track(names []string) {
	for _, name := range names {
		switch name {
		case "Rstate":
			r.Rstate = fill(r.n, 0)
		case "Ustate":
			r.Ustate = fill(r.n, 0)
		case "testState":
			r.TestState = fill(r.n, 0)
		case "release_accumulator":
			r.ReleaseAccumulator = fill(r.n, 0)
		}
	}
}

// vars adds the release variables to a Var table.
func (r *release) vars(m map[string][]float64) {
	for name, x := range map[string][]float64{"Rstate": r.Rstate, "Ustate": r.Ustate,
		"testState": r.TestState, "release_accumulator": r.ReleaseAccumulator} {
		if x != nil {
			m[name] = x
		}
	}
	for name, x := range map[string][]float64{
		"Use": r.Use, "Dep": r.Dep, "Fac": r.Fac, "u0": r.U0, "Nrrp": r.Nrrp,
		"synapseID": r.SynapseID, "verboseLevel": r.VerboseLevel,
		"selected_for_report": r.SelectedForReport, "conductance": r.Conductance,
		"u": r.U, "tsyn": r.Tsyn, "occupied": r.Occupied, "unoccupied": r.Unoccupied,
		"next_delay": r.NextDelay,
	} {
		m[name] = x
	}
}

// setGlobal sets a release GLOBAL; ok is false for other names.
func (r *release) setGlobal(name string, v float64) bool {
	switch name {
	case "nc_type_param":
		r.NcTypeParam = v
	case "minis_single_vesicle":
		r.MinisSingleVesicle = v
	case "init_depleted":
		r.InitDepleted = v
	default:
		return false
	}
	return true
}

// global returns a release GLOBAL; ok is false for other names.
func (r *release) global(name string) (v float64, ok bool) {
	switch name {
	case "nc_type_param":
		return r.NcTypeParam, true
	case "minis_single_vesicle":
		return r.MinisSingleVesicle, true
	case "init_depleted":
		return r.InitDepleted, true
	}
	return 0, false
}

// SetRNG gives instance k the Random123 stream (id1, id2, id3): the .mod
// files' setRNG(id1, id2, id3), which neurodamus calls with (tgid + 250,
// synapseID + 100, spopid*65536 + tpopid + synapse_seed + 300). The
// stream restarts at sequence 0 at every Init, under the global index of
// SetGlobalIndex.
func (r *release) SetRNG(k int, id1, id2, id3 uint32) {
	r.streams[k] = random123.NewStream(id1, id2, id3, r.globalIndex)
}

// ClearRNG removes instance k's stream (the .mod files' clearRNG): its
// draws are then 0, as the .mod's urand without a generator.
func (r *release) ClearRNG(k int) { r.streams[k] = nil }

// Stream returns instance k's stream, or nil.
func (r *release) Stream(k int) *random123.Stream { return r.streams[k] }

// SetGlobalIndex sets the Random123 global index (the key's first word;
// NEURON's Random123_globalindex, neurodamus sets it to the run's
// random_seed) of every instance's stream, from the next Init.
func (r *release) SetGlobalIndex(gix uint32) { r.globalIndex = gix }

// SetupDelayVecs gives instance k delayed weights (the .mod files'
// setup_delay_vecs(delay_times, delay_weights)): at initialisation, each
// presynaptic connection (nc_type 0) schedules a self event at each of
// timesMs; the i-th sets the connection's weight to conductance times
// weights[i]. Self events need an environment with an event queue
// (mech.Env.Queue). The slices are copied.
func (r *release) SetupDelayVecs(k int, timesMs, weights []float64) error {
	if k < 0 || k >= r.n {
		return fmt.Errorf("native: SetupDelayVecs: instance %d of %d", k, r.n)
	}
	r.delayTimes[k] = append([]float64(nil), timesMs...)
	r.delayWts[k] = append([]float64(nil), weights...)
	return nil
}

// init is the release part of INITIAL.
func (r *release) init(k int) {
	setIf(r.ReleaseAccumulator, k, 0)
	setIf(r.Rstate, k, 1)
	setIf(r.Ustate, k, -1)
	setIf(r.TestState, k, -1)
	r.Tsyn[k] = 0
	r.U[k] = r.U0[k]
	if r.InitDepleted != 0 {
		r.Unoccupied[k], r.Occupied[k] = r.Nrrp[k], 0
	} else {
		r.Unoccupied[k], r.Occupied[k] = 0, r.Nrrp[k]
	}
	if s := r.streams[k]; s != nil {
		s.SetGlobalIndex(r.globalIndex)
		s.SetSeq(0, 0)
	}
	r.NextDelay[k] = -1
}

// urand is the .mod's urand(): nrnran123_dblpick of the instance's
// stream, 0 without one.
func (r *release) urand(k int) float64 {
	if s := r.streams[k]; s != nil {
		return s.Float64()
	}
	return 0
}

// initNetCon is the NET_RECEIVE INITIAL block: a presynaptic connection
// schedules the delayed-weight self events.
func (r *release) initNetCon(e *mech.Env, self mech.FlagReceiver, k int, args []float64) error {
	if len(args) < NArgs {
		return fmt.Errorf("native: %d NetCon arguments, want %d", len(args), NArgs)
	}
	if args[argNcType] != 0 || len(r.delayTimes[k]) == 0 {
		return nil
	}
	if e.Queue == nil {
		return ErrNoQueue
	}
	r.NextDelay[k] = 0
	for _, d := range r.delayTimes[k] {
		e.Queue.Send(e.T+d, self, k, args, 1)
	}
	return nil
}

// receive is the NET_RECEIVE block after the receptor weights are set:
// a delayed-weight event (flag 1) or a spike. It returns the number of
// vesicles released.
func (r *release) receive(e *mech.Env, k int, args []float64, flag float64) (ves float64) {
	t := e.T
	if flag == 1 {
		// The .mod reads delay_weights[next_delay] when the vector's length
		// is >= next_delay, past its end when equal; here only within it.
		w := r.delayWts[k]
		if i := int(r.NextDelay[k]); w != nil && i >= 0 && i < len(w) {
			args[argWeight] = r.Conductance[k] * w[i]
			r.NextDelay[k]++
		}
		return 0
	}
	if args[argWeight] <= 0 || t < 0 {
		return 0
	}
	if r.Fac[k] > 0 {
		r.U[k] = r.U[k] * math.Exp(-(t-r.Tsyn[k])/r.Fac[k])
	} else {
		r.U[k] = r.Use[k]
	}
	if r.Fac[k] > 0 {
		r.U[k] = r.U[k] + float64(r.Use[k]*(1-r.U[k]))
	}
	for c := 0; c <= int(r.Unoccupied[k])-1; c++ {
		args[argPsurv] = math.Exp(-(t - r.Tsyn[k]) / r.Dep[k])
		if r.urand(k) > args[argPsurv] {
			r.Occupied[k]++
			if r.VerboseLevel[k] > 0 {
				setIf(r.Rstate, k, 1)
				setIf(r.Ustate, k, -1)
			}
		}
	}
	occu := r.Occupied[k]
	if occu > 1 && r.MinisSingleVesicle != 0 && args[argNcType] == 1 {
		occu = 1
	}
	for c := 0; c <= int(occu)-1; c++ {
		if r.urand(k) < r.U[k] {
			r.Occupied[k]--
			ves++
		}
	}
	r.Unoccupied[k] = r.Nrrp[k] - r.Occupied[k]
	r.Tsyn[k] = t
	if ves > 0 {
		setIf(r.Rstate, k, 0)
		setIf(r.Ustate, k, 1)
		setIf(r.TestState, k, 1)
		if r.ReleaseAccumulator != nil {
			r.ReleaseAccumulator[k]++
		}
	}
	return ves
}

// setIf sets x[k] to v where x exists.
func setIf(x []float64, k int, v float64) {
	if x != nil {
		x[k] = v
	}
}

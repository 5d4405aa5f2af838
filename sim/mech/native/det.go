package native

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/mech"
)

// The indices of the NET_RECEIVE arguments of DetAMPANMDA and DetGABAAB:
// (weight, weight_AMPA | weight_GABAA, weight_NMDA | weight_GABAB, R, Pr,
// u, tsyn, nc_type). The release state is the connection's.
const (
	detR      = 3 // the available fraction of resources
	detPr     = 4 // the release of the last spike
	detU      = 5 // the utilisation
	detTsyn   = 6 // the time of the last spike (ms)
	detNcType = 7
	// NArgsDet is the length of the deterministic synapses' weight vector.
	NArgsDet = 8
)

// detRelease is the deterministic Tsodyks-Markram release that
// DetAMPANMDA and DetGABAAB share (their NET_RECEIVE): the state (R, u,
// tsyn) is per connection, in its weight vector, and a spike releases
// Pr = u R.
type detRelease struct {
	n int
	// PARAMETERs (RANGE)
	Use, Dep, Fac, U0, SynapseID, VerboseLevel, Conductance []float64
	// ASSIGNED: u is a RANGE name that NET_RECEIVE's argument u shadows,
	// never written.
	U, NextDelay []float64
	// GLOBAL
	NcTypeParam float64

	delayTimes, delayWts [][]float64
	// noDelays: the metabolism variants (DetAMPANMDA_ionic,
	// DetGABAAB_ionic), whose NET_RECEIVE has no nc_type argument (7
	// values) and no delayed weights, nor conductance, next_delay and
	// nc_type_param.
	noDelays bool
}

// nargs is the length of the weight vector: NArgsDet, or 7 without
// nc_type.
func (r *detRelease) nargs() int {
	if r.noDelays {
		return NArgsDet - 1
	}
	return NArgsDet
}

func newDetRelease(n int) detRelease {
	return detRelease{n: n, NcTypeParam: 7,
		Use: fill(n, 1), Dep: fill(n, 100), Fac: fill(n, 10), U0: fill(n, 0),
		SynapseID: fill(n, 0), VerboseLevel: fill(n, 0), Conductance: fill(n, 0),
		U: fill(n, 0), NextDelay: fill(n, 0),
		delayTimes: make([][]float64, n), delayWts: make([][]float64, n)}
}

func (r *detRelease) vars(m map[string][]float64) {
	for name, x := range map[string][]float64{
		"Use": r.Use, "Dep": r.Dep, "Fac": r.Fac, "u0": r.U0, "synapseID": r.SynapseID,
		"verboseLevel": r.VerboseLevel, "conductance": r.Conductance,
		"u": r.U, "next_delay": r.NextDelay,
	} {
		if r.noDelays && (name == "conductance" || name == "next_delay") {
			continue
		}
		m[name] = x
	}
}

// setGlobal sets nc_type_param where the mechanism has it; ok is false
// for other names.
func (r *detRelease) setGlobal(name string, v float64) (ok bool) {
	if name != "nc_type_param" || r.noDelays {
		return false
	}
	r.NcTypeParam = v
	return true
}

// global returns nc_type_param where the mechanism has it.
func (r *detRelease) global(name string) (v float64, ok bool) {
	if name != "nc_type_param" || r.noDelays {
		return 0, false
	}
	return r.NcTypeParam, true
}

// SetupDelayVecs gives instance k delayed weights, as the release
// synapses' SetupDelayVecs (the .mod's setup_delay_vecs).
func (r *detRelease) SetupDelayVecs(k int, timesMs, weights []float64) error {
	if k < 0 || k >= r.n {
		return fmt.Errorf("native: SetupDelayVecs: instance %d of %d", k, r.n)
	}
	if r.noDelays {
		return fmt.Errorf("native: SetupDelayVecs: the metabolism variants have no delayed weights (setup_delay_vecs)")
	}
	r.delayTimes[k] = append([]float64(nil), timesMs...)
	r.delayWts[k] = append([]float64(nil), weights...)
	return nil
}

// initNetCon is NET_RECEIVE's INITIAL block: the connection's release
// state, and a presynaptic connection's delayed-weight self events.
func (r *detRelease) initNetCon(e *mech.Env, self mech.FlagReceiver, k int, args []float64) error {
	if len(args) < r.nargs() {
		return fmt.Errorf("native: %d NetCon arguments, want %d", len(args), r.nargs())
	}
	args[detR], args[detU], args[detTsyn] = 1, r.U0[k], e.T
	if r.noDelays || args[detNcType] != 0 || len(r.delayTimes[k]) == 0 {
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

// receive is NET_RECEIVE after the receptor weights are set: it returns
// the release Pr of a spike, 0 for a delayed-weight event or t < 0.
func (r *detRelease) receive(e *mech.Env, k int, args []float64, flag float64) float64 {
	t := e.T
	if t < 0 {
		return 0
	}
	if flag == 1 {
		w := r.delayWts[k]
		if i := int(r.NextDelay[k]); w != nil && i >= 0 && i < len(w) {
			args[argWeight] = r.Conductance[k] * w[i]
			r.NextDelay[k]++
		}
		return 0
	}
	u, tsyn := args[detU], args[detTsyn]
	if r.Fac[k] > 0 {
		u = u * math.Exp(-(t-tsyn)/r.Fac[k])
	} else {
		u = r.Use[k]
	}
	if r.Fac[k] > 0 {
		u = u + float64(r.Use[k]*(1-u))
	}
	R := 1 - float64((1-args[detR])*math.Exp(-(t-tsyn)/r.Dep[k]))
	pr := u * R
	args[detR] = R - float64(u*R)
	args[detPr], args[detU], args[detTsyn] = pr, u, t
	return pr
}

// cnexp advances x' = -x/tau by one step as nocmodl's cnexp does.
func cnexp(x, tau, dt float64) float64 {
	return x + float64((1-math.Exp(dt*(-1.0/tau)))*(0-x))
}

// detAdd adds Pr w factor to A and B.
func detAdd(a, b []float64, k int, pr, w, factor float64) {
	x := float64(pr*w) * factor
	a[k] = a[k] + x
	b[k] = b[k] + x
}

// detFactor is the dual exponential's peak normalisation.
func detFactor(tauR, tauD float64) float64 {
	tp := (tauR * tauD) / (tauD - tauR) * math.Log(tauD/tauR)
	return 1 / (-math.Exp(-tp/tauR) + math.Exp(-tp/tauD))
}

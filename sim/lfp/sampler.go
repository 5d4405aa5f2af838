package lfp

import (
	"fmt"
	"math"
)

// Sampler keeps an electrode's samples as MiV-Simulator's LFP object
// does (SPEC 5.5): at t = 0, right after initialisation, and then every
// dt_lfp ms to the end of the run, each the weighted sum over all cells
// and ranks (MiV's "meanlfp" is this sum, not a mean). With dt_lfp = 0.1
// ms and 500 ms: t = 0, 0.1, ..., 500, 5001 samples, t = 0 once (MiV
// repeats it once for every extra finitialize).
//
// A run of fixed step dt calls Due(step) after each step (step 0 being
// the initial state) and, when it is due, Record with the potential of
// the currents of that step, summed over ranks before rank 0 records it.
type Sampler struct {
	// TMs and VMV are the samples recorded: times (ms) and potentials (mV).
	TMs, VMV []float64

	dtLFPMs float64
	every   int64 // steps between samples
	n       int   // samples wanted
}

// NewSampler returns a Sampler for a run of tstopMs at step dtMs,
// sampling every dtLFPMs, which must be a whole number of steps (within
// 1e-9 relative); the samples' storage is allocated here.
func NewSampler(dtMs, dtLFPMs, tstopMs float64) (*Sampler, error) {
	for _, v := range []struct {
		name string
		v    float64
	}{{"dt", dtMs}, {"dt_lfp", dtLFPMs}} {
		if !(v.v > 0) || math.IsInf(v.v, 0) {
			return nil, fmt.Errorf("lfp: sampler: %s %g ms: want a positive finite value", v.name, v.v)
		}
	}
	if !(tstopMs >= 0) || math.IsInf(tstopMs, 0) {
		return nil, fmt.Errorf("lfp: sampler: tstop %g ms: want a finite value >= 0", tstopMs)
	}
	m := math.Round(dtLFPMs / dtMs)
	if m < 1 || math.Abs(m*dtMs-dtLFPMs) > 1e-9*dtLFPMs {
		return nil, fmt.Errorf("lfp: sampler: dt_lfp %g ms is not a whole number of steps of %g ms", dtLFPMs, dtMs)
	}
	n := int(math.Floor(tstopMs/dtLFPMs+1e-9)) + 1
	return &Sampler{TMs: make([]float64, 0, n), VMV: make([]float64, 0, n), dtLFPMs: dtLFPMs, every: int64(m), n: n}, nil
}

// Samples returns the number of samples of a complete run.
func (s *Sampler) Samples() int { return s.n }

// Due reports whether the state after step (0: the initial state) is
// sampled: every dt_lfp from t = 0, until all samples are recorded.
func (s *Sampler) Due(step int64) bool {
	return step >= 0 && step%s.every == 0 && step/s.every == int64(len(s.TMs)) && len(s.TMs) < s.n
}

// Record appends the next sample, at t = k dt_lfp for the k-th, with
// potential vMV. It allocates nothing; a sample beyond the run's last is
// an error.
func (s *Sampler) Record(vMV float64) error {
	k := len(s.TMs)
	if k >= s.n {
		return fmt.Errorf("lfp: sampler: sample %d of a run of %d", k, s.n)
	}
	s.TMs = append(s.TMs, float64(k)*s.dtLFPMs)
	s.VMV = append(s.VMV, vMV)
	return nil
}

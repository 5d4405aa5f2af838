package gridcells

import (
	"fmt"
	"math"
	"math/cmplx"

	"github.com/golgi-sim/golgi/analysis"
)

// The measures of the membrane potential in firing fields of the authors'
// Fig 3 notebook (Shaikh & Assisi 2025; no library function of theirs):
// spikes and AHPs are cut out of V near fields and bridged linearly
// (ClipSpikes), the ramp is a zero-phase low-pass of V relative to the
// mean V between fields (FieldRamp), the theta envelope is the magnitude of
// the analytic signal of a zero-phase band-pass (ThetaEnvelope), and
// traces are averaged around field onsets (AlignOnOnsets).

// FieldMask returns, for n samples every dtMs (sample i at i dtMs), true
// for the samples within padMs of a field, [first spike - padMs, last
// spike + padMs] of each field (fields: spike times in ms, as
// SeparateFields gives them for one cell).
func FieldMask(n int, dtMs float64, fields [][]float64, padMs float64) []bool {
	in := make([]bool, n)
	for _, f := range fields {
		if len(f) == 0 {
			continue
		}
		lo := max(0, int(math.Ceil((f[0]-padMs)/dtMs)))
		hi := min(n-1, int(math.Floor((f[len(f)-1]+padMs)/dtMs)))
		for i := lo; i <= hi; i++ {
			in[i] = true
		}
	}
	return in
}

// ClipSpikes returns a copy of v (mV, sampled every dtMs) in which, within
// padMs of each field (FieldMask), the samples above hiMv or below loMv
// (spikes and after-hyperpolarisations; the notebook uses -40 and -78 mV
// and 15 ms) are replaced by the straight line between the nearest kept
// samples on either side, v(i) = v(a) + (v(b) - v(a)) (i - a)/(b - a); at
// the ends of the trace the nearest kept sample is held. If every sample
// is removed, v is returned unchanged.
func ClipSpikes(v []float64, dtMs float64, fields [][]float64, padMs, loMv, hiMv float64) []float64 {
	out := append([]float64(nil), v...)
	in := FieldMask(len(v), dtMs, fields, padMs)
	drop := make([]bool, len(v))
	kept := 0
	for i, x := range v {
		drop[i] = in[i] && (x > hiMv || x < loMv)
		if !drop[i] {
			kept++
		}
	}
	if kept == 0 {
		return out
	}
	prev := -1
	for i := 0; i <= len(v); i++ {
		if i < len(v) && drop[i] {
			continue
		}
		// samples prev+1 ... i-1 are dropped; prev and i are kept (or ends)
		for j := prev + 1; j < i; j++ {
			switch {
			case prev < 0:
				out[j] = v[i]
			case i == len(v):
				out[j] = v[prev]
			default:
				out[j] = v[prev] + (v[i]-v[prev])*float64(j-prev)/float64(i-prev)
			}
		}
		prev = i
	}
	return out
}

// FieldRamp is the depolarising ramp of Fig 3: the zero-phase Butterworth
// low-pass of v at cutHz of the given order (BandPass with lo 0: the gain
// 1/(1 + (f/cutHz)^(2 order)) of a filter run forwards and backwards, as
// the notebook's scipy filtfilt of a 4th-order filter at 3 Hz) minus the
// mean of v over the samples where inField is false (between fields). v
// is sampled every dtMs. No sample outside the fields returns
// ErrEmptyWindow.
func FieldRamp(v []float64, dtMs float64, inField []bool, cutHz float64, order int) ([]float64, error) {
	if len(inField) != len(v) {
		return nil, fmt.Errorf("analysis.FieldRamp: %d mask samples for %d", len(inField), len(v))
	}
	s, n := 0.0, 0
	for i, x := range v {
		if !inField[i] {
			s += x
			n++
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("analysis.FieldRamp: no sample between fields: %w", analysis.ErrEmptyWindow)
	}
	lp, err := analysis.BandPass(v, dtMs/1000, 0, cutHz, order)
	if err != nil {
		return nil, fmt.Errorf("analysis.FieldRamp: %w", err)
	}
	base := s / float64(n)
	for i := range lp {
		lp[i] -= base
	}
	return lp, nil
}

// ThetaEnvelope is the theta envelope of Fig 3: |x_b + i H[x_b]|, the
// magnitude of the analytic signal (Analytic, H the Hilbert transform) of
// x_b, the zero-phase Butterworth band-pass of x (sampled every dtMs) to
// [loHz, hiHz] of the given order (BandPass; the notebook: 3rd order, 4-11
// Hz for V, 4-12 Hz for the inhibitory conductance). x_b is zero-padded to
// a power of two for the FFT (its ends are near zero after the band-pass);
// expect transients within a few theta cycles of the ends.
func ThetaEnvelope(x []float64, dtMs, loHz, hiHz float64, order int) ([]float64, error) {
	b, err := analysis.BandPass(x, dtMs/1000, loHz, hiHz, order)
	if err != nil {
		return nil, fmt.Errorf("analysis.ThetaEnvelope: %w", err)
	}
	n := 1
	for n < len(b) {
		n *= 2
	}
	padded := make([]float64, n)
	copy(padded, b)
	z, err := analysis.Analytic(padded)
	if err != nil {
		return nil, fmt.Errorf("analysis.ThetaEnvelope: %w", err)
	}
	env := make([]float64, len(x))
	for i := range env {
		env[i] = cmplx.Abs(z[i])
	}
	return env, nil
}

// AlignOnOnsets returns the mean of x (sampled every dtMs) over windows
// [onset - beforeMs, onset + afterMs) around each onset (ms), the average
// aligned on field entries of Fig 3, sample k of the result at time
// k dtMs - beforeMs from the onset, and the number of windows averaged;
// windows that do not fit in x are skipped. None returns ErrEmptyWindow.
func AlignOnOnsets(x []float64, dtMs float64, onsetsMs []float64, beforeMs, afterMs float64) ([]float64, int, error) {
	nb, na := int(math.Round(beforeMs/dtMs)), int(math.Round(afterMs/dtMs))
	mean := make([]float64, nb+na)
	n := 0
	for _, t := range onsetsMs {
		i0 := int(math.Round(t/dtMs)) - nb
		if i0 < 0 || i0+nb+na > len(x) {
			continue
		}
		for k := range mean {
			mean[k] += x[i0+k]
		}
		n++
	}
	if n == 0 {
		return nil, 0, fmt.Errorf("analysis.AlignOnOnsets: no window of %d onsets fits %d samples: %w", len(onsetsMs), len(x), analysis.ErrEmptyWindow)
	}
	for k := range mean {
		mean[k] /= float64(n)
	}
	return mean, n, nil
}

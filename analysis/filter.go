package analysis

import (
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/dsp/fourier"
)

// BandPass returns x, sampled every dt (s), filtered to the band [lo, hi]
// (Hz) with zero phase. lo <= 0 makes it a low-pass filter at hi, and hi <= 0
// or hi >= the Nyquist frequency 1/(2 dt) a high-pass filter at lo; order
// is the Butterworth order (0 means 4).
//
// The filter is applied in the frequency domain: the spectrum of x is
// multiplied by the squared magnitude of the analog Butterworth response,
//
//	low-pass  1/(1 + (f/hi)^(2 order))
//	high-pass 1/(1 + (lo/f)^(2 order))
//	band-pass 1/(1 + ((f^2 - lo hi)/(f (hi - lo)))^(2 order)),
//
// which is the gain of running the filter forwards and backwards
// (filtfilt): zero phase, -6 dB at the cut-offs, and no bilinear warping.
// To limit edge effects and the wrap-around of the circular convolution,
// the least-squares line through x is taken out (and put back for a
// low-pass filter, which passes a line unchanged, as any zero-phase filter
// of unit DC gain does), the rest is extended at both ends by its odd
// reflection (as filtfilt does) over up to three periods of the lowest
// cut-off, tapered to zero, and zero-padded to a power of two. As with
// filtfilt, expect transients within about three periods of the lowest
// cut-off of the ends. Fewer than 2 samples return ErrShortSignal; lo >= hi (for
// a band-pass) or no cut-off at all an error.
func BandPass(x []float64, dt, lo, hi float64, order int) ([]float64, error) {
	if !(dt > 0) {
		return nil, fmt.Errorf("analysis.BandPass: sampling interval %g s: %w", dt, ErrEmptyWindow)
	}
	n := len(x)
	if n < 2 {
		return nil, fmt.Errorf("analysis.BandPass: %d samples: %w", n, ErrShortSignal)
	}
	if order == 0 {
		order = 4
	}
	if order < 0 {
		return nil, fmt.Errorf("analysis.BandPass: order %d", order)
	}
	nyq := 0.5 / dt
	hasLo := lo > 0
	hasHi := hi > 0 && hi < nyq
	var gain func(f float64) float64
	p2 := 2 * float64(order)
	switch {
	case hasLo && hasHi:
		if lo >= hi {
			return nil, fmt.Errorf("analysis.BandPass: band [%g, %g] Hz is empty", lo, hi)
		}
		gain = func(f float64) float64 {
			if f == 0 {
				return 0
			}
			return 1 / (1 + math.Pow(math.Abs(f*f-lo*hi)/(f*(hi-lo)), p2))
		}
	case hasHi:
		gain = func(f float64) float64 { return 1 / (1 + math.Pow(f/hi, p2)) }
	case hasLo:
		gain = func(f float64) float64 {
			if f == 0 {
				return 0
			}
			return 1 / (1 + math.Pow(lo/f, p2))
		}
	default:
		return nil, fmt.Errorf("analysis.BandPass: no cut-off in (0, %g) Hz: lo %g, hi %g", nyq, lo, hi)
	}
	fc := hi
	if hasLo {
		fc = lo
	}
	// Remove the least-squares line, which a zero-phase filter passes
	// unchanged (low-pass) or removes (high- and band-pass), so that the
	// padded signal has no trend to turn into edge transients.
	a, b := lineFit(x)
	c0 := (float64(n) - 1) / 2
	r := make([]float64, n)
	for k, v := range x {
		r[k] = v - (a + b*(float64(k)-c0))
	}
	pad := int(math.Ceil(3 / (fc * dt)))
	if pad > n-1 {
		pad = n - 1
	}
	m := 1
	for m < n+2*pad {
		m *= 2
	}
	ext := make([]float64, m)
	copy(ext[pad:], r)
	for k := 1; k <= pad; k++ {
		// Odd reflection, tapered to zero at the outer ends by a half
		// cosine so that the zero padding joins smoothly.
		w := 0.5 * (1 + math.Cos(math.Pi*float64(k)/float64(pad+1)))
		ext[pad-k] = w * (2*r[0] - r[k])
		ext[pad+n-1+k] = w * (2*r[n-1] - r[n-1-k])
	}
	fft := fourier.NewFFT(m)
	c := fft.Coefficients(nil, ext)
	for k := range c {
		c[k] *= complex(gain(float64(k)/(float64(m)*dt))/float64(m), 0)
	}
	fft.Sequence(ext, c)
	out := make([]float64, n)
	copy(out, ext[pad:pad+n])
	if !hasLo {
		for k := range out {
			out[k] += a + b*(float64(k)-c0)
		}
	}
	return out, nil
}

// lineFit returns the least-squares line a + b*(k - (n-1)/2) through x[k].
func lineFit(x []float64) (a, b float64) {
	n := float64(len(x))
	c := (n - 1) / 2
	var sy, sty, stt float64
	for k, v := range x {
		t := float64(k) - c
		sy += v
		sty += t * v
		stt += t * t
	}
	if stt > 0 {
		b = sty / stt
	}
	return sy / n, b
}

// Analytic returns the analytic signal x + i H[x] of a real signal, H the
// Hilbert transform, computed with the FFT (as scipy.signal.hilbert): the
// negative frequencies are removed and the positive ones doubled. The
// signal is taken as periodic, so for a signal that is not, the first and
// last cycles are unreliable. Lengths with large prime factors are slow
// (the FFT is O(n^2) for a prime n); pad or trim such signals. An empty x
// returns ErrShortSignal.
func Analytic(x []float64) ([]complex128, error) {
	n := len(x)
	if n == 0 {
		return nil, fmt.Errorf("analysis.Analytic: %w", ErrShortSignal)
	}
	rc := fourier.NewFFT(n).Coefficients(nil, x)
	z := make([]complex128, n)
	z[0] = rc[0]
	for k := 1; k < len(rc); k++ {
		if n%2 == 0 && k == n/2 {
			z[k] = rc[k]
		} else {
			z[k] = 2 * rc[k]
		}
	}
	out := fourier.NewCmplxFFT(n).Sequence(nil, z)
	inv := complex(1/float64(n), 0)
	for k := range out {
		out[k] *= inv
	}
	return out, nil
}

// PhaseAmplitude returns the instantaneous phase (rad, in (-pi, pi], 0 at
// the peaks of a cosine) and amplitude (envelope, unit of x) of a signal
// from its analytic signal (see Analytic). Band-pass filter x first (see
// BandPass): phase and amplitude are meaningful for narrow-band signals
// only. An empty x returns ErrShortSignal.
func PhaseAmplitude(x []float64) (phase, amplitude []float64, err error) {
	z, err := Analytic(x)
	if err != nil {
		return nil, nil, err
	}
	phase = make([]float64, len(z))
	amplitude = make([]float64, len(z))
	for k, v := range z {
		phase[k] = cmplx.Phase(v)
		amplitude[k] = cmplx.Abs(v)
	}
	return phase, amplitude, nil
}

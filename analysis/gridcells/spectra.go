package gridcells

import (
	"fmt"
	"math/cmplx"

	"gonum.org/v1/gonum/dsp/fourier"

	"github.com/golgi-sim/golgi/analysis"
)

// Spectrum is a one-sided discrete Fourier transform: Freq[k] = k/(N dt)
// Hz and the coefficients Y[k] = sum_j x_j exp(-2 pi i j k/N), k = 0..
// N/2-1 (numpy's fftfreq and fft truncated to N div 2, the Nyquist bin
// dropped as the authors do); Power[k] = |Y[k]|^2.
type Spectrum struct {
	Freq  []float64
	Y     []complex128
	Power []float64
}

// DetrendedFFT is the authors' calc_fft: x (sampled every dtS seconds;
// theirs is NEURON's 0.025 ms) minus its least-squares line
// (scipy.signal.detrend), transformed, one-sided. Fewer than 2 samples
// return ErrShortSignal.
func DetrendedFFT(x []float64, dtS float64) (Spectrum, error) {
	n := len(x)
	if n < 2 {
		return Spectrum{}, fmt.Errorf("analysis.DetrendedFFT: %d samples: %w", n, analysis.ErrShortSignal)
	}
	if !(dtS > 0) {
		return Spectrum{}, fmt.Errorf("analysis.DetrendedFFT: sampling interval %g s: %w", dtS, analysis.ErrEmptyWindow)
	}
	d := append([]float64(nil), x...)
	analysis.RemoveTrend(d, analysis.DetrendLinear)
	c := fourier.NewFFT(n).Coefficients(nil, d)
	h := n / 2
	s := Spectrum{Freq: make([]float64, h), Y: c[:h:h], Power: make([]float64, h)}
	for k := range s.Freq {
		s.Freq[k] = float64(k) / (float64(n) * dtS)
		a := cmplx.Abs(c[k])
		s.Power[k] = a * a
	}
	return s, nil
}

// PeakBin returns the frequency of the largest Power among the bins lo..
// hi-1 (the first on ties), as the authors' notebooks read the peak of
// the subthreshold spectrum (bins 1..149 of |Y|) and of the resonance
// (bins 1..139 of the power). An empty or out-of-range bin range returns
// ErrEmptyWindow.
func (s Spectrum) PeakBin(lo, hi int) (float64, error) {
	if lo < 0 || hi > len(s.Power) || lo >= hi {
		return 0, fmt.Errorf("analysis.Spectrum.PeakBin: bins [%d, %d) of %d: %w", lo, hi, len(s.Power), analysis.ErrEmptyWindow)
	}
	k := lo
	for i := lo; i < hi; i++ {
		if s.Power[i] > s.Power[k] {
			k = i
		}
	}
	return s.Freq[k], nil
}

// Impedance returns the impedance of a cell from a current-clamp
// recording of a chirp (or any broadband current): Z(f_k) = V(f_k)/I(f_k),
// the ratio of the DetrendedFFT coefficients of the voltage v and the
// current i (both sampled every dtS s), for the bins k = 1..N/2-1 (DC,
// removed by the detrending, is left out). Units: those of v over those
// of i (mV/nA = MOhm). Bins where the current has no power are NaN. The
// authors' Fig 1A(3) shows the normalised |Z| of a chirp response; they
// read the resonance off the voltage spectrum, which for a chirp of flat
// amplitude spectrum peaks at the same frequency.
func Impedance(v, i []float64, dtS float64) (freq []float64, z []complex128, err error) {
	if len(v) != len(i) {
		return nil, nil, fmt.Errorf("analysis.Impedance: %d voltage and %d current samples", len(v), len(i))
	}
	sv, err := DetrendedFFT(v, dtS)
	if err != nil {
		return nil, nil, fmt.Errorf("analysis.Impedance: %w", err)
	}
	si, _ := DetrendedFFT(i, dtS)
	if len(sv.Y) < 2 {
		return nil, nil, fmt.Errorf("analysis.Impedance: %d samples: %w", len(v), analysis.ErrShortSignal)
	}
	freq = sv.Freq[1:]
	z = make([]complex128, len(freq))
	for k := range z {
		z[k] = sv.Y[k+1] / si.Y[k+1]
		if si.Y[k+1] == 0 {
			z[k] = cmplx.NaN()
		}
	}
	return freq, z, nil
}

// ResonanceFrequency returns the frequency of the largest |z| with
// loHz <= freq <= hiHz (the resonance of an Impedance). No bin in the
// band returns ErrEmptyWindow.
func ResonanceFrequency(freq []float64, z []complex128, loHz, hiHz float64) (float64, error) {
	best, arg := -1.0, -1
	for k, f := range freq {
		if f < loHz || f > hiHz {
			continue
		}
		if a := cmplx.Abs(z[k]); a > best {
			best, arg = a, k
		}
	}
	if arg < 0 {
		return 0, fmt.Errorf("analysis.ResonanceFrequency: no bin in [%g, %g] Hz: %w", loHz, hiHz, analysis.ErrEmptyWindow)
	}
	return freq[arg], nil
}

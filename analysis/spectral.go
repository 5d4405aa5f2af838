package analysis

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/dsp/fourier"
	"gonum.org/v1/gonum/dsp/window"
	"gonum.org/v1/gonum/stat"
)

// ErrShortSignal is returned when a signal has too few samples for the
// requested analysis.
var ErrShortSignal = errors.New("analysis: signal too short")

// Detrend selects what is removed from each segment before its spectrum
// is taken.
type Detrend int

const (
	DetrendConstant Detrend = iota // subtract the mean (the default)
	DetrendLinear                  // subtract the least-squares line
	DetrendNone                    // leave the segment as it is
)

// WelchOptions adjusts Welch's method. The zero value gives the defaults.
type WelchOptions struct {
	// Segment is the length of each segment (s), rounded to a whole number
	// of samples. Zero means the largest power of two of samples such that
	// eight half-overlapping segments fit (at least 8 samples), as in
	// MATLAB's pwelch; the frequency resolution is 1/Segment Hz.
	Segment float64
	// Overlap is the fraction of a segment shared with the next one, in
	// [0, 1). Zero means 0.5; a negative value means no overlap.
	Overlap float64
	// Window multiplies its argument in place by a window and returns it,
	// as gonum's dsp/window functions do (window.Rectangular,
	// window.Hamming, ...); it is applied once to a segment of ones to get
	// the weights. nil means the periodic Hann window (HannPeriodic).
	Window func([]float64) []float64
	// Detrend is removed from each segment; the default is its mean.
	Detrend Detrend
}

// PSD is a one-sided power spectral density.
type PSD struct {
	Freq  []float64 // frequencies (Hz), from 0 to the Nyquist frequency
	Power []float64 // density (unit^2/Hz for a signal in unit)
}

// Df returns the frequency resolution (Hz); 0 for fewer than two
// frequencies.
func (p PSD) Df() float64 {
	if len(p.Freq) < 2 {
		return 0
	}
	return p.Freq[1] - p.Freq[0]
}

// HannPeriodic multiplies seq in place by the periodic (DFT-even) Hann
// window w[k] = 0.5*(1 - cos(2*pi*k/N)) and returns it; this is the
// window of spectral estimation (scipy's default) whereas gonum's
// window.Hann is the symmetric one.
func HannPeriodic(seq []float64) []float64 {
	w := make([]float64, len(seq)+1)
	for k := range w {
		w[k] = 1
	}
	window.Hann(w)
	for k := range seq {
		seq[k] *= w[k]
	}
	return seq
}

// welchPlan holds what is shared by the segments of one Welch estimate.
type welchPlan struct {
	nseg, step int
	win        []float64
	scale      float64 // 1/(fs*sum w^2)
	fft        *fourier.FFT
	detrend    Detrend
	buf        []float64
	coef       []complex128
}

func newWelchPlan(fn string, n int, dt float64, o WelchOptions) (*welchPlan, error) {
	if !(dt > 0) {
		return nil, fmt.Errorf("analysis.%s: sampling interval %g s: %w", fn, dt, ErrEmptyWindow)
	}
	var nseg int
	if o.Segment == 0 {
		nseg = 8
		for 2*nseg <= int(float64(n)/4.5) {
			nseg *= 2
		}
	} else {
		nseg = int(math.Round(o.Segment / dt))
	}
	if nseg < 2 {
		return nil, fmt.Errorf("analysis.%s: segment of %d samples: %w", fn, nseg, ErrShortSignal)
	}
	if n < nseg {
		return nil, fmt.Errorf("analysis.%s: %d samples for segments of %d: %w", fn, n, nseg, ErrShortSignal)
	}
	ov := o.Overlap
	switch {
	case ov == 0:
		ov = 0.5
	case ov < 0:
		ov = 0
	case ov >= 1:
		return nil, fmt.Errorf("analysis.%s: overlap %g, want < 1", fn, ov)
	}
	step := nseg - int(math.Round(ov*float64(nseg)))
	if step < 1 {
		step = 1
	}
	p := &welchPlan{nseg: nseg, step: step, detrend: o.Detrend, fft: fourier.NewFFT(nseg),
		buf: make([]float64, nseg), coef: make([]complex128, nseg/2+1)}
	p.win = make([]float64, nseg)
	for k := range p.win {
		p.win[k] = 1
	}
	if o.Window != nil {
		p.win = o.Window(p.win)
	} else {
		HannPeriodic(p.win)
	}
	var s2 float64
	for _, w := range p.win {
		s2 += w * w
	}
	if s2 == 0 {
		return nil, fmt.Errorf("analysis.%s: window is all zeros", fn)
	}
	p.scale = dt / s2
	return p, nil
}

// segments returns the number of segments in n samples.
func (p *welchPlan) segments(n int) int { return (n-p.nseg)/p.step + 1 }

// add adds the one-sided periodogram of seg (nseg samples) times f into dst.
func (p *welchPlan) add(dst, seg []float64, f float64) {
	copy(p.buf, seg)
	RemoveTrend(p.buf, p.detrend)
	for k, w := range p.win {
		p.buf[k] *= w
	}
	p.fft.Coefficients(p.coef, p.buf)
	s := p.scale * f
	last := len(p.coef) - 1
	for k, c := range p.coef {
		v := real(c)*real(c) + imag(c)*imag(c)
		if k != 0 && !(k == last && p.nseg%2 == 0) {
			v *= 2
		}
		dst[k] += v * s
	}
}

func (p *welchPlan) freqs(dt float64) []float64 {
	f := make([]float64, len(p.coef))
	for k := range f {
		f[k] = float64(k) / (float64(p.nseg) * dt)
	}
	return f
}

// RemoveTrend removes the mean (DetrendConstant) or the least-squares
// line (DetrendLinear) from x in place, as scipy.signal.detrend does;
// DetrendNone leaves x as it is.
func RemoveTrend(x []float64, d Detrend) {
	switch d {
	case DetrendConstant:
		m := stat.Mean(x, nil)
		for k := range x {
			x[k] -= m
		}
	case DetrendLinear:
		a, b := lineFit(x)
		c := (float64(len(x)) - 1) / 2
		for k := range x {
			x[k] -= a + b*(float64(k)-c)
		}
	}
}

// Welch returns the one-sided power spectral density of a signal x sampled
// every dt (s) by Welch's method: the average of the periodograms of
// overlapping, detrended and windowed segments (defaults: eight segments
// overlapping by half, periodic Hann window, mean removed). The density is
// in unit^2/Hz for x in unit, scaled so that its integral, sum(Power)*Df,
// is the mean square of the detrended signal (Parseval): exactly the
// average over segments of sum(w^2 x^2)/sum(w^2), which for a rectangular
// window without overlap is the mean of x^2 over the segments; the
// frequencies run from 0 to 1/(2 dt) Hz in steps of 1/Segment. A signal
// shorter than one segment returns ErrShortSignal, dt <= 0 ErrEmptyWindow.
func Welch(x []float64, dt float64, opt *WelchOptions) (PSD, error) {
	var o WelchOptions
	if opt != nil {
		o = *opt
	}
	p, err := newWelchPlan("Welch", len(x), dt, o)
	if err != nil {
		return PSD{}, err
	}
	ns := p.segments(len(x))
	pw := make([]float64, len(p.coef))
	f := 1 / float64(ns)
	for s := 0; s < ns; s++ {
		p.add(pw, x[s*p.step:s*p.step+p.nseg], f)
	}
	return PSD{Freq: p.freqs(dt), Power: pw}, nil
}

// BandPower returns the power of a PSD in the band [lo, hi] (Hz): the sum
// of Power*Df over the frequencies in the band (unit^2 for a density in
// unit^2/Hz). A band that holds no frequency of p, or hi < lo, returns
// ErrEmptyWindow.
func BandPower(p PSD, lo, hi float64) (float64, error) {
	df := p.Df()
	var s float64
	n := 0
	for k, f := range p.Freq {
		if f >= lo && f <= hi {
			s += p.Power[k]
			n++
		}
	}
	if n == 0 || hi < lo {
		return 0, fmt.Errorf("analysis.BandPower: no frequency in [%g, %g] Hz: %w", lo, hi, ErrEmptyWindow)
	}
	return s * df, nil
}

// Spectrogram is a time-frequency power density.
type Spectrogram struct {
	Times []float64   // centre of each segment (s), from the first sample
	Freq  []float64   // frequencies (Hz)
	Power [][]float64 // Power[i][k]: density at Times[i] and Freq[k] (unit^2/Hz)
}

// NewSpectrogram returns the spectrogram of x sampled every dt (s): the
// one-sided periodogram of each segment, as in Welch with the same options,
// except that the default segment is the largest power of two of samples
// giving at least 32 half-overlapping segments (at least 8 samples). A
// signal shorter than one segment returns ErrShortSignal.
func NewSpectrogram(x []float64, dt float64, opt *WelchOptions) (Spectrogram, error) {
	var o WelchOptions
	if opt != nil {
		o = *opt
	}
	if o.Segment == 0 {
		nseg := 8
		for 2*nseg <= len(x)/17 {
			nseg *= 2
		}
		o.Segment = float64(nseg) * dt
	}
	p, err := newWelchPlan("NewSpectrogram", len(x), dt, o)
	if err != nil {
		return Spectrogram{}, err
	}
	ns := p.segments(len(x))
	s := Spectrogram{Freq: p.freqs(dt), Times: make([]float64, ns), Power: make([][]float64, ns)}
	for i := range ns {
		s.Power[i] = make([]float64, len(p.coef))
		p.add(s.Power[i], x[i*p.step:i*p.step+p.nseg], 1)
		s.Times[i] = (float64(i*p.step) + float64(p.nseg)/2) * dt
	}
	return s, nil
}

// PeakFrequency returns the frequency (Hz) of the highest peak of the Welch
// PSD of a rate or other signal x sampled every dt (s) within [lo, hi] Hz,
// refined by a parabola through the three bins around the maximum, and the
// density there. Use it for the oscillation frequency of a population rate
// (the mean is removed by the default detrending; Segment sets the
// resolution). A band without frequencies returns ErrEmptyWindow, a flat
// spectrum (for example a constant signal) an error.
func PeakFrequency(x []float64, dt float64, lo, hi float64, opt *WelchOptions) (freq, power float64, err error) {
	p, err := Welch(x, dt, opt)
	if err != nil {
		return 0, 0, err
	}
	best := -1
	for k, f := range p.Freq {
		if f >= lo && f <= hi && (best < 0 || p.Power[k] > p.Power[best]) {
			best = k
		}
	}
	if best < 0 {
		return 0, 0, fmt.Errorf("analysis.PeakFrequency: no frequency in [%g, %g] Hz: %w", lo, hi, ErrEmptyWindow)
	}
	if p.Power[best] <= 0 {
		return 0, 0, errors.New("analysis.PeakFrequency: no power in the band")
	}
	freq, power = p.Freq[best], p.Power[best]
	if best > 0 && best < len(p.Power)-1 {
		a, b, c := p.Power[best-1], p.Power[best], p.Power[best+1]
		if d := a - 2*b + c; d < 0 {
			off := 0.5 * (a - c) / d
			freq += off * p.Df()
			power = b - 0.25*(a-c)*off
		}
	}
	return freq, power, nil
}

package analysis

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/dsp/window"
)

// sines returns n samples every dt of sum_k a[k] sin(2 pi f[k] t) plus
// Gaussian noise of standard deviation sd.
func sines(n int, dt float64, f, a []float64, sd float64, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 9))
	x := make([]float64, n)
	for i := range x {
		t := float64(i) * dt
		for k := range f {
			x[i] += a[k] * math.Sin(2*math.Pi*f[k]*t)
		}
		x[i] += sd * r.NormFloat64()
	}
	return x
}

func TestWelchPeaksAndParseval(t *testing.T) {
	// 10 s at 1 kHz: 10 Hz (amplitude 2) and 40 Hz (amplitude 1) in
	// unit-variance noise. Mean square: 2 + 0.5 + 1 = 3.5.
	dt := 1e-3
	x := sines(10000, dt, []float64{10, 40}, []float64{2, 1}, 1, 1)
	p, err := Welch(x, dt, &WelchOptions{Segment: 2})
	if err != nil {
		t.Fatal(err)
	}
	if df := p.Df(); math.Abs(df-0.5) > 1e-12 || p.Freq[len(p.Freq)-1] != 500 {
		t.Fatalf("df %v, last frequency %v; want 0.5 and 500 Hz", df, p.Freq[len(p.Freq)-1])
	}
	// The two largest local maxima are at 10 and 40 Hz.
	var peaks []float64
	for k := 1; k+1 < len(p.Power); k++ {
		if p.Power[k] > p.Power[k-1] && p.Power[k] > p.Power[k+1] && p.Power[k] > 0.1 {
			peaks = append(peaks, p.Freq[k])
		}
	}
	if len(peaks) != 2 || peaks[0] != 10 || peaks[1] != 40 {
		t.Errorf("peaks at %v Hz, want [10 40]", peaks)
	}
	// Parseval: the integral of the PSD is the mean square, within the
	// noise of the estimate (a few %).
	var ms float64
	for _, v := range x {
		ms += v * v / float64(len(x))
	}
	total, err := BandPower(p, 0, 500)
	if err != nil || math.Abs(total-ms)/ms > 0.03 {
		t.Errorf("integral of PSD %v, mean square %v", total, ms)
	}
	// Band power of each sine: a^2/2, plus noise density 2 dt per Hz.
	for _, c := range []struct{ f, a float64 }{{10, 2}, {40, 1}} {
		bp, _ := BandPower(p, c.f-3, c.f+3)
		if want := c.a*c.a/2 + 6*2*dt; math.Abs(bp-want)/want > 0.05 {
			t.Errorf("band power at %v Hz: %v, want %v", c.f, bp, want)
		}
	}
	// Noise floor: white noise of variance 1 has one-sided density 2 dt.
	fl, _ := BandPower(p, 100, 400)
	if d := fl / 300; math.Abs(d-2*dt)/(2*dt) > 0.05 {
		t.Errorf("noise density %v, want %v", d, 2*dt)
	}
	// Peak frequency with sub-bin refinement.
	f, _, err := PeakFrequency(x, dt, 20, 100, nil)
	if err != nil || math.Abs(f-40) > 0.5 {
		t.Errorf("PeakFrequency in [20, 100] Hz = %v, %v; want 40", f, err)
	}
	if _, _, err := PeakFrequency(x, dt, 600, 700, nil); !errors.Is(err, ErrEmptyWindow) {
		t.Errorf("PeakFrequency above Nyquist: %v", err)
	}
}

func TestWelchExactParseval(t *testing.T) {
	// Rectangular window, no overlap, no detrending: exactly the mean
	// square; an odd segment length checks the one-sided doubling.
	for _, seg := range []int{64, 63} {
		x := sines(seg*5, 1e-3, []float64{33}, []float64{1}, 1, 2)
		for k := range x {
			x[k] += 0.7 // a DC component, kept by DetrendNone
		}
		p, err := Welch(x, 1e-3, &WelchOptions{Segment: float64(seg) * 1e-3, Overlap: -1,
			Window: window.Rectangular, Detrend: DetrendNone})
		if err != nil {
			t.Fatal(err)
		}
		var ms, s float64
		for _, v := range x {
			ms += v * v / float64(len(x))
		}
		for _, v := range p.Power {
			s += v * p.Df()
		}
		if math.Abs(s-ms) > 1e-9*ms {
			t.Errorf("segment %d: integral %v, mean square %v", seg, s, ms)
		}
	}
}

func TestWelchDetrendAndErrors(t *testing.T) {
	// A pure ramp: linear detrending leaves nothing.
	x := make([]float64, 1024)
	for k := range x {
		x[k] = 3 + 0.01*float64(k)
	}
	p, err := Welch(x, 1e-3, &WelchOptions{Detrend: DetrendLinear})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range p.Power {
		if v > 1e-20 {
			t.Fatalf("linear detrend of a ramp: power %v at %v Hz", v, p.Freq[k])
		}
	}
	// Default segment: 8 half-overlapping segments of a power of two.
	if n := 2 * (len(p.Freq) - 1); n != 128 {
		t.Errorf("default segment of 1024 samples: %d, want 128", n)
	}
	if _, err := Welch(x[:4], 1e-3, nil); !errors.Is(err, ErrShortSignal) {
		t.Errorf("4 samples: %v", err)
	}
	if _, err := Welch(x, 1e-3, &WelchOptions{Segment: 2}); !errors.Is(err, ErrShortSignal) {
		t.Errorf("segment longer than the signal: %v", err)
	}
	if _, err := Welch(x, 0, nil); !errors.Is(err, ErrEmptyWindow) {
		t.Errorf("dt 0: %v", err)
	}
	if _, err := Welch(x, 1e-3, &WelchOptions{Overlap: 1}); err == nil {
		t.Error("overlap 1: no error")
	}
	if _, err := BandPower(p, 600, 700); !errors.Is(err, ErrEmptyWindow) {
		t.Errorf("BandPower outside: %v", err)
	}
}

func TestSpectrogram(t *testing.T) {
	// 10 Hz for the first second, 50 Hz for the second.
	dt := 1e-3
	x := make([]float64, 2000)
	for k := range x {
		f := 10.0
		if k >= 1000 {
			f = 50
		}
		x[k] = math.Sin(2 * math.Pi * f * float64(k) * dt)
	}
	s, err := NewSpectrogram(x, dt, &WelchOptions{Segment: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Times) != 19 || len(s.Freq) != 101 {
		t.Fatalf("%d times, %d frequencies", len(s.Times), len(s.Freq))
	}
	for i, tm := range s.Times {
		best := 0
		for k := range s.Freq {
			if s.Power[i][k] > s.Power[i][best] {
				best = k
			}
		}
		want := 10.0
		if tm > 1.1 {
			want = 50
		} else if tm > 0.9 {
			continue
		}
		if s.Freq[best] != want {
			t.Errorf("t = %v s: peak at %v Hz, want %v", tm, s.Freq[best], want)
		}
	}
}

func TestBandPass(t *testing.T) {
	// 5 Hz + 40 Hz + 200 Hz; the 30-60 Hz band keeps the 40 Hz sine only.
	dt := 1e-3
	n := 3000
	x := sines(n, dt, []float64{5, 40, 200}, []float64{1, 1, 1}, 0, 1)
	y, err := BandPass(x, dt, 30, 60, 4)
	if err != nil {
		t.Fatal(err)
	}
	want := sines(n, dt, []float64{40}, []float64{1}, 0, 1)
	g := 1 / (1 + math.Pow(math.Abs(1600-1800)/(40*30), 8)) // gain at 40 Hz
	for k := 200; k < n-200; k++ {
		if math.Abs(y[k]-g*want[k]) > 0.01 {
			t.Fatalf("sample %d: %v, want %v", k, y[k], g*want[k])
		}
	}
	// Low-pass and high-pass.
	lp, _ := BandPass(x, dt, 0, 15, 0)
	hp, _ := BandPass(x, dt, 100, 0, 0)
	w5 := sines(n, dt, []float64{5}, []float64{1}, 0, 1)
	w200 := sines(n, dt, []float64{200}, []float64{1}, 0, 1)
	for k := 300; k < n-300; k++ {
		if math.Abs(lp[k]-w5[k]) > 0.01 || math.Abs(hp[k]-w200[k]) > 0.01 {
			t.Fatalf("sample %d: low-pass %v (want %v), high-pass %v (want %v)", k, lp[k], w5[k], hp[k], w200[k])
		}
	}
	for _, c := range []struct{ lo, hi float64 }{{60, 30}, {0, 0}, {0, 600}} {
		if _, err := BandPass(x, dt, c.lo, c.hi, 4); err == nil {
			t.Errorf("band [%v, %v]: no error", c.lo, c.hi)
		}
	}
	if _, err := BandPass(x[:1], dt, 1, 2, 4); !errors.Is(err, ErrShortSignal) {
		t.Errorf("one sample: %v", err)
	}
}

func TestHilbert(t *testing.T) {
	// An amplitude-modulated 50 Hz cosine: amplitude 1 + 0.5 cos(2 pi 2 t),
	// phase 2 pi 50 t. Whole numbers of periods make it exactly periodic.
	dt := 1e-3
	n := 1000
	x := make([]float64, n)
	for k := range x {
		tt := float64(k) * dt
		x[k] = (1 + 0.5*math.Cos(2*math.Pi*2*tt)) * math.Cos(2*math.Pi*50*tt)
	}
	ph, amp, err := PhaseAmplitude(x)
	if err != nil {
		t.Fatal(err)
	}
	for k := range x {
		tt := float64(k) * dt
		wantA := 1 + 0.5*math.Cos(2*math.Pi*2*tt)
		wantP := math.Remainder(2*math.Pi*50*tt, 2*math.Pi)
		dp := math.Remainder(ph[k]-wantP, 2*math.Pi)
		if math.Abs(amp[k]-wantA) > 1e-9 || math.Abs(dp) > 1e-9 {
			t.Fatalf("sample %d: amplitude %v phase %v, want %v %v", k, amp[k], ph[k], wantA, wantP)
		}
	}
	// Odd length.
	z, err := Analytic([]float64{1, 0, -1, 0, 1})
	if err != nil || len(z) != 5 || math.Abs(real(z[2])+1) > 1e-12 {
		t.Errorf("odd length: %v, %v", z, err)
	}
	if _, err := Analytic(nil); !errors.Is(err, ErrShortSignal) {
		t.Errorf("empty: %v", err)
	}
}

func BenchmarkWelch10s10kHz(b *testing.B) {
	x := sines(100000, 1e-4, []float64{40}, []float64{1}, 1, 1)
	b.ResetTimer()
	for range b.N {
		if _, err := Welch(x, 1e-4, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBandPassEdgesAndHilbert(t *testing.T) {
	// A non-periodic signal: a 10 Hz sine of growing amplitude on a ramp,
	// 4.0005 s long. The 5-20 Hz band removes the ramp and keeps the sine
	// (gain 1 at the band's centre, 10 Hz) beyond three periods of the
	// lower cut-off from the ends (0.6 s), with bounded transients nearer;
	// the Hilbert amplitude of the result follows the envelope.
	dt := 1e-3
	n := 4001
	x, want, env := make([]float64, n), make([]float64, n), make([]float64, n)
	for k := range x {
		tt := float64(k) * dt
		env[k] = 1 + 0.5*tt
		want[k] = env[k] * math.Sin(2*math.Pi*10*tt+0.3)
		x[k] = want[k] + 3 + 2*tt
	}
	y, err := BandPass(x, dt, 5, 20, 4)
	if err != nil {
		t.Fatal(err)
	}
	var worst, worstEdge float64
	for k := range y {
		d := math.Abs(y[k] - want[k])
		if k < 600 || k >= n-600 {
			worstEdge = math.Max(worstEdge, d/env[k])
		} else {
			worst = math.Max(worst, d)
		}
	}
	if worst > 0.01 || worstEdge > 0.5 {
		t.Errorf("band-passed ramp+sine: max error %.3g inside, %.3g of the envelope near the ends", worst, worstEdge)
	}
	_, amp, err := PhaseAmplitude(y)
	if err != nil {
		t.Fatal(err)
	}
	for k := 600; k < n-600; k++ {
		if math.Abs(amp[k]-env[k]) > 0.02*env[k] {
			t.Fatalf("sample %d: amplitude %v, envelope %v", k, amp[k], env[k])
		}
	}
	// A low-pass filter keeps the ramp (a zero-phase filter passes lines),
	// beyond three periods of its cut-off (1.5 s) from the ends.
	lp, _ := BandPass(x, dt, 0, 2, 4)
	for k := 1500; k < n-1500; k++ {
		if d := lp[k] - (3 + 2*float64(k)*dt); math.Abs(d) > 0.01 {
			t.Fatalf("low-passed ramp at sample %d off by %v", k, d)
		}
	}
}

package sonata

import (
	"errors"
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/random123"
)

// signal builds the piecewise-linear table of a stimulus as neurodamus's
// SignalSource does (SPEC 4.0): points (t, a), several at one time for a
// jump, appended at a cursor that the primitives advance. base is the
// amplitude outside the stimulus (0, or the reversal potential of a
// conductance).
type signal struct {
	base float64
	cur  float64
	t, a []float64
}

// newSignal starts a table at base; a positive delay puts (0, base)
// first and the cursor at delay.
func newSignal(base, delay float64) *signal {
	s := &signal{base: base}
	if delay > 0 {
		s.add(0, base)
		s.cur = delay
	}
	return s
}

func (s *signal) add(t, a float64) {
	s.t = append(s.t, t)
	s.a = append(s.a, a)
}

// delay advances the cursor by d.
func (s *signal) delay(d float64) { s.cur += d }

// segment appends (cur, a) and (cur + dur, a2), the cursor advanced.
func (s *signal) segment(a, dur, a2 float64) {
	s.add(s.cur, a)
	s.cur += dur
	s.add(s.cur, a2)
}

// pulse is a step of amplitude a for dur, from and back to base.
func (s *signal) pulse(a, dur float64) {
	s.add(s.cur, s.base)
	s.segment(a, dur, a)
	s.add(s.cur, s.base)
}

// pulses is one step per amplitude, each dur long, from and back to base.
func (s *signal) pulses(dur float64, amps ...float64) {
	s.add(s.cur, s.base)
	for _, a := range amps {
		s.segment(a, dur, a)
	}
	s.add(s.cur, s.base)
}

// ramp goes linearly from a1 to a2 over dur, from and back to base.
func (s *signal) ramp(a1, a2, dur float64) {
	s.add(s.cur, s.base)
	s.segment(a1, dur, a2)
	s.add(s.cur, s.base)
}

// train is neurodamus's add_train: pulses of amplitude amp and width
// widthMS at freqHz for dur, the last one truncated at dur (Q8).
func (s *signal) train(amp, freqHz, widthMS, dur float64) {
	period := 1000 / freqHz
	gap := period - widthMS
	n := int(math.Floor(dur / period))
	for range n {
		s.pulse(amp, widthMS)
		s.delay(gap)
	}
	rem := dur - float64(n)*period
	if widthMS <= rem {
		s.pulse(amp, widthMS)
		s.delay(min(gap, rem-widthMS))
	} else {
		s.pulse(amp, rem)
	}
	s.add(s.cur, s.base)
}

// samples is the number of samples of step h over dur, NEURON's indgen:
// floor(dur/h + 1e-9) + 1.
func samples(dur, h float64) (int, error) {
	if !(h > 0) || h > dur {
		return 0, fmt.Errorf("sample step %g ms over %g ms: want 0 < step <= duration", h, dur)
	}
	return int(math.Floor(dur/h+1e-9)) + 1, nil
}

// sampled appends base at the cursor, the samples x at cursor + k h and
// base at cursor + dur, and advances the cursor by dur.
func (s *signal) sampled(x []float64, dur, h float64) {
	s.add(s.cur, s.base)
	for k, v := range x {
		s.add(s.cur+float64(k)*h, v)
	}
	s.cur += dur
	s.add(s.cur, s.base)
}

// sin appends amp sin(2 pi f k h/1000) at cursor + k h, phase 0 at the
// cursor, then (cursor + dur, base): no leading base point (Q8).
func (s *signal) sin(amp, dur, freqHz, h float64) error {
	n, err := samples(dur, h)
	if err != nil {
		return err
	}
	for k := range n {
		s.add(s.cur+float64(k)*h, amp*math.Sin(2*math.Pi*freqHz*(float64(k)*h)/1000))
	}
	s.cur += dur
	s.add(s.cur, s.base)
	return nil
}

// noise appends i.i.d. normal samples of mean and variance every h over
// dur, drawn from r: setting the distribution consumes one pick, whose
// cached partner is the first sample (SPEC 4.2).
func (s *signal) noise(r *random123.Random, mean, variance, dur, h float64) error {
	n, err := samples(dur, h)
	if err != nil {
		return err
	}
	x := make([]float64, n)
	r.Normal(mean, variance)
	for k := range x {
		x[k] = r.Repick()
	}
	s.sampled(x, dur, h)
	return nil
}

// shotNoise appends Poisson shot noise (SPEC 4.2): events at rateHz,
// gamma amplitudes of mean ampMean and variance ampVar, each a
// bi-exponential of unit peak (rise tauR, decay tauD), sampled every h.
func (s *signal) shotNoise(r *random123.Random, tauD, tauR, rateHz, ampMean, ampVar, dur, h float64) error {
	n, err := samples(dur, h)
	if err != nil {
		return err
	}
	x, err := shotNoiseSamples(r, tauD, tauR, rateHz, ampMean, ampVar, dur, h, n)
	if err != nil {
		return err
	}
	s.sampled(x, dur, h)
	return nil
}

func shotNoiseSamples(r *random123.Random, tauD, tauR, rateHz, ampMean, ampVar, dur, h float64, n int) ([]float64, error) {
	if !(tauR < tauD) {
		return nil, fmt.Errorf("rise_time %g ms, decay_time %g ms: want rise < decay", tauR, tauD)
	}
	if ampMean == 0 || !(ampVar > 0) {
		return nil, fmt.Errorf("amp_mean %g, amp_var %g: want amp_mean != 0, amp_var > 0", ampMean, ampVar)
	}
	// Event times: exponential intervals (s), cumulated, in ms.
	m := 1 + math.Floor(dur*rateHz/1000)
	m = math.Floor(m + 3*math.Sqrt(m))
	var ev []float64
	r.NegExp(1 / rateHz)
	last := 0.0
	// batch appends count intervals, cumulated, after the last event:
	// m at first, then batches of 100 until the duration is passed.
	batch := func(count int) {
		sum := 0.0
		for range count {
			sum += r.Repick()
			ev = append(ev, last+1000*sum)
		}
		last = ev[len(ev)-1]
	}
	for batch(int(m)); last < dur; {
		batch(100)
	}
	var idx []int
	for _, te := range ev {
		if te >= dur {
			break
		}
		if j := int(math.RoundToEven(te / h)); j < n {
			idx = append(idx, j)
		}
	}
	sign := 1.0
	if ampMean < 0 {
		sign, ampMean = -1, -ampMean
	}
	theta := ampVar / ampMean
	amps := gammaDraws(r, ampMean/theta, theta, len(idx))
	e := make([]float64, n)
	for i, j := range idx {
		e[j] += sign * amps[i]
	}
	a, b := math.Exp(-h/tauD), math.Exp(-h/tauR)
	dd, rr := h/tauD, h/tauR
	tpk := math.Log(rr/dd) / (rr - dd)
	norm := (a/b - 1) / (math.Pow(a, tpk) - math.Pow(b, tpk))
	x := make([]float64, n)
	p, q := 0.0, 0.0 // P and B of the recursion
	for i := 1; i < n; i++ {
		p, q = a*p+b*q, b*q+e[i-1]
		x[i] = norm * p
	}
	return x, nil
}

// gammaDraws draws n gamma variates of shape k and scale theta as
// neurodamus does (SPEC 4.1): Marsaglia and Tsang for k >= 1, each
// normal and uniform a new distribution on r; for k < 1, n uniforms w
// (after the pick of setting the distribution) and gamma(k + 1) w^(1/k).
func gammaDraws(r *random123.Random, k, theta float64, n int) []float64 {
	if n == 0 {
		return nil
	}
	if k < 1 {
		r.Uniform(0, 1)
		w := make([]float64, n)
		for i := range w {
			w[i] = r.Repick()
		}
		g := gammaDraws(r, k+1, theta, n)
		for i := range g {
			g[i] *= math.Pow(w[i], 1/k)
		}
		return g
	}
	d := k - 1.0/3
	c := 1 / (3 * math.Sqrt(d))
	out := make([]float64, n)
	for i := range out {
		for {
			x := r.Normal(0, 1)
			v := 1 + c*x
			for v <= 0 {
				x = r.Normal(0, 1)
				v = 1 + c*x
			}
			v = v * v * v
			u := r.Uniform(0, 1)
			if u < 1-0.0331*x*x*x*x || random123.Log(u) < 0.5*x*x+d*(1-v+random123.Log(v)) {
				out[i] = theta * d * v
				break
			}
		}
	}
	return out
}

// ou appends an Ornstein-Uhlenbeck process of time constant tau, standard
// deviation sigma and mean mean, sampled every h (SPEC 4.2): x_0 = 0,
// x_i = rho x_(i-1) + sigma sqrt(1 - rho^2) xi_i, white noise for tau <
// 1e-9.
func (s *signal) ou(r *random123.Random, tau, sigma, mean, dur, h float64) error {
	n, err := samples(dur, h)
	if err != nil {
		return err
	}
	xi := make([]float64, n)
	r.Normal(0, 1)
	for k := range xi {
		xi[k] = r.Repick()
	}
	x := make([]float64, n)
	if tau < 1e-9 {
		for k := range x {
			x[k] = sigma * xi[k]
		}
	} else {
		rho := math.Exp(-h / tau)
		amp := sigma * math.Sqrt(1-rho*rho)
		for k := 1; k < n; k++ {
			x[k] = rho*x[k-1] + amp*xi[k]
		}
	}
	for k := range x {
		x[k] += mean
	}
	s.sampled(x, dur, h)
	return nil
}

// shotMoments returns the rate (Hz), amplitude mean and variance of shot
// noise of mean mu, standard deviation sigma and relative skew in [0, 1]
// (SPEC 4.2, Campbell's theorem).
func shotMoments(tauD, tauR, mu, sigma, relSkew float64) (rateHz, ampMean, ampVar float64, err error) {
	if !(tauR < tauD) {
		return 0, 0, 0, fmt.Errorf("rise_time %g ms, decay_time %g ms: want rise < decay", tauR, tauD)
	}
	if !(sigma > 0) || mu == 0 {
		return 0, 0, 0, fmt.Errorf("mean %g, sd %g: want a mean != 0 and sd > 0", mu, sigma)
	}
	if relSkew < 0 || relSkew > 1 {
		return 0, 0, 0, fmt.Errorf("relative_skew %g, want within [0, 1]", relSkew)
	}
	tpk := math.Log(tauD/tauR) / (1/tauR - 1/tauD)
	f := math.Exp(-tpk/tauD) - math.Exp(-tpk/tauR)
	xi := (tauD - tauR) / f
	a := 1 / (tauD + tauR)
	b := 1 / ((tauD + 2*tauR) * (2*tauD + tauR))
	skewMin := 8.0 / 3 * (b / (a * a)) * (sigma / mu)
	skew := (1 + relSkew) * skewMin
	th1 := 2 / (a * xi) * sigma * sigma / mu
	th2 := 3 * a / (4 * b * xi) * sigma * skew
	ampMean = 2*th1 - th2
	ampVar = ampMean * (th2 - th1)
	rateHz = 1000 * mu / (ampMean * xi)
	return rateHz, ampMean, ampVar, nil
}

var errNoTable = errors.New("empty stimulus table")

// conductanceTable turns a conductance table (uS, framed by the reversal
// potential) into the series resistances neurodamus plays into its
// clamp (Q6): (0, 0) first, then rs = 1/g for 1e-9 < g < 1e9, else 1e9
// MOhm (off).
func (s *signal) conductanceTable() (t, rs []float64, err error) {
	if len(s.t) == 0 {
		return nil, nil, errNoTable
	}
	t = append([]float64{0}, s.t...)
	g := append([]float64{0}, s.a...)
	rs = make([]float64, len(g))
	for i, v := range g {
		rs[i] = 1e9
		if v > 1e-9 && v < 1e9 {
			rs[i] = 1 / v
		}
	}
	return t, rs, nil
}

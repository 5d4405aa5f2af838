package sim

import (
	"fmt"
	"math"
	"sort"
)

// PlayedCurrent injects sampled current waveforms into neurons of Target,
// as NEURON's Vector.play(&IClamp.amp, tvec, 1) (continuous play) drives an
// IClamp: noise, time-varying DC, any current given on a time grid.
//
// The current of a receiving neuron in step s is its waveform evaluated at
// the middle of the step, t = (s+1/2)*dt, by linear interpolation between
// the two samples around t. Before the first sample time the first value
// holds; after the last sample time the waveform is extrapolated linearly
// from the last two samples (a single sample holds). This is NEURON's
// VecPlayContinuous (8.2 and 9): the value is x0 + (x1-x0)*(t-t0)/(t1-t0).
// As an IClamp of delay Start and duration Stop-Start, the current flows
// only while Start <= t < Stop (Stop zero: to the end of the run).
//
// The samples lie on one time grid shared by every waveform: Times, or,
// when Times is nil, the uniform grid t_j = Start0 + j*Interval
// (j = 0 .. NumSamples-1), which is what numpy.arange(Start0, stop,
// Interval) gives and needs no memory.
//
// Waveforms are either stored, Samples[w] (float32, in units of Unit), or
// generated on demand by Generate, for waveforms too long to hold, such as
// per-cell noise over a long run: the engine then keeps a short window of
// each receiver's samples and asks Generate for the next block when the run
// reaches it. Generate must be a pure function of (w, j) and safe for
// concurrent use: workers call it for their own receivers, in blocks whose
// boundaries depend on the number of threads. Several receivers may share a
// waveform through Wave.
type PlayedCurrent struct {
	// Name names the stimulus in messages (for example "init_noise").
	Name   string
	Target *Population
	// Neurons lists the receiving neurons (indices in Target); nil means
	// every neuron of Target, neuron k being receiver k.
	Neurons []int

	// Times are the sample times (s), finite and strictly increasing. If
	// nil, the grid is uniform: Start0 + j*Interval for j < NumSamples.
	Times    []float64
	Start0   float64 // time of sample 0 of a uniform grid (s)
	Interval float64 // spacing of a uniform grid (s), > 0

	// Samples[w] is waveform w, one value per sample time, in units of
	// Unit; each must be finite. Leave nil when Generate is set.
	Samples [][]float32
	// Generate, if set instead of Samples, writes samples j0 ..
	// j0+len(dst)-1 of waveform w into dst (units of Unit), for the
	// NumWaves waveforms.
	Generate func(w, j0 int, dst []float32)
	NumWaves int
	// NumSamples is the length of a uniform grid; with Samples, zero
	// means len(Samples[0]). Times gives its own length.
	NumSamples int

	// Wave[k] is the waveform receiver k plays; nil means waveform k,
	// which needs one waveform per receiver.
	Wave []int32

	// Unit is the current (A, positive depolarising) of one sample unit;
	// zero means 1 A. sim.Nanoamp takes samples in nA, as NEURON's IClamp.
	Unit float64

	// Start and Stop (s) bound when the current flows: Start <= t < Stop;
	// Stop zero means no end.
	Start, Stop float64
}

func (c *PlayedCurrent) describe() string {
	return fmt.Sprintf("PlayedCurrent %q on %s", c.Name, name(c.Target))
}

// numSamples returns the length of the time grid.
func (c *PlayedCurrent) numSamples() int {
	switch {
	case c.Times != nil:
		return len(c.Times)
	case c.Samples != nil && c.NumSamples == 0 && len(c.Samples) > 0:
		return len(c.Samples[0])
	}
	return c.NumSamples
}

func (c *PlayedCurrent) numWaves() int {
	if c.Generate != nil {
		return c.NumWaves
	}
	return len(c.Samples)
}

func (c *PlayedCurrent) receivers() int {
	if c.Neurons != nil {
		return len(c.Neurons)
	}
	return c.Target.N
}

func (c *PlayedCurrent) validate(net *Network) error {
	if c.Target == nil || !net.member(c.Target) {
		return fmt.Errorf("target population not in the network")
	}
	if _, ok := c.Target.Model.(CurrentTaker); !ok {
		return fmt.Errorf("model %s of %q takes no injected current", c.Target.Model.ModelName(), c.Target.Name)
	}
	if err := checkIndices(c.Neurons, c.Target); err != nil {
		return err
	}
	if math.IsNaN(c.Unit) || math.IsInf(c.Unit, 0) || c.Unit < 0 {
		return fmt.Errorf("Unit = %g A, want a positive current (or 0 for 1 A)", c.Unit)
	}
	if c.Start < 0 || (c.Stop != 0 && c.Stop < c.Start) || math.IsNaN(c.Start) || math.IsNaN(c.Stop) || math.IsInf(c.Start, 0) {
		return fmt.Errorf("Start = %g s, Stop = %g s: want 0 <= Start <= Stop (or Stop 0 for no end)", c.Start, c.Stop)
	}
	// The time grid.
	n := c.numSamples()
	if c.Times != nil {
		if c.Interval != 0 || c.Start0 != 0 {
			return fmt.Errorf("both Times and a uniform grid (Start0 = %g s, Interval = %g s) given, want one", c.Start0, c.Interval)
		}
		for j, t := range c.Times {
			if math.IsNaN(t) || math.IsInf(t, 0) {
				return fmt.Errorf("Times[%d] = %g s, want finite times", j, t)
			}
			if j > 0 && !(t > c.Times[j-1]) {
				return fmt.Errorf("Times[%d] = %g s after Times[%d] = %g s, want strictly increasing times", j, t, j-1, c.Times[j-1])
			}
		}
	} else {
		if !(c.Interval > 0) || math.IsInf(c.Interval, 0) {
			return fmt.Errorf("Interval = %g s, want a positive sample spacing (or Times)", c.Interval)
		}
		if math.IsNaN(c.Start0) || math.IsInf(c.Start0, 0) {
			return fmt.Errorf("Start0 = %g s, want a finite time", c.Start0)
		}
	}
	if n < 1 {
		return fmt.Errorf("%d sample times, want at least 1", n)
	}
	if c.Times == nil && c.NumSamples != 0 && c.Samples != nil && len(c.Samples) > 0 && c.NumSamples != len(c.Samples[0]) {
		return fmt.Errorf("NumSamples = %d but Samples[0] has %d values", c.NumSamples, len(c.Samples[0]))
	}
	// The waveforms.
	switch {
	case c.Generate != nil && c.Samples != nil:
		return fmt.Errorf("both Samples and Generate given, want one")
	case c.Generate == nil && c.Samples == nil:
		return fmt.Errorf("no waveform: want Samples or Generate")
	case c.Generate != nil:
		if c.NumWaves < 1 {
			return fmt.Errorf("NumWaves = %d with Generate, want >= 1", c.NumWaves)
		}
		if c.Times == nil && c.NumSamples < 1 {
			return fmt.Errorf("NumSamples = %d with Generate, want >= 1", c.NumSamples)
		}
	default:
		for w, s := range c.Samples {
			if len(s) != n {
				return fmt.Errorf("Samples[%d] has %d values, want %d (one per sample time)", w, len(s), n)
			}
			for j, x := range s {
				if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
					return fmt.Errorf("Samples[%d][%d] = %g, want finite values", w, j, x)
				}
			}
		}
	}
	nw, nr := c.numWaves(), c.receivers()
	if c.Wave == nil {
		if nw != nr {
			return fmt.Errorf("%d waveforms for %d receiving neurons and no Wave mapping, want one waveform per neuron", nw, nr)
		}
		return nil
	}
	if len(c.Wave) != nr {
		return fmt.Errorf("Wave has %d entries for %d receiving neurons, want one per neuron", len(c.Wave), nr)
	}
	for k, w := range c.Wave {
		if w < 0 || int(w) >= nw {
			return fmt.Errorf("Wave[%d] = %d, want a waveform index in [0, %d)", k, w, nw)
		}
	}
	return nil
}

// playBlock is the number of samples of a generated waveform kept per
// receiver.
const playBlock = 256

// playedInst is a PlayedCurrent instantiated: its receivers by worker and,
// for generated waveforms, each receiver's window of samples.
type playedInst struct {
	c     *PlayedCurrent
	n     int     // samples per waveform
	unit  float64 // A per sample unit
	recv  []int32 // neuron of receiver k
	wave  []int32 // waveform of receiver k
	own   [][]int32
	win   [][]float32 // generated: window of receiver k
	base  []int       // generated: first sample in the windows of worker t
	valid []bool      // generated: worker t's windows are filled
}

// newPlayedInst prepares c for a population of n neurons split as lo, hi
// between workers; pos maps neurons to their state-array positions (nil:
// the same; -1: another rank's neuron).
func newPlayedInst(c *PlayedCurrent, lo, hi []int, pos func(int) int) *playedInst {
	p := &playedInst{c: c, n: c.numSamples(), unit: c.Unit}
	if p.unit == 0 {
		p.unit = 1
	}
	nr := c.receivers()
	p.recv = make([]int32, nr)
	p.wave = make([]int32, nr)
	for k := range p.recv {
		p.recv[k] = int32(k)
		if c.Neurons != nil {
			p.recv[k] = int32(c.Neurons[k])
		}
		if pos != nil {
			p.recv[k] = int32(pos(int(p.recv[k])))
		}
		p.wave[k] = int32(k)
		if c.Wave != nil {
			p.wave[k] = c.Wave[k]
		}
	}
	T := len(lo)
	p.own = make([][]int32, T)
	for k, i := range p.recv {
		for t := 0; t < T; t++ {
			if int(i) >= lo[t] && int(i) < hi[t] {
				p.own[t] = append(p.own[t], int32(k))
			}
		}
	}
	if c.Generate != nil {
		p.win = make([][]float32, nr)
		p.base = make([]int, T)
		p.valid = make([]bool, T)
	}
	return p
}

// sampleTime returns the time of sample j.
func (p *playedInst) sampleTime(j int) float64 {
	if p.c.Times != nil {
		return p.c.Times[j]
	}
	return p.c.Start0 + float64(j)*p.c.Interval
}

// locate returns the samples j0, j1 and the weight th of the value at time
// t, x(j0) + (x(j1)-x(j0))*th, as NEURON's VecPlayContinuous::interpolate.
func (p *playedInst) locate(t float64) (j0, j1 int, th float64) {
	n := p.n
	if n == 1 || t <= p.sampleTime(0) {
		return 0, 0, 0
	}
	var j int // the sample at or before t
	if t >= p.sampleTime(n-1) {
		j = n - 2 // extrapolate from the last two samples
	} else if p.c.Times != nil {
		j = sort.SearchFloat64s(p.c.Times, t) // first Times[j] >= t
		if p.c.Times[j] > t {
			j--
		}
	} else {
		j = int(math.Floor((t - p.c.Start0) / p.c.Interval))
		j = min(max(j, 0), n-2)
		for j > 0 && p.sampleTime(j) > t {
			j--
		}
		for j < n-2 && p.sampleTime(j+1) <= t {
			j++
		}
	}
	j = min(j, n-2)
	t0, t1 := p.sampleTime(j), p.sampleTime(j+1)
	return j, j + 1, (t - t0) / (t1 - t0)
}

// add adds the played currents at time t (s) of worker w's receivers to
// iext (A).
func (p *playedInst) add(iext []float64, t float64, w int) {
	c := p.c
	if t < c.Start || (c.Stop != 0 && t >= c.Stop) {
		return
	}
	own := p.own[w]
	if len(own) == 0 {
		return
	}
	j0, j1, th := p.locate(t)
	unit := p.unit
	if c.Generate == nil {
		for _, k := range own {
			s := c.Samples[p.wave[k]]
			x0, x1 := float64(s[j0]), float64(s[j1])
			iext[p.recv[k]] += (x0 + (x1-x0)*th) * unit
		}
		return
	}
	b := p.base[w]
	if !p.valid[w] || j0 < b || j1 >= b+playBlock {
		b = j0
		m := min(playBlock, p.n-b)
		for _, k := range own {
			if p.win[k] == nil {
				p.win[k] = make([]float32, min(playBlock, p.n))
			}
			c.Generate(int(p.wave[k]), b, p.win[k][:m])
		}
		p.base[w], p.valid[w] = b, true
	}
	for _, k := range own {
		s := p.win[k]
		x0, x1 := float64(s[j0-b]), float64(s[j1-b])
		iext[p.recv[k]] += (x0 + (x1-x0)*th) * unit
	}
}

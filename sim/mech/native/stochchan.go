package native

import (
	"fmt"
	"math"
	"slices"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/random123"
)

// stochChannel is what StochKv and StochKv3 share: a Random123 stream per
// instance (the .mod files' setRNG and urand), their binomial deviate
// BnlDev, and NEURON's TABLE of their rate procedure.
type stochChannel struct {
	n           int
	streams     []*random123.Stream
	globalIndex uint32
	// branches counts BnlDev's draws by method: Bernoulli trials (fewer
	// than 25 channels), product of uniforms, rejection.
	branches [3]int
	usetable float64
	tab      rateTable
}

func newStochChannel(n int) stochChannel {
	return stochChannel{n: n, streams: make([]*random123.Stream, n), usetable: 1}
}

// SetRNG gives instance k the Random123 stream (id1, id2, id3) (missing
// identifiers are 0), as the .mod files' setRNG(id1, id2, id3);
// neurodamus's re_init_rng calls it with (ionchannel_seed, channel_index,
// raw_gid + 1). The stream restarts at sequence 0 at every Init, under the
// global index of SetGlobalIndex. Without a stream every draw is 0, as
// the .mod's urand.
func (c *stochChannel) SetRNG(k int, ids ...uint32) error {
	if k < 0 || k >= c.n {
		return fmt.Errorf("native: SetRNG: instance %d of %d", k, c.n)
	}
	if len(ids) < 1 || len(ids) > 3 {
		return fmt.Errorf("native: SetRNG: %d identifiers, want 1 to 3", len(ids))
	}
	var id [3]uint32
	copy(id[:], ids)
	c.streams[k] = random123.NewStream(id[0], id[1], id[2], c.globalIndex)
	return nil
}

// CallProcedure calls the .mod's setRNG on instance k (morph's
// MechanismCaller: a template's setdata_StochKv3(x) setRNG_StochKv3(...)),
// the arguments being the stream's identifiers.
func (c *stochChannel) CallProcedure(k int, name string, args []float64) error {
	if name != "setRNG" {
		return fmt.Errorf("native: no procedure %s (setRNG is)", name)
	}
	if len(args) == 0 {
		if k < 0 || k >= c.n {
			return fmt.Errorf("native: setRNG: instance %d of %d", k, c.n)
		}
		c.ClearRNG(k)
		return nil
	}
	ids := make([]uint32, len(args))
	for i, a := range args {
		if !(a >= 0 && a < 1<<32) {
			return fmt.Errorf("native: setRNG: argument %d = %g, want a number in [0, 2^32)", i+1, a)
		}
		ids[i] = uint32(math.Trunc(a)) // the .mod's (uint32_t) cast

	}
	return c.SetRNG(k, ids...)
}

// ClearRNG removes instance k's stream (setRNG without arguments).
func (c *stochChannel) ClearRNG(k int) { c.streams[k] = nil }

// Stream returns instance k's stream, or nil.
func (c *stochChannel) Stream(k int) *random123.Stream { return c.streams[k] }

// SetGlobalIndex sets the Random123 global index (NEURON's
// Random123_globalindex) of the streams, from the next Init.
func (c *stochChannel) SetGlobalIndex(gix uint32) { c.globalIndex = gix }

// BranchCounts returns the number of binomial draws since Init by
// method: Bernoulli trials, product of uniforms, rejection.
func (c *stochChannel) BranchCounts() [3]int { return c.branches }

// initStream is the INITIAL's nrnran123_setseq(rng, 0, 0).
func (c *stochChannel) initStream(k int) {
	if s := c.streams[k]; s != nil {
		s.SetGlobalIndex(c.globalIndex)
		s.SetSeq(0, 0)
	}
}

// urand is the .mod's urand(): nrnran123_dblpick, 0 without a stream.
func (c *stochChannel) urand(k int) float64 {
	if s := c.streams[k]; s != nil {
		return s.Float64()
	}
	return 0
}

// bnlPi is the .mod's PI.
const bnlPi = 3.141592654

// bnlDev is the .mod's BnlDev(ppr, nnr): a binomial deviate of nnr
// trials of probability ppr (Numerical Recipes' bnldev, with its
// quirks): Bernoulli trials below 25, the product of uniforms for a mean
// below 1, otherwise rejection from a Lorentzian, which draws two
// uniforms per angle and keeps the second.
func (c *stochChannel) bnlDev(k int, ppr, nnr float64) float64 {
	p := ppr
	if ppr > 0.5 {
		p = 1.0 - ppr
	}
	am := nnr * p
	var bnl float64
	switch {
	case nnr < 25:
		c.branches[0]++
		for j := 1.0; j <= nnr; j++ {
			if c.urand(k) < p {
				bnl += 1.0
			}
		}
	case am < 1.0:
		c.branches[1]++
		g := math.Exp(-am)
		bt := 1.0
		j := 0.0
		for ; j <= nnr; j++ {
			bt *= c.urand(k)
			if bt < g {
				break
			}
		}
		bnl = min(j, nnr)
	default:
		c.branches[2]++
		en := nnr
		oldg := gammln(en + 1.0)
		pc := 1.0 - p
		plog := random123.Log(p)
		pclog := random123.Log(pc)
		sq := math.Sqrt(float64(2.0*am) * pc)
		var em float64
		for {
			var y float64
			for {
				_ = bnlPi * c.urand(k)
				angle := bnlPi * c.urand(k)
				y = math.Tan(angle)
				em = float64(sq*y) + am
				if !(em < 0.0 || em >= en+1.0) {
					break
				}
			}
			em = math.Floor(em)
			x := float64(oldg-gammln(em+1.0)) - gammln(en-em+1.0)
			x = float64(x+float64(em*plog)) + float64((en-em)*pclog)
			bt := float64(float64(1.2*sq)*float64(1.0+float64(y*y))) * math.Exp(x)
			if !(c.urand(k) > bt) {
				break
			}
		}
		bnl = em
	}
	if p != ppr {
		bnl = nnr - bnl
	}
	return bnl
}

// gammlnCof are the .mod's gammln coefficients.
var gammlnCof = [6]float64{76.18009173, -86.50532033, 24.01409822,
	-1.231739516, 0.120858003e-2, -0.536382e-5}

// gammln is the .mod's gammln: ln Gamma(xx) by Lanczos' series, with
// correctly rounded logarithms (random123.Log), as glibc's log.
func gammln(xx float64) float64 {
	x := xx - 1.0
	tmp := x + 5.5
	tmp -= float64(float64(x+0.5) * random123.Log(tmp))
	ser := 1.0
	for _, c := range gammlnCof {
		x += 1.0
		ser += c / x
	}
	return -tmp + random123.Log(2.50662827465*ser)
}

// strap is the .mod's strap: negative values are 0.
func strap(x float64) float64 {
	if x < 0.0 {
		return 0.0
	}
	return x
}

// rateTable is NEURON's TABLE of a one-argument PROCEDURE FROM lo TO hi
// WITH 199: 200 points x = lo, lo + dx, ... (x accumulated by += dx),
// interpolated linearly, the end values outside; rebuilt when a DEPEND
// value changes (NEURON checks with the first instance's values, at
// finitialize and at every step).
type rateTable struct {
	ok         bool
	dep        []float64
	tmin, mfac float64
	cols       [][200]float64
}

const tablePoints = 200

// check rebuilds the table over [lo, hi] with f (which writes the
// tabulated values of x into out) when dep differs from the last build.
func (tb *rateTable) check(dep []float64, lo, hi float64, ncol int, f func(x float64, out []float64)) {
	if tb.ok && slices.Equal(tb.dep, dep) {
		return
	}
	tb.cols = make([][200]float64, ncol)
	tb.tmin = lo
	dx := (hi - lo) / float64(tablePoints-1)
	tb.mfac = 1.0 / dx
	out := make([]float64, ncol)
	x := lo
	for i := range tablePoints {
		f(x, out)
		for j := range ncol {
			tb.cols[j][i] = out[j]
		}
		x += dx
	}
	tb.ok, tb.dep = true, append(tb.dep[:0], dep...)
}

// lookup writes the interpolated values at v into out.
func (tb *rateTable) lookup(v float64, out []float64) {
	xi := tb.mfac * (v - tb.tmin)
	switch {
	case math.IsNaN(xi):
		for j := range out {
			out[j] = xi
		}
	case xi <= 0:
		for j := range out {
			out[j] = tb.cols[j][0]
		}
	case xi >= tablePoints-1:
		for j := range out {
			out[j] = tb.cols[j][tablePoints-1]
		}
	default:
		i := int(xi)
		theta := xi - float64(i)
		for j := range out {
			c := &tb.cols[j]
			out[j] = c[i] + float64(theta*(c[i+1]-c[i]))
		}
	}
}

// kCurrent is nrn_cur of a channel writing ik: cur(v) sets ik and gk of
// instance k at v and returns ik; the slope is the 0.001 mV difference,
// for the total and for the ion.
func kCurrent(e *mech.Env, ion *mech.Ion, k int, cur func(v float64) float64) {
	v := e.V[k]
	g := cur(v + .001)
	dik := g
	rhs := cur(v)
	ion.DIDV[k] += (dik - rhs) / .001
	g = (g - rhs) / .001
	ion.I[k] += rhs
	e.I[k] += rhs
	e.G[k] += g
}

package random123

import "math"

// Log returns the natural logarithm of x rounded to the nearest double,
// as glibc's log (which NEURON's distributions call) returns it: Go's
// math.Log, accurate to 1 ulp, differs from it in the last bit for a few
// percent of arguments, which breaks the bit-exact contract of NegExp and
// Normal. Log evaluates ln x in double-double arithmetic (about 100
// bits) and rounds once.
func Log(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 1) {
		return math.Log(x)
	}
	m, e := math.Frexp(x) // x = m 2^e, m in [0.5, 1)
	if m < math.Sqrt2/2 {
		m *= 2
		e--
	}
	// ln m = ln(1 + f) = 2 atanh(s), s = f/(2 + f), |s| < 0.172.
	f := m - 1 // exact (Sterbenz)
	s := ddDiv(dd{f, 0}, twoSum(2, f))
	z := ddMul(s, s)
	// P(z) = sum z^k/(2k + 1), k = 0, 1, ...: z^k/(2k+1) < 2^-106 by k = 22.
	p := dd{}
	for k := 22; k >= 0; k-- {
		p = ddAdd(ddMul(p, z), ddRecip(float64(2*k+1)))
	}
	lnm := ddMul(ddMul(s, p), dd{2, 0})
	fe := float64(e)
	hi, lo := twoProd(fe, math.Ln2)
	eln2 := ddAdd(dd{hi, lo}, dd{fe * ln2Lo, 0})
	r := ddAdd(eln2, lnm)
	return r.hi + r.lo
}

// ln2Lo is ln 2 - math.Ln2.
const ln2Lo = 2.319046813846299558e-17

// dd is a double-double value hi + lo, |lo| <= ulp(hi)/2.
type dd struct{ hi, lo float64 }

func twoSum(a, b float64) dd {
	s := a + b
	bb := s - a
	return dd{s, (a - (s - bb)) + (b - bb)}
}

func quickTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

func twoProd(a, b float64) (hi, lo float64) {
	hi = a * b
	return hi, math.FMA(a, b, -hi)
}

func ddAdd(a, b dd) dd {
	s := twoSum(a.hi, b.hi)
	t := twoSum(a.lo, b.lo)
	s.lo += t.hi
	s = quickTwoSum(s.hi, s.lo)
	s.lo += t.lo
	return quickTwoSum(s.hi, s.lo)
}

func ddMul(a, b dd) dd {
	hi, lo := twoProd(a.hi, b.hi)
	lo += a.hi*b.lo + a.lo*b.hi
	return quickTwoSum(hi, lo)
}

// ddDiv returns a/b to about 100 bits (two correction steps).
func ddDiv(a, b dd) dd {
	q1 := a.hi / b.hi
	r := ddAdd(a, ddMul(b, dd{-q1, 0}))
	q2 := r.hi / b.hi
	r = ddAdd(r, ddMul(b, dd{-q2, 0}))
	q3 := r.hi / b.hi
	q := quickTwoSum(q1, q2)
	return ddAdd(q, dd{q3, 0})
}

// ddRecip returns 1/n for a small integer n.
func ddRecip(n float64) dd {
	return ddDiv(dd{1, 0}, dd{n, 0})
}

package units

import (
	"math"
	"strconv"
	"strings"
)

// NumDims is the number of base dimensions: those of nrnunits.lib, m, kg,
// sec, coul, candela, dollar, (an unnamed seventh), bit, erlang and K.
const NumDims = 10

// Unit is a unit reduced to the base units: a magnitude (Factor; 1e-3
// for the millivolt, whose base is m2-kg/sec2-coul) and the exponent of
// each base dimension.
//
// A unit whose first exponent is 9 (m9, modlunit's way of writing "any
// unit") is a wildcard: it conforms to every unit.
type Unit struct {
	Factor float64
	Dim    [NumDims]int8
}

// One is the dimensionless unit 1.
var One = Unit{Factor: 1}

// Wildcard reports whether u conforms to every unit (m9).
func (u Unit) Wildcard() bool { return u.Dim[0] == 9 }

// Dimensionless reports whether every exponent of u is 0 (u may still
// have a factor: the conversion factor (1000) is 1/1000).
func (u Unit) Dimensionless() bool { return u.Dim == [NumDims]int8{} }

// Mul returns u*v.
func (u Unit) Mul(v Unit) Unit {
	for i := range u.Dim {
		u.Dim[i] += v.Dim[i]
	}
	u.Factor *= v.Factor
	return u
}

// Div returns u/v.
func (u Unit) Div(v Unit) Unit {
	for i := range u.Dim {
		u.Dim[i] -= v.Dim[i]
	}
	u.Factor /= v.Factor
	return u
}

// Pow returns u^n for n >= 0, as modlunit computes it: the exponents
// times n, the factor multiplied by itself n-1 times (so u^0 keeps the
// factor of u).
func (u Unit) Pow(n int) Unit {
	f := u.Factor
	for i := range u.Dim {
		u.Dim[i] *= int8(n)
	}
	for i := 1; i < n; i++ {
		u.Factor *= f
	}
	return u
}

// SameDims reports whether u and v have the same exponents.
func (u Unit) SameDims(v Unit) bool { return u.Dim == v.Dim }

// Tolerance is the relative difference of two factors that modlunit
// takes as equal.
const Tolerance = 1e-5

// SameFactor reports whether the factors of u and v agree within
// Tolerance (relative to u's).
func (u Unit) SameFactor(v Unit) bool {
	return !(math.Abs(v.Factor/u.Factor-1) > Tolerance)
}

// Rounded returns u with its factor rounded to 6 significant digits, as
// modlunit keeps the unit a LOCAL variable takes from an assignment.
func (u Unit) Rounded() Unit {
	f, err := strconv.ParseFloat(strconv.FormatFloat(u.Factor, 'g', 6, 64), 64)
	if err == nil {
		u.Factor = f
	}
	return u
}

// format writes u as modlunit prints a unit: the factor as C's %g with
// the exponent's "e" left out (1-06 for 1e-06), a space, then the base
// units of positive exponents joined by "-", "/" and those of negative
// exponents: "0.001 m2-kg/sec2-coul" for the millivolt, "1000 /sec" for
// 1/ms. names are the base units' names ("" where unnamed).
func format(u Unit, names *[NumDims]string) string {
	var b strings.Builder
	b.WriteString(strings.Replace(cFormatG(u.Factor), "e", "", 1))
	b.WriteByte(' ')
	neg := false
	sep := false
	for i, d := range u.Dim {
		if d < 0 {
			neg = true
		}
		if d > 0 {
			writeDim(&b, i, d, names, &sep)
		}
	}
	if neg {
		b.WriteByte('/')
		sep = false
		for i, d := range u.Dim {
			if d < 0 {
				writeDim(&b, i, -d, names, &sep)
			}
		}
	}
	return b.String()
}

func writeDim(b *strings.Builder, i int, d int8, names *[NumDims]string, sep *bool) {
	if *sep {
		b.WriteByte('-')
	}
	*sep = true
	if names[i] != "" {
		b.WriteString(names[i])
	} else {
		b.WriteString("*" + string(rune('a'+i)) + "*")
	}
	if d > 1 {
		b.WriteByte(byte('0' + d))
	}
}

// cFormatG formats f as C's printf("%g"): 6 significant digits, trailing
// zeros removed, an exponent of at least two digits.
func cFormatG(f float64) string {
	if f == 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.FormatFloat(f, 'g', 6, 64)
	}
	exp := int(math.Floor(math.Log10(math.Abs(f))))
	// The exponent after rounding to 6 digits.
	r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'e', 5, 64), 64)
	if r != 0 {
		exp = int(math.Floor(math.Log10(math.Abs(r))))
	}
	if exp < -4 || exp >= 6 {
		s := strconv.FormatFloat(f, 'e', 5, 64)
		mant, e, _ := strings.Cut(s, "e")
		if strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		sign := e[0]
		digits := strings.TrimLeft(e[1:], "0")
		for len(digits) < 2 {
			digits = "0" + digits
		}
		return mant + "e" + string(sign) + digits
	}
	s := strconv.FormatFloat(f, 'f', 5-exp, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

package units

import "testing"

// FuzzUnits parses arbitrary unit expressions: an error or a unit, never
// a panic, and the unit prints.
func FuzzUnits(f *testing.F) {
	for _, s := range []string{"", "1", "mA/cm2", "/ms", "k-mole", "joule/degC", "1.6-19 coul", "1|3 sec", "m9", "micron4/ms", "2-", "|", "-/-", "cm99", "millimicrosecs"} {
		f.Add(s)
	}
	db := Builtin()
	_ = db.Define("mV", "millivolt")
	f.Fuzz(func(t *testing.T, s string) {
		u, err := db.Parse(s)
		if err != nil {
			return
		}
		_ = db.Format(u)
		c := db.Clone()
		_ = c.Define("x", s)
	})
}

package units

import (
	"strings"
	"sync"
)

// builtinLib is Golgi's own table of the units the reference .mod files
// and NEURON's checks use, each written directly in base units in
// nrnunits.lib's format, with NEURON's values (the 2019 SI constants).
// TestBuiltinAgreesWithLib checks every entry against nrnunits.lib
// where it is installed. A name that is not here is unknown, as it is to
// modlunit when nrnunits.lib lacks it (mV, mM, S, uS, um, ...: a .mod
// file defines those in its UNITS block).
const builtinLib = `
/ base units (their names are how units are printed)
m		*a*
kg		*b*
sec		*c*
coul		*d*
candela		*e*
dollar		*f*
bit		*h*
erlang		*i*
K		*j*

/ time
s		sec
second		sec
ms		1-3 sec
us		1-6 sec
minute		60 sec
hertz		/sec
hz		/sec

/ length, volume, mass
meter		m
cm		1-2 m
micron		1-6 m
cc		1-6 m3
liter		1-3 m3
gram		1-3 kg

/ dimensionless numbers
fuzz		1
pi		3.14159265358979323846
mole		6.02214076+23

/ mechanics and electricity
newton		m-kg/sec2
joule		m2-kg/sec2
watt		m2-kg/sec3
e		1.602176634-19 coul
coulomb		coul
C		coul
ampere		coul/sec
amp		coul/sec
volt		m2-kg/sec2-coul
V		m2-kg/sec2-coul
ohm		m2-kg/sec-coul2
mho		sec-coul2/m2-kg
siemens		sec-coul2/m2-kg
farad		sec2-coul2/m2-kg

/ temperature and the constants of NEURON's UNITS blocks
kelvin		K
degC		K
k		1.380649-23 m2-kg/sec2-K
faraday		96485.33212331001 coul
`

var (
	builtinOnce sync.Once
	builtinDB   *DB
)

// Builtin returns Golgi's built-in unit database: the units the
// reference .mod files use and NEURON requires, with nrnunits.lib's
// values, for machines without NEURON. Each call returns a new copy.
func Builtin() *DB {
	builtinOnce.Do(func() {
		db, err := ParseLib(strings.NewReader(builtinLib))
		if err != nil {
			panic("units: the built-in table: " + err.Error())
		}
		builtinDB = db
	})
	return builtinDB.Clone()
}

// builtinNames returns the names the built-in table defines.
func builtinNames() []string {
	var out []string
	for _, l := range strings.Split(builtinLib, "\n") {
		f := strings.Fields(l)
		if len(f) >= 2 && !strings.HasPrefix(l, "/") {
			out = append(out, f[0])
		}
	}
	return out
}

package units_test

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim/nmodl"
	"github.com/golgi-sim/golgi/sim/nmodl/units"
)

func Example() {
	src := `NEURON { SUFFIX leak NONSPECIFIC_CURRENT i RANGE g, e }
UNITS { (mV) = (millivolt) (mA) = (milliamp) }
PARAMETER { g = 0.001 (mho/cm2) e = -65 (mV) tau = 10 }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { m }
BREAKPOINT { SOLVE states METHOD cnexp  i = g*(v - e) }
DERIVATIVE states { m' = (1 - m)/tau }
`
	f, err := nmodl.Parse("leak.mod", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(units.Check(f, units.Builtin()))

	db := units.Builtin()
	u, _ := db.Parse("milliamp/cm2")
	fmt.Println(db.Format(u))
	// Output:
	// leak.mod:7:34: m' = (1 - m)/tau: the units of the previous two expressions are not conformable: 1 and 1000 /sec
	// 10 coul/m2-sec
}

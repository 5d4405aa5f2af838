package nmodl

import (
	"errors"
	"fmt"
	"testing"
)

// TestIonReloads checks which VERBATIM blocks are harmless copies of ion
// variables (MiV's ch_CavL: cai=_ion_cai; at the end of INITIAL) and
// which stay refused.
func TestIonReloads(t *testing.T) {
	for _, tc := range []struct {
		name, initial string
		ok            bool
	}{
		{"after unrelated statements", "m = 1\nVERBATIM\n\tcai=_ion_cai;\nENDVERBATIM", true},
		{"two copies, a comment", "VERBATIM\n/* reload */ cai = _ion_cai; cao=_ion_cao;\nENDVERBATIM", true},
		{"after an assignment", "cai = 2\nVERBATIM\ncai=_ion_cai;\nENDVERBATIM", false},
		{"after a procedure assigning it", "setc()\nVERBATIM\ncai=_ion_cai;\nENDVERBATIM", false},
		{"another variable", "VERBATIM\ncai=_ion_cao;\nENDVERBATIM", false},
		{"an ion variable not read", "VERBATIM\nnai=_ion_nai;\nENDVERBATIM", false},
		{"other C code", "VERBATIM\ncai=_ion_cai; printf(\"x\");\nENDVERBATIM", false},
	} {
		src := fmt.Sprintf(`NEURON { SUFFIX t USEION ca READ cai, cao WRITE ica RANGE m }
STATE { m }
ASSIGNED { cai (mM) cao (mM) ica (mA/cm2) v (mV) }
BREAKPOINT { ica = m*(v - 50) }
INITIAL {
%s
}
PROCEDURE setc() { cai = 3 }
`, tc.initial)
		f, err := Parse("t.mod", []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		_, err = Generate(f, "t")
		var u *Unsupported
		switch {
		case tc.ok && err != nil:
			t.Errorf("%s: refused: %v", tc.name, err)
		case !tc.ok && !errors.As(err, &u):
			t.Errorf("%s: %v, want a VERBATIM refusal", tc.name, err)
		}
	}
}

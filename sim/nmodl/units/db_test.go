package units

import (
	"math"
	"os"
	"testing"
)

func TestBuiltinAgreesWithLib(t *testing.T) {
	if _, err := os.Stat(SystemLib); err != nil {
		t.Skipf("no %s (NEURON not installed)", SystemLib)
	}
	lib, err := Load(SystemLib)
	if err != nil {
		t.Fatal(err)
	}
	b := Builtin()
	for _, name := range builtinNames() {
		want, ok := lib.Lookup(name)
		if !ok {
			t.Errorf("%s: not in %s", name, SystemLib)
			continue
		}
		got, _ := b.Lookup(name)
		if got.Dim != want.Dim || math.Abs(got.Factor/want.Factor-1) > 1e-12 {
			t.Errorf("%s: built-in %s (%g), nrnunits.lib %s (%g)", name, b.Format(got), got.Factor, lib.Format(want), want.Factor)
		}
	}
	if b.names != lib.names {
		t.Errorf("base unit names: built-in %q, nrnunits.lib %q", b.names, lib.names)
	}
}

func TestParse(t *testing.T) {
	db := Builtin()
	for _, tc := range []struct {
		expr string
		want string // as modlunit prints it
	}{
		{"", "1 "},
		{"1", "1 "},
		{"millivolt", "0.001 m2-kg/sec2-coul"},
		{"milliamp/cm2", "10 coul/m2-sec"},
		{"/ms", "1000 /sec"},
		{"1/ms", "1000 /sec"},
		{"degC", "1 K"},
		{"k-mole", "8.31446 m2-kg/sec2-K"},
		{"joule/degC", "1 m2-kg/sec2-K"},
		{"faraday", "96485.3 coul"},
		{"coulombs", "1 coul"},
		{"micron2", "1-12 m2"},
		{"micron4/ms", "1-21 m4/sec"},
		{"milli/liter", "1 /m3"},
		{"umho", ""},
		{"mV", ""},
		{"1.6-19 coul", "1.6-19 coul"},
		{"1|4 sec", "0.25 sec"},
		{"megohm", "1+06 m2-kg/sec-coul2"},
		{"m9", "1 m9"},
	} {
		u, err := db.Parse(tc.expr)
		if tc.want == "" {
			if _, ok := errUnknown(err); !ok {
				t.Errorf("Parse(%q) = %s, %v; want an unknown unit", tc.expr, db.Format(u), err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.expr, err)
			continue
		}
		if got := db.Format(u); got != tc.want {
			t.Errorf("Parse(%q) = %q, want %q", tc.expr, got, tc.want)
		}
	}
}

func TestDefine(t *testing.T) {
	db := Builtin()
	if err := db.Define("mV", "millivolt"); err != nil {
		t.Fatal(err)
	}
	if err := db.Define("mV", "volt"); err == nil {
		t.Error("redefining mV: no error")
	}
	u, err := db.Parse("mV/ms")
	if err != nil || db.Format(u) != "1 m2-kg/sec3-coul" {
		t.Errorf("mV/ms = %s, %v", db.Format(u), err)
	}
	if _, ok := Builtin().Lookup("mV"); ok {
		t.Error("Define changed the built-in table")
	}
}

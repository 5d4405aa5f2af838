package mech

import "testing"

func TestCutMechSuffix(t *testing.T) {
	for _, tc := range []struct {
		name, mech, want string
		ok               bool
	}{
		{"m_NaTs2_t", "NaTs2_t", "m", true},
		{"ca[2]_cadifus", "cadifus", "ca[2]", true},
		{"ca_cadifus[2]", "cadifus", "ca[2]", true},
		{"ca_cadifus[12]", "cadifus", "ca[12]", true},
		{"ca_mcd[2]", "cadifus", "", false},
		{"_cadifus[2]", "cadifus", "", false},
		{"ca_cadifus[2", "cadifus", "", false},
		{"cai", "cadifus", "", false},
	} {
		got, ok := CutMechSuffix(tc.name, tc.mech)
		if got != tc.want || ok != tc.ok {
			t.Errorf("CutMechSuffix(%q, %q) = %q, %v, want %q, %v", tc.name, tc.mech, got, ok, tc.want, tc.ok)
		}
	}
}

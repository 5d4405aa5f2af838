package spec

import (
	"strings"
	"testing"
)

// TestSimsObject checks the order, the sim_num keys and the errors of a
// "sims" object.
func TestSimsObject(t *testing.T) {
	for _, tc := range []struct {
		data string
		nums []int
		err  string
	}{
		{`{"10": {"a": 1}, "2": {}, "0": {}}`, []int{0, 2, 10}, ""},
		{`{}`, nil, "no simulations"},
		{`[1]`, nil, "want a JSON object"},
		{`{"01": {}}`, nil, `"01" is not a sim_num`},
		{`{"-1": {}}`, nil, `"-1" is not a sim_num`},
		{`{"x": {}}`, nil, `"x" is not a sim_num`},
		{`{"2147483648": {}}`, nil, "is not a sim_num"},
		{`{"0": 5}`, nil, "want an object of overrides"},
		{`{"0": {}, "0": {}}`, nil, "duplicate key"},
	} {
		got, err := SimsObject([]byte(tc.data), "spec.json")
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: %v, want an error containing %q", tc.data, err, tc.err)
			}
			continue
		}
		if err != nil || len(got) != len(tc.nums) {
			t.Fatalf("%s: %v, %v", tc.data, got, err)
		}
		for i, e := range got {
			if e.SimNum != tc.nums[i] {
				t.Errorf("%s: entry %d is sim_num %d, want %d", tc.data, i, e.SimNum, tc.nums[i])
			}
		}
	}
}

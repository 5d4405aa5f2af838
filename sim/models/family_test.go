package models_test

import (
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/models"
	_ "github.com/golgi-sim/golgi/sim/models/all"
)

func noPlan(fs *flag.FlagSet) models.Planner { return nil }

// TestRegisterErrors checks that an incomplete family, a bad name and a
// name registered twice are errors, not panics.
func TestRegisterErrors(t *testing.T) {
	claims := func(string, []byte) bool { return false }
	for _, tc := range []struct {
		name string
		f    *models.Family
		want string
	}{
		{"nil", nil, "needs Name"},
		{"no claims", &models.Family{Name: "x", RunFlags: noPlan}, "needs Name, Claims"},
		{"upper case", &models.Family{Name: "Big", Claims: claims, RunFlags: noPlan}, "lower case"},
		{"twice", &models.Family{Name: "builtin", Claims: claims, RunFlags: noPlan}, "registered twice"},
	} {
		if err := models.Register(tc.f); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Register = %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

// TestClaiming checks which family reads which spec, and the errors for
// specs no family reads.
func TestClaiming(t *testing.T) {
	for _, tc := range []struct {
		spec, want, err string
	}{
		{`{"model": "coba"}`, "builtin", ""},
		{`{"model": "hh", "amp_nA": [0.1, 0.2]}`, "builtin", ""},
		{`{"model": "gridcellscond", "sim_dur": 100}`, "gridcells", ""},
		{`{"model": "cobra"}`, "", "no model family reads this spec"},
		{`[1, 2]`, "", "no model family reads this spec"},
		{`not json`, "", "builtin, gridcells"},
	} {
		f, err := models.Claiming("x.json", []byte(tc.spec))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: %v, want an error containing %q", tc.spec, err, tc.err)
			}
			continue
		}
		if err != nil || f.Name != tc.want {
			t.Errorf("%s: %v %v, want family %s", tc.spec, f, err, tc.want)
		}
	}
}

// TestFlags checks that every family's run flags and every benchmark's
// flags register on one flag set, and that a clash is an error naming
// the flag.
func TestFlags(t *testing.T) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	planners, err := models.AddRunFlags(fs)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range models.Families() {
		if planners[f.Name] == nil {
			t.Errorf("family %s: no planner", f.Name)
		}
	}
	bs := flag.NewFlagSet("bench", flag.ContinueOnError)
	builders, err := models.AddBenchFlags(bs)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"coba", "cuba", "brunel", "hh", "ring", "gridcells"} {
		if builders[name] == nil {
			t.Errorf("no benchmark %s", name)
		}
	}
	// A second registration on the same set clashes.
	fs.SetOutput(io.Discard)
	if _, err := models.AddRunFlags(fs); err == nil || !strings.Contains(err.Error(), "redefined") {
		t.Errorf("flags registered twice: %v, want an error naming the flag", err)
	}
}

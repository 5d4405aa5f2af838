package native

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/nmodl"
)

// globaler is what the native mechanisms have besides mech.Mechanism.
type globaler interface {
	mech.Mechanism
	Global(name string) (float64, error)
}

// TestInterfaceOfMod checks each native mechanism against the .mod file
// it replaces (under $GOLGI_REF/sonata/mod/common/mod, or neocortex/mod
// for the channels; skipped without it unless
// GOLGI_REQUIRE_REF is set): its name and kind, every RANGE, STATE and
// ASSIGNED variable under the same name, every GLOBAL settable and
// readable, and every PARAMETER's default.
func TestInterfaceOfMod(t *testing.T) {
	for _, tc := range []struct {
		mod  string
		kind mech.Kind
	}{
		{"ProbAMPANMDA_EMS.mod", mech.PointProcess},
		{"ProbGABAAB_EMS.mod", mech.PointProcess},
		{"DetAMPANMDA.mod", mech.PointProcess},
		{"DetGABAAB.mod", mech.PointProcess},
		{"VecStim.mod", mech.ArtificialCell},
		{"netstim_inhpoisson.mod", mech.ArtificialCell},
		{"GluSynapse.mod", mech.PointProcess},
		{"../../neocortex/mod/v5/StochKv.mod", mech.Density},
		{"../../neocortex/mod/v6/StochKv3.mod", mech.Density},
		{"../../../../miv/cases/1-construction/mechanisms/Gfluct3.mod", mech.PointProcess},
		{"../../../../miv/cases/1-construction/mechanisms/vecevent.mod", mech.ArtificialCell},
	} {
		t.Run(filepath.Base(tc.mod), func(t *testing.T) {
			path, ok := refdata.Lookup(t, filepath.Join("sonata", "mod", "common", "mod", tc.mod))
			if !ok {
				t.Skip("no reference data (GOLGI_REF)")
			}
			src, err := nmodl.ReadMod(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := nmodl.Parse(tc.mod, src)
			if err != nil {
				t.Fatal(err)
			}
			m, err := mech.New(f.Neuron.Name, 2)
			if err != nil {
				t.Fatal(err)
			}
			if m.Kind() != tc.kind || m.Len() != 2 {
				t.Errorf("%s: kind %v, %d instances; want %v, 2", m.Name(), m.Kind(), m.Len(), tc.kind)
			}
			checkInterface(t, f, m)
			if err := m.SetGlobal("nosuch", 1); err == nil {
				t.Error("SetGlobal(nosuch): no error")
			}
		})
	}
}

// TestDelayedWeightsNeedQueue checks that a synapse with delayed weights
// refuses to initialise a presynaptic connection without an event queue
// (never dropping its self events), and accepts one without delays.
func TestDelayedWeightsNeedQueue(t *testing.T) {
	for _, m := range []interface {
		mech.NetConIniter
		SetupDelayVecs(k int, timesMs, weights []float64) error
	}{NewProbAMPANMDA(1), NewProbGABAAB(1)} {
		e := &mech.Env{V: []float64{-65}, Area: []float64{100}, Dt: .025}
		m.(mech.Mechanism).Init(e)
		args := make([]float64, NArgs)
		if err := m.InitNetCon(e, 0, args); err != nil {
			t.Errorf("no delays, no queue: %v", err)
		}
		if err := m.SetupDelayVecs(0, []float64{10}, []float64{2}); err != nil {
			t.Fatal(err)
		}
		if err := m.InitNetCon(e, 0, args); !errors.Is(err, ErrNoQueue) {
			t.Errorf("delays without a queue: %v, want ErrNoQueue", err)
		}
		args[argNcType] = 1 // a mini's connection schedules nothing
		if err := m.InitNetCon(e, 0, args); err != nil {
			t.Errorf("a mini connection: %v", err)
		}
		if err := m.SetupDelayVecs(3, nil, nil); err == nil {
			t.Error("SetupDelayVecs of instance 3 of 1: no error")
		}
		if err := m.InitNetCon(e, 0, args[:2]); err == nil {
			t.Error("a 2-argument weight vector: no error")
		}
	}
}

// TestReplacements checks Replaces: each variant's file is the file the
// mechanism is written from (the first entry of its name) but for the
// defaults of its Globals, comparing their lines without comments,
// blanks and spacing, in order (the NEURON block's declarations as a
// set), and the mechanism with those Globals set has the variant's
// interface and defaults (checkInterface).
func TestReplacements(t *testing.T) {
	base := map[string]string{}
	for _, r := range Replaces {
		t.Run(r.Mod, func(t *testing.T) {
			path, ok := refdata.Lookup(t, r.Mod)
			if !ok {
				t.Skip("no reference data (GOLGI_REF)")
			}
			src, err := nmodl.ReadMod(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := nmodl.Parse(r.Mod, src)
			if err != nil {
				t.Fatal(err)
			}
			if f.Neuron.Name != r.Mechanism {
				t.Fatalf("%s is %s, not %s", r.Mod, f.Neuron.Name, r.Mechanism)
			}
			var sets []string
			if r.Set != "" {
				sets = []string{r.Set}
			}
			m, err := mech.NewIn(sets, r.Mechanism, 2)
			if err != nil {
				t.Fatal(err)
			}
			if r.Set != "" {
				// a variant has its own defaults: they must be the Globals
				for name, v := range r.Globals {
					if got, err := m.(globaler).Global(name); err != nil || got != v {
						t.Errorf("GLOBAL %s = %g (%v), want %g", name, got, err, v)
					}
				}
			}
			for name, v := range r.Globals {
				if err := m.SetGlobal(name, v); err != nil {
					t.Fatal(err)
				}
			}
			checkInterface(t, f, m)
			b, ok := base[r.Mechanism]
			if !ok {
				base[r.Mechanism] = string(src)
				return
			}
			if r.Note != "" {
				return // a different file, documented
			}
			want, got := normalise(b, r.Globals), normalise(string(src), r.Globals)
			if strings.Join(want, "\n") != strings.Join(got, "\n") {
				for i := range min(len(want), len(got)) {
					if want[i] != got[i] {
						t.Fatalf("line %d of the normalised files differs: %q, %q", i, want[i], got[i])
					}
				}
				t.Fatalf("%d normalised lines, want %d", len(got), len(want))
			}
		})
	}
}

var (
	spaces     = regexp.MustCompile(`\s+`)
	modComment = regexp.MustCompile(`(?s)COMMENT.*?ENDCOMMENT`)
)

// normalise returns the lines of a .mod file without comments and
// spacing, dropping the PARAMETER lines of globals and sorting the
// declarations of the NEURON block.
func normalise(src string, globals map[string]float64) []string {
	src = modComment.ReplaceAllString(src, "")
	var out, decls []string
	inNeuron := false
	for _, line := range strings.Split(src, "\n") {
		if i := strings.Index(line, ":"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(spaces.ReplaceAllString(line, " "))
		if line == "" {
			continue
		}
		if name, _, ok := strings.Cut(line, "="); ok {
			if _, g := globals[strings.TrimSpace(name)]; g {
				continue
			}
		}
		switch {
		case strings.HasPrefix(line, "NEURON {"):
			inNeuron = true
		case inNeuron && line == "}":
			inNeuron = false
			sort.Strings(decls)
			out = append(out, decls...)
			decls = nil
		case inNeuron:
			decls = append(decls, line)
			continue
		}
		out = append(out, line)
	}
	return out
}

// notKept are the .mod files' ASSIGNED variables and BBCOREPOINTERs that
// hold C pointers or flags (the native mechanisms keep them otherwise),
// and NEURON's own celsius.
var notKept = []string{"celsius", "rng", "rng_rel", "usingR123", "delay_times", "delay_weights", "space", "ptr",
	"uniform_rng", "exp_rng", "vecRate", "vecTbins", "donotuse"}

// checkInterface checks m against the parsed .mod f: every GLOBAL
// readable and settable, every RANGE, STATE and ASSIGNED variable under
// the same name, every PARAMETER's default (of a RANGE variable, or of a
// GLOBAL as m has it).
func checkInterface(t *testing.T, f *nmodl.File, m mech.Mechanism) {
	t.Helper()
	g := m.(globaler)
	global := map[string]bool{}
	for _, name := range f.Neuron.Global {
		global[name] = true
		v, err := g.Global(name)
		if err != nil {
			t.Errorf("GLOBAL %s: %v", name, err)
			continue
		}
		if err := m.SetGlobal(name, v+1); err != nil {
			t.Errorf("SetGlobal(%s): %v", name, err)
		}
		if w, _ := g.Global(name); w != v+1 {
			t.Errorf("GLOBAL %s: set %g, read %g", name, v+1, w)
		}
		if err := m.SetGlobal(name, v); err != nil {
			t.Error(err)
		}
	}
	vars := m.Vars()
	declared := map[string]bool{}
	for _, ds := range [][]nmodl.Decl{f.Parameters, f.States, f.Assigned} {
		for _, d := range ds {
			declared[d.Name] = true
		}
	}
	for _, name := range f.Neuron.Range {
		if !declared[name] {
			// nocmodl drops a RANGE name declared nowhere else (StochKv3's
			// N0, N1, n0_n1, n1_n0): NEURON has no such variable
			continue
		}
		if !slices.Contains(vars, name) {
			t.Errorf("RANGE %s missing from Vars", name)
		}
	}
	for _, ds := range [][]nmodl.Decl{f.States, f.Assigned} {
		for _, d := range ds {
			if d.Name != "v" && !global[d.Name] && !slices.Contains(notKept, d.Name) && m.Var(d.Name) == nil {
				t.Errorf("%s missing", d.Name)
			}
		}
	}
	for _, d := range f.Parameters {
		if !d.HasValue {
			continue
		}
		if x := m.Var(d.Name); x != nil {
			if x[0] != d.Value || x[1] != d.Value {
				t.Errorf("PARAMETER %s = %g, .mod %g", d.Name, x[0], d.Value)
			}
			continue
		}
		// a PARAMETER not in RANGE is a GLOBAL, whose default NEURON
		// 8.2.2's nocmodl writes with %g
		v, err := g.Global(d.Name)
		want, _ := strconv.ParseFloat(fmt.Sprintf("%.6g", d.Value), 64)
		if err != nil {
			t.Errorf("PARAMETER %s neither RANGE nor GLOBAL: %v", d.Name, err)
		} else if v != want {
			t.Errorf("GLOBAL %s = %g, .mod %g (%g in NEURON)", d.Name, v, d.Value, want)
		}
	}
}

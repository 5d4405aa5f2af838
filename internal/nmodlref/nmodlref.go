// Package nmodlref compares translated NMODL mechanisms with NEURON's
// traces in sim/nmodl/testdata/neuron (written by
// scripts/nmodl-ref/make_refs.py): the voltage-clamp family and the
// current-clamp step of one compartment, and the calcium combination.
// The tests of the generated mechanism packages use it.
package nmodlref

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim/mech"
)

// Dir returns the directory of the reference traces.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "sim", "nmodl", "testdata", "neuron")
}

// Entry is one mechanism of inventory.json.
type Entry struct {
	Entry     string                 `json:"entry"`
	Mechanism string                 `json:"mechanism"`
	Kind      string                 `json:"kind"`
	Paths     []string               `json:"paths"`
	Status    string                 `json:"status"`
	Files     map[string]RefFile     `json:"files"`
	Events    *Events                `json:"events"`
	Globals   map[string]interface{} `json:"globals"`
	// PointerStep is the pointer protocol's change of the variables the
	// mechanism's POINTERs aim at (make_refs.py's POINTER_STEP).
	PointerStep *PointerStep `json:"pointer_step"`
}

// PointerStep sets the variables Names (POINTERs or BBCOREPOINTERs,
// per-instance variables in Golgi) to Value after TMs of the iclamp
// protocol, between two steps.
type PointerStep struct {
	Names []string `json:"names"`
	TMs   float64  `json:"t_ms"`
	Value float64  `json:"value"`
}

// Events are the events protocol's NetCon events: times (ms) and the
// weight vector.
type Events struct {
	Args    []string  `json:"net_receive_args"`
	TimesMs []float64 `json:"times_ms"`
	Weights []float64 `json:"weights"`
}

// RefFile is one trace file of an entry.
type RefFile struct {
	File    string   `json:"file"`
	Columns []string `json:"columns"`
}

// Inventory reads inventory.json.
func Inventory() ([]Entry, error) {
	b, err := os.ReadFile(filepath.Join(Dir(), "inventory.json"))
	if err != nil {
		return nil, err
	}
	var inv struct {
		Entries []Entry `json:"entries"`
	}
	if err := json.Unmarshal(b, &inv); err != nil {
		return nil, fmt.Errorf("inventory.json: %w", err)
	}
	return inv.Entries, nil
}

// EntryOf returns the entry whose paths include the .mod file rel
// (relative to the reference root, such as
// "sonata/mod/neocortex/mod/v5/Ca_HVA.mod").
func EntryOf(entries []Entry, rel string) (Entry, bool) {
	for _, e := range entries {
		for _, p := range e.Paths {
			if p == rel {
				return e, true
			}
		}
	}
	return Entry{}, false
}

// Trace is a reference trace: its columns by name, one value per row.
type Trace struct {
	Header []string
	Rows   [][]float64
}

// Col returns the index of a column, or -1.
func (t *Trace) Col(name string) int {
	for i, h := range t.Header {
		if h == name {
			return i
		}
	}
	return -1
}

// ReadTrace reads a gzip CSV trace.
func ReadTrace(name string) (*Trace, error) {
	f, err := os.Open(filepath.Join(Dir(), name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	tr := &Trace{}
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") {
			continue
		}
		if tr.Header == nil {
			tr.Header = strings.Split(l, ",")
			continue
		}
		fs := strings.Split(l, ",")
		row := make([]float64, len(fs))
		for i, x := range fs {
			if row[i], err = strconv.ParseFloat(x, 64); err != nil {
				return nil, fmt.Errorf("%s: %q: %w", name, x, err)
			}
		}
		tr.Rows = append(tr.Rows, row)
	}
	return tr, sc.Err()
}

// Protocol settings of make_refs.py.
const (
	Celsius = 34.0
	VInit   = -70.0
	LUm     = 20.0
	DiamUm  = 20.0
)

// Diff is the largest difference of a variable over a run, relative to
// the reference value or, where that is smaller, to a millionth of the
// variable's largest magnitude in the run (a current crossing zero is
// compared at the scale of the current).
type Diff struct {
	Var       string
	Rel       float64
	T         float64 // where it was largest (ms)
	Got, Want float64
}

// Run steps c (mechanisms inserted, not yet initialised) through the
// rows of tr whose column "step_mV" (if any) equals level, comparing the
// columns it knows: v, the ion totals (ica, cai, eca, ...), i_SEClamp and
// each mechanism's variables named <var>_<mech>. It returns the largest
// difference of each compared column.
func Run(tr *Trace, level float64, c *mech.Compartment) (map[string]Diff, error) {
	return RunWith(tr, level, c, nil, nil)
}

// RunWith is Run calling between(n), if not nil, after n steps, before
// the next one; floor gives columns a magnitude below which values
// count as rounding about zero: the differences are relative to it
// where the reference value is smaller.
func RunWith(tr *Trace, level float64, c *mech.Compartment, between func(n int), floor map[string]float64) (map[string]Diff, error) {
	if err := c.Init(); err != nil {
		return nil, err
	}
	ti, si := tr.Col("t_ms"), tr.Col("step_mV")
	type sample struct{ t, got, want float64 }
	got := map[string][]sample{}
	readers := make([]func() float64, len(tr.Header)) // nil: a column Golgi does not have
	for j, name := range tr.Header {
		if j != ti && j != si {
			readers[j], _ = c.Reader(name)
		}
	}
	steps := 0
	for _, r := range tr.Rows {
		if si >= 0 && r[si] != level {
			continue
		}
		for want := int(math.Round(r[ti] / c.DtMs)); steps < want; steps++ {
			if between != nil {
				between(steps)
			}
			c.Step()
		}
		for j, name := range tr.Header {
			if j == ti || j == si {
				continue
			}
			if read := readers[j]; read != nil {
				got[name] = append(got[name], sample{r[ti], read(), r[j]})
			}
		}
	}
	worst := map[string]Diff{}
	for name, ss := range got {
		scale := 0.0
		for _, s := range ss {
			if !math.IsNaN(s.want) && !math.IsInf(s.want, 0) {
				scale = math.Max(scale, math.Abs(s.want))
			}
		}
		d := Diff{Var: name, Rel: -1}
		for _, s := range ss {
			rel := math.Abs(s.got-s.want) / math.Max(math.Max(math.Abs(s.want), 1e-6*scale), math.Max(floor[name], 1e-300))
			if s.got == s.want || math.IsNaN(s.got) && math.IsNaN(s.want) {
				// equal, or NaN where NEURON has NaN (NGV's Glia.mod's
				// muscle states): the same result
				rel = 0
			}
			if rel > d.Rel || math.IsNaN(rel) {
				d = Diff{Var: name, Rel: rel, T: s.t, Got: s.got, Want: s.want}
			}
		}
		worst[name] = d
	}
	return worst, nil
}

// VClamp returns a compartment for the voltage-clamp protocol at level.
func VClamp(level float64) *mech.Compartment {
	c := mech.NewCompartment(LUm, DiamUm)
	c.Celsius, c.VInitMV = Celsius, VInit
	c.SEClamp = &mech.SEClamp{Dur: [3]float64{10, 50, 40}, Amp: [3]float64{-70, level, -70}, RsMOhm: 1}
	return c
}

// IClamp returns a compartment for the current-clamp protocol: pas
// (1e-4 S/cm2, -70 mV) and amp nA from 10 ms for 80 ms.
func IClamp(amp float64) *mech.Compartment {
	c := mech.NewCompartment(LUm, DiamUm)
	c.Celsius, c.VInitMV = Celsius, VInit
	pas := mech.NewPas(1)
	pas.G[0], pas.E[0] = 1e-4, -70
	c.Insert(pas)
	c.IClamp = &mech.IClamp{DelayMs: 10, DurMs: 80, AmpNA: amp}
	return c
}

// Levels are the voltage-clamp levels (mV).
var Levels = []float64{-90, -80, -70, -60, -50, -40, -30, -20, -10, 0, 10, 20, 30, 40}

// Translated returns the (reference path, mechanism) pairs a package's
// NMODL_STATUS.md lists as translated.
func Translated(statusFile string) ([][2]string, error) {
	b, err := os.ReadFile(statusFile)
	if err != nil {
		return nil, err
	}
	var out [][2]string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, "|")
		if len(f) >= 4 && strings.HasPrefix(strings.TrimSpace(f[3]), "translated") {
			out = append(out, [2]string{strings.TrimSpace(f[1]), strings.TrimSpace(f[2])})
		}
	}
	return out, nil
}

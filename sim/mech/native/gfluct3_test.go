package native

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/random123"
)

// gfluct3Protocols is testdata/gfluct3_protocols.json, written by
// scripts/nmodl-ref/miv_refs.py with the NEURON references.
type gfluct3Protocols struct {
	Soma struct {
		LUm      float64 `json:"L_um"`
		DiamUm   float64 `json:"diam_um"`
		CmUFcm2  float64 `json:"cm_uF_cm2"`
		PasGScm2 float64 `json:"pas_g_S_cm2"`
		PasEMV   float64 `json:"pas_e_mV"`
		Celsius  float64 `json:"celsius"`
		VInitMV  float64 `json:"v_init_mV"`
		DtMs     float64 `json:"dt_ms"`
		TStopMs  float64 `json:"tstop_ms"`
	} `json:"soma"`
	SampleEvery int      `json:"sample_every"`
	Record      []string `json:"record"`
	Cases       []struct {
		Name  string             `json:"name"`
		Range map[string]float64 `json:"range"`
		Noise *struct {
			Kind        string   `json:"kind"`
			IDs         []uint32 `json:"ids"`
			GlobalIndex uint32   `json:"global_index"`
		} `json:"noise"`
	} `json:"cases"`
	VecEvent struct {
		TimesMs []float64 `json:"times_ms"`
		TStopMs float64   `json:"tstop_ms"`
	} `json:"vecevent"`
}

func readGfluct3Protocols(t *testing.T) gfluct3Protocols {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "gfluct3_protocols.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p gfluct3Protocols
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("gfluct3_protocols.json: %v", err)
	}
	if len(p.Cases) == 0 || p.SampleEvery < 1 {
		t.Fatal("gfluct3_protocols.json: no cases")
	}
	return p
}

// TestGfluct3AgainstNEURON runs MiV's Gfluct3 in a soma with pas as
// scripts/nmodl-ref/miv_refs.py runs the .mod in NEURON 8.2.2: without
// noise (the deterministic part), with noiseFromRandom123 (h = dt and
// h = 4 dt) and with noiseFromRandom on a Random123 Random object. Every
// sample of v, i, g_e, g_i, g_e1 and g_i1 within 1e-12 of the variable's
// largest magnitude (v within 1e-11 mV): the normal draws are NEURON's.
func TestGfluct3AgainstNEURON(t *testing.T) {
	p := readGfluct3Protocols(t)
	s := p.Soma
	for _, c := range p.Cases {
		t.Run(c.Name, func(t *testing.T) {
			header, ref := readTrace(t, "Gfluct3_"+c.Name+".csv.gz")
			want := append([]string{"t_ms"}, p.Record...)
			if strings.Join(header, ",") != strings.Join(want, ",") {
				t.Fatalf("header %v, want %v", header, want)
			}
			comp := mech.NewCompartment(s.LUm, s.DiamUm)
			comp.CmUFcm2, comp.Celsius, comp.VInitMV, comp.DtMs = s.CmUFcm2, s.Celsius, s.VInitMV, s.DtMs
			pas := mech.NewPas(1)
			pas.G[0], pas.E[0] = s.PasGScm2, s.PasEMV
			g := NewGfluct3(1)
			for name, v := range c.Range {
				x := g.Var(name)
				if x == nil {
					t.Fatalf("Gfluct3 has no RANGE %s", name)
				}
				x[0] = v
			}
			if n := c.Noise; n != nil {
				st := random123.NewStream(n.IDs[0], n.IDs[1], n.IDs[2], n.GlobalIndex)
				switch n.Kind {
				case "random123":
					g.SetGlobalIndex(n.GlobalIndex)
					if err := g.SetRNG(0, n.IDs[0], n.IDs[1], n.IDs[2]); err != nil {
						t.Fatal(err)
					}
				case "random":
					r := random123.NewRandom(st)
					r.Normal(0, 1) // hoc's r.normal(0, 1) picks once
					if err := g.SetRandom(0, r); err != nil {
						t.Fatal(err)
					}
				default:
					t.Fatalf("noise %q", n.Kind)
				}
			}
			for _, m := range []mech.Mechanism{pas, g} {
				if err := comp.Insert(m); err != nil {
					t.Fatal(err)
				}
			}
			if err := comp.Init(); err != nil {
				t.Fatal(err)
			}
			readers := make([]func() float64, len(p.Record))
			for i, name := range p.Record {
				col := name
				if name != "v" {
					col = name + "_Gfluct3"
				}
				var err error
				if readers[i], err = comp.Reader(col); err != nil {
					t.Fatal(err)
				}
			}
			row := func() []float64 {
				r := []float64{comp.T()}
				for _, f := range readers {
					r = append(r, f())
				}
				return r
			}
			got := [][]float64{row()}
			n := int(math.Round(s.TStopMs / s.DtMs))
			for step := 1; step <= n; step++ {
				comp.Step()
				if step%p.SampleEvery == 0 {
					got = append(got, row())
				}
			}
			if len(got) != len(ref) {
				t.Fatalf("%d rows, NEURON %d", len(got), len(ref))
			}
			scale := make([]float64, len(header))
			for _, r := range ref {
				for j, x := range r {
					scale[j] = math.Max(scale[j], math.Abs(x))
				}
			}
			worst := make([]float64, len(header))
			for i := range ref {
				for j, name := range header {
					d := math.Abs(got[i][j] - ref[i][j])
					worst[j] = math.Max(worst[j], d)
					tol := 1e-12 * scale[j]
					if name == "v" || name == "t_ms" {
						tol = 1e-11
					}
					if !(d <= tol) {
						t.Fatalf("t = %g ms: %s = %.17g, NEURON %.17g", ref[i][0], name, got[i][j], ref[i][j])
					}
				}
			}
			if c.Noise != nil && scale[len(header)-2] == 0 {
				t.Error("no fluctuation in the reference")
			}
			var b strings.Builder
			for j, name := range header[1:] {
				fmt.Fprintf(&b, " %s %.3g", name, worst[j+1])
			}
			t.Logf("largest differences:%s", b.String())
		})
	}
}

// TestGfluct3Statistics checks the Ornstein-Uhlenbeck conductances
// against theory, over 40 instances with their own streams, for each kind
// of stream (Random123, a Random object, the legacy generator that
// replaces scop's normrand): after 300 ms (about 30 tau_i) the fluctuation
// g1, updated every h = 0.1 ms (four steps), has mean 0, variance std^2
// and autocorrelation exp(-lag/tau) at the lag nearest tau (the
// correlation time), each estimate (the mean over the instances
// of the per-instance statistic) within 3 standard errors (their spread
// over the instances over sqrt(40)) of the theoretical value.
func TestGfluct3Statistics(t *testing.T) {
	const (
		nInst  = 40
		dt     = 0.025
		hMs    = 0.1 // an update every fourth step
		burnMs = 300.0
		runMs  = 2300.0
	)
	for _, kind := range []string{"random123", "random", "legacy"} {
		t.Run(kind, func(t *testing.T) {
			g := NewGfluct3(nInst)
			g.SetGlobalIndex(9)
			for k := range nInst {
				switch kind {
				case "random123":
					if err := g.SetRNG(k, uint32(k), 17, 3); err != nil {
						t.Fatal(err)
					}
				case "random":
					r := random123.NewRandom(random123.NewStream(uint32(k), 5, 8, 0))
					r.Normal(0, 1)
					if err := g.SetRandom(k, r); err != nil {
						t.Fatal(err)
					}
				}
			}
			g.SetSeed(12345)
			for k := range nInst {
				g.H[k] = hMs
			}
			q := &testQueue{}
			e := &mech.Env{V: fill(nInst, -65), Area: fill(nInst, 1000), I: fill(nInst, 0),
				G: fill(nInst, 0), Dt: dt, Queue: q}
			g.Init(e)
			nBurn, nRun := int(burnMs/dt), int(runMs/dt)
			ge := make([][]float64, nInst)
			gi := make([][]float64, nInst)
			for step := 1; step <= nBurn+nRun; step++ {
				q.deliver(e, float64(step)*dt)
				if step > nBurn && step%4 == 0 {
					for k := range nInst {
						ge[k] = append(ge[k], g.GE1[k])
						gi[k] = append(gi[k], g.GI1[k])
					}
				}
			}
			check := func(what string, xs [][]float64, std, tau float64) {
				lag := int(math.Round(tau / hMs))
				var mean, variance, rho []float64
				for _, x := range xs {
					var s, s2, c float64
					for i, v := range x {
						s += v
						s2 += v * v
						if i+lag < len(x) {
							c += v * x[i+lag]
						}
					}
					mean = append(mean, s/float64(len(x)))
					variance = append(variance, s2/float64(len(x)))
					rho = append(rho, c/float64(len(x)-lag)/(std*std))
				}
				for _, st := range []struct {
					name   string
					xs     []float64
					theory float64
				}{
					{"mean", mean, 0},
					{"variance", variance, std * std},
					{"autocorrelation at tau", rho, math.Exp(-float64(lag) * hMs / tau)},
				} {
					m, se := meanSE(st.xs)
					t.Logf("%s %s: %.6g (theory %.6g, standard error %.3g)", what, st.name, m, st.theory, se)
					if se == 0 || math.Abs(m-st.theory) > 3*se {
						t.Errorf("%s %s = %g, theory %g: more than 3 standard errors (%g)", what, st.name, m, st.theory, se)
					}
				}
			}
			check("g_e1", ge, g.StdE[0], g.TauE[0])
			check("g_i1", gi, g.StdI[0], g.TauI[0])
		})
	}
}

// meanSE returns the mean of xs and its standard error.
func meanSE(xs []float64) (mean, se float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1) / float64(len(xs)))
}

// testQueue is a minimal mech.EventQueue: events delivered in time order
// when due by the middle of the step ending at tEnd.
type testQueue struct{ ev []testEvent }

type testEvent struct {
	t    float64
	r    mech.FlagReceiver
	k    int
	flag float64
}

func (q *testQueue) Send(tMs float64, r mech.FlagReceiver, k int, _ []float64, flag float64) {
	q.ev = append(q.ev, testEvent{tMs, r, k, flag})
}

func (q *testQueue) deliver(e *mech.Env, tEnd float64) {
	for {
		var due, rest []testEvent
		for _, ev := range q.ev {
			if ev.t <= tEnd-e.Dt/2 {
				due = append(due, ev)
			} else {
				rest = append(rest, ev)
			}
		}
		if len(due) == 0 {
			return
		}
		q.ev = rest
		sort.SliceStable(due, func(i, j int) bool { return due[i].t < due[j].t })
		for _, ev := range due {
			e.T = ev.t
			ev.r.ReceiveFlag(e, ev.k, nil, ev.flag)
		}
	}
}

// TestVecEventMiVAgainstNEURON checks MiV's vecevent.mod (the VecStim
// that MiV-Simulator compiles, with xpos, ypos, zpos and gid) against the
// native VecStim: the times NEURON 8.2.2 emitted for sorted times played
// before the run (testdata/vecevent_miv.txt, scripts/nmodl-ref/miv_refs.py)
// to the last bit.
func TestVecEventMiVAgainstNEURON(t *testing.T) {
	p := readGfluct3Protocols(t)
	b, err := os.ReadFile(filepath.Join("testdata", "vecevent_miv.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var want []float64
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, f := range strings.Fields(line) {
			x, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, x)
		}
	}
	dt := p.Soma.DtMs
	vs := NewVecStim(1)
	if err := vs.Play(0, p.VecEvent.TimesMs); err != nil {
		t.Fatal(err)
	}
	vs.Init(&mech.Env{T: 0})
	got := vs.Events(0, .5*dt)
	for tt := 0.0; tt < p.VecEvent.TStopMs-.5*dt; {
		tt += .5 * dt
		tt += .5 * dt
		got = append(got, vs.Events(0, tt+.5*dt)...)
	}
	if len(got) != len(want) || len(want) != len(p.VecEvent.TimesMs) {
		t.Fatalf("emitted %v, NEURON %v", got, want)
	}
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("event %d at %.17g ms, NEURON %.17g", i, got[i], want[i])
		}
	}
}

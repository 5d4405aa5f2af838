package native

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/mech"
)

// stochProtocols is testdata/stoch_protocols.json, written by
// scripts/nmodl-ref/stoch_refs.py with the NEURON references.
type stochProtocols struct {
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
	SampleEvery int              `json:"sample_every"`
	InhPoisson  []inhPoissonCase `json:"inhpoisson"`
	Channels    []channelCase    `json:"channels"`
}

type inhPoissonCase struct {
	Name       string    `json:"name"`
	ExpRNG     []uint32  `json:"exp_rng"`
	UniformRNG []uint32  `json:"uniform_rng"`
	GIX        uint32    `json:"global_index"`
	TbinsMs    []float64 `json:"tbins_ms"`
	RatesHz    []float64 `json:"rates_hz"`
	DurationMs float64   `json:"duration_ms"`
	TStopMs    float64   `json:"tstop_ms"`
}

type channelCase struct {
	Name      string             `json:"name"`
	Mechanism string             `json:"mechanism"`
	Set       string             `json:"set"` // the variant's mechanism set, or ""
	Range     map[string]float64 `json:"range"`
	RNG       []uint32           `json:"rng"`
	GIX       uint32             `json:"global_index"`
	IClamp    *struct {
		DelMs float64 `json:"del_ms"`
		DurMs float64 `json:"dur_ms"`
		AmpNA float64 `json:"amp_nA"`
	} `json:"iclamp"`
	SEClamp *struct {
		DurMs  [3]float64 `json:"dur_ms"`
		AmpMV  [3]float64 `json:"amp_mV"`
		RsMOhm float64    `json:"rs_MOhm"`
	} `json:"seclamp"`
	Record []string `json:"record"`
}

func readStochProtocols(t *testing.T) stochProtocols {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "stoch_protocols.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p stochProtocols
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("stoch_protocols.json: %v", err)
	}
	if len(p.InhPoisson) == 0 || len(p.Channels) == 0 || p.SampleEvery < 1 {
		t.Fatal("stoch_protocols.json: no cases")
	}
	return p
}

// readTimes reads a file of emitted times: one case a line, its name
// then the times.
func readTimes(t *testing.T, name string) map[string][]float64 {
	t.Helper()
	f, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	ref := map[string][]float64{}
	for _, line := range strings.Split(strings.TrimSpace(string(f)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Fields(line)
		ts := []float64{}
		for _, s := range fs[1:] {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			ts = append(ts, x)
		}
		ref[fs[0]] = ts
	}
	return ref
}

// runInhPoisson runs an InhPoissonStim case as NEURON's fixed step
// delivers its self events (those due by t + dt/2 at the end of the step
// to t, finitialize's by dt/2) up to tstop and returns the emitted times.
func runInhPoisson(t *testing.T, c inhPoissonCase, dt float64) (*InhPoissonStim, []float64) {
	t.Helper()
	m := NewInhPoissonStim(1)
	m.SetGlobalIndex(c.GIX)
	e, u := c.ExpRNG, c.UniformRNG
	if len(e) != 3 || len(u) != 3 {
		t.Fatalf("seeds %v %v", e, u)
	}
	if err := m.SetRNGs(0, e[0], e[1], e[2], u[0], u[1], u[2]); err != nil {
		t.Fatal(err)
	}
	if err := m.SetRates(0, c.TbinsMs, c.RatesHz); err != nil {
		t.Fatal(err)
	}
	m.Duration[0] = c.DurationMs
	m.Init(&mech.Env{T: 0})
	got := m.Events(0, .5*dt) // finitialize
	// each step ends delivering the events due by the middle of the next
	tt := 0.0
	for tt < c.TStopMs-.5*dt {
		tt += .5 * dt
		tt += .5 * dt
		got = append(got, m.Events(0, tt+.5*dt)...)
	}
	return m, got
}

// TestInhPoissonStimAgainstNEURON compares InhPoissonStim's emitted times
// with NEURON 8.2.2's (NetCon.record) bit for bit: a constant rate as
// neurodamus sets minis up, ended by duration, a high rate, and piecewise
// rates thinned, each with its two Random123 streams under a global
// index.
func TestInhPoissonStimAgainstNEURON(t *testing.T) {
	p := readStochProtocols(t)
	ref := readTimes(t, "inhpoisson.txt")
	for _, c := range p.InhPoisson {
		t.Run(c.Name, func(t *testing.T) {
			want, ok := ref[c.Name]
			if !ok {
				t.Fatal("no reference")
			}
			m, got := runInhPoisson(t, c, p.Soma.DtMs)
			if len(want) < 20 {
				t.Errorf("only %d events in the reference: the protocol tests little", len(want))
			}
			for i := range min(len(got), len(want)) {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("event %d at %.17g ms, NEURON %.17g", i, got[i], want[i])
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%d events, NEURON %d", len(got), len(want))
			}
			s, k := m.Counts(0)
			t.Logf("%d surrogate events, %d emitted, identical to NEURON's", s, k)
			if c.Name == "piecewise" && s == k {
				t.Error("piecewise rates thinned nothing")
			}
		})
	}
}

// minisCase is the protocol of spontaneous minis (stoch_protocols.json).
type minisCase struct {
	Name       string             `json:"name"`
	GIX        uint32             `json:"global_index"`
	RateHz     float64            `json:"rate_hz"`
	ExpRNG     []uint32           `json:"exp_rng"`
	UniformRNG []uint32           `json:"uniform_rng"`
	SynRNG     []uint32           `json:"syn_rng"`
	DelayMs    float64            `json:"delay_ms"`
	WeightNS   float64            `json:"weight_nS"`
	Range      map[string]float64 `json:"range"`
	Globals    map[string]float64 `json:"globals"`
	TStopMs    float64            `json:"tstop_ms"`
	Record     []string           `json:"record"`
}

// TestMinisAgainstNEURON runs spontaneous minis as neurodamus makes them
// (an InhPoissonStim at a constant rate through a NetCon of delay 0.1 ms,
// nc_type 1, into a ProbAMPANMDA_EMS synapse, every stream under one
// global index) on mech.Compartment and compares with NEURON 8.2.2: the
// emitted times (bit for bit) and the release pattern identical, v within 1e-9 mV, the
// conductance within 1e-9 of its largest value.
func TestMinisAgainstNEURON(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "stoch_protocols.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		stochProtocols
		Minis minisCase `json:"minis"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	c, s := p.Minis, p.Soma
	header, ref := readTrace(t, c.Name+".csv.gz")
	want := readCommentTimes(t, c.Name+".csv.gz")

	comp := mech.NewCompartment(s.LUm, s.DiamUm)
	comp.CmUFcm2, comp.Celsius, comp.VInitMV, comp.DtMs = s.CmUFcm2, s.Celsius, s.VInitMV, s.DtMs
	pas := mech.NewPas(1)
	pas.G[0], pas.E[0] = s.PasGScm2, s.PasEMV
	syn := NewProbAMPANMDA(1)
	for name, v := range c.Range {
		syn.Var(name)[0] = v
	}
	for name, v := range c.Globals {
		if err := syn.SetGlobal(name, v); err != nil {
			t.Fatal(err)
		}
	}
	syn.SetGlobalIndex(c.GIX)
	syn.SetRNG(0, c.SynRNG[0], c.SynRNG[1], c.SynRNG[2])
	ips := NewInhPoissonStim(1)
	ips.SetGlobalIndex(c.GIX)
	e, u := c.ExpRNG, c.UniformRNG
	if err := ips.SetRNGs(0, e[0], e[1], e[2], u[0], u[1], u[2]); err != nil {
		t.Fatal(err)
	}
	if err := ips.SetRates(0, []float64{0}, []float64{c.RateHz}); err != nil {
		t.Fatal(err)
	}
	ips.Duration[0] = c.TStopMs
	for _, x := range []mech.Mechanism{pas, syn} {
		if err := comp.Insert(x); err != nil {
			t.Fatal(err)
		}
	}
	args := make([]float64, NArgs)
	args[argWeight], args[argNcType] = c.WeightNS, 1
	src := &recordingSource{InhPoissonStim: ips}
	comp.NetCons = []*mech.NetCon{{Source: src, DelayMs: c.DelayMs, Target: syn, Args: args}}
	if err := comp.Init(); err != nil {
		t.Fatal(err)
	}
	readers := []func() float64{comp.T}
	for _, name := range c.Record {
		col := name
		if name != "v" {
			col = name + "_ProbAMPANMDA_EMS"
		}
		r, err := comp.Reader(col)
		if err != nil {
			t.Fatal(err)
		}
		readers = append(readers, r)
	}
	if strings.Join(header, ",") != "t_ms,"+strings.Join(c.Record, ",") {
		t.Fatalf("header %v, record %v", header, c.Record)
	}
	scaleG := 0.0
	for _, r := range ref {
		scaleG = math.Max(scaleG, math.Abs(r[indexOf(header, "g")]))
	}
	n := int(math.Round(c.TStopMs / s.DtMs))
	worstV, worstG, row := 0.0, 0.0, 0
	for step := 0; step <= n; step++ {
		if step > 0 {
			comp.Step()
		}
		if step%p.SampleEvery != 0 {
			continue
		}
		w := ref[row]
		row++
		for j, name := range header {
			g := readers[j]()
			d := math.Abs(g - w[j])
			var ok bool
			switch name {
			case "t_ms":
				ok = d <= 1e-9
			case "v":
				ok, worstV = d <= vTolMV, math.Max(worstV, d)
			case "g", "u":
				ok, worstG = d <= relTol*math.Max(scaleG, 1e-300), math.Max(worstG, d)
				if name == "u" {
					ok = d <= uTol
				}
			default:
				ok = g == w[j]
			}
			if !ok {
				t.Fatalf("t = %g ms: %s = %.17g, NEURON %.17g", w[0], name, g, w[j])
			}
		}
	}
	if row != len(ref) {
		t.Fatalf("%d rows, NEURON %d", row, len(ref))
	}
	surrogate, emitted := ips.Counts(0)
	if emitted != len(want) || surrogate != len(want) || len(src.times) != len(want) {
		t.Fatalf("%d surrogate events, %d emitted; NEURON emitted %d", surrogate, emitted, len(want))
	}
	for i, te := range want {
		if math.Float64bits(src.times[i]) != math.Float64bits(te) {
			t.Fatalf("mini %d at %.17g ms, NEURON %.17g", i, src.times[i], te)
		}
	}
	releases := 0
	occ := indexOf(header, "occupied")
	for i := 1; i < len(ref); i++ {
		if ref[i][occ] < ref[i-1][occ] {
			releases++
		}
	}
	if len(want) < 10 || releases < 5 {
		t.Errorf("%d minis, %d releases in the reference: the protocol tests little", len(want), releases)
	}
	t.Logf("%d minis, %d releases; largest differences: v %.3g mV, g %.3g", len(want), releases, worstV, worstG)
}

// recordingSource keeps the times an event source emits (NetCon.record).
type recordingSource struct {
	*InhPoissonStim
	times []float64
}

func (r *recordingSource) Events(k int, untilMs float64) []float64 {
	ts := r.InhPoissonStim.Events(k, untilMs)
	r.times = append(r.times, ts...)
	return ts
}

// readCommentTimes reads the emitted times at the end of a trace's
// comment line ("... emitted times t1 t2 ...").
func readCommentTimes(t *testing.T, name string) []float64 {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(z).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	_, list, ok := strings.Cut(line, "emitted times ")
	if !ok {
		t.Fatalf("%s: no emitted times in %q", name, line)
	}
	var ts []float64
	for _, s := range strings.Fields(list) {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		ts = append(ts, x)
	}
	return ts
}

package native

import (
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

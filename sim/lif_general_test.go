package sim_test

import (
	"context"
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/nets"
)

// TestGeneralLoopMatchesSpecialised gives COBA and CUBA per-neuron
// parameters that equal the model's (so the general loop runs) and requires
// the same spikes as the specialised loops, in both conventions.
func TestGeneralLoopMatchesSpecialised(t *testing.T) {
	for _, conv := range []sim.Convention{sim.ConventionGolgi, sim.ConventionBrian2} {
		for _, model := range []string{"COBA", "CUBA"} {
			run := func(perNeuron bool) string {
				var net *sim.Network
				var err error
				if model == "COBA" {
					net, err = nets.COBA(nets.COBAConfig{Seed: 5, N: 1000, Convention: conv})
				} else {
					net, err = nets.CUBA(nets.CUBAConfig{Seed: 5, N: 1000, Convention: conv})
				}
				if err != nil {
					t.Fatal(err)
				}
				if perNeuron {
					for _, p := range net.Populations {
						m := p.Model.(*sim.LIF)
						p.Params = map[string]sim.Value{"VThreshold": sim.Const(m.VThreshold), "TauM": sim.Const(m.TauM)}
					}
				}
				res, err := sim.Run(context.Background(), net, 0.2, &sim.Options{Threads: 2})
				if err != nil {
					t.Fatal(err)
				}
				if res.NumSpikes() < 100 {
					t.Fatalf("%s: %d spikes", model, res.NumSpikes())
				}
				return res.SpikesSHA256()
			}
			if a, b := run(false), run(true); a != b {
				t.Errorf("%s %v: general loop gives other spikes (%s vs %s)", model, conv, b[:12], a[:12])
			}
		}
	}
}

// TestPerNeuronBias gives three neurons different bias currents and
// thresholds and checks each against the analytic LIF rate.
func TestPerNeuronBias(t *testing.T) {
	const taum, cm = 20 * sim.Millisecond, 250 * sim.Picofarad
	net := &sim.Network{Dt: 0.01 * sim.Millisecond}
	m := &sim.LIF{TauM: taum, EL: -70 * sim.Millivolt, VThreshold: -55 * sim.Millivolt, VReset: -70 * sim.Millivolt,
		Refractory: 2 * sim.Millisecond, Cm: cm, Synapse: sim.CurrentExp, TauE: 5 * sim.Millisecond, TauI: 5 * sim.Millisecond}
	p := net.AddPopulation("p", 3, m)
	bias := []float64{0.8 * sim.Nanoamp, 1.2 * sim.Nanoamp, 1.2 * sim.Nanoamp}
	vt := []float64{-55 * sim.Millivolt, -55 * sim.Millivolt, -50 * sim.Millivolt}
	p.Params = map[string]sim.Value{"Bias": sim.Array(bias), "VThreshold": sim.Array(vt)}
	res, err := sim.Run(context.Background(), net, 1, &sim.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	st := res.Spikes["p"]
	for i := 0; i < 3; i++ {
		var ts []float64
		for k, j := range st.Index {
			if int(j) == i {
				ts = append(ts, st.Time[k])
			}
		}
		if len(ts) < 3 {
			t.Fatalf("neuron %d: %d spikes", i, len(ts))
		}
		got := float64(len(ts)-1) / (ts[len(ts)-1] - ts[0])
		ri := taum / cm * bias[i]
		want := 1 / (2*sim.Millisecond + taum*math.Log(ri/(ri-(vt[i]+70*sim.Millivolt))))
		if math.Abs(got-want) > want*want*0.01*sim.Millisecond+0.005*want {
			t.Errorf("neuron %d: %.2f Hz, analytic %.2f Hz", i, got, want)
		}
	}
}

// TestAlphaSynapse checks that one event of weight w on an alpha synapse
// gives a conductance peaking at w a time tau after arrival.
func TestAlphaSynapse(t *testing.T) {
	for _, kind := range []sim.SynapseKind{sim.ConductanceAlpha, sim.CurrentAlpha} {
		for _, method := range []sim.Method{sim.Exact, sim.Euler} {
			net := &sim.Network{Dt: 0.01 * sim.Millisecond}
			src := net.AddPopulation("src", 1, &sim.SpikeTimes{Times: [][]float64{{1 * sim.Millisecond}}})
			m := &sim.LIF{TauM: 20 * sim.Millisecond, EL: -70 * sim.Millivolt, VThreshold: 0, VReset: -70 * sim.Millivolt,
				Synapse: kind, TauE: 2 * sim.Millisecond, TauI: 5 * sim.Millisecond, GLeak: 10 * sim.Nanosiemens, Method: method}
			dst := net.AddPopulation("dst", 1, m)
			w := 3 * sim.Nanosiemens
			if kind == sim.CurrentAlpha {
				w = 3 * sim.Millivolt
			}
			net.Connect(src, dst, "exc", sim.AllToAll{}, sim.Const(w), nil)
			net.Record(&sim.StateRecorder{Population: dst, Variable: "ge"}, &sim.StateRecorder{Population: dst, Variable: "v"})
			res, err := sim.Run(context.Background(), net, 20*sim.Millisecond, &sim.Options{Threads: 1})
			if err != nil {
				t.Fatal(err)
			}
			g := res.Traces[0].Values[0]
			peak, at := 0.0, 0
			for j, x := range g {
				if x > peak {
					peak, at = x, j
				}
			}
			// Arrival at 1 ms (start of step 100); the peak 2 ms later.
			tol := 0.005 * w
			if method == sim.Euler {
				tol = 0.02 * w
			}
			if math.Abs(peak-w) > tol || math.Abs(float64(at)*0.01-3) > 0.02 {
				t.Errorf("%v %v: peak %.4g at %.2f ms, want %.4g at 3 ms", kind, method, peak, float64(at)*0.01, w)
			}
			v := res.Traces[1].Values[0]
			if v[400] <= v[90] {
				t.Errorf("%v %v: no depolarisation", kind, method)
			}
		}
	}
}

package channels

import (
	"math"
	"strings"
	"testing"
)

// TestBadParameters checks that every constructor rejects invalid
// parameters with an error naming the parameter.
func TestBadParameters(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cell := func(mod func(*Cell)) func() error {
		return func() error {
			c, err := HH(6.3, Exact)
			if err != nil {
				return err
			}
			mod(c)
			_, err = NewPopulation(c, 3)
			return err
		}
	}
	stell := func(mod func(*StellateParams)) func() error {
		return func() error {
			p := DefaultStellateParams()
			mod(&p)
			_, err := Stellate(p)
			return err
		}
	}
	inter := func(mod func(*InterneuronParams)) func() error {
		return func() error {
			p := DefaultInterneuronParams()
			mod(&p)
			_, err := WangBuzsaki(p)
			return err
		}
	}
	sim := func(mod func(*Protocol)) func() error {
		return func() error {
			c, err := HH(6.3, Exact)
			if err != nil {
				return err
			}
			p := Protocol{TStopMs: 1}
			mod(&p)
			_, err = Simulate(c, p)
			return err
		}
	}
	for _, tc := range []struct {
		name string
		call func() error
		want string // substring of the error
	}{
		{"HH celsius NaN", func() error { _, err := HH(nan, Exact); return err }, "celsius"},
		{"HH celsius below absolute zero", func() error { _, err := HH(-300, Exact); return err }, "celsius"},
		{"HH bad rate mode", func() error { _, err := HH(6.3, RateMode(7)); return err }, "rate mode"},
		{"HHNa negative gbar", func() error { _, err := NewHHNa(-0.12, 50, 6.3, Exact); return err }, "gBarScm2"},
		{"HHNa infinite ena", func() error { _, err := NewHHNa(0.12, inf, 6.3, Exact); return err }, "eNaMV"},
		{"HHK NaN gbar", func() error { _, err := NewHHK(nan, -77, 6.3, Exact); return err }, "gBarScm2"},
		{"HHK infinite celsius", func() error { _, err := NewHHK(0.036, -77, inf, Exact); return err }, "celsius"},
		{"Leak negative g", func() error { _, err := NewLeak("pas", -1e-4, -65); return err }, "gScm2"},
		{"Leak NaN e", func() error { _, err := NewLeak("pas", 1e-4, nan); return err }, "eMV"},
		{"WBNa negative gbar", func() error { _, err := NewWBNa(-1, 55, 37, Tabulated); return err }, "gBarScm2"},
		{"WBK bad rate mode", func() error { _, err := NewWBK(0.009, -90, 37, RateMode(-1)); return err }, "rate mode"},
		{"Theta negative frequency", func() error { _, err := NewTheta("", 1e-4, -0.01, 0, 0); return err }, "freqPerMs"},
		{"Theta NaN amplitude", func() error { _, err := NewTheta("", nan, 0.01, 0, 0); return err }, "ampMAcm2"},
		{"StellateNa negative gnap", func() error { _, err := NewStellateNa(0.052, -1, 55); return err }, "gNaPBarScm2"},
		{"StellateKdr infinite gbar", func() error { _, err := NewStellateKdr(inf, -90); return err }, "gBarScm2"},
		{"StellateH negative hf tau", func() error { _, err := NewStellateH(0.0015, -20, -0.51, 5.6); return err }, "hfTauMs"},
		{"StellateH NaN hs tau", func() error { _, err := NewStellateH(0.0015, -20, 0.51, nan); return err }, "hsTauMs"},
		{"Stellate zero area", stell(func(p *StellateParams) { p.AreaUm2 = 0 }), "AreaUm2"},
		{"Stellate negative cm", stell(func(p *StellateParams) { p.CmUFcm2 = -1.5 }), "CmUFcm2"},
		{"Stellate negative gh", stell(func(p *StellateParams) { p.GhBarScm2 = -0.0015 }), "GhBarScm2"},
		{"Stellate negative HsTau", stell(func(p *StellateParams) { p.HsTauMs = -5.6 }), "HsTauMs"},
		{"Interneuron bad rate mode", inter(func(p *InterneuronParams) { p.Rates = 2 }), "rate mode"},
		{"Stellate NaN threshold", stell(func(p *StellateParams) { p.ThresholdMV = nan }), "ThresholdMV"},
		{"Stellate negative theta frequency", stell(func(p *StellateParams) { p.ThetaFreqPerMs = -1 }), "ThetaFreqPerMs"},
		{"Interneuron infinite area", inter(func(p *InterneuronParams) { p.AreaUm2 = inf }), "AreaUm2"},
		{"Interneuron zero cm", inter(func(p *InterneuronParams) { p.CmUFcm2 = 0 }), "CmUFcm2"},
		{"Interneuron NaN celsius", inter(func(p *InterneuronParams) { p.Celsius = nan }), "celsius"},
		{"Interneuron negative leak", inter(func(p *InterneuronParams) { p.GLeakScm2 = -1 }), "GLeakScm2"},
		{"Interneuron NaN v_init", inter(func(p *InterneuronParams) { p.VInitMV = nan }), "VInitMV"},
		{"Cell negative area", cell(func(c *Cell) { c.AreaUm2 = -500 }), "AreaUm2"},
		{"Cell nil channel", cell(func(c *Cell) { c.Channels = append(c.Channels, nil) }), "nil"},
		{"Cell duplicate channel", cell(func(c *Cell) { c.Channels = append(c.Channels, c.Channels[0]) }), "two channels"},
		{"Population negative size", func() error {
			c, _ := HH(6.3, Exact)
			_, err := NewPopulation(c, -1)
			return err
		}, "n = -1"},
		{"Population nil cell", func() error { _, err := NewPopulation(nil, 1); return err }, "nil cell"},
		{"Exp2Syn zero tau1", func() error { _, err := NewExp2Syn(1, 0, 5.3, 0); return err }, "tau1Ms"},
		{"Exp2Syn negative tau2", func() error { _, err := NewExp2Syn(1, 0.78, -5.3, 0); return err }, "tau2Ms"},
		{"Exp2Syn NaN e", func() error { _, err := NewExp2Syn(1, 0.78, 5.3, nan); return err }, "eMV"},
		{"Exp2Syn negative n", func() error { _, err := NewExp2Syn(-2, 0.78, 5.3, 0); return err }, "n = -2"},
		{"Exp2SynFactor NaN", func() error { _, err := Exp2SynFactor(nan, 5.3); return err }, "tau1Ms"},
		{"Simulate negative dt", sim(func(p *Protocol) { p.DtMs = -0.025 }), "DtMs"},
		{"Simulate zero duration", sim(func(p *Protocol) { p.TStopMs = 0 }), "TStopMs"},
		{"Simulate negative RecordEvery", sim(func(p *Protocol) { p.RecordEvery = -1 }), "RecordEvery"},
		{"Simulate negative clamp duration", sim(func(p *Protocol) { p.Clamps = []Clamp{{0, -1, 0.1}} }), "Clamps[0].DurMs"},
		{"Simulate event to missing synapse", sim(func(p *Protocol) { p.Events = []Event{{TMs: 1, Syn: 0, WeightUS: 1e-3}} }), "Events[0].Syn"},
		{"Simulate bad synapse", sim(func(p *Protocol) { p.Synapses = []SynapseSpec{{Tau1Ms: -1, Tau2Ms: 2}} }), "Synapses[0]"},
		{"Simulate NaN event weight", sim(func(p *Protocol) {
			p.Synapses = []SynapseSpec{{Tau1Ms: 1, Tau2Ms: 2}}
			p.Events = []Event{{TMs: 1, Syn: 0, WeightUS: nan}}
		}), "Events[0].WeightUS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if err == nil {
				t.Fatalf("no error, want one mentioning %q", tc.want)
			}
			t.Log(err)
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

// TestGoodParameters checks that the boundary values the constructors
// document as valid are accepted.
func TestGoodParameters(t *testing.T) {
	if _, err := NewHHNa(0, 50, 6.3, Tabulated); err != nil {
		t.Error(err)
	}
	if _, err := NewStellateH(0, -20, 0, 0); err != nil {
		t.Error(err)
	}
	if _, err := NewTheta("x", 0, 0, 0, 0); err != nil {
		t.Error(err)
	}
	if _, err := NewExp2Syn(0, 2, 2, 0); err != nil { // tau1 = tau2 is adjusted, as NEURON does
		t.Error(err)
	}
	c, err := HH(6.3, Exact)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := NewPopulation(c, 0); err != nil || p.Len() != 0 {
		t.Errorf("empty population: %v, %v", p, err)
	}
}

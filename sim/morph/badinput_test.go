package morph_test

import (
	"math"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

// TestChannelsWhereTheyMakeNoSense: channels that cannot work where they
// are inserted are errors naming the mechanism or channel and the segment.
func TestChannelsWhereTheyMakeNoSense(t *testing.T) {
	sqrtGate, err := channels.NewGeneric(channels.GenericSpec{Name: "bad", GBarScm2: 1e-3, EMV: -80,
		Gates: []channels.Gate{{Name: "x", Power: 1,
			Inf: func(v float64) float64 { return math.Sqrt(v + 70) }, // NaN below -70 mV
			Tau: func(float64) float64 { return 1 }}}})
	if err != nil {
		t.Fatal(err)
	}
	dotted, _ := channels.NewLeak("pas.v2", 1e-4, -65)
	hhk, _ := channels.NewHHK(0.036, -77, 6.3, channels.Exact)
	otherK, err := channels.NewGeneric(channels.GenericSpec{Name: "hh_k", GBarScm2: 0.01, EMV: -77, Gates: channels.HHGates(true)[1:]})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		mechs []morph.Mechanism
		vInit float64
		want  string
	}{
		{"not finite at rest", []morph.Mechanism{{Name: "bad", Where: morph.Region(morph.Basal), Channels: morph.Uniform(sqrtGate)}}, -80,
			`channel "bad" in dend(0.1): gate x = NaN at the initial potential -80 mV`},
		{"finite at rest", []morph.Mechanism{{Name: "bad", Where: morph.Region(morph.Basal), Channels: morph.Uniform(sqrtGate)}}, -65, ""},
		{"density negative far away", []morph.Mechanism{{Name: "pas", Channels: func(s morph.Segment) ([]channels.Channel, error) {
			l, err := channels.NewLeak("pas", 1e-4-s.DistUm*2e-6, -65)
			return []channels.Channel{l}, err
		}}}, -65, "mechanism pas in dend(0.5): channels: pas: gScm2 = -"},
		{"dot in a channel name", []morph.Mechanism{{Name: "pas", Channels: morph.Uniform(dotted)}}, -65, `channel name "pas.v2"`},
		{"one name, other gates", []morph.Mechanism{
			{Name: "k", Where: morph.Region(morph.Soma), Channels: morph.Uniform(hhk)},
			{Name: "k2", Where: morph.Region(morph.Basal), Channels: morph.Uniform(otherK)}}, -65,
			`mechanism k2 in dend(0.1): channel "hh_k" has gates [h], elsewhere [n]`},
	} {
		m := morph.BallAndStick(10, 100, 1)
		m.Sections[1].Nseg = 5
		_, err := morph.NewPopulation(&morph.Cell{Morphology: m, Mechanisms: tc.mechs, VInitMV: tc.vInit}, 1)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

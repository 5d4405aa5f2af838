package morph_test

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

// TestGenericChannelInCompartments runs a ball-and-stick cell with hh on
// the soma and, at one third of the density, on the dendrite (11
// segments), once with the built-in hh channels and once with channels
// built by channels.NewGeneric from hh's rate functions (with hh.mod's
// table): every compartment's potential must be bit-identical for 50 ms
// with spikes.
func TestGenericChannelInCompartments(t *testing.T) {
	table := &channels.TableSpec{VMinMV: -100, VMaxMV: 100, Steps: 200}
	builtin := func(g float64) []channels.Channel {
		na, _ := channels.NewHHNa(0.12*g, 50, 6.3, channels.Tabulated)
		k, _ := channels.NewHHK(0.036*g, -77, 6.3, channels.Tabulated)
		l, _ := channels.NewLeak("hh_l", 0.0003, -54.3)
		return []channels.Channel{na, k, l}
	}
	generic := func(g float64) []channels.Channel {
		na, err := channels.NewGeneric(channels.GenericSpec{Name: "hh_na", GBarScm2: 0.12 * g, EMV: 50, Gates: channels.HHGates(true), Table: table})
		if err != nil {
			t.Fatal(err)
		}
		k, err := channels.NewGeneric(channels.GenericSpec{Name: "hh_k", GBarScm2: 0.036 * g, EMV: -77, Gates: channels.HHGates(false), Table: table})
		if err != nil {
			t.Fatal(err)
		}
		l, _ := channels.NewLeak("hh_l", 0.0003, -54.3)
		return []channels.Channel{na, k, l}
	}
	run := func(chs func(float64) []channels.Channel) (*morph.Population, [][]float64, int) {
		m := morph.BallAndStick(12.6157, 200, 1)
		m.Sections[1].Nseg = 11
		c := &morph.Cell{Morphology: m, RaOhmCm: 100, VInitMV: -65, ThresholdMV: 0,
			Mechanisms: []morph.Mechanism{
				{Name: "hh", Where: morph.Region(morph.Soma), Channels: morph.Uniform(chs(1)...)},
				{Name: "hhd", Where: morph.Region(morph.Basal), Channels: morph.Uniform(chs(1. / 3)...)}},
			Clamps: []morph.IClamp{{At: morph.At("soma", 0.5), DelMs: 5, DurMs: 40, AmpNA: 0.3}}}
		p, err := morph.NewPopulation(c, 3)
		if err != nil {
			t.Fatal(err)
		}
		var trace [][]float64
		var spk []int
		n := 0
		for s := 0; s < 2000; s++ {
			spk = p.Step(0, 3, float64(s)*0.025, 0.025, morph.Input{}, spk[:0])
			n += len(spk)
			row := make([]float64, p.Nodes())
			for i := range row {
				row[i] = p.V(i, 1)
			}
			trace = append(trace, row)
		}
		return p, trace, n
	}
	_, a, na := run(builtin)
	_, b, nb := run(generic)
	for s := range a {
		for i := range a[s] {
			if math.Float64bits(a[s][i]) != math.Float64bits(b[s][i]) {
				t.Fatalf("step %d node %d: generic %v mV, built-in %v mV", s, i, b[s][i], a[s][i])
			}
		}
	}
	t.Logf("%d and %d spikes (3 cells), traces bit-identical", na, nb)
	if na < 6 || na != nb {
		t.Errorf("%d spikes with the built-in channels, %d with the generic ones", na, nb)
	}
}

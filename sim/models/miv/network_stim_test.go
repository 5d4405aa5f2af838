package miv

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

// TestStrideTrains checks the rc-separation rule on a known train: gid g
// plays elements g, g+10, ... (rc.py's stimulus[gid::10]); gids past
// the train's end play nothing; bad input is refused.
func TestStrideTrains(t *testing.T) {
	train := make([]float64, 25)
	for i := range train {
		train[i] = float64(i) * 2
	}
	got, err := StrideTrains(train, []int{0, 3, 9, 24, 30}, RCStride)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]float64{0: {0, 20, 40}, 3: {6, 26, 46}, 9: {18, 38}, 24: {48}, 30: nil}
	for g, w := range want {
		if !slices.Equal(got[g], w) {
			t.Errorf("gid %d: %v, want %v", g, got[g], w)
		}
	}
	if _, err := StrideTrains([]float64{2, 1}, []int{0}, 10); err == nil {
		t.Error("a train out of order: no error")
	}
	if _, err := StrideTrains(train, []int{0}, 0); err == nil {
		t.Error("stride 0: no error")
	}
}

// TestPoissonTrain checks the Poisson trains: ascending in [0, T), the
// count of a 100 s train at 80 Hz within 4 sigma of 8000, the intervals'
// coefficient of variation within 0.03 of 1, the same train for the same
// seed and key, another for another key.
func TestPoissonTrain(t *testing.T) {
	tr, err := PoissonTrain(80, 1e5, 50e6, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(tr) || tr[0] < 0 || tr[len(tr)-1] >= 1e5 {
		t.Fatalf("train not ascending in [0, 1e5)")
	}
	if d := math.Abs(float64(len(tr)) - 8000); d > 4*math.Sqrt(8000) {
		t.Errorf("%d spikes, want 8000 within 4 sigma", len(tr))
	}
	var s, s2 float64
	for i := 1; i < len(tr); i++ {
		d := tr[i] - tr[i-1]
		s, s2 = s+d, s2+d*d
	}
	m := s / float64(len(tr)-1)
	if cv := math.Sqrt(s2/float64(len(tr)-1)-m*m) / m; math.Abs(cv-1) > 0.03 {
		t.Errorf("CV of the intervals %.3f, want 1", cv)
	}
	again, _ := PoissonTrain(80, 1e5, 50e6, 3)
	other, _ := PoissonTrain(80, 1e5, 50e6, 4)
	if !slices.Equal(tr, again) || slices.Equal(tr[:10], other[:10]) {
		t.Error("trains do not depend on (seed, key) alone")
	}
	for _, bad := range [][2]float64{{-1, 10}, {math.Inf(1), 10}, {10, -1}, {math.NaN(), 1}} {
		if _, err := PoissonTrain(bad[0], bad[1], 1, 1); err == nil {
			t.Errorf("rate %g, duration %g: no error", bad[0], bad[1])
		}
	}
}

// TestDefaultStimTrains: Microcircuit_Small (Stimulus Peak Rate STIM
// constant 80 Hz, probability 1) gives each of its 10 STIM gids its own
// train (PoissonTrain at 80 Hz keyed by the gid); rc-separation (no
// Stimulus) one train at the given rate spread by the stride rule (gid g
// plays ceil((L - g) / 10) of its L elements).
func TestDefaultStimTrains(t *testing.T) {
	dir := refdata.Require(t, "miv/cases/1-construction")
	small, err := Load(filepath.Join(dir, "config", "Microcircuit_Small.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if r, ok, err := small.StimRateHz("STIM"); err != nil || !ok || r != 80 {
		t.Fatalf("StimRateHz(STIM) = %g, %v, %v; want 80", r, ok, err)
	}
	got, err := small.DefaultStimTrains(500, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 10 {
		t.Fatalf("%d trains, want 10", len(got))
	}
	for g := range 10 {
		want, _ := PoissonTrain(80, 500, small.RandomSeeds.InputSpiketrains, uint64(g))
		if !slices.Equal(got[g], want) {
			t.Errorf("gid %d: %v, want %v", g, got[g], want)
		}
	}
	rc, err := Load(filepath.Join("..", "..", "..", "examples", "miv", "rc-separation.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	got, err = rc.DefaultStimTrains(500, 200)
	if err != nil {
		t.Fatal(err)
	}
	one, _ := PoissonTrain(200, 500, rc.RandomSeeds.InputSpiketrains, 0)
	gids := make([]int, 64)
	for i := range gids {
		gids[i] = i
	}
	want, _ := StrideTrains(one, gids, 10)
	for g := range 64 {
		if !slices.Equal(got[g], want[g]) {
			t.Errorf("rc gid %d: %v, want %v", g, got[g], want[g])
		}
		// stimulus[g::10] has ceil((L - g) / 10) elements.
		if n := max(0, (len(one)-g+9)/10); len(got[g]) != n {
			t.Errorf("rc gid %d: %d spikes of a train of %d, want %d", g, len(got[g]), len(one), n)
		}
	}
}

// TestNetworkBadInput: a duration <= 0, a missing template, an unknown
// mechanism label, a train for a cell that is not STIM, a train out of
// order and an unknown recording profile are errors naming the key.
func TestNetworkBadInput(t *testing.T) {
	cfg, con, tdir := smallNetwork(t, tinyCounts)
	ok := NetworkOptions{TemplatesDir: tdir, Threads: 1, TstopMs: 1}
	for _, c := range []struct {
		name string
		edit func(o *NetworkOptions, c *Config)
		want string
	}{
		{"tstop 0", func(o *NetworkOptions, _ *Config) { o.TstopMs = 0 }, "tstop 0 ms"},
		{"tstop < 0", func(o *NetworkOptions, _ *Config) { o.TstopMs = -5 }, "tstop -5 ms"},
		{"missing template", func(_ *NetworkOptions, c *Config) { c.CellTypes.Item("PVBC").Value.Template = "NoSuchCell" }, `Cell Types.PVBC.template "NoSuchCell"`},
		{"unknown label", func(_ *NetworkOptions, c *Config) {
			p, _ := c.ConnectionGenerator.Synapses.Get("PYR")
			p.Item("STIM").Value.Mechanisms.Item("NMDA").Name = "NMDX"
		}, `Connection Generator.Synapses.PYR.STIM.mechanisms.NMDX: unknown mechanism label "NMDX"`},
		{"unknown parameter", func(_ *NetworkOptions, c *Config) {
			p, _ := c.ConnectionGenerator.Synapses.Get("PYR")
			p.Item("STIM").Value.Mechanisms.Item("AMPA").Value.Item("tau_rise").Name = "tau_riseX"
		}, "PYR.STIM.mechanisms.AMPA.tau_riseX: LinExp2Syn has no such parameter"},
		{"train of a PYR", func(o *NetworkOptions, _ *Config) { o.StimTrains = map[int][]float64{2: {1}} }, "gid 2, which is not a STIM"},
		{"train out of order", func(o *NetworkOptions, _ *Config) { o.StimTrains = map[int][]float64{1: {3, 1}} }, "STIM gid 1: spike 1 at 1 ms before spike 0"},
		{"negative time", func(o *NetworkOptions, _ *Config) { o.StimTrains = map[int][]float64{0: {-1}} }, "STIM gid 0: spike 0 at -1 ms"},
		{"recording profile", func(o *NetworkOptions, _ *Config) { o.Recording = "Nope" }, "Recording.Intracellular.Nope: no such profile"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cc, _ := Load(cfg.Path)
			cc.Geometry = cfg.Geometry
			o := ok
			c.edit(&o, cc)
			_, err := BuildNetwork(cc, con, o)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%v, want an error with %q", err, c.want)
			}
		})
	}
	n, err := BuildNetwork(cfg, con, ok)
	if err != nil {
		t.Fatalf("the unedited network: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := n.Run(ctx); err == nil {
		t.Error("a cancelled run: no error")
	}
}

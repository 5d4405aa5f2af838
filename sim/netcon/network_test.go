package netcon_test

import (
	"compress/gzip"
	"context"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/testcells"
	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/netcon"
)

// The network of `scripts/nmodl-ref/cell_ref.py --network`.
const (
	netDelayMs    = 1.5
	netWeight     = 0.08
	netBackWeight = 0.01
)

// twoCells returns the cells A (with the IClamp) and B (without) and their
// connections A -> B and B -> A, as groups: both cells in one group, or
// one group each.
func twoCells(t *testing.T, split bool) (*netcon.Network, []*morph.CellGroup) {
	t.Helper()
	a := testcells.V5(1)
	a.ThresholdMV = -20
	b := testcells.V5(1)
	b.ThresholdMV = -20
	b.Clamps = nil
	var groups []*morph.CellGroup
	var refs []netcon.CellRef
	if split {
		for k, c := range []*morph.Cell{a, b} {
			g, err := morph.NewCellGroup([]*morph.Cell{c}, 0.025, 34)
			if err != nil {
				t.Fatal(err)
			}
			groups = append(groups, g)
			refs = append(refs, netcon.CellRef{Group: k})
		}
	} else {
		g, err := morph.NewCellGroup([]*morph.Cell{a, b}, 0.025, 34)
		if err != nil {
			t.Fatal(err)
		}
		groups = []*morph.CellGroup{g}
		refs = []netcon.CellRef{{Group: 0, Cell: 0}, {Group: 0, Cell: 1}}
	}
	var conns []netcon.Connection
	for _, e := range []struct {
		src, dst int
		w        float64
	}{{0, 1, netWeight}, {1, 0, netBackWeight}} {
		d := refs[e.dst]
		syn, err := groups[d.Group].PointProcess(d.Cell, "syn")
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, netcon.Connection{Source: refs[e.src], TargetGroup: d.Group, Target: syn,
			DelayMs: netDelayMs, Weight: []float64{e.w, 1}})
	}
	n, err := netcon.New(groups, conns)
	if err != nil {
		t.Fatal(err)
	}
	return n, groups
}

// readNet reads the NEURON reference: the spike times of A and B and the
// soma potentials every 4th step.
func readNet(t *testing.T) (spikes [2][]float64, rows [][]float64) {
	t.Helper()
	f, err := os.Open("testdata/neuron_net_v5.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "# spikes A:"), strings.HasPrefix(line, "# spikes B:"):
			k := 0
			if strings.HasPrefix(line, "# spikes B:") {
				k = 1
			}
			for _, s := range strings.Fields(line[len("# spikes A:"):]) {
				x, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatal(err)
				}
				spikes[k] = append(spikes[k], x)
			}
		case line == "", strings.HasPrefix(line, "#"), strings.HasPrefix(line, "t_ms"):
		default:
			var row []float64
			for _, s := range strings.Split(line, ",") {
				x, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatal(err)
				}
				row = append(row, x)
			}
			rows = append(rows, row)
		}
	}
	return spikes, rows
}

// TestMatchesNEURON runs two v5 cells connected both ways (A drives B
// strongly, B feeds back weakly, delay 1.5 ms) and compares with NEURON
// 8.2.2 (cell_ref.py --network): the same spikes of both cells (A 11, B
// 11), each at the same step, and the somatic potentials within 1e-6 mV
// over 200 ms.
func TestMatchesNEURON(t *testing.T) {
	want, rows := readNet(t)
	n, groups := twoCells(t, false)
	va, err := groups[0].Probe(0, morph.At("soma", 0.5), "v")
	if err != nil {
		t.Fatal(err)
	}
	vb, err := groups[0].Probe(1, morph.At("soma", 0.5), "v")
	if err != nil {
		t.Fatal(err)
	}
	var got [2][]float64
	worst := 0.
	for r, row := range rows {
		if r > 0 {
			spikes, err := n.Run(context.Background(), row[0]+0.0125, 1)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range spikes {
				got[s.Cell.Cell] = append(got[s.Cell.Cell], s.TMs)
			}
		}
		worst = max(worst, math.Abs(va.Value()-row[1]), math.Abs(vb.Value()-row[2]))
	}
	t.Logf("somatic potentials within %.3g mV of NEURON's", worst)
	if !(worst <= 1e-6) {
		t.Errorf("somatic potentials differ from NEURON's by %.3g mV (tolerance 1e-6)", worst)
	}
	for k := range 2 {
		if len(got[k]) != len(want[k]) || len(want[k]) < 10 {
			t.Fatalf("cell %d: %d spikes, NEURON %d", k, len(got[k]), len(want[k]))
		}
		for i := range want[k] {
			if math.Abs(got[k][i]-want[k][i]) > 1e-6 {
				t.Errorf("cell %d spike %d at %.6f ms, NEURON %.6f ms", k, i, got[k][i], want[k][i])
			}
		}
	}
}

// TestSameForAnyGrouping checks that the spikes and potentials are the
// same bits with both cells in one group and one group each, on one and
// two threads.
func TestSameForAnyGrouping(t *testing.T) {
	type result struct {
		spikes []netcon.Spike
		v      []float64
	}
	run := func(split bool, threads int) result {
		n, groups := twoCells(t, split)
		spikes, err := n.Run(context.Background(), 120, threads)
		if err != nil {
			t.Fatal(err)
		}
		var r result
		for _, s := range spikes {
			s.Cell = netcon.CellRef{Cell: s.Cell.Group + s.Cell.Cell}
			r.spikes = append(r.spikes, s)
		}
		for k := range 2 {
			g, c := 0, k
			if split {
				g, c = k, 0
			}
			p, err := groups[g].Probe(c, morph.At("tuft", 0.5), "v")
			if err != nil {
				t.Fatal(err)
			}
			r.v = append(r.v, p.Value())
		}
		return r
	}
	ref := run(false, 1)
	if len(ref.spikes) < 10 {
		t.Fatalf("%d spikes", len(ref.spikes))
	}
	for _, tc := range []struct {
		split   bool
		threads int
	}{{true, 1}, {true, 2}, {false, 2}} {
		r := run(tc.split, tc.threads)
		if len(r.spikes) != len(ref.spikes) {
			t.Fatalf("split %v threads %d: %d spikes, want %d", tc.split, tc.threads, len(r.spikes), len(ref.spikes))
		}
		for i := range r.spikes {
			if r.spikes[i] != ref.spikes[i] {
				t.Errorf("split %v threads %d: spike %d %+v, want %+v", tc.split, tc.threads, i, r.spikes[i], ref.spikes[i])
			}
		}
		for k := range r.v {
			if r.v[k] != ref.v[k] {
				t.Errorf("split %v threads %d: v %d = %.17g, want %.17g", tc.split, tc.threads, k, r.v[k], ref.v[k])
			}
		}
	}
}

// TestBadConnections checks the errors of New.
func TestBadConnections(t *testing.T) {
	_, groups := twoCells(t, true)
	syn, err := groups[1].PointProcess(0, "syn")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		c    netcon.Connection
		want string
	}{
		{netcon.Connection{Source: netcon.CellRef{Group: 2}, TargetGroup: 1, Target: syn, DelayMs: 1}, "no source cell"},
		{netcon.Connection{Source: netcon.CellRef{Cell: 1}, TargetGroup: 1, Target: syn, DelayMs: 1}, "no source cell"},
		{netcon.Connection{TargetGroup: 5, Target: syn, DelayMs: 1}, "no target group"},
		{netcon.Connection{TargetGroup: 1, Target: morph.PointRef{}, DelayMs: 1}, "no NET_RECEIVE"},
		{netcon.Connection{TargetGroup: 1, Target: syn, DelayMs: -1}, "want >= 0"},
		{netcon.Connection{TargetGroup: 1, Target: syn, DelayMs: math.NaN()}, "want >= 0"},
	} {
		if _, err := netcon.New(groups, []netcon.Connection{tc.c}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one containing %q", tc.c, err, tc.want)
		}
	}
	if _, err := netcon.New(nil, nil); err == nil {
		t.Error("no groups accepted")
	}
}

// TestProgress checks that Progress reports every exchange interval, in
// increasing time, up to the end, with the spikes so far.
func TestProgress(t *testing.T) {
	n, _ := twoCells(t, true)
	var times []float64
	last := 0
	n.Progress = func(tMs float64, spikes int) {
		times = append(times, tMs)
		last = spikes
	}
	spikes, err := n.Run(context.Background(), 60, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := int(math.Ceil(60 / (float64(n.StepsPerExchange()) * 0.025)))
	if len(times) != want || math.Abs(times[len(times)-1]-60) > 1e-9 || last != len(spikes) {
		t.Fatalf("%d reports ending at %g ms with %d spikes, want %d ending at 60 with %d", len(times), times[len(times)-1], last, want, len(spikes))
	}
	for k := 1; k < len(times); k++ {
		if times[k] <= times[k-1] {
			t.Fatalf("report %d at %g ms after %g", k, times[k], times[k-1])
		}
	}
}

// TestTrains: a spike train (Options.Trains, NEURON's VecStim) acts on
// its connection's target exactly as the same events sent to a twin
// group by hand (the soma potential equal bit for bit every 0.5 ms over
// 10 ms, the run cut in pieces), its spikes are among Run's, and bad
// trains are errors naming them.
func TestTrains(t *testing.T) {
	const delayMs, w = 1.5, 0.05
	train := []float64{0, 1.0, 1.3, 1.3125, 4.0, 9.9}
	cell := func() (*morph.CellGroup, morph.PointRef, morph.Probe) {
		c := testcells.V5(1)
		c.Clamps = nil
		g, err := morph.NewCellGroup([]*morph.Cell{c}, 0.025, 34)
		if err != nil {
			t.Fatal(err)
		}
		syn, err := g.PointProcess(0, "syn")
		if err != nil {
			t.Fatal(err)
		}
		v, err := g.Probe(0, morph.Location{Section: "soma", X: 0.5}, "v")
		if err != nil {
			t.Fatal(err)
		}
		return g, syn, v
	}
	g, syn, v := cell()
	net, err := netcon.NewWithOptions([]*morph.CellGroup{g},
		[]netcon.Connection{{SourceGid: 100, TargetGroup: 0, Target: syn, DelayMs: delayMs, Weight: []float64{w}}},
		&netcon.Options{Gids: [][]uint64{{7}}, Trains: map[uint64][]float64{100: train}})
	if err != nil {
		t.Fatal(err)
	}
	twin, tsyn, tv := cell()
	for _, ts := range train {
		if err := twin.Send(tsyn, ts+delayMs, []float64{w}); err != nil {
			t.Fatal(err)
		}
	}
	var spikes []netcon.Spike
	v0, vMax := v.Value(), math.Inf(-1)
	for k := 1; k <= 20; k++ {
		sp, err := net.Run(context.Background(), 0.5*float64(k), 1)
		if err != nil {
			t.Fatal(err)
		}
		spikes = append(spikes, sp...)
		for twin.T() < g.T()-0.0125 {
			twin.Step(nil)
		}
		if v.Value() != tv.Value() {
			t.Fatalf("t = %g ms: v %.17g, by hand %.17g", g.T(), v.Value(), tv.Value())
		}
		vMax = max(vMax, v.Value())
	}
	t.Logf("v from %g mV to at most %g mV", v0, vMax)
	if vMax-v0 < 0.5 {
		t.Errorf("v from %g to at most %g mV: the train's events did not depolarise the cell, the test sees nothing", v0, vMax)
	}
	var got []float64
	for _, s := range spikes {
		if s.Gid == 100 {
			got = append(got, s.TMs)
		}
	}
	if !slices.Equal(got, train) {
		t.Errorf("train spikes %v, want %v", got, train)
	}
	for _, tc := range []struct {
		trains map[uint64][]float64
		gids   [][]uint64
		want   string
	}{
		{map[uint64][]float64{7: {1}}, [][]uint64{{7}}, "gid 7, which is a cell"},
		{map[uint64][]float64{100: {2, 1}}, [][]uint64{{7}}, "spike 1 at 1 ms"},
		{map[uint64][]float64{100: {-1}}, [][]uint64{{7}}, "spike 0 at -1 ms"},
		{map[uint64][]float64{100: {1}}, nil, "need Options.Gids"},
	} {
		g, _, _ := cell()
		if _, err := netcon.NewWithOptions([]*morph.CellGroup{g}, nil, &netcon.Options{Gids: tc.gids, Trains: tc.trains}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("trains %v: error %v, want one containing %q", tc.trains, err, tc.want)
		}
	}
}

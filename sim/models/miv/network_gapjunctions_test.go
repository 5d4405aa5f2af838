package miv

import (
	"context"
	"flag"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models"
)

// gapTiny is the tiny network (2 STIM with Poisson trains, 2 PYR, 1
// PVBC, 1 OLM) with one gap junction of coupling 5 (g = 5 nS) between
// the two PYR cells, on the first apical section at 0.5 of the first and
// the first basal section at 0.3 of the second (nil sets: none), soma v
// of every cell recorded.
func gapTiny(t *testing.T, threads int, sets func(*Construction) []GapJunctionSet) (*Network, []Spike) {
	t.Helper()
	cfg, con, tdir := smallNetwork(t, tinyCounts)
	con.GapJunctions = sets(con)
	const tstop = 30
	trains, err := cfg.DefaultStimTrains(tstop, 0)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Recording.Intracellular.Item(DefaultRecording).Value.Fraction = 1
	n, err := BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tdir, Threads: threads, TstopMs: tstop, StimTrains: trains, NoLFP: true})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := n.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n, sp
}

// pyrGap is the junction of gapTiny.
func pyrGap(con *Construction) []GapJunctionSet {
	s := con.Somata["PYR"]
	byType := sectionsByType(con.Trees["PYR"])
	return []GapJunctionSet{{Source: "PYR", Destination: "PYR", Junctions: []GapJunction{{
		SourceGid: s.Start, DestinationGid: s.Start + 1,
		SourceSection: byType[SWCApical][0], DestinationSection: byType[SWCBasal][0],
		SourcePosition: 0.5, DestinationPosition: 0.3, SourceCoupling: 5, DestinationCoupling: 1,
	}}}}
}

// TestNetworkGapJunctionThreads runs gapTiny on 1 and 2 threads: the
// two coupled PYR cells share a group (2 groups on 2 threads: PVBC and
// OLM make a second), spikes and soma potentials equal bit for bit; the
// junction changes the PYR potentials (against the network without it,
// by more than 0.01 mV somewhere).
func TestNetworkGapJunctionThreads(t *testing.T) {
	a, sa := gapTiny(t, 1, pyrGap)
	b, sb := gapTiny(t, 2, pyrGap)
	c, _ := gapTiny(t, 1, func(*Construction) []GapJunctionSet { return nil })
	if a.GapJunctions != 1 || c.GapJunctions != 0 {
		t.Fatalf("%d and %d gap junctions, want 1 and 0", a.GapJunctions, c.GapJunctions)
	}
	if len(b.Groups) != 2 {
		t.Fatalf("%d groups on 2 threads, want 2", len(b.Groups))
	}
	p0, p1 := b.Cell(b.Config.PopulationRanges()[1].Start), b.Cell(b.Config.PopulationRanges()[1].Start+1)
	if p0.Population != "PYR" || p1.Population != "PYR" || p0.Ref.Group != p1.Ref.Group {
		t.Fatalf("PYR cells %s %+v and %s %+v: want both PYR in one group", p0.Population, p0.Ref, p1.Population, p1.Ref)
	}
	if !slices.Equal(sa, sb) {
		t.Errorf("spikes differ between 1 and 2 threads")
	}
	maxDiff := 0.
	for i, tr := range a.Intracellular.Traces {
		if !slices.Equal(tr.Values, b.Intracellular.Traces[i].Values) {
			t.Errorf("soma v of gid %d (%s) differs between 1 and 2 threads", tr.Gid, tr.RecID)
		}
		if tr.Population == "PYR" {
			for k := range tr.Values {
				maxDiff = max(maxDiff, math.Abs(tr.Values[k]-c.Intracellular.Traces[i].Values[k]))
			}
		}
	}
	t.Logf("%d spikes; PYR soma v with and without the junction differ by up to %.3g mV", len(sa), maxDiff)
	if !(maxDiff > 0.01) {
		t.Errorf("the junction changes the PYR soma v by %g mV at most: want > 0.01", maxDiff)
	}
}

// TestNetworkGapJunctionCurrents steps gapTiny step by step and checks
// at every step that each half's current (ggap's i, nA into the cell) is
// g (v_other − v_self) with g = 0.001 × Source coupling = 0.005 µS for
// both halves (relative 1e-12), the potentials those at the two
// locations at the step's start, and that the two are opposite.
func TestNetworkGapJunctionCurrents(t *testing.T) {
	cfg, con, tdir := smallNetwork(t, tinyCounts)
	con.GapJunctions = pyrGap(con)
	const tstop = 30
	trains, err := cfg.DefaultStimTrains(tstop, 0)
	if err != nil {
		t.Fatal(err)
	}
	n, err := BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tdir, Threads: 1, TstopMs: tstop, StimTrains: trains, NoLFP: true, Recording: "none"})
	if err != nil {
		t.Fatal(err)
	}
	js := con.GapJunctions[0].Junctions[0]
	ca, cb := n.Cell(js.SourceGid), n.Cell(js.DestinationGid)
	g := n.Groups[ca.Ref.Group]
	at := func(c *NetworkCell, sec int, x float64) (vp, ip func() float64) {
		l := c.Morph.PointProcesses[len(c.Morph.PointProcesses)-1].At
		if l.Section != c.Morph.Morphology.Sections[sec].Name || l.X != x {
			t.Fatalf("gid %d: the half-gap is at %v, want section %d at %g", c.Gid, l, sec, x)
		}
		pv, err := g.Probe(c.Ref.Cell, l, "v")
		if err != nil {
			t.Fatal(err)
		}
		ref, err := g.PointProcess(c.Ref.Cell, c.Morph.PointProcesses[len(c.Morph.PointProcesses)-1].Name)
		if err != nil {
			t.Fatal(err)
		}
		pi, err := g.PointProbe(ref, "i")
		if err != nil {
			t.Fatal(err)
		}
		pgg, err := g.PointProbe(ref, "g")
		if err != nil {
			t.Fatal(err)
		}
		if pgg.Value() != 0.005 {
			t.Errorf("gid %d: g = %g µS, want 0.005", c.Gid, pgg.Value())
		}
		return pv.Value, pi.Value
	}
	va, ia := at(ca, js.SourceSection, js.SourcePosition)
	vb, ib := at(cb, js.DestinationSection, js.DestinationPosition)
	steps := int(math.Round(tstop / n.DtMs))
	maxI := 0.
	for k := 1; k <= steps; k++ {
		a0, b0 := va(), vb()
		if _, err := n.Net.Run(context.Background(), float64(k)*n.DtMs, len(n.Groups)); err != nil {
			t.Fatal(err)
		}
		want := 0.005 * (b0 - a0)
		if math.Abs(ia()-want) > 1e-12*math.Abs(want)+1e-18 || ib() != -ia() {
			t.Fatalf("step %d: currents %g and %g nA, want %g and its opposite (v %g, %g mV)", k, ia(), ib(), want, a0, b0)
		}
		maxI = max(maxI, math.Abs(want))
	}
	t.Logf("%d steps, |i| up to %.3g nA", steps, maxI)
	if !(maxI > 1e-4) {
		t.Errorf("the currents stay below %g nA: the test compares little", maxI)
	}
}

// TestGolgiRunGapJunctions plans golgi run on 6-gapjunctions'
// Microcircuit_Small.yaml as it is (177 cells; the SWC files of
// 1-construction, the case ships none) and runs it for 1 ms on 2
// threads: the network holds the junctions of Config.GapJunctions
// (round(0.25 × the PYR pairs within 175 µm) of them), a ggap on each of
// their cells, and every PYR cell coupled shares its partners' group.
func TestGolgiRunGapJunctions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a network of 177 cells (-short)")
	}
	cfg, somata, trees := loadGap(t)
	sets, err := cfg.GapJunctions(somata, trees)
	if err != nil {
		t.Fatal(err)
	}
	dir := refdata.Require(t, "miv/cases/6-gapjunctions")
	morphDir := filepath.Join(refdata.Require(t, "miv/cases/1-construction"), "datasets")
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	planners, err := models.AddRunFlags(fs)
	if err != nil {
		t.Fatal(err)
	}
	if err := fs.Parse([]string{"--miv-morphology", morphDir, "--miv-lfp=false", "--miv-recording", "none"}); err != nil {
		t.Fatal(err)
	}
	plan, err := planners["miv"](models.Request{Path: filepath.Join(dir, "config", "Microcircuit_Small.yaml"), Flags: fs, TstopMs: 1})
	if err != nil {
		t.Fatal(err)
	}
	s, ok := plan.Sims[0].(*mivSim)
	if !ok {
		t.Fatalf("plan sim %T", plan.Sims[0])
	}
	res, err := s.RunDirect(context.Background(), 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := s.net
	if n.GapJunctions != len(sets[0].Junctions) || n.GapJunctions == 0 {
		t.Fatalf("%d gap junctions in the network, GapJunctions generates %d", n.GapJunctions, len(sets[0].Junctions))
	}
	ggaps := 0
	for _, c := range n.Cells {
		for _, p := range c.Morph.PointProcesses {
			if p.Mech == "ggap" {
				ggaps++
			}
		}
	}
	if ggaps != 2*n.GapJunctions {
		t.Errorf("%d ggap point processes, want %d", ggaps, 2*n.GapJunctions)
	}
	for _, j := range sets[0].Junctions {
		if a, b := n.Cell(j.SourceGid), n.Cell(j.DestinationGid); a.Ref.Group != b.Ref.Group {
			t.Errorf("gids %d and %d are coupled but in groups %d and %d", j.SourceGid, j.DestinationGid, a.Ref.Group, b.Ref.Group)
		}
	}
	t.Logf("%d cells in %d groups, %d gap junctions, complete %v", len(n.Cells), len(n.Groups), n.GapJunctions, res.Complete)
}

// TestNetworkGapJunctionBadValues: a coupling that is negative, NaN or
// infinite, or a position that is NaN (a damaged gapjunctions.h5), is an
// error naming the junction, not a network.
func TestNetworkGapJunctionBadValues(t *testing.T) {
	cfg, con, tdir := smallNetwork(t, tinyCounts)
	for _, c := range []struct {
		name string
		edit func(j *GapJunction)
		want string
	}{
		{"negative coupling", func(j *GapJunction) { j.SourceCoupling = -1 }, "coupling strength -1"},
		{"NaN coupling", func(j *GapJunction) { j.SourceCoupling = math.NaN() }, "coupling strength NaN"},
		{"infinite coupling", func(j *GapJunction) { j.SourceCoupling = math.Inf(1) }, "coupling strength +Inf"},
		{"NaN position", func(j *GapJunction) { j.DestinationPosition = math.NaN() }, "position NaN"},
	} {
		t.Run(c.name, func(t *testing.T) {
			con.GapJunctions = pyrGap(con)
			c.edit(&con.GapJunctions[0].Junctions[0])
			_, err := BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tdir, Threads: 1, TstopMs: 1, NoLFP: true, Recording: "none"})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "gap junction 0 of PYR -> PYR") {
				t.Errorf("error %v, want one naming gap junction 0 and %q", err, c.want)
			}
		})
	}
}

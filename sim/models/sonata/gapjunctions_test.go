package sonata

import (
	"context"
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
)

// TestV5GapJunctions is neurodamus's test_v5_gap_junction (SPEC 7.3):
// gids 1 and 2 simulated; external_default gives 509 connections, 316
// sources into gid 1; the thalamic projection 17 sources into gid 1; one
// gap junction each way (1 <- 2, 2 <- 1) of 0.5 nS, coupled through the
// junction ids. The run gives exactly 2 spikes, the first from gid 1 at
// 21.025 ms, and gid 1's somatic potential sampled every 0.125 ms has 7
// peaks of its second difference above 2 mV (neurodamus's
// scipy.signal.find_peaks(np.diff(v, 2), 2)).
func TestV5GapJunctions(t *testing.T) {
	s := load(t, "v5_gapjunctions/simulation_config.json")
	n, err := BuildNetwork(s, 2)
	if err != nil {
		t.Fatal(err)
	}
	src := map[string]map[uint64]map[uint64]bool{} // edge population -> tgid -> sgids
	conns := map[[2]uint64]bool{}
	for k := range n.syns {
		ps := &n.syns[k]
		tgid := n.Cells[ps.target].Gid
		if src[ps.srcPop] == nil {
			src[ps.srcPop] = map[uint64]map[uint64]bool{}
		}
		if src[ps.srcPop][tgid] == nil {
			src[ps.srcPop][tgid] = map[uint64]bool{}
		}
		src[ps.srcPop][tgid][ps.sgid] = true
		if ps.srcPop == "external_default" {
			conns[[2]uint64{ps.sgid, tgid}] = true
		}
	}
	if len(conns) != 509 || len(src["external_default"][1]) != 316 || len(src["thalamus-proj32-blob_projections"][1]) != 17 {
		t.Errorf("external_default %d connections, %d sources into gid 1, thalamic %d; neurodamus 509, 316, 17",
			len(conns), len(src["external_default"][1]), len(src["thalamus-proj32-blob_projections"][1]))
	}
	if len(n.Groups) != 1 {
		t.Errorf("%d groups, want the coupled cells in one", len(n.Groups))
	}
	var gaps int
	for ci := range n.Cells {
		c := &n.Cells[ci]
		g := n.Groups[c.Ref.Group]
		for _, pp := range c.Morph.PointProcesses {
			if pp.Mech != "Gap" {
				continue
			}
			gaps++
			ref, err := g.PointProcess(c.Ref.Cell, pp.Name)
			if err != nil {
				t.Fatal(err)
			}
			m, k := g.Mechanism(ref)
			if gg := m.Var("g")[k]; gg != 0.5 {
				t.Errorf("gid %d: gap junction of %g nS, want 0.5", c.Gid, gg)
			}
		}
	}
	if gaps != 2 {
		t.Errorf("%d gap junctions, neurodamus one each way", gaps)
	}
	// neurodamus records gid 1's soma(0.5) v every 0.125 ms from 0.
	c1 := &n.Cells[n.byGid[1]]
	probe, err := n.Groups[c1.Ref.Group].Probe(c1.Ref.Cell, morph.At("soma[0]", .5), "v")
	if err != nil {
		t.Fatal(err)
	}
	v := []float64{probe.Value()}
	var spikes []Spike
	const everyMS = 0.125
	for k := 1; float64(k)*everyMS <= s.Config.Run.TstopMS+1e-9; k++ {
		raw, err := n.Net.Run(context.Background(), float64(k)*everyMS, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range raw {
			spikes = append(spikes, n.spike(sp))
		}
		v = append(v, probe.Value())
	}
	for _, sp := range spikes {
		t.Logf("gid %d at %.4f ms", sp.Gid, sp.TMS)
	}
	if len(spikes) != 2 || spikes[0].Gid != 1 || math.Abs(spikes[0].TMS-21.025) > 1e-6 {
		t.Errorf("%d spikes %v; neurodamus 2, the first gid 1 at 21.025 ms", len(spikes), spikes)
	}
	d2 := make([]float64, len(v)-2)
	for i := range d2 {
		d2[i] = v[i+2] - 2*v[i+1] + v[i]
	}
	if p := findPeaks(d2, 2); len(p) != 7 {
		t.Errorf("%d peaks of gid 1's second difference above 2 mV (at samples %v), neurodamus 7", len(p), p)
	}
}

// findPeaks is scipy.signal.find_peaks(x, height): the indices of the
// local maxima of x (the middle, rounded down, of a flat top) at least
// height.
func findPeaks(x []float64, height float64) []int {
	var out []int
	for i := 1; i < len(x)-1; i++ {
		if !(x[i-1] < x[i]) {
			continue
		}
		j := i + 1
		for j < len(x)-1 && x[j] == x[i] {
			j++
		}
		if x[j] < x[i] {
			if p := (i + j - 1) / 2; x[p] >= height {
				out = append(out, p)
			}
			i = j - 1
		}
	}
	return out
}

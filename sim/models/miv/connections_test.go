package miv

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/rng"
	"gonum.org/v1/gonum/stat/distuv"
)

// uniformSomata places every population of cfg uniformly at random in
// the U, V extent of its layers (a stand-in for soma placement, SPEC
// 2.2), with arc distances from the middle of the extent (SPEC 2.3).
func uniformSomata(t *testing.T, cfg *Config, seed uint64) map[string]*Somata {
	t.Helper()
	uMin, uMax, vMin, vMax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, l := range cfg.Geometry.ParametricSurface.LayerExtents {
		e := l.Value
		uMin, uMax = math.Min(uMin, e.MinUm[0]), math.Max(uMax, e.MaxUm[0])
		vMin, vMax = math.Min(vMin, e.MinUm[1]), math.Max(vMax, e.MaxUm[1])
	}
	r := rand.New(rand.NewPCG(seed, 1))
	out := map[string]*Somata{}
	for _, p := range cfg.PopulationRanges() {
		s := &Somata{Start: p.Start}
		for range p.Count {
			u, v := uMin+r.Float64()*(uMax-uMin), vMin+r.Float64()*(vMax-vMin)
			s.U, s.V, s.L = append(s.U, u), append(s.V, v), append(s.L, 0)
			s.X, s.Y, s.Z = append(s.X, u), append(s.Y, v), append(s.Z, 0)
			s.DistUUm = append(s.DistUUm, u-(uMin+uMax)/2)
			s.DistVUm = append(s.DistVUm, v-(vMin+vMax)/2)
		}
		out[p.Name] = s
	}
	return out
}

// TestConnectionsSmall generates the connections into 8 cells of each
// of PYR, PVBC and OLM of Microcircuit_Small (synapses by
// DistributeSynapses, somata uniform in the 1000 × 1000 µm volume) and
// checks SPEC 8 checks 7 and 8: per (synapse type, section type, layer)
// the share of each source population against its proportion (binomial,
// 3 sigma, pooled over the cells); every projection non-empty in every
// cell; with contacts 1 every synapse in exactly one edge; every edge
// within the source's axon extent (|Δu| < W_u/2, |Δv| < W_v/2), its
// distance = |Δu| + |Δv| in float32, its synapse of a class the
// projection takes; and the mean edges per cell of every projection
// against SPEC 2.6's expectations within 5 % (or 3 standard errors of
// the mean of 8 cells, if larger).
func TestConnectionsSmall(t *testing.T) {
	cfg, dir := loadSmall(t)
	somata := uniformSomata(t, cfg, 7)
	const cells = 8
	for _, dest := range []string{"PYR", "PVBC", "OLM"} {
		t.Run(dest, func(t *testing.T) {
			m, d := caseSynapses(t, cfg, dir, dest)
			g, err := cfg.NewConnector(dest, somata)
			if err != nil {
				t.Fatal(err)
			}
			start := somata[dest].Start
			gids := make([]int, cells)
			for k := range gids {
				gids[k] = start + 3*k
			}
			syns, err := DistributePopulationSynapses(m, d, cfg.RandomSeeds.SynapseLocations, gids, 2)
			if err != nil {
				t.Fatal(err)
			}
			conns, err := g.GeneratePopulation(gids, syns, 2)
			if err != nil {
				t.Fatal(err)
			}
			expected := map[string]map[string]float64{
				"PYR":  {"STIM": 9943, "PYR": 9943, "PVBC": 478, "OLM": 962},
				"PVBC": {"PYR": 2101, "STIM": 2101, "PVBC": 2101, "OLM": 159},
				"OLM":  {"PYR": 2810, "PVBC": 818},
			}[dest]
			perCell := map[string][]float64{}
			for _, conn := range conns {
				for pi, e := range conn.Edges {
					perCell[g.Projections[pi].Source] = append(perCell[g.Projections[pi].Source], float64(e.Len()))
				}
			}
			if len(perCell) != len(expected) {
				t.Errorf("projections from %v, want %v", perCell, expected)
			}
			for src, want := range expected {
				mean, sd := meanSD(perCell[src])
				tol := math.Max(.05*want, 3*sd/math.Sqrt(cells))
				if math.Abs(mean-want) > tol {
					t.Errorf("%s <- %s: %.1f edges per cell, SPEC 2.6 %g (tolerance %.1f)", dest, src, mean, want, tol)
				}
				t.Logf("%s <- %s: %.1f ± %.1f edges per cell (SPEC %g)", dest, src, mean, sd, want)
			}
			type class struct{ syn, swc, layer int }
			n := map[class]int{}
			k := map[class]map[string]int{}
			for c, conn := range conns {
				a := syns[c]
				seen := make([]int, a.Len())
				if conn.Unconnected != 0 {
					t.Errorf("gid %d: %d unconnected synapses", gids[c], conn.Unconnected)
				}
				for pi, e := range conn.Edges {
					r := g.Projections[pi]
					if e.Len() == 0 {
						t.Errorf("gid %d: no edge from %s", gids[c], r.Source)
					}
					src, dst := somata[r.Source], somata[dest]
					for j := range e.SourceGids {
						id := e.SynIDs[j]
						seen[id]++
						cl := class{int(a.SynTypes[id]), int(a.SWCTypes[id]), int(a.SynLayers[id])}
						n[cl]++
						if k[cl] == nil {
							k[cl] = map[string]int{}
						}
						k[cl][r.Source]++
						takes := false
						for _, en := range r.Entries {
							takes = takes || (r.SynType == cl.syn && en.SWCType == cl.swc && en.Layer == cl.layer)
						}
						if !takes {
							t.Fatalf("gid %d: %s edge onto synapse %d of class %v, which the projection does not take", gids[c], r.Source, id, cl)
						}
						ext, err := g.extent(r, cl.layer)
						if err != nil {
							t.Fatal(err)
						}
						s := int(e.SourceGids[j]) - src.Start
						du := math.Abs(dst.DistUUm[gids[c]-dst.Start] - src.DistUUm[s])
						dv := math.Abs(dst.DistVUm[gids[c]-dst.Start] - src.DistVUm[s])
						if !(du < ext.WidthUm[0]/2 && dv < ext.WidthUm[1]/2) {
							t.Fatalf("gid %d: edge from %s %d: |Δu| %g, |Δv| %g outside the extent %v", gids[c], r.Source, e.SourceGids[j], du, dv, ext.WidthUm)
						}
						if e.DistanceUm[j] != float32(du+dv) {
							t.Fatalf("gid %d: edge from %d: distance %g, want %g", gids[c], e.SourceGids[j], e.DistanceUm[j], float32(du+dv))
						}
						if j > 0 && e.SourceGids[j] < e.SourceGids[j-1] {
							t.Fatalf("gid %d: %s edges not sorted by source", gids[c], r.Source)
						}
					}
				}
				for id, v := range seen {
					if v != 1 {
						t.Fatalf("gid %d: synapse %d in %d edges, want 1 (contacts 1)", gids[c], id, v)
					}
				}
			}
			// Shares against the proportions.
			checked := 0
			for cl, total := range n {
				var sum float64
				prop := map[string]float64{}
				for _, r := range g.Projections {
					for _, en := range r.Entries {
						if r.SynType == cl.syn && en.SWCType == cl.swc && en.Layer == cl.layer {
							prop[r.Source] += en.Proportion
							sum += en.Proportion
						}
					}
				}
				for src, p := range prop {
					p /= sum
					got := k[cl][src]
					sd := math.Sqrt(float64(total) * p * (1 - p))
					if math.Abs(float64(got)-float64(total)*p) > 3*sd+1e-9 {
						t.Errorf("class %v: %d of %d synapses from %s, proportion %g (3 sigma %.1f)", cl, got, total, src, p, 3*sd)
					}
					if p < 1 {
						checked++
						t.Logf("%s class %v: %s %d of %d (%.4f, proportion %g ± %.4f)", dest, cl, src, got, total, float64(got)/float64(total), p, sd/float64(total))
					}
				}
			}
			if dest != "OLM" && checked == 0 {
				t.Errorf("no class split between projections")
			}
		})
	}
}

// gridConnector is a destination D of one cell (gid 5000, at the
// origin) and a source S on a square grid of 41 × 41 cells, 25 µm
// apart, from -500 to 500 µm in U and V, with one projection of
// (basal, SO) synapses whose axon extent is e.
func gridConnector(e AxonExtent, contacts int) *Connector {
	src := &Somata{Start: 0}
	for i := range 41 {
		for j := range 41 {
			src.DistUUm = append(src.DistUUm, -500+25*float64(i))
			src.DistVUm = append(src.DistVUm, -500+25*float64(j))
		}
	}
	return &Connector{
		Destination: "D",
		Projections: []*ProjectionRule{{Source: "S", SynType: 0, Contacts: contacts,
			Entries: []ProjectionEntry{{SWCBasal, 5, 1}}, Extents: map[string]AxonExtent{"default": e}, VelocityUmPerMs: 250}},
		Somata:        map[string]*Somata{"D": {Start: 5000, DistUUm: []float64{0}, DistVUm: []float64{0}}, "S": src},
		PartitionSeed: 18e6, SourceSeed: 2e6, ClusterSeed: 1.5e6,
	}
}

// basalSynapses are n synapses of class (excitatory, basal, SO) with
// cdists n, n-1, ..., 1.
func basalSynapses(n int) *SynapseAttributes {
	a := &SynapseAttributes{}
	for i := range n {
		a.add(.5, float64(n-i), 1, 5, 0, SWCBasal)
	}
	return a
}

// chiSquare pools the observed counts of the sources by (|Δu|, |Δv|)
// and compares them with n times the Gaussian weights of SPEC 2.6 for
// extent e computed here from the grid (bins with expectation < 5
// merged); it returns the statistic's p-value and the degrees of
// freedom.
func chiSquare(t *testing.T, g *Connector, e AxonExtent, conn *Connections) (p float64, df int) {
	t.Helper()
	src := g.Somata["S"]
	obs := map[[2]float64]float64{}
	w := map[[2]float64]float64{}
	sigU, sigV := (e.WidthUm[0]/2-e.OffsetUm[0])/3, (e.WidthUm[1]/2-e.OffsetUm[1])/3
	sum := 0.
	for j := range src.DistUUm {
		du, dv := math.Abs(src.DistUUm[j]), math.Abs(src.DistVUm[j])
		if du >= e.WidthUm[0]/2 || dv >= e.WidthUm[1]/2 {
			continue
		}
		x := math.Exp(-.5*math.Pow((du-e.OffsetUm[0])/sigU, 2)) * math.Exp(-.5*math.Pow((dv-e.OffsetUm[1])/sigV, 2))
		w[[2]float64{du, dv}] += x
		sum += x
	}
	n := 0
	for _, ed := range conn.Edges {
		for _, s := range ed.SourceGids {
			obs[[2]float64{math.Abs(src.DistUUm[s]), math.Abs(src.DistVUm[s])}]++
			n++
		}
	}
	for k := range obs {
		if _, ok := w[k]; !ok {
			t.Fatalf("a source at |Δu|, |Δv| = %v, outside the extent", k)
		}
	}
	var stat, poolO, poolE float64
	bins := 0
	for k, x := range w {
		ex := float64(n) * x / sum
		if ex < 5 {
			poolO += obs[k]
			poolE += ex
			continue
		}
		stat += (obs[k] - ex) * (obs[k] - ex) / ex
		bins++
	}
	if poolE > 0 {
		stat += (poolO - poolE) * (poolO - poolE) / poolE
		bins++
	}
	df = bins - 1
	return distuv.ChiSquared{K: float64(df)}.Survival(stat), df
}

// TestConnectionsGaussianWeights checks SPEC 8 check 8 on a synthetic
// grid of uniformly spaced sources: the frequency of the chosen sources
// by (|Δu|, |Δv|) against the normalised Gaussian weights (χ² test, p >
// 0.01) for an extent without and with an offset, no source outside the
// extent, and the test's power: the counts drawn with an offset fail
// against the weights without it (p < 1e-6).
func TestConnectionsGaussianWeights(t *testing.T) {
	const n = 60000
	syn := basalSynapses(n)
	for _, tc := range []struct {
		name string
		e    AxonExtent
	}{
		{"no offset", AxonExtent{WidthUm: [2]float64{1000, 600}}},
		{"offset", AxonExtent{WidthUm: [2]float64{1000, 600}, OffsetUm: [2]float64{100, 50}}},
	} {
		g := gridConnector(tc.e, 1)
		conn, err := g.Generate(5000, syn)
		if err != nil {
			t.Fatal(err)
		}
		if got := conn.Edges[0].Len(); got != n {
			t.Fatalf("%s: %d edges, want %d", tc.name, got, n)
		}
		p, df := chiSquare(t, g, tc.e, conn)
		if p < .01 {
			t.Errorf("%s: χ² p = %.3g (%d degrees of freedom), want > 0.01", tc.name, p, df)
		}
		t.Logf("%s: χ² p = %.3g, %d degrees of freedom", tc.name, p, df)
		if tc.e.OffsetUm[0] > 0 {
			wrong := AxonExtent{WidthUm: tc.e.WidthUm}
			if p, _ := chiSquare(t, g, wrong, conn); p > 1e-6 {
				t.Errorf("counts drawn with an offset pass against the weights without it: p = %.3g", p)
			}
		}
	}
}

// TestConnectionsContacts checks contacts > 1 (SPEC 2.6 step 2): n
// synapses get n edges from at most ceil(n/contacts) sources, and with
// contacts 1 every draw is its own source choice.
func TestConnectionsContacts(t *testing.T) {
	e := AxonExtent{WidthUm: [2]float64{1000, 1000}}
	for _, contacts := range []int{1, 3} {
		const n = 301
		conn, err := gridConnector(e, contacts).Generate(5000, basalSynapses(n))
		if err != nil {
			t.Fatal(err)
		}
		ed := conn.Edges[0]
		distinct := map[uint32]int{}
		for _, s := range ed.SourceGids {
			distinct[s]++
		}
		if ed.Len() != n || len(distinct) > (n+contacts-1)/contacts {
			t.Errorf("contacts %d: %d edges from %d sources, want %d edges from at most %d", contacts, ed.Len(), len(distinct), n, (n+contacts-1)/contacts)
		}
		if contacts > 1 {
			full := 0
			for _, c := range distinct {
				if c%contacts == 0 {
					full++
				}
			}
			cut := (n+contacts-1)/contacts*contacts - n // edges cut from the clustered order
			if full < len(distinct)-cut {
				t.Errorf("contacts %d: %d of %d sources with a multiple of %d synapses, want all but %d", contacts, full, len(distinct), contacts, cut)
			}
		}
	}
}

// TestConnectionsDeterministic checks SPEC 6: a cell's edges are the
// same for 1 and 2 workers, on a rerun and alone, and change with the
// seeds.
func TestConnectionsDeterministic(t *testing.T) {
	cfg, dir := loadSmall(t)
	somata := uniformSomata(t, cfg, 3)
	m, d := caseSynapses(t, cfg, dir, "OLM")
	g, err := cfg.NewConnector("OLM", somata)
	if err != nil {
		t.Fatal(err)
	}
	gids := []int{143, 150, 160, 170}
	syns, err := DistributePopulationSynapses(m, d, 0, gids, 2)
	if err != nil {
		t.Fatal(err)
	}
	one, err := g.GeneratePopulation(gids, syns, 1)
	if err != nil {
		t.Fatal(err)
	}
	two, err := g.GeneratePopulation(gids, syns, 2)
	if err != nil {
		t.Fatal(err)
	}
	alone, err := g.Generate(160, syns[2])
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, two) || !reflect.DeepEqual(one[2], alone) {
		t.Errorf("the edges depend on the workers or on the other cells")
	}
	g.SourceSeed++
	other, err := g.Generate(160, syns[2])
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(other.Edges[0].SourceGids, alone.Edges[0].SourceGids) {
		t.Errorf("another source seed gives the same sources")
	}
}

// TestConnectionsBadInput checks the errors: a synapse no projection
// takes, a projection that gets no synapse, a gid without a soma, and
// configuration problems.
func TestConnectionsBadInput(t *testing.T) {
	e := AxonExtent{WidthUm: [2]float64{1000, 1000}}
	g := gridConnector(e, 1)
	apical := &SynapseAttributes{}
	apical.add(.5, 1, 1, 9, 0, SWCApical)
	if _, err := g.Generate(5000, apical); err == nil || !strings.Contains(err.Error(), "synapse 0 (type 0, section type 4, layer 9): no projection takes it") {
		t.Errorf("apical synapse: error %v", err)
	}
	g2 := gridConnector(e, 1)
	g2.Projections = append(g2.Projections, &ProjectionRule{Source: "T", SynType: 1, Contacts: 1,
		Entries: []ProjectionEntry{{SWCBasal, 5, 1}}, Extents: map[string]AxonExtent{"default": e}, VelocityUmPerMs: 250})
	if _, err := g2.Generate(5000, basalSynapses(10)); err == nil || !strings.Contains(err.Error(), "no synapse for the projections from [T] after 10 partitions") {
		t.Errorf("empty projection: error %v", err)
	}
	if _, err := g.Generate(4999, basalSynapses(10)); err == nil || !strings.Contains(err.Error(), "no soma") {
		t.Errorf("gid without soma: error %v", err)
	}
	cfg, _ := loadSmall(t)
	somata := uniformSomata(t, cfg, 1)
	delete(somata, "OLM")
	if _, err := cfg.NewConnector("PYR", somata); err == nil || !strings.Contains(err.Error(), "no somata for source population OLM") {
		t.Errorf("missing somata: error %v", err)
	}
	if _, err := cfg.NewConnector("STIM", somata); err == nil || !strings.Contains(err.Error(), "no projections onto it") {
		t.Errorf("STIM: error %v", err)
	}
}

// TestEdgeDelay checks SPEC 3.5 and 8 check 11: distance 200 µm at 250
// µm/ms gives 0.8 ms; 5 µm gives the floor 2·dt = 0.05 ms at dt 0.025.
func TestEdgeDelay(t *testing.T) {
	for _, tc := range []struct{ d, v, dt, want float64 }{
		{200, 250, .025, .8},
		{5, 250, .025, .05},
		{12.5, 250, .025, .05},
		{0, 250, .025, .05},
		{1000, 250, .1, 4},
	} {
		if got := EdgeDelayMs(tc.d, tc.v, tc.dt); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("EdgeDelayMs(%g, %g, %g) = %g, want %g", tc.d, tc.v, tc.dt, got, tc.want)
		}
	}
}

// TestConnectionsRC generates the connections into the first cell of
// each destination of examples/miv/rc-separation.yaml (a 200 × 200 µm
// slab, axon extents 200 × 200 µm; the cases' trees and templates):
// every projection present, every synapse in one edge or counted
// unconnected, every edge within |Δu|, |Δv| < 100 µm.
func TestConnectionsRC(t *testing.T) {
	_, dir := loadSmall(t)
	cfg, err := Load(filepath.Join("..", "..", "..", "examples", "miv", "rc-separation.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	somata := uniformSomata(t, cfg, 11)
	for _, dest := range []string{"PYR", "PVBC", "OLM"} {
		m, d := caseSynapses(t, cfg, dir, dest)
		gid := somata[dest].Start
		a, err := DistributeSynapses(m, d, cfg.RandomSeeds.SynapseLocations, gid)
		if err != nil {
			t.Fatal(err)
		}
		g, err := cfg.NewConnector(dest, somata)
		if err != nil {
			t.Fatal(err)
		}
		conn, err := g.Generate(gid, a)
		if err != nil {
			t.Fatal(err)
		}
		edges := 0
		for pi, e := range conn.Edges {
			src := somata[g.Projections[pi].Source]
			for j, s := range e.SourceGids {
				k := int(s) - src.Start
				du := math.Abs(somata[dest].DistUUm[0] - src.DistUUm[k])
				dv := math.Abs(somata[dest].DistVUm[0] - src.DistVUm[k])
				if !(du < 100 && dv < 100) || e.DistanceUm[j] != float32(du+dv) {
					t.Fatalf("%s gid %d: edge from %s %d: |Δu| %g, |Δv| %g, distance %g", dest, gid, e.Source, s, du, dv, e.DistanceUm[j])
				}
			}
			edges += e.Len()
		}
		if edges+conn.Unconnected != a.Len() || len(conn.Edges) != len(g.Projections) {
			t.Errorf("%s gid %d: %d edges + %d unconnected, %d synapses", dest, gid, edges, conn.Unconnected, a.Len())
		}
		t.Logf("%s gid %d: %d synapses, %d edges from %d projections, %d unconnected", dest, gid, a.Len(), edges, len(conn.Edges), conn.Unconnected)
	}
}

// TestClusteredShuffle checks MiV's clustered order: candidate j appears
// counts[j] times, and the order depends on the stream only.
func TestClusteredShuffle(t *testing.T) {
	counts := []int{1, 3, 0, 10, 15, 7, 9}
	s := rng.New(1, 2, 3, 4)
	got := clusteredShuffle(&s, counts)
	seen := make([]int, len(counts))
	for _, j := range got {
		seen[j]++
	}
	if !reflect.DeepEqual(seen, counts) {
		t.Errorf("counts %v, want %v", seen, counts)
	}
	s2 := rng.New(1, 2, 3, 4)
	if again := clusteredShuffle(&s2, counts); !reflect.DeepEqual(again, got) {
		t.Errorf("the same stream gives another order")
	}
}

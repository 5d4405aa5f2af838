package miv

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
)

// The NEURON reference of a network (scripts/miv-ref/network_ref.sh):
// Microcircuit_Small with 2 STIM, 1 PYR, 1 PVBC (SO) and 1 OLM cell, its
// construction in memory, the STIM trains of DefaultStimTrains (80 Hz),
// 100 ms. The network is written as a description (netDesc) that
// network_ref.py builds in NEURON 8.2.2 cell by cell, point process by
// point process and NetCon by NetCon; NEURON's soma potentials and
// spikes are compared with Golgi's run of the same network.
var neuronCounts = map[string]map[string]int{"STIM": {"SP": 2}, "PYR": {"SP": 1}, "PVBC": {"SO": 1}, "OLM": {"SO": 1}}

const (
	neuronTstopMs = 100.0
	neuronEvery   = 4 // v every 4 steps (0.1 ms)
	netRefDir     = "testdata/network"
)

// netDesc is the description network_ref.py reads.
type netDesc struct {
	DtMs        float64   `json:"dt"`
	TstopMs     float64   `json:"tstop"`
	VInitMV     float64   `json:"v_init"`
	SecondOrder int       `json:"secondorder"`
	Every       int       `json:"every"`
	Cells       []netCell `json:"cells"`
	Stims       []netStim `json:"stims"`
	NetCons     []netNC   `json:"netcons"`
	Gaps        []netGap  `json:"gaps,omitempty"`
}

// netGap links the vgap of a cell's ggap point process to the potential
// of another cell at a section and x (MiV: ParallelContext source_var
// and target_var).
type netGap struct {
	Cell  int     `json:"cell"`  // index into Cells
	Point int     `json:"point"` // index into the cell's Points
	Other int     `json:"other"` // index into Cells
	Sec   int     `json:"sec"`
	X     float64 `json:"x"`
}

type netCell struct {
	Gid      int        `json:"gid"`
	Pop      string     `json:"population"`
	Template string     `json:"template"`
	Detector [2]float64 `json:"detector"` // section index, x
	Points   []netPoint `json:"points"`
}

type netPoint struct {
	Mech   string             `json:"mech"`
	Sec    int                `json:"sec"`
	X      float64            `json:"x"`
	Params map[string]float64 `json:"params"`
}

type netStim struct {
	Gid   int       `json:"gid"`
	Times []float64 `json:"times"`
}

type netNC struct {
	Source  int       `json:"source"`
	Cell    int       `json:"cell"`  // index into Cells
	Point   int       `json:"point"` // index into the cell's Points
	DelayMs float64   `json:"delay"`
	Weight  []float64 `json:"weight"`
}

// neuronNetwork builds the reference network and its description.
func neuronNetwork(t *testing.T) (*Network, []byte) {
	t.Helper()
	return neuronNetworkOf(t, neuronCounts, nil)
}

// neuronNetworkOf builds the network of counts, with the gap junctions
// gaps returns (nil: none), and its description.
func neuronNetworkOf(t *testing.T, counts map[string]map[string]int, gaps func(*Construction) []GapJunctionSet) (*Network, []byte) {
	t.Helper()
	return neuronNetworkRecording(t, counts, gaps, "none")
}

// neuronNetworkRecording is neuronNetworkOf recording profile (every
// cell: fraction 1).
func neuronNetworkRecording(t *testing.T, counts map[string]map[string]int, gaps func(*Construction) []GapJunctionSet, profile string) (*Network, []byte) {
	t.Helper()
	cfg, con, tdir := smallNetwork(t, counts)
	if it := cfg.Recording.Intracellular.Item(profile); it != nil {
		it.Value.Fraction = 1
	}
	if gaps != nil {
		con.GapJunctions = gaps(con)
	}
	trains, err := cfg.DefaultStimTrains(neuronTstopMs, 0)
	if err != nil {
		t.Fatal(err)
	}
	n, err := BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tdir, Threads: 1, TstopMs: neuronTstopMs, StimTrains: trains, NoLFP: true, Recording: profile})
	if err != nil {
		t.Fatal(err)
	}
	d := netDesc{DtMs: n.DtMs, TstopMs: n.TstopMs, VInitMV: n.VInitMV, SecondOrder: DefaultSecondOrder, Every: neuronEvery}
	points := make([]map[string]int, len(n.Cells))
	for ci, c := range n.Cells {
		nc := netCell{Gid: c.Gid, Pop: c.Population, Template: c.Template, Detector: [2]float64{float64(c.Detector.Section), c.Detector.X}}
		points[ci] = map[string]int{}
		m := c.Morph.Morphology
		for _, pp := range c.Morph.PointProcesses {
			si, ok := m.Index(pp.At.Section)
			if !ok {
				t.Fatalf("%s: no section %s", m.Name, pp.At.Section)
			}
			points[ci][pp.Name] = len(nc.Points)
			nc.Points = append(nc.Points, netPoint{Mech: pp.Mech, Sec: si, X: pp.At.X, Params: pp.Params})
		}
		d.Cells = append(d.Cells, nc)
	}
	for _, s := range n.Stims {
		d.Stims = append(d.Stims, netStim{Gid: s.Gid, Times: s.TrainMs})
	}
	// The NetCons in the order made: each target's cell and point
	// process from its group reference.
	type target struct {
		group int
		ref   morph.PointRef
	}
	where := map[target][2]int{} // -> cell, point
	for ci, c := range n.Cells {
		for _, pp := range c.Morph.PointProcesses {
			ref, err := n.Groups[c.Ref.Group].PointProcess(c.Ref.Cell, pp.Name)
			if err != nil {
				t.Fatal(err)
			}
			where[target{c.Ref.Group, ref}] = [2]int{ci, points[ci][pp.Name]}
		}
	}
	for _, c := range n.Net.Connections() {
		w := where[target{c.TargetGroup, c.Target}]
		d.NetCons = append(d.NetCons, netNC{Source: int(c.SourceGid), Cell: w[0], Point: w[1], DelayMs: c.DelayMs, Weight: c.Weight})
	}
	for _, gp := range n.gaps {
		om := n.Cells[gp.other].Morph.Morphology
		si, ok := om.Index(gp.otherAt.Section)
		if !ok {
			t.Fatalf("%s: no section %s", om.Name, gp.otherAt.Section)
		}
		d.Gaps = append(d.Gaps, netGap{Cell: gp.cell, Point: points[gp.cell][gp.name], Other: gp.other, Sec: si, X: gp.otherAt.X})
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return n, b
}

// TestWriteNetworkDescription writes testdata/network/net.json.gz when
// GOLGI_MIV_WRITE_NETREF is set (network_ref.sh does it before running
// NEURON on it).
func TestWriteNetworkDescription(t *testing.T) {
	if os.Getenv("GOLGI_MIV_WRITE_NETREF") == "" {
		t.Skip("GOLGI_MIV_WRITE_NETREF not set: scripts/miv-ref/network_ref.sh writes the description")
	}
	_, b := neuronNetwork(t)
	if err := os.MkdirAll(netRefDir, 0o755); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	z.Write(b)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(netRefDir, "net.json.gz"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// neuronRef is network_ref.py's output: spikes (gid, t) and soma v of
// each cell every Every steps.
type neuronRef struct {
	spikes map[int][]float64
	gids   []int
	v      [][]float64 // v[k][i]: cell gids[i] at sample k
}

func readNeuronRef(t *testing.T, path string) neuronRef {
	t.Helper()
	r := neuronRef{spikes: map[int][]float64{}}
	sc := bufio.NewScanner(bytes.NewReader(readGz(t, path)))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# spikes "):
			f := strings.Fields(strings.TrimPrefix(line, "# spikes "))
			gid, _ := strconv.Atoi(f[0])
			r.spikes[gid] = []float64{}
			for _, s := range f[1:] {
				x, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatal(err)
				}
				r.spikes[gid] = append(r.spikes[gid], x)
			}
		case strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "v_"):
			for _, f := range strings.Split(line, ",") {
				gid, err := strconv.Atoi(strings.TrimPrefix(f, "v_"))
				if err != nil {
					t.Fatal(err)
				}
				r.gids = append(r.gids, gid)
			}
		default:
			var row []float64
			for _, f := range strings.Split(line, ",") {
				x, err := strconv.ParseFloat(f, 64)
				if err != nil {
					t.Fatal(err)
				}
				row = append(row, x)
			}
			r.v = append(r.v, row)
		}
	}
	return r
}

// TestNetworkMatchesNEURON runs the reference network (2 STIM, PYR,
// PVBC, OLM; 44 855 NetCons, AMPA and NMDA, GABA_A, on 372 shared point
// processes; 100 ms, PYR and PVBC fire) and compares
// with NEURON 8.2.2 running the same description
// (scripts/miv-ref/network_ref.py): the description Golgi builds now
// must equal the one NEURON ran; every biophysical spike within 1 dt of
// NEURON's (same count), the soma potential of every cell within 0.5 mV
// at every 0.1 ms.
func TestNetworkMatchesNEURON(t *testing.T) {
	refPath := filepath.Join(netRefDir, "neuron.csv.gz")
	if _, err := os.Stat(refPath); err != nil {
		t.Skipf("no %s: scripts/miv-ref/network_ref.sh writes it", refPath)
	}
	n, desc := neuronNetwork(t)
	matchNEURON(t, netRefDir, n, desc)
}

// matchNEURON compares network n, whose description is desc, with
// NEURON's run of the description in dir (net.json.gz, neuron.csv.gz):
// the description must be the one NEURON ran; every biophysical spike
// within 1 dt of NEURON's (same count) and the soma potential of every
// cell within 0.5 mV at every 0.1 ms.
func matchNEURON(t *testing.T, dir string, n *Network, desc []byte) {
	t.Helper()
	descPath := filepath.Join(dir, "net.json.gz")
	refPath := filepath.Join(dir, "neuron.csv.gz")
	if !bytes.Equal(bytes.TrimRight(readGz(t, descPath), "\n"), desc) {
		t.Fatalf("the network Golgi builds differs from %s, which NEURON ran: rerun scripts/miv-ref/network_ref.sh", descPath)
	}
	ref := readNeuronRef(t, refPath)
	var probes []morph.Probe
	for _, gid := range ref.gids {
		c := n.Cell(gid)
		p, err := n.Groups[c.Ref.Group].Probe(c.Ref.Cell, morph.At(c.Morph.Morphology.Sections[0].Name, 0.5), "v")
		if err != nil {
			t.Fatal(err)
		}
		probes = append(probes, p)
	}
	got := map[int][]float64{}
	worst, worstT, worstGid := 0., 0., 0
	total := int(math.Round(neuronTstopMs / n.DtMs))
	for k := 0; k*neuronEvery <= total; k++ {
		if k > 0 {
			sp, err := n.Net.Run(context.Background(), float64(k*neuronEvery)*n.DtMs, 1)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range sp {
				got[int(s.Gid)] = append(got[int(s.Gid)], s.TMs)
			}
		}
		if k >= len(ref.v) {
			t.Fatalf("NEURON has %d samples, want %d", len(ref.v), total/neuronEvery+1)
		}
		for i, p := range probes {
			if d := math.Abs(p.Value() - ref.v[k][i]); d > worst {
				worst, worstT, worstGid = d, float64(k*neuronEvery)*n.DtMs, ref.gids[i]
			}
		}
	}
	nsp := 0
	for _, gid := range ref.gids {
		w, g := ref.spikes[gid], got[gid]
		nsp += len(w)
		if len(w) != len(g) {
			t.Errorf("gid %d: %d spikes %v, NEURON %d %v", gid, len(g), g, len(w), w)
			continue
		}
		for i := range w {
			if math.Abs(w[i]-g[i]) > n.DtMs*(1+1e-9) {
				t.Errorf("gid %d spike %d at %.4f ms, NEURON %.4f", gid, i, g[i], w[i])
			}
		}
	}
	t.Logf("%d cells, %d NetCons, %d point processes; %d NEURON spikes matched within 1 dt; soma v within %.3g mV of NEURON (worst gid %d at %.1f ms)",
		len(n.Cells), n.NetCons, n.PointProcesses, nsp, worst, worstGid, worstT)
	if nsp == 0 {
		t.Error("no biophysical spikes: the reference tests little")
	}
	if worst > 0.5 {
		t.Errorf("soma v %.3g mV from NEURON's at %.1f ms (gid %d), want within 0.5 mV", worst, worstT, worstGid)
	}
}

// TestIntracellularMatchesNEURON runs the reference network with the
// profile Network default (every cell, soma v every 0.1 ms) through Run
// and compares the trace of each cell's first section (the soma,
// sections[0] at 0.5: rec id soma.0 of PYR, which has two soma
// sections, soma of PVBC and OLM) with NEURON's soma v there
// (scripts/miv-ref/network_ref.sh): within 0.5 mV at every sample, as
// TestNetworkMatchesNEURON's probes.
func TestIntracellularMatchesNEURON(t *testing.T) {
	refPath := filepath.Join(netRefDir, "neuron.csv.gz")
	if _, err := os.Stat(refPath); err != nil {
		t.Skipf("no %s: scripts/miv-ref/network_ref.sh writes it", refPath)
	}
	n, desc := neuronNetworkRecording(t, neuronCounts, nil, DefaultRecording)
	if !bytes.Equal(bytes.TrimRight(readGz(t, filepath.Join(netRefDir, "net.json.gz")), "\n"), desc) {
		t.Fatal("the network differs from the one NEURON ran: rerun scripts/miv-ref/network_ref.sh")
	}
	if _, err := n.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	ref := readNeuronRef(t, refPath)
	r := n.Intracellular
	if r.DtMs != float64(neuronEvery)*n.DtMs || len(r.TMs) != len(ref.v) {
		t.Fatalf("%d samples every %g ms, NEURON %d every %g", len(r.TMs), r.DtMs, len(ref.v), float64(neuronEvery)*n.DtMs)
	}
	worst := 0.
	for i, gid := range ref.gids {
		rec := "soma"
		if c := n.Cell(gid); c.Population == "PYR" {
			rec = "soma.0"
		}
		tr := r.Trace(gid, rec, "v")
		if tr == nil || tr.Section != 0 || tr.X != 0.5 {
			t.Fatalf("gid %d: no trace %s of v on sections[0] at 0.5 (%+v)", gid, rec, tr)
		}
		for k, v := range tr.Values {
			worst = max(worst, math.Abs(v-ref.v[k][i]))
		}
	}
	t.Logf("%d cells: the soma traces of Network default within %.3g mV of NEURON at %d samples", len(ref.gids), worst, len(ref.v))
	if !(worst <= 0.5) {
		t.Errorf("soma traces %.3g mV from NEURON's, want within 0.5 mV", worst)
	}
}

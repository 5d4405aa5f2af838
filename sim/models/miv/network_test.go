package miv

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

// smallNetwork is Microcircuit_Small with counts per population and
// layer set to counts (population -> layer -> cells; the others 0),
// its construction in memory and its directories.
func smallNetwork(t *testing.T, counts map[string]map[string]int) (*Config, *Construction, string) {
	t.Helper()
	dir := refdata.Require(t, "miv/cases/1-construction")
	cfg, err := Load(filepath.Join(dir, "config", "Microcircuit_Small.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range cfg.Geometry.CellDistribution {
		p := &cfg.Geometry.CellDistribution[i]
		for j := range p.Value {
			p.Value[j].Value = counts[p.Name][p.Value[j].Name]
		}
	}
	con, err := cfg.Construct(ConstructOptions{MorphologyDir: filepath.Join(dir, "datasets"), TemplatesDir: filepath.Join(dir, "templates"), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return cfg, con, filepath.Join(dir, "templates")
}

func TestNetworkSmoke(t *testing.T) {
	cfg, con, tdir := smallNetwork(t, map[string]map[string]int{
		"STIM": {"SP": 2}, "PYR": {"SP": 2}, "PVBC": {"SO": 1}, "OLM": {"SO": 1}})
	trains, err := cfg.DefaultStimTrains(20, 0)
	if err != nil {
		t.Fatal(err)
	}
	n, err := BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tdir, Threads: 1, TstopMs: 20, StimTrains: trains})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cells, %d stims, %d point processes, %d netcons", len(n.Cells), len(n.Stims), n.PointProcesses, n.NetCons)
	sp, err := n.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d spikes: %v", len(sp), sp)
	for _, e := range n.LFP {
		t.Logf("%s: %d members, %d samples, last %v", e.Label, len(e.Members), len(e.Sampler.TMs), e.Sampler.VMV[len(e.Sampler.VMV)-1])
	}
	if n.Intracellular != nil {
		t.Logf("v: %v gids, %d samples", n.Intracellular.Gids, len(n.Intracellular.TMs))
	}
}

package miv

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
)

// The NEURON reference of gap junctions (scripts/miv-ref/gap_ref.sh):
// the tiny network (2 STIM, 2 PYR, 1 PVBC, 1 OLM; DefaultStimTrains,
// 80 Hz) with pyrGap's junction between the two PYR cells (ggap on
// apical[0](0.5) and basal[0](0.3), g = 5 nS), 100 ms; network_ref.py
// builds the description in NEURON 8.2.2 with ggap.mod, vgap through
// ParallelContext source_var/target_var as MiV does.
const gapRefDir = "testdata/gapnetwork"

func gapNeuronNetwork(t *testing.T) (*Network, []byte) {
	t.Helper()
	return neuronNetworkOf(t, tinyCounts, pyrGap)
}

// TestWriteGapNetworkDescription writes testdata/gapnetwork/net.json.gz
// when GOLGI_MIV_WRITE_NETREF is set (gap_ref.sh).
func TestWriteGapNetworkDescription(t *testing.T) {
	if os.Getenv("GOLGI_MIV_WRITE_NETREF") == "" {
		t.Skip("GOLGI_MIV_WRITE_NETREF not set: scripts/miv-ref/gap_ref.sh writes the description")
	}
	_, b := gapNeuronNetwork(t)
	if err := os.MkdirAll(gapRefDir, 0o755); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	z.Write(b)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gapRefDir, "net.json.gz"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestGapNetworkMatchesNEURON runs the gap-junction reference network
// and compares it with NEURON 8.2.2 (matchNEURON: spikes within 1 dt,
// soma v of every cell within 0.5 mV every 0.1 ms); the description must
// hold the two half-gaps, each linked to the other cell.
func TestGapNetworkMatchesNEURON(t *testing.T) {
	refPath := filepath.Join(gapRefDir, "neuron.csv.gz")
	if _, err := os.Stat(refPath); err != nil {
		t.Skipf("no %s: scripts/miv-ref/gap_ref.sh writes it", refPath)
	}
	n, desc := gapNeuronNetwork(t)
	if n.GapJunctions != 1 || len(n.gaps) != 2 || n.gaps[0].other != n.gaps[1].cell || n.gaps[1].other != n.gaps[0].cell {
		t.Fatalf("%d gap junctions, halves %+v", n.GapJunctions, n.gaps)
	}
	matchNEURON(t, gapRefDir, n, desc)
}

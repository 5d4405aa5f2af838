package miv

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestSynapsesCommand runs golgi miv synapses on two OLM cells of
// Microcircuit_Small and compares its CSV with DistributeSynapses for
// the same gids and seed, and its per-class summary with the counts.
func TestSynapsesCommand(t *testing.T) {
	cfg, dir := loadSmall(t)
	out := filepath.Join(t.TempDir(), "syn.csv")
	var stdout, stderr bytes.Buffer
	conf := filepath.Join(dir, "config", "Microcircuit_Small.yaml")
	if err := cmdSynapses([]string{conf, "--population", "OLM", "--gids", "150-151", "--workers", "2", "-o", out}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"gid", "syn_id", "syn_loc", "syn_sec", "syn_layer", "syn_type", "swc_type", "syn_cdist_um"}; !reflect.DeepEqual(rows[0], want) {
		t.Fatalf("header %v, want %v", rows[0], want)
	}
	m, d := caseSynapses(t, cfg, dir, "OLM")
	row, exc := 1, 0
	for _, gid := range []int{150, 151} {
		a, err := DistributeSynapses(m, d, cfg.RandomSeeds.SynapseLocations, gid)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.SynIDs {
			if a.SynTypes[i] == 0 {
				exc++
			}
			r := rows[row]
			row++
			loc, _ := strconv.ParseFloat(r[2], 32)
			cd, _ := strconv.ParseFloat(r[7], 32)
			if r[0] != strconv.Itoa(gid) || r[1] != strconv.Itoa(i) || float32(loc) != a.SynLocs[i] || r[3] != strconv.Itoa(int(a.SynSecs[i])) ||
				r[4] != strconv.Itoa(int(a.SynLayers[i])) || r[5] != strconv.Itoa(int(a.SynTypes[i])) || r[6] != strconv.Itoa(int(a.SWCTypes[i])) || float32(cd) != a.SynCdistsUm[i] {
				t.Fatalf("row %d: %v, want gid %d synapse %d %v %v %v %v %v %v", row-1, r, gid, i, a.SynLocs[i], a.SynSecs[i], a.SynLayers[i], a.SynTypes[i], a.SWCTypes[i], a.SynCdistsUm[i])
			}
		}
	}
	if row != len(rows) {
		t.Errorf("%d rows, want %d", len(rows), row)
	}
	if s := stderr.String(); !strings.Contains(s, "OLM: 2 cells (gids 150-151)") || !strings.Contains(s, fmt.Sprintf("basal   excitatory  SO %12.1f per cell", float64(exc)/2)) {
		t.Errorf("summary:\n%s", s)
	}
	t.Logf("%s", stderr.String())
	// -o *.h5: MiV's synapses.h5, read back equal to DistributeSynapses.
	h5 := filepath.Join(t.TempDir(), "synapses.h5")
	if err := cmdSynapses([]string{conf, "--population", "OLM", "--gids", "150-151", "-o", h5}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	got, err := ReadSynapseAttributes(h5, "OLM")
	if err != nil {
		t.Fatal(err)
	}
	for _, gid := range []int{150, 151} {
		want, err := DistributeSynapses(m, d, cfg.RandomSeeds.SynapseLocations, gid)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[gid], want) {
			t.Errorf("synapses.h5: gid %d differs", gid)
		}
	}
	if len(got) != 2 {
		t.Errorf("synapses.h5: %d cells, want 2", len(got))
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{conf, "--population", "OLM", "--gids", "10-12", "-o", out}, "population OLM has gids [143, 187)"},
		{[]string{conf, "--population", "CA3", "-o", out}, "population CA3 is not in Definitions.Populations"},
		{[]string{conf, "--population", "STIM", "-o", out}, "no synapse densities"},
		{[]string{conf, "--population", "OLM", "--gids", "x", "-o", out}, `--gids "x"`},
	} {
		err := cmdSynapses(tc.args, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args[1:], err, tc.want)
		}
	}
}

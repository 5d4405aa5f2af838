package channels

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

// readCSV reads a numeric CSV file with a header line, as rows.
func readCSV(t testing.TB, path string) (header []string, rows [][]float64) {
	t.Helper()
	header, cols, err := refdata.CSV(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) == 0 {
		t.Fatalf("%s: no columns", path)
	}
	rows = make([][]float64, len(cols[0]))
	for i := range rows {
		rows[i] = make([]float64, len(cols))
		for j := range cols {
			rows[i][j] = cols[j][i]
		}
	}
	return header, rows
}

// column returns column j of rows.
func column(rows [][]float64, j int) []float64 {
	c := make([]float64, len(rows))
	for i, r := range rows {
		c[i] = r[j]
	}
	return c
}

// singleCellSummary is the part of a single_cell/*_summary.json file the
// tests use.
type singleCellSummary struct {
	Celltype   string  `json:"celltype"`
	SettleMs   float64 `json:"settle_ms"`
	StepMs     float64 `json:"step_ms"`
	PostMs     float64 `json:"post_ms"`
	RecDtMs    float64 `json:"rec_dt_ms"`
	HoldNA     float64 `json:"hold_nA"`
	Celsius    float64 `json:"celsius"`
	Dt         float64 `json:"dt"`
	VInit      float64 `json:"v_init"`
	AmpITheta  float64 `json:"Amp_i_theta"`
	OmegaTheta float64 `json:"omega_i_theta"`
	GhBar      float64 `json:"g_h_bar"`
	GnapBar    float64 `json:"gnap_bar"`
	HfTau      float64 `json:"hf_tau"`
	HsTau      float64 `json:"hs_tau"`
	Runs       []struct {
		AmpNA          float64  `json:"amp_nA"`
		HoldNA         float64  `json:"hold_nA"`
		NSpikesTotal   int      `json:"n_spikes_total"`
		VPreMean       float64  `json:"v_pre_mean"`
		VStepLast100   float64  `json:"v_step_last100_mean"`
		VStepMin       float64  `json:"v_step_min"`
		VStepMax       float64  `json:"v_step_max"`
		FirstSpikeLatM *float64 `json:"first_spike_latency_ms"`
	} `json:"runs"`
}

func readSummary(t testing.TB, path string) singleCellSummary {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var s singleCellSummary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return s
}

// rms returns the root mean square of a - b.
func rms(a, b []float64) float64 {
	var s float64
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(s / float64(len(a)))
}

// maxAbsDiff returns max |a - b| and its index.
func maxAbsDiff(a, b []float64) (float64, int) {
	m, at := 0.0, -1
	for i := range a {
		if d := math.Abs(a[i] - b[i]); d > m || at < 0 {
			m, at = d, i
		}
	}
	return m, at
}

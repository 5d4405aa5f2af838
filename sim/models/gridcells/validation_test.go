package gridcells

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim"
)

// refSummary is the part of REF-1D-VDEF_summary.json the tests use: the
// statistics of the original's run on NEURON 8.2.2.
type refSummary struct {
	SimDurMs float64            `json:"sim_dur_ms"`
	Rates    map[string]float64 `json:"mean_rate_Hz_0_to_end"`
	Rates500 map[string]float64 `json:"mean_rate_Hz_500_to_end"`
	Speed    float64            `json:"repo_calc_speed_of_network_rad_per_s"`
	Scale    float64            `json:"repo_grid_scale_neurons_stell_R"`
}

// refDir returns the directory of the original's 1-D reference run, or
// skips (refdata.Require).
func refDir(t *testing.T) string {
	t.Helper()
	return filepath.Dir(refdata.Require(t, filepath.Join("gridcellscond", "network_1d", "REF-1D-VDEF", "REF-1D-VDEF_summary.json")))
}

func readSummary(t *testing.T, dir string) refSummary {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "REF-1D-VDEF_summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s refSummary
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// readRefSpikes reads the reference run's spikes (REF-1D-VDEF_spikes.csv)
// as trains of the 384 stellates and the 192 interneurons.
func readRefSpikes(t *testing.T, dir string) (stell, intrnrn [][]float64) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "REF-1D-VDEF_spikes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	stell, intrnrn = make([][]float64, 384), make([][]float64, 192)
	for _, r := range recs[1:] {
		i, err1 := strconv.Atoi(r[1])
		ts, err2 := strconv.ParseFloat(r[3], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad line %v", r)
		}
		if r[0] == "stell" {
			stell[i] = append(stell[i], ts)
		} else {
			intrnrn[i] = append(intrnrn[i], ts)
		}
	}
	return stell, intrnrn
}

// networkStats are the measures the validation compares.
type networkStats struct {
	rates, rates500 map[string]float64
	speed, scale    float64
	bumps           map[string][]int // bump count per 100 ms window from 500 ms
	spacing         map[string]float64
}

func measure(stell, intrnrn [][]float64, durMs float64) networkStats {
	const N = 192
	after := func(tr [][]float64) [][]float64 {
		out := make([][]float64, len(tr))
		for i, x := range tr {
			for _, t := range x {
				if t >= 500 {
					out[i] = append(out[i], t)
				}
			}
		}
		return out
	}
	st := networkStats{
		rates: map[string]float64{"stell_all": MeanRate(stell, durMs), "stell_R": MeanRate(stell[:N], durMs),
			"stell_L": MeanRate(stell[N:], durMs), "intrnrn": MeanRate(intrnrn, durMs)},
		rates500: map[string]float64{"stell_all": MeanRate(after(stell), durMs-500), "stell_R": MeanRate(after(stell[:N]), durMs-500),
			"stell_L": MeanRate(after(stell[N:]), durMs-500), "intrnrn": MeanRate(after(intrnrn), durMs-500)},
		speed:   SpeedOfNetwork(stell, durMs, N, 64, 100),
		scale:   GridScaleNeurons(stell[:N], durMs, 100, 3),
		bumps:   map[string][]int{},
		spacing: map[string]float64{},
	}
	for name, tr := range map[string][][]float64{"stell_R": stell[:N], "stell_L": stell[N:], "intrnrn": intrnrn} {
		var sp float64
		var nsp int
		for w := 500.0; w+100 <= durMs; w += 100 {
			b := Bumps(Profile(tr, w, w+100), 3, 0.2)
			st.bumps[name] = append(st.bumps[name], len(b))
			if len(b) == 3 {
				sp += RingSpacing(b, N)
				nsp++
			}
		}
		st.spacing[name] = sp / float64(nsp)
	}
	return st
}

// TestAnalysisOnReferenceSpikes runs the analysis functions on the
// original's spikes: they give the summary's numbers (calc_speed_of_network
// 6.327 rad/s, grid_scale_neurons 62.41 cells, the rates), and the bump
// measure used below finds 3 bumps 64 cells apart.
func TestAnalysisOnReferenceSpikes(t *testing.T) {
	dir := refDir(t)
	sum := readSummary(t, dir)
	stell, intrnrn := readRefSpikes(t, dir)
	st := measure(stell, intrnrn, sum.SimDurMs)
	for k, want := range sum.Rates {
		if math.Abs(st.rates[k]-want) > 1e-9 {
			t.Errorf("rate %s %.6f Hz, summary %.6f", k, st.rates[k], want)
		}
	}
	for k, want := range sum.Rates500 {
		if math.Abs(st.rates500[k]-want) > 1e-9 {
			t.Errorf("rate after 500 ms %s %.6f Hz, summary %.6f", k, st.rates500[k], want)
		}
	}
	if math.Abs(st.speed-sum.Speed) > 1e-6*sum.Speed {
		t.Errorf("SpeedOfNetwork %.9f rad/s, the original's calc_speed_of_network %.9f", st.speed, sum.Speed)
	}
	if math.Abs(st.scale-sum.Scale) > 1e-9 {
		t.Errorf("GridScaleNeurons %.9f cells, the original's grid_scale_neurons %.9f", st.scale, sum.Scale)
	}
	t.Logf("NEURON: speed %.4f rad/s, grid scale %.2f cells, bumps %v, spacing %v", st.speed, st.scale, st.bumps, st.spacing)
	checkBumps(t, "NEURON", st)
}

func checkBumps(t *testing.T, who string, st networkStats) {
	t.Helper()
	for name, counts := range st.bumps {
		three := 0
		for _, c := range counts {
			if c == 3 {
				three++
			}
		}
		if three < len(counts)*9/10 {
			t.Errorf("%s %s: 3 bumps in %d of %d windows of 100 ms after 500 ms (counts %v), want at least 90%%", who, name, three, len(counts), counts)
		}
		if sp := st.spacing[name]; math.Abs(sp-64) > 3 {
			t.Errorf("%s %s: bumps %.2f cells apart, want 64 +- 3", who, name, sp)
		}
	}
}

// TestReferenceRun1D runs the reference network (REF-1D-VDEF: 1D ring,
// default drive [1.5e-3, -2.75e-3] nA, seeds 0/0) for its whole 3 s and
// compares its statistics with the original's on NEURON: 3 bumps 64 cells
// apart in both stellate rings and the interneurons, the drift speed by
// calc_speed_of_network within 5 %, the grid scale within 5 %, mean rates
// over the run within 10 % (after 500 ms within 15 %). About 8 s on 2
// threads; skipped with -short.
func TestReferenceRun1D(t *testing.T) {
	if testing.Short() {
		t.Skip("3 s network run: skipped with -short")
	}
	dir := refDir(t)
	sum := readSummary(t, dir)
	m, s := refParams(t)
	n, err := NewNetwork(m, s)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := n.Run(context.Background(), &sim.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%g ms on %d threads in %.1f s: %d spikes (NEURON: %d + %d)", s.SimDur, res.Threads, time.Since(start).Seconds(),
		res.NumSpikes(), 15964, 27005)
	stell, _ := Trains(res, StellName)
	intrnrn, _ := Trains(res, IntrnrnName)
	st := measure(stell, intrnrn, s.SimDur)
	t.Logf("speed %.4f rad/s (NEURON %.4f, %+.2f%%), grid scale %.2f cells (NEURON %.2f)", st.speed, sum.Speed,
		100*(st.speed/sum.Speed-1), st.scale, sum.Scale)
	t.Logf("bumps %v, spacing %v", st.bumps, st.spacing)
	if math.Abs(st.speed/sum.Speed-1) > 0.05 {
		t.Errorf("drift speed %.4f rad/s, NEURON %.4f: off by more than 5%%", st.speed, sum.Speed)
	}
	if math.Abs(st.scale/sum.Scale-1) > 0.05 {
		t.Errorf("grid scale %.2f cells, NEURON %.2f: off by more than 5%%", st.scale, sum.Scale)
	}
	for _, k := range []string{"stell_all", "stell_R", "stell_L", "intrnrn"} {
		msg := fmt.Sprintf("rate %s: %.2f Hz (NEURON %.2f, %+.1f%%); after 500 ms %.2f Hz (NEURON %.2f, %+.1f%%)", k,
			st.rates[k], sum.Rates[k], 100*(st.rates[k]/sum.Rates[k]-1),
			st.rates500[k], sum.Rates500[k], 100*(st.rates500[k]/sum.Rates500[k]-1))
		t.Log(msg)
		if math.Abs(st.rates[k]/sum.Rates[k]-1) > 0.10 || math.Abs(st.rates500[k]/sum.Rates500[k]-1) > 0.15 {
			t.Error(msg + ": want within 10% (15% after 500 ms)")
		}
	}
	checkBumps(t, "Golgi", st)
}

// BenchmarkNetwork1D runs the reference 1D network (576 cells, 96 000
// synapses) for 1 s of biological time on 1 and 2 threads, build included.
func BenchmarkNetwork1D(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			m, s := refParams(b)
			s.SimDur = 1000
			for i := 0; i < b.N; i++ {
				n, err := NewNetwork(m, s)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := n.Run(context.Background(), &sim.Options{Threads: threads}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/biological-s")
		})
	}
}

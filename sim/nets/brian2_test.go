package nets

import (
	"context"
	"math"
	"sort"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim"
)

// brian2Ref loads the realised connectivity, an initial-state file and the
// spikes of Brian2 2.5.1 (numpy target) from shared/ref.
func brian2Ref(t testing.TB, initFile, spikeFile string) (pre, post []int, init map[string][]float64, spikes []spike) {
	t.Helper()
	p := refdata.Require(t, "brian2_synapses_4000.csv")
	h, c, err := refdata.CSV(p)
	if err != nil {
		t.Fatal(err)
	}
	pc, _ := refdata.Column(h, c, "pre")
	qc, _ := refdata.Column(h, c, "post")
	pre, post = refdata.Ints(pc), refdata.Ints(qc)
	p, err = refdata.Path(initFile)
	if err != nil {
		t.Fatal(err)
	}
	h, c, err = refdata.CSV(p)
	if err != nil {
		t.Fatal(err)
	}
	init = map[string][]float64{}
	for k, name := range h {
		init[name] = c[k]
	}
	p, err = refdata.Path(spikeFile)
	if err != nil {
		t.Fatal(err)
	}
	h, c, err = refdata.CSV(p)
	if err != nil {
		t.Fatal(err)
	}
	ic, _ := refdata.Column(h, c, "i")
	tc, _ := refdata.Column(h, c, "t_ms")
	for k := range ic {
		spikes = append(spikes, spike{int(ic[k]), int(math.Round(tc[k] / 0.1))})
	}
	sortSpikes(spikes)
	return
}

type spike struct{ gid, step int }

func sortSpikes(s []spike) {
	sort.Slice(s, func(a, b int) bool {
		if s[a].step != s[b].step {
			return s[a].step < s[b].step
		}
		return s[a].gid < s[b].gid
	})
}

// golgiSpikes flattens a result's E and I trains into (gid, step) pairs.
func golgiSpikes(res *sim.Result) []spike {
	var out []spike
	for _, name := range []string{"E", "I"} {
		st := res.Spikes[name]
		for k := range st.Index {
			out = append(out, spike{st.GidOffset + int(st.Index[k]), int(st.Step[k])})
		}
	}
	sortSpikes(out)
	return out
}

// firstDifference returns the step before which both lists are identical.
func firstDifference(a, b []spike) int {
	for k := 0; k < len(a) && k < len(b); k++ {
		if a[k] != b[k] {
			return min(a[k].step, b[k].step)
		}
	}
	if len(a) == len(b) {
		return math.MaxInt
	}
	if len(a) < len(b) {
		return b[len(a)].step
	}
	return a[len(b)].step
}

// stats returns the mean rate (Hz) of gids in [lo, hi) and the mean ISI CV
// over neurons with at least three spikes.
func stats(s []spike, lo, hi int, dur float64) (rate, cv float64) {
	times := map[int][]float64{}
	n := 0
	for _, x := range s {
		if x.gid >= lo && x.gid < hi {
			n++
			times[x.gid] = append(times[x.gid], float64(x.step))
		}
	}
	var sum float64
	var cnt int
	for _, ts := range times {
		if len(ts) < 3 {
			continue
		}
		var m, m2 float64
		for k := 1; k < len(ts); k++ {
			d := ts[k] - ts[k-1]
			m += d
			m2 += d * d
		}
		k := float64(len(ts) - 1)
		m /= k
		sd := math.Sqrt(m2/k - m*m)
		sum += sd / m
		cnt++
	}
	return float64(n) / (float64(hi-lo) * dur), sum / float64(cnt)
}

func TestCOBAMatchesBrian2(t *testing.T) {
	pre, post, init, ref := brian2Ref(t, "brian2_coba_init.csv", "brian2_coba_spikes.csv")
	v0 := make([]float64, len(init["v0_mV"]))
	ge0 := make([]float64, len(v0))
	gi0 := make([]float64, len(v0))
	for i := range v0 {
		v0[i] = init["v0_mV"][i] * sim.Millivolt
		ge0[i] = init["ge0"][i] * cobaGLeak
		gi0[i] = init["gi0"][i] * cobaGLeak
	}
	net, err := COBA(COBAConfig{Convention: sim.ConventionBrian2, Pre: pre, Post: post, V0: v0, Ge0: ge0, Gi0: gi0})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), net, 1*sim.Second, &sim.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	got := golgiSpikes(res)
	compareBrian2(t, got, ref, 200)
}

// compareBrian2 checks that got equals ref spike for spike before step
// identical, and that rates and ISI CVs agree within 5 %.
func compareBrian2(t *testing.T, got, ref []spike, identical int) {
	t.Helper()
	same := firstDifference(got, ref)
	if same == math.MaxInt {
		t.Logf("all %d spikes identical to Brian2's", len(got))
	} else {
		t.Logf("spikes identical to Brian2's for the first %.1f ms; %d spikes (Brian2 %d)", float64(same)*0.1, len(got), len(ref))
	}
	if same < identical {
		t.Errorf("spikes differ from Brian2's from %.1f ms, want identical over the first %.1f ms", float64(same)*0.1, float64(identical)*0.1)
	}
	for _, c := range []struct {
		name   string
		lo, hi int
	}{{"all", 0, 4000}, {"E", 0, 3200}, {"I", 3200, 4000}} {
		r, cv := stats(got, c.lo, c.hi, 1)
		rr, rcv := stats(ref, c.lo, c.hi, 1)
		t.Logf("%s: rate %.2f Hz (Brian2 %.2f), CV %.3f (Brian2 %.3f)", c.name, r, rr, cv, rcv)
		if math.Abs(r-rr) > 0.05*rr {
			t.Errorf("%s rate %.2f Hz, Brian2 %.2f Hz: differ by more than 5%%", c.name, r, rr)
		}
		if math.Abs(cv-rcv) > 0.05*rcv {
			t.Errorf("%s mean ISI CV %.3f, Brian2 %.3f: differ by more than 5%%", c.name, cv, rcv)
		}
	}
}

func TestCUBAMatchesBrian2(t *testing.T) {
	pre, post, init, ref := brian2Ref(t, "brian2_cuba_init.csv", "brian2_cuba_spikes.csv")
	v0 := make([]float64, len(init["v0_mV"]))
	for i := range v0 {
		v0[i] = init["v0_mV"][i] * sim.Millivolt
	}
	net, err := CUBA(CUBAConfig{Convention: sim.ConventionBrian2, Pre: pre, Post: post, V0: v0})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), net, 1*sim.Second, &sim.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	compareBrian2(t, golgiSpikes(res), ref, 200)
}

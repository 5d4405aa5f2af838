package channels

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

// The single-cell references in shared/ref/gridcellscond/single_cell were
// produced by running GridCellsCond's own cells (commit 74972c0) on NEURON
// 8.2.2: 37 C, dt 0.025 ms, v_init -65 mV, a hold current for the whole
// run plus a step of amp_nA from settle_ms for step_ms (both IClamps at
// soma(0.5)), spikes at +10 mV stamped at the end of the crossing step
// (README.md and *_summary.json there).

const (
	spikeTolMs  = 0.1 // task: first 10 spike times within 0.1 ms of NEURON
	firstSpikes = 10
	sagTolMV    = 0.2 // task: sag trough within 0.2 mV
	vTolMV      = 1e-3
)

// cellFor builds the model a summary describes.
func cellFor(t *testing.T, s singleCellSummary, rates RateMode) *Cell {
	t.Helper()
	var (
		c   *Cell
		err error
	)
	switch s.Celltype {
	case "stellate":
		p := DefaultStellateParams()
		p.GhBarScm2, p.GNaPBarScm2, p.HfTauMs, p.HsTauMs = s.GhBar, s.GnapBar, s.HfTau, s.HsTau
		p.VInitMV = s.VInit
		c, err = Stellate(p)
	case "interneuron":
		p := DefaultInterneuronParams()
		p.Celsius, p.ThetaAmpMAcm2, p.ThetaFreqPerMs, p.Rates = s.Celsius, s.AmpITheta, s.OmegaTheta, rates
		p.VInitMV = s.VInit
		c, err = WangBuzsaki(p)
	default:
		t.Fatalf("unknown cell type %q", s.Celltype)
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// setResult is the comparison of one run with its reference.
type setResult struct {
	amp            float64
	nRef, nGot     int     // spikes in the whole run
	nFirst         int     // spikes compared (at most firstSpikes)
	maxFirstMs     float64 // max |t - t_ref| over the first spikes
	firstStepsOff  int     // how many of them differ by at least one step
	matchAll       int     // leading spikes (of all) equal to the step
	vRMS, vMax     float64 // trace difference, mV
	minGot, minRef float64 // minimum of V during the step window (sampled as the reference)
	vMaxSettle     float64 // max |V - V_ref| before the step, mV
}

// runReference simulates run j of a set and compares it with the files.
func runReference(t *testing.T, set string, s singleCellSummary, j int, rates RateMode) setResult {
	t.Helper()
	run := s.Runs[j]
	base := filepath.Join("gridcellscond", "single_cell", fmt.Sprintf("%s_amp_%+.4enA", set, run.AmpNA))
	_, vrows := readCSV(t, refdata.Require(t, base+"_v.csv"))
	_, srows := readCSV(t, refdata.Require(t, base+"_spikes.csv"))

	dt := s.Dt
	every := int(math.Round(s.RecDtMs / dt))
	total := s.SettleMs + s.StepMs + s.PostMs
	res, err := Simulate(cellFor(t, s, rates), Protocol{
		TStopMs: total, DtMs: dt, RecordEvery: every,
		Clamps: []Clamp{
			{DelMs: 0, DurMs: total, AmpNA: run.HoldNA},
			{DelMs: s.SettleMs, DurMs: s.StepMs, AmpNA: run.AmpNA},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Some reference traces lack the final sample (NEURON's accumulated t
	// falls just short of the last recording time); compare the common part.
	if d := len(res.VMV) - len(vrows); d < 0 || d > 1 {
		t.Fatalf("%s: %d samples, reference %d", base, len(res.VMV), len(vrows))
	}
	res.TMs, res.VMV = res.TMs[:len(vrows)], res.VMV[:len(vrows)]
	r := setResult{amp: run.AmpNA, nRef: len(srows), nGot: len(res.Spikes)}
	ref := column(srows, 1)
	for i := 0; i < len(ref) && i < len(res.Spikes); i++ {
		d := math.Abs(res.Spikes[i].StepMs - ref[i])
		if i < firstSpikes {
			r.nFirst++
			r.maxFirstMs = math.Max(r.maxFirstMs, d)
			if d > dt/2 {
				r.firstStepsOff++
			}
		}
		if d < dt/2 && r.matchAll == i {
			r.matchAll++
		}
	}
	vRef := column(vrows, 1)
	r.vRMS = rms(res.VMV, vRef)
	r.vMax, _ = maxAbsDiff(res.VMV, vRef)
	r.minGot, r.minRef = math.Inf(1), math.Inf(1)
	for i, tm := range res.TMs {
		if tm <= s.SettleMs {
			r.vMaxSettle = math.Max(r.vMaxSettle, math.Abs(res.VMV[i]-vRef[i]))
		}
		if tm >= s.SettleMs && tm <= s.SettleMs+s.StepMs {
			r.minGot = math.Min(r.minGot, res.VMV[i])
			r.minRef = math.Min(r.minRef, vRef[i])
		}
	}
	return r
}

// checkSet runs every amplitude of a reference set and asserts the spike
// tolerance. The reference traces are printed to 1e-5 mV; before the step
// (and, for the stellate, throughout: exactTrace) the trace must agree to
// vTolMV, far below any modelling difference. The spike count over the whole
// run must match NEURON's exactly for the stellate and to within one for the
// interneuron, whose fixed-step dynamics amplify rounding differences about
// tenfold per spike (see TestInterneuronRoundingSensitivity).
func checkSet(t *testing.T, set string, rates RateMode, exactTrace bool) []setResult {
	s := readSummary(t, refdata.Require(t, filepath.Join("gridcellscond", "single_cell", set+"_summary.json")))
	var out []setResult
	for j := range s.Runs {
		r := runReference(t, set, s, j, rates)
		out = append(out, r)
		t.Logf("%s amp %+.4g nA: spikes %d (NEURON %d); first %d max |dt| %.3g ms (%d off by >= 1 step); "+
			"%d leading spikes equal; V RMS %.3g mV, max %.3g mV",
			set, r.amp, r.nGot, r.nRef, r.nFirst, r.maxFirstMs, r.firstStepsOff, r.matchAll, r.vRMS, r.vMax)
		if r.nGot < r.nFirst || (r.nRef >= firstSpikes && r.nFirst < firstSpikes) ||
			(r.nRef < firstSpikes && r.nGot != r.nRef) {
			t.Errorf("%s amp %g nA: %d spikes, NEURON %d", set, r.amp, r.nGot, r.nRef)
		}
		if d := r.nGot - r.nRef; (exactTrace && d != 0) || d < -1 || d > 1 {
			t.Errorf("%s amp %g nA: %d spikes in the run, NEURON %d", set, r.amp, r.nGot, r.nRef)
		}
		if r.vMaxSettle > vTolMV {
			t.Errorf("%s amp %g nA: V differs from NEURON by up to %g mV before the step, want <= %g", set, r.amp, r.vMaxSettle, vTolMV)
		}
		if exactTrace && r.vMax > vTolMV {
			t.Errorf("%s amp %g nA: V differs from NEURON by up to %g mV, want <= %g", set, r.amp, r.vMax, vTolMV)
		}
		if r.maxFirstMs > spikeTolMs {
			t.Errorf("%s amp %g nA: first %d spike times differ from NEURON by up to %g ms, want <= %g",
				set, r.amp, r.nFirst, r.maxFirstMs, spikeTolMs)
		}
	}
	return out
}

func TestStellateAgainstNEURON(t *testing.T) {
	for _, set := range []string{"stellate", "stellate_fullres"} {
		checkSet(t, set, Exact, true)
	}
}

// TestStellateSagAgainstNEURON: held at -2.75e-3 nA (quiet), a -5e-3 nA
// step gives a sag; the trough must be within 0.2 mV of NEURON's.
func TestStellateSagAgainstNEURON(t *testing.T) {
	const set = "stellate_sag_hold-2.75e-3"
	rs := checkSet(t, set, Exact, true)
	for _, r := range rs {
		d := math.Abs(r.minGot - r.minRef)
		t.Logf("%s amp %g nA: trough %.5f mV, NEURON %.5f mV (diff %.3g mV)", set, r.amp, r.minGot, r.minRef, d)
		if d > sagTolMV {
			t.Errorf("%s amp %g nA: trough %g mV, NEURON %g mV, want within %g mV", set, r.amp, r.minGot, r.minRef, sagTolMV)
		}
	}
}

func TestInterneuronAgainstNEURON(t *testing.T) {
	for _, set := range []string{"interneuron", "interneuron_notheta", "interneuron_fullres", "interneuron_fullres_onset"} {
		checkSet(t, set, Tabulated, false)
	}
}

// TestInterneuronRoundingSensitivity documents why only the first spikes of
// the driven interneuron can be compared with NEURON one by one: under
// NEURON's fixed step the Wang-Buzsaki cell amplifies a perturbation about
// tenfold per spike, so a relative change of 1e-13 in the drive (rounding
// level) moves a spike by a whole step within a few hundred ms, and
// different but equally valid orders of floating-point operations
// (NEURON's C and glibc vs Go) do the same.
func TestInterneuronRoundingSensitivity(t *testing.T) {
	c, err := WangBuzsaki(DefaultInterneuronParams())
	if err != nil {
		t.Fatal(err)
	}
	run := func(amp float64) []Spike {
		res, err := Simulate(c, Protocol{TStopMs: 700, RecordEvery: 1000, Clamps: []Clamp{{DelMs: 200, DurMs: 500, AmpNA: amp}}})
		if err != nil {
			t.Fatal(err)
		}
		return res.Spikes
	}
	a, b := run(1.5e-3), run(1.5e-3*(1+1e-13))
	first := -1
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i].StepMs != b[i].StepMs {
			first = i
			break
		}
	}
	t.Logf("drive 1.5e-3 nA vs 1.5e-3*(1+1e-13) nA: %d and %d spikes, first differing spike %d", len(a), len(b), first)
	if first < 0 {
		t.Errorf("a 1e-13 relative change of the drive did not move any of %d spikes; the sensitivity claimed in the docs is wrong", len(a))
	}
}

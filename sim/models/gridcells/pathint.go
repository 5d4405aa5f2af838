package gridcells

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/stat"

	"github.com/golgi-sim/golgi/analysis"
	gcmeasures "github.com/golgi-sim/golgi/analysis/gridcells"
)

// Fig2CSigmaMs is the smoothing of the population decoder in the path
// integration figure (SPEC.md section 15, check 11), ms.
const Fig2CSigmaMs = 40

// PathIntegration is the path-integration measure of Fig 2C (SPEC.md
// section 15, check 11): runs of vel_type "input" on one trajectory
// (trials differ in their noise seeds) are decoded from their stellates
// (gcmeasures.RingCode.DecodePos, every stellate, smoothing SigmaMs), the
// decoded positions are averaged over trials on the circle, and the
// average is compared each ms with the animal's position after the
// landmark input ends:
//
//	mean(t)  = arg(sum_k exp(i dec_k(t)))               (mod 2 pi)
//	error(t) = |mean(t) - pos(t)|  on the circle,         in [0, pi]
//
// for t = StartMs ... sim_dur-1 ms. The check asks for a median error
// under 0.5 rad: the pattern tracks the animal without drifting away.
// The signed difference mean(t) - pos(t), unwrapped, splits the error
// into a constant part (OffsetRad, its mean) and a drift (DriftRadS, its
// least-squares slope against time): a pattern that leads the animal by
// a fixed distance has an offset and no drift.
type PathIntegration struct {
	StartMs    int         // end of the landmark (allothetic) input: the first time compared, ms
	SigmaMs    float64     // smoothing of the decoder, ms
	TruePosRad []float64   // the animal's position, each ms from StartMs, rad
	DecodedRad [][]float64 // each trial's decoded position at the same times, rad
	MeanRad    []float64   // circular mean of DecodedRad over the trials, rad
	ErrorRad   []float64   // circular distance of MeanRad from TruePosRad, rad

	MedianErrorRad, MeanErrorRad, MaxErrorRad float64   // of ErrorRad
	TrialMedianErrorRad                       []float64 // each trial's median error on its own
	TravelledRad                              float64   // distance the animal moved from StartMs, rad
	OffsetRad                                 float64   // mean of the unwrapped signed difference, rad (> 0: the pattern leads)
	DriftRadS                                 float64   // its slope against time, rad/s
}

// MeasurePathIntegration returns the Fig 2C measure of trials (each the
// stellate spike trains of one run, ms, every stellate in gid order) of
// the run with parameters m and s on trajectory tr (InputTrajectory).
// The positions are compared on the 2 pi ring, so lambda0 must be 2 pi,
// as fig2_c sets it; sigmaMs 0 means Fig2CSigmaMs.
func MeasurePathIntegration(trials [][][]float64, m *ModelParams, s *SimParams, tr *Trajectory, sigmaMs float64) (*PathIntegration, error) {
	if len(trials) == 0 {
		return nil, errors.New("gridcells: path integration: no trials")
	}
	if tr == nil {
		return nil, errors.New("gridcells: path integration: no trajectory")
	}
	if math.Abs(m.Lambda0-2*math.Pi) > 1e-9 {
		return nil, fmt.Errorf("gridcells: path integration compares positions on the 2 pi ring: lambda0 is %g, want 2 pi (as fig2_c)", m.Lambda0)
	}
	if sigmaMs == 0 {
		sigmaMs = Fig2CSigmaMs
	}
	durMs := int(s.SimDur)
	start := int(math.Ceil(tr.AllotheticDurMs))
	if start >= durMs {
		return nil, fmt.Errorf("gridcells: path integration: the landmark input lasts %g ms of a %d ms run: nothing to compare", tr.AllotheticDurMs, durMs)
	}
	p := &PathIntegration{StartMs: start, SigmaMs: sigmaMs}
	for t := start; t < durMs; t++ {
		k := int(math.Round(float64(t)/DtMs)) - 1 // PosRad[k] is the position at (k+1) DtMs
		if k < 0 || k >= len(tr.PosRad) {
			return nil, fmt.Errorf("gridcells: path integration: the trajectory ends at %g ms, the run at %d ms", float64(len(tr.PosRad))*DtMs, durMs)
		}
		p.TruePosRad = append(p.TruePosRad, tr.PosRad[k])
	}
	for i := 1; i < len(p.TruePosRad); i++ {
		p.TravelledRad += math.Abs(gcmeasures.CircularDifference(p.TruePosRad[i-1], p.TruePosRad[i], 2*math.Pi))
	}
	rc := gcmeasures.RingCode{NPerSheet: m.NPerSheet, NPhases: m.NPhases, Lambda: m.Lambda0}
	sum := make([]complex128, len(p.TruePosRad))
	for k, stell := range trials {
		if len(stell) != m.NStell {
			return nil, fmt.Errorf("gridcells: path integration: trial %d has %d stellate trains, the parameters give N_stell = %d", k, len(stell), m.NStell)
		}
		dec, err := rc.DecodePos(stell, durMs, sigmaMs)
		if err != nil {
			return nil, fmt.Errorf("gridcells: path integration, trial %d: %w", k, err)
		}
		dec = dec[start:]
		p.DecodedRad = append(p.DecodedRad, dec)
		errs := make([]float64, len(dec))
		for i, x := range dec {
			sum[i] += cmplx.Rect(1, x)
			errs[i] = math.Abs(gcmeasures.CircularDifference(p.TruePosRad[i], x, 2*math.Pi))
		}
		p.TrialMedianErrorRad = append(p.TrialMedianErrorRad, analysis.Median(errs))
	}
	p.MeanRad = make([]float64, len(sum))
	p.ErrorRad = make([]float64, len(sum))
	signed := make([]float64, len(sum))
	tS := make([]float64, len(sum))
	for i, z := range sum {
		x := math.Mod(cmplx.Phase(z)+2*math.Pi, 2*math.Pi)
		p.MeanRad[i] = x
		signed[i] = gcmeasures.CircularDifference(p.TruePosRad[i], x, 2*math.Pi)
		tS[i] = float64(start+i) / 1000
		e := math.Abs(signed[i])
		p.ErrorRad[i] = e
		p.MeanErrorRad += e / float64(len(sum))
		p.MaxErrorRad = math.Max(p.MaxErrorRad, e)
	}
	p.MedianErrorRad = analysis.Median(p.ErrorRad)
	signed = gcmeasures.UnwrapPeriod(signed, 2*math.Pi)
	p.OffsetRad = stat.Mean(signed, nil)
	if len(signed) > 1 {
		_, p.DriftRadS = stat.LinearRegression(tS, signed, nil, false)
	}
	return p, nil
}

package gridcells

import (
	"math"
	"strings"
	"testing"
)

// spikesAt returns stellate trains in which, every ms t, the ring-1 cells
// whose phase is nearest the trajectory's position plus shiftRad(t) fire:
// a pattern that follows the animal exactly, or shifted.
func spikesAt(m *ModelParams, tr *Trajectory, durMs int, shiftRad func(tMs int) float64) [][]float64 {
	trains := make([][]float64, m.NStell)
	step := 2 * math.Pi / float64(m.NPhases)
	for t := 1; t < durMs; t++ {
		pos := tr.PosRad[int(math.Round(float64(t)/DtMs))-1] + shiftRad(t)
		ph := ((int(math.Round(pos/step)) % m.NPhases) + m.NPhases) % m.NPhases
		for c := ph; c < m.NPerSheet; c += m.NPhases {
			trains[c] = append(trains[c], float64(t)+0.5)
		}
	}
	return trains
}

func TestMeasurePathIntegration(t *testing.T) {
	m, s, err := ParseParams([]byte(`{"sim_dur": 20000, "vel_type": "input", "traj_id": "random:65", "lambda0": 6.283185307179586}`))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := InputTrajectory(&m, &s, "")
	if err != nil {
		t.Fatal(err)
	}
	dur := int(s.SimDur)
	for _, tc := range []struct {
		name           string
		shifts         []float64 // one trial per shift
		minMed, maxMed float64
		offset         float64
	}{
		{"follows", []float64{0}, 0, 0.06, 0},
		{"three trials around the animal", []float64{-0.3, 0, 0.3}, 0, 0.06, 0},
		{"a quarter ahead", []float64{math.Pi / 2}, math.Pi/2 - 0.06, math.Pi/2 + 0.06, math.Pi / 2},
		{"a quarter behind", []float64{-math.Pi / 2}, math.Pi/2 - 0.06, math.Pi/2 + 0.06, -math.Pi / 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var trials [][][]float64
			for _, sh := range tc.shifts {
				trials = append(trials, spikesAt(&m, tr, dur, func(int) float64 { return sh }))
			}
			p, err := MeasurePathIntegration(trials, &m, &s, tr, 0)
			if err != nil {
				t.Fatal(err)
			}
			if p.StartMs != TrajRestMs || len(p.TruePosRad) != dur-TrajRestMs || len(p.DecodedRad) != len(tc.shifts) {
				t.Fatalf("start %d ms, %d times, %d trials; want %d, %d, %d", p.StartMs, len(p.TruePosRad), len(p.DecodedRad), TrajRestMs, dur-TrajRestMs, len(tc.shifts))
			}
			if p.MedianErrorRad < tc.minMed || p.MedianErrorRad > tc.maxMed {
				t.Errorf("median error %.3f rad, want in [%.3f, %.3f]", p.MedianErrorRad, tc.minMed, tc.maxMed)
			}
			if math.Abs(p.OffsetRad-tc.offset) > 0.06 || math.Abs(p.DriftRadS) > 0.01 {
				t.Errorf("offset %.3f rad, drift %.4f rad/s; want %.3f rad and no drift", p.OffsetRad, p.DriftRadS, tc.offset)
			}
			if p.TravelledRad < 1 {
				t.Errorf("the trajectory moved %.2f rad in 12 s; the test needs motion", p.TravelledRad)
			}
		})
	}
	// A pattern that slips behind the animal by 0.05 rad/s drifts.
	slip := spikesAt(&m, tr, dur, func(tMs int) float64 { return -0.05 * float64(tMs-TrajRestMs) / 1000 })
	if p, err := MeasurePathIntegration([][][]float64{slip}, &m, &s, tr, 0); err != nil || math.Abs(p.DriftRadS+0.05) > 0.005 {
		t.Errorf("slipping pattern: %+v, %v; want a drift of -0.05 rad/s", p.DriftRadS, err)
	}
	bad := m
	bad.Lambda0 = 3
	if _, err := MeasurePathIntegration([][][]float64{spikesAt(&m, tr, dur, func(int) float64 { return 0 })}, &bad, &s, tr, 0); err == nil || !strings.Contains(err.Error(), "lambda0") {
		t.Errorf("lambda0 3: %v, want an error naming lambda0", err)
	}
	if _, err := MeasurePathIntegration([][][]float64{{{1}}}, &m, &s, tr, 0); err == nil || !strings.Contains(err.Error(), "N_stell") {
		t.Errorf("one train: %v, want an error naming N_stell", err)
	}
}

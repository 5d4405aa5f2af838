package analysis

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func TestCV(t *testing.T) {
	// A regular train has CV 0.
	reg := []float64{0.1, 0.2, 0.3, 0.4, 0.5}
	if cv, err := CV(reg); err != nil || math.Abs(cv) > 1e-12 {
		t.Errorf("regular train: CV %v, %v; want 0", cv, err)
	}
	// A Poisson train has CV 1: with 20 000 intervals the standard error
	// of the CV is about 1/sqrt(n) = 0.007.
	r := rand.New(rand.NewPCG(1, 2))
	var ts []float64
	t0 := 0.0
	for k := 0; k < 20000; k++ {
		t0 += r.ExpFloat64() / 10
		ts = append(ts, t0)
	}
	if cv, err := CV(ts); err != nil || math.Abs(cv-1) > 0.03 {
		t.Errorf("Poisson train: CV %v, %v; want 1 +- 0.03", cv, err)
	}
	for _, few := range [][]float64{nil, {1}, {1, 2}} {
		if _, err := CV(few); !errors.Is(err, ErrTooFewSpikes) {
			t.Errorf("CV(%v): error %v, want ErrTooFewSpikes", few, err)
		}
	}
}

func TestMeanCVAndSplit(t *testing.T) {
	idx := []int32{0, 1, 0, 1, 0, 1, 2}
	ts := []float64{1, 1.5, 2, 2.5, 3, 4.5, 5}
	trains := SplitTrains(3, idx, ts)
	if len(trains[0]) != 3 || len(trains[1]) != 3 || len(trains[2]) != 1 {
		t.Fatalf("SplitTrains: %v", trains)
	}
	cv, n, err := MeanCV(trains)
	// Neuron 0 is regular (CV 0); neuron 1 has ISIs 1 and 2: CV 0.5/1.5.
	if err != nil || n != 2 || math.Abs(cv-(0+1.0/3)/2) > 1e-12 {
		t.Errorf("MeanCV = %v, %d, %v; want %v, 2, nil", cv, n, err, 1.0/6)
	}
	if _, _, err := MeanCV([][]float64{{1}}); !errors.Is(err, ErrTooFewSpikes) {
		t.Errorf("MeanCV of one spike: %v, want ErrTooFewSpikes", err)
	}
}

package gridcells

import (
	"math"
	"testing"
)

func TestClipSpikes(t *testing.T) {
	// -60 mV with a spike (+20) and an AHP (-80) in a field at 100-120 ms
	// and a spike far from any field, sampled every 1 ms.
	v := make([]float64, 300)
	for i := range v {
		v[i] = -60 + 0.01*float64(i)
	}
	v[110], v[111], v[112] = 20, -80, -79
	v[250] = 20
	fields := [][]float64{{100, 110, 120}}
	got := ClipSpikes(v, 1, fields, 15, -78, -40)
	for _, i := range []int{110, 111, 112} {
		want := -60 + 0.01*float64(i) // the line through samples 109 and 113
		if math.Abs(got[i]-want) > 1e-12 {
			t.Errorf("sample %d = %v, want %v", i, got[i], want)
		}
	}
	if got[250] != 20 {
		t.Errorf("spike outside fields = %v, want it kept (20)", got[250])
	}
	if v[110] != 20 {
		t.Error("ClipSpikes changed its input")
	}
	m := FieldMask(300, 1, fields, 15)
	for i, in := range m {
		if want := i >= 85 && i <= 135; in != want {
			t.Fatalf("FieldMask[%d] = %v, want %v", i, in, want)
		}
	}
}

func TestThetaEnvelope(t *testing.T) {
	// x = (1 + 0.5 sin(2 pi 0.5 t)) sin(2 pi 8 t): the envelope is the
	// amplitude modulation, whose sidebands (7.5, 8.5 Hz) are in the band.
	const dtMs = 1.0
	x := make([]float64, 10000)
	a := make([]float64, len(x))
	for i := range x {
		s := float64(i) * dtMs / 1000
		a[i] = 1 + 0.5*math.Sin(2*math.Pi*0.5*s)
		x[i] = a[i] * math.Sin(2*math.Pi*8*s)
	}
	env, err := ThetaEnvelope(x, dtMs, 4, 11, 3)
	if err != nil {
		t.Fatal(err)
	}
	// The band-pass gain at 7.5-8.5 Hz is 0.99-1 (centre sqrt(44) = 6.6 Hz).
	for i := 1000; i < 9000; i++ {
		if math.Abs(env[i]-a[i]) > 0.03 {
			t.Fatalf("envelope at %d ms = %v, want %v (+-0.03)", i, env[i], a[i])
		}
	}
}

func TestFieldRamp(t *testing.T) {
	// -65 mV between fields; in the field (2-3 s) a raised-cosine ramp of 6
	// mV peak plus a 2 mV theta oscillation: the 3 Hz low-pass keeps the
	// ramp and removes the theta (gain at 8 Hz 2.0e-4 for order 4).
	const dtMs = 0.5
	n := 10000
	v := make([]float64, n)
	ramp := make([]float64, n)
	in := make([]bool, n)
	for i := range v {
		s := float64(i) * dtMs / 1000
		if s >= 2 && s < 3 {
			ramp[i] = 3 * (1 - math.Cos(2*math.Pi*(s-2)))
			in[i] = true
		}
		v[i] = -65 + ramp[i] + 2*math.Sin(2*math.Pi*8*s)
	}
	got, err := FieldRamp(v, dtMs, in, 3, 4)
	if err != nil {
		t.Fatal(err)
	}
	// The mean between fields is -65 up to the theta's partial cycles.
	for _, s := range []float64{1.0, 2.5, 4.0} {
		i := int(s * 1000 / dtMs)
		if math.Abs(got[i]-ramp[i]) > 0.15 {
			t.Errorf("ramp at %g s = %v, want %v (+-0.15 mV)", s, got[i], ramp[i])
		}
	}
	if _, err := FieldRamp(v, dtMs, make([]bool, 3), 3, 4); err == nil {
		t.Error("FieldRamp: no error for a mask of the wrong length")
	}
}

func TestAlignOnOnsets(t *testing.T) {
	x := make([]float64, 100)
	for i := range x {
		x[i] = float64(i)
	}
	// windows at 20 and 60 ms (-5, +10): means of i-5..i+9 -> 35..49 shifted
	m, n, err := AlignOnOnsets(x, 1, []float64{20, 60, 95}, 5, 10)
	if err != nil || n != 2 || len(m) != 15 {
		t.Fatalf("AlignOnOnsets = %v, %d, %v; want 15 samples of 2 windows", m, n, err)
	}
	for k, v := range m {
		if want := 40 - 5 + float64(k); v != want {
			t.Errorf("sample %d = %v, want %v", k, v, want)
		}
	}
	if _, _, err := AlignOnOnsets(x, 1, []float64{99}, 5, 10); err == nil {
		t.Error("no error without a window")
	}
}

package analysis

import (
	"math"
	"testing"
)

func TestPointSourceLFP(t *testing.T) {
	// 1 nA at the origin seen from 100 um: rho I / (4 pi r).
	src := []PointSource{{Pos: Vec3{0, 0, 0}, Cell: 0}, {Pos: Vec3{0, 0, 1e-3}, Cell: 1}}
	cur := [][]float64{{1e-9, -2e-9}, {0, 1e-9}}
	el := []Vec3{{100e-6, 0, 0}}
	phi, err := PointSourceLFP(el, src, cur, nil)
	if err != nil {
		t.Fatal(err)
	}
	k := DefaultResistivity / (4 * math.Pi)
	r2 := math.Hypot(100e-6, 1e-3)
	want := []float64{k * 1e-9 / 100e-6, k * (-2e-9/100e-6 + 1e-9/r2)}
	for i := range want {
		if math.Abs(phi[0][i]-want[i]) > 1e-12*math.Abs(want[i]) {
			t.Errorf("t %d: %v V, want %v", i, phi[0][i], want[i])
		}
	}
	// MaxDistance leaves out the far source; Fraction 0.5 of 2 cells keeps one.
	phi, _ = PointSourceLFP(el, src, cur, &LFPOptions{MaxDistance: 500e-6})
	if math.Abs(phi[0][1]-k*(-2e-9/100e-6)) > 1e-18 {
		t.Errorf("MaxDistance: %v", phi[0][1])
	}
	phi, _ = PointSourceLFP(el, src, cur, &LFPOptions{Fraction: 0.5, Seed: 3})
	if a, b := math.Abs(phi[0][0]-want[0]) < 1e-15, phi[0][0] == 0; a == b {
		t.Errorf("Fraction 0.5: %v (want one of the two cells)", phi[0])
	}
	// Resistivity scales; a source on the electrode is at MinDistance.
	phi, _ = PointSourceLFP([]Vec3{{0, 0, 0}}, src[:1], cur[:1], &LFPOptions{Resistivity: 1, MinDistance: 1e-5})
	if w := 1e-9 / (4 * math.Pi * 1e-5); math.Abs(phi[0][0]-w) > 1e-12*w {
		t.Errorf("on the source: %v, want %v", phi[0][0], w)
	}
	if _, err := PointSourceLFP(el, src, cur[:1], nil); err == nil {
		t.Error("missing trace: no error")
	}
	if phi, err := PointSourceLFP(el, nil, nil, nil); err != nil || len(phi) != 1 || len(phi[0]) != 0 {
		t.Errorf("no sources: %v, %v", phi, err)
	}
}

func TestLineSourceLFP(t *testing.T) {
	// A straight uniform current line of 200 um along z carrying 1 nA.
	L, I := 200e-6, 1e-9
	k := DefaultResistivity / (4 * math.Pi)
	seg := []LineSource{{Start: Vec3{0, 0, -L / 2}, End: Vec3{0, 0, L / 2}}}
	cur := [][]float64{{I}}
	for _, c := range []struct {
		name string
		e    Vec3
		want float64
	}{
		// Perpendicular bisector: 2 asinh(L/(2d)).
		{"bisector 10um", Vec3{10e-6, 0, 0}, k * I / L * 2 * math.Asinh(L/(2*10e-6))},
		{"bisector 1mm", Vec3{0, 1e-3, 0}, k * I / L * 2 * math.Asinh(L/(2*1e-3))},
		// On the axis beyond the end, h from the near end: ln((h+L)/h).
		{"axis", Vec3{0, 0, L/2 + 50e-6}, k * I / L * math.Log((50e-6+L)/50e-6)},
		// Far away it is a point source.
		{"far", Vec3{0.1, 0, 0}, k * I / 0.1},
	} {
		phi, err := LineSourceLFP([]Vec3{c.e}, seg, cur, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rel := math.Abs(phi[0][0]-c.want) / c.want; rel > 1e-6 {
			t.Errorf("%s: %v V, want %v (rel. error %g)", c.name, phi[0][0], c.want, rel)
		}
	}
	// Anywhere, the line equals the integral of point sources along it
	// (midpoint rule with 20 000 points), and splitting it changes nothing.
	e := Vec3{30e-6, -20e-6, 70e-6}
	var q float64
	const n = 20000
	for i := 0; i < n; i++ {
		z := -L/2 + (float64(i)+0.5)*L/n
		q += k * (I / n) / e.sub(Vec3{0, 0, z}).norm()
	}
	split := []LineSource{{Start: Vec3{0, 0, -L / 2}, End: Vec3{0, 0, 0}}, {Start: Vec3{0, 0, 0}, End: Vec3{0, 0, L / 2}}}
	phi, _ := LineSourceLFP([]Vec3{e}, seg, cur, nil)
	phi2, _ := LineSourceLFP([]Vec3{e}, split, [][]float64{{I / 2}, {I / 2}}, nil)
	if math.Abs(phi[0][0]-q)/q > 1e-6 || math.Abs(phi2[0][0]-q)/q > 1e-6 {
		t.Errorf("line %v, split %v, point-source quadrature %v", phi[0][0], phi2[0][0], q)
	}
}

func TestCurrentProxies(t *testing.T) {
	p, err := AbsCurrentProxy([][]float64{{-1, 2}, {3, -4}})
	if err != nil || p[0] != 4 || p[1] != 6 {
		t.Errorf("AbsCurrentProxy = %v, %v", p, err)
	}
	if _, err := AbsCurrentProxy([][]float64{{1}, {1, 2}}); err == nil {
		t.Error("ragged: no error")
	}
	ampa := []float64{1, 2, 3, 4, 5}
	gaba := []float64{0, 0, 1, 1, 1}
	ws, err := WeightedSumProxy(ampa, gaba, 1e-3, 2e-3, 0)
	if err != nil || len(ws) != 3 || math.Abs(ws[0]+0.65) > 1e-12 || math.Abs(ws[2]-1.35) > 1e-12 {
		t.Errorf("WeightedSumProxy = %v, %v", ws, err)
	}
	if ws, err := WeightedSumProxy(ampa, gaba, 1e-3, 0, 0); err != nil || len(ws) != 0 {
		t.Errorf("5 samples with a 6 ms delay: %v, %v", ws, err)
	}
}

package lfp

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// quadratureK is the potential (mV) of 1 nA spread uniformly along the
// segment a-b, as point sources 0.01 ρ/(4π d) integrated along the
// segment by composite Gauss-Legendre quadrature (panels of at most
// 0.05 µm, 10 points each): a computation that shares nothing with the
// closed form but the physics.
func quadratureK(a, b, e [3]float64, rho float64) float64 {
	l := math.Sqrt((b[0]-a[0])*(b[0]-a[0]) + (b[1]-a[1])*(b[1]-a[1]) + (b[2]-a[2])*(b[2]-a[2]))
	f := func(t float64) float64 { // t in [0, 1] along the segment
		var d2 float64
		for i := range 3 {
			x := a[i] + t*(b[i]-a[i]) - e[i]
			d2 += x * x
		}
		return 1 / math.Sqrt(d2)
	}
	panels := max(1, int(math.Ceil(l/0.05)))
	var sum float64
	for p := range panels {
		sum += quad.Fixed(f, float64(p)/float64(panels), float64(p+1)/float64(panels), 10, quad.Legendre{}, 0)
	}
	// ∫ ds/d over the segment / l = ∫_0^1 dt/d.
	return 0.01 * rho / (4 * math.Pi) * sum
}

// cable returns a straight cable of n segments of total length lUm from
// start along the unit vector dir, diameter diamUm.
func cable(start, dir [3]float64, lUm float64, n int, diamUm float64) *Segments {
	var s Segments
	for k := range n {
		f0, f1 := lUm*float64(k)/float64(n), lUm*float64(k+1)/float64(n)
		a := [3]float64{start[0] + f0*dir[0], start[1] + f0*dir[1], start[2] + f0*dir[2]}
		b := [3]float64{start[0] + f1*dir[0], start[1] + f1*dir[1], start[2] + f1*dir[2]}
		s.Append(a, b, diamUm, 1)
	}
	return &s
}

// TestCableAgainstQuadrature is SPEC 8 check 13's first part: a straight
// 100 µm cable of 10 segments with prescribed currents (a sink at one end
// and an equal source at the other, then random currents); the potential
// equals the sum of line-source terms computed independently by
// quadrature, 1e-9 relative, for electrodes beside, beyond and along
// the cable.
func TestCableAgainstQuadrature(t *testing.T) {
	dir := [3]float64{2. / 3, -1. / 3, 2. / 3} // unit, oblique
	start := [3]float64{12, -7, 30}
	segs := cable(start, dir, 100, 10, 1)
	electrodes := [][3]float64{
		{40, 20, 50},     // beside the cable
		{-80, 40, -50},   // beyond the start
		{300, -120, 260}, // beyond the end, off axis
		{start[0] + 55*dir[0] + 3, start[1] + 55*dir[1], start[2] + 55*dir[2] - 1.5},   // 3.35 µm from a segment's middle
		{start[0] + 30*dir[0] + 0, start[1] + 30*dir[1] + 2, start[2] + 30*dir[2] + 1}, // near a segment boundary
		{500, 500, 0}, // MiV's rc electrode
	}
	r := rand.New(rand.NewPCG(1, 2))
	currents := [][]float64{
		{-1, 0, 0, 0, 0, 0, 0, 0, 0, 1}, // sink at one end, source at the other
		{0.3, -0.2, 0.1, 0, 0, 0, 0, -0.1, 0.2, -0.3},
	}
	for range 5 {
		c := make([]float64, 10)
		for k := range c {
			c[k] = r.NormFloat64()
		}
		currents = append(currents, c)
	}
	var worstK, worstV float64
	for _, rho := range []float64{333, 100} {
		for _, e := range electrodes {
			el := Electrode{PosUm: e, RhoOhmCm: rho}
			ls, err := New(segs, el)
			if err != nil {
				t.Fatal(err)
			}
			ref := make([]float64, segs.Len())
			for k := range ref {
				a, b := segs.ends(k)
				ref[k] = quadratureK(a, b, e, rho)
				rel := math.Abs(ls.KMVPerNA[k]-ref[k]) / ref[k]
				worstK = math.Max(worstK, rel)
				if rel > 1e-9 {
					t.Errorf("rho %g, electrode %v, segment %d: K %.15g mV/nA, quadrature %.15g (rel %.2g)", rho, e, k, ls.KMVPerNA[k], ref[k], rel)
				}
			}
			for _, c := range currents {
				v, err := ls.PotentialMV(c)
				if err != nil {
					t.Fatal(err)
				}
				var want, scale float64
				for k := range c {
					want += ref[k] * c[k]
					scale += math.Abs(ref[k] * c[k])
				}
				worstV = math.Max(worstV, math.Abs(v-want)/scale)
				if math.Abs(v-want) > 1e-9*scale {
					t.Errorf("rho %g, electrode %v, currents %v: V %.15g mV, quadrature sum %.15g (scale %.3g)", rho, e, c, v, want, scale)
				}
			}
		}
	}
	t.Logf("largest relative difference from quadrature: coefficients %.2g, potentials %.2g", worstK, worstV)
}

// TestClosedFormAsWritten checks the coefficient against SPEC 5.4's
// formula evaluated as written (λ, r⊥² = ‖e−a‖² − λ², the log of the
// ratio), where it has no cancellation: electrodes no farther along the
// axis than the segment's start.
func TestClosedFormAsWritten(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		var a, b, e [3]float64
		for i := range 3 {
			a[i] = 200 * (r.Float64() - 0.5)
			b[i] = a[i] + 30*(r.Float64()-0.5)
			e[i] = 200 * (r.Float64() - 0.5)
		}
		ab, ae := sub(b, a), sub(e, a)
		ds := norm(ab)
		lam := dot3(ae, ab) / ds
		if lam > 0 { // mirror the electrode through a's plane: lam <= 0
			for i := range 3 {
				e[i] -= 2 * lam * ab[i] / ds
			}
			ae, lam = sub(e, a), -lam
		}
		r2 := dot3(ae, ae) - lam*lam
		if r2 < 1 {
			continue
		}
		rho := 333.
		want := 0.01 * rho / (4 * math.Pi * ds) * math.Log(((ds-lam)+math.Sqrt((ds-lam)*(ds-lam)+r2))/(-lam+math.Sqrt(lam*lam+r2)))
		got, err := Coefficient(a, b, 0.5, Electrode{PosUm: e, RhoOhmCm: rho})
		if err != nil {
			t.Fatal(err)
		}
		if rel := math.Abs(got-want) / want; rel > 1e-12 {
			t.Errorf("a %v b %v e %v: K %.16g, closed form %.16g (rel %.2g)", a, b, e, got, want, rel)
		}
		// Reversing the segment changes nothing.
		rev, _ := Coefficient(b, a, 0.5, Electrode{PosUm: e, RhoOhmCm: rho})
		if rel := math.Abs(rev-got) / got; rel > 1e-13 {
			t.Errorf("a %v b %v e %v: K %.16g, reversed %.16g", a, b, e, got, rev)
		}
	}
}

// TestFarField is SPEC 8 check 13's far field: a sink and an equal
// source at the two ends of the 100 µm cable (a dipole of moment 1 nA ×
// 90 µm) decay as 1/r², to the dipole's potential 0.01 ρ p cos θ/(4π r²);
// one segment's current (a monopole) as 1/r, to 0.01 ρ I/(4π r).
func TestFarField(t *testing.T) {
	dir := [3]float64{0, 0, 1}
	segs := cable([3]float64{0, 0, -50}, dir, 100, 10, 1)
	dipole := []float64{-1, 0, 0, 0, 0, 0, 0, 0, 0, 1}
	mono := []float64{0, 0, 0, 0, 1, 0, 0, 0, 0, 0}
	rho := 333.
	c := 0.01 * rho / (4 * math.Pi)
	p := 90.                     // nA µm, from the sink's centre (z = -45) to the source's (z = 45)
	u := [3]float64{0.6, 0, 0.8} // cos θ = 0.8
	pot := func(r float64, cur []float64) float64 {
		ls, err := New(segs, Electrode{PosUm: [3]float64{r * u[0], r * u[1], r * u[2]}, RhoOhmCm: rho})
		if err != nil {
			t.Fatal(err)
		}
		v, err := ls.PotentialMV(cur)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	var prevD, prevM float64
	for i, r := range []float64{1e3, 2e3, 4e3, 8e3, 1.6e4, 1e5} {
		vd, vm := pot(r, dipole), pot(r, mono)
		// Corrections are of order (50 µm / r)² (the quadrupole and
		// octupole terms, the segment lengths).
		tol := 10 * (50 / r) * (50 / r)
		if want := c * p * 0.8 / (r * r); math.Abs(vd-want) > tol*want {
			t.Errorf("dipole at r = %g um: %.6g mV, dipole potential %.6g (tol %.2g)", r, vd, want, tol)
		}
		// The monopole's segment is centred at z = -5: the exact distance.
		d := norm(sub([3]float64{r * u[0], r * u[1], r * u[2]}, [3]float64{0, 0, -5}))
		if want := c / d; math.Abs(vm-want) > tol*want {
			t.Errorf("monopole at r = %g um: %.9g mV, point source %.9g", r, vm, want)
		}
		if i > 0 && i < 5 { // doubling r
			if q := vd / prevD; math.Abs(q-0.25) > 0.25*tol*4 {
				t.Errorf("dipole V(%g)/V(%g) = %.6f, want 1/4", r, r/2, q)
			}
			if q := vm / prevM; math.Abs(q-0.5) > 0.5*tol*4 {
				t.Errorf("monopole V(%g)/V(%g) = %.6f, want 1/2", r, r/2, q)
			}
		}
		prevD, prevM = vd, vm
		if r == 1e5 {
			d := norm(sub([3]float64{r * u[0], r * u[1], r * u[2]}, [3]float64{0, 0, -5}))
			t.Logf("r = 1e5 um: dipole %.6g mV (rel. to p cos θ/r²: %.2g), monopole rel. to 1/r: %.2g", vd, vd/(c*p*0.8/(r*r))-1, vm/(c/d)-1)
		}
	}
}

// TestPointSourceLimit is SPEC 8 check 13's point-source limit: a 0.1 µm
// segment carrying 1 nA seen from 10 µm in 333 Ω·cm gives 0.026499 mV.
func TestPointSourceLimit(t *testing.T) {
	for _, e := range [][3]float64{{10, 0, 0.05}, {0, 10, 0.05}, {0, 0, 10.05}, {6, 8, 0.05}} {
		k, err := Coefficient([3]float64{0, 0, 0}, [3]float64{0, 0, 0.1}, 0.1, Electrode{PosUm: e, RhoOhmCm: 333})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("electrode %v: %.9f mV", e, k)
		if rel := math.Abs(k-0.026499) / 0.026499; rel > 1e-4 {
			t.Errorf("electrode %v: %.7f mV for 1 nA, want 0.026499 (rel %.2g)", e, k, rel)
		}
	}
	// A segment of zero length is the point source exactly.
	k, err := Coefficient([3]float64{1, 2, 3}, [3]float64{1, 2, 3}, 1, Electrode{PosUm: [3]float64{1, 12, 3}, RhoOhmCm: 333})
	if err != nil {
		t.Fatal(err)
	}
	if want := 0.01 * 333 / (4 * math.Pi * 10); math.Abs(k-want) > 1e-15*want {
		t.Errorf("zero-length segment: %.17g mV, want %.17g", k, want)
	}
}

// TestZeroCurrents: a network's potential with all currents zero is
// exactly 0.
func TestZeroCurrents(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var segs Segments
	for range 1000 {
		a := [3]float64{100 * r.NormFloat64(), 100 * r.NormFloat64(), 100 * r.NormFloat64()}
		b := [3]float64{a[0] + 10*r.NormFloat64(), a[1] + 10*r.NormFloat64(), a[2] + 10*r.NormFloat64()}
		w := 1.
		if r.IntN(3) == 0 {
			w = 10
		}
		segs.Append(a, b, 0.5+r.Float64(), w)
	}
	ls, err := New(&segs, Electrode{PosUm: [3]float64{3, 4, 5}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := ls.PotentialMV(make([]float64, segs.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if v != 0 {
		t.Errorf("zero currents: V = %g mV, want exactly 0", v)
	}
}

// TestRadiusFloor: an electrode closer to a segment's axis than its
// radius sees the potential at the radius; on the axis of a segment of
// zero diameter alongside it, ErrSingular; beyond its end, the finite
// limit ln((|λ| + Δs)/|λ|).
func TestRadiusFloor(t *testing.T) {
	a, b := [3]float64{0, 0, 0}, [3]float64{10, 0, 0}
	el := func(p [3]float64) Electrode { return Electrode{PosUm: p, RhoOhmCm: 333} }
	atRadius, err := Coefficient(a, b, 2, el([3]float64{4, 1, 0}))
	if err != nil {
		t.Fatal(err)
	}
	if want := quadratureK(a, b, [3]float64{4, 1, 0}, 333); math.Abs(atRadius-want) > 1e-9*want {
		t.Fatalf("at the radius: %.15g, quadrature %.15g", atRadius, want)
	}
	for _, p := range [][3]float64{{4, 0.5, 0}, {4, 0, 0}, {4, 0, 0.3}, {4, 0.6, 0.8}} {
		got, err := Coefficient(a, b, 2, el(p))
		if err != nil {
			t.Fatal(err)
		}
		if got != atRadius && math.Abs(got-atRadius) > 1e-15*atRadius {
			t.Errorf("electrode %v inside the radius: %.17g, want %.17g (at the radius)", p, got, atRadius)
		}
	}
	_, err = Coefficient(a, b, 0, el([3]float64{4, 0, 0}))
	if !errors.Is(err, ErrSingular) {
		t.Errorf("electrode on a zero-diameter segment: error %v, want ErrSingular", err)
	}
	got, err := Coefficient(a, b, 0, el([3]float64{-5, 0, 0}))
	if err != nil {
		t.Fatal(err)
	}
	if want := 0.01 * 333 / (4 * math.Pi * 10) * math.Log(15./5); math.Abs(got-want) > 1e-15*want {
		t.Errorf("on the axis beyond the start: %.17g, want %.17g", got, want)
	}
	got, err = Coefficient(a, b, 0, el([3]float64{25, 0, 0}))
	if err != nil {
		t.Fatal(err)
	}
	if want := 0.01 * 333 / (4 * math.Pi * 10) * math.Log(25./15); math.Abs(got-want) > 1e-15*want {
		t.Errorf("on the axis beyond the end: %.17g, want %.17g", got, want)
	}
}

// TestBadInput: what New and PotentialMV refuse.
func TestBadInput(t *testing.T) {
	good := cable([3]float64{0, 0, 0}, [3]float64{1, 0, 0}, 20, 2, 1)
	for _, tc := range []struct {
		name string
		segs func() *Segments
		e    Electrode
	}{
		{"NaN coordinate", func() *Segments { s := *good; s.Y1Um = []float64{0, math.NaN()}; return &s }, Electrode{}},
		{"Inf coordinate", func() *Segments { s := *good; s.X0Um = []float64{math.Inf(1), 10}; return &s }, Electrode{}},
		{"negative diameter", func() *Segments { s := *good; s.DiamUm = []float64{1, -1}; return &s }, Electrode{}},
		{"NaN diameter", func() *Segments { s := *good; s.DiamUm = []float64{math.NaN(), 1}; return &s }, Electrode{}},
		{"short slice", func() *Segments { s := *good; s.Z1Um = s.Z1Um[:1]; return &s }, Electrode{}},
		{"NaN weight", func() *Segments { s := *good; s.Weight = []float64{1, math.NaN()}; return &s }, Electrode{}},
		{"weights", func() *Segments { s := *good; s.Weight = []float64{1}; return &s }, Electrode{}},
		{"NaN electrode", func() *Segments { return good }, Electrode{PosUm: [3]float64{math.NaN(), 0, 0}}},
		{"negative rho", func() *Segments { return good }, Electrode{PosUm: [3]float64{0, 5, 0}, RhoOhmCm: -1}},
		{"on the axis", func() *Segments { s := *good; s.DiamUm = []float64{0, 0}; return &s }, Electrode{PosUm: [3]float64{15, 0, 0}}},
	} {
		e := tc.e
		if e.PosUm == [3]float64{} && tc.name != "NaN electrode" {
			e.PosUm = [3]float64{5, 5, 5}
			if tc.name == "on the axis" {
				e.PosUm = [3]float64{15, 0, 0}
			}
		}
		if _, err := New(tc.segs(), e); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	ls, err := New(good, Electrode{PosUm: [3]float64{5, 5, 5}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ls.PotentialMV([]float64{1}); err == nil {
		t.Error("PotentialMV of 1 current for 2 segments: no error")
	}
}

// TestPotentialNoAllocation: the per-step accumulate allocates nothing.
func TestPotentialNoAllocation(t *testing.T) {
	segs := cable([3]float64{0, 0, 0}, [3]float64{1, 0, 0}, 100, 100, 1)
	ls, err := New(segs, Electrode{PosUm: [3]float64{5, 5, 5}})
	if err != nil {
		t.Fatal(err)
	}
	cur := make([]float64, 100)
	if n := testing.AllocsPerRun(100, func() { _, _ = ls.PotentialMV(cur) }); n != 0 {
		t.Errorf("PotentialMV: %g allocations per call", n)
	}
}

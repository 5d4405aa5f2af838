package lfp

import (
	"math"
	"sort"
	"testing"
)

// straight returns a straight section from a to b of nseg segments,
// diameter diamUm, with the areas of its cylinders.
func straight(a, b [3]float64, nseg int, diamUm float64) Section {
	l := norm(sub(b, a))
	s := Section{XUm: []float64{a[0], b[0]}, YUm: []float64{a[1], b[1]}, ZUm: []float64{a[2], b[2]},
		DiamUm: []float64{diamUm, diamUm}, Nseg: nseg}
	for range nseg {
		s.AreaUm2 = append(s.AreaUm2, math.Pi*diamUm*l/float64(nseg))
	}
	return s
}

func coeffs(t *testing.T, cells []Cell, e Electrode, o *Options) []float64 {
	t.Helper()
	ls, err := FromCells(cells, e, o)
	if err != nil {
		t.Fatal(err)
	}
	return ls.KMVPerNA
}

// TestFromCellsNormative: without defects FromCells is New on the
// sections' segments, which for a straight section are the equal pieces
// of the cable.
func TestFromCellsNormative(t *testing.T) {
	sec := straight([3]float64{0, 0, 0}, [3]float64{100, 0, 0}, 10, 1)
	e := Electrode{PosUm: [3]float64{37, 12, -5}}
	got := coeffs(t, []Cell{{Sections: []Section{sec}, Weight: 2}}, e, nil)
	ls, err := New(cable([3]float64{0, 0, 0}, [3]float64{1, 0, 0}, 100, 10, 1), e)
	if err != nil {
		t.Fatal(err)
	}
	for k := range got {
		if want := 2 * ls.KMVPerNA[k]; math.Abs(got[k]-want) > 1e-14*want {
			t.Errorf("segment %d: %.16g, want 2 x %.16g", k, got[k], ls.KMVPerNA[k])
		}
	}
}

// TestCompatFullDistance (defect a): rd is the distance from the
// electrode to the segment's start, so the coefficient is the normative
// one of an electrode at the same axial coordinate but at that distance
// from the axis (checked by quadrature); with the electrode level with
// the start (λ = 0) the two agree, elsewhere they differ.
func TestCompatFullDistance(t *testing.T) {
	a, b := [3]float64{0, 0, 0}, [3]float64{20, 0, 0}
	cell := []Cell{{Sections: []Section{straight(a, b, 1, 1)}}}
	for _, tc := range []struct {
		e       [3]float64
		differs bool
	}{
		{[3]float64{0, 8, 6}, false},   // λ = 0: ‖e − a‖ = r⊥
		{[3]float64{15, 8, 6}, true},   // alongside
		{[3]float64{-30, 0, 10}, true}, // before the start
	} {
		e := Electrode{PosUm: tc.e}
		got := coeffs(t, cell, e, &Options{Compat: FullDistance})[0]
		norm0 := coeffs(t, cell, e, nil)[0]
		lam := tc.e[0]
		moved := [3]float64{lam, norm(tc.e), 0} // same λ, distance ‖e − a‖ from the axis
		want := quadratureK(a, b, moved, DefaultRhoOhmCm)
		if math.Abs(got-want) > 1e-9*want {
			t.Errorf("electrode %v: compat a %.15g, line source at distance %g: %.15g", tc.e, got, norm(tc.e), want)
		}
		if d := math.Abs(got-norm0) / norm0; tc.differs != (d > 1e-3) {
			t.Errorf("electrode %v: compat a %.9g, normative %.9g: relative difference %.3g", tc.e, got, norm0, d)
		}
	}
}

// TestCompatNodeOffByOne (defect b): a straight 30 µm section of 3
// segments has the nodes 0, 5 and 15 µm (0-end, centres of segments 0
// and 1), so ld = 0, 5, 15, l = 10, sd = 10, 5, −5 and
// K_j = 0.01 ρ/(4π l) (asinh(sd/r) − asinh(ld/r)), whatever the
// electrode's position along the section; segment 2's is negative.
func TestCompatNodeOffByOne(t *testing.T) {
	cell := []Cell{{Sections: []Section{straight([3]float64{0, 0, 0}, [3]float64{30, 0, 0}, 3, 1)}}}
	c := 0.01 * DefaultRhoOhmCm / (4 * math.Pi * 10)
	ld := []float64{0, 5, 15}
	for _, ex := range []float64{-20, 7, 15, 60} {
		e := Electrode{PosUm: [3]float64{ex, 12, 16}} // r = 20 from the axis
		got := coeffs(t, cell, e, &Options{Compat: NodeOffByOne})
		normative := coeffs(t, cell, e, nil)
		for j := range 3 {
			want := c * (math.Asinh((10-ld[j])/20) - math.Asinh(ld[j]/20))
			if math.Abs(got[j]-want) > 1e-13*math.Abs(want) {
				t.Errorf("electrode x %g, segment %d: compat b %.15g, want %.15g", ex, j, got[j], want)
			}
			if math.Abs(got[j]-normative[j]) < 1e-3*normative[j] {
				t.Errorf("electrode x %g, segment %d: compat b %.9g equals the normative %.9g", ex, j, got[j], normative[j])
			}
		}
		if got[2] >= 0 {
			t.Errorf("electrode x %g: segment 2's coefficient %g, want negative (sd < 0)", ex, got[2])
		}
	}
}

// TestCompatAbsLog (defect c): alone it changes nothing (the exact
// factor is positive); with defect b it flips the negative coefficients.
func TestCompatAbsLog(t *testing.T) {
	cell := []Cell{{Sections: []Section{
		straight([3]float64{0, 0, 0}, [3]float64{30, 0, 0}, 3, 1),
		straight([3]float64{30, 0, 0}, [3]float64{30, 40, 10}, 5, 1)}}}
	e := Electrode{PosUm: [3]float64{10, 20, 20}}
	normative := coeffs(t, cell, e, nil)
	c := coeffs(t, cell, e, &Options{Compat: AbsLog})
	for k := range c {
		if c[k] != normative[k] {
			t.Errorf("segment %d: compat c %.17g, normative %.17g", k, c[k], normative[k])
		}
	}
	b := coeffs(t, cell, e, &Options{Compat: NodeOffByOne})
	bc := coeffs(t, cell, e, &Options{Compat: NodeOffByOne | AbsLog})
	flipped := 0
	for k := range b {
		if bc[k] != math.Abs(b[k]) {
			t.Errorf("segment %d: compat b,c %.17g, |compat b| %.17g", k, bc[k], math.Abs(b[k]))
		}
		if b[k] < 0 {
			flipped++
		}
	}
	if flipped == 0 {
		t.Error("no negative coefficient under defect b to flip")
	}
}

// TestCompatDefaultArea (defect d): segment j's coefficient is
// multiplied by the area of the default section's segment at x_j over
// its own area.
func TestCompatDefaultArea(t *testing.T) {
	sec := straight([3]float64{0, 0, 0}, [3]float64{30, 0, 0}, 3, 1)
	sec.AreaUm2 = []float64{10, 20, 40}
	def := &Section{XUm: []float64{0, 0}, YUm: []float64{0, 20}, ZUm: []float64{0, 0}, DiamUm: []float64{20, 20},
		Nseg: 4, AreaUm2: []float64{100, 200, 300, 400}}
	cell := []Cell{{Sections: []Section{sec}}}
	e := Electrode{PosUm: [3]float64{10, 20, 20}}
	normative := coeffs(t, cell, e, nil)
	got := coeffs(t, cell, e, &Options{Compat: DefaultArea, DefaultSection: def})
	// x = 1/6, 1/2, 5/6 fall in the default section's segments 0, 2, 3
	// (NEURON's segment of x: floor(x nseg)).
	ratio := []float64{100. / 10, 300. / 20, 400. / 40}
	for j := range got {
		if want := normative[j] * ratio[j]; math.Abs(got[j]-want) > 1e-15*want {
			t.Errorf("segment %d: compat d %.15g, want %g x %.15g", j, got[j], ratio[j], normative[j])
		}
	}
	if _, err := FromCells(cell, e, &Options{Compat: DefaultArea}); err == nil {
		t.Error("DefaultArea without a default section: no error")
	}
}

// TestCompatSharedCoefficients (defect e): segment j of every section
// reads the coefficient of segment j of the last section with more than
// j segments. MiV's coefficients multiply current densities, so in
// terms of currents the writer's coefficient is scaled by the writer's
// area over the reader's.
func TestCompatSharedCoefficients(t *testing.T) {
	cells := []Cell{
		{Sections: []Section{
			straight([3]float64{0, 0, 0}, [3]float64{30, 0, 0}, 3, 1),          // segments of 10 µm x 1 µm
			straight([3]float64{0, 0, 0}, [3]float64{0, 20, 0}, 2, 2)}, Weight: 10}, // 10 µm x 2 µm: twice the area
		{Sections: []Section{straight([3]float64{50, 0, 0}, [3]float64{50, 0, 40}, 4, 2)}},
	}
	e := Electrode{PosUm: [3]float64{10, 20, 20}}
	n := coeffs(t, cells, e, nil)
	got := coeffs(t, cells, e, &Options{Compat: SharedCoefficients})
	// Cell 0: sections of 3 and 2 segments, n[0..2] and n[3..4]; the
	// second's segments have twice the first's area. Cell 1 alone.
	want := []float64{2 * n[3], 2 * n[4], n[2], n[3], n[4], n[5], n[6], n[7], n[8]}
	for k := range got {
		if math.Abs(got[k]-want[k]) > 1e-15*want[k] {
			t.Errorf("segment %d: compat e %.17g, want %.17g", k, got[k], want[k])
		}
	}
	if got[0] == n[0] || got[3] != n[3] && math.Abs(got[3]-n[3]) > 1e-15*n[3] {
		t.Errorf("compat e: %v, normative %v", got, n)
	}
}

// mivHEAD transcribes MiV-Simulator's lfp.py (setup_lfp_coeffs and
// pos_lfp) for one cell: the potential (mV) of current densities
// iDensity (mA/cm², one per segment in section order), with area(x) of
// the default section def.
func mivHEAD(secs []Section, def *Section, e [3]float64, rho, typeWeight float64, iDensity []float64) float64 {
	n := 0
	for _, s := range secs {
		n += s.Nseg
	}
	coeffs := make([]float64, n)
	for _, sec := range secs {
		nn := len(sec.XUm)
		ll := make([]float64, nn)
		for i := 1; i < nn; i++ {
			ll[i] = ll[i-1] + math.Sqrt(math.Pow(sec.XUm[i]-sec.XUm[i-1], 2)+math.Pow(sec.YUm[i]-sec.YUm[i-1], 2)+math.Pow(sec.ZUm[i]-sec.ZUm[i-1], 2))
		}
		L := ll[nn-1]
		for i := range ll {
			ll[i] /= L
		}
		rangev := make([]float64, sec.Nseg+2)
		for i := range rangev {
			rangev[i] = float64(i)/float64(sec.Nseg) - 1/(2*float64(sec.Nseg))
		}
		rangev[0], rangev[sec.Nseg+1] = 0, 1
		interp := func(x float64, y []float64) float64 {
			i := sort.SearchFloat64s(ll, x) // first ll[i] >= x
			if i == 0 {
				return y[0]
			}
			if i == nn {
				return y[nn-1]
			}
			return y[i-1] + (x-ll[i-1])*(y[i]-y[i-1])/(ll[i]-ll[i-1])
		}
		xint, yint, zint := make([]float64, sec.Nseg+2), make([]float64, sec.Nseg+2), make([]float64, sec.Nseg+2)
		for i, x := range rangev {
			xint[i], yint[i], zint[i] = interp(x, sec.XUm), interp(x, sec.YUm), interp(x, sec.ZUm)
		}
		sx0, sy0, sz0 := xint[0], yint[0], zint[0]
		for j := range sec.Nseg {
			segx := (float64(j) + 0.5) / float64(sec.Nseg)
			sx, sy, sz := xint[j], yint[j], zint[j]
			l := L / float64(sec.Nseg)
			rd := math.Sqrt((e[0]-sx)*(e[0]-sx) + (e[1]-sy)*(e[1]-sy) + (e[2]-sz)*(e[2]-sz))
			ld := math.Sqrt((sx-sx0)*(sx-sx0) + (sy-sy0)*(sy-sy0) + (sz-sz0)*(sz-sz0))
			sd := l - ld
			area := def.AreaUm2[int(segx*float64(def.Nseg))] // h.area(seg.x), default section
			k := 0.0001 * area * (rho / (4.0 * math.Pi * l)) * math.Abs(math.Log((math.Sqrt(ld*ld+rd*rd)-ld)/(math.Sqrt(sd*sd+rd*rd)-sd)))
			if math.IsNaN(k) {
				k = 0
			}
			coeffs[j] = typeWeight * k
		}
	}
	v, m := 0., 0
	for _, sec := range secs {
		for j := range sec.Nseg {
			v += iDensity[m] * coeffs[j]
			m++
		}
	}
	return v
}

// TestCompatMiVHEAD: all five defects reproduce a transcription of
// MiV's lfp.py on a PVBC-like cell (sections of 1, 9, 9, 7, 7 segments,
// bent dendrites) sampled as a distal cell (weight 1/fdst = 10), the
// currents given as MiV's densities times the segments' areas.
func TestCompatMiVHEAD(t *testing.T) {
	secs := []Section{
		straight([3]float64{-10, 0, 0}, [3]float64{10, 0, 0}, 1, 20),
		{XUm: []float64{10, 40, 60, 90}, YUm: []float64{0, 20, 25, 60}, ZUm: []float64{0, 5, 10, 0}, DiamUm: []float64{2, 1.5, 1.2, 1}, Nseg: 9},
		{XUm: []float64{-10, -40, -70}, YUm: []float64{0, 30, 30}, ZUm: []float64{0, 0, 20}, DiamUm: []float64{2, 1.5, 1}, Nseg: 9},
		straight([3]float64{0, 0, 10}, [3]float64{0, -80, 30}, 7, 1),
		{XUm: []float64{0, 5, 30}, YUm: []float64{0, -40, -90}, ZUm: []float64{-10, -30, -20}, DiamUm: []float64{1.2, 1, 0.8}, Nseg: 7},
	}
	var dens []float64
	for si := range secs {
		s := &secs[si]
		if s.AreaUm2 == nil {
			for j := range s.Nseg {
				s.AreaUm2 = append(s.AreaUm2, 50+10*float64(j)+float64(si))
			}
		}
		for j := range s.Nseg {
			dens = append(dens, math.Sin(float64(3*si+j))*0.01)
		}
	}
	def := &secs[0] // the default section: the first soma created
	for _, pos := range [][3]float64{{500, 500, 0}, {20, 30, 5}, {-60, -60, 40}} {
		want := mivHEAD(secs, def, pos, 333, 10, dens)
		ls, err := FromCells([]Cell{{Sections: secs, Weight: 10}}, Electrode{PosUm: pos, RhoOhmCm: 333}, &Options{Compat: MiVHEAD, DefaultSection: def})
		if err != nil {
			t.Fatal(err)
		}
		cur := make([]float64, len(dens))
		m := 0
		for _, s := range secs {
			for j := range s.Nseg {
				cur[m] = 0.01 * dens[m] * s.AreaUm2[j] // nA = 0.01 µm² mA/cm²
				m++
			}
		}
		got, err := ls.PotentialMV(cur)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-want) > 1e-12*math.Abs(want) {
			t.Errorf("electrode %v: compat HEAD %.15g mV, lfp.py transcribed %.15g", pos, got, want)
		}
		normative, err := FromCells([]Cell{{Sections: secs, Weight: 10}}, Electrode{PosUm: pos, RhoOhmCm: 333}, nil)
		if err != nil {
			t.Fatal(err)
		}
		vn, _ := normative.PotentialMV(cur)
		t.Logf("electrode %v: MiV HEAD %.6g mV, normative %.6g mV", pos, got, vn)
	}
}

func TestDefectString(t *testing.T) {
	for d, want := range map[Defect]string{0: "none", MiVHEAD: "a,b,c,d,e", NodeOffByOne | DefaultArea: "b,d"} {
		if got := d.String(); got != want {
			t.Errorf("%#x: %q, want %q", uint8(d), got, want)
		}
	}
}

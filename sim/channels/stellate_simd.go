//go:build goexperiment.simd && amd64

package channels

import "simd/archsimd"

// The SIMD lanes of the stellate kernels (stellate_kernels.go): each
// function advances the first len(v) &^ 3 cells four at a time, with the
// operations of the scalar lane in the same order, and returns how many it
// did (0 when vectorKernels is off). Negation is a multiplication by -1,
// which is exact and keeps the sign of zero as unary minus does.

type f64x4 = archsimd.Float64x4

func bc(x float64) f64x4 { return archsimd.BroadcastFloat64x4(x) }

// vtrapVec is vtrapLane in each lane, for y = 10.
func (e *vexp) vtrap10(x f64x4) f64x4 {
	y := bc(10)
	xy := x.Div(y)
	small := xy.Less(bc(1e-6)).And(xy.Greater(bc(-1e-6)))
	big := x.Div(e.exp(xy).Sub(e.one))
	return y.Mul(e.one.Sub(xy.Div(bc(2)))).Merge(big, small)
}

// cnexpAB is cnexpABLane in each lane.
func (e *vexp) cnexpAB(x, a, b, dt, neg1 f64x4) f64x4 {
	na := a.Mul(neg1)
	s := na.Sub(b)
	return x.Add(e.one.Sub(e.exp(dt.Mul(s))).Mul(na.Div(s).Sub(x)))
}

// cnexp is cnexpLane in each lane.
func (e *vexp) cnexp(x, inf, tau, dt, neg1 f64x4) f64x4 {
	return x.Add(e.one.Sub(e.exp(dt.Mul(neg1.Div(tau)))).Mul(inf.Sub(x)))
}

func stellNaVec(v, m, h, p []float64, dt float64) int {
	if !vectorKernels {
		return 0
	}
	e := newVexp()
	n := len(v) &^ 3
	m, h, p = m[:len(v)], h[:len(v)], p[:len(v)]
	vdt, neg1 := bc(dt), bc(-1)
	for i := 0; i < n; i += 4 {
		x := archsimd.LoadFloat64x4Slice(v[i : i+4])
		a := bc(.1).Mul(e.vtrap10(x.Add(bc(23)).Mul(neg1)))
		b := bc(4).Mul(e.exp(x.Add(bc(48)).Mul(neg1).Div(bc(18))))
		e.cnexpAB(archsimd.LoadFloat64x4Slice(m[i:i+4]), a, b, vdt, neg1).StoreSlice(m[i : i+4])
		a = bc(0.07).Mul(e.exp(x.Add(bc(37)).Mul(neg1).Div(bc(20))))
		b = e.one.Div(e.exp(bc(-0.1).Mul(x.Add(bc(7)))).Add(e.one))
		e.cnexpAB(archsimd.LoadFloat64x4Slice(h[i:i+4]), a, b, vdt, neg1).StoreSlice(h[i : i+4])
		ex := e.exp(x.Add(bc(38)).Mul(neg1).Div(bc(6.5)))
		d := bc(0.15).Mul(ex.Add(e.one))
		a = e.one.Div(d)
		b = ex.Div(d)
		e.cnexpAB(archsimd.LoadFloat64x4Slice(p[i:i+4]), a, b, vdt, neg1).StoreSlice(p[i : i+4])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func stellKdrVec(v, nk []float64, dt float64) int {
	if !vectorKernels {
		return 0
	}
	e := newVexp()
	n := len(v) &^ 3
	nk = nk[:len(v)]
	vdt, neg1 := bc(dt), bc(-1)
	for i := 0; i < n; i += 4 {
		x := archsimd.LoadFloat64x4Slice(v[i : i+4])
		a := bc(0.01).Mul(e.vtrap10(x.Add(bc(27)).Mul(neg1)))
		b := bc(0.125).Mul(e.exp(x.Add(bc(37)).Mul(neg1).Div(bc(80))))
		e.cnexpAB(archsimd.LoadFloat64x4Slice(nk[i:i+4]), a, b, vdt, neg1).StoreSlice(nk[i : i+4])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func stellHVec(v, hf, hs []float64, hfTau, hsTau, dt float64) int {
	if !vectorKernels {
		return 0
	}
	e := newVexp()
	n := len(v) &^ 3
	hf, hs = hf[:len(v)], hs[:len(v)]
	vdt, neg1, ft, st := bc(dt), bc(-1), bc(hfTau), bc(hsTau)
	for i := 0; i < n; i += 4 {
		x := archsimd.LoadFloat64x4Slice(v[i : i+4])
		finf := e.one.Div(e.one.Add(e.exp(x.Add(bc(79.2)).Div(bc(9.78)))))
		ftau := ft.Div(e.exp(x.Sub(bc(1.7)).Div(bc(10))).Add(e.exp(x.Add(bc(340)).Mul(neg1).Div(bc(52))))).Add(e.one)
		sinf := e.one.Div(e.one.Add(e.exp(x.Add(bc(71.3)).Div(bc(7.9)))))
		stau := st.Div(e.exp(x.Sub(bc(1.7)).Div(bc(14))).Add(e.exp(x.Add(bc(260)).Mul(neg1).Div(bc(43))))).Add(e.one)
		e.cnexp(archsimd.LoadFloat64x4Slice(hf[i:i+4]), finf, ftau, vdt, neg1).StoreSlice(hf[i : i+4])
		e.cnexp(archsimd.LoadFloat64x4Slice(hs[i:i+4]), sinf, stau, vdt, neg1).StoreSlice(hs[i : i+4])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

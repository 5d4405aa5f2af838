// Code generated from kernels4_simd.go by TestKernels8InSync -update; DO NOT EDIT.

//go:build goexperiment.simd && amd64

package channels

import (
	"simd/archsimd"

	"github.com/golgi-sim/golgi/sim/vmath"
)

// The SIMD kernels of kernels4_simd.go with eight lanes (AVX-512).

// vexp8 holds the broadcast constants of the exponential (vmath.Exp8) and
// of the kernels. vexp8Consts, built once where the CPU has the
// instructions (vexp_simd.go), serves every kernel.
type vexp8 struct {
	vmath.Exp8
	one f64x8
	st  stellConsts8
}

// stellConsts8 are the constants of the stellate kernels, broadcast once:
// the compiler does not hoist broadcasts out of loops.
type stellConsts8 struct {
	neg1, tenth, ten, two, eps, negEps        f64x8
	c23, c48, r18, c4, c007, c37, r20, cm01   f64x8
	c7, c38, r65, c015, c001, c27, c0125, r80 f64x8
	c792, r978, c17, r52, c340, c713, r79     f64x8
	r14, c260, r43                            f64x8
}

func newVexp8() vexp8 {
	b := bcast8
	e := vexp8{Exp8: vmath.NewExp8(), one: b(1)}
	e.st = stellConsts8{neg1: b(-1), tenth: b(0.1), ten: b(10), two: b(2), eps: b(1e-6), negEps: b(-1e-6),
		c23: b(23), c48: b(48), r18: b(1.0 / 18), c4: b(4), c007: b(0.07), c37: b(37), r20: b(1.0 / 20), cm01: b(-0.1),
		c7: b(7), c38: b(38), r65: b(1 / 6.5), c015: b(0.15), c001: b(0.01), c27: b(27), c0125: b(0.125), r80: b(1.0 / 80),
		c792: b(79.2), r978: b(1 / 9.78), c17: b(1.7), r52: b(1.0 / 52), c340: b(340), c713: b(71.3), r79: b(1 / 7.9),
		r14: b(1.0 / 14), c260: b(260), r43: b(1.0 / 43)}
	return e
}

type f64x8 = archsimd.Float64x8

// bcast8 returns x in every lane.
func bcast8(x float64) f64x8 { return archsimd.BroadcastFloat64x8(x) }

// vtrap10 is vtrap10Lane in each lane.
func (e *vexp8) vtrap10(x f64x8) f64x8 {
	c := &e.st
	xy := x.Mul(c.tenth)
	small := xy.Less(c.eps).And(xy.Greater(c.negEps))
	big := x.Div(e.Exp(xy).Sub(e.one))
	return c.ten.Mul(e.one.Sub(xy.Div(c.two))).Merge(big, small)
}

// cnexpAB is cnexpABLane in each lane.
func (e *vexp8) cnexpAB(x, a, b, dt f64x8) f64x8 {
	na := a.Mul(e.st.neg1)
	s := na.Sub(b)
	return x.Add(e.one.Sub(e.Exp(dt.Mul(s))).Mul(na.Div(s).Sub(x)))
}

// cnexp is cnexpLane in each lane.
func (e *vexp8) cnexp(x, inf, tau, dt f64x8) f64x8 {
	return x.Add(e.one.Sub(e.Exp(dt.Mul(e.st.neg1.Div(tau)))).Mul(inf.Sub(x)))
}

// stellNaVec8 advances the sodium gates (stellNaLane) of the first
// len(v) &^ 7 cells eight at a time and returns how many it did.
func stellNaVec8(v, m, h, p []float64, dt float64) int {
	e := vexp8Consts
	c := &e.st
	n := len(v) &^ 7
	m, h, p = m[:len(v)], h[:len(v)], p[:len(v)]
	vdt := bcast8(dt)
	for i := 0; i < n; i += 8 {
		x := archsimd.LoadFloat64x8Slice(v[i : i+8])
		a := c.tenth.Mul(e.vtrap10(x.Add(c.c23).Mul(c.neg1)))
		b := c.c4.Mul(e.Exp(x.Add(c.c48).Mul(c.neg1).Mul(c.r18)))
		e.cnexpAB(archsimd.LoadFloat64x8Slice(m[i:i+8]), a, b, vdt).StoreSlice(m[i : i+8])
		a = c.c007.Mul(e.Exp(x.Add(c.c37).Mul(c.neg1).Mul(c.r20)))
		b = e.one.Div(e.Exp(c.cm01.Mul(x.Add(c.c7))).Add(e.one))
		e.cnexpAB(archsimd.LoadFloat64x8Slice(h[i:i+8]), a, b, vdt).StoreSlice(h[i : i+8])
		ex := e.Exp(x.Add(c.c38).Mul(c.neg1).Mul(c.r65))
		d := c.c015.Mul(ex.Add(e.one))
		a = e.one.Div(d)
		b = ex.Div(d)
		e.cnexpAB(archsimd.LoadFloat64x8Slice(p[i:i+8]), a, b, vdt).StoreSlice(p[i : i+8])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// stellKdrVec8 advances the potassium gate (stellKdrLane) of the first
// len(v) &^ 7 cells eight at a time and returns how many it did.
func stellKdrVec8(v, nk []float64, dt float64) int {
	e := vexp8Consts
	c := &e.st
	n := len(v) &^ 7
	nk = nk[:len(v)]
	vdt := bcast8(dt)
	for i := 0; i < n; i += 8 {
		x := archsimd.LoadFloat64x8Slice(v[i : i+8])
		a := c.c001.Mul(e.vtrap10(x.Add(c.c27).Mul(c.neg1)))
		b := c.c0125.Mul(e.Exp(x.Add(c.c37).Mul(c.neg1).Mul(c.r80)))
		e.cnexpAB(archsimd.LoadFloat64x8Slice(nk[i:i+8]), a, b, vdt).StoreSlice(nk[i : i+8])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// stellHVec8 advances the HCN gates (stellHLane) of the first len(v) &^ 7
// cells eight at a time and returns how many it did.
func stellHVec8(v, hf, hs []float64, hfTau, hsTau, dt float64) int {
	e := vexp8Consts
	c := &e.st
	n := len(v) &^ 7
	hf, hs = hf[:len(v)], hs[:len(v)]
	vdt, ft, st := bcast8(dt), bcast8(hfTau), bcast8(hsTau)
	for i := 0; i < n; i += 8 {
		x := archsimd.LoadFloat64x8Slice(v[i : i+8])
		finf := e.one.Div(e.one.Add(e.Exp(x.Add(c.c792).Mul(c.r978))))
		ftau := ft.Div(e.Exp(x.Sub(c.c17).Mul(c.tenth)).Add(e.Exp(x.Add(c.c340).Mul(c.neg1).Mul(c.r52)))).Add(e.one)
		sinf := e.one.Div(e.one.Add(e.Exp(x.Add(c.c713).Mul(c.r79))))
		stau := st.Div(e.Exp(x.Sub(c.c17).Mul(c.r14)).Add(e.Exp(x.Add(c.c260).Mul(c.neg1).Mul(c.r43)))).Add(e.one)
		e.cnexp(archsimd.LoadFloat64x8Slice(hf[i:i+8]), finf, ftau, vdt).StoreSlice(hf[i : i+8])
		e.cnexp(archsimd.LoadFloat64x8Slice(hs[i:i+8]), sinf, stau, vdt).StoreSlice(hs[i : i+8])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// stellNaCurrentVec8 adds the sodium current and slope (StellateNa.Current)
// of the first len(v) &^ 7 cells eight at a time and returns how many it
// did.
func stellNaCurrentVec8(m, h, p, v, i, g []float64, gBar, gNaPBar, eNa float64) int {
	n := len(v) &^ 7
	m, h, p, i, g = m[:len(v)], h[:len(v)], p[:len(v)], i[:len(v)], g[:len(v)]
	vg, vgp, ve := bcast8(gBar), bcast8(gNaPBar), bcast8(eNa)
	for k := 0; k < n; k += 8 {
		vm := archsimd.LoadFloat64x8Slice(m[k : k+8])
		gna := vg.Mul(vm).Mul(vm).Mul(vm).Mul(archsimd.LoadFloat64x8Slice(h[k : k+8]))
		gt := gna.Add(vgp.Mul(archsimd.LoadFloat64x8Slice(p[k : k+8])))
		x := archsimd.LoadFloat64x8Slice(v[k : k+8])
		archsimd.LoadFloat64x8Slice(i[k : k+8]).Add(gt.Mul(x.Sub(ve))).StoreSlice(i[k : k+8])
		archsimd.LoadFloat64x8Slice(g[k : k+8]).Add(gt).StoreSlice(g[k : k+8])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// stellKdrCurrentVec8 adds the potassium current and slope
// (StellateKdr.Current) of the first len(v) &^ 7 cells eight at a time and
// returns how many it did.
func stellKdrCurrentVec8(nk, v, i, g []float64, gBar, eK float64) int {
	n := len(v) &^ 7
	nk, i, g = nk[:len(v)], i[:len(v)], g[:len(v)]
	vg, ve := bcast8(gBar), bcast8(eK)
	for k := 0; k < n; k += 8 {
		vn := archsimd.LoadFloat64x8Slice(nk[k : k+8])
		gk := vg.Mul(vn).Mul(vn).Mul(vn).Mul(vn)
		x := archsimd.LoadFloat64x8Slice(v[k : k+8])
		archsimd.LoadFloat64x8Slice(i[k : k+8]).Add(gk.Mul(x.Sub(ve))).StoreSlice(i[k : k+8])
		archsimd.LoadFloat64x8Slice(g[k : k+8]).Add(gk).StoreSlice(g[k : k+8])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// stellHCurrentVec8 adds the HCN current and slope (StellateH.Current) of
// the first len(v) &^ 7 cells eight at a time and returns how many it did.
func stellHCurrentVec8(hf, hs, v, i, g []float64, gBar, eH float64) int {
	n := len(v) &^ 7
	hf, hs, i, g = hf[:len(v)], hs[:len(v)], i[:len(v)], g[:len(v)]
	vg, ve, wf, ws := bcast8(gBar), bcast8(eH), bcast8(0.65), bcast8(0.35)
	for k := 0; k < n; k += 8 {
		f := wf.Mul(archsimd.LoadFloat64x8Slice(hf[k : k+8]))
		gh := vg.Mul(f.Add(ws.Mul(archsimd.LoadFloat64x8Slice(hs[k : k+8]))))
		x := archsimd.LoadFloat64x8Slice(v[k : k+8])
		archsimd.LoadFloat64x8Slice(i[k : k+8]).Add(gh.Mul(x.Sub(ve))).StoreSlice(i[k : k+8])
		archsimd.LoadFloat64x8Slice(g[k : k+8]).Add(gh).StoreSlice(g[k : k+8])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// membraneVec8 is the implicit membrane update of Population.Step with
// injected and synaptic input on the first len(v) &^ 7 cells, four at a
// time: it appends the spikes (cell lo+k) and returns how many cells it did.
func membraneVec8(v, ib, gb, inj, gs, gse []float64, mfact, cfac, thr float64, lo int, spikes []int) (int, []int) {
	n := len(v) &^ 7
	ib, gb, inj, gs, gse = ib[:len(v)], gb[:len(v)], inj[:len(v)], gs[:len(v)], gse[:len(v)]
	vm, vc, vt, neg1 := bcast8(mfact), bcast8(cfac), bcast8(thr), bcast8(-1)
	for k := 0; k < n; k += 8 {
		vo := archsimd.LoadFloat64x8Slice(v[k : k+8])
		g := archsimd.LoadFloat64x8Slice(gs[k : k+8])
		rhs := archsimd.LoadFloat64x8Slice(ib[k : k+8]).Mul(neg1)
		rhs = rhs.Add(archsimd.LoadFloat64x8Slice(inj[k : k+8]).Mul(vm))
		rhs = rhs.Sub(g.Mul(vo).Mul(vm))
		d := archsimd.LoadFloat64x8Slice(gb[k : k+8]).Add(g.Mul(vm))
		rhs = rhs.Add(archsimd.LoadFloat64x8Slice(gse[k : k+8]).Mul(vm))
		vn := vo.Add(rhs.Div(d.Add(vc)))
		vn.StoreSlice(v[k : k+8])
		if bits := vo.Less(vt).And(vn.GreaterEqual(vt)).ToBits(); bits != 0 {
			for b := 0; bits != 0; b, bits = b+1, bits>>1 {
				if bits&1 != 0 {
					spikes = append(spikes, lo+k+b)
				}
			}
		}
	}
	archsimd.ClearAVXUpperBits()
	return n, spikes
}

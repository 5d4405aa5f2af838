package morph

import (
	"math"
)

// nrnPi is NEURON's PI (treeset.cpp), the same double as math.Pi.
const nrnPi = 3.14159265358979323846

// endArea is the area NEURON gives the zero-area node at the 1 end of each
// section (and the root node) "in dimensionless units", so that point
// processes there act in nA and axial coefficients in uS.
const endArea = 1e2

// sectionGeometry is what nrn_area_ri computes for one section of nseg
// segments: the area (um2) and the conductance to the parent node (uS) of
// each of its nseg+1 nodes (segment centres, then the 1 end), and the mean
// diameter of each segment.
type sectionGeometry struct {
	area []float64 // nseg+1; area[nseg] = 0 (NEURON's 1e2 placeholder is applied by the solver)
	rinv []float64 // nseg+1; NODERINV
	diam []float64 // nseg
	half []float64 // nseg: left and right half-segment resistances (MOhm), 2 per segment
}

// geometry returns NEURON's areas and axial conductances of section i with
// nseg segments and axial resistivity raOhmCm (ohm cm): cylinders
// (nrn_area_ri) or trapezoidal integration over the 3-D points
// (diam_from_list), NEURON's formulas and operation order.
func (m *Morphology) geometry(i, nseg int, raOhmCm float64) sectionGeometry {
	s := &m.Sections[i]
	g := sectionGeometry{area: make([]float64, nseg+1), rinv: make([]float64, nseg+1), diam: make([]float64, nseg), half: make([]float64, 2*nseg)}
	if len(s.Points) >= 2 {
		g.fromPoints(pt3dOf(s.Points), nseg, raOhmCm)
		return g
	}
	dx := s.L / float64(nseg)
	rright := 0.0
	for j := 0; j < nseg; j++ {
		diam := s.segDiam(j)
		g.area[j] = nrnPi * diam * dx
		rleft := 1e-2 * raOhmCm * (dx / 2) / (nrnPi * diam * diam / 4.)
		g.rinv[j] = 1. / (rleft + rright)
		g.diam[j] = diam
		g.half[2*j], g.half[2*j+1] = rleft, rleft
		rright = rleft
	}
	g.rinv[nseg] = 1. / rright
	return g
}

// scaleRa rescales the half-segment resistances computed with resistivity
// ra to the resistivity segRa[j] of each segment and recomputes the axial
// conductances: node j's conductance to its parent is the inverse of its
// left half plus the right half of segment j-1.
func (g *sectionGeometry) scaleRa(ra float64, segRa []float64) {
	rright := 0.0
	for j, r := range segRa {
		f := r / ra
		g.half[2*j] *= f
		g.half[2*j+1] *= f
		g.rinv[j] = 1. / (g.half[2*j] + rright)
		rright = g.half[2*j+1]
	}
	g.rinv[len(segRa)] = 1. / rright
}

// fromPoints is NEURON's diam_from_list called for each segment in order,
// with its static state (j, x1, y1, ds) carried from call to call.
func (g *sectionGeometry) fromPoints(p *pt3d, nseg int, ra float64) {
	npt := len(p.arc)
	ad := func(k int) float64 { return math.Abs(float64(p.d[k])) }
	j := 0
	x1 := p.arc[0]
	y1 := ad(0)
	ds := p.arc[npt-1] / float64(nseg)
	rparent := 0.0
	for inode := 0; inode < nseg; inode++ {
		si := float64(inode) * ds
		diam, area, rleft := 0., 0., 0.
		var ri float64
		for ihalf := 0; ihalf < 2; ihalf++ {
			ri = 0
			sip := si + ds/2.
			for {
				jp := j + 1
				xj := p.arc[j]
				xjp := p.arc[jp]
				var x2, y2 float64
				var jnext int
				if xjp > sip || jp == npt-1 {
					frac := 1.
					if math.Abs(xjp-xj) >= 1e-10 {
						frac = (sip - xj) / (xjp - xj)
					}
					x2 = sip
					y2 = (1.-frac)*ad(j) + frac*ad(jp)
					jnext = j
				} else {
					x2 = xjp
					y2 = ad(jp)
					jnext = jp
				}
				delta := x2 - x1
				diam += (y2 + y1) * delta
				if delta < 1e-15 {
					delta = 1e-15
				}
				temp := y2 * y1 / delta
				if temp == 0 {
					temp = 1e-15
				}
				ri += 1 / temp
				temp = .5 * (y2 - y1)
				temp = math.Sqrt(delta*delta + temp*temp)
				area += (y2 + y1) * temp
				x1 = x2
				y1 = y2
				if j == jnext {
					break
				}
				j = jnext
			}
			if ihalf == 0 {
				rleft = ri * ra / nrnPi * (4. * .01)
			} else {
				ri = ri * ra / nrnPi * (4. * .01)
			}
			si = sip
		}
		g.rinv[inode] = 1. / (rparent + rleft)
		g.diam[inode] = diam * (.5 / ds)
		g.area[inode] = area * .5 * nrnPi
		g.half[2*inode], g.half[2*inode+1] = rleft, ri
		rparent = ri
	}
	g.rinv[nseg] = 1. / rparent
}

// lambdaF is NEURON's lambda_f (stdlib.hoc): the AC length constant (um) of
// the section at freqHz, from its diameter, or, with 3-D points, from
// every pair of points.
func (m *Morphology) lambdaF(i int, freqHz, raOhmCm, cmUFcm2 float64) float64 {
	s := &m.Sections[i]
	if len(s.Points) < 2 {
		return 1e5 * math.Sqrt(s.Diam/(4*nrnPi*freqHz*raOhmCm*cmUFcm2))
	}
	p := pt3dOf(s.Points)
	x1 := p.arc[0]
	d1 := math.Abs(float64(p.d[0]))
	lam := 0.
	for k := 1; k < len(p.arc); k++ {
		x2 := p.arc[k]
		d2 := math.Abs(float64(p.d[k]))
		lam += (x2 - x1) / math.Sqrt(d1+d2)
		x1, d1 = x2, d2
	}
	lam *= math.Sqrt(2) * 1e-5 * math.Sqrt(4*nrnPi*freqHz*raOhmCm*cmUFcm2)
	return p.length() / lam
}

// dLambdaNseg is NEURON's d_lambda rule (geom_nseg): the smallest odd nseg
// with segments no longer than dLambda length constants at freqHz.
func dLambdaNseg(lUm, lambdaUm, dLambda float64) int {
	return int((lUm/(dLambda*lambdaUm)+0.9)/2)*2 + 1
}

// nodeIndex is NEURON's node_index: the segment containing x.
func nodeIndex(nseg int, x float64) int {
	n := float64(nseg)
	i := int(n * x)
	if i == nseg {
		i = nseg - 1
	}
	return i
}

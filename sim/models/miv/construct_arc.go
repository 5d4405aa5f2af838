package miv

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/store"
)

// arcSafetyUm is the margin by which MiV extends the volume of its
// distance interpolant on every side (geometry.distance_interpolant).
const arcSafetyUm = 0.01

// ArcOrigin is the origin of arc distances along U and V and the
// reference range of each (SPEC 2.3): MiV stores the ranges as the
// attributes Reference U Min, Reference U Max, Reference V Min and
// Reference V Max of every population's Arc Distances.
type ArcOrigin struct {
	UUm, VUm                       float64 // the origin
	UMinUm, UMaxUm, VMinUm, VMaxUm float64 // the volume's extent relative to the origin
}

// ArcOrigin computes the origin of arc distances from the Origin of the
// Parametric Surface over the total extent of Layer Extents, extended by
// 0.01 µm on each side as MiV's interpolant volume is: median and mean
// are the middle of the extended span, min and max its ends, a number is
// taken as is. The reference range is [min − 0.01 − origin, max + 0.01 −
// origin]. (MiV fits RBF interpolants of the arc distance; with its
// identity map they reproduce these linear functions.)
func (c *Config) ArcOrigin() (ArcOrigin, error) {
	ps := &c.Geometry.ParametricSurface
	if len(ps.LayerExtents) == 0 {
		return ArcOrigin{}, fmt.Errorf("miv %s: Geometry.Parametric Surface.Layer Extents is empty", c.Path)
	}
	lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, l := range ps.LayerExtents {
		for i := range 2 {
			lo[i] = math.Min(lo[i], l.Value.MinUm[i])
			hi[i] = math.Max(hi[i], l.Value.MaxUm[i])
		}
	}
	var o [2]float64
	for i, spec := range []OriginSpec{ps.Origin.U, ps.Origin.V} {
		a, b := lo[i]-arcSafetyUm, hi[i]+arcSafetyUm
		switch spec.Stat {
		case "median", "mean":
			o[i] = (a + b) / 2
		case "min":
			o[i] = a
		case "max":
			o[i] = b
		case "":
			o[i] = spec.ValueUm
		default:
			return ArcOrigin{}, fmt.Errorf("miv %s: Geometry.Parametric Surface.Origin %s: %q is not median, mean, min, max or a number", c.Path, "UV"[i:i+1], spec.Stat)
		}
	}
	return ArcOrigin{
		UUm: o[0], VUm: o[1],
		UMinUm: (lo[0] - o[0]) - arcSafetyUm, UMaxUm: (hi[0] - o[0]) + arcSafetyUm,
		VMinUm: (lo[1] - o[1]) - arcSafetyUm, VMaxUm: (hi[1] - o[1]) + arcSafetyUm,
	}, nil
}

// ArcDistances are a population's signed arc distances from the origin
// along U and V (µm, float32), in gid order.
type ArcDistances struct {
	Population string
	Start      uint64
	UUm, VUm   []float32
}

// ArcDistances measures the somata's arc distances (SPEC 2.3): U
// Distance = u − u0 and V Distance = v − v0, computed in float64 from
// the stored float32 coordinates and rounded to float32.
func (o ArcOrigin) ArcDistances(somata []PopulationSomata) []ArcDistances {
	out := make([]ArcDistances, 0, len(somata))
	for _, ps := range somata {
		d := ArcDistances{Population: ps.Population, Start: ps.Start, UUm: make([]float32, len(ps.Somata)), VUm: make([]float32, len(ps.Somata))}
		for i, s := range ps.Somata {
			d.UUm[i] = float32(float64(s.U) - o.UUm)
			d.VUm[i] = float32(float64(s.V) - o.VUm)
		}
		out = append(out, d)
	}
	return out
}

// Attrs are the group attributes of Arc Distances (float64, as h5py
// writes MiV's numpy floats).
func (o ArcOrigin) Attrs() store.Attrs {
	return store.Attrs{
		"Reference U Min": o.UMinUm, "Reference U Max": o.UMaxUm,
		"Reference V Min": o.VMinUm, "Reference V Max": o.VMaxUm,
	}
}

// ArcNamespaces returns the Arc Distances namespace of each population
// with cells: U Distance and V Distance, float32, one value per cell,
// and the reference ranges as the group's attributes.
func (o ArcOrigin) ArcNamespaces(dists []ArcDistances) []store.NeuroH5Namespace {
	var out []store.NeuroH5Namespace
	for _, d := range dists {
		if len(d.UUm) == 0 {
			continue
		}
		out = append(out, perCell(d.Population, NamespaceArcDistances, o.Attrs(), []string{"U Distance", "V Distance"}, [][]float32{d.UUm, d.VUm}))
	}
	return out
}

package miv

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/golgi-sim/golgi/sim/rng"
)

// Purposes of the soma-placement draws (sim/rng purposes are per family).
const (
	purposeSomaPlacement = 0x534f4d41 // "SOMA": a group's darts
	purposeSomaResolve   = 0x534f4d42 // "SOMB": redraws of somata too close to another group's
)

// Placement constants (SPEC 2.2).
const (
	// MinSomaDistanceUm is the least distance between two somata (MiV
	// removes points whose nearest neighbour is closer than about 1e-3 µm).
	MinSomaDistanceUm = 1e-3
	// blueNoiseFraction is the blue-noise radius as a fraction of the
	// mean spacing of a group's somata; random sequential addition
	// saturates near 0.75 (1-D), 0.83 (2-D) and 0.9 (3-D), so darts
	// rarely fail at 0.5.
	blueNoiseFraction = 0.5
	// dartTries is the number of failed darts after which the radius
	// shrinks by dartShrink (never below MinSomaDistanceUm).
	dartTries  = 64
	dartShrink = 0.8
	// maxRedraws bounds the darts of one soma at the least distance.
	maxRedraws = 100000
)

// Soma is a placed cell body: its gid, the layer it was placed in, and
// its position (U, V, L) in µm as stored (float32). The map from (U, V,
// L) to (X, Y, Z) is the identity (SPEC 1.3).
type Soma struct {
	Gid     uint64
	Layer   string // "" when read from a file (SPEC 2.8 stores no layer)
	U, V, L float32
}

// PopulationSomata are the somata of a population in gid order, which is
// the order of U (SPEC 2.2).
type PopulationSomata struct {
	Population string
	Start      uint64 // the population's first gid
	Somata     []Soma
}

// PlaceOptions are the parameters of PlaceSomata.
type PlaceOptions struct {
	// Seed keys every draw (the configuration's Random Seeds: Soma
	// Locations).
	Seed int64
	// Threads is the number of goroutines placing groups (0: GOMAXPROCS).
	// The somata do not depend on it.
	Threads int
}

// placeGroup is the somata of one population in one layer.
type placeGroup struct {
	pop, layer     string
	popID, layerID int
	n              int
	lo, hi         [3]float32 // the box (constraint applied), float32 bounds inside the µm box
	pts            [][3]float32
}

// PlaceSomata places the somata of every population by SPEC 2.2's Golgi
// normative rule: exactly the configured count in each layer of Cell
// Distribution, inside the layer's box (its L range narrowed by the
// population's Cell Constraints), no two somata of the network closer
// than MinSomaDistanceUm, each population sorted by U (then V, then L)
// and given the gids of its range in that order.
//
// Within a (population, layer) group the somata are blue noise: darts
// thrown uniformly in the box (a counter-based stream keyed by the seed,
// the population's id and the layer's id) and kept when no soma of the
// group lies within a radius of half the group's mean spacing (the
// spacing of n points in the box, or in its two or one largest sides
// when the box is thinner than that spacing); after 64 failed darts the
// radius shrinks by 0.8, down to MinSomaDistanceUm. Groups are placed in
// parallel; then, in the order of population ids and the file's layers,
// a soma closer than MinSomaDistanceUm to a soma of an earlier group is
// redrawn uniformly in its box (from its group's second stream). Every
// draw is rounded to float32, as stored, and distances are measured
// between the rounded positions. The result is the same for every
// number of threads.
//
// Impossible placements are errors before anything is drawn: a layer
// without a box, a non-zero Rotation (MiV applies only its last non-zero
// angle; not supported), and more somata in a group than a box can hold
// at MinSomaDistanceUm apart.
func (c *Config) PlaceSomata(opt PlaceOptions) ([]PopulationSomata, error) {
	groups, err := c.placeGroups()
	if err != nil {
		return nil, err
	}
	threads := opt.Threads
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	seed := uint64(opt.Seed)
	errs := make([]error, len(groups))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(threads, len(groups)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = groups[i].darts(seed)
			}
		}()
	}
	for i := range groups {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, e := range errs {
		if e != nil {
			return nil, fmt.Errorf("miv %s: soma placement of %s in %s: %w", c.Path, groups[i].pop, groups[i].layer, e)
		}
	}
	if err := resolveSomata(groups, seed); err != nil {
		return nil, fmt.Errorf("miv %s: soma placement: %w", c.Path, err)
	}
	var out []PopulationSomata
	for _, r := range c.PopulationRanges() {
		ps := PopulationSomata{Population: r.Name, Start: uint64(r.Start)}
		for _, g := range groups {
			if g.pop != r.Name {
				continue
			}
			for _, p := range g.pts {
				ps.Somata = append(ps.Somata, Soma{Layer: g.layer, U: p[0], V: p[1], L: p[2]})
			}
		}
		if len(ps.Somata) != r.Count {
			return nil, fmt.Errorf("miv %s: population %s: %d somata placed for %d cells", c.Path, r.Name, len(ps.Somata), r.Count)
		}
		// Stable: equal positions (impossible at the least distance)
		// keep the order of layers and darts.
		sort.SliceStable(ps.Somata, func(a, b int) bool {
			x, y := &ps.Somata[a], &ps.Somata[b]
			if x.U != y.U {
				return x.U < y.U
			}
			if x.V != y.V {
				return x.V < y.V
			}
			return x.L < y.L
		})
		for i := range ps.Somata {
			ps.Somata[i].Gid = ps.Start + uint64(i)
		}
		out = append(out, ps)
	}
	return out, nil
}

// placeGroups lists the (population, layer) groups with cells, in the
// order of population ids and the file's layers, with their boxes.
func (c *Config) placeGroups() ([]*placeGroup, error) {
	ps := &c.Geometry.ParametricSurface
	if ps.RotationDeg != [3]float64{} {
		return nil, fmt.Errorf("miv %s: Geometry.Parametric Surface.Rotation %v deg: soma placement supports no rotation (MiV applies only the last non-zero angle; no case rotates)", c.Path, ps.RotationDeg)
	}
	var groups []*placeGroup
	for _, r := range c.PopulationRanges() {
		dist, _ := c.Geometry.CellDistribution.Get(r.Name)
		cons, _ := c.Geometry.CellConstraints.Get(r.Name)
		for _, l := range dist {
			if l.Value <= 0 {
				continue
			}
			at := l.At
			ext, ok := ps.LayerExtents.Get(l.Name)
			if !ok {
				return nil, &ConfigError{File: at.File, Line: at.Line, Key: at.Key,
					Msg: fmt.Sprintf("%d cells of %s in layer %s, which has no geometry (Geometry.Parametric Surface.Layer Extents has %s)", l.Value, r.Name, l.Name, quoteList(ps.LayerExtents.Names()))}
			}
			lo, hi := ext.MinUm, ext.MaxUm
			if cr, ok := cons.Get(l.Name); ok {
				lo[2], hi[2] = math.Max(lo[2], cr[0]), math.Min(hi[2], cr[1])
			}
			layerID, _ := c.Definitions.Layers.Get(l.Name)
			g := &placeGroup{pop: r.Name, layer: l.Name, popID: r.ID, layerID: layerID, n: l.Value}
			for i := range 3 {
				if !(lo[i] <= hi[i]) {
					return nil, &ConfigError{File: at.File, Line: at.Line, Key: at.Key,
						Msg: fmt.Sprintf("%s in layer %s: the box (constraint applied) is empty: %s in [%g, %g] µm", r.Name, l.Name, "UVL"[i:i+1], lo[i], hi[i])}
				}
				g.lo[i], g.hi[i] = float32Above(lo[i]), float32Below(hi[i])
				if g.lo[i] > g.hi[i] {
					return nil, &ConfigError{File: at.File, Line: at.Line, Key: at.Key,
						Msg: fmt.Sprintf("%s in layer %s: %s in [%g, %g] µm holds no float32 value", r.Name, l.Name, "UVL"[i:i+1], lo[i], hi[i])}
				}
			}
			if capacity := g.capacity(); float64(g.n) > capacity {
				return nil, &ConfigError{File: at.File, Line: at.Line, Key: at.Key,
					Msg: fmt.Sprintf("%d cells of %s in layer %s: its box U [%g, %g] V [%g, %g] L [%g, %g] µm holds at most %.0f somata %g µm apart",
						g.n, r.Name, l.Name, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2], capacity, MinSomaDistanceUm)}
			}
			groups = append(groups, g)
		}
	}
	return groups, nil
}

// quoteList formats names for an error.
func quoteList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}

// float32Above is the least float32 >= x; float32Below the greatest <= x.
func float32Above(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

func float32Below(x float64) float32 {
	f := float32(x)
	if float64(f) > x {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

// capacity bounds the number of points of the box MinSomaDistanceUm
// apart: each half-open cube of side d/sqrt(3) holds at most one.
func (g *placeGroup) capacity() float64 {
	s := MinSomaDistanceUm / math.Sqrt(3)
	n := 1.0
	for i := range 3 {
		n *= math.Floor(float64(g.hi[i]-g.lo[i])/s) + 1
	}
	return n
}

// spacing is the mean spacing of n points in a box of the given sides:
// in 3-D, or in the two (one) largest sides when the box is thinner
// than that.
func spacing(sides [3]float64, n int) float64 {
	s := sides
	sort.Sort(sort.Reverse(sort.Float64Slice(s[:])))
	fn := float64(n)
	if s3 := math.Cbrt(s[0] * s[1] * s[2] / fn); s3 > 0 && s[2] >= s3 {
		return s3
	}
	if s2 := math.Sqrt(s[0] * s[1] / fn); s2 > 0 && s[1] >= s2 {
		return s2
	}
	return s[0] / fn
}

// draw returns a uniform point of the group's box, rounded to float32.
func (g *placeGroup) draw(st *rng.Stream) [3]float32 {
	var p [3]float32
	for i := range 3 {
		lo, hi := float64(g.lo[i]), float64(g.hi[i])
		x := float32(lo + (hi-lo)*st.Float64())
		p[i] = min(max(x, g.lo[i]), g.hi[i])
	}
	return p
}

func dist2(a, b [3]float32) float64 {
	var s float64
	for i := range 3 {
		d := float64(a[i]) - float64(b[i])
		s += d * d
	}
	return s
}

// darts places the group's n somata as blue noise (see PlaceSomata).
func (g *placeGroup) darts(seed uint64) error {
	var sides [3]float64
	for i := range 3 {
		sides[i] = float64(g.hi[i] - g.lo[i])
	}
	r := math.Max(blueNoiseFraction*spacing(sides, g.n), MinSomaDistanceUm)
	grid := newSomaGrid(g.lo, sides, r, g.n)
	st := rng.New(seed, purposeSomaPlacement, uint64(g.popID), uint64(g.layerID))
	g.pts = make([][3]float32, 0, g.n)
	for len(g.pts) < g.n {
		placed := false
		for try := 0; ; try++ {
			p := g.draw(&st)
			if !grid.near(p, r, g.pts) {
				grid.add(p, int32(len(g.pts)))
				g.pts = append(g.pts, p)
				placed = true
				break
			}
			if r > MinSomaDistanceUm && try >= dartTries {
				r = math.Max(r*dartShrink, MinSomaDistanceUm)
				try = 0
			}
			if r == MinSomaDistanceUm && try >= maxRedraws {
				break
			}
		}
		if !placed {
			return fmt.Errorf("%d of %d somata placed: no room left %g µm from the others after %d darts", len(g.pts), g.n, MinSomaDistanceUm, maxRedraws)
		}
	}
	return nil
}

// somaGrid is a uniform grid of cells at least as large as the search
// radius, each a linked list of point indices.
type somaGrid struct {
	lo   [3]float32
	cell float64
	dims [3]int
	head []int32
	next []int32
}

func newSomaGrid(lo [3]float32, sides [3]float64, r float64, n int) *somaGrid {
	g := &somaGrid{lo: lo, cell: r}
	limit := 8*n + 64
	for {
		total := 1
		for i := range 3 {
			g.dims[i] = max(1, int(math.Ceil(sides[i]/g.cell)))
			total *= g.dims[i]
		}
		if total <= limit {
			g.head = make([]int32, total)
			for i := range g.head {
				g.head[i] = -1
			}
			return g
		}
		g.cell *= 1.5
	}
}

func (g *somaGrid) coord(p [3]float32, i int) int {
	c := int((float64(p[i]) - float64(g.lo[i])) / g.cell)
	return min(max(c, 0), g.dims[i]-1)
}

func (g *somaGrid) add(p [3]float32, idx int32) {
	k := (g.coord(p, 0)*g.dims[1]+g.coord(p, 1))*g.dims[2] + g.coord(p, 2)
	g.next = append(g.next, g.head[k])
	g.head[k] = idx
}

// near reports whether a point of pts in the grid lies closer than r to p.
func (g *somaGrid) near(p [3]float32, r float64, pts [][3]float32) bool {
	r2 := r * r
	var c [3]int
	for i := range 3 {
		c[i] = g.coord(p, i)
	}
	for x := max(c[0]-1, 0); x <= min(c[0]+1, g.dims[0]-1); x++ {
		for y := max(c[1]-1, 0); y <= min(c[1]+1, g.dims[1]-1); y++ {
			for z := max(c[2]-1, 0); z <= min(c[2]+1, g.dims[2]-1); z++ {
				for j := g.head[(x*g.dims[1]+y)*g.dims[2]+z]; j >= 0; j = g.next[j] {
					if dist2(p, pts[j]) < r2 {
						return true
					}
				}
			}
		}
	}
	return false
}

// resolveSomata enforces MinSomaDistanceUm between groups: in group
// order, a soma too close to a soma already accepted is redrawn in its
// box until it is not, nor too close to a soma of its own group.
func resolveSomata(groups []*placeGroup, seed uint64) error {
	const d = MinSomaDistanceUm
	cells := map[[3]int64][][3]float32{}
	key := func(p [3]float32) [3]int64 {
		return [3]int64{int64(math.Floor(float64(p[0]) / d)), int64(math.Floor(float64(p[1]) / d)), int64(math.Floor(float64(p[2]) / d))}
	}
	near := func(p [3]float32) bool {
		k := key(p)
		for x := k[0] - 1; x <= k[0]+1; x++ {
			for y := k[1] - 1; y <= k[1]+1; y++ {
				for z := k[2] - 1; z <= k[2]+1; z++ {
					for _, q := range cells[[3]int64{x, y, z}] {
						if dist2(p, q) < d*d {
							return true
						}
					}
				}
			}
		}
		return false
	}
	for _, g := range groups {
		var st *rng.Stream
		for i, p := range g.pts {
			if near(p) {
				if st == nil {
					s := rng.New(seed, purposeSomaResolve, uint64(g.popID), uint64(g.layerID))
					st = &s
				}
				ok := false
				for range maxRedraws {
					p = g.draw(st)
					if near(p) {
						continue
					}
					own := false
					for j, q := range g.pts {
						if j != i && dist2(p, q) < d*d {
							own = true
							break
						}
					}
					if !own {
						ok = true
						break
					}
				}
				if !ok {
					return fmt.Errorf("%s in %s: soma %d: no room %g µm from the somata of other populations after %d darts", g.pop, g.layer, i, d, maxRedraws)
				}
				g.pts[i] = p
			}
			k := key(p)
			cells[k] = append(cells[k], p)
		}
	}
	return nil
}

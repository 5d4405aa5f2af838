package gridcells

import (
	"fmt"
	"os"
	"sort"

	"github.com/golgi-sim/golgi/sim"
)

// A targetLister gives one block of the connectivity target by target,
// for configs too large to hold as lists of synapses.
type targetLister interface {
	// sources appends the sources (indices in the source population) of
	// target j and their weights, and returns both slices.
	sources(j int, src []int32, w []float64) ([]int32, []float64)
	numTargets() int
	len() int // synapses
}

// blockNames are the blocks in the order of Connectivity.gen.
var blockNames = [3]string{"S->I", "I->S", "I->I"}

// eachGen is Each for a generated connectivity: the S->I block, then I->S,
// then I->I, each by target, sources ascending.
func (c *Connectivity) eachGen(fn func(pre, post int, w float64)) {
	offs := [3][2]int{{0, c.NStell}, {c.NStell, 0}, {c.NStell, c.NStell}} // gid offsets of pre, post
	var src []int32
	var w []float64
	for b, l := range c.gen {
		for j := 0; j < l.numTargets(); j++ {
			src, w = l.sources(j, src[:0], w[:0])
			sortSources(src, w)
			for k, i := range src {
				fn(offs[b][0]+int(i), offs[b][1]+j, w[k])
			}
		}
	}
}

// sortSources sorts the synapses of one target by source.
func sortSources(src []int32, w []float64) {
	sort.Sort(bySource{src, w})
}

type bySource struct {
	src []int32
	w   []float64
}

func (b bySource) Len() int           { return len(b.src) }
func (b bySource) Less(x, y int) bool { return b.src[x] < b.src[y] }
func (b bySource) Swap(x, y int) {
	b.src[x], b.src[y] = b.src[y], b.src[x]
	b.w[x], b.w[y] = b.w[y], b.w[x]
}

// csrLister is a block held by target in compressed rows: int32 sources
// and float64 weights, 12 bytes a synapse (a loaded matrix).
type csrLister struct {
	start []int32 // start[j] .. start[j+1]: synapses of target j
	src   []int32
	w     []float64
}

func (l *csrLister) sources(j int, src []int32, w []float64) ([]int32, []float64) {
	a, b := l.start[j], l.start[j+1]
	return append(src, l.src[a:b]...), append(w, l.w[a:b]...)
}
func (l *csrLister) numTargets() int { return len(l.start) - 1 }
func (l *csrLister) len() int        { return len(l.src) }

// connect adds the projections S->I, I->S and I->I of c to net: one
// synapse per nonzero entry M[pre, post], on the target's exc_syn (from a
// stellate) or inhb_syn (from an interneuron), with the NetCon weight
// M*g_max of the pair (uS) and the delay netcon_delay. Blocks held as
// lists become Explicit rules; generated blocks PerTarget rules, which
// the engine expands target by target without a list of synapses.
func connect(net *sim.Network, c *Connectivity, m *ModelParams, stell, intr *sim.Population) {
	delay := sim.Const(m.NetconDelay * sim.Millisecond)
	for b, p := range []struct {
		blk       *Block
		pre, post *sim.Population
		receptor  string
		gmax      float64
	}{
		{&c.SI, stell, intr, ExcSyn, m.SiSynGmax},
		{&c.IS, intr, stell, InhbSyn, m.IsSynGmax},
		{&c.II, intr, intr, InhbSyn, m.IiSynGmax},
	} {
		if c.gen != nil {
			l := c.gen[b]
			if l.len() == 0 {
				continue
			}
			scale := p.gmax * sim.Microsiemens // NetCon weight M*g_max (uS)
			rule := sim.PerTarget{Name: "gridcells " + m.ConnID + " " + blockNames[b], Sources: func(j int, src []int32, w []float64) ([]int32, []float64) {
				n := len(w)
				src, w = l.sources(j, src, w)
				for k := n; k < len(w); k++ {
					w[k] *= scale
				}
				return src, w
			}}
			pr := net.Connect(p.pre, p.post, p.receptor, rule, nil, delay)
			pr.Name = blockNames[b]
			continue
		}
		if p.blk.Len() == 0 {
			continue
		}
		w := make(sim.Array, p.blk.Len())
		for k, x := range p.blk.W {
			w[k] = x * p.gmax * sim.Microsiemens // NetCon weight M*g_max (uS)
		}
		pr := net.Connect(p.pre, p.post, p.receptor, sim.Explicit{Pre: p.blk.Pre, Post: p.blk.Post}, w, delay)
		pr.Name = blockNames[b]
	}
}

// BuildConnectivity returns the connectivity of m.ConnID (SPEC section 6):
// "1d" (Ring1D), "2d" (Torus2D), "asym" (Asym1D), "motif" (Motif) or
// "stdn" (Stdn). With build_conn_matrix false it loads the saved matrix
// matrix_<conn_id>_<matrix_id>.hdf5 from dir (LoadConnectivity) instead;
// with save_conn_matrix it also saves the built one there.
func BuildConnectivity(m *ModelParams, s *SimParams, dir string) (*Connectivity, error) {
	if !s.BuildConnMatrix {
		return LoadConnectivity(SavedMatrixPath(dir, m.ConnID, s.MatrixID), m)
	}
	c, err := buildRule(m)
	if err != nil {
		return nil, err
	}
	if s.SaveConnMatrix {
		if err := c.Save(SavedMatrixPath(dir, m.ConnID, s.MatrixID)); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// buildRule builds the connectivity of m.ConnID from its rule.
func buildRule(m *ModelParams) (*Connectivity, error) {
	switch m.ConnID {
	case "1d":
		return Ring1D(m)
	case "2d":
		return Torus2D(m)
	case "asym":
		return Asym1D(m)
	case "motif":
		return Motif(m)
	case "stdn":
		return Stdn(m)
	}
	return nil, fmt.Errorf("gridcells: unknown conn_id %q, want one of \"1d\", \"2d\", \"asym\", \"motif\", \"stdn\"", m.ConnID)
}

// checkConn checks the keys the connectivity config m.ConnID reads and,
// with build_conn_matrix false, that the saved matrix exists.
func checkConn(m *ModelParams, s *SimParams) error {
	if s != nil && !s.BuildConnMatrix {
		path := SavedMatrixPath(SavedMatrixDir(s), m.ConnID, s.MatrixID)
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("gridcells: build_conn_matrix is false, but the saved matrix of conn_id %q and matrix_id %q cannot be read: %w (set build_conn_matrix true, or save one with save_conn_matrix)", m.ConnID, s.MatrixID, err)
		}
	}
	switch m.ConnID {
	case "1d":
		return check1D(m)
	case "2d":
		_, err := torusSide(m)
		return err
	case "asym":
		return checkAsym(m)
	case "motif", "stdn":
		return checkSmall(m)
	}
	return fmt.Errorf("gridcells: unknown conn_id %q, want one of \"1d\", \"2d\", \"asym\", \"motif\", \"stdn\"", m.ConnID)
}

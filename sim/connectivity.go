package sim

import (
	"fmt"
	"math"
	"sort"

	"github.com/golgi-sim/golgi/sim/rng"
)

// A Rule says which neurons of a source population connect to which neurons
// of a target population. Rules are deterministic functions of the network
// seed: the same description gives the same synapses whatever the number of
// workers.
type Rule interface {
	describe() string
	check(nPre, nPost int, samePop bool) error
}

// AllToAll connects every source to every target. Autapses (a neuron onto
// itself, when source and target are one population) are excluded unless
// Autapses is set.
type AllToAll struct{ Autapses bool }

// OneToOne connects source i to target i; both populations must have the same
// size.
type OneToOne struct{}

// Bernoulli connects each (source, target) pair independently with
// probability P, as Brian2's connect(p=P) and NEST's pairwise_bernoulli.
type Bernoulli struct {
	P        float64
	Autapses bool
}

// FixedInDegree gives every target exactly K sources drawn at random. With
// Multapses a source may be drawn more than once.
type FixedInDegree struct {
	K         int
	Autapses  bool
	Multapses bool
}

// FixedOutDegree gives every source exactly K targets drawn at random. With
// Multapses a target may be drawn more than once.
type FixedOutDegree struct {
	K         int
	Autapses  bool
	Multapses bool
}

// Explicit lists the synapses: synapse k goes from source Pre[k] to target
// Post[k] (indices within the populations). Explicit Array weights and
// delays are given in this order.
type Explicit struct{ Pre, Post []int }

func (AllToAll) describe() string         { return "AllToAll" }
func (OneToOne) describe() string         { return "OneToOne" }
func (r Bernoulli) describe() string      { return fmt.Sprintf("Bernoulli(p=%g)", r.P) }
func (r FixedInDegree) describe() string  { return fmt.Sprintf("FixedInDegree(%d)", r.K) }
func (r FixedOutDegree) describe() string { return fmt.Sprintf("FixedOutDegree(%d)", r.K) }
func (r Explicit) describe() string       { return fmt.Sprintf("Explicit(%d synapses)", len(r.Pre)) }

func (AllToAll) check(nPre, nPost int, samePop bool) error { return nil }
func (OneToOne) check(nPre, nPost int, samePop bool) error {
	if nPre != nPost {
		return fmt.Errorf("OneToOne needs equal sizes, have %d sources and %d targets", nPre, nPost)
	}
	return nil
}
func (r Bernoulli) check(nPre, nPost int, samePop bool) error {
	if !(r.P >= 0 && r.P <= 1) {
		return fmt.Errorf("Bernoulli probability P = %g, want 0 <= P <= 1", r.P)
	}
	return nil
}
func (r FixedInDegree) check(nPre, nPost int, samePop bool) error {
	avail := nPre
	if samePop && !r.Autapses {
		avail--
	}
	if r.K < 0 || (!r.Multapses && r.K > avail) || (avail <= 0 && r.K > 0) {
		return fmt.Errorf("FixedInDegree K = %d, want 0 <= K <= %d (sources available without multapses)", r.K, avail)
	}
	return nil
}
func (r FixedOutDegree) check(nPre, nPost int, samePop bool) error {
	avail := nPost
	if samePop && !r.Autapses {
		avail--
	}
	if r.K < 0 || (!r.Multapses && r.K > avail) || (avail <= 0 && r.K > 0) {
		return fmt.Errorf("FixedOutDegree K = %d, want 0 <= K <= %d (targets available without multapses)", r.K, avail)
	}
	return nil
}
func (r Explicit) check(nPre, nPost int, samePop bool) error {
	if len(r.Pre) != len(r.Post) {
		return fmt.Errorf("Explicit has %d Pre and %d Post indices, want equal lengths", len(r.Pre), len(r.Post))
	}
	for k := range r.Pre {
		if r.Pre[k] < 0 || r.Pre[k] >= nPre {
			return fmt.Errorf("Explicit synapse %d: Pre index %d outside [0, %d)", k, r.Pre[k], nPre)
		}
		if r.Post[k] < 0 || r.Post[k] >= nPost {
			return fmt.Errorf("Explicit synapse %d: Post index %d outside [0, %d)", k, r.Post[k], nPost)
		}
	}
	return nil
}

// Purposes of random streams (the second component of an rng key).
const (
	purposeConnect uint64 = 1 + iota
	purposeWeight
	purposeDelay
	purposeInit
	purposePoisson
	purposePoissonInput
	purposeOutDegree
	purposeParam
)

// synapseLister gives, for one target neuron, its synapses as source indices
// and, for explicit rules, the index of each synapse in the explicit list
// (used for Array weights and delays). It appends to the given slices.
type synapseLister interface {
	list(j int, src []int32, idx []int32) ([]int32, []int32)
}

// newLister prepares the per-target listing of a rule for projection number
// proj of a network with the given seed.
func newLister(r Rule, seed uint64, proj, nPre, nPost int, samePop bool) synapseLister {
	switch r := r.(type) {
	case AllToAll:
		return allToAllLister{nPre, samePop && !r.Autapses}
	case OneToOne:
		return oneToOneLister{}
	case Bernoulli:
		return bernoulliLister{r.P, nPre, samePop && !r.Autapses, seed, uint64(proj)}
	case FixedInDegree:
		return inDegreeLister{r, nPre, samePop && !r.Autapses, seed, uint64(proj)}
	case FixedOutDegree:
		return newTableLister(outDegreePairs(r, seed, uint64(proj), nPre, nPost, samePop), nil, nPost)
	case Explicit:
		return newTableLister(r.Pre, r.Post, nPost)
	}
	return nil
}

type allToAllLister struct {
	nPre       int
	noAutapses bool
}

func (l allToAllLister) list(j int, src, idx []int32) ([]int32, []int32) {
	for i := 0; i < l.nPre; i++ {
		if l.noAutapses && i == j {
			continue
		}
		src = append(src, int32(i))
	}
	return src, idx
}

type oneToOneLister struct{}

func (oneToOneLister) list(j int, src, idx []int32) ([]int32, []int32) {
	return append(src, int32(j)), idx
}

type bernoulliLister struct {
	p          float64
	nPre       int
	noAutapses bool
	seed, proj uint64
}

// list draws the sources of target j by geometric skipping: the gap to the
// next connected source is Geometric(p), so the cost is proportional to the
// number of synapses, not of candidate pairs.
func (l bernoulliLister) list(j int, src, idx []int32) ([]int32, []int32) {
	if l.p <= 0 {
		return src, idx
	}
	if l.p >= 1 {
		return allToAllLister{l.nPre, l.noAutapses}.list(j, src, idx)
	}
	s := rng.New(l.seed, purposeConnect, l.proj, uint64(j))
	logq := math.Log1p(-l.p)
	i := -1
	for {
		gap := math.Floor(math.Log(s.OpenFloat64()) / logq)
		if gap >= float64(l.nPre) {
			break
		}
		i += 1 + int(gap)
		if i >= l.nPre {
			break
		}
		if l.noAutapses && i == j {
			continue
		}
		src = append(src, int32(i))
	}
	return src, idx
}

type inDegreeLister struct {
	r          FixedInDegree
	nPre       int
	noAutapses bool
	seed, proj uint64
}

func (l inDegreeLister) list(j int, src, idx []int32) ([]int32, []int32) {
	s := rng.New(l.seed, purposeConnect, l.proj, uint64(j))
	start := len(src)
	n := l.nPre
	if l.r.Multapses {
		for len(src)-start < l.r.K {
			i := s.Intn(n)
			if l.noAutapses && i == j {
				continue
			}
			src = append(src, int32(i))
		}
	} else {
		// Floyd's algorithm would need a set; K is small next to nPre in
		// practice, so rejection with a sorted check is simple and fast.
		for len(src)-start < l.r.K {
			i := int32(s.Intn(n))
			if l.noAutapses && int(i) == j {
				continue
			}
			dup := false
			for _, x := range src[start:] {
				if x == i {
					dup = true
					break
				}
			}
			if !dup {
				src = append(src, i)
			}
		}
	}
	sortInt32(src[start:])
	return src, idx
}

func sortInt32(a []int32) { sort.Slice(a, func(x, y int) bool { return a[x] < a[y] }) }

// outDegreePairs draws the targets of every source and returns the synapses
// as (pre, post) index pairs.
func outDegreePairs(r FixedOutDegree, seed, proj uint64, nPre, nPost int, samePop bool) []int {
	pairs := make([]int, 0, 2*nPre*r.K)
	l := inDegreeLister{FixedInDegree(r), nPost, samePop && !r.Autapses, seed, proj + 1<<32}
	var tg []int32
	for i := 0; i < nPre; i++ {
		tg, _ = l.list(i, tg[:0], nil)
		for _, j := range tg {
			pairs = append(pairs, i, int(j))
		}
	}
	return pairs
}

// tableLister serves explicit synapse lists, grouped by target.
type tableLister struct {
	start []int32 // start[j]..start[j+1]: synapses of target j in order
	order []int32 // synapse numbers, grouped by target, in list order
	pre   []int32 // source of synapse number k
}

// newTableLister builds a lister from parallel pre/post lists, or, with
// post nil, from interleaved (pre, post) pairs.
func newTableLister(pre, post []int, nPost int) tableLister {
	var n int
	if post == nil {
		n = len(pre) / 2
	} else {
		n = len(pre)
	}
	at := func(k int) (int, int) {
		if post == nil {
			return pre[2*k], pre[2*k+1]
		}
		return pre[k], post[k]
	}
	t := tableLister{start: make([]int32, nPost+1), order: make([]int32, n), pre: make([]int32, n)}
	for k := 0; k < n; k++ {
		_, j := at(k)
		t.start[j+1]++
	}
	for j := 0; j < nPost; j++ {
		t.start[j+1] += t.start[j]
	}
	fill := append([]int32(nil), t.start[:nPost]...)
	for k := 0; k < n; k++ {
		i, j := at(k)
		t.order[fill[j]] = int32(k)
		t.pre[k] = int32(i)
		fill[j]++
	}
	return t
}

func (t tableLister) list(j int, src, idx []int32) ([]int32, []int32) {
	start := len(src)
	for _, k := range t.order[t.start[j]:t.start[j+1]] {
		src = append(src, t.pre[k])
		idx = append(idx, k)
	}
	// Sort by source, keeping list order among equal sources.
	sub, subIdx := src[start:], idx[start:]
	sort.Stable(byPre{sub, subIdx})
	return src, idx
}

type byPre struct{ pre, idx []int32 }

func (b byPre) Len() int           { return len(b.pre) }
func (b byPre) Less(x, y int) bool { return b.pre[x] < b.pre[y] }
func (b byPre) Swap(x, y int) {
	b.pre[x], b.pre[y] = b.pre[y], b.pre[x]
	b.idx[x], b.idx[y] = b.idx[y], b.idx[x]
}

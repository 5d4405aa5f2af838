package sim

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/rng"
)

// PerTarget is a rule given by a function that lists the synapses of each
// target neuron with their weights: for target j, Sources appends the
// source indices to src and the weights, in the receptor's unit, to w,
// one weight per source, and returns both slices. A source listed twice
// makes two synapses.
//
// It lets a model describe structured connectivity (kernels on a lattice,
// say) that Build generates target by target, with no list of every
// synapse in memory: an Explicit rule with Array weights costs 24 bytes a
// synapse in the description and 8 more while Build groups it by target,
// against none here. Build calls Sources twice for every target, from
// several goroutines at once, so it must be a pure function of j, safe
// for concurrent use. The projection's Weight must be nil: the weights are
// the rule's. Delays are as for any rule (Array delays need Explicit).
type PerTarget struct {
	// Name describes the rule in messages.
	Name    string
	Sources func(j int, src []int32, w []float64) ([]int32, []float64)
}

func (r PerTarget) describe() string { return fmt.Sprintf("PerTarget(%s)", r.Name) }

func (r PerTarget) check(nPre, nPost int, samePop bool) error {
	if r.Sources == nil {
		return fmt.Errorf("PerTarget %q has no Sources function", r.Name)
	}
	return nil
}

// connectPerTarget is connect for a PerTarget rule: it lists the sources
// of each of worker t's targets once to count them and once to fill the
// rows, with the rule's weights.
func connectPerTarget(pj *projInst, t int, r PerTarget, seed uint64, dt float64) error {
	pr := pj.pr
	proj := pj.index
	lo, hi, off := pj.post.lay.first[t], pj.post.lay.end[t], pj.post.lay.off[t]
	nPre := pr.Pre.N
	part := &pj.part[t]
	part.row = make([]uint32, nPre+1)
	var src []int32
	var w []float64
	var total int64
	post := pj.post
	for jl := lo; jl < hi; jl++ {
		j := post.global(jl)
		src, w = r.Sources(j, src[:0], w[:0])
		if len(w) != len(src) {
			return fmt.Errorf("projection %s: rule %s lists %d sources and %d weights for target %d, want equal", pr.Name, r.describe(), len(src), len(w), j)
		}
		for k, i := range src {
			if i < 0 || int(i) >= nPre {
				return fmt.Errorf("projection %s: rule %s lists source %d of target %d, outside [0, %d)", pr.Name, r.describe(), i, j, nPre)
			}
			if math.IsNaN(w[k]) || math.IsInf(w[k], 0) {
				return fmt.Errorf("projection %s: rule %s gives synapse %d -> %d the weight %g, want a finite number", pr.Name, r.describe(), i, j, w[k])
			}
			part.row[i+1]++
		}
		total += int64(len(src))
	}
	if total > math.MaxUint32 {
		return fmt.Errorf("projection %s: %d synapses on one worker, at most %d supported; use more threads", pr.Name, total, uint32(math.MaxUint32))
	}
	for i := 0; i < nPre; i++ {
		part.row[i+1] += part.row[i]
	}
	part.tgt = make([]uint32, total)
	part.w = make([]float32, total)
	if !pj.cd {
		part.d = make([]uint16, total)
	}
	fill := make([]uint32, nPre)
	copy(fill, part.row[:nPre])
	for jl := lo; jl < hi; jl++ {
		j := post.global(jl)
		src, w = r.Sources(j, src[:0], w[:0])
		ds := rng.New(seed, purposeDelay, uint64(proj), uint64(j))
		for k, i := range src {
			at := fill[i]
			fill[i]++
			part.tgt[at] = uint32(jl + off)
			part.w[at] = float32(w[k] / pj.scale)
			if part.d != nil {
				d, err := delaySteps(pj, pr.Delay.At(k, &ds), dt)
				if err != nil {
					return err
				}
				part.d[at] = d
			}
		}
	}
	return nil
}

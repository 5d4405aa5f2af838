package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"sort"
)

// Result holds what a run recorded.
type Result struct {
	Dt         float64    // time step (s)
	Convention Convention // spike-timing convention of the run
	Steps      int64      // steps simulated
	// Duration is the biological time simulated (s): Steps*Dt. It is less
	// than asked for when the run was interrupted.
	Duration float64
	// Complete is false when the run stopped early (its context was
	// cancelled); everything recorded up to Duration is kept.
	Complete bool
	Threads  int // worker goroutines used (on each rank)
	Ranks    int // processes the network was distributed over (sim.Comm)
	// OnRoot is true on the ranks other than 0 of a run with
	// Options.GatherToRoot: what was recorded is in rank 0's Result, and
	// this one holds no spikes or traces.
	OnRoot bool

	// Spikes holds the spikes of each recorded population, by name.
	Spikes map[string]*SpikeTrain
	// Traces holds the recorded state variables, in recorder order.
	Traces []*Trace
}

// SpikeTrain is the spikes of one population, sorted by time and, at equal
// times, by neuron index.
type SpikeTrain struct {
	Population string
	N          int     // neurons in the population
	GidOffset  int     // gid of neuron 0
	Index      []int32 // neuron index in the population
	Step       []int32 // step in which the spike was detected
	Time       []float64
}

// Len returns the number of spikes.
func (s *SpikeTrain) Len() int { return len(s.Index) }

// Trace is a recorded state variable.
type Trace struct {
	Population string
	Variable   string
	Unit       string
	Neurons    []int       // recorded neurons
	Interval   float64     // sampling interval (s)
	Values     [][]float64 // Values[k][j]: neuron Neurons[k] at t = j*Interval
}

// Times returns the sample times (s).
func (t *Trace) Times() []float64 {
	if len(t.Values) == 0 {
		return nil
	}
	ts := make([]float64, len(t.Values[0]))
	for j := range ts {
		ts[j] = float64(j) * t.Interval
	}
	return ts
}

// NumSpikes returns the number of recorded spikes.
func (r *Result) NumSpikes() int {
	n := 0
	for _, st := range r.Spikes {
		n += st.Len()
	}
	return n
}

// SpikesSHA256 returns the hex SHA-256 of every recorded spike sorted by
// (step, gid), each written as two little-endian uint32 (step, gid). Equal
// digests mean bit-identical spike rasters; Golgi's are identical for any
// number of threads.
func (r *Result) SpikesSHA256() string {
	type sg struct{ step, gid int32 }
	var all []sg
	for _, st := range r.Spikes {
		for k := range st.Index {
			all = append(all, sg{st.Step[k], int32(st.GidOffset) + st.Index[k]})
		}
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].step != all[b].step {
			return all[a].step < all[b].step
		}
		return all[a].gid < all[b].gid
	})
	h := sha256.New()
	var b [8]byte
	for _, x := range all {
		binary.LittleEndian.PutUint32(b[:4], uint32(x.step))
		binary.LittleEndian.PutUint32(b[4:], uint32(x.gid))
		h.Write(b[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

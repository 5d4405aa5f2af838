package sim

// layout places a population's neurons in its state arrays. Worker t steps
// the neurons [first[t], end[t]) (this rank's share, split evenly between
// the workers), which sit at positions [first[t]+off[t], end[t]+off[t]) of
// every per-neuron array of the population; size is the arrays' length.
//
// Without padding the positions are the neuron indices. With padding (more
// than one worker, on models that ask for it) every worker's neurons start
// on a fresh 4 KiB page and the arrays' length is a whole number of pages,
// so that no page of a state array is written by two workers. Two cores
// writing different cache lines of the same pages slow each other down on
// these machines far beyond false sharing of single lines: the GridCellsCond
// 1D network's workers spent 2.3 times the single thread's time per neuron
// with contiguous halves, and as much as one thread alone with the halves
// 32 KiB apart (docs/PERFORMANCE.md). The pages between the workers' neurons
// hold neurons of no worker; they are never stepped.
type layout struct {
	n          int   // neurons
	size       int   // length of the state arrays
	first, end []int // worker t's neurons
	off        []int // worker t's position of neuron i is i + off[t]
}

// pageFloats is the padding unit: one 4 KiB page of float64.
const pageFloats = 512

// newLayout returns the layout of n neurons of which [a, b) belong to this
// rank, split between workers workers, padded if pad and workers > 1.
func newLayout(n, a, b, workers int, pad bool) layout {
	l := layout{n: n, size: n, first: make([]int, workers), end: make([]int, workers), off: make([]int, workers)}
	for t := range workers {
		l.first[t] = a + (b-a)*t/workers
		l.end[t] = a + (b-a)*(t+1)/workers
	}
	if !pad || workers < 2 {
		return l
	}
	at := a // position of the next worker's first neuron
	for t := range workers {
		if t > 0 {
			at = roundUp(at, pageFloats)
		}
		l.off[t] = at - l.first[t]
		at += l.end[t] - l.first[t]
	}
	l.size = roundUp(at+n-b, pageFloats)
	return l
}

// pos returns the position of neuron i in the state arrays. Neurons of
// other ranks keep their place before this rank's first worker or after
// its last one.
func (l *layout) pos(i int) int {
	for t, e := range l.end {
		if i < e {
			return i + l.off[t]
		}
	}
	return i + l.off[len(l.off)-1]
}

// neuron returns the neuron at position p of the state arrays (the inverse
// of pos), or -1 if p is padding.
func (l *layout) neuron(p int) int {
	if l.size == l.n {
		return p // no padding: positions are the neuron indices
	}
	last := len(l.end) - 1
	for t := range l.end {
		// pos gives neuron i the offset of the first worker t with
		// i < end[t], of the last worker if none.
		i := p - l.off[t]
		if (t == 0 || i >= l.end[t-1]) && (i < l.end[t] || t == last) {
			if i < 0 || i >= l.n {
				return -1
			}
			return i
		}
	}
	return -1
}

// scatter returns x (one value per neuron) laid out in state-array
// positions; the padding takes fill.
func (l *layout) scatter(x []float64, fill float64) []float64 {
	if l.size == l.n {
		return x
	}
	y := make([]float64, l.size)
	for k := range y {
		y[k] = fill
	}
	for i, v := range x {
		y[l.pos(i)] = v
	}
	return y
}

func roundUp(x, unit int) int { return (x + unit - 1) / unit * unit }

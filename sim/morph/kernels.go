package morph

// VectorKernels reports whether the SIMD loops are in use (built with
// GOEXPERIMENT=simd on amd64, on a CPU with AVX2).
func VectorKernels() bool { return vectorKernels }

// SetVectorKernels turns the SIMD loops on or off (on only takes effect
// where they are available) and returns the previous setting. Results do
// not depend on it; it exists for tests and benchmarks and must not be
// called while a population is stepped.
func SetVectorKernels(on bool) (previous bool) {
	previous = vectorKernels
	vectorKernels = on && vectorKernelsAvailable
	return previous
}

// The loops of a step over the lanes of one node row (cells of a block),
// in NEURON's operations and order. kernels_simd.go runs them four lanes
// at a time with the same IEEE operations (no fused multiply-add), so that
// results do not depend on it.

// negCapScalar is the start of NEURON's nrn_rhs/nrn_lhs for a node once
// its currents are summed: rhs = -i, d = di/dv + C/dt.
func negCapScalar(r, dd []float64, cap float64) {
	dd = dd[:len(r)]
	for k := range r {
		r[k] = -r[k]
		dd[k] += cap
	}
}

// matrixScalar is negCapScalar followed by the axial current between a
// node and its parent, added to both equations (nrn_rhs and nrn_lhs).
func matrixScalar(r, dd, vi, vp, rp, dp []float64, a, b, cap float64) {
	dd, vi, vp, rp, dp = dd[:len(r)], vi[:len(r)], vp[:len(r)], rp[:len(r)], dp[:len(r)]
	for k := range r {
		x := -r[k]
		y := dd[k] + cap
		dv := vp[k] - vi[k]
		r[k] = x - b*dv
		rp[k] += a * dv
		dd[k] = y - b
		dp[k] -= a
	}
}

// triangScalar eliminates a node into its parent (NEURON's triang).
func triangScalar(r, dd, rp, dp []float64, a, b float64) {
	dd, rp, dp = dd[:len(r)], rp[:len(r)], dp[:len(r)]
	for k := range r {
		ppp := a / dd[k]
		dp[k] -= ppp * b
		rp[k] -= ppp * r[k]
	}
}

// bksubScalar solves a node from its parent's solution (NEURON's bksub) and
// adds it to v (update, secondorder 0).
func bksubScalar(r, dd, rp, vi []float64, b float64) {
	dd, rp, vi = dd[:len(r)], rp[:len(r)], vi[:len(r)]
	for k := range r {
		r[k] -= b * rp[k]
		r[k] /= dd[k]
		vi[k] += r[k]
	}
}

// rootScalar solves the root node and adds it to v.
func rootScalar(r, dd, vi []float64) {
	dd, vi = dd[:len(r)], vi[:len(r)]
	for k := range r {
		r[k] /= dd[k]
		vi[k] += r[k]
	}
}

// solveScalar is bksubScalar without the update of v.
func solveScalar(r, dd, rp []float64, b float64) {
	dd, rp = dd[:len(r)], rp[:len(r)]
	for k := range r {
		r[k] -= b * rp[k]
		r[k] /= dd[k]
	}
}

// solveRootScalar is rootScalar without the update of v.
func solveRootScalar(r, dd []float64) {
	dd = dd[:len(r)]
	for k := range r {
		r[k] /= dd[k]
	}
}

// addCrossScalar adds r to v and appends first+k to spikes for every lane
// whose potential went from below thr to thr or above.
func addCrossScalar(r, vi []float64, thr float64, first int, spikes []int) []int {
	vi = vi[:len(r)]
	for k := range r {
		vo := vi[k]
		vn := vo + r[k]
		vi[k] = vn
		if vo < thr && vn >= thr {
			spikes = append(spikes, first+k)
		}
	}
	return spikes
}

// addTwice is the update of NEURON's secondorder = 1: v += 2 dv. If cross,
// it appends first+k to spikes for every lane whose potential went from
// below thr to thr or above.
func addTwice(r, vi []float64, thr float64, cross bool, first int, spikes []int) []int {
	vi = vi[:len(r)]
	for k := range r {
		vo := vi[k]
		vn := vo + 2*r[k]
		vi[k] = vn
		if cross && vo < thr && vn >= thr {
			spikes = append(spikes, first+k)
		}
	}
	return spikes
}

package morph

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTreeSolve checks treeSolve (NEURON's nrn_tree_solve) against
// Gaussian elimination of the same system written out in full, on trees
// with several roots and branch points.
func TestTreeSolve(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, parent := range [][]int32{
		{-1},
		{-1, 0, 1, 2},
		{-1, 0, 0, 1, 1, 2, -1, 6, 6},
		{-1, 0, 1, 1, 3, 0, 5, 2},
	} {
		n := len(parent)
		a, b, d, rhs := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		full := make([][]float64, n)
		for i := range full {
			full[i] = make([]float64, n+1)
		}
		for i := range n {
			d[i] = 4 + r.Float64()
			rhs[i] = r.Float64() - .5
			full[i][i] += d[i]
			full[i][n] = rhs[i]
			if p := parent[i]; p >= 0 {
				a[i], b[i] = -r.Float64(), -r.Float64()
				full[p][i] = a[i] // the child's term in the parent's row
				full[i][p] = b[i] // the parent's term in the child's row
			}
		}
		treeSolve(a, d, b, rhs, parent)
		for c := range n { // elimination with the rows as they are (diagonally dominant)
			for rr := c + 1; rr < n; rr++ {
				f := full[rr][c] / full[c][c]
				for k := c; k <= n; k++ {
					full[rr][k] -= f * full[c][k]
				}
			}
		}
		x := make([]float64, n)
		for i := n - 1; i >= 0; i-- {
			s := full[i][n]
			for k := i + 1; k < n; k++ {
				s -= full[i][k] * x[k]
			}
			x[i] = s / full[i][i]
		}
		for i := range n {
			if math.Abs(rhs[i]-x[i]) > 1e-14 {
				t.Errorf("parents %v: x[%d] = %g, elimination %g", parent, i, rhs[i], x[i])
			}
		}
	}
}

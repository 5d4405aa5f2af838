package gridcells

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/golgi-sim/golgi/sim/store"
)

// MatrixDataset is the dataset of a saved connectivity matrix file.
const MatrixDataset = "matrix"

// SavedMatrixDir is where save_conn_matrix writes and build_conn_matrix
// false reads saved matrices: <data_root>/saved_matrices (the original
// keeps them in network_configs/connections/saved_matrices).
func SavedMatrixDir(s *SimParams) string { return filepath.Join(s.DataRoot, "saved_matrices") }

// SavedMatrixPath is the original's saved-matrix name in dir:
// matrix_<conn_id>_<matrix_id>.hdf5.
func SavedMatrixPath(dir, connID, matrixID string) string {
	return filepath.Join(dir, "matrix_"+connID+"_"+matrixID+".hdf5")
}

// Save writes c in the original's layout: an HDF5 file with the float64
// dataset "matrix" of shape (N_total, N_total), M[pre, post], zeros
// included, gzip-compressed, so that the original loads it. It is written
// by blocks of rows (the 2D network's matrix is 5 GB dense); the sparse
// transpose it writes from takes 12 bytes a synapse while it runs.
func (c *Connectivity) Save(path string) error {
	n := c.NStell + c.NIntrnrn
	// Rows by source: start, then (post, w) of every synapse.
	start := make([]int64, n+1)
	c.Each(func(pre, post int, w float64) { start[pre+1]++ })
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	post := make([]int32, start[n])
	ws := make([]float64, start[n])
	at := append([]int64(nil), start[:n]...)
	c.Each(func(pre, p int, w float64) {
		post[at[pre]] = int32(p)
		ws[at[pre]] = w
		at[pre]++
	})
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("gridcells: saving the connectivity: %w", err)
	}
	err := store.WriteDenseRows(path, MatrixDataset, n, n, func(r0, r1 int, dst []float64) error {
		for r := r0; r < r1; r++ {
			row := dst[(r-r0)*n : (r-r0+1)*n]
			for k := start[r]; k < start[r+1]; k++ {
				row[post[k]] = ws[k]
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("gridcells: saving the connectivity: %w", err)
	}
	return nil
}

// LoadConnectivity reads a matrix saved by the original or by Save (the
// dataset "matrix", M[pre, post], of shape (N_total, N_total)) for the
// network of m, keeping every nonzero entry as the original does. A
// missing file is an error naming it and the keys (build_conn_matrix,
// matrix_id) that ask for it; a matrix of another size, or with
// stellate-to-stellate entries, an error naming the file.
func LoadConnectivity(path string, m *ModelParams) (*Connectivity, error) {
	ns, ni := m.NStell, m.NIntrnrn
	n := ns + ni
	type coo struct {
		pre, post []int32
		w         []float64
	}
	var blk [3]coo // S->I, I->S, I->I
	var errSS error
	rows, cols, err := store.ReadDenseRows(path, MatrixDataset, func(r0, r1, cols int, data []float64) error {
		if cols != n {
			return fmt.Errorf("the matrix has %d columns, want N_stell + N_intrnrn = %d for this network", cols, n)
		}
		for r := r0; r < r1; r++ {
			row := data[(r-r0)*cols : (r-r0+1)*cols]
			for p, w := range row {
				if w == 0 {
					continue
				}
				var b, i, j int
				switch {
				case r < ns && p < ns:
					if errSS == nil {
						errSS = fmt.Errorf("entry M[%d, %d] = %g is a stellate-to-stellate synapse, which no GridCellsCond config makes and Golgi does not support", r, p, w)
					}
					continue
				case r < ns:
					b, i, j = 0, r, p-ns
				case p < ns:
					b, i, j = 1, r-ns, p
				default:
					b, i, j = 2, r-ns, p-ns
				}
				blk[b].pre = append(blk[b].pre, int32(i))
				blk[b].post = append(blk[b].post, int32(j))
				blk[b].w = append(blk[b].w, w)
			}
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("gridcells: saved matrix %s not found (build_conn_matrix false loads matrix_<conn_id>_<matrix_id>.hdf5; set build_conn_matrix true, or save one with save_conn_matrix): %w", path, err)
		}
		return nil, fmt.Errorf("gridcells: saved matrix: %w", err)
	}
	if rows != n || cols != n {
		return nil, fmt.Errorf("gridcells: saved matrix %s is %d x %d, want N_stell + N_intrnrn = %d square for this network", path, rows, cols, n)
	}
	if errSS != nil {
		return nil, fmt.Errorf("gridcells: saved matrix %s: %w", path, errSS)
	}
	var gen [3]targetLister
	for b, nt := range [3]int{ni, ns, ni} {
		c := &blk[b]
		l := &csrLister{start: make([]int32, nt+1), src: make([]int32, len(c.pre)), w: make([]float64, len(c.pre))}
		for _, j := range c.post {
			l.start[j+1]++
		}
		for j := 0; j < nt; j++ {
			l.start[j+1] += l.start[j]
		}
		at := append([]int32(nil), l.start[:nt]...)
		for k, j := range c.post {
			l.src[at[j]] = c.pre[k]
			l.w[at[j]] = c.w[k]
			at[j]++
		}
		*c = coo{}
		gen[b] = l
	}
	return &Connectivity{NStell: ns, NIntrnrn: ni, gen: &gen}, nil
}

package gridcells

import "math/bits"

// numpyArgsort returns the indices that sort v ascending in the order
// numpy's default argsort (kind 'quicksort': introsort, numpy <= 1.25
// without AVX-512) gives, ties included: median-of-three quicksort on
// partitions of more than 17 elements, insertion sort below, heapsort
// past a depth of 2 floor(log2 n). The authors' grid_props_2D orders
// autocorrelogram peaks by distance with it, and peaks at equal distances
// are common. v must hold no NaN.
func numpyArgsort(v []float64) []int {
	n := len(v)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if n < 2 {
		return idx
	}
	const small = 15
	type frame struct{ pl, pr, depth int }
	var stack []frame
	pl, pr := 0, n-1
	cdepth := (bits.Len(uint(n)) - 1) * 2
	for {
		if cdepth < 0 {
			argHeapsort(v, idx[pl:pr+1])
		} else {
			for pr-pl > small {
				pm := pl + (pr-pl)>>1
				if v[idx[pm]] < v[idx[pl]] {
					idx[pm], idx[pl] = idx[pl], idx[pm]
				}
				if v[idx[pr]] < v[idx[pm]] {
					idx[pr], idx[pm] = idx[pm], idx[pr]
				}
				if v[idx[pm]] < v[idx[pl]] {
					idx[pm], idx[pl] = idx[pl], idx[pm]
				}
				vp := v[idx[pm]]
				pi, pj := pl, pr-1
				idx[pm], idx[pj] = idx[pj], idx[pm]
				for {
					pi++
					for v[idx[pi]] < vp {
						pi++
					}
					pj--
					for vp < v[idx[pj]] {
						pj--
					}
					if pi >= pj {
						break
					}
					idx[pi], idx[pj] = idx[pj], idx[pi]
				}
				pk := pr - 1
				idx[pi], idx[pk] = idx[pk], idx[pi]
				cdepth--
				if pi-pl < pr-pi {
					stack = append(stack, frame{pi + 1, pr, cdepth})
					pr = pi - 1
				} else {
					stack = append(stack, frame{pl, pi - 1, cdepth})
					pl = pi + 1
				}
			}
			for pi := pl + 1; pi <= pr; pi++ {
				vi := idx[pi]
				vp := v[vi]
				pj := pi
				for pj > pl && vp < v[idx[pj-1]] {
					idx[pj] = idx[pj-1]
					pj--
				}
				idx[pj] = vi
			}
		}
		if len(stack) == 0 {
			return idx
		}
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		pl, pr, cdepth = f.pl, f.pr, f.depth
	}
}

// argHeapsort is numpy's aheapsort on the index slice tosort.
func argHeapsort(v []float64, tosort []int) {
	n := len(tosort)
	a := func(i int) *int { return &tosort[i-1] } // 1-based as numpy
	for l := n >> 1; l > 0; l-- {
		tmp := *a(l)
		i, j := l, l<<1
		for j <= n {
			if j < n && v[*a(j)] < v[*a(j + 1)] {
				j++
			}
			if v[tmp] < v[*a(j)] {
				*a(i) = *a(j)
				i, j = j, j+j
			} else {
				break
			}
		}
		*a(i) = tmp
	}
	for ; n > 1; n-- {
		tmp := *a(n)
		*a(n) = *a(1)
		i, j := 1, 2
		for j <= n-1 {
			if j < n-1 && v[*a(j)] < v[*a(j + 1)] {
				j++
			}
			if v[tmp] < v[*a(j)] {
				*a(i) = *a(j)
				i, j = j, j+j
			} else {
				break
			}
		}
		*a(i) = tmp
	}
}

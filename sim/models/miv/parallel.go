package miv

import (
	"runtime"
	"sync"
)

// forEachGid returns f(k) for k = 0 .. n-1, computed by up to workers
// goroutines (<= 0: GOMAXPROCS), element k at index k: the result does
// not depend on the number of workers when f(k) depends on k only. The
// first error by index is returned.
func forEachGid[T any](n, workers int, f func(k int) (T, error)) ([]T, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n))
	out := make([]T, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for k := range next {
				out[k], errs[k] = f(k)
			}
		})
	}
	for k := range n {
		next <- k
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

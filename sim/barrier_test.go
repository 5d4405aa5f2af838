package sim

import (
	"sync"
	"testing"
)

func TestBarrierOrdersEpochs(t *testing.T) {
	const n, rounds = 3, 2000
	counter := 0
	b := newBarrier(n, func() { counter++ })
	seen := make([][]int, n)
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				if !b.wait() {
					t.Error("barrier broken")
					return
				}
				seen[w] = append(seen[w], counter)
			}
		}(w)
	}
	wg.Wait()
	for w := range seen {
		for r, c := range seen[w] {
			if c != r+1 {
				t.Fatalf("worker %d round %d saw action count %d, want %d", w, r, c, r+1)
			}
		}
	}
}

func BenchmarkBarrier2(b *testing.B) {
	bar := newBarrier(2, nil)
	done := make(chan bool)
	go func() {
		for i := 0; i < b.N; i++ {
			bar.wait()
		}
		done <- true
	}()
	for i := 0; i < b.N; i++ {
		bar.wait()
	}
	<-done
}

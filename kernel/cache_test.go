package kernel

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/nets"
)

func TestCache(t *testing.T) {
	t.Setenv("GOLGI_CACHE", t.TempDir())
	calls := 0
	run := func() (*sim.Result, error) {
		calls++
		net, err := nets.CUBA(nets.CUBAConfig{N: 200, P: 0.1})
		if err != nil {
			return nil, err
		}
		return sim.Run(context.Background(), net, 20*sim.Millisecond, nil)
	}
	a, err := Cache("cuba-200", run)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Cache("cuba-200", run)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("%d runs, want 1 (the second from the cache)", calls)
	}
	if a.SpikesSHA256() != b.SpikesSHA256() || a.Duration != b.Duration || !b.Complete {
		t.Errorf("cached result differs: %+v vs %+v", a, b)
	}

	// Another type under the same key is another entry.
	if n, err := Cache("cuba-200", func() (int, error) { return 7, nil }); err != nil || n != 7 {
		t.Errorf("int under the same key = %d, %v; want 7", n, err)
	}

	// Errors are returned and not cached.
	bad := errors.New("bad")
	for range 2 {
		if _, err := Cache("failing", func() (int, error) { calls++; return 0, bad }); err != bad {
			t.Errorf("error %v, want %v", err, bad)
		}
	}
	if calls != 3 {
		t.Errorf("%d calls, want 3 (failures are not cached)", calls)
	}

	// A broken file is recomputed.
	entries, _ := os.ReadDir(CacheDir())
	for _, e := range entries {
		if err := os.WriteFile(CacheDir()+"/"+e.Name(), []byte("junk"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Cache("cuba-200", run); err != nil || calls != 4 {
		t.Errorf("broken cache file: err %v, %d calls; want a fresh run", err, calls)
	}
}

//go:build unix

package kernel

import (
	"context"
	"errors"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/nets"
)

func TestContextInterrupt(t *testing.T) {
	// SIGINT (what GoNB sends when a cell is interrupted) cancels
	// Context, and a run given it stops early with what it recorded.
	t.Cleanup(func() { ctxOnce, ctx = sync.Once{}, nil }) // a fresh Context for later tests
	ctx := Context()
	if ctx.Err() != nil {
		t.Fatal("context cancelled before any signal")
	}
	net := nets.Brunel(nets.BrunelConfig{NE: 2000})
	go func() {
		time.Sleep(300 * time.Millisecond)
		_ = syscall.Kill(syscall.Getpid(), syscall.SIGINT)
	}()
	res, err := sim.Run(ctx, net, 100*sim.Second, &sim.Options{Threads: 1})
	if !errors.Is(err, context.Canceled) || !Interrupted(err) {
		t.Fatalf("run returned %v, want an interruption", err)
	}
	if res == nil || res.Complete || res.Duration <= 0 || res.Duration >= 100 {
		t.Fatalf("result %+v, want a partial run", res)
	}
	select {
	case <-ctx.Done():
	case <-time.After(time.Second):
		t.Fatal("context not cancelled")
	}
	if Context() != ctx {
		t.Error("Context returned a new context")
	}
}

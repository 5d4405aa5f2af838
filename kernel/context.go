package kernel

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

var (
	ctxOnce sync.Once
	ctx     context.Context
)

// Context returns a context that is cancelled when the program receives
// SIGINT (or SIGTERM): in a notebook, when the cell is interrupted with
// Jupyter's stop button (GoNB signals the cell's program, and kills it 5 s
// later if it is still running); in a terminal, on Ctrl-C. Pass it to
// sim.Run, which then stops at the next epoch boundary and returns what was
// recorded so far.
//
// After the first signal the default handling is restored, so a second
// Ctrl-C ends a program that does not stop.
func Context() context.Context {
	ctxOnce.Do(func() {
		c, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		go func() {
			<-c.Done()
			stop()
		}()
		ctx = c
	})
	return ctx
}

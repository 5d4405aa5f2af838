package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// interruptContext returns a context cancelled by Ctrl-C (SIGINT) or
// SIGTERM, which mpirun sends every rank when it is interrupted and Slurm
// sends at a job's time limit: the run stops at the end of an epoch (on
// every rank the same) and says what was kept.
func interruptContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

//go:build unix

package main

import (
	"syscall"
	"testing"
	"time"
)

// TestInterruptContextSIGTERM sends this process SIGTERM (as mpirun and
// Slurm do to stop a job): the context must end, the process live on.
func TestInterruptContextSIGTERM(t *testing.T) {
	ctx, stop := interruptContext()
	defer stop()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
}

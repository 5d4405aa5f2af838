//go:build unix

package main

import "syscall"

// processCPUSeconds returns the user plus system CPU time of the process
// so far (s): on a shared machine it measures the work where wall time
// also counts the waits for a core.
func processCPUSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

//go:build !unix

package main

// processCPUSeconds returns 0 where getrusage is unavailable.
func processCPUSeconds() float64 { return 0 }

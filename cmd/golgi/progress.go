package main

import (
	"fmt"
	"io"
	"time"

	"github.com/golgi-sim/golgi/sim"
)

// progressPrinter returns a sim.Options.Progress callback that prints
// biological time, speed and ETA to w, overwriting one line.
func progressPrinter(w io.Writer, label string) func(sim.Progress) {
	start := time.Now()
	return func(p sim.Progress) {
		el := time.Since(start).Seconds()
		if p.Done {
			fmt.Fprintf(w, "\r%s: %.3f s of biological time in %.2f s wall, %d spikes        \n", label, p.T, el, p.Spikes)
			return
		}
		eta := 0.0
		if p.T > 0 {
			eta = el * (p.Duration - p.T) / p.T
		}
		fmt.Fprintf(w, "\r%s: %5.1f%%  t = %.3f / %.3f s  %d spikes  ETA %.1f s   ", label, 100*p.T/p.Duration, p.T, p.Duration, p.Spikes, eta)
	}
}

package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/golgi-sim/golgi/sim"
)

// progressPrinter returns a sim.Options.Progress callback that prints
// biological time, spikes and ETA to w: on one line rewritten in place on a
// terminal, one line every 2 s of wall time otherwise (logs, CI).
func progressPrinter(w io.Writer, label string) func(sim.Progress) {
	start := time.Now()
	var last time.Time
	tty := isTerminal(w)
	return func(p sim.Progress) {
		el := time.Since(start).Seconds()
		if p.Done {
			cr := ""
			if tty {
				cr = "\r"
			}
			if !tty {
				fmt.Fprintf(w, "%s: %.3f s of biological time in %.2f s wall, %d spikes\n", label, p.T, el, p.Spikes)
				return
			}
			fmt.Fprintf(w, "%s%s: %.3f s of biological time in %.2f s wall, %d spikes\x1b[K\n", cr, label, p.T, el, p.Spikes)
			return
		}
		if !tty && time.Since(last) < 2*time.Second {
			return
		}
		last = time.Now()
		eta := 0.0
		if p.T > 0 {
			eta = el * (p.Duration - p.T) / p.T
		}
		line := fmt.Sprintf("%s: %5.1f%%  t = %.3f / %.3f s  %d spikes  ETA %.1f s", label, 100*p.T/p.Duration, p.T, p.Duration, p.Spikes, eta)
		if tty {
			fmt.Fprintf(w, "\r%s\x1b[K", line)
		} else {
			fmt.Fprintln(w, line)
		}
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

package kernel

import (
	"fmt"
	"os"
	"time"

	"github.com/golgi-sim/golgi/sim"
)

// Progress returns a sim.Options.Progress callback that shows how far a run
// is: in a notebook, a progress bar with the biological time, steps per
// second, the estimated time to completion and the spike count, updated in
// place and replaced by a one-line summary when the run ends; outside a
// notebook, the same on standard error (rewritten in place on a terminal,
// a line every 5 s otherwise). label names the run in the display.
//
// Use one callback per run; it is created when Progress is called, so call
// it just before sim.Run.
func Progress(label string) func(sim.Progress) {
	p := &progress{label: label, d: current(), start: time.Now(), now: time.Now}
	p.id = uniqueID("golgi-progress-")
	p.tty = !p.d.notebook() && isTerminal(os.Stderr)
	return p.report
}

// progress is the state of one Progress display.
type progress struct {
	label string
	d     display
	id    string
	tty   bool
	now   func() time.Time

	start      time.Time // creation (the build is part of the wall time)
	first      time.Time // first report while running
	firstStep  int64
	last       time.Time // last display
	shown      bool      // something was displayed in the block
	lastStatus time.Time
}

// textInterval is how often a line is printed outside a terminal or notebook.
const textInterval = 5 * time.Second

func (p *progress) report(s sim.Progress) {
	now := p.now()
	if s.Done {
		p.done(s, now)
		return
	}
	if p.first.IsZero() {
		p.first, p.firstStep = now, s.Step
	}
	switch {
	case p.d.notebook():
		if now.Sub(p.last) < 200*time.Millisecond && p.shown {
			return
		}
		p.last, p.shown = now, true
		p.d.rich(map[string]any{"text/html": p.barHTML(s, now), "text/plain": p.line(s, now)}, nil, p.id)
	case p.tty:
		if now.Sub(p.last) < 200*time.Millisecond {
			return
		}
		p.last = now
		_, _ = fmt.Fprintf(os.Stderr, "\r%s\x1b[K", p.line(s, now))
	default:
		ref := p.lastStatus
		if ref.IsZero() {
			ref = p.start
		}
		if now.Sub(ref) < textInterval {
			return
		}
		p.lastStatus = now
		p.d.textErr(p.line(s, now))
	}
}

// rate returns the steps per second, measured from the first report while
// running, so that building the network does not count; 0 until that has
// lasted long enough to tell. When the run is done it falls back to the
// average since Progress was called.
func (p *progress) rate(s sim.Progress, now time.Time) float64 {
	if !p.first.IsZero() {
		if dt := now.Sub(p.first).Seconds(); dt > 0.5 && s.Step > p.firstStep {
			return float64(s.Step-p.firstStep) / dt
		}
	}
	if dt := now.Sub(p.start).Seconds(); s.Done && dt > 0 {
		return float64(s.Step) / dt
	}
	return 0
}

// line is the one-line status of a running simulation.
func (p *progress) line(s sim.Progress, now time.Time) string {
	r := p.rate(s, now)
	eta, rate := "…", "…"
	if r > 0 {
		eta, rate = formatWall(float64(s.Steps-s.Step)/r), formatCount(r)
	}
	return fmt.Sprintf("%s: %3.0f%%  t = %s  %s steps/s  ETA %s  %d spikes",
		p.label, 100*fraction(s), formatBio(s.T, s.Duration), rate, eta, s.Spikes)
}

func (p *progress) barHTML(s sim.Progress, now time.Time) string {
	const steps = 1000
	return fmt.Sprintf(`<div style="font-family:monospace;white-space:pre">`+
		`<progress value="%d" max="%d" style="width:20em;vertical-align:middle"></progress> %s</div>`,
		int(steps*fraction(s)), steps, escape(p.line(s, now)))
}

// summary is the one line that replaces the bar when the run ends.
func (p *progress) summary(s sim.Progress, now time.Time) string {
	wall := now.Sub(p.start).Seconds()
	if s.Step < s.Steps {
		return fmt.Sprintf("%s: stopped at t = %s after %s, %d spikes",
			p.label, formatBio(s.T, s.Duration), formatWall(wall), s.Spikes)
	}
	speed := ""
	if wall > 0 {
		speed = fmt.Sprintf(", %s steps/s, %.3g× real time", formatCount(p.rate(s, now)), s.T/wall)
	}
	return fmt.Sprintf("%s: %s s of biological time in %s (%d steps%s), %d spikes",
		p.label, trimFloat(s.T), formatWall(wall), s.Steps, speed, s.Spikes)
}

func (p *progress) done(s sim.Progress, now time.Time) {
	line := p.summary(s, now)
	switch {
	case p.d.notebook():
		mark := "✓"
		if s.Step < s.Steps {
			mark = "⏹"
		}
		p.d.rich(map[string]any{
			"text/html":  fmt.Sprintf(`<div style="font-family:monospace">%s %s</div>`, mark, escape(line)),
			"text/plain": line}, nil, p.id)
		p.d.sync()
	case p.tty:
		_, _ = fmt.Fprintf(os.Stderr, "\r%s\x1b[K\n", line)
	default:
		p.d.textErr(line)
	}
}

func fraction(s sim.Progress) float64 {
	if s.Steps <= 0 {
		return 1
	}
	return min(1, max(0, float64(s.Step)/float64(s.Steps)))
}

// formatBio formats biological time t of duration d, in ms below 1 s.
func formatBio(t, d float64) string {
	if d < 1 {
		return fmt.Sprintf("%.1f / %.1f ms", 1e3*t, 1e3*d)
	}
	return fmt.Sprintf("%.3f / %.3f s", t, d)
}

// formatWall formats a wall-clock duration (s).
func formatWall(s float64) string {
	switch {
	case s < 10:
		return fmt.Sprintf("%.2f s", s)
	case s < 120:
		return fmt.Sprintf("%.0f s", s)
	case s < 7200:
		return fmt.Sprintf("%d min %02d s", int(s)/60, int(s)%60)
	default:
		return fmt.Sprintf("%d h %02d min", int(s)/3600, int(s)%3600/60)
	}
}

// formatCount formats a rate with three significant digits and k/M suffixes.
func formatCount(r float64) string {
	switch {
	case r >= 1e6:
		return fmt.Sprintf("%.3gM", r/1e6)
	case r >= 1e3:
		return fmt.Sprintf("%.3gk", r/1e3)
	default:
		return fmt.Sprintf("%.3g", r)
	}
}

func trimFloat(x float64) string {
	return fmt.Sprintf("%.4g", x)
}

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

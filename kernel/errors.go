package kernel

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// Interrupted reports whether err comes from a cancelled context: a run
// stopped by Jupyter's stop button (see Context) or by a deadline.
func Interrupted(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// showError displays err as a readable message: a red box in a notebook,
// "error: ..." on the standard error otherwise. Interruptions are shown as
// a note, since what was simulated up to then is kept.
func showError(d display, err error) {
	msg := err.Error()
	title, colour, bg, text := "Error", "#b00020", "#fdecea", "error: "+msg
	if Interrupted(err) {
		title, colour, bg, text = "Interrupted", "#8a6d00", "#fff8e1", "interrupted: "+msg
		msg += "\n(results recorded up to the interruption are kept)"
	}
	if !d.notebook() {
		d.textErr(text)
		return
	}
	html := fmt.Sprintf(`<div style="border-left:4px solid %s;background:%s;padding:4px 8px;margin:2px 0">`+
		`<b style="color:%s">%s</b><pre style="white-space:pre-wrap;margin:2px 0;background:none">%s</pre></div>`,
		colour, bg, colour, title, escape(msg))
	d.rich(map[string]any{"text/html": html, "text/plain": text}, nil, "")
}

// exit ends the program (replaced in tests).
var exit = os.Exit

// Check shows err and ends the cell's program with exit status 1 if err is
// not nil, as Must does for functions that return only an error.
//
//	kernel.Check(st.WriteFloat64(num, "rate", rate, attrs, group))
func Check(err error) {
	if err != nil {
		fail(err)
	}
}

// Must returns v if err is nil. Otherwise it shows err and ends the cell's
// program with exit status 1, which marks the cell as failed, so that
// "Run all" stops there. Check the error and call Show instead to keep the
// partial results of an interrupted run.
//
//	net := kernel.Must(nets.COBA(nets.COBAConfig{}))
func Must[T any](v T, err error) T {
	if err != nil {
		fail(err)
	}
	return v
}

func fail(err error) {
	d := current()
	showError(d, err)
	d.sync()
	exit(1)
}

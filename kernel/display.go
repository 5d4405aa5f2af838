package kernel

import (
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

func init() {
	// Image size metadata travels as a nested map; GoNB's side registers
	// the same type.
	gob.Register(map[string]any{})
}

// IsNotebook reports whether the program runs under the GoNB kernel (a
// notebook cell), so that Show and Progress display rich output. Otherwise
// they write text.
func IsNotebook() bool {
	return gonbui.IsNotebook
}

// A display is where Show and Progress send their output.
type display interface {
	// rich displays data (by MIME type, including a text/plain
	// alternative) with metadata; a non-empty id updates the block of
	// that id in place (created by its first use).
	rich(data map[string]any, meta map[string]any, id string)
	// text writes to the standard output, textErr to the standard error.
	text(s string)
	textErr(s string)
	// notebook reports whether rich output reaches a notebook.
	notebook() bool
	// sync returns when everything displayed so far has been delivered.
	sync()
}

// testDisplay, if set, replaces the display chosen at run time (tests).
var testDisplay display

func current() display {
	if testDisplay != nil {
		return testDisplay
	}
	if gonbui.IsNotebook {
		return gonbDisplay{}
	}
	// Looked up at each call: examples and tests replace os.Stdout.
	return textDisplay{stdout: os.Stdout, stderr: os.Stderr}
}

// gonbDisplay sends output to the notebook through GoNB's pipe.
type gonbDisplay struct{}

func (gonbDisplay) rich(data, meta map[string]any, id string) {
	d := &protocol.DisplayData{Data: make(map[protocol.MIMEType]any, len(data)), Metadata: meta, DisplayID: id}
	for k, v := range data {
		d.Data[protocol.MIMEType(k)] = v
	}
	gonbui.SendData(d)
}

func (gonbDisplay) text(s string)    { _, _ = io.WriteString(os.Stdout, s) }
func (gonbDisplay) textErr(s string) { _, _ = io.WriteString(os.Stderr, s) }
func (gonbDisplay) notebook() bool   { return true }
func (gonbDisplay) sync()            { gonbui.Sync() }

// textDisplay writes the text/plain alternative of rich output.
type textDisplay struct {
	stdout, stderr io.Writer
}

func (d textDisplay) rich(data, _ map[string]any, id string) {
	if id != "" {
		return // in-place updates (progress) have their own text path
	}
	if s, ok := data["text/plain"].(string); ok {
		d.text(s)
	}
}

func (d textDisplay) text(s string) {
	if len(s) > 0 && s[len(s)-1] != '\n' {
		s += "\n"
	}
	_, _ = io.WriteString(d.stdout, s)
}

func (d textDisplay) textErr(s string) {
	if len(s) > 0 && s[len(s)-1] != '\n' {
		s += "\n"
	}
	_, _ = io.WriteString(d.stderr, s)
}

func (textDisplay) notebook() bool { return false }
func (textDisplay) sync()          {}

// uniqueID returns an id for an update-in-place block.
func uniqueID(prefix string) string {
	if gonbui.IsNotebook {
		return prefix + gonbui.UniqueId()
	}
	return fmt.Sprintf("%s%d", prefix, idCounter.Add(1))
}

var idCounter atomic.Int64

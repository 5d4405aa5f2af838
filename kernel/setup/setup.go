// Package setup installs, removes and diagnoses the Golgi Jupyter kernel:
// the logic behind `golgi kernel install|uninstall|check`.
//
// Installing is done by the checkout's scripts/install-kernel.sh, the one
// source of truth shared with `make kernel` and docker/Dockerfile; this
// package finds the checkout and runs it. Check reads the installed
// kernelspec and tools and explains how to fix each problem it finds.
package setup

import (
	"context"
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// Module is the Go module path of Golgi.
const Module = "github.com/golgi-sim/golgi"

// DefaultName is the name of the kernelspec ("golgi", shown as "Go (Golgi)").
const DefaultName = "golgi"

// Script is the install script, relative to the checkout.
const Script = "scripts/install-kernel.sh"

// Pinned versions of the tools the kernel needs, as scripts/install-kernel.sh
// installs them (a test keeps the two in step).
var Pinned = map[string]string{
	"gonb":      "v0.11.4",
	"goimports": "v0.49.0",
	"gopls":     "v0.23.0",
}

// Root returns the Golgi checkout holding dir: dir or the nearest parent
// with a go.mod for module Module.
func Root(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("setup: %w", err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		if isCheckout(d) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("setup: %s is not inside a Golgi checkout (no go.mod for %s)", abs, Module)
		}
	}
}

// FindRoot returns the Golgi checkout from the first of these that is in
// one: the working directory, the directory of the running executable (so
// bin/golgi works from anywhere), and $GOLGI_ROOT.
func FindRoot() (string, error) {
	var tried []string
	if wd, err := os.Getwd(); err == nil {
		tried = append(tried, wd)
	}
	if exe, err := os.Executable(); err == nil {
		if exe, err = filepath.EvalSymlinks(exe); err == nil {
			tried = append(tried, filepath.Dir(exe))
		}
	}
	if r := os.Getenv("GOLGI_ROOT"); r != "" {
		tried = append(tried, r)
	}
	for _, d := range tried {
		if r, err := Root(d); err == nil {
			return r, nil
		}
	}
	return "", fmt.Errorf("setup: no Golgi checkout found (tried %s); run from a checkout, or pass --root DIR", strings.Join(tried, ", "))
}

var moduleLine = regexp.MustCompile(`(?m)^module\s+(\S+)`)

func isCheckout(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	m := moduleLine.FindSubmatch(b)
	return m != nil && string(m[1]) == Module
}

// Install runs root's install script with args (see `scripts/install-kernel.sh
// --help`), passing its output through.
func Install(ctx context.Context, root string, args []string, stdout, stderr io.Writer) error {
	script := filepath.Join(root, Script)
	if _, err := os.Stat(script); err != nil {
		return fmt.Errorf("setup: install script: %w", err)
	}
	cmd := exec.CommandContext(ctx, "bash", append([]string{script}, args...)...)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("setup: %s: %w", Script, err)
	}
	return nil
}

// PinnedIn returns the tool versions pinned by root's install script, or
// Pinned where the script does not say.
func PinnedIn(root string) map[string]string {
	pins := make(map[string]string, len(Pinned))
	for k, v := range Pinned {
		pins[k] = v
	}
	b, err := os.ReadFile(filepath.Join(root, Script))
	if err != nil {
		return pins
	}
	for _, tool := range []string{"gonb", "goimports", "gopls"} {
		re := regexp.MustCompile(`(?m)^` + strings.ToUpper(tool) + `_VERSION=(\S+)`)
		if m := re.FindSubmatch(b); m != nil {
			pins[tool] = string(m[1])
		}
	}
	return pins
}

// Spec is a Jupyter kernelspec (kernel.json) and the directory holding it.
type Spec struct {
	Dir           string            `json:"-"`
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode,omitempty"`
	Env           map[string]string `json:"env,omitempty"`
}

// GoWork returns the checkout the kernel's go.work uses (gonb's -go_work
// flag), or "".
func (s *Spec) GoWork() string {
	for i, a := range s.Argv {
		for _, p := range []string{"-go_work=", "--go_work="} {
			if v, ok := strings.CutPrefix(a, p); ok {
				return v
			}
		}
		if (a == "-go_work" || a == "--go_work") && i+1 < len(s.Argv) {
			return s.Argv[i+1]
		}
	}
	return ""
}

// DataDirs returns the directories where Jupyter looks for kernelspecs
// (under their kernels/ subdirectory), in Jupyter's order.
func DataDirs() []string {
	var dirs []string
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		dirs = append(dirs, d)
	} else if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".local", "share", "jupyter"))
	}
	for _, d := range filepath.SplitList(os.Getenv("JUPYTER_PATH")) {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	if p := os.Getenv("CONDA_PREFIX"); p != "" {
		dirs = append(dirs, filepath.Join(p, "share", "jupyter"))
	}
	return append(dirs, "/usr/local/share/jupyter", "/usr/share/jupyter")
}

// ErrNotInstalled is returned by Find when no kernelspec has the name.
var ErrNotInstalled = errors.New("kernelspec not installed")

// Find returns the kernelspec called name that Jupyter would use.
func Find(name string) (*Spec, error) {
	for _, d := range DataDirs() {
		dir := filepath.Join(d, "kernels", name)
		b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("setup: kernelspec %s: %w", name, err)
		}
		var s Spec
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("setup: kernelspec %s: %s/kernel.json: %w", name, dir, err)
		}
		s.Dir = dir
		return &s, nil
	}
	return nil, fmt.Errorf("setup: %q: %w", name, ErrNotInstalled)
}

// Uninstall removes every kernelspec called name from the Jupyter data
// directories and returns the directories removed. The tools (gonb, gopls,
// goimports) stay installed.
func Uninstall(name string) ([]string, error) {
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return nil, fmt.Errorf("setup: invalid kernel name %q", name)
	}
	var removed []string
	for _, d := range DataDirs() {
		dir := filepath.Join(d, "kernels", name)
		if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			return removed, fmt.Errorf("setup: removing %s: %w", dir, err)
		}
		removed = append(removed, dir)
	}
	return removed, nil
}

// toolVersion returns the main module version recorded in a Go binary.
func toolVersion(path string) (string, error) {
	bi, err := buildinfo.ReadFile(path)
	if err != nil {
		return "", err
	}
	return bi.Main.Version, nil
}

// goFallback is where Go is looked for when it is not on PATH.
var goFallback = "/usr/local/go/bin/go"

// goTool returns the go command: on PATH, else goFallback; "" if neither.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	if goFallback != "" {
		if _, err := os.Stat(goFallback); err == nil {
			return goFallback
		}
	}
	return ""
}

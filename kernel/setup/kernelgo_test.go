package setup

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestKernelGo runs scripts/kernel-go.sh, the kernel's go command, over a
// fake go that logs each call's arguments and GOPROXY and fails offline when
// told to: gonb's `go get` is tried offline first and run as asked only when
// that fails; every other command passes through once, unchanged.
func TestKernelGo(t *testing.T) {
	root, err := Root(".")
	if err != nil {
		t.Fatal(err)
	}
	shim := filepath.Join(root, "scripts", "kernel-go.sh")
	if _, err := os.Stat(shim); err != nil {
		t.Skip(err)
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip(err)
	}
	for _, tc := range []struct {
		name         string
		args         []string
		offlineFails bool
		want         []string // one line per call of the real go: GOPROXY args
	}{
		{"get offline", []string{"get"}, false, []string{"off get"}},
		{"get -t offline", []string{"get", "-t"}, false, []string{"off get -t"}},
		{"get needs the network", []string{"get"}, true, []string{"off get", "https://proxy.example get"}},
		{"get a module", []string{"get", "example.com/m@v1.0.0"}, false, []string{"https://proxy.example get example.com/m@v1.0.0"}},
		{"build", []string{"build", "-o", "x"}, false, []string{"https://proxy.example build -o x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			log := filepath.Join(dir, "calls")
			fake := filepath.Join(dir, "go")
			fail := ""
			if tc.offlineFails {
				fail = `[ "$GOPROXY" = off ] && { echo "module lookup disabled" >&2; exit 1; }`
			}
			write(t, fake, "#!/bin/sh\necho \"$GOPROXY $*\" >> "+log+"\n"+fail+"\nexit 0\n", 0o755)
			cmd := exec.Command("sh", append([]string{shim}, tc.args...)...)
			cmd.Env = append(os.Environ(), "GOLGI_REAL_GO="+fake, "GOPROXY=https://proxy.example")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			b, err := os.ReadFile(log)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Split(strings.TrimSpace(string(b)), "\n"); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("calls of the real go = %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("no real go", func(t *testing.T) {
		cmd := exec.Command("sh", shim, "version")
		cmd.Env = append(os.Environ(), "GOLGI_REAL_GO=")
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "make kernel") {
			t.Errorf("without GOLGI_REAL_GO: %v, %q; want an error naming make kernel", err, out)
		}
	})
}

package refdata

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records Skipf and Fatalf instead of
// ending the test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                        {}
func (r *recorder) Skipf(format string, a ...any)  { r.skipped = fmt.Sprintf(format, a...) }
func (r *recorder) Fatalf(format string, a ...any) { r.failed = fmt.Sprintf(format, a...) }

func TestRequire(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "here.csv"), []byte("a\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOLGI_REF", dir)
	missingFile := filepath.Join(dir, "gone.csv")
	for _, env := range []string{"", "0", "1"} {
		t.Run("GOLGI_REQUIRE_REF="+env, func(t *testing.T) {
			t.Setenv(RequireEnv, env)
			r := &recorder{TB: t}
			if p := Require(r, "here.csv"); p != filepath.Join(dir, "here.csv") || r.skipped != "" || r.failed != "" {
				t.Errorf("present: %q, skipped %q, failed %q", p, r.skipped, r.failed)
			}
			if p, ok := Lookup(r, "here.csv"); !ok || p != filepath.Join(dir, "here.csv") || r.failed != "" {
				t.Errorf("Lookup present: %q %v, failed %q", p, ok, r.failed)
			}
			required := env == "1"
			r = &recorder{TB: t}
			Require(r, "gone.csv")
			if required && (!strings.Contains(r.failed, missingFile) || !strings.Contains(r.failed, RequireEnv)) {
				t.Errorf("missing, required: failed %q, want the path and %s", r.failed, RequireEnv)
			}
			if !required && (r.failed != "" || !strings.Contains(r.skipped, missingFile)) {
				t.Errorf("missing, not required: failed %q, skipped %q, want a skip naming the path", r.failed, r.skipped)
			}
			r = &recorder{TB: t}
			if p, ok := Lookup(r, "gone.csv"); ok || p != "" || r.skipped != "" || (r.failed != "") != required || (required && !strings.Contains(r.failed, missingFile)) {
				t.Errorf("Lookup missing: %q %v, skipped %q, failed %q", p, ok, r.skipped, r.failed)
			}
		})
	}
}

// TestRequireNoDirectory: without a reference directory the message still
// says what was looked for and why it was not found.
func TestRequireNoDirectory(t *testing.T) {
	t.Setenv("GOLGI_REF", filepath.Join(t.TempDir(), "nothing"))
	t.Setenv(RequireEnv, "1")
	r := &recorder{TB: t}
	Require(r, "x/y.csv")
	if !strings.Contains(r.failed, "shared/ref/x/y.csv") || !strings.Contains(r.failed, "GOLGI_REF=") {
		t.Errorf("failed %q", r.failed)
	}
}

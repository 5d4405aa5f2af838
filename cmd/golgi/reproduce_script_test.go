package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// reproduceScript runs scripts/reproduce-gridcells.sh with env and args
// and returns its combined output; golgi is the command the script runs
// as golgi (empty: its default, which a dry run does not run).
func reproduceScript(t *testing.T, golgi string, env []string, args ...string) (string, error) {
	t.Helper()
	for _, tool := range []string{"bash", "jq", "awk"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed: the reproduce script needs it", tool)
		}
	}
	script, err := filepath.Abs("../../scripts/reproduce-gridcells.sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	if golgi != "" {
		cmd.Env = append(cmd.Env, "GOLGI="+golgi)
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// reproduceCheck is the part of OUT/<check>.json the tests read.
type reproduceCheck struct {
	Check    string   `json:"check"`
	Scale    string   `json:"scale"`
	Status   string   `json:"status"`
	Commands []string `json:"commands"`
	Expects  []struct {
		Name  string   `json:"name"`
		Value *float64 `json:"value"`
		OK    bool     `json:"ok"`
	} `json:"expects"`
}

func readCheck(t *testing.T, path string) reproduceCheck {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c reproduceCheck
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

// TestReproduceScriptDryRun lists every check's commands at both scales:
// each spec file they name exists, and every check writes its JSON and a
// row of REPORT.md.
func TestReproduceScriptDryRun(t *testing.T) {
	for _, scale := range []string{"ci", "paper"} {
		out := t.TempDir()
		log, err := reproduceScript(t, "", []string{"OUT=" + out, "SCALE=" + scale}, "--dry-run")
		if err != nil {
			t.Fatalf("SCALE=%s --dry-run: %v\n%s", scale, err, log)
		}
		rep, err := os.ReadFile(filepath.Join(out, "REPORT.md"))
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 15; i++ {
			m, _ := filepath.Glob(filepath.Join(out, "c"+twoDigits(i)+"-*.json"))
			if len(m) != 1 {
				t.Fatalf("SCALE=%s: check %d: %d JSON files", scale, i, len(m))
			}
			c := readCheck(t, m[0])
			if c.Scale != scale || (c.Status != "dry-run" && c.Status != "notebook") {
				t.Errorf("%s: scale %q status %q", m[0], c.Scale, c.Status)
			}
			if !strings.Contains(string(rep), "| "+c.Check+" |") {
				t.Errorf("SCALE=%s: REPORT.md has no row for %s", scale, c.Check)
			}
			for _, cmd := range c.Commands {
				for _, f := range strings.Fields(cmd) {
					if strings.HasPrefix(f, "examples/") {
						if _, err := os.Stat(filepath.Join("../..", f)); err != nil {
							t.Errorf("%s: command names a missing spec: %v", c.Check, err)
						}
					}
				}
			}
		}
	}
	if log, err := reproduceScript(t, "", []string{"OUT=" + t.TempDir(), "SCALE=huge"}, "--dry-run"); err == nil {
		t.Errorf("SCALE=huge accepted:\n%s", log)
	}
	if log, err := reproduceScript(t, "", []string{"OUT=" + t.TempDir(), "CHECKS=99"}, "--dry-run"); err == nil {
		t.Errorf("CHECKS=99 accepted:\n%s", log)
	}
}

// TestReproduceScriptCheck1 runs check 1 (single stellates, seconds) at CI
// scale for real, with golgi run and golgi gridcells measures; the
// validation test it also names is replaced by a no-op (GO=true: the test
// runs elsewhere in make test).
func TestReproduceScriptCheck1(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build golgi with")
	}
	bin := filepath.Join(t.TempDir(), "golgi")
	if b, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	out := t.TempDir()
	log, err := reproduceScript(t, bin, []string{"OUT=" + out, "SCALE=ci", "CHECKS=1", "GO=true"})
	if err != nil {
		t.Fatalf("CHECKS=1: %v\n%s", err, log)
	}
	c := readCheck(t, filepath.Join(out, "c01-excitability.json"))
	if c.Status != "ok" || len(c.Expects) != 4 {
		t.Fatalf("check 1: status %q, %d expectations", c.Status, len(c.Expects))
	}
	for _, e := range c.Expects {
		if e.Value == nil || !e.OK {
			t.Errorf("check 1: %s: value %v outside its range", e.Name, e.Value)
		}
	}
}

func twoDigits(i int) string {
	if i < 10 {
		return "0" + string(rune('0'+i))
	}
	return string(rune('0'+i/10)) + string(rune('0'+i%10))
}

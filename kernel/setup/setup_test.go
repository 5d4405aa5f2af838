package setup

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

func TestRoot(t *testing.T) {
	tmp := t.TempDir()
	write(t, filepath.Join(tmp, "golgi", "go.mod"), "module "+Module+"\n\ngo 1.26\n", 0o644)
	write(t, filepath.Join(tmp, "golgi", "notebooks", "x.ipynb"), "{}", 0o644)
	write(t, filepath.Join(tmp, "other", "go.mod"), "module example.com/other\n", 0o644)
	for _, tc := range []struct {
		dir, want string
	}{
		{"golgi", "golgi"},
		{"golgi/notebooks", "golgi"},
		{"other", ""},
		{".", ""},
	} {
		got, err := Root(filepath.Join(tmp, tc.dir))
		if tc.want == "" {
			if err == nil {
				t.Errorf("Root(%s) = %s, want an error", tc.dir, got)
			}
			continue
		}
		if err != nil || got != filepath.Join(tmp, tc.want) {
			t.Errorf("Root(%s) = %q, %v; want %s", tc.dir, got, err, tc.want)
		}
	}
}

func TestPinnedMatchesScript(t *testing.T) {
	root, err := Root(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, Script)); err != nil {
		t.Skip(err)
	}
	if got := PinnedIn(root); !maps.Equal(got, Pinned) {
		t.Errorf("%s pins %v, package setup pins %v", Script, got, Pinned)
	}
}

// jupyterHome points Jupyter's data directories at a temporary one.
func jupyterHome(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	t.Setenv("JUPYTER_PATH", "")
	t.Setenv("CONDA_PREFIX", "")
	return data
}

func TestFindUninstall(t *testing.T) {
	data := jupyterHome(t)
	write(t, filepath.Join(data, "kernels", "golgi", "kernel.json"),
		`{"argv": ["/x/gonb", "--kernel", "{connection_file}", "-go_work=/src/golgi"],
		  "display_name": "Go (Golgi)", "language": "go", "env": {"PATH": "/usr/bin"}}`, 0o644)
	s, err := Find("golgi")
	if err != nil {
		t.Fatal(err)
	}
	if s.DisplayName != "Go (Golgi)" || s.GoWork() != "/src/golgi" || s.Env["PATH"] != "/usr/bin" ||
		s.Dir != filepath.Join(data, "kernels", "golgi") {
		t.Errorf("Find = %+v", s)
	}
	if _, err := Find("none"); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("Find(none): %v, want ErrNotInstalled", err)
	}
	for _, bad := range []string{"", "..", "a/b"} {
		if _, err := Uninstall(bad); err == nil {
			t.Errorf("Uninstall(%q) succeeded", bad)
		}
	}
	removed, err := Uninstall("golgi")
	if err != nil || len(removed) != 1 {
		t.Fatalf("Uninstall = %v, %v", removed, err)
	}
	if _, err := Find("golgi"); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("after Uninstall, Find: %v", err)
	}
	if removed, err := Uninstall("golgi"); err != nil || len(removed) != 0 {
		t.Errorf("second Uninstall = %v, %v; want nothing", removed, err)
	}
}

func TestGoWork(t *testing.T) {
	for _, tc := range []struct {
		argv []string
		want string
	}{
		{[]string{"gonb", "--kernel", "f"}, ""},
		{[]string{"gonb", "-go_work=/a"}, "/a"},
		{[]string{"gonb", "--go_work=/b"}, "/b"},
		{[]string{"gonb", "-go_work", "/c"}, "/c"},
	} {
		if got := (&Spec{Argv: tc.argv}).GoWork(); got != tc.want {
			t.Errorf("GoWork(%q) = %q, want %q", tc.argv, got, tc.want)
		}
	}
}

func TestCheckSpec(t *testing.T) {
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	for _, tool := range []string{"go", "goimports", "gopls"} {
		write(t, filepath.Join(bin, tool), "#!/bin/sh\n", 0o755)
	}
	write(t, filepath.Join(bin, "gonb"), "not a Go binary", 0o755)
	checkout := filepath.Join(tmp, "golgi")
	write(t, filepath.Join(checkout, "go.mod"), "module "+Module+"\n", 0o644)
	gonb := filepath.Join(bin, "gonb")
	full := map[string]string{"PATH": bin, "GOPROXY": "https://proxy.golang.org"}
	for _, tc := range []struct {
		name string
		spec Spec
		// failing lists the items that must fail, with a word of their status.
		failing map[string]string
	}{
		{"no argv", Spec{}, map[string]string{"kernel argv": "no argv"}},
		{"good env", Spec{Argv: []string{gonb, "-go_work=" + checkout}, Env: full},
			map[string]string{"kernel argv": "gonb"}}, // the fake gonb has no build info
		{"no env", Spec{Argv: []string{gonb, "-go_work=" + checkout}},
			map[string]string{"kernel argv": "gonb", "kernel env": "PATH", "kernel proxy": "GOPROXY"}},
		{"path lacks tools", Spec{Argv: []string{gonb}, Env: map[string]string{"PATH": "/nonexistent", "GOPROXY": "off"}},
			map[string]string{"kernel argv": "gonb", "kernel env": "lacks go, goimports, gopls", "golgi module": "preamble"}},
		{"real go moved", Spec{Argv: []string{gonb, "-go_work=" + checkout},
			Env: map[string]string{"PATH": bin, "GOPROXY": "off", "GOLGI_REAL_GO": filepath.Join(tmp, "gone", "go")}},
			map[string]string{"kernel argv": "gonb", "kernel go": "not an executable go"}},
		{"real go", Spec{Argv: []string{gonb, "-go_work=" + checkout},
			Env: map[string]string{"PATH": bin, "GOPROXY": "off", "GOLGI_REAL_GO": filepath.Join(bin, "go")}},
			map[string]string{"kernel argv": "gonb"}},
		{"not a checkout", Spec{Argv: []string{gonb, "-go_work=" + tmp}, Env: full},
			map[string]string{"kernel argv": "gonb", "golgi module": "not a Golgi checkout"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items := checkSpec(&tc.spec, "v0.11.4", "make kernel")
			failed := map[string]bool{}
			for _, it := range items {
				if it.OK {
					continue
				}
				failed[it.Name] = true
				want, expected := tc.failing[it.Name]
				if !expected {
					t.Errorf("unexpected failure %s: %s", it.Name, it.Status)
				} else if !strings.Contains(it.Status, want) {
					t.Errorf("%s: status %q does not mention %q", it.Name, it.Status, want)
				}
				if it.Fix == "" {
					t.Errorf("%s: no fix", it.Name)
				}
			}
			for name := range tc.failing {
				if !failed[name] {
					t.Errorf("%s did not fail", name)
				}
			}
		})
	}
}

func TestCheckNothingInstalled(t *testing.T) {
	jupyterHome(t)
	t.Setenv("PATH", t.TempDir())
	defer func(f string) { goFallback = f }(goFallback)
	goFallback = ""
	fails := map[string]bool{}
	for _, it := range Check(DefaultName, "") {
		if !it.OK {
			fails[it.Name] = true
			if it.Fix == "" {
				t.Errorf("%s: no fix", it.Name)
			}
		}
	}
	for _, name := range []string{"go", "gonb", "goimports", "gopls", "kernelspec", "hdf5"} {
		if !fails[name] {
			t.Errorf("%s did not fail with nothing installed", name)
		}
	}
}

func TestAtLeast(t *testing.T) {
	for _, tc := range []struct {
		v, w string
		want bool
	}{
		{"1.26.8", "1.24", true},
		{"1.24", "1.24", true},
		{"1.23.4", "1.24", false},
		{"1.24rc1", "1.24", true},
		{"2", "1.24", true},
	} {
		if got := atLeast(tc.v, tc.w); got != tc.want {
			t.Errorf("atLeast(%s, %s) = %v", tc.v, tc.w, got)
		}
	}
}

func TestReport(t *testing.T) {
	var b strings.Builder
	n := Report(&b, []Item{{Name: "go", OK: true, Status: "go1.26"}, {Name: "gonb", Status: "missing", Fix: "make kernel"}})
	want := "ok   go            go1.26\nFAIL gonb          missing\n                   fix: make kernel\n"
	if n != 1 || b.String() != want {
		t.Errorf("Report = %d, %q; want 1, %q", n, b.String(), want)
	}
}

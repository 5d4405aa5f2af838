package setup

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// Item is one line of Check's diagnosis.
type Item struct {
	Name   string // what was checked: "go", "gonb", "kernelspec", ...
	OK     bool
	Status string // what was found
	Fix    string // how to fix it, when not OK
}

// Check diagnoses the kernel called name: Go and its version, gonb,
// goimports and gopls at their pinned versions, the kernelspec and the
// environment it gives the kernel, Jupyter and nbconvert, and the HDF5
// headers and C compiler that Golgi's store needs. root is the checkout
// whose pins apply ("" for the kernelspec's or the built-in ones).
func Check(name, root string) []Item {
	var items []Item
	add := func(name string, ok bool, status, fix string) {
		items = append(items, Item{Name: name, OK: ok, Status: status, Fix: fix})
	}
	install := "make kernel (or golgi kernel install, or scripts/install-kernel.sh)"

	spec, specErr := Find(name)
	if root == "" && spec != nil && isCheckout(spec.GoWork()) {
		root = spec.GoWork()
	}
	pins := Pinned
	if root != "" {
		pins = PinnedIn(root)
	}

	// Go.
	gobin := ""
	goPath := goTool()
	if goPath == "" {
		add("go", false, "not found on PATH or at "+goFallback,
			"install Go >= 1.24 at /usr/local/go (https://go.dev/doc/install)")
	} else {
		v, err := goEnv(goPath, "GOVERSION")
		switch {
		case err != nil:
			add("go", false, fmt.Sprintf("%s does not run: %v", goPath, err), "reinstall Go at /usr/local/go")
		case !atLeast(strings.TrimPrefix(v, "go"), "1.24"):
			add("go", false, fmt.Sprintf("%s at %s is too old", v, goPath), "install Go >= 1.24 at /usr/local/go")
		default:
			add("go", true, fmt.Sprintf("%s (%s)", v, goPath), "")
		}
		gobin, _ = goEnv(goPath, "GOBIN")
		if gobin == "" {
			if gp, err := goEnv(goPath, "GOPATH"); err == nil && gp != "" {
				gobin = filepath.Join(filepath.SplitList(gp)[0], "bin")
			}
		}
	}

	// The tools, where the install script puts them.
	for _, tool := range []string{"gonb", "goimports", "gopls"} {
		want := pins[tool]
		path := filepath.Join(gobin, tool)
		if gobin == "" {
			add(tool, false, "not checked (no Go)", install)
			continue
		}
		if _, err := os.Stat(path); err != nil {
			add(tool, false, "not found in "+gobin, install)
			continue
		}
		v, err := toolVersion(path)
		switch {
		case err != nil:
			add(tool, false, fmt.Sprintf("%s: unknown version (%v)", path, err), install)
		case v != want:
			add(tool, false, fmt.Sprintf("%s is %s, want %s", path, v, want), install)
		default:
			add(tool, true, fmt.Sprintf("%s (%s)", v, path), "")
		}
	}

	// The kernelspec.
	switch {
	case specErr != nil:
		add("kernelspec", false, specErr.Error(), install)
	default:
		add("kernelspec", true, fmt.Sprintf("%q in %s", spec.DisplayName, spec.Dir), "")
		items = append(items, checkSpec(spec, pins["gonb"], install)...)
	}

	// Jupyter, and nbconvert for `make notebooks`.
	jupyter := "/usr/bin/jupyter"
	if _, err := os.Stat(jupyter); err != nil {
		jupyter, _ = exec.LookPath("jupyter")
	}
	if jupyter == "" {
		add("jupyter", false, "not found", "apt-get install jupyter-notebook jupyter-client (or conda install -c conda-forge jupyterlab)")
	} else {
		add("jupyter", true, jupyter, "")
		if _, err := os.Stat(filepath.Join(filepath.Dir(jupyter), "jupyter-nbconvert")); err != nil {
			add("nbconvert", false, "jupyter-nbconvert not found next to "+jupyter,
				"apt-get install jupyter-nbconvert python3-nbclient (or conda install -c conda-forge nbconvert)")
		} else {
			add("nbconvert", true, filepath.Join(filepath.Dir(jupyter), "jupyter-nbconvert"), "")
		}
	}

	// HDF5 (Golgi's result store, cgo).
	pc, err := exec.LookPath("pkg-config")
	switch {
	case err != nil:
		add("hdf5", false, "pkg-config not found", "apt-get install libhdf5-dev pkg-config (or conda install -c conda-forge hdf5 pkg-config)")
	default:
		out, err := exec.Command(pc, "--modversion", "hdf5").Output()
		if err != nil {
			add("hdf5", false, "pkg-config finds no hdf5", "apt-get install libhdf5-dev (or conda install -c conda-forge hdf5)")
		} else {
			add("hdf5", true, "hdf5 "+strings.TrimSpace(string(out)), "")
		}
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		if _, err := exec.LookPath("cc"); err != nil {
			add("cc", false, "no C compiler (cgo, for HDF5)", "apt-get install gcc (or conda install -c conda-forge c-compiler)")
		}
	}
	return items
}

// checkSpec checks what the kernelspec gives the kernel.
func checkSpec(spec *Spec, gonbVersion, install string) []Item {
	var items []Item
	add := func(name string, ok bool, status, fix string) {
		items = append(items, Item{Name: name, OK: ok, Status: status, Fix: fix})
	}
	if len(spec.Argv) == 0 {
		add("kernel argv", false, "kernel.json has no argv", install)
		return items
	}
	if v, err := toolVersion(spec.Argv[0]); err != nil {
		add("kernel argv", false, fmt.Sprintf("%s: %v", spec.Argv[0], err), install)
	} else if v != gonbVersion {
		add("kernel argv", false, fmt.Sprintf("%s is gonb %s, want %s", spec.Argv[0], v, gonbVersion), install)
	} else {
		add("kernel argv", true, fmt.Sprintf("%s (gonb %s)", spec.Argv[0], v), "")
	}
	path, ok := spec.Env["PATH"]
	if !ok {
		add("kernel env", false, "kernel.json sets no PATH: Jupyter started from a shell without Go on its PATH cannot run cells", install)
	} else {
		var missing []string
		for _, tool := range []string{"go", "goimports", "gopls"} {
			if findIn(path, tool) == "" {
				missing = append(missing, tool)
			}
		}
		if len(missing) > 0 {
			add("kernel env", false, fmt.Sprintf("PATH=%s lacks %s", path, strings.Join(missing, ", ")), install)
		} else {
			add("kernel env", true, "PATH finds go, goimports and gopls", "")
		}
	}
	// The kernel's go (scripts/kernel-go.sh) passes commands to GOLGI_REAL_GO.
	if g, ok := spec.Env["GOLGI_REAL_GO"]; ok {
		if st, err := os.Stat(g); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			add("kernel go", false, fmt.Sprintf("GOLGI_REAL_GO=%s is not an executable go (was Go moved?)", g), install)
		}
	}
	if _, ok := spec.Env["GOPROXY"]; !ok {
		add("kernel proxy", false, "kernel.json sets no GOPROXY (module downloads may fail)", install)
	}
	switch w := spec.GoWork(); {
	case w == "":
		add("golgi module", false, "the kernel has no -go_work: notebooks need the one-line preamble (see notebooks/README.md)", install)
	case !isCheckout(w):
		add("golgi module", false, fmt.Sprintf("-go_work=%s is not a Golgi checkout", w), "run make kernel in the checkout to use")
	default:
		add("golgi module", true, "resolved from "+w, "")
	}
	return items
}

// findIn returns the path of an executable file called name in the
// PATH-style list, or "".
func findIn(list, name string) string {
	for _, d := range filepath.SplitList(list) {
		p := filepath.Join(d, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

func goEnv(goPath, key string) (string, error) {
	out, err := exec.Command(goPath, "env", key).Output()
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// atLeast reports whether dotted version v >= w ("1.26.8" >= "1.24").
func atLeast(v, w string) bool {
	parse := func(s string) []int {
		var n []int
		for _, f := range strings.Split(s, ".") {
			x := 0
			for _, c := range f {
				if c < '0' || c > '9' {
					break
				}
				x = 10*x + int(c-'0')
			}
			n = append(n, x)
		}
		return n
	}
	a, b := parse(v), parse(w)
	for len(a) < len(b) {
		a = append(a, 0)
	}
	for len(b) < len(a) {
		b = append(b, 0)
	}
	return slices.Compare(a, b) >= 0
}

// Report writes items to w, one line each with its fix under it, and
// returns the number of problems.
func Report(w io.Writer, items []Item) int {
	problems := 0
	for _, it := range items {
		mark := "ok  "
		if !it.OK {
			mark = "FAIL"
			problems++
		}
		fmt.Fprintf(w, "%s %-13s %s\n", mark, it.Name, it.Status)
		if !it.OK && it.Fix != "" {
			fmt.Fprintf(w, "     %-13s fix: %s\n", "", it.Fix)
		}
	}
	return problems
}

package nmodl

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Result is what became of one .mod file.
type Result struct {
	Path      string // the .mod file
	Mechanism string // its SUFFIX or POINT_PROCESS name, if it parsed
	GoFile    string // the Go file's base name, if translated
	Source    []byte // the Go source, if translated
	// LaneFile and Lanes are the file of the instance loops in vector
	// lanes (built with GOEXPERIMENT=simd on amd64), if any loop has them.
	LaneFile string
	Lanes    []byte
	// Err is the syntax or name error, or the *Unsupported construct
	// that stopped the translation.
	Err error
}

// Refused reports whether the file parsed but has a construct the
// translator does not translate (as opposed to an error in the file).
func (r Result) Refused() bool {
	var u *Unsupported
	return errors.As(r.Err, &u)
}

// Options are the choices of TranslateFileWith and PackageWith.
type Options struct {
	// SkipRefused: refused files are listed in the status table instead
	// of failing the package (Package's skipRefused).
	SkipRefused bool
	// Root: the paths of the status table are relative to it.
	Root string
	// Check, when not nil, is run on each parsed file before it is
	// translated; an error it returns is the file's error, like a syntax
	// error (golgi nmodl -check-units passes the unit check of package
	// sim/nmodl/units).
	Check func(*File) error
}

// TranslateFile reads, parses, checks and translates one .mod file into
// package pkg. A file holding only a relative path to another .mod file
// (a symbolic link stored as text by git) is followed.
func TranslateFile(path, pkg string) Result { return TranslateFileWith(path, pkg, Options{}) }

// TranslateFileWith is TranslateFile with options (opt.Check).
func TranslateFileWith(path, pkg string, opt Options) Result {
	r := Result{Path: path}
	src, err := ReadMod(path)
	if err != nil {
		r.Err = err
		return r
	}
	f, err := Parse(path, src)
	if err != nil {
		r.Err = err
		return r
	}
	r.Mechanism = f.Neuron.Name
	if opt.Check != nil {
		if err := opt.Check(f); err != nil {
			r.Err = err
			return r
		}
	}
	out, lanes, err := generate(f, pkg)
	if err != nil {
		r.Err = err
		return r
	}
	r.Source = out
	r.GoFile = strings.ToLower(GoName(f.Neuron.Name)) + "_mod.go"
	if lanes != nil {
		r.Lanes = lanes
		r.LaneFile = strings.ToLower(GoName(f.Neuron.Name)) + "_mod_simd.go"
	}
	return r
}

// ReadMod reads a .mod file; a file that holds only the relative path of
// another .mod file (a symbolic link stored as text) is followed.
func ReadMod(path string) ([]byte, error) {
	for range 8 {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		s := strings.TrimSpace(string(src))
		if !strings.HasSuffix(s, ".mod") || strings.ContainsAny(s, "\n{ \t") {
			return src, nil
		}
		path = filepath.Join(filepath.Dir(path), s)
	}
	return nil, fmt.Errorf("%s: too many links", path)
}

// ModFiles expands paths: a directory stands for the .mod files in it
// (not its subdirectories), sorted by name.
func ModFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		m, err := filepath.Glob(filepath.Join(p, "*.mod"))
		if err != nil {
			return nil, err
		}
		sort.Strings(m)
		out = append(out, m...)
	}
	return out, nil
}

// StatusTable returns a Markdown table of results: each file, its
// mechanism and whether it was translated or why not.
func StatusTable(results []Result, base string) string {
	var b strings.Builder
	b.WriteString("| file | mechanism | status |\n|---|---|---|\n")
	for _, r := range results {
		name := relTo(base, r.Path)
		status := "translated: " + r.GoFile
		switch {
		case r.Refused():
			var u *Unsupported
			errors.As(r.Err, &u)
			status = fmt.Sprintf("refused: %s at line %d (%s)", u.Construct, u.Pos.Line, u.Why)
		case r.Err != nil:
			status = "error: " + strings.ReplaceAll(r.Err.Error(), "|", "\\|")
		}
		status = strings.ReplaceAll(status, relTo("", r.Path)+":", relTo(base, r.Path)+":")
		fmt.Fprintf(&b, "| %s | %s | %s |\n", name, r.Mechanism, status)
	}
	return b.String()
}

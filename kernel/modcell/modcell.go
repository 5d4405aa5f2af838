// Package modcell translates NEURON .mod files in one notebook cell for
// the cells that follow (GoNB compiles each cell as a program from its
// temporary directory). It is apart from package kernel so that a
// notebook that does not translate mechanisms does not compile the
// translator.
package modcell

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/internal/atomicfile"
	"github.com/golgi-sim/golgi/kernel"
	"github.com/golgi-sim/golgi/sim/nmodl"
)

// DirEnv is the environment variable naming the directory where Translate
// writes the translated mechanisms: GoNB's GONB_TMP_DIR, the directory the
// notebook's program is compiled in.
const DirEnv = "GONB_TMP_DIR"

// Translate translates .mod files (directories stand for their .mod files)
// for the cells that follow. GoNB compiles every cell as a program from
// the Go files of its temporary directory ($GONB_TMP_DIR), so Translate writes
// each mechanism there as a Go file of package main: from the next cell
// on, the mechanisms are registered under their NEURON names (mech.New,
// morph.Insert{Mech: "kdr"}, morph.PointProcess). It returns the table of
// what became of each file, for Show. A file that cannot be translated is
// an error naming its file, line and construct, and then nothing is
// written. Translating a file again replaces its mechanism.
//
// Outside a notebook there is no such directory: translate with
// `golgi nmodl FILE.mod -o DIR -package NAME` and import the package.
// The translated files declare Go types named after the mechanisms (Kdr
// for kdr): a cell must not declare the same names.
func Translate(paths ...string) (kernel.Table, error) {
	dir := os.Getenv(DirEnv)
	if dir == "" {
		return kernel.Table{}, errors.New("modcell: Translate writes into GoNB's temporary directory ($GONB_TMP_DIR), which is set only in a notebook; elsewhere run `golgi nmodl FILE.mod -o DIR -package NAME` and import the package")
	}
	files, results, err := nmodl.Package(paths, "main", "", false)
	if err != nil {
		return kernel.Table{}, fmt.Errorf("modcell: %w", err)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		if strings.HasSuffix(name, ".go") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		if err := atomicfile.Write(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return kernel.Table{}, fmt.Errorf("modcell: %w", err)
		}
	}
	t := kernel.Table{Caption: "NMODL: the mechanisms are usable from the next cell", Header: []string{"file", "mechanism", "Go file"}}
	for _, r := range results {
		t.Rows = append(t.Rows, []string{r.Path, r.Mechanism, r.GoFile})
	}
	return t, nil
}

package units

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/nmodl"
)

// refDisagreements are the reference files where Check's verdict differs
// from modlunit's, with the reason. Keep it short.
var refDisagreements = map[string]string{}

// readRef reads testdata/modlunit_ref.txt: file -> "ok" or "line N: ...".
func readRef(t *testing.T) map[string]string {
	f, err := os.Open("testdata/modlunit_ref.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		path, verdict, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("testdata/modlunit_ref.txt: bad line %q", sc.Text())
		}
		out[path] = verdict
	}
	return out
}

// verdict is Check's verdict in the reference file's terms: "ok" or
// "line N" of the first error.
func verdict(t *testing.T, path string, db *DB) (string, error) {
	src, err := nmodl.ReadMod(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := nmodl.Parse(filepath.Base(path), src)
	if err != nil {
		return "", err
	}
	err = Check(f, db)
	if err == nil {
		return "ok", nil
	}
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("%s: %v", path, err)
	}
	return "line " + strconv.Itoa(es[0].Pos.Line), err
}

// TestAgreesWithModlunit checks every .mod file of the reference sets and
// compares the verdict (and the line of the first error) with modlunit's,
// recorded by scripts/nmodl-ref/modlunit_ref.py, with the built-in unit
// table and, where NEURON is installed, with nrnunits.lib.
func TestAgreesWithModlunit(t *testing.T) {
	dir := refdata.Require(t, "sonata/mod")
	ref := filepath.Dir(filepath.Dir(dir))
	want := readRef(t)
	dbs := map[string]*DB{"built-in": Builtin()}
	if _, err := os.Stat(SystemLib); err == nil {
		lib, err := Load(SystemLib)
		if err != nil {
			t.Fatal(err)
		}
		dbs["nrnunits.lib"] = lib
	}
	for dbName, db := range dbs {
		agree, fail := 0, 0
		for path, w := range want {
			wantV := w
			if i := strings.Index(w, ":"); i >= 0 && strings.HasPrefix(w, "line ") {
				wantV = w[:i]
			}
			got, err := verdict(t, filepath.Join(ref, path), db)
			if got == wantV {
				agree++
				if _, listed := refDisagreements[path]; listed {
					t.Errorf("%s: %s: agrees with modlunit now; take it off refDisagreements", dbName, path)
				}
				continue
			}
			if _, listed := refDisagreements[path]; listed {
				continue
			}
			fail++
			t.Errorf("%s: %s: Check says %s (%v), modlunit %s", dbName, path, got, err, w)
		}
		if strings.Contains(dbName, "built") {
			t.Logf("%s: %d of %d files agree with modlunit (%d listed disagreements)", dbName, agree, len(want), len(refDisagreements))
		}
	}
}

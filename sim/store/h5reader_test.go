package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

func TestH5Reader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.h5")
	err := WriteFile(path, []Dataset{
		{Name: "x", Data: []float64{1, 2, 3, 4}},
		{Name: "y", Data: []float64{5}},
	}, Attrs{"title": "t"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := OpenH5Reader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, c := range []struct {
		obj  string
		want H5Kind
	}{{"x", H5Dataset}, {"nope/x", H5Absent}, {"x/y", H5Absent}, {"", H5Group}} {
		if k, err := r.Kind(c.obj); err != nil || k != c.want {
			t.Errorf("Kind(%q) = %v, %v, want %v", c.obj, k, err, c.want)
		}
	}
	if m, err := r.Members("/"); err != nil || !reflect.DeepEqual(m, []string{"x", "y"}) {
		t.Errorf("Members = %v, %v", m, err)
	}
	if v, err := r.ReadFloat64("x", 1, 2); err != nil || !reflect.DeepEqual(v, []float64{2, 3}) {
		t.Errorf("ReadFloat64 = %v, %v", v, err)
	}
	if _, err := r.ReadInt64("x", 0, -1); err == nil || !strings.Contains(err.Error(), "want integers") {
		t.Errorf("ReadInt64 of floats: %v", err)
	}
	if _, err := r.ReadFloat64("x", 3, 2); err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("rows outside: %v", err)
	}
	if _, err := r.ReadFloat64("zz", 0, -1); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing dataset: %v", err)
	}
	if s, err := r.Shape("x"); err != nil || s.Class != H5Float || !reflect.DeepEqual(s.Dims, []int{4}) {
		t.Errorf("Shape = %+v, %v", s, err)
	}
	if a, err := r.Attrs(""); err != nil || a["title"] != "t" {
		t.Errorf("Attrs = %v, %v", a, err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReadFloat64("x", 0, -1); err == nil {
		t.Error("read after Close succeeded")
	}
	// A SONATA file: a two-dimensional index, strings, attributes.
	if p, ok := refdata.Lookup(t, "sonata/circuits/usecase3/local_edges_A.h5"); ok {
		e, err := OpenH5Reader(p)
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		const pop = "edges/NodeA__NodeA__chemical/"
		if v, err := e.ReadUint64(pop+"indices/target_to_source/node_id_to_ranges", 1, 2); err != nil || !reflect.DeepEqual(v, []uint64{1, 2, 2, 2}) {
			t.Errorf("node_id_to_ranges rows 1, 2 = %v, %v", v, err)
		}
		if a, err := e.Attrs(pop + "source_node_id"); err != nil || a["node_population"] != "NodeA" {
			t.Errorf("node_population = %v, %v", a, err)
		}
	}
	if p, ok := refdata.Lookup(t, "sonata/circuits/usecase3/nodes_A.h5"); ok {
		n, err := OpenH5Reader(p)
		if err != nil {
			t.Fatal(err)
		}
		defer n.Close()
		if v, err := n.ReadStrings("nodes/NodeA/0/mtype", 0, -1); err != nil || len(v) != 3 || v[0] != "L4_PC" {
			t.Errorf("mtype = %q, %v", v, err)
		}
	}
	garbage := filepath.Join(t.TempDir(), "g.h5")
	os.WriteFile(garbage, []byte("not hdf5 at all"), 0o644)
	if _, err := OpenH5Reader(garbage); err == nil {
		t.Error("garbage opened")
	}
}

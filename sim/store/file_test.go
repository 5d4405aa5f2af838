package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "traj_1.hdf5")
	vel := []float64{0, 1.5, -2.25, 10}
	pos := []float64{0, 0.1, 0.2}
	root := Attrs{"allothetic_dur": 8000.0, "traj_dur": 30.0, "traj_params": []float64{0.08, 0.08, 0.7, 65}}
	err := WriteFile(path, []Dataset{
		{Name: "vel_rinb", Data: vel},
		{Name: "pos_rinb", Data: pos, Attrs: Attrs{"unit": "rad"}},
	}, root, &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := ReadFileFloat64(path, "vel_rinb")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(vel) {
		t.Fatalf("vel_rinb: %v, want %v", got, vel)
	}
	for i := range vel {
		if got[i] != vel[i] {
			t.Fatalf("vel_rinb: %v, want %v", got, vel)
		}
	}
	_, pa, err := ReadFileFloat64(path, "/pos_rinb")
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := pa.String("unit"); u != "rad" {
		t.Errorf("pos_rinb unit %q, want rad", u)
	}
	ra, err := ReadFileAttrs(path, "/")
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := ra.Float64("allothetic_dur"); !ok || d != 8000 {
		t.Errorf("allothetic_dur = %v, %v; want 8000", d, ok)
	}
	if p, ok := ra.Float64s("traj_params"); !ok || len(p) != 4 || p[3] != 65 {
		t.Errorf("traj_params = %v, %v", p, ok)
	}
	da, err := ReadFileAttrs(path, "pos_rinb")
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := da.String("unit"); u != "rad" {
		t.Errorf("attrs of pos_rinb: unit %q, want rad", u)
	}

	for _, c := range []struct {
		object, want string
	}{
		{"t_rinb", "no dataset \"t_rinb\""},
		{"nogroup/x", "no group"},
	} {
		_, _, err := ReadFileFloat64(path, c.object)
		if err == nil || !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("ReadFileFloat64(%q): %v, want ErrNotFound naming %s and %q", c.object, err, path, c.want)
		}
	}
	if _, err := ReadFileAttrs(path, "missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ReadFileAttrs(missing): %v, want ErrNotFound", err)
	}
	if _, _, err := ReadFileFloat64(filepath.Join(dir, "none.hdf5"), "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing file: %v, want ErrNotFound", err)
	}
	bad := filepath.Join(dir, "bad.hdf5")
	if err := os.WriteFile(bad, []byte("not hdf5 at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadFileFloat64(bad, "x"); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("foreign file: %v, want an error naming it", err)
	}
	if err := WriteFile(path, []Dataset{{Name: "a"}, {Name: "a"}}, nil, nil); err == nil {
		t.Error("WriteFile with a repeated dataset name: no error")
	}
	// The failed write left the first file as it was.
	if got, _, err := ReadFileFloat64(path, "vel_rinb"); err != nil || len(got) != 4 {
		t.Errorf("after a failed write: %v, %v", got, err)
	}
}

// TestWriteFileGroups writes datasets into groups one level below the
// root (names with spaces, as MiV's "Local Field Potential <label>"),
// float32 and float64, reads them back, and refuses a name that is both
// a root dataset and a group, and a dataset given twice in a group.
func TestWriteFileGroups(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "results.h5")
	tv := []float64{0, 0.1, 0.2}
	vv := []float64{1.25, -0.1, 1e-7}
	err := WriteFile(path, []Dataset{
		{Group: "Local Field Potential E 0", Name: "t", Data: tv, Float32: true},
		{Group: "Local Field Potential E 0", Name: "v", Data: vv},
		{Name: "top", Data: []float64{3}},
	}, nil, &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	gt, _, err := ReadFileFloat64(path, "/Local Field Potential E 0/t")
	if err != nil {
		t.Fatal(err)
	}
	gv, _, err := ReadFileFloat64(path, "Local Field Potential E 0/v")
	if err != nil {
		t.Fatal(err)
	}
	for i := range tv {
		if gt[i] != float64(float32(tv[i])) || gv[i] != vv[i] {
			t.Fatalf("t %v v %v, want %v (float32) and %v", gt, gv, tv, vv)
		}
	}
	for _, c := range []struct {
		ds   []Dataset
		want string
	}{
		{[]Dataset{{Name: "x"}, {Group: "x", Name: "t"}}, "both a dataset and a group"},
		{[]Dataset{{Group: "g", Name: "t"}, {Group: "g", Name: "t"}}, `"g/t" given twice`},
		{[]Dataset{{Group: "a/b", Name: "t"}}, "path separator"},
	} {
		err := WriteFile(filepath.Join(dir, "bad.h5"), c.ds, nil, &Options{NoSync: true})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.ds, err, c.want)
		}
	}
}

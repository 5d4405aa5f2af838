package store

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sampleFile writes a small store file holding every data_id kind in
// group 0 and returns its bytes; the data_id is "x" in sim_id "s".
func sampleFiles(t testing.TB) map[string][]byte {
	t.Helper()
	s, err := Open(t.TempDir(), "s", nil)
	if err != nil {
		t.Fatal(err)
	}
	run := testRun(1).Attrs()
	m := Matrix32{Rows: 20, Cols: 300, Data: make([]float32, 6000)}
	for i := range m.Data {
		m.Data[i] = float32(i%97) * 0.25
	}
	out := map[string][]byte{}
	add := func(kind string, err error) {
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(s.Path("x"))
		if err != nil {
			t.Fatal(err)
		}
		out[kind] = b
		os.Remove(s.Path("x"))
	}
	add("matrix", s.WriteMatrix32(0, "x", m, Attrs{AttrUnit: "mV", AttrGIDs: []uint64{1, 2}}, run))
	sp := Spikes{GIDs: make([]uint64, 3000), TimesMs: make([]float64, 3000)}
	for i := range sp.GIDs {
		sp.GIDs[i], sp.TimesMs[i] = uint64(i%50), float64(i)*0.1
	}
	add("spikes", s.WriteSpikes(0, "x", sp, nil, run))
	add("padded", s.WriteSpikesPadded(0, "x", [][]float64{{1, 2}, {3}}, nil, run))
	add("float64", s.WriteFloat64(0, "x", []float64{1, 2, 3}, nil, run))
	son := filepath.Join(t.TempDir(), "sonata.h5")
	if err := WriteSONATASpikes(son, []SONATAPopulation{{Name: "E", NodeIDs: []uint64{1, 2}, TimestampsMs: []float64{3, 4}}}, SortByTime); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(son)
	if err != nil {
		t.Fatal(err)
	}
	out["sonata"] = b
	return out
}

// readAll calls every reader on the file x_s.h5 in dir and returns their
// errors; with isolate, in reader children.
func readAll(dir string, isolate bool) []error {
	s := &Store{simID: "s", dir: dir, ext: ExtH5, isolate: isolate}
	var errs []error
	_, _, err := s.ReadMatrix32(0, "x")
	errs = append(errs, err)
	_, _, err = s.ReadSpikes(0, "x")
	errs = append(errs, err)
	_, _, err = s.ReadSpikesPadded(0, "x")
	errs = append(errs, err)
	_, _, err = s.ReadFloat64(0, "x")
	errs = append(errs, err)
	_, _, err = s.ReadAttrs(0, "x")
	errs = append(errs, err)
	_, err = s.SimNums("x")
	errs = append(errs, err)
	_, err = s.Complete(0, "x")
	errs = append(errs, err)
	si, err := s.Inspect()
	if err == nil && len(si.Files) == 1 {
		err = si.Files[0].Err
	}
	errs = append(errs, err)
	_, err = ReadSONATASpikes(s.Path("x"), &Options{Isolate: isolate})
	errs = append(errs, err)
	return errs
}

// checkErrs checks that every error names the file.
func checkErrs(t *testing.T, what string, path string, errs []error) (failed int) {
	t.Helper()
	for i, err := range errs {
		if err == nil {
			continue
		}
		failed++
		if !strings.Contains(err.Error(), path) {
			t.Errorf("%s: reader %d: error %q does not name the file", what, i, err)
		}
	}
	return failed
}

func TestCorruptFiles(t *testing.T) {
	files := sampleFiles(t)
	dir := filepath.Join(t.TempDir(), "s")
	os.Mkdir(dir, 0o755)
	path := filepath.Join(dir, "x_s.h5")
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 5000)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	cases := map[string][]byte{
		"empty":     {},
		"random":    random,
		"text":      []byte("population,gid,t_ms\nE,1,2.5\n"),
		"signature": append([]byte("\x89HDF\r\n\x1a\n"), make([]byte, 100)...),
	}
	for kind, b := range files {
		for _, n := range []int{1, 8, 64, 200, 512, 800, 1500, 2048, len(b) / 2, len(b) - 100, len(b) - 1} {
			if n > 0 && n < len(b) {
				cases[kind+"/truncated-"+strconv.Itoa(n)] = b[:n]
			}
		}
	}
	for name, b := range cases {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		errs := readAll(dir, false)
		if failed := checkErrs(t, name, path, errs); failed != len(errs) {
			t.Errorf("%s: %d of %d readers succeeded on a broken file", name, len(errs)-failed, len(errs))
		}
	}
	// One message in full, for the record.
	os.WriteFile(path, files["spikes"][:len(files["spikes"])/2], 0o644)
	_, _, err := (&Store{simID: "s", dir: dir, ext: ExtH5}).ReadSpikes(0, "x")
	t.Logf("truncated file: %v", err)
	os.WriteFile(path, random, 0o644)
	_, _, err = (&Store{simID: "s", dir: dir, ext: ExtH5}).ReadSpikes(0, "x")
	t.Logf("random bytes: %v", err)
}

// TestFlippedBytes damages valid files byte by byte. libhdf5 itself may
// crash on such files (h5dump does), so they are read with Isolate: every
// reader must return (data or an error naming the file), and this process
// must survive.
func TestFlippedBytes(t *testing.T) {
	files := sampleFiles(t)
	dir := filepath.Join(t.TempDir(), "s")
	os.Mkdir(dir, 0o755)
	path := filepath.Join(dir, "x_s.h5")
	seed := uint64(3)
	if s := os.Getenv("GOLGI_FLIP_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	rng := rand.New(rand.NewPCG(seed, 4))
	n := 4
	if testing.Short() {
		n = 1
	}
	crashed, failed := 0, 0
	for _, kind := range slices.Sorted(maps.Keys(files)) {
		b := files[kind]
		for i := 0; i < n; i++ {
			c := bytes.Clone(b)
			for k := 0; k < 1+rng.IntN(4); k++ {
				// Most of the structure is in the first few KiB.
				at := rng.IntN(min(len(c), 4096))
				if rng.IntN(4) == 0 {
					at = rng.IntN(len(c))
				}
				c[at] ^= byte(1 + rng.IntN(255))
			}
			if err := os.WriteFile(path, c, 0o644); err != nil {
				t.Fatal(err)
			}
			errs := readAll(dir, true)
			failed += checkErrs(t, kind, path, errs)
			for _, err := range errs {
				if err != nil && strings.Contains(err.Error(), "crashes libhdf5") {
					crashed++
				}
			}
		}
	}
	t.Logf("%d damaged files, %d reads: %d errors, of which %d crashed a reader process", n*len(files), 9*n*len(files), failed, crashed)
}

// FuzzOpenCorrupt feeds arbitrary bytes as a store file to every reader,
// isolated (Options.Isolate): none may crash the process, and every error
// must name the file.
func FuzzOpenCorrupt(f *testing.F) {
	for _, b := range sampleFiles(f) {
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte("\x89HDF\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := filepath.Join(t.TempDir(), "s")
		os.Mkdir(dir, 0o755)
		path := filepath.Join(dir, "x_s.h5")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		checkErrs(t, "fuzz", path, readAll(dir, true))
	})
}

// Damaged files: each is a file of this package with a few bytes flipped.
const (
	// damaged_chunk_dims.h5: WriteSpikesPadded's 2x2 dataset whose
	// chunk shape reads {2, 36866}. libhdf5 1.10.8 reads it out of
	// bounds; the readers reject the chunk shape first.
	damagedChunkFile = "testdata/damaged_chunk_dims.h5"
	// damaged_vlen_attr.h5: WriteSpikes's file whose group's
	// variable-length string attributes are damaged. libhdf5 1.10.8 (and
	// h5dump) die of SIGSEGV reading them.
	damagedVlenFile = "testdata/damaged_vlen_attr.h5"
)

// copyDamaged copies a damaged file to x_s.h5 in a new directory s.
func copyDamaged(t *testing.T, name string) (dir, path string, b []byte) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	dir = filepath.Join(t.TempDir(), "s")
	os.Mkdir(dir, 0o755)
	path = filepath.Join(dir, "x_s.h5")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, path, b
}

func TestDamagedChunkShape(t *testing.T) {
	dir, path, _ := copyDamaged(t, damagedChunkFile)
	for i, err := range readAll(dir, false)[:4] {
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "chunk shape") {
			t.Errorf("reader %d: %v", i, err)
		}
	}
}

// TestIsolateDamagedFile reads a file that crashes libhdf5 with Isolate and
// Check: the errors name the file and say why; this process lives on.
func TestIsolateDamagedFile(t *testing.T) {
	dir, path, b := copyDamaged(t, damagedVlenFile)
	errs := readAll(dir, true)
	// The damage is in the group's attributes: ReadAttrs, Complete and
	// Inspect read them.
	for _, i := range []int{4, 6, 7} {
		err := errs[i]
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "corrupt file: reading it crashes libhdf5") {
			t.Errorf("reader %d with Isolate: %v", i, err)
		}
	}
	if errs[1] != nil {
		t.Errorf("ReadSpikes with Isolate: %v", errs[1])
	}
	t.Log(errs[4])
	if err := Check(path); err == nil || !strings.Contains(err.Error(), "crashes libhdf5") {
		t.Errorf("Check: %v", err)
	}
	// A Store with Isolate refuses to write into it.
	s := &Store{simID: "s", dir: dir, ext: ExtH5, isolate: true}
	err := s.WriteFloat64(1, "x", []float64{1}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "crashes libhdf5") || strings.Count(err.Error(), path) != 1 {
		t.Errorf("writing into it with Isolate: %v", err)
	}
	if b2, _ := os.ReadFile(path); !bytes.Equal(b, b2) {
		t.Error("the damaged file was modified")
	}
}

// TestLibhdf5CrashesOnDamagedFile checks why Isolate exists and what
// TestIsolateDamagedFile relies on: reading damaged_vlen_attr.h5 in process
// (without Isolate) kills the process with a fault inside libhdf5. The
// read runs in a child (this test binary, re-executed), which must die of
// SIGSEGV or SIGBUS during a cgo call after starting the read. Should a
// libhdf5 version no longer crash on the file, this test fails: the file
// then no longer exercises the guard and needs replacing.
func TestLibhdf5CrashesOnDamagedFile(t *testing.T) {
	const started = "reading the damaged file in process"
	if p := os.Getenv("GOLGI_STORE_READ_DAMAGED"); p != "" {
		s := &Store{simID: "s", dir: p, ext: ExtH5}
		fmt.Fprintln(os.Stderr, started)
		_, _, err := s.ReadAttrs(0, "x")
		fmt.Fprintf(os.Stderr, "ReadAttrs returned: %v\n", err)
		return
	}
	dir, _, _ := copyDamaged(t, damagedVlenFile)
	cmd := exec.Command(os.Args[0], "-test.run=^TestLibhdf5CrashesOnDamagedFile$", "-test.count=1")
	// GOTRACEBACK fixed so that the runtime's report has its usual form.
	cmd.Env = append(os.Environ(), "GOLGI_STORE_READ_DAMAGED="+dir, "GOTRACEBACK=single")
	b, err := cmd.CombinedOutput()
	out := string(b)
	if !strings.Contains(out, started) {
		t.Fatalf("the child did not reach the read (%v):\n%s", err, out)
	}
	if err == nil {
		t.Fatalf("reading %s in process no longer crashes (libhdf5 fixed?): the file no longer exercises Isolate; child output:\n%s", damagedVlenFile, out)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("running the child: %v", err)
	}
	fault := strings.Contains(out, "SIGSEGV") || strings.Contains(out, "SIGBUS")
	if !fault || !strings.Contains(out, "signal arrived during cgo execution") || strings.Contains(out, "ReadAttrs returned") {
		t.Fatalf("the child failed (%v), but not of a fault in libhdf5:\n%s", err, out)
	}
	first, _, _ := strings.Cut(out[strings.Index(out, started)+len(started)+1:], "\n")
	t.Logf("in process: %v: %s", err, first)
}

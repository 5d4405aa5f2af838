package store

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSONATAReportWriter writes a two-population report frame by frame
// with a small buffer (several blocks), reads it back, and checks that an
// unfinished or aborted report leaves nothing under the final name.
func TestSONATAReportWriter(t *testing.T) {
	defer func(b int) { reportBufferBytes = b }(reportBufferBytes)
	reportBufferBytes = 40 // 3 frames of A (3 elements) per block
	dir := t.TempDir()
	path := filepath.Join(dir, "r.h5")
	pops := []SONATAReport{
		{Population: "A", NodeIDs: []uint64{0, 4}, IndexPointers: []uint64{0, 2, 3}, ElementIDs: []uint32{0, 7, 0},
			StartMs: 0, EndMs: 1, DtMs: 0.1, Units: "mV"},
		{Population: "B", NodeIDs: []uint64{2}, IndexPointers: []uint64{0, 1}, ElementIDs: []uint32{0},
			StartMs: 0, EndMs: 1, DtMs: 0.1, Units: "mV"},
	}
	const frames = 10
	w, err := CreateSONATAReport(path, pops, frames)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the final name exists before Close: %v", err)
	}
	for k := range frames {
		if err := w.Append("A", []float32{float32(k), float32(10 * k), float32(-k)}); err != nil {
			t.Fatal(err)
		}
		if err := w.Append("B", []float32{float32(k) / 2}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Append("A", []float32{1, 2, 3}); err == nil {
		t.Error("an eleventh frame: no error")
	}
	if err := w.Append("C", []float32{1}); err == nil {
		t.Error("an unknown population: no error")
	}
	if err := w.Close(); err == nil {
		t.Fatal("Close after a failed Append: no error")
	}

	// Again, correctly.
	w, err = CreateSONATAReport(path, pops, frames)
	if err != nil {
		t.Fatal(err)
	}
	for k := range frames {
		if err := w.Append("A", []float32{float32(k), float32(10 * k), float32(-k)}); err != nil {
			t.Fatal(err)
		}
		if err := w.Append("B", []float32{float32(k) / 2}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := ReadSONATAReport(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(got[0].Data) != frames || got[0].Units != "mV" || got[1].NodeIDs[0] != 2 || got[0].ElementIDs[1] != 7 {
		t.Fatalf("read back %+v", got)
	}
	for k := range frames {
		a, b := got[0].Data[k], got[1].Data[k]
		if a[0] != float32(k) || a[1] != float32(10*k) || a[2] != float32(-k) || b[0] != float32(k)/2 {
			t.Errorf("frame %d: A %v, B %v", k, a, b)
		}
	}

	// Too few frames: an error, and the old file stays.
	w, err = CreateSONATAReport(path, pops, frames)
	if err != nil {
		t.Fatal(err)
	}
	w.Append("A", []float32{1, 2, 3})
	if err := w.Close(); err == nil {
		t.Error("Close with 1 frame of 10: no error")
	}
	if again, err := ReadSONATAReport(path); err != nil || len(again[0].Data) != frames || again[0].Data[3][1] != 30 {
		t.Errorf("the earlier report was not kept: %v", err)
	}
	w, err = CreateSONATAReport(filepath.Join(dir, "aborted.h5"), pops, frames)
	if err != nil {
		t.Fatal(err)
	}
	w.Abort()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left after the failures and the abort: %v", entries)
	}
}

// checkReportWithH5py opens a SONATA report with h5py and checks the
// layout libsonata's ElementReportReader expects (SPEC 5.2).
const checkReportWithH5py = `
import sys
import h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    assert sorted(f["report"].keys()) == ["A", "B"], list(f["report"].keys())
    for pop, n, nodes in (("A", 3, [0, 4]), ("B", 1, [2])):
        g = f["report"][pop]
        d = g["data"]
        assert d.dtype == np.dtype("<f4"), d.dtype
        assert d.shape == (10, n), d.shape
        assert d.attrs["units"] in ("mV", b"mV"), d.attrs["units"]
        m = g["mapping"]
        assert m["node_ids"].dtype == np.dtype("<u8") and list(m["node_ids"][...]) == nodes
        ip = m["index_pointers"][...]
        assert m["index_pointers"].dtype == np.dtype("<u8") and len(ip) == len(nodes) + 1 and ip[-1] == n
        assert m["element_ids"].dtype == np.dtype("<u4") and len(m["element_ids"]) == n
        t = m["time"]
        assert t.dtype == np.dtype("<f8") and t.shape == (3,), (t.dtype, t.shape)
        assert list(t[...]) == [0.0, 1.0, 0.1], list(t[...])
        assert t.attrs["units"] in ("ms", b"ms")
    a = f["report/A/data"][...]
    assert a[7, 1] == 70 and a[9, 2] == -9, a
print("ok")
`

// TestSONATAReportH5py writes a report with the streaming writer and
// reads it with h5py in the layout libsonata expects.
func TestSONATAReportH5py(t *testing.T) {
	py := python3(t)
	path := filepath.Join(t.TempDir(), "r.h5")
	pops := []SONATAReport{
		{Population: "A", NodeIDs: []uint64{0, 4}, IndexPointers: []uint64{0, 2, 3}, ElementIDs: []uint32{0, 7, 0}, StartMs: 0, EndMs: 1, DtMs: 0.1, Units: "mV"},
		{Population: "B", NodeIDs: []uint64{2}, IndexPointers: []uint64{0, 1}, ElementIDs: []uint32{0}, StartMs: 0, EndMs: 1, DtMs: 0.1, Units: "mV"},
	}
	w, err := CreateSONATAReport(path, pops, 10)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 10 {
		w.Append("A", []float32{float32(k), float32(10 * k), float32(-k)})
		w.Append("B", []float32{float32(k)})
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(t.TempDir(), "check.py")
	if err := os.WriteFile(script, []byte(checkReportWithH5py), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(py, script, path).CombinedOutput(); err != nil {
		t.Fatalf("h5py: %v\n%s", err, out)
	}
}

package miv

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/store"
)

// gapH5py decodes a gap-junction file with h5py by SPEC 2.8's pointer
// arithmetic (Destination Block Index/Pointer, Destination Pointer,
// Source Index relative to the population starts) and prints every
// junction with its Location and Coupling strength attributes and their
// dtypes.
const gapH5py = `
import json, sys
import h5py

f = h5py.File(sys.argv[1], "r")
labels = h5py.check_enum_dtype(f["H5Types/Population labels"].dtype)
ids = dict((v, k) for k, v in labels.items())
start = dict((ids[int(r["Population"])], int(r["Start"])) for r in f["H5Types/Populations"][:])
valid = [[ids[int(r["Source"])], ids[int(r["Destination"])]] for r in f["H5Types/Valid population projections"][:]]
out = {"valid": valid, "junctions": [], "dtypes": {}}
for dst in f["Projections"]:
    for src in f["Projections/" + dst]:
        P = f["Projections/%s/%s" % (dst, src)]
        E = P["Edges"]
        assert sorted(P.keys()) == ["Coupling strength", "Edges", "Location"], list(P.keys())
        bi, bp, dp, si = E["Destination Block Index"][:], E["Destination Block Pointer"][:], E["Destination Pointer"][:], E["Source Index"][:]
        L, C = P["Location"], P["Coupling strength"]
        for ns in (L, C):
            for a in ns:
                out["dtypes"][ns.name.split("/")[-1] + "/" + a] = ns[a].dtype.str
        for b in range(len(bi)):
            for ii, j in enumerate(range(bp[b], bp[b+1])):
                if j < len(dp) - 1:
                    for e in range(dp[j], dp[j+1]):
                        out["junctions"].append({"src_pop": src, "dst_pop": dst,
                            "src": start[src] + int(si[e]), "dst": start[dst] + int(bi[b]) + ii,
                            "src_sec": int(L["Source section"][e]), "src_pos": float(L["Source position"][e]),
                            "dst_sec": int(L["Destination section"][e]), "dst_pos": float(L["Destination position"][e]),
                            "src_c": float(C["Source"][e]), "dst_c": float(C["Destination"][e])})
json.dump(out, sys.stdout)
`

// TestGapJunctionsFile writes 6-gapjunctions' junctions with
// Construction.Write beside cells.h5 and connections.h5 and checks:
// ReadConstruction gives them back exactly (positions and couplings are
// single precision in memory too); ReadGapJunctions of the file equals
// them; h5py decodes the file by SPEC 2.9's layout (a projection
// /Projections/PYR/PYR with Location {Source/Destination section u32,
// position f32} and Coupling strength {Source, Destination f32}, valid
// projections the gap-junction pairs) into the same junctions.
func TestGapJunctionsFile(t *testing.T) {
	cfg, somata, trees := loadGap(t)
	sets, err := cfg.GapJunctions(somata, trees)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, GapJunctionsFile)
	if err := cfg.WriteGapJunctions(path, sets, &store.Options{NoSync: true}); err != nil {
		t.Fatal(err)
	}
	got, err := ReadGapJunctions(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sets) {
		t.Errorf("ReadGapJunctions differs from the junctions written")
	}
	if got, err := cfg.readGapJunctions(filepath.Join(dir, "connections.h5")); err != nil || !reflect.DeepEqual(got, sets) {
		t.Errorf("readGapJunctions: %v, or the junctions differ", err)
	}
	// Configured gap junctions of which none was drawn: the file is
	// written (Construction.Write) and read back as none.
	empty := t.TempDir()
	if err := cfg.WriteGapJunctions(filepath.Join(empty, GapJunctionsFile), nil, &store.Options{NoSync: true}); err != nil {
		t.Fatal(err)
	}
	if got, err := cfg.readGapJunctions(filepath.Join(empty, "connections.h5")); err != nil || len(got) != 0 {
		t.Errorf("an empty gap-junction graph: %v, %d sets; want none and no error", err, len(got))
	}
	if got, err := cfg.readGapJunctions(filepath.Join(t.TempDir(), "connections.h5")); err == nil || !strings.Contains(err.Error(), GapJunctionsFile+" nor") {
		t.Errorf("readGapJunctions without the file: %v, %d sets; want an error naming %s", err, len(got), GapJunctionsFile)
	}
	// Under the configuration's Gap Junction Data name (MiV's pipeline).
	other := t.TempDir()
	if err := os.Rename(path, filepath.Join(other, cfg.GapJunctionData)); err != nil {
		t.Fatal(err)
	}
	if got, err := cfg.readGapJunctions(filepath.Join(other, "connections.h5")); err != nil || !reflect.DeepEqual(got, sets) {
		t.Errorf("readGapJunctions of %s: %v, or the junctions differ", cfg.GapJunctionData, err)
	}
	path = filepath.Join(other, cfg.GapJunctionData)

	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skipf("%s not found: the h5py check needs python3-h5py", py)
	}
	if out, err := exec.Command(py, "-c", "import h5py").CombinedOutput(); err != nil {
		t.Skipf("h5py not importable (%v: %s)", err, out)
	}
	out, err := exec.Command(py, "-c", gapH5py, path).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("h5py: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var dec struct {
		Valid     [][2]string       `json:"valid"`
		Dtypes    map[string]string `json:"dtypes"`
		Junctions []struct {
			SrcPop string  `json:"src_pop"`
			DstPop string  `json:"dst_pop"`
			Src    int     `json:"src"`
			Dst    int     `json:"dst"`
			SrcSec int     `json:"src_sec"`
			DstSec int     `json:"dst_sec"`
			SrcPos float64 `json:"src_pos"`
			DstPos float64 `json:"dst_pos"`
			SrcC   float64 `json:"src_c"`
			DstC   float64 `json:"dst_c"`
		} `json:"junctions"`
	}
	if err := json.Unmarshal(out, &dec); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(dec.Valid, [][2]string{{"PYR", "PYR"}}) {
		t.Errorf("valid projections %v, want [[PYR PYR]]", dec.Valid)
	}
	wantTypes := map[string]string{"Location/Source section": "<u4", "Location/Destination section": "<u4",
		"Location/Source position": "<f4", "Location/Destination position": "<f4",
		"Coupling strength/Source": "<f4", "Coupling strength/Destination": "<f4"}
	if !reflect.DeepEqual(dec.Dtypes, wantTypes) {
		t.Errorf("dtypes %v, want %v", dec.Dtypes, wantTypes)
	}
	want := map[[2]int]GapJunction{}
	for _, j := range sets[0].Junctions {
		want[[2]int{j.SourceGid, j.DestinationGid}] = j
	}
	if len(dec.Junctions) != len(want) {
		t.Fatalf("h5py: %d junctions, want %d", len(dec.Junctions), len(want))
	}
	for _, d := range dec.Junctions {
		w, ok := want[[2]int{d.Src, d.Dst}]
		g := GapJunction{SourceGid: d.Src, DestinationGid: d.Dst, SourceSection: d.SrcSec, DestinationSection: d.DstSec,
			SourcePosition: d.SrcPos, DestinationPosition: d.DstPos, SourceCoupling: d.SrcC, DestinationCoupling: d.DstC}
		if !ok || g != w || d.SrcPop != "PYR" || d.DstPop != "PYR" {
			t.Errorf("h5py: %s %d -> %s %d: %+v, want %+v", d.SrcPop, d.Src, d.DstPop, d.Dst, g, w)
		}
	}
}

// TestGapJunctionsConstruction: Construct on 6-gapjunctions (the first
// 2 gids of each population) fills Construction.GapJunctions with the
// junctions of Config.GapJunctions; Write puts them in gapjunctions.h5
// beside connections.h5 and ReadConstruction reads them back equal.
func TestGapJunctionsConstruction(t *testing.T) {
	cfg, somata, trees := loadGap(t)
	want, err := cfg.GapJunctions(somata, trees)
	if err != nil {
		t.Fatal(err)
	}
	morph := filepath.Join(refdata.Require(t, "miv/cases/1-construction"), "datasets")
	_, templates := CaseDirs(cfg.Path)
	n, err := cfg.Construct(ConstructOptions{Workers: 2, First: 2, MorphologyDir: morph, TemplatesDir: templates})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(n.GapJunctions, want) {
		t.Fatalf("Construct's gap junctions differ from GapJunctions'")
	}
	dir := t.TempDir()
	cells, conns := filepath.Join(dir, "cells.h5"), filepath.Join(dir, "connections.h5")
	if err := n.Write(cfg, cells, conns, &store.Options{NoSync: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, GapJunctionsFile)); err != nil {
		t.Fatal(err)
	}
	back, err := cfg.ReadConstruction(cells, conns)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.GapJunctions, want) {
		t.Errorf("ReadConstruction's gap junctions differ from those written")
	}
}

// TestGapJunctionsNetworkCommand: golgi miv network on 6-gapjunctions
// (-first 2) writes gapjunctions.h5 beside connections.h5, reports its
// 140 PYR-PYR junctions, and the file holds GapJunctions' junctions.
func TestGapJunctionsNetworkCommand(t *testing.T) {
	cfg, somata, trees := loadGap(t)
	want, err := cfg.GapJunctions(somata, trees)
	if err != nil {
		t.Fatal(err)
	}
	morph := filepath.Join(refdata.Require(t, "miv/cases/1-construction"), "datasets")
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if err := cmdNetwork([]string{cfg.Path, "-cells", filepath.Join(dir, "cells.h5"), "-connections", filepath.Join(dir, "connections.h5"),
		"-first", "2", "-threads", "2", "-swc", morph}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	for _, line := range []string{filepath.Join(dir, GapJunctionsFile) + ": 1 gap-junction projections", "PYR    <- PYR    140 gap junctions"} {
		if !strings.Contains(stdout.String(), line) {
			t.Errorf("stdout lacks %q:\n%s", line, stdout.String())
		}
	}
	got, err := ReadGapJunctions(filepath.Join(dir, GapJunctionsFile))
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("the file's junctions differ from GapJunctions' (%v)", err)
	}
}

// TestReadGapJunctionsBadInput: a gap-junction file missing an edge
// attribute, or holding one of another type, is an error naming the
// projection and the attribute.
func TestReadGapJunctionsBadInput(t *testing.T) {
	cfg, somata, trees := loadGap(t)
	sets, err := cfg.GapJunctions(somata, trees)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, attr string
		edit       func(a *store.NeuroH5EdgeAttribute) bool // false: drop it
	}{
		{"missing", "Destination position", func(a *store.NeuroH5EdgeAttribute) bool { return a.Name != "Destination position" }},
		{"mistyped", "Source section", func(a *store.NeuroH5EdgeAttribute) bool {
			if a.Name == "Source section" {
				v := a.Values.([]uint32)
				f := make([]float32, len(v))
				for i := range v {
					f[i] = float32(v[i])
				}
				a.Values = f
			}
			return true
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := cfg.gapJunctionsFile(sets)
			if err != nil {
				t.Fatal(err)
			}
			var keep []store.NeuroH5EdgeAttribute
			for _, a := range f.Projections[0].Attributes {
				if tc.edit(&a) {
					keep = append(keep, a)
				}
			}
			f.Projections[0].Attributes = keep
			path := filepath.Join(t.TempDir(), GapJunctionsFile)
			if err := store.WriteNeuroH5File(path, &f, &store.Options{NoSync: true}); err != nil {
				t.Fatal(err)
			}
			_, err = ReadGapJunctions(path)
			if err == nil || !strings.Contains(err.Error(), "/Projections/PYR/PYR") || !strings.Contains(err.Error(), tc.attr) {
				t.Errorf("ReadGapJunctions: %v, want an error naming /Projections/PYR/PYR and %s", err, tc.attr)
			}
		})
	}
}

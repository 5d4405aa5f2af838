package miv

import (
	"encoding/binary"
	"strings"
	"testing"
)

// FuzzTreeOfNeuroH5 decodes arbitrary section vectors, topologies and
// parents of one cell as a file could hold them (the store checks the
// pointers, not the values): nothing may panic; a tree decoded has
// sections of points of the cell, edges between its sections and a
// connection point inside each parent section.
func FuzzTreeOfNeuroH5(f *testing.F) {
	tr, err := ReadSWC(strings.NewReader(smallSWC))
	if err != nil {
		f.Fatal(err)
	}
	ft, err := TreesNeuroH5("PYR", 10, []int{10}, []*Tree{tr})
	if err != nil {
		f.Fatal(err)
	}
	enc := func(v []uint16) []byte {
		b := make([]byte, 2*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint16(b[2*i:], x)
		}
		return b
	}
	parents := make([]byte, len(ft.Parent))
	for i, p := range ft.Parent {
		parents[i] = byte(p)
	}
	f.Add(enc(ft.Sections), enc(ft.SrcSection), enc(ft.DstSection), parents)
	f.Add([]byte{0, 0}, []byte{}, []byte{}, parents)
	f.Add([]byte{9, 0, 1, 0}, []byte{0, 0}, []byte{1, 0}, []byte{0xff})
	dec := func(b []byte) []uint16 {
		v := make([]uint16, len(b)/2)
		for i := range v {
			v[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
		return v
	}
	f.Fuzz(func(t *testing.T, secs, src, dst, par []byte) {
		c := ft
		c.Sections = dec(secs)
		c.SectionPointer = []uint64{0, uint64(len(c.Sections))}
		s, d := dec(src), dec(dst)
		n := min(len(s), len(d))
		c.SrcSection, c.DstSection = s[:n], d[:n]
		c.TopologyPointer = []uint64{0, uint64(n)}
		c.Parent = append([]int32(nil), ft.Parent...)
		for i := range min(len(par), len(c.Parent)) {
			c.Parent[i] = int32(int8(par[i]))
		}
		got, err := treeOfNeuroH5(&c, 0)
		if err != nil {
			return
		}
		np := len(got.X)
		for _, sec := range got.Sections {
			for _, p := range sec {
				if int(p) >= np {
					t.Fatalf("point %d of %d", p, np)
				}
			}
		}
		for k := range got.Src {
			if int(got.Src[k]) >= len(got.Sections) || int(got.Dst[k]) >= len(got.Sections) {
				t.Fatalf("edge %d: (%d, %d) of %d sections", k, got.Src[k], got.Dst[k], len(got.Sections))
			}
			if int(got.Loc[k]) >= len(got.Sections[got.Src[k]]) {
				t.Fatalf("edge %d: loc %d", k, got.Loc[k])
			}
		}
	})
}

package random123

import "testing"

// TestPhilox4x32KnownAnswers checks Philox4x32-10 against known-answer
// vectors of the Random123 library (its tests/kat_vectors: the zero, the
// all-ones and the pi-digits vectors, and vectors with one bit set).
func TestPhilox4x32KnownAnswers(t *testing.T) {
	for _, tc := range []struct {
		c    Counter
		k    Key
		want [4]uint32
	}{
		{Counter{0, 0, 0, 0}, Key{0, 0}, [4]uint32{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
		{Counter{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, Key{0xffffffff, 0xffffffff}, [4]uint32{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
		{Counter{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, Key{0xa4093822, 0x299f31d0}, [4]uint32{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
		{Counter{1, 0, 0, 0}, Key{1, 0}, [4]uint32{0xac08141b, 0xdfc5ccbe, 0x79c07a47, 0xa7f66093}},
		{Counter{0, 0, 0, 1}, Key{1, 0}, [4]uint32{0x127bee41, 0x1e047488, 0x48842b20, 0x0a393496}},
		{Counter{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, Key{1, 0}, [4]uint32{0x38527b8f, 0xfad9a48c, 0x20e675c0, 0xf2fea26a}},
		{Counter{0, 0, 0xffffffff, 0}, Key{0, 1}, [4]uint32{0x576241af, 0xd3b45bee, 0x619bd94d, 0x15dd8793}},
		{Counter{0x452821e6, 0x38d01377, 0xbe5466cf, 0x34e90c6c}, Key{0, 0x80000000}, [4]uint32{0x94ca5566, 0x14924b2f, 0x28214292, 0x59faeaee}},
	} {
		if got := Philox4x32(tc.c, tc.k); got != tc.want {
			t.Errorf("Philox4x32(%08x, %08x) = %08x, want %08x", tc.c, tc.k, got, tc.want)
		}
	}
}

// TestStreamLayout checks that a stream draws the words of
// Philox4x32([seq, id3, id1, id2], [gix, 0]) in order, seq advancing
// after the fourth, and that SetSeq and Position agree.
func TestStreamLayout(t *testing.T) {
	const id1, id2, id3, gix = 7, 11, 13, 5
	s := NewStream(id1, id2, id3, gix)
	for seq := uint32(0); seq < 3; seq++ {
		block := Philox4x32(Counter{seq, id3, id1, id2}, Key{gix, 0})
		for w := 0; w < 4; w++ {
			if p := s.Position(); p != float64(4*seq)+float64(w) {
				t.Fatalf("position %g, want %d", p, 4*int(seq)+w)
			}
			if got := s.Uint32(); got != block[w] {
				t.Fatalf("seq %d word %d: %08x, want %08x", seq, w, got, block[w])
			}
		}
	}
	s.SetSeq(1, 2)
	if got, want := s.Uint32(), Philox4x32(Counter{1, id3, id1, id2}, Key{gix, 0})[2]; got != want {
		t.Errorf("after SetSeq(1, 2): %08x, want %08x", got, want)
	}
	s.SetSeq(0, 9) // which out of range: 0
	if seq, which := s.Seq(); seq != 0 || which != 0 {
		t.Errorf("SetSeq(0, 9): position (%d, %d), want (0, 0)", seq, which)
	}
}

// TestToFloat64 checks the open interval and the ends of the map.
func TestToFloat64(t *testing.T) {
	for _, tc := range []struct {
		u    uint32
		want float64
	}{
		{0, 1.0 / 4294967297},
		{0xffffffff, 4294967296.0 / 4294967297},
		{0x7fffffff, 2147483648.0 / 4294967297},
	} {
		got := ToFloat64(tc.u)
		if got <= 0 || got >= 1 || (got-tc.want) > 1e-16 || (tc.want-got) > 1e-16 {
			t.Errorf("ToFloat64(%#x) = %.17g, want %.17g in (0, 1)", tc.u, got, tc.want)
		}
	}
}

package random123

// Stream is a Random123 stream as NEURON's nrnran123_State: the counter
// [seq, id3, id1, id2] under the key [global index, 0]. The four words of
// the block at seq are drawn in order; after the fourth, seq advances and
// the next block is computed.
//
// As in NEURON, a block is computed when the stream is made, when its
// sequence is set and when seq advances, with the global index of that
// moment: changing the global index does not change the block being
// drawn from. NEURON's global index is process-wide
// (Random123_globalindex); here each stream has its own, set by
// NewStream or SetGlobalIndex.
type Stream struct {
	id1, id2, id3 uint32
	key           Key
	seq           uint32
	which         int // the next word of block
	block         [4]uint32
}

// NewStream returns the stream (id1, id2, id3) at sequence 0 under global
// index gix: NEURON's nrnran123_newstream3(id1, id2, id3) after
// nrnran123_set_globalindex(gix).
func NewStream(id1, id2, id3, gix uint32) *Stream {
	s := &Stream{id1: id1, id2: id2, id3: id3, key: Key{gix, 0}}
	s.SetSeq(0, 0)
	return s
}

// IDs returns the stream's identifiers.
func (s *Stream) IDs() (id1, id2, id3 uint32) { return s.id1, s.id2, s.id3 }

// GlobalIndex returns the key's first word.
func (s *Stream) GlobalIndex() uint32 { return s.key[0] }

// SetGlobalIndex sets the key's first word for the blocks computed from
// now on (see Stream).
func (s *Stream) SetGlobalIndex(gix uint32) { s.key[0] = gix }

// SetSeq sets the position: block seq, word which (NEURON's
// nrnran123_setseq; which outside 0..3 is 0).
func (s *Stream) SetSeq(seq uint32, which int) {
	if which < 0 || which > 3 {
		which = 0
	}
	s.seq, s.which = seq, which
	s.block = Philox4x32(Counter{seq, s.id3, s.id1, s.id2}, s.key)
}

// Seq returns the position: the block and the next word in it
// (nrnran123_getseq).
func (s *Stream) Seq() (seq uint32, which int) { return s.seq, s.which }

// Position returns the number of words drawn since sequence 0,
// 4 seq + which (what NEURON's Random.seq() reports).
func (s *Stream) Position() float64 { return 4*float64(s.seq) + float64(s.which) }

// Uint32 returns the next word (nrnran123_ipick).
func (s *Stream) Uint32() uint32 {
	u := s.block[s.which]
	s.which++
	if s.which > 3 {
		s.SetSeq(s.seq+1, 0)
	}
	return u
}

// Float64 returns the next word as a uniform value in (0, 1)
// (nrnran123_dblpick): ToFloat64(s.Uint32()).
func (s *Stream) Float64() float64 { return ToFloat64(s.Uint32()) }

// ToFloat64 maps a word u to (u + 1)/(2^32 + 1), in the open interval
// (0, 1), as NEURON's nrnran123_uint2dbl: the product of u + 1 and the
// rounded reciprocal of 2^32 + 1.
func ToFloat64(u uint32) float64 {
	const shift32 = 1.0 / 4294967297.0
	return (float64(u) + 1) * shift32
}

// Package random123 is the Philox4x32-10 counter-based generator of the
// Random123 library as NEURON 8.2 uses it (nrnran123), bit for bit: the
// streams that neurodamus gives each synapse and each noisy stimulus,
// and the distributions of NEURON's Random object on such a stream.
//
// Philox4x32 is the keyed bijection of 128-bit counters (Salmon et al.,
// "Parallel random numbers: as easy as 1, 2, 3", SC11, 2011). A Stream
// is NEURON's nrnran123 stream Random123(id1, id2, id3): the counter
// [seq, id3, id1, id2] under the key [global index, 0], whose four output
// words are used in order before seq advances. Stream.Float64 is
// nrnran123_dblpick, (u + 1)/(2^32 + 1) in the open interval (0, 1),
// which the ProbAMPANMDA_EMS and ProbGABAAB_EMS synapses call.
//
// Random is NEURON's Random object on a stream: Uniform, NegExp and
// Normal set its distribution and return the first value (setting a
// distribution consumes one pick), Repick draws again from the present
// one, and a new Random draws from NEURON's default distribution, the
// standard normal.
//
// NegExp and Normal take logarithms with Log, correctly rounded, because
// Go's math.Log differs from the C library's log in the last bit for
// about 5% of arguments. glibc's log (0.52 ulp) is itself not correctly
// rounded for about 5 arguments in 10^4, where a draw of NegExp or
// Normal can differ from NEURON's by 1 ulp: the one known departure from
// bit-exactness. Uniform draws and the stream are exact.
//
// The package is validated against the Random123 library's known-answer
// vectors and against NEURON 8.2.2's own draws
// (scripts/nmodl-ref/random123_ref.py, testdata/neuron_random123.txt):
// every value equal to the last bit.
package random123

package store

import (
	"math/rand/v2"
	"os"
	"testing"
)

// brunelSpikes returns n spikes of 12 500 neurons over 1 s on a 0.1 ms
// grid, sorted by time, as the engine records them.
func brunelSpikes(n int) Spikes {
	r := rand.New(rand.NewPCG(1, 2))
	sp := Spikes{GIDs: make([]uint64, n), TimesMs: make([]float64, n)}
	for i := range n {
		sp.GIDs[i] = uint64(r.IntN(12500))
		sp.TimesMs[i] = float64(i*10000/n) * 0.1
	}
	return sp
}

// voltages returns a rows x cols matrix of membrane-potential-like traces
// (random walks in mV, which compress poorly).
func voltages(rows, cols int) Matrix32 {
	r := rand.New(rand.NewPCG(3, 4))
	m := Matrix32{Rows: rows, Cols: cols, Data: make([]float32, rows*cols)}
	for i := range rows {
		v := float32(-65)
		for j := range cols {
			v += float32(r.NormFloat64()) * 0.3
			if v > -50 {
				v = -65
			}
			m.Data[i*cols+j] = v
		}
	}
	return m
}

// BenchmarkWriteBrunel writes the spikes of a Brunel run (480 000) and
// 1000 neurons x 10 000 samples of v into a new sim_id directory, with
// the default options (gzip 1 after shuffle, fsync before rename).
func BenchmarkWriteBrunel(b *testing.B) {
	sp := brunelSpikes(480000)
	v := voltages(1000, 10000)
	run := testRun(1).Attrs()
	b.SetBytes(int64(sp.Len()*16 + len(v.Data)*4))
	for b.Loop() {
		s, err := Open(b.TempDir(), "brunel", nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.WriteSpikes(0, "spikes", sp, Attrs{AttrPopulation: "E"}, run); err != nil {
			b.Fatal(err)
		}
		if err := s.WriteMatrix32(0, "v", v, Attrs{AttrUnit: "mV", AttrDtMs: 0.1}, run); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteSpikes480k(b *testing.B) {
	sp := brunelSpikes(480000)
	b.SetBytes(int64(sp.Len() * 16))
	for b.Loop() {
		s, err := Open(b.TempDir(), "brunel", nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.WriteSpikes(0, "spikes", sp, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteMatrix1000x10000(b *testing.B) {
	v := voltages(1000, 10000)
	b.SetBytes(int64(len(v.Data) * 4))
	for b.Loop() {
		s, err := Open(b.TempDir(), "brunel", nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.WriteMatrix32(0, "v", v, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadSpikes1M reads a file of 1 000 000 spikes.
func BenchmarkReadSpikes1M(b *testing.B) {
	s, err := Open(b.TempDir(), "read", nil)
	if err != nil {
		b.Fatal(err)
	}
	sp := brunelSpikes(1000000)
	if err := s.WriteSpikes(0, "spikes", sp, nil, nil); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(sp.Len() * 16))
	for b.Loop() {
		got, _, err := s.ReadSpikes(0, "spikes")
		if err != nil || got.Len() != sp.Len() {
			b.Fatal(got.Len(), err)
		}
	}
}

// BenchmarkReadSpikes1MIsolated is BenchmarkReadSpikes1M with
// Options.Isolate: the read runs in a child process.
func BenchmarkReadSpikes1MIsolated(b *testing.B) {
	s, err := Open(b.TempDir(), "read", &Options{Isolate: true})
	if err != nil {
		b.Fatal(err)
	}
	sp := brunelSpikes(1000000)
	if err := s.WriteSpikes(0, "spikes", sp, nil, nil); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(sp.Len() * 16))
	for b.Loop() {
		got, _, err := s.ReadSpikes(0, "spikes")
		if err != nil || got.Len() != sp.Len() {
			b.Fatal(got.Len(), err)
		}
	}
}

// BenchmarkAddSimNum adds a sim_num of 100 000 spikes to a file holding 20
// such: it includes the copy of the file that keeps earlier sim_nums safe.
func BenchmarkAddSimNum(b *testing.B) {
	sp := brunelSpikes(100000)
	s, err := Open(b.TempDir(), "sweep", nil)
	if err != nil {
		b.Fatal(err)
	}
	for k := range 20 {
		if err := s.WriteSpikes(k, "spikes", sp, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	base := s.Path("spikes") + ".base"
	if err := os.Rename(s.Path("spikes"), base); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		os.Remove(s.Path("spikes"))
		if err := copyFile(base, s.Path("spikes")); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := s.WriteSpikes(20, "spikes", sp, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

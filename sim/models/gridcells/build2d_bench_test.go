package gridcells

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/golgi-sim/golgi/sim"
)

// BenchmarkBuild2D builds the full-size 2D network of Fig 1C (4 x 71 x 71
// stellates, 71 x 71 interneurons, 21.25 M synapses): the description
// (NewNetwork, connectivity as kernels) and the engine's instance
// (sim.Build), on 2 threads. It reports the synapses, the engine's
// synapse storage per synapse and the heap in use after the build
// (live_MB). "explicit" builds the same synapses from lists (Block ->
// sim.Explicit with Array weights), the path of the small configs, for
// comparison.
func BenchmarkBuild2D(b *testing.B) {
	for _, mode := range []string{"pertarget", "explicit"} {
		b.Run(mode, func(b *testing.B) {
			_, s := Defaults()
			m := params2D(71)
			s.SimDur = 100
			b.ReportAllocs()
			for b.Loop() {
				n, err := NewNetwork(m, s)
				if err != nil {
					b.Fatal(err)
				}
				if mode == "explicit" {
					explicit2D(n)
				}
				sm, err := sim.Build(n.Net, &sim.Options{Threads: 2})
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				b.ReportMetric(float64(sm.Synapses()), "synapses")
				b.ReportMetric(float64(sm.SynapseBytes())/float64(sm.Synapses()), "engine_B/synapse")
				b.ReportMetric(float64(ms.HeapAlloc)/1e6, "live_MB")
				runtime.KeepAlive(n)
				runtime.KeepAlive(sm)
			}
		})
	}
}

// explicit2D replaces the PerTarget projections of a 2D network by
// Explicit ones listing every synapse, as NewNetwork builds the 1D ring.
func explicit2D(n *Network) {
	c := n.Conn
	var blk [3]Block
	c.Each(func(pre, post int, w float64) {
		switch {
		case pre < c.NStell:
			blk[0].add(pre, post-c.NStell, w)
		case post < c.NStell:
			blk[1].add(pre-c.NStell, post, w)
		default:
			blk[2].add(pre-c.NStell, post-c.NStell, w)
		}
	})
	gmax := []float64{n.Model.SiSynGmax, n.Model.IsSynGmax, n.Model.IiSynGmax}
	for k, pr := range n.Net.Projections[:3] {
		w := make(sim.Array, blk[k].Len())
		for i, x := range blk[k].W {
			w[i] = x * gmax[k] * sim.Microsiemens
		}
		pr.Rule, pr.Weight = sim.Explicit{Pre: blk[k].Pre, Post: blk[k].Post}, w
	}
}

// BenchmarkSave2D saves the full-size 2D connectivity in the original's
// dense layout (25 205² float64, gzip, by blocks of rows) and loads it
// back, reporting the file size.
func BenchmarkSave2D(b *testing.B) {
	m := params2D(71)
	c, err := Torus2D(&m)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "matrix_2d_bench.hdf5")
	for b.Loop() {
		start := time.Now()
		if err := c.Save(path); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "save_s")
		start = time.Now()
		back, err := LoadConnectivity(path, &m)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "load_s")
		if back.NumSynapses() != c.NumSynapses() {
			b.Fatalf("%d synapses loaded, %d saved", back.NumSynapses(), c.NumSynapses())
		}
		if fi, err := os.Stat(path); err == nil {
			b.ReportMetric(float64(fi.Size())/1e6, "file_MB")
		}
	}
}

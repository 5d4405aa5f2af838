package sonata_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models/sonata"
)

// BenchmarkV5SonataMini builds and runs v5_sonata's mini simulation (5
// cells, 2204 synapses, noise and holding currents, 100 ms) on 1 and 2
// threads and reports the start-up (reading the circuit and building the
// cells and synapses) and the run separately.
func BenchmarkV5SonataMini(b *testing.B) {
	config := filepath.Join(refdata.Require(b, "sonata/circuits/v5_sonata"), "simulation_config_mini.json")
	for _, threads := range []int{1, 2} {
		b.Run(map[int]string{1: "threads=1", 2: "threads=2"}[threads], func(b *testing.B) {
			var build, run time.Duration
			for range b.N {
				t0 := time.Now()
				s, err := sonata.Load(config, &sonata.Options{Compat: true})
				if err != nil {
					b.Fatal(err)
				}
				n, err := sonata.BuildNetwork(s, threads)
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if _, err := n.Run(context.Background()); err != nil {
					b.Fatal(err)
				}
				build += t1.Sub(t0)
				run += time.Since(t1)
				s.Close()
			}
			b.ReportMetric(build.Seconds()/float64(b.N), "startup_s")
			b.ReportMetric(run.Seconds()/float64(b.N), "run_s")
		})
	}
}

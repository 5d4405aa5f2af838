package builtin

import (
	"flag"
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/nets"
	"github.com/golgi-sim/golgi/sim/spec"
)

// ringCompartments is nets.RingCell's compartments: a soma and an
// 11-segment dendrite.
const ringCompartments = 12

// benchmarks returns the family's networks for golgi bench.
func benchmarks() []models.Benchmark {
	return []models.Benchmark{
		{Name: "coba", Summary: "Brette et al. 2007 COBA: 4000 LIF cells, conductance synapses (nets.COBA)",
			Flags: func(*flag.FlagSet) models.BenchBuilder {
				return func(seed uint64) (*models.BenchNetwork, error) {
					net, err := nets.COBA(nets.COBAConfig{Seed: seed})
					return &models.BenchNetwork{Net: net}, err
				}
			}},
		{Name: "cuba", Summary: "Brette et al. 2007 CUBA: 4000 LIF cells, current synapses (nets.CUBA)",
			Flags: func(*flag.FlagSet) models.BenchBuilder {
				return func(seed uint64) (*models.BenchNetwork, error) {
					net, err := nets.CUBA(nets.CUBAConfig{Seed: seed})
					return &models.BenchNetwork{Net: net}, err
				}
			}},
		{Name: "brunel", Summary: "Brunel 2000 sparse network, NE excitatory and NE/4 inhibitory LIF cells (nets.Brunel)",
			Flags: func(fs *flag.FlagSet) models.BenchBuilder {
				ne := fs.Int("ne", 10000, "brunel: excitatory neurons (NE/4 inhibitory)")
				return func(seed uint64) (*models.BenchNetwork, error) {
					if *ne < 4 {
						return nil, fmt.Errorf("--ne %d: want at least 4 excitatory neurons", *ne)
					}
					return &models.BenchNetwork{Net: nets.Brunel(nets.BrunelConfig{NE: *ne, Seed: seed})}, nil
				}
			}},
		{Name: "hh", Summary: "NEURON's hh soma under an IClamp (spec model hh); reports its spike times", DurationS: 0.1,
			Flags: benchHH},
		{Name: "ring", Summary: "NEURON's ring of ball-and-stick cells (nets.Ring); reports the time per compartment-step", DurationS: 0.1,
			Flags: func(fs *flag.FlagSet) models.BenchBuilder {
				cells := fs.Int("cells", 256, "ring: number of ball-and-stick cells")
				return func(uint64) (*models.BenchNetwork, error) {
					net, err := nets.Ring(*cells)
					if err != nil {
						return nil, err
					}
					return &models.BenchNetwork{Net: net, Compartments: ringCompartments * *cells}, nil
				}
			}},
	}
}

// benchHH is NEURON's single-compartment hh soma (exact rates) under an
// IClamp, at dt 0.025 ms, v recorded every step: the set-up of
// shared/ref/neuron_hh_6.3C.csv, built by the spec model hh.
func benchHH(fs *flag.FlagSet) models.BenchBuilder {
	celsius := fs.Float64("celsius", 6.3, "hh: temperature (degC)")
	amp := fs.Float64("amp-nA", 0.1, "hh: IClamp amplitude (nA)")
	delay := fs.Float64("delay-ms", 10, "hh: IClamp onset (ms)")
	dur := fs.Float64("dur-ms", 80, "hh: IClamp duration (ms)")
	return func(uint64) (*models.BenchNetwork, error) {
		if math.IsNaN(*amp) || math.IsInf(*amp, 0) || !(*delay >= 0) || !(*dur >= 0) {
			return nil, fmt.Errorf("hh: --amp-nA %g, --delay-ms %g, --dur-ms %g: want a finite amplitude and non-negative times", *amp, *delay, *dur)
		}
		data := fmt.Sprintf(`{"model": "hh", "celsius": %v, "amp_nA": %v, "delay_ms": %v, "dur_ms": %v}`, *celsius, *amp, *delay, *dur)
		sp, err := spec.Parse([]byte(data), "golgi bench hh")
		if err != nil {
			return nil, err
		}
		sims, err := sp.Sims()
		if err != nil {
			return nil, err
		}
		net, _, err := sims[0].Network()
		if err != nil {
			return nil, err
		}
		return &models.BenchNetwork{Net: net, SpikeTimesMs: voltageSpikesMs}, nil
	}
}

// voltageSpikesMs returns the upward 0 mV crossings of the first recorded
// trace, linearly interpolated (ms, rounded to 1 ns).
func voltageSpikesMs(res *sim.Result) []float64 {
	if len(res.Traces) == 0 || len(res.Traces[0].Values) == 0 {
		return nil
	}
	tr := res.Traces[0]
	ts := sim.Crossings(tr.Values[0], tr.Interval, 0)
	out := make([]float64, len(ts))
	for k, t := range ts {
		out[k] = math.Round(t/sim.Millisecond*1e6) / 1e6
	}
	return out
}

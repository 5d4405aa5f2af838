package nets

import (
	"context"
	"testing"

	"github.com/golgi-sim/golgi/sim"
)

// TestBrunelRates runs model A of Brunel 2000 at full scale (12 500
// neurons, 15.6 M synapses) for 1 s with the peer script's seed and
// checks the statistics Brian2 2.5.1
// gives for the same model (shared/peers/brian2_brunel.py: 38.4 Hz, range
// 38.0-38.7 Hz over seeds; mean ISI CV about 0.4).
func TestBrunelRates(t *testing.T) {
	if testing.Short() {
		t.Skip("full-scale Brunel network: skipped in -short mode")
	}
	net := Brunel(BrunelConfig{Seed: 12345})
	res, err := sim.Run(context.Background(), net, 1*sim.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := golgiSpikes(res)
	rate, cv := stats(s, 0, 12500, 1)
	t.Logf("Brunel A: %d spikes, %.2f Hz, mean ISI CV %.3f", len(s), rate, cv)
	if rate < 36 || rate > 41 {
		t.Errorf("mean rate %.2f Hz, want 36-41 Hz", rate)
	}
	if cv < 0.35 || cv > 0.45 {
		t.Errorf("mean ISI CV %.3f, want 0.35-0.45", cv)
	}
}

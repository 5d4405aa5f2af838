package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"

	"github.com/golgi-sim/golgi/plotting"
	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/nets"
)

func cmdRun(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "out", "output directory")
	threads := fs.Int("threads", 0, "worker threads (0: all cores)")
	duration := fs.Float64("duration", 1, "biological time (s)")
	seed := fs.Uint64("seed", 12345, "random seed")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: golgi run [flags]\n\nRuns the default network (COBA, Brette et al. 2007 benchmark 1) and writes\nits spikes (CSV) and a raster (PNG) to the output directory.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return errUsage
	}
	if *duration <= 0 {
		return fmt.Errorf("--duration %g: want a positive time in seconds", *duration)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	net, err := nets.COBA(nets.COBAConfig{Seed: *seed})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := sim.Run(ctx, net, *duration, &sim.Options{Threads: *threads, Progress: progressPrinter(stderr, "coba")})
	if res == nil {
		return err
	}
	if err != nil {
		fmt.Fprintf(stderr, "interrupted: %v; writing the %.3f s simulated so far\n", err, res.Duration)
	}
	spikes := filepath.Join(*out, "coba_spikes.csv")
	if err := writeSpikesCSV(spikes, res); err != nil {
		return err
	}
	var pops []plotting.Spikes
	for _, name := range []string{"E", "I"} {
		st := res.Spikes[name]
		pops = append(pops, plotting.Spikes{Name: name, Offset: st.GidOffset, Index: st.Index, Times: st.Time})
	}
	p, err := plotting.Raster(pops, &plotting.RasterOptions{Title: fmt.Sprintf("COBA, %d neurons, %.0f ms", net.NumNeurons(), res.Duration*1e3)})
	if err != nil {
		return err
	}
	png := filepath.Join(*out, "coba_raster.png")
	if err := plotting.Save(p, png, 0, 0); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d spikes)\nwrote %s\n", spikes, res.NumSpikes(), png)
	return err
}

// writeSpikesCSV writes population,gid,index,t_ms rows sorted by time,
// under a temporary name renamed when complete.
func writeSpikesCSV(path string, res *sim.Result) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"population", "gid", "index", "t_ms"})
	for _, name := range sortedKeys(res.Spikes) {
		st := res.Spikes[name]
		for k := range st.Index {
			w.Write([]string{name, strconv.Itoa(st.GidOffset + int(st.Index[k])), strconv.Itoa(int(st.Index[k])),
				strconv.FormatFloat(st.Time[k]/sim.Millisecond, 'f', 4, 64)})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

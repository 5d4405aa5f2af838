package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/golgi-sim/golgi/analysis"
	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/mpi"
)

// errUsage is returned by a command that printed its usage after wrong
// arguments: exit status 2, no further message.
var errUsage = models.ErrUsage

// benchResult is the JSON line printed by `golgi bench`.
type benchResult struct {
	Model     string  `json:"model"`
	Neurons   int     `json:"neurons"`
	Synapses  int64   `json:"synapses"`
	Threads   int     `json:"threads"`
	BioTimeS  float64 `json:"bio_time_s"`
	DtMs      float64 `json:"dt_ms"`
	BuildS    float64 `json:"build_s"`
	RunS      float64 `json:"run_s"`
	Spikes    int     `json:"spikes"`
	RateHz    float64 `json:"rate_hz"`
	CVISI     float64 `json:"cv_isi"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
	// HeapMB is the Go heap the process obtained from the system (MB,
	// runtime.MemStats.HeapSys after the run): what the network, its
	// state and recordings took, without the binary, the C libraries and
	// the runtime's other memory that peak_rss_mb also counts.
	HeapMB float64 `json:"heap_mb"`
	// PrivateMB is the process's anonymous resident memory right after
	// the run (MB, RssAnon in /proc/self/status): what it alone holds
	// (Go heap, stacks, C allocations, MPI buffers), without the pages of
	// the binary and the shared libraries that peak_rss_mb counts in
	// every process although ranks on one machine share them.
	PrivateMB       float64   `json:"private_mb"`
	BytesPerSynapse float64   `json:"bytes_per_synapse"`
	SpikesSHA256    string    `json:"spikes_sha256"`
	SpikeTimesMs    []float64 `json:"spike_times_ms,omitempty"`
	Compartments    int       `json:"compartments,omitempty"`
	USPerCompStep   float64   `json:"us_per_compartment_step,omitempty"`
	CPUS            float64   `json:"cpu_s,omitempty"`
	Seed            uint64    `json:"seed"`
	Convention      string    `json:"convention"`
	// On several MPI ranks (bin/golgi-mpi under mpirun): the ranks, each
	// rank's peak RSS (peak_rss_mb is then the largest) and rank 0's spike
	// exchange per epoch: its cost (merging, the collectives, merging
	// every rank's spikes) without, and the wait for the slowest rank in
	// the first collective.
	Ranks              int       `json:"ranks"`
	PeakRSSMBRanks     []float64 `json:"peak_rss_mb_ranks,omitempty"`
	HeapMBRanks        []float64 `json:"heap_mb_ranks,omitempty"`
	PrivateMBRanks     []float64 `json:"private_mb_ranks,omitempty"`
	Epochs             int64     `json:"epochs,omitempty"`
	Exchanges          int64     `json:"exchanges,omitempty"`
	Overlapped         bool      `json:"overlapped,omitempty"`
	ExchangeUSPerEpoch float64   `json:"exchange_us_per_epoch,omitempty"`
	WaitUSPerEpoch     float64   `json:"wait_us_per_epoch,omitempty"`
	ExchangeBytes      int64     `json:"exchange_bytes,omitempty"`
}

func cmdBench(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	threads := fs.Int("threads", 0, "worker threads (0: all cores)")
	duration := fs.Float64("duration", 1, "biological time to simulate (s)")
	seed := fs.Uint64("seed", 12345, "random seed")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof)")
	needMPI := fs.Bool("mpi", false, "require the MPI build (bin/golgi-mpi): fail on a binary built without MPI")
	blocking := fs.Bool("blocking-exchange", false, "on several ranks, wait for each epoch's spike exchange instead of overlapping it with stepping (to measure the overlap)")
	costs := addCostFlags(fs)
	builders, err := models.AddBenchFlags(fs)
	if err != nil {
		return err
	}
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: golgi bench MODEL [flags]\n\nProgress goes to stderr; the last stdout line is one JSON object with the\nmeasurements. MODELs (of the model families; default time 1 s unless given):")
		for _, b := range models.Benchmarks() {
			fmt.Fprintf(stderr, "  %-10s %s\n", b.Name, b.Summary)
		}
		fmt.Fprintln(stderr, "\nflags:")
		fs.PrintDefaults()
	}
	// Accept the model before or after the flags.
	var model string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		model, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return errUsage
	}
	if model == "" && fs.NArg() > 0 {
		model = fs.Arg(0)
	}
	if model == "" {
		fs.Usage()
		return errUsage
	}
	if !(*duration > 0) {
		return fmt.Errorf("--duration %g: want a positive time in seconds", *duration)
	}
	if err := requireMPI(*needMPI); err != nil {
		return err
	}
	stderr = infoWriter(stderr) // on several ranks, rank 0 reports
	if mpi.Rank() != 0 {
		stdout = io.Discard
	}
	builder, ok := builders[model]
	if !ok {
		var names []string
		for _, b := range models.Benchmarks() {
			names = append(names, b.Name)
		}
		return fmt.Errorf("unknown model %q: want %s", model, strings.Join(names, ", "))
	}
	bn, err := builder(*seed)
	if err != nil {
		return err
	}
	net := bn.Net
	if !flagSet(fs, "duration") {
		for _, b := range models.Benchmarks() {
			if b.Name == model && b.DurationS > 0 {
				*duration = b.DurationS
			}
		}
	}
	fmt.Fprintf(stderr, "golgi bench %s: building %d neurons...\n", model, net.NumNeurons())
	t0 := time.Now()
	opts := &sim.Options{Threads: *threads, Progress: progressPrinter(stderr, model), BlockingExchange: *blocking}
	distribute(opts)
	if err := costs.apply(opts); err != nil {
		return err
	}
	s, err := sim.Build(net, opts)
	if err != nil {
		return err
	}
	build := time.Since(t0).Seconds()
	if s.Ranks() > 1 {
		fmt.Fprintf(stderr, "built %d synapses in %.2f s on %d ranks x %d threads (%s)\n", s.Synapses(), build, s.Ranks(), s.Threads(), costs.describe())
	} else {
		fmt.Fprintf(stderr, "built %d synapses in %.2f s on %d threads\n", s.Synapses(), build, s.Threads())
	}
	if err := injectFailure(); err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	t1 := time.Now()
	cpu0 := processCPUSeconds()
	res, err := s.Run(context.Background(), *duration)
	runS := time.Since(t1).Seconds()
	cpuS := processCPUSeconds() - cpu0
	rss := procStatusMB("VmHWM") // of building and running, before the statistics below
	private := procStatusMB("RssAnon")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heapMB := round(float64(ms.HeapSys)/(1<<20), 1)
	if err != nil {
		return err
	}
	if err := costs.save(s); err != nil {
		return err
	}
	out := benchResult{Model: model, Neurons: net.NumNeurons(), Synapses: s.Synapses(), Threads: s.Threads(),
		BioTimeS: res.Duration, DtMs: res.Dt / sim.Millisecond, BuildS: round(build, 4), RunS: round(runS, 4),
		Spikes: res.NumSpikes(), SpikesSHA256: res.SpikesSHA256(), Seed: *seed, Convention: res.Convention.String(),
		PeakRSSMB: rss, HeapMB: heapMB, PrivateMB: private, CPUS: round(cpuS, 4), Ranks: s.Ranks()}
	synBytes := float64(s.SynapseBytes())
	if s.Ranks() > 1 {
		var ranks [][]float64
		if ranks, synBytes, err = gatherMemory([]float64{out.PeakRSSMB, out.HeapMB, out.PrivateMB}, synBytes); err != nil {
			return err
		}
		out.PeakRSSMBRanks, out.HeapMBRanks, out.PrivateMBRanks = ranks[0], ranks[1], ranks[2]
		out.PeakRSSMB, out.HeapMB, out.PrivateMB = slices.Max(ranks[0]), slices.Max(ranks[1]), slices.Max(ranks[2])
		x := s.ExchangeStats()
		out.Epochs, out.Exchanges, out.Overlapped, out.ExchangeBytes = x.Epochs, x.Exchanges, x.Overlapped, x.Bytes
		if x.Epochs > 0 {
			out.ExchangeUSPerEpoch = round((x.Wall-x.Wait).Seconds()/float64(x.Epochs)*1e6, 3)
			out.WaitUSPerEpoch = round(x.Wait.Seconds()/float64(x.Epochs)*1e6, 3)
		}
	}
	out.RateHz = round(float64(out.Spikes)/(float64(out.Neurons)*res.Duration), 4)
	var trains [][]float64
	for _, st := range res.Spikes {
		trains = append(trains, analysis.SplitTrains(st.N, st.Index, st.Time)...)
	}
	if cv, _, err := analysis.MeanCV(trains); err == nil {
		out.CVISI = round(cv, 4)
	}
	if out.Synapses > 0 {
		out.BytesPerSynapse = round(synBytes/float64(out.Synapses), 3)
	}
	if bn.SpikeTimesMs != nil {
		out.SpikeTimesMs = bn.SpikeTimesMs(res)
	}
	if bn.Compartments > 0 {
		out.Compartments = bn.Compartments
		out.USPerCompStep = round(runS/float64(out.Compartments)/float64(res.Steps)*1e6, 6)
	}
	b, _ := json.Marshal(out)
	fmt.Fprintln(stdout, string(b))
	return nil
}

// gatherMemory returns, for each of the measures this rank took (peak
// RSS, Go heap, private memory: MB), every rank's value, and the synapse
// bytes of all ranks.
func gatherMemory(mine []float64, synBytes float64) (ranks [][]float64, synSum float64, err error) {
	all := make([]float64, len(mine)*mpi.Size())
	if err := mpi.Allgather(mine, all); err != nil {
		return nil, 0, err
	}
	ranks = make([][]float64, len(mine))
	for r := 0; r < mpi.Size(); r++ {
		for k := range mine {
			ranks[k] = append(ranks[k], all[r*len(mine)+k])
		}
	}
	sum := make([]float64, 1)
	if err := mpi.Allreduce([]float64{synBytes}, sum, mpi.Sum); err != nil {
		return nil, 0, err
	}
	return ranks, sum[0], nil
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

func round(x float64, digits int) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', digits, 64), 64)
	return v
}

// procStatusMB returns a memory field of /proc/self/status (VmHWM: peak
// resident set size, RssAnon: anonymous resident memory) in MB, or 0
// where that is unavailable.
func procStatusMB(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field+":") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				return round(kb/1024, 1)
			}
		}
	}
	return 0
}

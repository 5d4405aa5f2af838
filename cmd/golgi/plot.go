package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/analysis"
	"github.com/golgi-sim/golgi/analysis/frames"
	"github.com/golgi-sim/golgi/plotting"
	"github.com/golgi-sim/golgi/sim/store"
)

// plotKinds lists the figures of `golgi plot`.
var plotKinds = []string{"raster", "rate", "raster-rate", "traces", "psd", "isi", "cv", "sweep"}

func cmdPlot(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	simNum := fs.Int("sim-num", 0, "sim_num to plot")
	kind := fs.String("kind", "raster", "figure: "+strings.Join(plotKinds, ", "))
	out := fs.String("o", "", "output file, .png or .svg (default DIR/<kind>_<sim_num>.png)")
	binMs := fs.Float64("bin-ms", 1, "rate, raster-rate, psd: bin of the population rate (ms)")
	dataID := fs.String("data-id", "v", "traces: the recorded variable's data_id")
	param := fs.String("param", "", "sweep: the swept parameter (default: the first swept key)")
	measure := fs.String("measure", "", "sweep: column of the sweep table to plot (default: rate_hz_<first population>)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: golgi plot DIR/<sim_id> [--sim-num K] [--kind KIND] [-o FILE.png]\n\nDraws a figure from stored results (golgi run's or GridCellsCond's).\nKINDs: %s\n\nflags:\n", strings.Join(plotKinds, ", "))
		fs.PrintDefaults()
	}
	var dir string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		dir, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return errUsage
	}
	if dir == "" && fs.NArg() > 0 {
		dir = fs.Arg(0)
	}
	if dir == "" {
		fs.Usage()
		return errUsage
	}
	if !contains(plotKinds, *kind) {
		return fmt.Errorf("unknown --kind %q, want one of %s", *kind, strings.Join(plotKinds, ", "))
	}
	if *out == "" {
		*out = filepath.Join(dir, fmt.Sprintf("%s_%d.png", *kind, *simNum))
	}
	r, err := frames.Open(dir)
	if err != nil {
		return err
	}
	nums, err := r.SimNums()
	if err != nil {
		return err
	}
	if *kind != "sweep" && !containsInt(nums, *simNum) {
		return fmt.Errorf("%s has no sim_num %d (it has %v)", dir, *simNum, nums)
	}
	filter := &frames.Filter{SimNums: []int{*simNum}}
	var fig plotting.Figure
	title := fmt.Sprintf("%s, sim_num %d", filepath.Base(dir), *simNum)
	switch *kind {
	case "raster", "rate", "raster-rate", "psd", "isi", "cv":
		pops, rates, err := loadSpikes(r, filter, *binMs)
		if err != nil {
			return err
		}
		switch *kind {
		case "raster":
			fig, err = plotting.Raster(pops, &plotting.RasterOptions{Title: title})
		case "rate":
			fig, err = plotting.PopulationRate(rates, &plotting.RateOptions{Title: title})
		case "raster-rate":
			fig, err = plotting.RasterRate(pops, rates, &plotting.RasterRateOptions{Raster: plotting.RasterOptions{Title: title}})
		case "psd":
			var spectra []plotting.PSDSeries
			for _, rs := range rates {
				psd, werr := analysis.Welch(rs.Rate.Hz, rs.Rate.Bin, nil)
				if werr != nil {
					return fmt.Errorf("psd of %s: %w", rs.Name, werr)
				}
				spectra = append(spectra, plotting.PSDSeries{Name: rs.Name, PSD: psd})
			}
			fig, err = plotting.PSD(spectra, &plotting.PSDOptions{Title: title + ": population rate"})
		case "isi", "cv":
			var trains [][]float64
			for _, p := range pops {
				n := 0
				for _, i := range p.Index {
					n = max(n, int(i)+1)
				}
				trains = append(trains, analysis.SplitTrains(n, p.Index, p.Times)...)
			}
			if *kind == "isi" {
				h, herr := analysis.ISIHistogram(trains, 1e-3, 0.2)
				if herr != nil {
					return herr
				}
				fig, err = plotting.ISIHistogram(h, &plotting.HistogramOptions{Title: title + ": ISIs"})
			} else {
				cvs, _ := analysis.CVs(trains)
				fig, err = plotting.CVHistogram(cvs, &plotting.HistogramOptions{Title: title + ": CV of ISI"})
			}
		}
		if err != nil {
			return err
		}
	case "traces":
		st, err := store.Open(filepath.Dir(filepath.Clean(dir)), filepath.Base(filepath.Clean(dir)), &store.Options{Ext: extOf(dir)})
		if err != nil {
			return err
		}
		m, attrs, err := st.ReadMatrix32(*simNum, *dataID)
		if err != nil {
			return err
		}
		dt, ok := attrs.Float64("dt_ms")
		if !ok {
			return fmt.Errorf("%s: %s has no dt_ms attribute", st.Path(*dataID), *dataID)
		}
		unit, _ := attrs.String("unit")
		scale := 1.0
		if unit == "mV" || unit == "" {
			scale = 1e-3 // plotting.Traces takes volts
		}
		gids, _ := attrs.Uint64s("gids")
		var traces []plotting.Trace
		for i := 0; i < m.Rows && i < 10; i++ {
			v := make([]float64, m.Cols)
			for j, x := range m.Row(i) {
				v[j] = float64(x) * scale
			}
			name := fmt.Sprintf("row %d", i)
			if i < len(gids) {
				name = fmt.Sprintf("gid %d", gids[i])
			}
			traces = append(traces, plotting.Trace{Name: name, Dt: dt * 1e-3, V: v})
		}
		fig, err = plotting.Traces(traces, &plotting.TracesOptions{Title: title + ": " + *dataID})
		if err != nil {
			return err
		}
	case "sweep":
		tab, err := r.SweepTable(nil)
		if err != nil {
			return err
		}
		names := tab.Names()
		if *param == "" {
			for _, n := range names[1:] {
				if !strings.HasPrefix(n, "rate_hz_") && !strings.HasPrefix(n, "cv_isi_") {
					*param = n
					break
				}
			}
		}
		if *measure == "" {
			for _, n := range names {
				if strings.HasPrefix(n, "rate_hz_") {
					*measure = n
					break
				}
			}
		}
		if !contains(names, *param) || !contains(names, *measure) {
			return fmt.Errorf("sweep: --param %q and --measure %q must be columns of the sweep table %v", *param, *measure, names)
		}
		x, y := tab.Col(*param).Float(), tab.Col(*measure).Float()
		idx := make([]int, len(x))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
		c := plotting.Curve{Name: *measure}
		for _, i := range idx {
			if !math.IsNaN(x[i]) && !math.IsNaN(y[i]) {
				c.X, c.Y = append(c.X, x[i]), append(c.Y, y[i])
			}
		}
		fig, err = plotting.Sweep([]plotting.Curve{c}, &plotting.SweepOptions{Title: filepath.Base(dir), XLabel: *param, YLabel: *measure})
		if err != nil {
			return err
		}
	}
	if err := plotting.Save(fig, *out, 0, 0); err != nil {
		return err
	}
	abs, _ := filepath.Abs(*out)
	fmt.Fprintln(stdout, "wrote", abs)
	return nil
}

// loadSpikes reads one sim_num's spikes as raster populations (times in s)
// and population rates.
func loadSpikes(r *frames.Results, f *frames.Filter, binMs float64) ([]plotting.Spikes, []plotting.RateSeries, error) {
	df, err := r.Spikes(f)
	if err != nil {
		return nil, nil, err
	}
	sum, err := r.NeuronSummary(f)
	if err != nil {
		return nil, nil, err
	}
	// Population sizes and first gids from the per-neuron summary.
	size := map[string]int{}
	first := map[string]int{}
	var order []string
	sp, sg := sum.Col("population").Records(), sum.Col("gid").Float()
	for k, p := range sp {
		if _, ok := size[p]; !ok {
			order = append(order, p)
			first[p] = int(sg[k])
		}
		size[p]++
	}
	byPop := map[string]*plotting.Spikes{}
	for _, p := range order {
		byPop[p] = &plotting.Spikes{Name: p, Offset: first[p]}
	}
	pop, gid, t := df.Col("population").Records(), df.Col("gid").Float(), df.Col("t_ms").Float()
	for k := range pop {
		s := byPop[pop[k]]
		s.Index = append(s.Index, int32(int(gid[k])-s.Offset))
		s.Times = append(s.Times, t[k]*1e-3)
	}
	var pops []plotting.Spikes
	var rates []plotting.RateSeries
	tStop := 0.0
	for _, x := range t {
		tStop = math.Max(tStop, x*1e-3)
	}
	rdf, err := r.PopulationRates(binMs, f)
	if err != nil {
		return nil, nil, err
	}
	rp, rt, rh := rdf.Col("population").Records(), rdf.Col("t_ms").Float(), rdf.Col("rate_hz").Float()
	for _, p := range order {
		pops = append(pops, *byPop[p])
		rate := analysis.Rate{Bin: binMs * 1e-3}
		for k := range rp {
			if rp[k] == p {
				if len(rate.Hz) == 0 {
					rate.T0 = rt[k] * 1e-3
				}
				rate.Hz = append(rate.Hz, rh[k])
			}
		}
		rates = append(rates, plotting.RateSeries{Name: p, Rate: rate})
	}
	_ = tStop
	return pops, rates, nil
}

func extOf(dir string) string {
	if m, _ := filepath.Glob(filepath.Join(dir, "*"+store.ExtHDF5)); len(m) > 0 {
		return store.ExtHDF5
	}
	return store.ExtH5
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

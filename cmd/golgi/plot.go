package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/analysis"
	"github.com/golgi-sim/golgi/analysis/frames"
	"github.com/golgi-sim/golgi/plotting"
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
		fmt.Fprintf(stderr, "usage: golgi plot DIR/<sim_id> [--sim-num K] [--kind KIND] [-o FILE.png]\n\nDraws a figure from stored results (golgi run's, or an original tool's\nfiles in a layout a model family registered).\nKINDs: %s\n\nflags:\n", strings.Join(plotKinds, ", "))
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
	if !slices.Contains(plotKinds, *kind) {
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
	if *kind != "sweep" && !slices.Contains(nums, *simNum) {
		return fmt.Errorf("%s has no sim_num %d (it has %v)", dir, *simNum, nums)
	}
	title := fmt.Sprintf("%s, sim_num %d", filepath.Base(dir), *simNum)
	var fig plotting.Figure
	switch *kind {
	case "traces":
		fig, err = tracesFigure(r, *simNum, *dataID, title)
	case "sweep":
		fig, err = sweepFigure(r, filepath.Base(dir), *param, *measure)
	default:
		fig, err = spikesFigure(r, *kind, &frames.Filter{SimNums: []int{*simNum}}, *binMs, title)
	}
	if err != nil {
		return err
	}
	if err := plotting.Save(fig, *out, 0, 0); err != nil {
		return err
	}
	abs, _ := filepath.Abs(*out)
	fmt.Fprintln(stdout, "wrote", abs)
	return nil
}

// spikesFigure draws a figure of one sim_num's spikes: raster, rate,
// raster-rate, psd (of the population rates), isi or cv.
func spikesFigure(r *frames.Results, kind string, filter *frames.Filter, binMs float64, title string) (plotting.Figure, error) {
	pops, rates, err := loadSpikes(r, filter, binMs)
	if err != nil {
		return nil, err
	}
	switch kind {
	case "raster":
		return plotting.Raster(pops, &plotting.RasterOptions{Title: title})
	case "rate":
		return plotting.PopulationRate(rates, &plotting.RateOptions{Title: title})
	case "raster-rate":
		return plotting.RasterRate(pops, rates, &plotting.RasterRateOptions{Raster: plotting.RasterOptions{Title: title}})
	case "psd":
		var spectra []plotting.PSDSeries
		for _, rs := range rates {
			psd, err := analysis.Welch(rs.Rate.Hz, rs.Rate.Bin, nil)
			if err != nil {
				return nil, fmt.Errorf("psd of %s: %w", rs.Name, err)
			}
			spectra = append(spectra, plotting.PSDSeries{Name: rs.Name, PSD: psd})
		}
		return plotting.PSD(spectra, &plotting.PSDOptions{Title: title + ": population rate"})
	}
	var trains [][]float64
	for _, p := range pops {
		n := 0
		for _, i := range p.Index {
			n = max(n, int(i)+1)
		}
		trains = append(trains, analysis.SplitTrains(n, p.Index, p.Times)...)
	}
	if kind == "isi" {
		h, err := analysis.ISIHistogram(trains, 1e-3, 0.2)
		if err != nil {
			return nil, err
		}
		return plotting.ISIHistogram(h, &plotting.HistogramOptions{Title: title + ": ISIs"})
	}
	cvs, _ := analysis.CVs(trains)
	return plotting.CVHistogram(cvs, &plotting.HistogramOptions{Title: title + ": CV of ISI"})
}

// maxTraces is the most rows tracesFigure draws.
const maxTraces = 10

// tracesFigure draws the first rows of a recorded variable of a sim_num.
func tracesFigure(r *frames.Results, simNum int, dataID, title string) (plotting.Figure, error) {
	st := r.Store()
	m, attrs, err := st.ReadMatrix32(simNum, dataID)
	if err != nil {
		return nil, err
	}
	dt, ok := attrs.Float64("dt_ms")
	if !ok {
		return nil, fmt.Errorf("%s: %s has no dt_ms attribute", st.Path(dataID), dataID)
	}
	unit, _ := attrs.String("unit")
	scale := 1.0
	if unit == "mV" || unit == "" {
		scale = 1e-3 // plotting.Traces takes volts
	}
	gids, _ := attrs.Uint64s("gids")
	var traces []plotting.Trace
	for i := 0; i < m.Rows && i < maxTraces; i++ {
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
	return plotting.Traces(traces, &plotting.TracesOptions{Title: title + ": " + dataID})
}

// sweepFigure draws a measure of the sweep table against a swept
// parameter (defaults: the first swept key and the first population's
// rate).
func sweepFigure(r *frames.Results, title, param, measure string) (plotting.Figure, error) {
	tab, err := r.SweepTable(nil)
	if err != nil {
		return nil, err
	}
	names := tab.Names()
	if param == "" {
		for _, n := range names[1:] {
			if !strings.HasPrefix(n, "rate_hz_") && !strings.HasPrefix(n, "cv_isi_") {
				param = n
				break
			}
		}
	}
	if measure == "" {
		for _, n := range names {
			if strings.HasPrefix(n, "rate_hz_") {
				measure = n
				break
			}
		}
	}
	if !slices.Contains(names, param) || !slices.Contains(names, measure) {
		return nil, fmt.Errorf("sweep: --param %q and --measure %q must be columns of the sweep table %v", param, measure, names)
	}
	x, y := tab.Col(param).Float(), tab.Col(measure).Float()
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	c := plotting.Curve{Name: measure}
	for _, i := range idx {
		if !math.IsNaN(x[i]) && !math.IsNaN(y[i]) {
			c.X, c.Y = append(c.X, x[i]), append(c.Y, y[i])
		}
	}
	return plotting.Sweep([]plotting.Curve{c}, &plotting.SweepOptions{Title: title, XLabel: param, YLabel: measure})
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
	return pops, rates, nil
}

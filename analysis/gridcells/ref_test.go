package gridcells

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// gcRef holds the outputs of the authors' analysis functions on the
// reference run REF-1D-VDEF and on synthetic inputs, computed once by
// testdata/make_reference.py (scipy 1.10.1, numpy 1.24.2).
type gcRef struct {
	SimDur    int     `json:"sim_dur"`
	NPerSheet int     `json:"N_per_sheet"`
	NPhases   int     `json:"n_phases"`
	Lambda0   float64 `json:"lambda0"`

	InstantRateAllRows []int       `json:"instant_rate_all_rows"`
	InstantRateAll     [][]float64 `json:"instant_rate_all"`
	IRASigma7Row60     []float64   `json:"instant_rate_all_sigma7_row60"`
	IRCell60Sigma40    []float64   `json:"instant_rate_cell60_sigma40"`
	IRAOddRow60        []float64   `json:"instant_rate_all_odd_row60"`
	RateStell          float64     `json:"rate_stell"`
	RateIntrnrn        float64     `json:"rate_intrnrn"`

	DecodePos                 []float64    `json:"decode_pos"`
	DecodePosSigma40          []float64    `json:"decode_pos_sigma40_2pi"`
	DecodePosFromInterneurons []float64    `json:"decode_pos_by_intrnrn"`
	ButterSOS                 [][6]float64 `json:"butter_sos"`
	SpeedRadS                 float64      `json:"speed_rad_s"`
	SpeedPredRadS             float64      `json:"speed_pred_rad_s"`
	UnwrapIn                  []float64    `json:"unwrap_in"`
	UnwrapOut                 []float64    `json:"unwrap_out"`
	UnwrapInP5                []float64    `json:"unwrap_in_p5"`
	UnwrapOutP5               []float64    `json:"unwrap_out_p5"`

	PeriodicActivity100x3    [][]float64 `json:"periodic_activity_100_3"`
	PeriodicActivityIn300x5  [][]float64 `json:"periodic_activity_intrnrn_300_5"`
	GridScale100             float64     `json:"grid_scale_neurons_100"`
	GridScale1000            float64     `json:"grid_scale_neurons_1000"`
	GridFieldSizes100        float64     `json:"grid_field_sizes_neurons_100"`
	GridFieldSizes1000       float64     `json:"grid_field_sizes_neurons_1000"`
	GridScaleIntrnrn100      float64     `json:"grid_scale_neurons_intrnrn_100"`
	GridFieldSizesIntrnrn100 float64     `json:"grid_field_sizes_neurons_intrnrn_100"`
	FindPeaksIn              []float64   `json:"find_peaks_in"`
	FindPeaksOut             []int       `json:"find_peaks_out"`
	SimpsonIn                [][]float64 `json:"simpson_in"`
	SimpsonOut               []float64   `json:"simpson_out"`

	CleanCounts        []int          `json:"clean_spikes_counts"`
	CleanRemoved       [][]float64    `json:"clean_spikes_removed_first"`
	SeparateFields     [][][3]float64 `json:"separate_fields"`
	FieldSizeTime      float64        `json:"grid_field_size_time"`
	ScaleTime          float64        `json:"grid_scale_time"`
	FieldSizeTimeRing1 float64        `json:"grid_field_size_time_ring1"`
	ScaleTimeRing1     float64        `json:"grid_scale_time_ring1"`
	ShiftFieldsCell60  [][]float64    `json:"shift_fields_cell60"`

	Bias               float64      `json:"bias"`
	FieldSize          float64      `json:"field_size"`
	RemoveUnevenCell60 [][]float64  `json:"remove_uneven_cell60"`
	SepFieldsPred60    [][]float64  `json:"sep_fields_pred_cell60"`
	FieldPosCell60     [][]float64  `json:"field_pos_cell60"`
	ConvFieldPos60     [][]float64  `json:"convolve_field_pos_cell60"`
	ConvFieldPos60W3   [][]float64  `json:"convolve_field_pos_cell60_w3"`
	InhibGFirstLast    [2]float64   `json:"inhib_g_first_last"`
	CircularDifference [][3]float64 `json:"circular_difference"`

	FFTPowerFirst200 []float64 `json:"fft_power_first200"`
	FFTPeakHz        float64   `json:"fft_peak_hz_1_140"`

	Corr2DIn  [][]float64            `json:"corr2d_in"`
	Corr2DOut [][]float64            `json:"corr2d_out"`
	RotateIn  [][]float64            `json:"rotate_in"`
	RotateOut map[string][][]float64 `json:"rotate_out"`
	LabelIn   [][]float64            `json:"label_in"`
	LabelOut  [][]int                `json:"label_out"`
	GridProps []gcGridCase           `json:"grid_props_2D"`

	stell, intrnrn [][]float64
	quietV         []float64
}

type gcGridCase struct {
	N      int         `json:"n"`
	Scale  float64     `json:"scale"`
	Orient float64     `json:"orient"`
	Noise  float64     `json:"noise"`
	Width  float64     `json:"width"`
	Map    [][]float64 `json:"map"`
	Out    [4]*float64 `json:"out"`
}

var (
	gcOnce sync.Once
	gcData *gcRef
	gcErr  error
)

func readGz(path string, fn func(line string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		if err := fn(sc.Text()); err != nil {
			return err
		}
	}
	return sc.Err()
}

// readTrains reads one train per line, times as float32 values (the
// original's files), widened to float64 as numpy does.
func readTrains(path string) ([][]float64, error) {
	var out [][]float64
	err := readGz(path, func(line string) error {
		tr := []float64{}
		for _, f := range strings.Fields(line) {
			v, err := strconv.ParseFloat(f, 32)
			if err != nil {
				return err
			}
			tr = append(tr, float64(float32(v)))
		}
		out = append(out, tr)
		return nil
	})
	return out, err
}

func loadGCRef(t *testing.T) *gcRef {
	t.Helper()
	gcOnce.Do(func() {
		const dir = "testdata/"
		b, err := os.ReadFile(dir + "reference.json")
		if err != nil {
			gcErr = err
			return
		}
		var r gcRef
		if gcErr = json.Unmarshal(b, &r); gcErr != nil {
			return
		}
		if r.stell, gcErr = readTrains(dir + "ref1d_stell_spikes.txt.gz"); gcErr != nil {
			return
		}
		if r.intrnrn, gcErr = readTrains(dir + "ref1d_intrnrn_spikes.txt.gz"); gcErr != nil {
			return
		}
		gcErr = readGz(dir+"stellate_quiet_v.txt.gz", func(line string) error {
			v, err := strconv.ParseFloat(line, 64)
			r.quietV = append(r.quietV, v)
			return err
		})
		gcData = &r
	})
	if gcErr != nil {
		t.Fatalf("reading the GridCellsCond reference data: %v", gcErr)
	}
	return gcData
}

// closeRel reports whether got equals want within rel relative to
// max(|want|, scale), the scale taking care of values near zero.
func closeRel(got, want, rel, scale float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), scale)
}

func maxAbs(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

// checkSeries fails if any got[i] differs from want[i] by more than rel
// relative to max(|want[i]|, scale).
func checkSeries(t *testing.T, name string, got, want []float64, rel, scale float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d values, want %d", name, len(got), len(want))
		return
	}
	bad := 0
	for i := range want {
		if !closeRel(got[i], want[i], rel, scale) {
			if bad < 3 {
				t.Errorf("%s[%d] = %.15g, want %.15g", name, i, got[i], want[i])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d values differ", name, bad, len(want))
	}
}

// checkCircular compares positions on a circle of period l: the shortest
// arc between got and want at most tol.
func checkCircular(t *testing.T, name string, got, want []float64, l, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d values, want %d", name, len(got), len(want))
		return
	}
	bad := 0
	for i := range want {
		if d := math.Abs(math.Remainder(got[i]-want[i], l)); !(d <= tol) {
			if bad < 3 {
				t.Errorf("%s[%d] = %.15g, want %.15g", name, i, got[i], want[i])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d values differ", name, bad, len(want))
	}
}

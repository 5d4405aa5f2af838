package plotting_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/golgi-sim/golgi/analysis"
	"github.com/golgi-sim/golgi/plotting"
	"gonum.org/v1/plot/vg"
)

func ExampleRasterRate() {
	// 100 neurons firing in turn, one spike per ms.
	var sp plotting.Spikes
	sp.Name = "E"
	for k := 0; k < 1000; k++ {
		sp.Index = append(sp.Index, int32(k%100))
		sp.Times = append(sp.Times, float64(k)*1e-3)
	}
	rate, _ := analysis.SmoothedPopulationRate(sp.Times, 100, 0, 1, 1e-3, 5e-3)
	fig, err := plotting.RasterRate([]plotting.Spikes{sp}, []plotting.RateSeries{{Name: "E", Rate: rate}}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	img, _ := plotting.Image(fig, 0, 0, 100)
	fmt.Println(fig.Plots[0].Title.Text, img.Bounds().Dx(), "x", img.Bounds().Dy())
	// Output: Spike raster and population rate 800 x 450
}

func ExamplePSD() {
	dt := 1e-3
	x := make([]float64, 5000)
	for k := range x {
		x[k] = math.Sin(2 * math.Pi * 40 * float64(k) * dt)
	}
	psd, _ := analysis.Welch(x, dt, nil)
	p, _ := plotting.PSD([]plotting.PSDSeries{{Name: "signal", PSD: psd}}, &plotting.PSDOptions{Unit: "mV"})
	dir, _ := os.MkdirTemp("", "golgi")
	defer os.RemoveAll(dir)
	err := plotting.Save(p, filepath.Join(dir, "psd.svg"), 6*vg.Inch, 4*vg.Inch)
	fmt.Println(p.Y.Label.Text, err)
	// Output: PSD (mV²/Hz) <nil>
}

func ExampleSpatialAutocorrelogram() {
	m := analysis.Map{Nx: 30, Ny: 30, Bin: 0.025, Values: make([]float64, 900)}
	for j := 0; j < 30; j++ {
		for i := 0; i < 30; i++ {
			m.Values[j*30+i] = math.Cos(float64(i)/3) + math.Cos(float64(j)/4)
		}
	}
	ac, _ := analysis.Autocorrelation(m)
	g, err := analysis.GridScore(ac)
	if err != nil {
		fmt.Println(err)
		return
	}
	fig, _ := plotting.SpatialAutocorrelogram(ac, &plotting.MapOptions{Grid: &g})
	fmt.Println(fig.Plots[0].X.Label.Text, fig.Plots[1].X.Label.Text)
	// Output: x lag (cm) correlation
}

package kernel_test

import (
	"fmt"

	"github.com/golgi-sim/golgi/kernel"
	"github.com/golgi-sim/golgi/plotting"
	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/nets"
)

// A notebook cell: run COBA for a short time with a progress bar, stop it
// with Jupyter's stop button if it takes too long, and show the raster.
// Outside a notebook the same code prints text.
func Example() {
	net, err := nets.COBA(nets.COBAConfig{N: 400, P: 0.2})
	if err != nil {
		kernel.Show(err)
		return
	}
	res, err := sim.Run(kernel.Context(), net, 50*sim.Millisecond,
		&sim.Options{Progress: kernel.Progress("COBA")}) // summary on stderr outside a notebook
	kernel.Show(err) // nil shows nothing; an interruption keeps the partial result
	e, i := res.Spikes["E"], res.Spikes["I"]
	p, err := plotting.Raster([]plotting.Spikes{
		{Name: "E", Index: e.Index, Times: e.Time},
		{Name: "I", Offset: e.N, Index: i.Index, Times: i.Time},
	}, &plotting.RasterOptions{Title: "COBA"})
	kernel.Show(err, p)
	fmt.Println("complete:", res.Complete)
	// Output:
	// [figure "COBA"]
	// complete: true
}

func ExampleShow() {
	kernel.Show(kernel.Markdown("**Brunel 2000**, model A"))
	kernel.Show(kernel.Table{
		Header: []string{"regime", "g", "eta"},
		Rows:   [][]string{{"SR", "3", "2"}, {"AI", "5", "2"}},
	})
	// Output:
	// **Brunel 2000**, model A
	// regime  g  eta
	// SR      3  2
	// AI      5  2
}

func ExampleMust() {
	// Must stops the cell with a readable message if the network is wrong.
	net := kernel.Must(nets.CUBA(nets.CUBAConfig{N: 100}))
	fmt.Println(net.NumNeurons(), "neurons")
	// Output:
	// 100 neurons
}

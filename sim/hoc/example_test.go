package hoc_test

import (
	"fmt"
	"log"

	"github.com/golgi-sim/golgi/sim/hoc"
)

// A template of two sections with pas, a distance rule evaluated through
// sprint and execute as BluePyOpt's distribute_distance does, converted
// to a morph.Cell.
func Example() {
	const src = `
begintemplate Ball
public soma, dend, all, connect2target
create soma, dend
objref all
proc init() { local x  strdef cmd
	all = new SectionList()
	soma { L = 20  diam = 20  all.append() }
	dend { L = 200  diam = 2  nseg = 5  all.append() }
	connect dend(0), soma(1)
	forsec all { insert pas  Ra = 100  g_pas = 1e-4 }
	soma distance(0, 0.5)
	dend for (x, 0) {
		sprint(cmd, "%s g_pas(%g) = %.17g", secname(), x, 1e-4*(1 + distance(x)/100))
		execute(cmd)
	}
}
proc connect2target() { soma $o2 = new NetCon(&v(1), $o1)  $o2.threshold = -20 }
endtemplate Ball
`
	in := hoc.New(nil)
	if err := in.Exec("ball.hoc", src); err != nil {
		log.Fatal(err)
	}
	o, err := in.NewObject("Ball")
	if err != nil {
		log.Fatal(err)
	}
	c, err := in.Cell(o)
	if err != nil {
		log.Fatal(err)
	}
	for i, s := range c.Morph.Morphology.Sections {
		fmt.Printf("%s L=%g nseg=%d id=%d\n", s.Name, s.L, s.Nseg, c.SectionID[i])
	}
	for j := 0; j < 5; j++ {
		p, _ := c.SegmentParams(1, j)
		fmt.Printf("dend segment %d: g_pas = %.4g\n", j, p["pas"]["g"])
	}
	fmt.Println("spike detector:", c.Morph.Spike, c.Morph.ThresholdMV)
	// Output:
	// soma[0] L=20 nseg=1 id=0
	// dend[0] L=200 nseg=5 id=1
	// dend segment 0: g_pas = 0.00013
	// dend segment 1: g_pas = 0.00017
	// dend segment 2: g_pas = 0.00021
	// dend segment 3: g_pas = 0.00025
	// dend segment 4: g_pas = 0.00029
	// spike detector: soma[0](1) -20
}

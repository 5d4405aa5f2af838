package hoc_test

import (
	"fmt"
	"testing"

	"github.com/golgi-sim/golgi/sim/hoc"
	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/random123"

	_ "github.com/golgi-sim/golgi/sim/mech/native" // StochKv3
)

// TestMechanismCalls checks setdata_M(x) proc_M(args) (the BBP templates'
// re_init_rng seeding StochKv3 per segment) and StringFunctions' head and
// tail: the calls are kept per segment and reach morph.Insert.CallsAt.
func TestMechanismCalls(t *testing.T) {
	const src = `
begintemplate Stoch
public soma, dend
create soma, dend
proc init() { local x  localobj sf  strdef name, before
	sf = new StringFunctions()
	soma { L = 20  diam = 20 }
	dend { L = 100  diam = 2  nseg = 3  insert StochKv3 }
	connect dend(0), soma(1)
	forsec "dend" {
		for (x, 0) {
			setdata_StochKv3(x)
			sf.tail(secname(), "\\.", name)
			sf.head(secname(), "\\.", before)
			setRNG_StochKv3(7, x*1000, sf.len(name) + 10*sf.len(before))
		}
	}
	dend gkbar_StochKv3(0.5) = 0.01
}
endtemplate Stoch
`
	in := hoc.New(nil)
	if err := in.Exec("stoch.hoc", src); err != nil {
		t.Fatal(err)
	}
	o, err := in.NewObject("Stoch")
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.Cell(o)
	if err != nil {
		t.Fatal(err)
	}
	var ins *morph.Insert
	for i := range c.Morph.Inserts {
		if c.Morph.Inserts[i].Mech == "StochKv3" {
			ins = &c.Morph.Inserts[i]
		}
	}
	if ins == nil || ins.CallsAt == nil {
		t.Fatalf("no StochKv3 insert with calls: %+v", c.Morph.Inserts)
	}
	// secname() is "Stoch[0].dend[0]": tail after the first '.' is
	// "dend[0]" (7), head before it "Stoch[0]" (8).
	// x as NEURON's for (x, 0) gives it: 1/6 + 1/3 + 1/3 is
	// 0.83333333333333326, not 5/6 (TestForSegXs).
	for j, x := range []float64{1. / 6, 0.5, 0.83333333333333326} {
		calls := ins.CallsAt(morph.Segment{Section: "dend[0]", X: x})
		want := fmt.Sprintf("[{setRNG [7 %g 87]}]", x*1000)
		if got := fmt.Sprint(calls); got != want {
			t.Errorf("segment %d: calls %s, want %s", j, got, want)
		}
	}
	// The calls reach the native mechanism when the cell is built.
	g, err := morph.NewCellGroup([]*morph.Cell{c.Morph}, 0.025, 34)
	if err != nil {
		t.Fatal(err)
	}
	seeded := 0
	for _, m := range g.Mechanisms() {
		if s, ok := m.(interface{ Stream(int) *random123.Stream }); ok {
			for k := 0; k < m.Len(); k++ {
				if s.Stream(k) != nil {
					seeded++
				}
			}
		}
	}
	if seeded != 3 {
		t.Errorf("%d StochKv3 instances with a stream, want 3", seeded)
	}
	// Errors: setdata_ of a mechanism not inserted.
	if err := in.Exec("bad.hoc", "create x\nx { setdata_StochKv3(0.5) }\n"); err == nil {
		t.Error("setdata_ of a mechanism not inserted accepted")
	}
}

// TestForSegmentHash checks that a template's for (x, 0) loop gives x as
// NEURON does (accumulated, TestForSegXs) to what it calls: the BBP
// templates' re_init_rng prints x with %.19g and hashes it into
// setRNG_StochKv3's second id. With 5 segments NEURON 8.2.2 prints
// axon[0].0.3000000000000000444 and axon[0].0.8999999999999999112
// (hash_str 1446141229 and 1845512532, as its printf showed running
// cSTUT_L6NGC of sscx-v7-plasticity), where (i + 0.5)/nseg would give
// 0.2999999999999999889 and 0.9000000000000000222.
func TestForSegmentHash(t *testing.T) {
	const src = `
begintemplate H
public axon
create axon[1]
proc init() { local x  strdef s
	axon[0] { L = 100  diam = 1  nseg = 5  insert StochKv3 }
	forsec "axon" {
		for (x, 0) {
			setdata_StochKv3(x)
			sprint(s, "axon[0].%.19g", x)
			setRNG_StochKv3(3, hash_str(s), 0)
		}
	}
}
func hash_str() {localobj sf strdef right
	sf = new StringFunctions()
	right = $s1
	n_of_c = sf.len(right)
	hash = 0
	char_int = 0
	for i = 0, n_of_c - 1 {
		sscanf(right, "%c", & char_int)
		hash = (hash * 31 + char_int) % (2 ^ 31 - 1)
		sf.right(right, 1)
	}
	return hash
}
endtemplate H
`
	in := hoc.New(nil)
	if err := in.Exec("hash.hoc", src); err != nil {
		t.Fatal(err)
	}
	o, err := in.NewObject("H")
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.Cell(o)
	if err != nil {
		t.Fatal(err)
	}
	var ins *morph.Insert
	for i := range c.Morph.Inserts {
		if c.Morph.Inserts[i].Mech == "StochKv3" {
			ins = &c.Morph.Inserts[i]
		}
	}
	if ins == nil || ins.CallsAt == nil {
		t.Fatalf("no StochKv3 insert with calls: %+v", c.Morph.Inserts)
	}
	for j, want := range []float64{1984242279, 1446141229, 12725153, 236137718, 1845512532} {
		calls := ins.CallsAt(morph.Segment{Section: "axon[0]", X: (float64(j) + .5) / 5})
		if len(calls) != 1 || len(calls[0].Args) != 3 || calls[0].Args[1] != want {
			t.Errorf("segment %d: calls %v, want setRNG [3 %.0f 0] (NEURON's hash)", j, calls, want)
		}
	}
}

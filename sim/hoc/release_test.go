package hoc_test

import (
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/hoc"
)

// TestSegmentValuesErrors checks SegmentParams and SegmentIons: values of
// a segment the template set, errors naming the problem for a section or
// segment that does not exist and after Release.
func TestSegmentValuesErrors(t *testing.T) {
	const src = `
begintemplate Two
public soma, dend
create soma, dend
proc init() {
	soma { L = 20  diam = 20  insert pas  g_pas = 2e-4 }
	dend { L = 100  diam = 2  nseg = 3  insert pas }
	connect dend(0), soma(1)
}
endtemplate Two
`
	in := hoc.New(nil)
	if err := in.Exec("two.hoc", src); err != nil {
		t.Fatal(err)
	}
	o, err := in.NewObject("Two")
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.Cell(o)
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.SegmentParams(0, 0)
	if err != nil || p["pas"]["g"] != 2e-4 {
		t.Fatalf("SegmentParams(0, 0) = %v, %v; want g_pas 2e-4", p, err)
	}
	if _, err := c.SegmentIons(1, 2); err != nil {
		t.Fatalf("SegmentIons(1, 2): %v", err)
	}
	for _, c2 := range []struct {
		i, j int
		want string
	}{{2, 0, "section 2 of 2"}, {-1, 0, "section -1"}, {1, 3, "segment 3"}, {0, -1, "segment -1"}} {
		if _, err := c.SegmentParams(c2.i, c2.j); err == nil || !strings.Contains(err.Error(), c2.want) {
			t.Errorf("SegmentParams(%d, %d): %v, want an error with %q", c2.i, c2.j, err, c2.want)
		}
		if _, err := c.SegmentIons(c2.i, c2.j); err == nil || !strings.Contains(err.Error(), c2.want) {
			t.Errorf("SegmentIons(%d, %d): %v, want an error with %q", c2.i, c2.j, err, c2.want)
		}
	}
	c.Release()
	if _, err := c.SegmentParams(0, 0); err == nil || !strings.Contains(err.Error(), "released") {
		t.Errorf("SegmentParams after Release: %v", err)
	}
	if _, err := c.SegmentIons(0, 0); err == nil || !strings.Contains(err.Error(), "released") {
		t.Errorf("SegmentIons after Release: %v", err)
	}
}

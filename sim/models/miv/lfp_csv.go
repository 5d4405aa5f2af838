package miv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim/lfp"
)

// segmentColumns are the first columns of a segments file of golgi miv
// lfp, named so in its header.
var segmentColumns = [...]string{"x0", "y0", "z0", "x1", "y1", "z1", "diam_um"}

// SegmentCurrents are segments and their membrane currents over time,
// as golgi miv lfp reads them from a CSV file (ReadSegmentsCSV).
type SegmentCurrents struct {
	Segs lfp.Segments
	// TMs are the times of the currents (ms), increasing.
	TMs []float64
	// CurrentsNA are the currents (nA, positive outward) time-major:
	// segment k's at TMs[i] is CurrentsNA[i*Segs.Len()+k].
	CurrentsNA []float64
	// Lines are the file's line of each segment, for messages.
	Lines []int
}

// At returns the currents of every segment at time index i.
func (sc *SegmentCurrents) At(i int) []float64 {
	n := sc.Segs.Len()
	return sc.CurrentsNA[i*n : (i+1)*n]
}

// ReadSegmentsCSV reads the segments file of golgi miv lfp from r (name
// is the file's name for messages). It is a CSV file: lines starting
// with # are comments; the header names the columns x0, y0, z0, x1, y1,
// z1, diam_um (the segment's ends and diameter, µm) and then the times
// of the currents, in ms, increasing (0, 0.025, ...); each following
// row is a segment: its ends, its diameter and its current (nA, positive
// outward) at each time. Every value must be a finite number and every
// diameter >= 0. An error names the file, line and column.
func ReadSegmentsCSV(name string, r io.Reader) (*SegmentCurrents, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty: want a header x0,y0,z0,x1,y1,z1,diam_um,<t_ms>,...", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	hline, _ := cr.FieldPos(0)
	if len(head) < len(segmentColumns)+1 {
		return nil, fmt.Errorf("%s line %d: header of %d columns: want x0,y0,z0,x1,y1,z1,diam_um and at least one time (ms)", name, hline, len(head))
	}
	for i, want := range segmentColumns {
		if got := strings.TrimSpace(head[i]); !strings.EqualFold(got, want) {
			return nil, fmt.Errorf("%s line %d, column %d: header %q: want %q (columns x0,y0,z0,x1,y1,z1,diam_um, then times in ms)", name, hline, i+1, got, want)
		}
	}
	sc := &SegmentCurrents{}
	for i, h := range head[len(segmentColumns):] {
		col := len(segmentColumns) + i + 1
		t, err := strconv.ParseFloat(strings.TrimSpace(h), 64)
		if err != nil || math.IsNaN(t) || math.IsInf(t, 0) {
			return nil, fmt.Errorf("%s line %d, column %d: time %q: want a finite number of ms", name, hline, col, h)
		}
		if i > 0 && !(t > sc.TMs[i-1]) {
			return nil, fmt.Errorf("%s line %d, column %d: time %g ms after %g: want increasing times", name, hline, col, t, sc.TMs[i-1])
		}
		sc.TMs = append(sc.TMs, t)
	}
	ncol := len(head)
	var rows [][]float64 // per segment: its currents at every time
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s line %d, column %d: %w", name, pe.Line, pe.Column, pe.Err)
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != ncol {
			return nil, fmt.Errorf("%s line %d: %d columns, the header has %d (7 of geometry and %d times)", name, line, len(rec), ncol, len(sc.TMs))
		}
		var v [7]float64
		cur := make([]float64, len(sc.TMs))
		for i, f := range rec {
			x, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("%s line %d, column %d (%s): %q: want a finite number", name, line, i+1, columnName(i, sc.TMs), f)
			}
			if i < len(v) {
				v[i] = x
			} else {
				cur[i-len(v)] = x
			}
		}
		if v[6] < 0 {
			return nil, fmt.Errorf("%s line %d, column 7 (diam_um): diameter %g um: want >= 0", name, line, v[6])
		}
		sc.Segs.Append([3]float64{v[0], v[1], v[2]}, [3]float64{v[3], v[4], v[5]}, v[6], 1)
		sc.Lines = append(sc.Lines, line)
		rows = append(rows, cur)
	}
	n := len(rows)
	sc.CurrentsNA = make([]float64, n*len(sc.TMs))
	for k, cur := range rows {
		for i, x := range cur {
			sc.CurrentsNA[i*n+k] = x
		}
	}
	return sc, nil
}

// columnName names column i (0-based) for messages.
func columnName(i int, tMs []float64) string {
	if i < len(segmentColumns) {
		return segmentColumns[i]
	}
	return fmt.Sprintf("current at %g ms", tMs[i-len(segmentColumns)])
}

package miv

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/internal/atomicfile"
	"github.com/golgi-sim/golgi/sim/lfp"
	"github.com/golgi-sim/golgi/sim/models"
)

var _ = addCommand(models.Command{
	Name: "lfp",
	Usage: `--segments segments.csv --electrode X,Y,Z [--rho OHM_CM] -o lfp.csv
the extracellular potential (mV) at an electrode (µm) of prescribed segment
currents, by the line source of the network's LFP (docs/LFP.md): segments.csv
has the header x0,y0,z0,x1,y1,z1,diam_um,<t_ms>,... and a segment a row
(ends and diameter in µm, then its current in nA at each time); lfp.csv has
t_ms,v_mV (-o - writes to standard output)`,
	Run: cmdLFP,
})

// cmdLFP is golgi miv lfp.
func cmdLFP(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("golgi miv lfp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	segPath := fs.String("segments", "", "the segments and their currents (CSV: x0,y0,z0,x1,y1,z1,diam_um, then nA at each time in ms)")
	elec := fs.String("electrode", "", "the electrode's position X,Y,Z (µm)")
	rho := fs.Float64("rho", lfp.DefaultRhoOhmCm, "extracellular resistivity (ohm cm)")
	out := fs.String("o", "", "the output CSV (t_ms,v_mV); - for standard output")
	usage := "usage: golgi miv lfp --segments segments.csv --electrode X,Y,Z [--rho OHM_CM] -o lfp.csv"
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 || *segPath == "" || *elec == "" || *out == "" {
		fmt.Fprintln(stderr, usage)
		return models.ErrUsage
	}
	pos, err := parseElectrode(*elec)
	if err != nil {
		return fmt.Errorf("lfp: --electrode %q: %w", *elec, err)
	}
	if !(*rho > 0) || math.IsInf(*rho, 0) {
		return fmt.Errorf("lfp: --rho %g ohm cm: want a positive finite value", *rho)
	}
	f, err := os.Open(*segPath)
	if err != nil {
		return fmt.Errorf("lfp: %w", err)
	}
	sc, err := ReadSegmentsCSV(*segPath, f)
	f.Close()
	if err != nil {
		return fmt.Errorf("lfp: %w", err)
	}
	v, err := SegmentLFP(sc, lfp.Electrode{PosUm: pos, RhoOhmCm: *rho})
	if err != nil {
		return fmt.Errorf("lfp: %s: %w", *segPath, err)
	}
	var buf bytes.Buffer
	buf.WriteString("t_ms,v_mV\n")
	for i, t := range sc.TMs {
		buf.WriteString(strconv.FormatFloat(t, 'g', -1, 64))
		buf.WriteByte(',')
		buf.WriteString(strconv.FormatFloat(v[i], 'g', -1, 64))
		buf.WriteByte('\n')
	}
	if *out == "-" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	if err := atomicfile.Write(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("lfp: %w", err)
	}
	return nil
}

// SegmentLFP returns the potential (mV) at electrode e of the segments'
// currents at each of their times, by the line-source coefficients the
// network's LFP uses (lfp.New). An electrode on the axis of a segment of
// zero diameter is an error naming the segment's line.
func SegmentLFP(sc *SegmentCurrents, e lfp.Electrode) ([]float64, error) {
	ls, err := lfp.New(&sc.Segs, e)
	if err != nil {
		if errors.Is(err, lfp.ErrSingular) {
			for k := range sc.Lines {
				a := [3]float64{sc.Segs.X0Um[k], sc.Segs.Y0Um[k], sc.Segs.Z0Um[k]}
				b := [3]float64{sc.Segs.X1Um[k], sc.Segs.Y1Um[k], sc.Segs.Z1Um[k]}
				if _, e2 := lfp.Coefficient(a, b, sc.Segs.DiamUm[k], e); e2 != nil {
					return nil, fmt.Errorf("line %d: the electrode at %v lies on the segment %v-%v of zero diameter: the potential is infinite (give its diameter)", sc.Lines[k], e.PosUm, a, b)
				}
			}
		}
		return nil, err
	}
	v := make([]float64, len(sc.TMs))
	for i := range v {
		if v[i], err = ls.PotentialMV(sc.At(i)); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// parseElectrode parses X,Y,Z.
func parseElectrode(s string) ([3]float64, error) {
	var p [3]float64
	f := strings.Split(s, ",")
	if len(f) != 3 {
		return p, errors.New("want three numbers X,Y,Z (µm)")
	}
	for i, x := range f {
		v, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return p, fmt.Errorf("coordinate %d %q: want a finite number (µm)", i+1, x)
		}
		p[i] = v
	}
	return p, nil
}

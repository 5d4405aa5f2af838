package mech

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// RunConfig is a single-compartment run (what golgi nmodl run does): the
// soma, the mechanisms inserted at 0.5 with parameters set, the clamps,
// NEURON's fixed step, and what to record.
type RunConfig struct {
	LUm, DiamUm, CmUFcm2 float64
	Celsius, VInitMV     float64
	TStopMs, DtMs        float64
	// Mechanisms are the registered mechanisms inserted, in order.
	Mechanisms []string
	// Set assigns per-instance variables and GLOBALs, NEURON's names:
	// "gCa_HVAbar_Ca_HVA" (variable_mechanism) = value.
	Set     map[string]float64
	IClamp  *IClamp
	SEClamp *SEClamp
	// Record names the columns after t_ms: "v", ion variables ("cai",
	// "ica", "eca"), "i_IClamp", "i_SEClamp" or variable_mechanism.
	Record []string
}

// RunCSV runs cfg and writes the recorded variables at every step as
// CSV, t_ms first, with %.17g (every double exactly).
func RunCSV(cfg RunConfig, w io.Writer) error {
	c := NewCompartment(cfg.LUm, cfg.DiamUm)
	if cfg.CmUFcm2 > 0 {
		c.CmUFcm2 = cfg.CmUFcm2
	}
	c.Celsius, c.VInitMV, c.DtMs = cfg.Celsius, cfg.VInitMV, cfg.DtMs
	c.IClamp, c.SEClamp = cfg.IClamp, cfg.SEClamp
	byName := map[string]Mechanism{}
	for _, name := range cfg.Mechanisms {
		m, err := New(name, 1)
		if err != nil {
			return err
		}
		if err := c.Insert(m); err != nil {
			return err
		}
		byName[name] = m
	}
	keys := make([]string, 0, len(cfg.Set))
	for k := range cfg.Set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := set(byName, k, cfg.Set[k]); err != nil {
			return err
		}
	}
	if !(cfg.TStopMs > 0) {
		return fmt.Errorf("mech: tstop %g ms: want a positive time", cfg.TStopMs)
	}
	if err := c.Init(); err != nil {
		return err
	}
	readers := make([]func() float64, len(cfg.Record))
	for i, name := range cfg.Record {
		r, err := c.Reader(name)
		if err != nil {
			return err
		}
		readers[i] = r
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "t_ms,%s\n", strings.Join(cfg.Record, ","))
	row := func() {
		bw.WriteString(strconv.FormatFloat(c.T(), 'g', 17, 64))
		for _, r := range readers {
			bw.WriteByte(',')
			bw.WriteString(strconv.FormatFloat(r(), 'g', 17, 64))
		}
		bw.WriteByte('\n')
	}
	row()
	steps := int(math.Round(cfg.TStopMs / cfg.DtMs))
	for range steps {
		c.Step()
		row()
	}
	return bw.Flush()
}

// set assigns variable_mechanism = value.
func set(ms map[string]Mechanism, key string, value float64) error {
	for name, m := range ms {
		v, ok := CutMechSuffix(key, name)
		if !ok {
			continue
		}
		if err := CheckLimit(m, v, value); err != nil {
			return err
		}
		if x := m.Var(v); x != nil {
			for i := range x {
				x[i] = value
			}
			return nil
		}
		if err := m.SetGlobal(v, value); err == nil {
			return nil
		}
		return fmt.Errorf("mech: %s: %s has no variable %q (it has %v)", key, name, v, m.Vars())
	}
	return fmt.Errorf("mech: %s: want variable_mechanism with one of the inserted mechanisms", key)
}

// Reader returns a function reading a column of the compartment after
// Init: "v", an ion variable ("cai", "ica", "eca", ...), "i_IClamp",
// "i_SEClamp" or variable_mechanism ("m_Ca_HVA").
func (c *Compartment) Reader(name string) (func() float64, error) {
	e := c.Env()
	switch name {
	case "v":
		return func() float64 { return e.V[0] }, nil
	case "i_IClamp":
		if c.IClamp == nil {
			return nil, fmt.Errorf("mech: record i_IClamp: no IClamp")
		}
		return func() float64 { return c.IClamp.I }, nil
	case "i_SEClamp":
		if c.SEClamp == nil {
			return nil, fmt.Errorf("mech: record i_SEClamp: no SEClamp")
		}
		return func() float64 { return c.SEClamp.I }, nil
	}
	for _, ion := range e.Ions {
		switch name {
		case ion.Name + "i":
			return func() float64 { return ion.Ci[0] }, nil
		case ion.Name + "o":
			return func() float64 { return ion.Co[0] }, nil
		case "e" + ion.Name:
			return func() float64 { return ion.E[0] }, nil
		case "i" + ion.Name:
			return func() float64 { return ion.I[0] }, nil
		}
	}
	for _, m := range c.mechs {
		if v, ok := CutMechSuffix(name, m.Name()); ok {
			if x := m.Var(v); x != nil {
				return func() float64 { return x[0] }, nil
			}
		}
	}
	return nil, fmt.Errorf("mech: cannot record %q: want v, an ion variable (cai, ica, ...), i_IClamp, i_SEClamp or variable_mechanism", name)
}

package nmodl

import (
	"strings"
	"testing"
)

// TestLaneLoopsFunctionsAndGlobals checks which loops laneLoops takes:
// FUNCTIONs are inlined, GLOBALs assigned per instance are taken only
// when each instance assigns them before it reads them, outside IFs.
func TestLaneLoopsFunctionsAndGlobals(t *testing.T) {
	const head = `package p

func (m *T) StateRange(e *mech.Env, k0, k1 int) {
	s_a := m.X_a[:k1]
	x_g := m.X_g
	x_q := m.X_q
	for k := k0; k < k1; k++ {
		x_a := s_a[k]
`
	const tail = `
		s_a[k] = x_a
	}
	m.X_g = x_g
}

func (m *T) f_trap(e *mech.Env, k int, a_v float64, a_q float64) float64 {
	var r_trap float64
	{
		if math.Abs(a_v) > 1e-6 {
			r_trap = a_v / (1.0 - math.Exp(-a_v/a_q))
		} else {
			r_trap = a_q
		}
	}
	return r_trap
}

func (m *T) f_outer(e *mech.Env, k int, a_v float64) float64 {
	var r_outer float64
	r_outer = 2.0 * m.f_tab(e, k, a_v)
	return r_outer
}

func (m *T) f_tab(e *mech.Env, k int, a_v float64) float64 {
	if m.X_usetable == 0 {
		return m.raw_tab(e, k, a_v)
	}
	m.table_tab(e, k)
	return m.tab_tab.c0[0]
}

func (m *T) table_tab(e *mech.Env, k int) { m.raw_tab(e, k, 0.0) }

func (m *T) raw_tab(e *mech.Env, k int, a_v float64) float64 {
	m.X_q10 = 3.0
	return a_v
}

func (m *T) f_self(e *mech.Env, k int, a_v float64) float64 {
	var r_self float64
	r_self = m.f_self(e, k, a_v)
	return r_self
}

func (m *T) f_store(e *mech.Env, k int, a_v float64) float64 {
	var r_store float64
	m.X_a[k] = a_v
	r_store = a_v
	return r_store
}
`
	for _, c := range []struct {
		name, body string
		lanes      bool
		want       []string // in the lane file
	}{
		{"global assigned, then read", "x_g = x_a * 2.0\nx_a = x_a + x_g", true, []string{"*lq_0 = lt[3]"}},
		{"global read first", "x_a = x_a + x_g\nx_g = x_a", false, nil},
		{"global assigned in an IF", "if x_a > 0.0 {\nx_g = x_a\n}\nx_a = x_g", false, nil},
		{"global assigned twice", "x_g = x_a\nif x_a > 0.0 {\nx_g = 1.0\n}\nx_a = x_g", true, nil},
		{"FUNCTION inlined", "x_a = m.f_trap(e, k, x_a, x_q)", true, []string{"lr_1 = r_trap", "lx.Exp(", "AndNot(lneg)"}},
		{"FUNCTION calling a TABLE FUNCTION", "x_a = m.f_outer(e, k, x_a)", true, []string{"lw_1_0[i] = lm.f_tab(le, k+i, lw_1_0[i])"}},
		{"TABLE FUNCTION, a GLOBAL it assigns read", "x_a = m.f_tab(e, k, x_a) * m.X_q10", false, nil},
		{"recursive FUNCTION", "x_a = m.f_self(e, k, x_a)", false, nil},
		{"FUNCTION that stores", "x_a = m.f_store(e, k, x_a)", false, nil},
		{"math of scalars hoisted", "x_a = x_a * math.Pow(x_q, (e.Celsius-24.0)/10.0)", true, []string{"lu_0 := archsimd.BroadcastFloat64x4(math.Pow(lp_a", `"math"`}},
		{"math lane by lane", "x_a = math.Log(x_a)", true, []string{"lw_1_0[i] = math.Log(lw_1_0[i])"}},
	} {
		main, lanes, err := laneLoops([]byte(head+c.body+tail), "p", "T")
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := lanes != nil; got != c.lanes {
			t.Errorf("%s: lanes %v, want %v", c.name, got, c.lanes)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(string(lanes), w) {
				t.Errorf("%s: the lanes hold no %q:\n%s", c.name, w, lanes)
			}
		}
		if m, at := string(main), strings.Index(string(main), "func (m *T) fv_outer("); c.name == "FUNCTION calling a TABLE FUNCTION" && (at < 0 || !strings.Contains(m[at:], "r_outer = 2.0 * m.f_tab(e, k, a_v)")) {
			t.Errorf("%s: fv_outer does not call f_tab:\n%s", c.name, main)
		}
		if c.name == "FUNCTION inlined" {
			// The scalar loop calls the fv_ form, with vmath.Exp.
			m := string(main)
			if !strings.Contains(m, "m.fv_trap(e, k, x_a, x_q)") || !strings.Contains(m, "func (m *T) fv_trap(") ||
				!strings.Contains(m[strings.Index(m, "func (m *T) fv_trap("):], "vmath.Exp(") {
				t.Errorf("%s: the scalar loop does not call fv_trap with vmath.Exp:\n%s", c.name, main)
			}
		}
	}
}

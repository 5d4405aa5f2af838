package sonata

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/morph"
)

// modification is one entry of conditions.modifications (SPEC 4.5).
type modification struct {
	Name             string `json:"name"`
	NodeSet          string `json:"node_set"`
	Type             string `json:"type"`
	SectionConfigure string `json:"section_configure"`
}

// sectionStmtRe is one statement of a section_configure: %s.attr op value.
var sectionStmtRe = regexp.MustCompile(`^\s*%s\.([A-Za-z_][A-Za-z0-9_]*)\s*(=|\+=|-=|\*=|/=)\s*([-+0-9.eE]+)\s*$`)

// sectionStmt is a parsed section_configure statement on a mechanism's
// variable.
type sectionStmt struct {
	mech, param, op string
	value           float64
}

// addModifications applies conditions.modifications to the cells of
// their node sets, before the groups are built (SPEC 4.5): TTX inserts
// TTXDynamicsSwitch with ttxo_level 1 in every section; ConfigureAllSections
// applies its `%s.var_Mech (op)= value` statements to every segment of the
// sections that have the mechanism. Other types, and other statement forms,
// are errors naming them.
func (n *Network) addModifications() error {
	raw := n.Sim.Config.Conditions.Modifications
	if len(raw) == 0 {
		return nil
	}
	var mods []modification
	if err := json.Unmarshal(raw, &mods); err != nil {
		// SONATA also allows an object keyed by name.
		var byName map[string]modification
		if err2 := json.Unmarshal(raw, &byName); err2 != nil {
			return fmt.Errorf("sonata: conditions.modifications: %w", err)
		}
		for name, m := range byName {
			m.Name = name
			mods = append(mods, m)
		}
	}
	idx := n.cellIndex()
	for _, m := range mods {
		res, err := n.Sim.Resolve(m.NodeSet)
		if err != nil {
			return fmt.Errorf("sonata: modification %q: %w", m.Name, err)
		}
		var stmts []sectionStmt
		switch m.Type {
		case "TTX":
		case "ConfigureAllSections":
			if stmts, err = parseSectionConfigure(m.SectionConfigure, n.MechanismSets); err != nil {
				return fmt.Errorf("sonata: modification %q: %w", m.Name, err)
			}
		default:
			return fmt.Errorf("sonata: modification %q: type %q is not supported (TTX, ConfigureAllSections)", m.Name, m.Type)
		}
		for _, sel := range res.Selections {
			for _, id := range sel.NodeIDs {
				i, ok := idx[popNode{sel.Population, id}]
				if !ok {
					continue
				}
				c := n.Cells[i].Morph
				if m.Type == "TTX" {
					c.Inserts = append(c.Inserts, morph.Insert{Mech: "TTXDynamicsSwitch", Params: map[string]float64{"ttxo_level": 1}})
					continue
				}
				for _, st := range stmts {
					applySectionStmt(c, st)
				}
			}
		}
	}
	return nil
}

// parseSectionConfigure parses `%s.attr op value` statements joined by
// ';', attr a mechanism variable written var_Mech.
func parseSectionConfigure(text string, sets []string) ([]sectionStmt, error) {
	var out []sectionStmt
	for _, part := range strings.Split(text, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		m := sectionStmtRe.FindStringSubmatch(part)
		if m == nil {
			return nil, fmt.Errorf("section_configure %q: want %%s.variable_Mechanism (op)= number statements joined by ';'", part)
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			return nil, fmt.Errorf("section_configure %q: %w", part, err)
		}
		mech, param, ok := splitMechVar(m[1], sets)
		if !ok {
			return nil, fmt.Errorf("section_configure %q: %s is not variable_Mechanism of a mechanism the cells can have", part, m[1])
		}
		out = append(out, sectionStmt{mech: mech, param: param, op: m[2], value: v})
	}
	return out, nil
}

// splitMechVar splits var_Mech at the longest suffix that names a
// registered mechanism whose variable var is.
func splitMechVar(name string, sets []string) (mechName, param string, ok bool) {
	best := -1
	for i := len(name) - 1; i > 0; i-- {
		if name[i] != '_' {
			continue
		}
		m, err := newMechanism(sets, name[i+1:])
		if err == nil && m.Var(name[:i]) != nil && (best < 0 || i < best) {
			best = i
		}
	}
	if best < 0 {
		return "", "", false
	}
	return name[best+1:], name[:best], true
}

// applySectionStmt applies a statement to every segment of the sections
// that have its mechanism: after the Inserts of the mechanism, a
// ParamsAt that reads the value they give and changes it.
func applySectionStmt(c *morph.Cell, st sectionStmt) {
	for k := range c.Inserts {
		in := &c.Inserts[k]
		if in.Mech != st.mech {
			continue
		}
		prev, prevAt := in.Params, in.ParamsAt
		in.ParamsAt = func(seg morph.Segment) (map[string]float64, error) {
			p := map[string]float64{}
			for k, v := range prev {
				p[k] = v
			}
			if prevAt != nil {
				extra, err := prevAt(seg)
				if err != nil {
					return nil, err
				}
				for k, v := range extra {
					p[k] = v
				}
			}
			cur, ok := p[st.param]
			if !ok {
				m, err := newMechanism(c.MechanismSets, st.mech)
				if err != nil {
					return nil, err
				}
				cur = m.Var(st.param)[0] // the default
			}
			switch st.op {
			case "=":
				cur = st.value
			case "+=":
				cur += st.value
			case "-=":
				cur -= st.value
			case "*=":
				cur *= st.value
			case "/=":
				cur /= st.value
			}
			p[st.param] = cur
			return p, nil
		}
	}
}

// newMechanism returns one instance of mechanism name from sets.
func newMechanism(sets []string, name string) (mech.Mechanism, error) {
	return mech.NewIn(sets, name, 1)
}

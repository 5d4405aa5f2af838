package nmodl

import (
	"regexp"
	"slices"
	"strings"
)

// ionReloadRe is one C statement copying an ion variable into the
// mechanism's own, as nocmodl's generated code names it: cai=_ion_cai;
var ionReloadRe = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*_ion_([A-Za-z_][A-Za-z0-9_]*)\s*;\s*$`)

// ionReloads returns the variables of VERBATIM text made only of
// statements x = _ion_x; (blank lines and C comments aside), or nil.
func ionReloads(text string) []string {
	for {
		i := strings.Index(text, "/*")
		if i < 0 {
			break
		}
		j := strings.Index(text[i+2:], "*/")
		if j < 0 {
			return nil
		}
		text = text[:i] + " " + text[i+2+j+2:]
	}
	var names []string
	for _, line := range strings.Split(text, "\n") {
		if l := strings.TrimSpace(line); l == "" || strings.HasPrefix(l, "//") {
			continue
		}
		for _, st := range strings.SplitAfter(line, ";") {
			if strings.TrimSpace(st) == "" {
				continue
			}
			m := ionReloadRe.FindStringSubmatch(st)
			if m == nil || m[1] != m[2] {
				return nil
			}
			names = append(names, m[1])
		}
	}
	return names
}

// harmlessReloads returns the positions of the VERBATIM blocks that are
// ion reloads (ionReloads) of ion variables the mechanism READs, standing
// in a block where no statement before them assigns those variables,
// directly or through a PROCEDURE or FUNCTION of the file: there they
// copy into the variable the value nocmodl copied into it at the block's
// start, and leaving them out changes nothing (MiV's ch_CavL: cai=_ion_cai;
// at the end of INITIAL).
func harmlessReloads(f *File) map[Pos]bool {
	read := map[string]bool{}
	for _, ion := range f.Neuron.Ions {
		for _, r := range ion.Read {
			read[r] = true
		}
	}
	assigns := func(body []Stmt, name string) bool {
		found := false
		var inBody func(body []Stmt, depth int)
		inBody = func(body []Stmt, depth int) {
			walk(body, func(s Stmt) {
				switch s := s.(type) {
				case *Assign:
					if id, ok := s.LHS.(*Ident); ok && id.Name == name {
						found = true
					}
				case *ExprStmt:
					if c, ok := s.X.(*Call); ok && depth < 4 {
						for _, b := range f.Blocks {
							if (b.Kind == "PROCEDURE" || b.Kind == "FUNCTION") && b.Name == c.Name {
								inBody(b.Body, depth+1)
							}
						}
					}
				}
			})
		}
		inBody(body, 0)
		return found
	}
	ok := map[Pos]bool{}
	for _, b := range f.Blocks {
		for i, s := range b.Body {
			v, isV := s.(*VerbatimStmt)
			if !isV {
				continue
			}
			names := ionReloads(v.Text)
			if names == nil || slices.ContainsFunc(names, func(n string) bool { return !read[n] || assigns(b.Body[:i], n) }) {
				continue
			}
			ok[v.Pos] = true
		}
	}
	return ok
}

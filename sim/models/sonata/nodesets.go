package sonata

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// NodeSets are named node sets (SPEC 1.6): the circuit's node_sets.json
// with the simulation's merged over it. A set is either simple (an
// object of conditions, all of which must hold) or compound (a list of
// names of other sets, whose union it is).
type NodeSets struct {
	sets map[string]*nodeSet
}

// nodeSet is one parsed set.
type nodeSet struct {
	file    string
	members []string  // compound: the names
	clauses []*clause // simple: ANDed
}

// clauseKind says what a condition tests.
type clauseKind int

const (
	clausePopulation clauseKind = iota // population is one of strs
	clauseNodeID                       // node id is one of ids
	clauseEqual                        // attribute equals one of strs or nums
	clauseRegex                        // string attribute matches re, whole
	clauseCompare                      // numeric attribute op num
)

// clause is one condition of a simple set.
type clause struct {
	kind clauseKind
	attr string
	strs []string
	nums []float64
	ids  []uint64
	re   *regexp.Regexp
	op   string // "$gt", "$lt", "$gte", "$lte"
	num  float64
}

// ReadNodeSets reads a node_sets.json file. A file that holds nothing but
// a relative path to another file (a symbolic link that a checkout
// without symlinks stored as text, as in neurodamus's v5_gapjunctions
// test) is followed, with a warning.
func ReadNodeSets(path string) (ns *NodeSets, warnings []string, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	for hop := 0; hop < 4; hop++ {
		target, ok := linkText(data)
		if !ok {
			break
		}
		next := filepath.Join(filepath.Dir(path), target)
		d, err := os.ReadFile(next)
		if err != nil {
			break
		}
		warnings = append(warnings, fmt.Sprintf("%s: holds only the path %q: read as a symbolic link to %s", path, target, next))
		path, data = next, d
	}
	ns, err = ParseNodeSets(path, data)
	return ns, warnings, err
}

// linkText reports whether data is a single relative path of a .json
// file, as git writes a symbolic link where it cannot make one.
func linkText(data []byte) (string, bool) {
	s := strings.TrimSpace(string(data))
	if s == "" || len(s) > 4096 || strings.ContainsAny(s, "{}[]\"\n\r\t ") || filepath.IsAbs(s) || !strings.HasSuffix(s, ".json") {
		return "", false
	}
	return s, true
}

// ParseNodeSets parses the node sets of one file (file names it in
// errors). References between compound sets are checked when the sets
// are resolved, after the circuit's and the simulation's are merged.
func ParseNodeSets(file string, data []byte) (*NodeSets, error) {
	root, err := parseJSON(data)
	if err != nil {
		return nil, &Error{File: file, Err: err}
	}
	if root.kind != jObject {
		return nil, &Error{File: file, Err: fmt.Errorf("want an object of node sets, got %s", root.describe())}
	}
	ns := &NodeSets{sets: map[string]*nodeSet{}}
	for i, name := range root.keys {
		v := root.vals[i]
		set := &nodeSet{file: file}
		switch v.kind {
		case jArray:
			set.members = []string{}
			for j, m := range v.arr {
				if m.kind != jString {
					return nil, &Error{File: file, Key: fmt.Sprintf("%s[%d]", name, j), Err: fmt.Errorf("want the name of a node set, got %s", m.describe())}
				}
				set.members = append(set.members, m.str)
			}
		case jObject:
			if len(v.keys) == 0 {
				return nil, &Error{File: file, Key: name, Err: errors.New("empty object: want at least one condition")}
			}
			for j, attr := range v.keys {
				c, err := parseClause(attr, v.vals[j])
				if err != nil {
					return nil, &Error{File: file, Key: name + "." + attr, Err: err}
				}
				set.clauses = append(set.clauses, c)
			}
		default:
			return nil, &Error{File: file, Key: name, Err: fmt.Errorf("want an object or a list of node set names, got %s", v.describe())}
		}
		ns.sets[name] = set
	}
	return ns, nil
}

// parseClause parses one condition of a simple set.
func parseClause(attr string, v *jnode) (*clause, error) {
	c := &clause{attr: attr, kind: clauseEqual}
	switch attr {
	case "population":
		c.kind = clausePopulation
	case "node_id":
		c.kind = clauseNodeID
	}
	var items []*jnode
	switch v.kind {
	case jArray:
		items = v.arr
	case jString, jNumber:
		items = []*jnode{v}
	case jObject:
		if c.kind != clauseEqual {
			return nil, errors.New("want a value or a list, not an operator")
		}
		if len(v.keys) != 1 {
			return nil, fmt.Errorf("an operator object has one key, got %d", len(v.keys))
		}
		op, x := v.keys[0], v.vals[0]
		switch op {
		case "$regex":
			if x.kind != jString {
				return nil, fmt.Errorf("$regex: want a string, got %s", x.describe())
			}
			re, err := regexp.Compile("^(?:" + x.str + ")$")
			if err != nil {
				return nil, fmt.Errorf("$regex: %v", err)
			}
			c.kind, c.re = clauseRegex, re
		case "$gt", "$lt", "$gte", "$lte":
			if x.kind != jNumber {
				return nil, fmt.Errorf("%s: want a number, got %s", op, x.describe())
			}
			f, err := strconv.ParseFloat(x.num.String(), 64)
			if err != nil {
				return nil, fmt.Errorf("%s: want a finite number, got %s", op, x.num)
			}
			c.kind, c.op, c.num = clauseCompare, op, f
		default:
			return nil, fmt.Errorf(`unknown operator %q: want "$regex", "$gt", "$lt", "$gte" or "$lte"`, op)
		}
		return c, nil
	default:
		return nil, fmt.Errorf("want a string, a number, a list or an operator object, got %s", v.describe())
	}
	strs, nums := 0, 0
	for _, it := range items {
		switch it.kind {
		case jString:
			strs++
			c.strs = append(c.strs, it.str)
		case jNumber:
			nums++
			f, err := strconv.ParseFloat(it.num.String(), 64)
			if err != nil || math.IsInf(f, 0) {
				return nil, fmt.Errorf("want a finite number, got %s", it.num)
			}
			c.nums = append(c.nums, f)
		default:
			return nil, fmt.Errorf("want strings or numbers, got %s", it.describe())
		}
	}
	if strs > 0 && nums > 0 {
		return nil, errors.New("a list mixes strings and numbers")
	}
	switch c.kind {
	case clausePopulation:
		if nums > 0 {
			return nil, errors.New("want a population name or a list of them")
		}
	case clauseNodeID:
		if strs > 0 {
			return nil, errors.New("want a node id or a list of them")
		}
		for _, f := range c.nums {
			if f < 0 || f != math.Trunc(f) || f >= 1<<53 {
				return nil, fmt.Errorf("want node ids (integers >= 0), got %v", f)
			}
			c.ids = append(c.ids, uint64(f))
		}
		slices.Sort(c.ids)
		c.ids = slices.Compact(c.ids)
		c.nums = nil
	}
	return c, nil
}

// Names returns the names of the sets, sorted.
func (ns *NodeSets) Names() []string {
	names := make([]string, 0, len(ns.sets))
	for n := range ns.sets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Has reports whether a set of that name is defined.
func (ns *NodeSets) Has(name string) bool {
	_, ok := ns.sets[name]
	return ok
}

// Merge adds the sets of other over those of ns, as neurodamus adds the
// simulation's node sets over the circuit's, and returns the names it
// replaced, sorted.
func (ns *NodeSets) Merge(other *NodeSets) (replaced []string) {
	for name, s := range other.sets {
		if _, ok := ns.sets[name]; ok {
			replaced = append(replaced, name)
		}
		ns.sets[name] = s
	}
	sort.Strings(replaced)
	return replaced
}

// Check verifies that every member of every compound set is defined and
// that no compound set contains itself.
func (ns *NodeSets) Check() error {
	for _, name := range ns.Names() {
		if err := ns.checkSet(name, nil); err != nil {
			return err
		}
	}
	return nil
}

func (ns *NodeSets) checkSet(name string, path []string) error {
	if i := slices.Index(path, name); i >= 0 {
		cycle := append(slices.Clone(path[i:]), name)
		s := ns.sets[path[0]]
		return &Error{File: s.file, Key: path[0], Err: fmt.Errorf("node sets contain themselves: %s", strings.Join(cycle, " -> "))}
	}
	s := ns.sets[name]
	for i, m := range s.members {
		if _, ok := ns.sets[m]; !ok {
			return &Error{File: s.file, Key: fmt.Sprintf("%s[%d]", name, i), Err: fmt.Errorf("unknown node set %q", m)}
		}
		if err := ns.checkSet(m, append(path, name)); err != nil {
			return err
		}
	}
	return nil
}

// Column is one attribute of every node of a population: strings (with
// @library enumerations resolved) or numbers.
type Column struct {
	Strings []string
	Numbers []float64
}

// NodeTable is what node sets are evaluated on: one node population.
type NodeTable interface {
	Name() string
	Size() int
	// Column returns attribute attr of every node; ok is false when the
	// population has no such attribute.
	Column(attr string) (c Column, ok bool, err error)
}

// Selection is a set of nodes of one population.
type Selection struct {
	Population string
	NodeIDs    []uint64 // 0-based, ascending
}

// Resolution is a node set resolved over a circuit's node populations.
type Resolution struct {
	// Selections are the non-empty selections, in the order of the
	// populations given to Resolve.
	Selections []Selection
	// Warnings name the populations skipped because the set tests an
	// attribute they lack or hold in another type (neurodamus skips
	// them with a warning).
	Warnings []string
}

// Size is the number of nodes selected.
func (r Resolution) Size() int {
	n := 0
	for _, s := range r.Selections {
		n += len(s.NodeIDs)
	}
	return n
}

// errSkip marks a population a set cannot be evaluated on: it lacks an
// attribute the set tests, or holds it in another type.
type errSkip struct{ msg string }

func (e *errSkip) Error() string { return e.msg }

// Resolve evaluates the node set name over the populations, as neurodamus
// does: every population in turn, keeping the non-empty selections. name
// may be "pop:set" (the set restricted to population pop) or "pop:" (all
// of pop). A population on which the set tests an attribute it lacks
// contributes nothing (a warning); an attribute that no population has,
// a population that is not among them, an unknown set and a set that
// contains itself are errors.
func (ns *NodeSets) Resolve(name string, pops []NodeTable) (Resolution, error) {
	var res Resolution
	only := ""
	if p, set, ok := strings.Cut(name, ":"); ok {
		only, name = p, set
		if !slices.ContainsFunc(pops, func(t NodeTable) bool { return t.Name() == only }) {
			return res, fmt.Errorf("node set %q: no node population %q (have %s)", p+":"+set, only, popNames(pops))
		}
	}
	if name != "" {
		if _, ok := ns.sets[name]; !ok {
			return res, fmt.Errorf("unknown node set %q", name)
		}
		if err := ns.checkSet(name, nil); err != nil {
			return res, err
		}
		if err := ns.checkNames(name, pops, map[string]bool{}); err != nil {
			return res, err
		}
	}
	for _, t := range pops {
		if only != "" && t.Name() != only {
			continue
		}
		var ids []uint64
		if name == "" {
			ids = allIDs(t.Size())
		} else {
			var err error
			ids, err = ns.eval(name, t, map[string][]uint64{})
			var skip *errSkip
			if errors.As(err, &skip) {
				res.Warnings = append(res.Warnings, fmt.Sprintf("node set %q on population %q: %s: population skipped", name, t.Name(), skip.msg))
				continue
			}
			if err != nil {
				return res, err
			}
		}
		if len(ids) > 0 {
			res.Selections = append(res.Selections, Selection{Population: t.Name(), NodeIDs: ids})
		}
	}
	return res, nil
}

func popNames(pops []NodeTable) string {
	n := make([]string, len(pops))
	for i, p := range pops {
		n[i] = strconv.Quote(p.Name())
	}
	if len(n) == 0 {
		return "none"
	}
	return strings.Join(n, ", ")
}

// checkNames reports the populations and attributes that set name (and
// its members) names but that no population has.
func (ns *NodeSets) checkNames(name string, pops []NodeTable, done map[string]bool) error {
	if done[name] {
		return nil
	}
	done[name] = true
	s := ns.sets[name]
	for _, m := range s.members {
		if err := ns.checkNames(m, pops, done); err != nil {
			return err
		}
	}
	for _, c := range s.clauses {
		switch c.kind {
		case clausePopulation:
			for _, p := range c.strs {
				if !slices.ContainsFunc(pops, func(t NodeTable) bool { return t.Name() == p }) {
					return &Error{File: s.file, Key: name + ".population", Err: fmt.Errorf("no node population %q in the circuit (have %s)", p, popNames(pops))}
				}
			}
		case clauseEqual, clauseRegex, clauseCompare:
			found := false
			for _, t := range pops {
				_, ok, err := t.Column(c.attr)
				if err != nil {
					return err
				}
				if ok {
					found = true
					break
				}
			}
			if !found {
				return &Error{File: s.file, Key: name + "." + c.attr, Err: fmt.Errorf("no node population has attribute %q (populations %s)", c.attr, popNames(pops))}
			}
		}
	}
	return nil
}

func allIDs(n int) []uint64 {
	ids := make([]uint64, n)
	for i := range ids {
		ids[i] = uint64(i)
	}
	return ids
}

// eval materialises set name on one population: sorted node ids.
func (ns *NodeSets) eval(name string, t NodeTable, memo map[string][]uint64) ([]uint64, error) {
	if ids, ok := memo[name]; ok {
		return ids, nil
	}
	s := ns.sets[name]
	var ids []uint64
	if s.members != nil {
		for _, m := range s.members {
			sub, err := ns.eval(m, t, memo)
			if err != nil {
				return nil, err
			}
			ids = union(ids, sub)
		}
	} else {
		ids = allIDs(t.Size())
		for _, c := range s.clauses {
			keep, err := c.match(t)
			if err != nil {
				return nil, err
			}
			ids = filter(ids, keep)
			if len(ids) == 0 {
				break
			}
		}
	}
	memo[name] = ids
	return ids, nil
}

// match returns which nodes of t satisfy the clause.
func (c *clause) match(t NodeTable) (func(id uint64) bool, error) {
	switch c.kind {
	case clausePopulation:
		in := slices.Contains(c.strs, t.Name())
		return func(uint64) bool { return in }, nil
	case clauseNodeID:
		return func(id uint64) bool { _, ok := slices.BinarySearch(c.ids, id); return ok }, nil
	}
	col, ok, err := t.Column(c.attr)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &errSkip{fmt.Sprintf("no attribute %q", c.attr)}
	}
	switch c.kind {
	case clauseEqual:
		if len(c.strs) > 0 {
			if col.Strings == nil {
				return nil, &errSkip{fmt.Sprintf("attribute %q holds numbers, the set strings", c.attr)}
			}
			return func(id uint64) bool { return slices.Contains(c.strs, col.Strings[id]) }, nil
		}
		if col.Numbers == nil {
			return nil, &errSkip{fmt.Sprintf("attribute %q holds strings, the set numbers", c.attr)}
		}
		return func(id uint64) bool { return slices.Contains(c.nums, col.Numbers[id]) }, nil
	case clauseRegex:
		if col.Strings == nil {
			return nil, &errSkip{fmt.Sprintf("$regex on attribute %q, which holds numbers", c.attr)}
		}
		return func(id uint64) bool { return c.re.MatchString(col.Strings[id]) }, nil
	}
	if col.Numbers == nil {
		return nil, &errSkip{fmt.Sprintf("%s on attribute %q, which holds strings", c.op, c.attr)}
	}
	return func(id uint64) bool {
		v := col.Numbers[id]
		switch c.op {
		case "$gt":
			return v > c.num
		case "$lt":
			return v < c.num
		case "$gte":
			return v >= c.num
		}
		return v <= c.num
	}, nil
}

func filter(ids []uint64, keep func(uint64) bool) []uint64 {
	out := ids[:0:0]
	for _, id := range ids {
		if keep(id) {
			out = append(out, id)
		}
	}
	return out
}

// union merges two ascending lists.
func union(a, b []uint64) []uint64 {
	out := make([]uint64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i] < b[j]):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

package models

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// ErrUsage is returned by a Command that printed its usage after wrong
// arguments: the caller exits with status 2 without another message.
var ErrUsage = errors.New("usage")

// Family describes a model family to the registry. Name, Claims and
// RunFlags are required; Summary should be set; Commands and Benchmarks
// are optional.
type Family struct {
	// Name is the family's name, the word after golgi for its Commands
	// (golgi NAME COMMAND): lower case letters, digits and '-'.
	Name string
	// Summary is one line on what the family runs.
	Summary string
	// SpecHelp is a paragraph for golgi run -h on the family's spec files.
	SpecHelp string
	// Claims reports whether a spec file (its path and contents) is one of
	// the family's. Exactly one family may claim a file.
	Claims func(path string, data []byte) bool
	// RunFlags registers the family's own flags of golgi run on fs (names
	// that no other family registers) and returns the Planner that reads
	// them. It is called once per command line, for every family.
	RunFlags func(fs *flag.FlagSet) Planner
	// Commands are the family's own tools: golgi NAME COMMAND [args].
	Commands []Command
	// Benchmarks are the family's networks for golgi bench.
	Benchmarks []Benchmark
}

// A Planner turns a spec into the simulations to run.
type Planner func(req Request) (*Plan, error)

// Command is one of a family's tools.
type Command struct {
	// Name is the command's name, golgi FAMILY NAME.
	Name string
	// Usage is the argument synopsis and a line of help, printed in the
	// family's command list (indented lines continue it).
	Usage string
	// Run runs the command with the arguments after its name. It returns
	// ErrUsage after printing its usage for wrong arguments.
	Run func(args []string, stdout, stderr io.Writer) error
}

var (
	mu       sync.RWMutex
	families = map[string]*Family{}
)

// Register adds a family to the registry. It is meant to be called from
// the family's init function; it returns an error for an incomplete
// Family or a name already registered, which init turns into a panic
// (a program that links two families of one name is broken).
func Register(f *Family) error {
	if f == nil || f.Name == "" || f.Claims == nil || f.RunFlags == nil {
		return errors.New("models: Register: a Family needs Name, Claims and RunFlags")
	}
	for _, r := range f.Name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return fmt.Errorf("models: Register: family name %q: want lower case letters, digits and '-'", f.Name)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := families[f.Name]; dup {
		return fmt.Errorf("models: Register: family %q registered twice", f.Name)
	}
	families[f.Name] = f
	return nil
}

// MustRegister is Register for init functions: it panics on an error.
func MustRegister(f *Family) {
	if err := Register(f); err != nil {
		panic(err)
	}
}

// Lookup returns the family of a name, or nil.
func Lookup(name string) *Family {
	mu.RLock()
	defer mu.RUnlock()
	return families[name]
}

// Families returns the registered families sorted by name.
func Families() []*Family {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]*Family, 0, len(families))
	for _, f := range families {
		out = append(out, f)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

// Claiming returns the family that claims a spec file. It is an error if
// none or more than one does; the error names the registered families.
func Claiming(path string, data []byte) (*Family, error) {
	var found []*Family
	var names []string
	for _, f := range Families() {
		names = append(names, f.Name)
		if f.Claims(path, data) {
			found = append(found, f)
		}
	}
	name := path
	if name == "" {
		name = "the spec"
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		if len(names) == 0 {
			return nil, fmt.Errorf("%s: no model family is linked into this program (import github.com/golgi-sim/golgi/sim/models/all)", name)
		}
		return nil, fmt.Errorf("%s: no model family reads this spec (families: %s; a Golgi spec is a JSON object with a \"model\" key: see golgi spec list)", name, strings.Join(names, ", "))
	}
	var claim []string
	for _, f := range found {
		claim = append(claim, f.Name)
	}
	return nil, fmt.Errorf("%s: claimed by several model families (%s): a spec must belong to one", name, strings.Join(claim, ", "))
}

// AddRunFlags registers every family's run flags on fs and returns their
// Planners by family name. Two families registering one flag name is an
// error naming it.
func AddRunFlags(fs *flag.FlagSet) (planners map[string]Planner, err error) {
	planners = map[string]Planner{}
	for _, f := range Families() {
		p, err := addFlags(fs, f.Name, f.RunFlags)
		if err != nil {
			return nil, err
		}
		planners[f.Name] = p
	}
	return planners, nil
}

// addFlags calls register on fs, turning the flag package's panic on a
// redefined flag into an error.
func addFlags[T any](fs *flag.FlagSet, who string, register func(*flag.FlagSet) T) (v T, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("models: %s: %v", who, p)
		}
	}()
	out := fs.Output()
	fs.SetOutput(io.Discard) // the flag package prints before it panics
	defer fs.SetOutput(out)
	return register(fs), nil
}

// errorf returns an error of the registry.
func errorf(format string, args ...any) error {
	return fmt.Errorf("models: "+format, args...)
}

// sortBy sorts s by a string key.
func sortBy[T any](s []T, key func(T) string) {
	sort.Slice(s, func(a, b int) bool { return key(s[a]) < key(s[b]) })
}

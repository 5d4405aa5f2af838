package units

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// SystemLib is where NEURON's packages install nrnunits.lib, the unit
// database modlunit reads.
const SystemLib = "/usr/share/nrn/lib/nrnunits.lib"

// DB is a unit database: named units reduced to base units, as
// nrnunits.lib defines them, plus the definitions of a .mod file's UNITS
// block once Define has added them. The zero DB is empty; use Builtin,
// System, Load or ParseLib.
type DB struct {
	units map[string]Unit
	// names are the names modlunit prints for the base dimensions.
	names [NumDims]string
}

// UnknownError is a unit name that is not in the database, after the
// prefixes (milli, micro, ...) and a plural s are taken off.
type UnknownError struct {
	Name string // what was left of the name
}

func (e *UnknownError) Error() string { return "cannot recognize the units: " + e.Name }

// newDB returns a database holding the base dimensions *a* ... *j* and
// the dimensionless "".
func newDB() *DB {
	db := &DB{units: map[string]Unit{"": One}}
	for i := range NumDims {
		u := Unit{Factor: 1}
		u.Dim[i] = 1
		db.units["*"+string(rune('a'+i))+"*"] = u
	}
	return db
}

// Clone returns a copy of db that Define can change without changing db.
func (db *DB) Clone() *DB {
	c := &DB{units: make(map[string]Unit, len(db.units)), names: db.names}
	for k, v := range db.units {
		c.units[k] = v
	}
	return c
}

// Len returns the number of named units.
func (db *DB) Len() int { return len(db.units) }

// Lookup returns the unit of a name exactly as defined (no prefixes).
func (db *DB) Lookup(name string) (Unit, bool) {
	u, ok := db.units[name]
	return u, ok
}

// Load reads a unit database in nrnunits.lib's format from path.
func Load(path string) (*DB, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	db, err := ParseLib(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return db, nil
}

// System returns the database of SystemLib when the file is there, and
// Builtin otherwise, with the path read ("" for Builtin).
func System() (*DB, string, error) {
	if _, err := os.Stat(SystemLib); err != nil {
		return Builtin(), "", nil
	}
	db, err := Load(SystemLib)
	if err != nil {
		return nil, "", err
	}
	return db, SystemLib, nil
}

// ParseLib reads a unit database in the format of NEURON's nrnunits.lib
// (that of GNU units' old table): one unit a line, its name, white space
// and its definition, a unit expression in terms of earlier units
// ("volt watt/amp", "faraday e-mole", "mole 6.02214076+23 fuzz"); the
// base units are defined as *a* to *j*; a line starting with / is a
// comment; a name alone on its line is the unit of the line before. A
// name defined twice keeps its first definition, as in modlunit. The
// first unit defined as exactly one base unit names that base unit when
// units are printed.
func ParseLib(r io.Reader) (*DB, error) {
	db := newDB()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	prev := One
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if s == "" || s[0] == '/' {
			continue
		}
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			if _, dup := db.units[s]; !dup {
				db.units[s] = prev
			}
			continue
		}
		name, def := s[:i], s[i:]
		u, err := db.Parse(def)
		if err != nil {
			return nil, fmt.Errorf("line %d: %s: %w", line, name, err)
		}
		if _, dup := db.units[name]; dup {
			continue
		}
		db.units[name] = u
		prev = u
		db.nameBase(name, u)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return db, nil
}

// nameBase makes name the printed name of a base dimension when u is
// exactly that base unit and it has no name yet.
func (db *DB) nameBase(name string, u Unit) {
	if u.Factor != 1 {
		return
	}
	base := -1
	for i, d := range u.Dim {
		switch {
		case d == 0:
		case d == 1 && base < 0:
			base = i
		default:
			return
		}
	}
	if base >= 0 && db.names[base] == "" {
		db.names[base] = name
	}
}

// Define adds the unit name, defined by the unit expression def, as a
// UNITS block does: (mV) = (millivolt). Redefining a unit that exists is
// an error, as in modlunit.
func (db *DB) Define(name, def string) error {
	u, err := db.Parse(def)
	if err != nil {
		return err
	}
	if _, dup := db.units[name]; dup {
		return fmt.Errorf("redefinition of units (%s)", name)
	}
	db.units[name] = u
	return nil
}

// Format returns u as modlunit prints it: "0.001 m2-kg/sec2-coul" for the
// millivolt, "1000 /sec" for 1/ms, "1 " for the dimensionless 1.
func (db *DB) Format(u Unit) string { return format(u, &db.names) }

// prefixes are the multiples a unit name may start with, in the order
// they are tried (the first that matches is taken off). The one-letter
// symbols (m, u, n, ...) are not prefixes: (mV) must be defined in a
// UNITS block.
var prefixes = []struct {
	name   string
	factor float64
}{
	{"atto", 1e-18}, {"femto", 1e-15}, {"pico", 1e-12}, {"nano", 1e-9},
	{"micro", 1e-6}, {"milli", 1e-3}, {"centi", 1e-2}, {"deci", 1e-1},
	{"deka", 1e1}, {"hecta", 1e2}, {"hecto", 1e2}, {"kilo", 1e3},
	{"mega", 1e6}, {"meg", 1e6}, {"giga", 1e9}, {"tera", 1e12},
}

// Parse reduces a unit expression, written as in a .mod file's
// parentheses or nrnunits.lib's definitions, to base units:
//
//   - an optional leading number: digits with a decimal point, an
//     exponent written +N or -N without the e (1.6-19), and | for a
//     fraction (1|3);
//   - then unit names separated by spaces or "-" (multiplied);
//     a digit 2-9 right after a name is its power (cm2);
//   - everything after the first "/" divides ("mA/cm2", "/ms",
//     "k-mole", "joule/degC", "1/liter").
//
// A name is looked up as defined, then with a prefix taken off
// (millivolt, microfarad), then without a trailing s (coulombs). The
// empty expression is the dimensionless 1; so is a factor of 0.
func (db *DB) Parse(expr string) (Unit, error) {
	u := One
	rest, f := leadingNumber(expr)
	if f != 0 {
		u.Factor = f
	}
	den := false
	name := make([]byte, 0, 16)
	for i := 0; i <= len(rest); i++ {
		c := byte('\n')
		if i < len(rest) {
			c = rest[i]
		}
		switch c {
		case '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', '/', ' ', '\t', '\n':
			if len(name) > 0 {
				v, err := db.lookupPrefixed(string(name))
				if err != nil {
					return One, err
				}
				n := 1
				if c >= '2' && c <= '9' {
					n = int(c - '0')
				}
				for range n {
					if den {
						u = u.Div(v)
					} else {
						u = u.Mul(v)
					}
				}
				name = name[:0]
			}
			if c == '/' {
				den = true
			}
		default:
			name = append(name, c)
		}
	}
	return u, nil
}

// lookupPrefixed finds a unit name, taking off prefixes and a plural s.
func (db *DB) lookupPrefixed(name string) (Unit, error) {
	f := 1.0
	for range 64 {
		if u, ok := db.units[name]; ok {
			u.Factor *= f
			return u, nil
		}
		found := false
		for _, p := range prefixes {
			if strings.HasPrefix(name, p.name) {
				f *= p.factor
				name = name[len(p.name):]
				found = true
				break
			}
		}
		if found {
			continue
		}
		if len(name) > 1 && name[len(name)-1] == 's' {
			name = name[:len(name)-1]
			continue
		}
		break
	}
	return One, &UnknownError{Name: name}
}

// leadingNumber reads the number an expression may start with, as
// nrnunits.lib writes numbers, and returns the rest. It returns 0 when
// there is no number.
func leadingNumber(s string) (string, float64) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	d := 0.0
	dp := 0
	for i < len(s) {
		c := s[i]
		if c >= '0' && c <= '9' {
			d = d*10 + float64(c-'0')
			if dp > 0 {
				dp++
			}
		} else if c == '.' {
			dp++
		} else {
			break
		}
		i++
	}
	if dp > 0 {
		dp--
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg := s[i] == '-'
		i++
		e := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if e < 10000 {
				e = e*10 + int(s[i]-'0')
			}
			i++
		}
		if neg {
			e = -e
		}
		dp -= e
	}
	scale := 1.0
	n := dp
	if n < 0 {
		n = -n
	}
	for ; n > 0 && scale < 1e308; n-- {
		scale *= 10
	}
	if dp < 0 {
		d *= scale
	} else {
		d /= scale
	}
	if i < len(s) && s[i] == '|' {
		rest, q := leadingNumber(s[i+1:])
		return rest, d / q
	}
	return s[i:], d
}

// errUnknown reports whether err is an unknown unit name.
func errUnknown(err error) (*UnknownError, bool) {
	var u *UnknownError
	ok := errors.As(err, &u)
	return u, ok
}

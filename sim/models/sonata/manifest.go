package sonata

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// manifest resolves the paths of one configuration file as libsonata
// does (SPEC 1.1): the manifest's "$NAME" entries resolve in file order
// and may use earlier ones; a value "$NAME/rest" is NAME's path joined
// with rest; other relative paths are relative to the directory of the
// configuration file, never to the working directory.
type manifest struct {
	file string // the configuration file, for errors
	dir  string // its directory
	vars map[string]string
	// Names are the manifest's variables in file order.
	names []string
}

// ManifestEntry is one resolved manifest variable.
type ManifestEntry struct {
	Name string // with its "$"
	Path string // absolute, cleaned
}

func newManifest(file string, root *jnode) (*manifest, error) {
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return nil, &Error{File: file, Err: err}
	}
	m := &manifest{file: file, dir: dir, vars: map[string]string{}}
	v := root.get("manifest")
	if v == nil {
		return m, nil
	}
	if v.kind != jObject {
		return nil, &Error{File: file, Key: "manifest", Err: fmt.Errorf("want an object, got %s", v.describe())}
	}
	for i, name := range v.keys {
		key := "manifest." + name
		e := v.vals[i]
		if e.kind != jString {
			return nil, &Error{File: file, Key: key, Err: fmt.Errorf("want a path, got %s", e.describe())}
		}
		if !strings.HasPrefix(name, "$") || len(name) < 2 || strings.Contains(name, "/") {
			return nil, &Error{File: file, Key: key, Err: errors.New(`a manifest variable is named "$NAME"`)}
		}
		p, err := m.resolve(key, e.str)
		if err != nil {
			return nil, err
		}
		m.vars[name] = p
		m.names = append(m.names, name)
	}
	return m, nil
}

// entries returns the resolved manifest.
func (m *manifest) entries() []ManifestEntry {
	out := make([]ManifestEntry, len(m.names))
	for i, n := range m.names {
		out[i] = ManifestEntry{Name: n, Path: m.vars[n]}
	}
	return out
}

// resolve resolves the path value of key. The empty string stays empty
// (an unset optional path).
func (m *manifest) resolve(key, value string) (string, error) {
	if value == "" {
		return "", nil
	}
	if strings.HasPrefix(value, "$") {
		name, rest, _ := strings.Cut(value, "/")
		base, ok := m.vars[name]
		if !ok {
			have := "no manifest"
			if len(m.names) > 0 {
				have = "the manifest defines " + strings.Join(m.names, ", ")
			}
			return "", &Error{File: m.file, Key: key, Err: fmt.Errorf("manifest variable %s in %q is not defined (%s)", name, value, have)}
		}
		return filepath.Join(base, rest), nil
	}
	if filepath.IsAbs(value) {
		return filepath.Clean(value), nil
	}
	return filepath.Join(m.dir, value), nil
}

// isPathKey reports whether the values of key are paths (SPEC 1.1).
func isPathKey(key string) bool {
	return key == "network" || strings.HasSuffix(key, "_file") || strings.HasSuffix(key, "_dir")
}

// resolveTree resolves, in place, every string under a path key anywhere
// in n (and strings in lists under such keys), except in the manifest.
func (m *manifest) resolveTree(n *jnode, path string) error {
	switch n.kind {
	case jObject:
		for i, k := range n.keys {
			if path == "" && k == "manifest" {
				continue
			}
			v := n.vals[i]
			kp := joinKey(path, k)
			if isPathKey(k) {
				if err := m.resolveValue(v, kp); err != nil {
					return err
				}
				continue
			}
			if err := m.resolveTree(v, kp); err != nil {
				return err
			}
		}
	case jArray:
		for i, v := range n.arr {
			if err := m.resolveTree(v, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m *manifest) resolveValue(v *jnode, key string) error {
	switch v.kind {
	case jString:
		p, err := m.resolve(key, v.str)
		if err != nil {
			return err
		}
		v.str = p
	case jArray:
		for i, e := range v.arr {
			if err := m.resolveValue(e, fmt.Sprintf("%s[%d]", key, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

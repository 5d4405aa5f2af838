package kernel

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/golgi-sim/golgi/internal/atomicfile"
)

// CacheDir returns the directory of Cache's files: $GOLGI_CACHE if set,
// else golgi/notebooks in the user's cache directory (~/.cache on Linux).
func CacheDir() string {
	if d := os.Getenv("GOLGI_CACHE"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "golgi", "notebooks")
}

// Cache returns the value f computed under key the last time, read from
// disk, or calls f and stores its value when it returns no error. Notebook
// cells are separate programs, so a simulation run in one cell is otherwise
// run again by every later cell that needs its result; with Cache only the
// first does:
//
//	res, err := kernel.Cache("brunel-g5-eta2-1s-v1", func() (*sim.Result, error) {
//		return sim.Run(kernel.Context(), nets.Brunel(cfg), 1*sim.Second, nil)
//	})
//
// The key must change whenever the computation does (put every parameter in
// it); the value's type is part of the key. Values are stored with
// encoding/gob, so T must be gob-encodable (sim.Result is). A file that
// cannot be read is recomputed. Set GOLGI_CACHE to a fresh directory to
// recompute everything, as scripts/run-notebooks.sh does.
func Cache[T any](key string, f func() (T, error)) (T, error) {
	var zero T
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%T", key, zero))
	path := filepath.Join(CacheDir(), hex.EncodeToString(sum[:12])+".gob")
	if b, err := os.ReadFile(path); err == nil {
		var v T
		if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&v); err == nil {
			return v, nil
		}
	}
	v, err := f()
	if err != nil {
		return v, err
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return v, fmt.Errorf("kernel.Cache %q: encoding a %T: %w", key, v, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return v, fmt.Errorf("kernel.Cache %q: %w", key, err)
	}
	err = atomicfile.Write(path, buf.Bytes(), 0o644)
	if err != nil {
		return v, fmt.Errorf("kernel.Cache %q: %w", key, err)
	}
	return v, nil
}

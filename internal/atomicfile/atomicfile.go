// Package atomicfile writes files whole or not at all: through a
// temporary file in the same directory, renamed into place, so that an
// interrupted write never leaves half a file under the final name.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write writes data to path with permissions perm (before the umask).
func Write(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), perm)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

//go:build !unix

package store

import "sync"

var dirMu sync.Mutex

// lockDir serialises the writers of this process only: without flock,
// several processes must not write into one sim_id directory at once.
func lockDir(string) (unlock func(), err error) {
	dirMu.Lock()
	return dirMu.Unlock, nil
}

func tryLockDir(string) (unlock func(), ok bool) {
	if !dirMu.TryLock() {
		return nil, false
	}
	return dirMu.Unlock, true
}

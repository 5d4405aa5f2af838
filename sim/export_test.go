package sim

// SetExchangeParts sets the number of parts an epoch is exchanged in
// (overlapped exchange) until the returned function restores it.
func SetExchangeParts(k int) (restore func()) {
	old := exchangeParts
	exchangeParts = k
	return func() { exchangeParts = old }
}

package random123

import "math/bits"

// Counter is Philox4x32's 128-bit counter, four 32-bit words.
type Counter [4]uint32

// Key is Philox4x32's 64-bit key, two 32-bit words.
type Key [2]uint32

// The multipliers and the key increments (Weyl sequence) of Philox4x32.
const (
	philoxM0 = 0xD2511F53
	philoxM1 = 0xCD9E8D57
	philoxW0 = 0x9E3779B9 // golden ratio
	philoxW1 = 0xBB67AE85 // sqrt(3) - 1
)

// Rounds is the number of rounds of Philox4x32-10.
const Rounds = 10

// Philox4x32 returns the Philox4x32-10 image of counter c under key k
// (Random123's philox4x32(c, k)).
func Philox4x32(c Counter, k Key) [4]uint32 {
	for r := 0; r < Rounds; r++ {
		if r > 0 {
			k[0] += philoxW0
			k[1] += philoxW1
		}
		hi0, lo0 := bits.Mul32(philoxM0, c[0])
		hi1, lo1 := bits.Mul32(philoxM1, c[2])
		c = Counter{hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0}
	}
	return c
}

package neocortexcommon

import (
	"testing"

	"github.com/golgi-sim/golgi/internal/nmodlref"
)

// TestVectorMatchesScalar wants the same bits from every translated
// mechanism with the vector lanes and without (nmodlref.CompareLanes).
func TestVectorMatchesScalar(t *testing.T) {
	nmodlref.CompareLanes(t, "NMODL_STATUS.md")
}

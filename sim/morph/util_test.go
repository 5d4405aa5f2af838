package morph_test

import "strconv"

func strconvItoa(i int) string     { return strconv.Itoa(i) }
func strconvFtoa(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }

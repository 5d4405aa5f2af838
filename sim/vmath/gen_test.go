package vmath

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite exp8_simd.go from exp4_simd.go")

// exp8 returns exp8_simd.go: the four-lane exponential of src with eight
// lanes.
func exp8(src string) (string, error) {
	const mark = "// The exponential with four lanes"
	i := strings.Index(src, mark)
	j := strings.Index(src, "// Exp4 holds")
	if i < 0 || j < i {
		return "", os.ErrInvalid
	}
	hdr := "// Code generated from exp4_simd.go by TestExp8InSync -update; DO NOT EDIT.\n\n"
	body := src[:i] + "// The exponential of exp4_simd.go with eight lanes (AVX-512).\n\n" + src[j:]
	// AVX-512 scales by 2^n in one instruction.
	a := strings.Index(body, "\t// scale:")
	b := strings.Index(body, "\t// end scale\n")
	if a < 0 || b < a {
		return "", os.ErrInvalid
	}
	body = body[:a] + "\t// VSCALEFPD: p 2^n with one rounding, as the four-lane code.\n\treturn p.Scale(n)\n" +
		body[b+len("\t// end scale\n"):]
	r := strings.NewReplacer(
		"Float64x4", "Float64x8", "Int64x4", "Int64x8", "Exp4", "Exp8", "exp4Consts", "exp8Consts", "expSlice4", "expSlice8",
		"AVX2 and FMA", "AVX-512", "&^ 3", "&^ 7", "i+4]", "i+8]", "i += 4", "i += 8", "four at a time", "eight at a time",
		"four lanes", "eight lanes")
	return hdr + r.Replace(body), nil
}

// TestExp8InSync checks that exp8_simd.go is exp4_simd.go with eight
// lanes; -update rewrites it.
func TestExp8InSync(t *testing.T) {
	src, err := os.ReadFile("exp4_simd.go")
	if err != nil {
		t.Fatal(err)
	}
	want, err := exp8(string(src))
	if err != nil {
		t.Fatalf("exp4_simd.go: no header to replace: %v", err)
	}
	if *update {
		if err := os.WriteFile("exp8_simd.go", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("exp8_simd.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Error("exp8_simd.go is not exp4_simd.go with eight lanes: run go test -run TestExp8InSync ./sim/vmath/ -update")
	}
}

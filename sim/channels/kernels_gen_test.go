package channels

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite kernels8_simd.go from kernels4_simd.go")

// kernels8 returns kernels8_simd.go: the four-lane kernels of src with eight
// lanes.
func kernels8(src string) (string, error) {
	const mark = "// The SIMD kernels with four lanes"
	i := strings.Index(src, mark)
	j := strings.Index(src, "// vexp4 holds")
	if i < 0 || j < i {
		return "", os.ErrInvalid
	}
	hdr := "// Code generated from kernels4_simd.go by TestKernels8InSync -update; DO NOT EDIT.\n\n"
	body := src[:i] + "// The SIMD kernels of kernels4_simd.go with eight lanes (AVX-512).\n\n" + src[j:]
	r := strings.NewReplacer(
		"Float64x4", "Float64x8", "Int64x4", "Int64x8", "f64x4", "f64x8", "vexp4", "vexp8", "Vexp4", "Vexp8", "Exp4", "Exp8",
		"bcast4", "bcast8", "stellConsts4", "stellConsts8", "Vec4", "Vec8", "expSlice4", "expSlice8",
		"&^ 3", "&^ 7", "i+4]", "i+8]", "i += 4", "i += 8", "k+4]", "k+8]", "k += 4", "k += 8", "four at a time", "eight at a time")
	return hdr + r.Replace(body), nil
}

// TestKernels8InSync checks that kernels8_simd.go is kernels4_simd.go with
// eight lanes; -update rewrites it.
func TestKernels8InSync(t *testing.T) {
	src, err := os.ReadFile("kernels4_simd.go")
	if err != nil {
		t.Fatal(err)
	}
	want, err := kernels8(string(src))
	if err != nil {
		t.Fatalf("kernels4_simd.go: no header to replace: %v", err)
	}
	if *update {
		if err := os.WriteFile("kernels8_simd.go", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("kernels8_simd.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Error("kernels8_simd.go is not kernels4_simd.go with eight lanes: run go test -run TestKernels8InSync ./sim/channels/ -update")
	}
}

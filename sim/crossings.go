package sim

// Crossings returns the times of the upward crossings of level by a sampled
// signal x (sample j at t = j*interval), each linearly interpolated between
// the samples around it, as NEURON's interpolated spike times.
func Crossings(x []float64, interval, level float64) []float64 {
	var out []float64
	for j := 1; j < len(x); j++ {
		if x[j-1] < level && x[j] >= level {
			f := (level - x[j-1]) / (x[j] - x[j-1])
			out = append(out, (float64(j-1)+f)*interval)
		}
	}
	return out
}

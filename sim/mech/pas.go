package mech

// Pas is NEURON's built-in passive leak, SUFFIX pas: i = g (v - e), g_pas
// 0.001 S/cm2 and e_pas -70 mV by default.
type Pas struct {
	G, E []float64 // S/cm2, mV
	I    []float64 // mA/cm2, the last current
}

// NewPas returns pas over n instances at NEURON's defaults.
func NewPas(n int) *Pas { return &Pas{G: fill(n, 0.001), E: fill(n, -70), I: make([]float64, n)} }

func init() { MustRegister("pas", func(n int) Mechanism { return NewPas(n) }) }

func (p *Pas) Name() string   { return "pas" }
func (p *Pas) Kind() Kind     { return Density }
func (p *Pas) Ions() []IonUse { return nil }
func (p *Pas) Len() int       { return len(p.G) }
func (p *Pas) Init(*Env)      {}
func (p *Pas) State(*Env)     {}
func (p *Pas) Vars() []string { return []string{"g", "e", "i"} }
func (p *Pas) SetGlobal(name string, _ float64) error {
	return errNoGlobal("pas", name)
}

// Var returns g, e or i.
func (p *Pas) Var(name string) []float64 {
	switch name {
	case "g":
		return p.G
	case "e":
		return p.E
	case "i":
		return p.I
	}
	return nil
}

// Current adds i at v and its slope by NEURON's 0.001 mV difference.
func (p *Pas) Current(e *Env) { p.CurrentRange(e, 0, len(p.G)) }

// CurrentRange is Current for the instances k0 to k1-1 (Ranged).
func (p *Pas) CurrentRange(e *Env, k0, k1 int) {
	V, G, E, I := e.V[:k1], p.G[:k1], p.E[:k1], p.I[:k1]
	eG, eI := e.G[:k1], e.I[:k1]
	for k := k0; k < k1; k++ {
		v := V[k]
		g := G[k] * ((v + .001) - E[k])
		i := G[k] * (v - E[k])
		I[k] = i
		eG[k] += (g - i) / .001
		eI[k] += i
	}
}

// StateRange does nothing: pas has no states (Ranged).
func (p *Pas) StateRange(*Env, int, int) {}

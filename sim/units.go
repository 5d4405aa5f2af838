package sim

// SI units. Golgi stores every physical quantity of the public API in SI base
// units (seconds, volts, siemens, farads, amperes), so that a parameter reads
// as 20*sim.Millisecond or 6*sim.Nanosiemens and needs no other conversion.
// Models may convert to other units internally (the Hodgkin-Huxley-type cells
// work in NEURON's mV, ms, nA, uS); that never shows in the API.
const (
	Second      = 1.0
	Millisecond = 1e-3
	Microsecond = 1e-6

	Hertz = 1.0

	Volt      = 1.0
	Millivolt = 1e-3

	Siemens      = 1.0
	Millisiemens = 1e-3
	Microsiemens = 1e-6
	Nanosiemens  = 1e-9

	Farad      = 1.0
	Microfarad = 1e-6
	Nanofarad  = 1e-9
	Picofarad  = 1e-12

	Ampere     = 1.0
	Milliamp   = 1e-3
	Microamp   = 1e-6
	Nanoamp    = 1e-9
	Picoamp    = 1e-12
	Ohm        = 1.0
	Megaohm    = 1e6
	Micrometer = 1e-6
)

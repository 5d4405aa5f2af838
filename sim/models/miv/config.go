package miv

import (
	"fmt"
	"path/filepath"
	"strconv"
)

// Config is a MiV-Simulator model configuration (SPEC 1.1): the YAML
// mapping MiV's Env reads, with every !include resolved. Keys are MiV's;
// unknown keys are errors. Values keep MiV's units, named in the fields
// (µm, ms, Hz, cm, degrees).
type Config struct {
	// Path is the file the configuration was loaded from.
	Path string

	ModelName           string              `miv:"Model Name"`   // label; MiV's results file is <Model Name>_results.h5
	DatasetName         string              `miv:"Dataset Name"` // sub-directory of the dataset prefix
	Definitions         Definitions         `miv:"Definitions,required"`
	GlobalParameters    *GlobalParameters   `miv:"Global Parameters"`
	Geometry            Geometry            `miv:"Geometry,required"`
	RandomSeeds         RandomSeeds         `miv:"Random Seeds"`
	ConnectionGenerator ConnectionGenerator `miv:"Connection Generator,required"`
	CellData            string              `miv:"Cell Data"`         // the cells file (cells.h5)
	ConnectionData      string              `miv:"Connection Data"`   // the connections file (connections.h5)
	GapJunctionData     string              `miv:"Gap Junction Data"` // the gap-junction graph file
	Recording           *Recording          `miv:"Recording"`
	Stimulus            *Stimulus           `miv:"Stimulus"`
	Analysis            *Analysis           `miv:"Analysis"`
	CellTypes           CellTypes           `miv:"Cell Types,required"`
	NetworkClamp        Raw                 `miv:"Network Clamp"` // single-cell clamp and optimisation tooling: kept as written

	// Warnings are what MiV accepts but ignores: a cell constraint of a
	// population that Definitions lacks (Geometry_Small.yaml's PC).
	Warnings []string
}

// Definitions are the symbolic tables (SPEC 1.2): names to the integer
// ids stored in files. The tables MiV's Env.parse_definitions reads are
// required.
type Definitions struct {
	SWCTypes              Map[int] `miv:"SWC Types,required"`
	SynapseTypes          Map[int] `miv:"Synapse Types,required"`
	SynapseMechanisms     Map[int] `miv:"Synapse Mechanisms"`
	Layers                Map[int] `miv:"Layers,required"`
	Populations           Map[int] `miv:"Populations,required"`
	InputSelectivityTypes Map[int] `miv:"Input Selectivity Types,required"`
}

// GlobalParameters are NEURON's globals; MiV uses only celsius.
type GlobalParameters struct {
	CelsiusDegC float64 `miv:"celsius"`
}

// Geometry is the layered volume and the cells in it (SPEC 1.3).
type Geometry struct {
	ParametricSurface ParametricSurface `miv:"Parametric Surface,required"`
	CellConstraints   Map[Map[RangeUm]] `miv:"Cell Constraints"`           // population -> layer -> soma L range
	CellDistribution  Map[Map[int]]     `miv:"Cell Distribution,required"` // population -> layer -> count
}

// ParametricSurface is the volume: the origin of arc distances, the
// layers' boxes and a rotation.
type ParametricSurface struct {
	Origin       Origin      `miv:"Origin"`
	LayerExtents Map[Extent] `miv:"Layer Extents,required"`
	RotationDeg  [3]float64  `miv:"Rotation"`
}

// setDefaults gives MiV's default origin (Config.geometry_origin).
func (p *ParametricSurface) setDefaults() {
	p.Origin = Origin{U: OriginSpec{Stat: "median"}, V: OriginSpec{Stat: "median"}, L: OriginSpec{Stat: "max"}}
}

// Origin is the reference point of arc distances along U, V and L.
type Origin struct {
	U OriginSpec `miv:"U,required"`
	V OriginSpec `miv:"V,required"`
	L OriginSpec `miv:"L,required"`
}

// OriginSpec is one coordinate of the origin: a statistic of the
// sampled coordinates (median, mean, min, max) or a value in µm.
type OriginSpec struct {
	Stat    string  // "median", "mean", "min", "max", or "" for ValueUm
	ValueUm float64 // the coordinate when Stat is ""
}

func (o *OriginSpec) decodeMIV(n *ynode, key string) error {
	*o = OriginSpec{}
	if n.ykind == yScalar && (n.tag == "!!int" || n.tag == "!!float") {
		f, err := n.number(key)
		o.ValueUm = f
		return err
	}
	if n.ykind == yScalar && n.tag == "!!str" {
		switch n.value {
		case "median", "mean", "min", "max":
			o.Stat = n.value
			return nil
		}
	}
	return n.errorf(key, "want median, mean, min, max or a number, got %s", n.describe())
}

func (o OriginSpec) String() string {
	if o.Stat != "" {
		return o.Stat
	}
	return strconv.FormatFloat(o.ValueUm, 'g', -1, 64)
}

// Extent is a layer's box in (U, V, L), µm: [[u_min, v_min, l_min],
// [u_max, v_max, l_max]].
type Extent struct {
	MinUm, MaxUm [3]float64
	At           Location
}

func (e *Extent) decodeMIV(n *ynode, key string) error {
	var v [2][3]float64
	if err := decodeValue(n, refOf(&v), key); err != nil {
		return err
	}
	e.MinUm, e.MaxUm, e.At = v[0], v[1], n.at(key)
	return nil
}

// RangeUm is a [min, max] range in µm.
type RangeUm [2]float64

// RandomSeeds are MiV's named seeds (SPEC 1.6). MiV adds a gid (or a
// pair index) to most of them.
type RandomSeeds struct {
	SynapseLocations                int64 `miv:"Synapse Locations"`
	ConnectivityClustering          int64 `miv:"Connectivity Clustering"`
	DistanceDependentConnectivity   int64 `miv:"Distance-Dependent Connectivity"`
	InputSelectivity                int64 `miv:"Input Selectivity"`
	InputRemap                      int64 `miv:"Input Remap"`
	RandomConnectivity              int64 `miv:"Random Connectivity"`
	NormalWeights                   int64 `miv:"Normal Weights"`
	SynapticIntegrationOptimization int64 `miv:"Synaptic Integration Optimization"`
	EPSCAttenuationOptimization     int64 `miv:"EPSC Attenuation Optimization"`
	SynapseProjectionPartitions     int64 `miv:"Synapse Projection Partitions"`
	IntracellularRecordingSample    int64 `miv:"Intracellular Recording Sample"`
	LocalFieldPotential             int64 `miv:"Local Field Potential"`
	InputSpiketrains                int64 `miv:"Input Spiketrains"`
	SomaLocations                   int64 `miv:"Soma Locations"`
	GapJunctions                    int64 `miv:"Gap Junctions"`
}

// DefaultRandomSeeds are the seeds of the cases' Random.yaml, which the
// imperative interface hard-codes for the connections (SPEC 1.6).
var DefaultRandomSeeds = RandomSeeds{
	SynapseLocations: 0, ConnectivityClustering: 1_500_000, DistanceDependentConnectivity: 2_000_000,
	InputSelectivity: 4_000_000, InputRemap: 5_000_000, RandomConnectivity: 6_000_000,
	NormalWeights: 15_000_000, SynapticIntegrationOptimization: 14_000_000, EPSCAttenuationOptimization: 16_000_000,
	SynapseProjectionPartitions: 18_000_000, IntracellularRecordingSample: 24_000_000, LocalFieldPotential: 30_000_000,
	InputSpiketrains: 50_000_000, SomaLocations: 60_000_000, GapJunctions: 70_000_000,
}

// ConnectionGenerator describes synapses and connections (SPEC 1.4).
type ConnectionGenerator struct {
	SynapseMechanisms         Map[string]      `miv:"Synapse Mechanisms,required"`      // label (AMPA) -> point process (LinExp2Syn)
	SynapseParameterRules     Map[SynapseRule] `miv:"Synapse Parameter Rules,required"` // point process -> its parameters
	AxonExtent                AxonExtents      `miv:"Axon Extent,required"`
	ConnectionVelocityUmPerMs Map[float64]     `miv:"Connection Velocity,required"` // presynaptic population -> µm/ms
	Synapses                  Synapses         `miv:"Synapses,required"`
	GapJunctions              *GapJunctions    `miv:"Gap Junctions"`
}

// SynapseRule names what may be set on a point-process model.
type SynapseRule struct {
	MechFile     string       `miv:"mech_file"`
	MechParams   []string     `miv:"mech_params"`   // parameters of the point process
	NetconParams Map[int]     `miv:"netcon_params"` // name -> NetCon weight slot (weight 0, g_unit 1)
	NetconState  Map[float64] `miv:"netcon_state"`
}

// AxonExtents are, per presynaptic population, per layer name or
// "default", the extent of its axon.
type AxonExtents = Map[Map[AxonExtent]]

// AxonExtent is an axon's full width along U and V and its offset (µm).
type AxonExtent struct {
	WidthUm  [2]float64 `miv:"width,required"`
	OffsetUm [2]float64 `miv:"offset"`
}

// Synapses are the projections: postsynaptic population -> presynaptic
// population -> Projection.
type Synapses = Map[Map[Projection]]

// Projection is one presynaptic population's share of a postsynaptic
// population's synapses (SPEC 1.4).
type Projection struct {
	Type        string    `miv:"type,required"`        // synapse type (excitatory, inhibitory, modulatory)
	Sections    []string  `miv:"sections,required"`    // SWC type names; k-th pairs with Layers[k], Proportions[k]
	Layers      []string  `miv:"layers,required"`      // layer names
	Proportions []float64 `miv:"proportions,required"` // share of the (type, section, layer) synapses
	Contacts    int       `miv:"contacts"`             // synapses per chosen presynaptic cell (default 1)
	// Mechanisms are parameters per mechanism label for all synapses;
	// SWCTypeMechanisms per postsynaptic section type instead.
	Mechanisms        Map[Map[float64]]      `miv:"mechanisms"`
	SWCTypeMechanisms Map[Map[Map[float64]]] `miv:"swctype mechanisms"`
	At                Location
}

func (p *Projection) setDefaults() { p.Contacts = 1 }

// GapJunctions configure gap-junction generation (SPEC 2.9).
type GapJunctions struct {
	Locations               Map[Map[[]string]] `miv:"Locations,required"` // A -> B -> section types
	ConnectionProbabilities Map[Map[float64]]  `miv:"Connection Probabilities,required"`
	ConnectionWeights       DistanceTable      `miv:"Connection Weights,required"` // soma distance (µm) -> relative probability
	ConnectionParameters    []float64          `miv:"Connection Parameters"`       // ignored by MiV (it fits the weights)
	CouplingCoefficients    Map[Map[float64]]  `miv:"Coupling Coefficients,required"`
	CouplingWeights         DistanceTable      `miv:"Coupling Weights,required"` // path distance (µm) -> relative coupling
	CouplingParameters      []float64          `miv:"Coupling Parameters"`       // ignored by MiV
}

// DistanceTable is a table of values by distance (µm), sorted by
// distance: {0: 1.0, 25: 0.429, ...}.
type DistanceTable []DistanceValue

// DistanceValue is one row of a DistanceTable.
type DistanceValue struct {
	DistanceUm, Value float64
}

func (t *DistanceTable) decodeMIV(n *ynode, key string) error {
	if n.ykind != yMap {
		return n.errorf(key, "want a mapping of distance (µm) to value, got %s", n.describe())
	}
	*t = nil
	for i, k := range n.keys {
		d, err := strconv.ParseFloat(k, 64)
		if err != nil {
			return n.keyAt(i, joinKey(key, k)).errorf("want a distance in µm as the key, got %q", k)
		}
		v, err := n.vals[i].number(joinKey(key, k))
		if err != nil {
			return err
		}
		*t = append(*t, DistanceValue{d, v})
	}
	// MiV sorts the keys.
	for i := 1; i < len(*t); i++ {
		for j := i; j > 0 && (*t)[j].DistanceUm < (*t)[j-1].DistanceUm; j-- {
			(*t)[j], (*t)[j-1] = (*t)[j-1], (*t)[j]
		}
	}
	return nil
}

// CellTypes are the cell types by population.
type CellTypes = Map[CellType]

// CellType is a population's cells (SPEC 1.5).
type CellType struct {
	Template      string `miv:"template"`       // HOC template (PoolosPyramidalCell) or VecStim
	TemplateFile  string `miv:"template file"`  // explicit template file
	TemplateClass string `miv:"template class"` // a Python class (7-optimization's Bilash/PRN cells)
	// MechanismFile is a YAML file of biophysical parameters of reduced
	// templates, relative to the configuration's directory; it is read
	// when cells are built (LoadMechanism), as MiV reads it.
	MechanismFile string            `miv:"mechanism file"`
	Mechanism     Raw               `miv:"mechanism"` // the same given inline
	Synapses      CellSynapses      `miv:"synapses"`
	SpikeTrain    *SpikeTrainSource `miv:"spike train"`
	At            Location
}

// CellSynapses are a cell type's synapse densities.
type CellSynapses struct {
	// Density is section type -> synapse type -> layer name or
	// "default" -> density, in YAML order.
	Density Map[Map[Map[SynapseDensity]]] `miv:"density"`
	Weights Raw                           `miv:"weights"` // weight namespaces and expressions (kept as written)
	Unique  bool                          `miv:"unique"`  // one point process per synapse
}

// SynapseDensity is a synapse density (synapses/µm). MiV draws a segment's
// density from Normal(mean, variance) using "variance" as the standard
// deviation (SPEC 2.5).
type SynapseDensity struct {
	MeanPerUm     float64 `miv:"mean,required"`
	VariancePerUm float64 `miv:"variance,required"`
}

// SpikeTrainSource names where an artificial population's spike times are
// stored.
type SpikeTrainSource struct {
	Namespace string `miv:"namespace,required"`
	Attribute string `miv:"attribute,required"`
}

// Recording configures intracellular and LFP recording (SPEC 1.8).
type Recording struct {
	Intracellular Map[RecordingProfile] `miv:"Intracellular"`
	LFP           Map[ElectrodeConfig]  `miv:"LFP,required"` // MiV's Env reads it whenever Recording is given
}

// RecordingProfile is an intracellular recording profile.
type RecordingProfile struct {
	Fraction         float64               `miv:"fraction"` // probability a biophysical cell is recorded
	Limit            int                   `miv:"limit"`
	DtMs             float64               `miv:"dt"` // 0: every step
	SectionQuantity  Map[SectionQuantity]  `miv:"section quantity"`
	SynapticQuantity Map[SynapticQuantity] `miv:"synaptic quantity"`
	Reduce           bool                  `miv:"reduce"`
}

// SectionQuantity is a recorded section variable.
type SectionQuantity struct {
	Variable string    `miv:"variable"` // default: the label
	SWCTypes []string  `miv:"swc types"`
	Loc      []float64 `miv:"loc"` // default 0.5
}

// SynapticQuantity is a recorded synaptic variable and its filters.
type SynapticQuantity struct {
	SynTypes []string `miv:"syn types"`
	SWCTypes []string `miv:"swc types"`
	Layers   []string `miv:"layers"`
	Sources  []string `miv:"sources"`
}

// ElectrodeConfig is an LFP electrode (SPEC 1.8, section 5).
type ElectrodeConfig struct {
	PositionUm [3]float64 `miv:"position,required"`
	RhoOhmCm   float64    `miv:"rho,required"`      // extracellular resistivity
	MaxEDistUm float64    `miv:"maxEDist,required"` // cells nearer are always included
	Fraction   float64    `miv:"fraction,required"` // fdst: fraction of distant cells included
	DtMs       float64    `miv:"dt,required"`       // sampling interval
}

// Stimulus are the input-feature and spike-train generation parameters
// (SPEC 1.7).
type Stimulus struct {
	SpatialResolutionCm          float64            `miv:"Spatial Resolution"`
	TemporalResolutionMs         float64            `miv:"Temporal Resolution"`
	EquilibrationDurationMs      float64            `miv:"Equilibration Duration"`
	SelectivityTypeProbabilities Map[Map[float64]]  `miv:"Selectivity Type Probabilities"`
	PeakRateHz                   Map[Map[float64]]  `miv:"Peak Rate"`
	GlobalOscillation            *GlobalOscillation `miv:"Global Oscillation"`
	Arena                        Map[Arena]         `miv:"Arena"`
	Opsin                        *Opsin             `miv:"Opsin"`
}

// GlobalOscillation modulates input rates (SPEC 1.7).
type GlobalOscillation struct {
	FrequencyHz       float64              `miv:"frequency"`
	PhaseDistribution PhaseDistribution    `miv:"Phase Distribution"`
	PhaseModulation   Map[PhaseModulation] `miv:"Phase Modulation"`
}

// PhaseDistribution: phase shift (deg) = slope·(U/1000) + offset.
type PhaseDistribution struct {
	SlopeDeg  float64 `miv:"slope"`
	OffsetDeg float64 `miv:"offset"`
}

// PhaseModulation is a population's preferred phase range and depth.
type PhaseModulation struct {
	PhaseRangeDeg [2]float64 `miv:"phase range"`
	Depth         float64    `miv:"depth"`
}

// Arena is a stimulus arena (lengths cm).
type Arena struct {
	Domain                   Domain          `miv:"Domain"`
	Trajectory               Map[Trajectory] `miv:"Trajectory"`
	DefaultRunVelocityCmPerS float64         `miv:"default run velocity"`
}

// Domain is a polygon: vertices (cm) and the edges between them.
type Domain struct {
	VerticesCm [][2]float64 `miv:"vertices"`
	Simplices  [][2]int     `miv:"simplices"`
}

// Trajectory is a path through an arena.
type Trajectory struct {
	PathCm            [][2]float64 `miv:"path"`
	RunVelocityCmPerS float64      `miv:"run velocity"`
}

// Opsin is 4-opsin's optogenetic stimulation (commented out in MiV's
// Env at HEAD).
type Opsin struct {
	NStates            int    `miv:"nstates"`
	OpsinType          string `miv:"opsin type"`
	Protocol           string `miv:"protocol"`
	ProtocolParameters Raw    `miv:"protocol parameters"`
	RhoParameters      Raw    `miv:"rho parameters"`
}

// Analysis are post-processing parameters (not used by Golgi's runs).
type Analysis struct {
	FiringRateInference *FiringRateInference `miv:"Firing Rate Inference"`
	MutualInformation   *MutualInformation   `miv:"Mutual Information"`
	PlaceFields         *PlaceFields         `miv:"Place Fields"`
}

// FiringRateInference are BAKS's parameters.
type FiringRateInference struct {
	TemporalResolutionMs float64 `miv:"Temporal Resolution"`
	BAKSAlpha            float64 `miv:"BAKS Alpha"`
	BAKSBeta             float64 `miv:"BAKS Beta"`
	PadDurationMs        float64 `miv:"Pad Duration"`
}

// MutualInformation are the spatial information's parameters.
type MutualInformation struct {
	SpatialResolutionCm float64 `miv:"Spatial Resolution"`
}

// PlaceFields are the place-field criteria.
type PlaceFields struct {
	MinimumWidth float64 `miv:"Minimum Width"`
	MinimumRate  float64 `miv:"Minimum Rate"`
}

// Load reads a model configuration, resolving !include tags relative to
// the directory of the file that holds them (MiV's IncludeLoader), and
// validates it (Validate). Every error names the file, the key path and
// the value.
func Load(path string) (*Config, error) {
	var r yamlReader
	n, err := r.readFile(path, Location{}, "")
	if err != nil {
		return nil, err
	}
	cfg := &Config{}
	if err := decodeValue(n, refOf(cfg), ""); err != nil {
		return nil, err
	}
	cfg.Path = path
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// LoadPart reads a file that holds one part of a configuration (what an
// !include names, or what MiV's imperative interface reads with
// from_yaml, such as 3-interface-api's synapses.yml) into v, a pointer
// to the part's type: *Definitions, *Geometry, *Synapses, *CellTypes,
// *AxonExtents, *Map[Extent] (layer extents), *Map[Map[int]] (cell
// distributions), *Raw, ... Unknown keys are errors; the part is not
// validated against the rest of a configuration.
func LoadPart(path string, v any) error {
	var r yamlReader
	n, err := r.readFile(path, Location{}, "")
	if err != nil {
		return err
	}
	rv := refOf(v)
	if !rv.IsValid() {
		return fmt.Errorf("miv: LoadPart %s: want a pointer, got %T", path, v)
	}
	return decodeValue(n, rv, "")
}

// LoadMechanism reads the mechanism file of a population's cell type
// (relative to the configuration's directory) as JSON. It is an error if
// the cell type names none.
func (c *Config) LoadMechanism(population string) ([]byte, error) {
	ct, ok := c.CellTypes.Get(population)
	if !ok {
		return nil, fmt.Errorf("miv config %s: Cell Types: no population %q", c.Path, population)
	}
	if ct.MechanismFile == "" {
		return nil, ct.At.errorf("no mechanism file")
	}
	p := ct.MechanismFile
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(c.Path), p)
	}
	return ReadYAML(p)
}

package morph

// ReleaseBuildData drops what only building a CellGroup reads: the
// per-segment parameters and procedure calls of the Inserts (ParamsAt,
// CallsAt) and the parameters of the PointProcesses. What the cell is
// stays: its morphology, passive properties, which mechanisms are
// inserted where (Mech, Where, uniform Params), its point processes'
// names, mechanisms and locations, ion values and spike detector. The
// groups built from the cell keep their own copy of every value (read
// them with CellGroup.Mechanism). Building a group from the cell
// afterwards is an error, since its values would silently be the
// mechanisms' defaults. For a cell made from a BBP template the
// per-segment values are about a fifth of its memory after the build.
func (c *Cell) ReleaseBuildData() {
	for k := range c.Inserts {
		c.Inserts[k].ParamsAt, c.Inserts[k].CallsAt = nil, nil
	}
	for k := range c.PointProcesses {
		c.PointProcesses[k].Params = nil
	}
	c.released = true
}

// BuildDataReleased reports whether ReleaseBuildData was called.
func (c *Cell) BuildDataReleased() bool { return c.released }

package spec

import (
	"fmt"
)

// Param is one resolved parameter: a key, its value and its unit.
type Param struct {
	Key string
	// Value is a float64, int64, uint64, bool, string, []string or
	// []int64, as the key's Type.
	Value any
	Unit  string
}

// String returns "key = value unit".
func (p Param) String() string {
	s := p.Key + " = " + formatValue(p.Value)
	if p.Unit != "" && p.Unit != "-" && p.Unit != "1" {
		s += " " + p.Unit
	}
	return s
}

// Params is an ordered map of resolved parameters: every key of a model's
// Set, in the Set's order. The zero value is empty.
type Params struct {
	list  []Param
	index map[string]int
}

// newParams returns the defaults of set.
func newParams(set *Set) Params {
	p := Params{list: make([]Param, len(set.Keys)), index: make(map[string]int, len(set.Keys))}
	for i, k := range set.Keys {
		p.list[i] = Param{Key: k.Name, Value: copyValue(k.Default), Unit: k.Unit}
		p.index[k.Name] = i
	}
	return p
}

// clone returns a copy of p.
func (p Params) clone() Params {
	c := Params{list: make([]Param, len(p.list)), index: p.index}
	for i, x := range p.list {
		x.Value = copyValue(x.Value)
		c.list[i] = x
	}
	return c
}

// set replaces the value of an existing key.
func (p Params) set(key string, v any) {
	p.list[p.index[key]].Value = copyValue(v)
}

// Len returns the number of parameters.
func (p Params) Len() int { return len(p.list) }

// At returns the i-th parameter.
func (p Params) At(i int) Param {
	x := p.list[i]
	x.Value = copyValue(x.Value)
	return x
}

// Keys returns the keys in order.
func (p Params) Keys() []string {
	k := make([]string, len(p.list))
	for i, x := range p.list {
		k[i] = x.Key
	}
	return k
}

// Get returns the parameter called key.
func (p Params) Get(key string) (Param, bool) {
	i, ok := p.index[key]
	if !ok {
		return Param{}, false
	}
	return p.At(i), true
}

// value returns the raw value of key, or an error naming the key and the
// type wanted.
func (p Params) value(key string) (any, error) {
	i, ok := p.index[key]
	if !ok {
		return nil, fmt.Errorf("no parameter %q", key)
	}
	return p.list[i].Value, nil
}

func typed[T any](p Params, key string, want string) (T, error) {
	var zero T
	v, err := p.value(key)
	if err != nil {
		return zero, err
	}
	x, ok := v.(T)
	if !ok {
		return zero, fmt.Errorf("parameter %q is %T, not %s", key, v, want)
	}
	return x, nil
}

// Float returns the value of a Float key.
func (p Params) Float(key string) (float64, error) { return typed[float64](p, key, "a float") }

// Int returns the value of an Int key.
func (p Params) Int(key string) (int64, error) { return typed[int64](p, key, "an int") }

// Uint returns the value of a Uint key.
func (p Params) Uint(key string) (uint64, error) { return typed[uint64](p, key, "a uint") }

// Bool returns the value of a Bool key.
func (p Params) Bool(key string) (bool, error) { return typed[bool](p, key, "a bool") }

// String returns the value of a String key.
func (p Params) String(key string) (string, error) { return typed[string](p, key, "a string") }

// Strings returns a copy of the value of a Strings key.
func (p Params) Strings(key string) ([]string, error) {
	v, err := typed[[]string](p, key, "a list of strings")
	return append([]string{}, v...), err
}

// Ints returns a copy of the value of an Ints key.
func (p Params) Ints(key string) ([]int64, error) {
	v, err := typed[[]int64](p, key, "a list of integers")
	return append([]int64{}, v...), err
}

// getter reads parameters of known types, keeping the first error, so that
// a network builder reads many keys and checks once.
type getter struct {
	p   Params
	err error
}

func (g *getter) keep(err error) {
	if g.err == nil && err != nil {
		g.err = err
	}
}

func (g *getter) float(key string) float64 {
	v, err := g.p.Float(key)
	g.keep(err)
	return v
}

func (g *getter) int(key string) int {
	v, err := g.p.Int(key)
	g.keep(err)
	return int(v)
}

func (g *getter) str(key string) string {
	v, err := g.p.String(key)
	g.keep(err)
	return v
}

func (g *getter) strs(key string) []string {
	v, err := g.p.Strings(key)
	g.keep(err)
	return v
}

func (g *getter) ints(key string) []int64 {
	v, err := g.p.Ints(key)
	g.keep(err)
	return v
}

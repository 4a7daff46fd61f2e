package importer

import (
	"fmt"
	"slices"
	"strings"
)

// Input is what an importer reads.
type Input struct {
	// Name names the source in messages: a path, or "stdin".
	Name string
	// Data is the source's content.
	Data []byte
	// ReadFile reads a file beside the source (a .http file's
	// http-client.env.json), by a path relative to the source's folder;
	// nil when there is no folder (stdin). It refuses paths that leave
	// that folder.
	ReadFile func(rel string) ([]byte, error)
	// Environments are extra files the user named (Postman environment
	// exports), in the order given.
	Environments []File
}

// File is a named file's content.
type File struct {
	Name string
	Data []byte
}

// Format is one importer.
type Format struct {
	// Name is what the user types: keyway import NAME.
	Name string
	// Summary says what the format is, for help and completion.
	Summary string
	// Import reads in and returns what it found; an error for input it
	// cannot read is a *PosError where the format has lines.
	Import func(in Input) (*Collection, error)
}

var formats []Format

// Register adds f to the formats keyway import knows; each importer
// registers itself from its file's init. Registering a name twice panics:
// it is a programming error.
func Register(f Format) {
	if _, ok := Lookup(f.Name); ok {
		panic("importer: format " + f.Name + " registered twice")
	}
	formats = append(formats, f)
	slices.SortFunc(formats, func(a, b Format) int { return strings.Compare(a.Name, b.Name) })
}

// Formats returns the known formats, sorted by name.
func Formats() []Format { return slices.Clone(formats) }

// Lookup returns the format named name.
func Lookup(name string) (Format, bool) {
	for _, f := range formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// PosError is input an importer cannot read, at a place in it.
type PosError struct {
	File      string
	Line, Col int // 1-based; 0 when unknown
	Msg       string
}

func (e *PosError) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

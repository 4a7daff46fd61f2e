package config

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Pos is a place in the config file. Line and Col are 1-based, the column
// counted in characters, as an editor does; 0 means unknown.
type Pos struct {
	File      string
	Line, Col int
}

// String returns the position as FILE:LINE:COL, leaving out what is unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is one problem in the config file, at a position.
type Error struct {
	Pos Pos
	Msg string
}

// Error returns the problem as FILE:LINE:COL: message.
func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// ErrorList is every problem found in the config file, sorted by position.
type ErrorList []*Error

// Error returns one FILE:LINE:COL: message per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the individual errors, for errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// Problems collects errors so that every problem is reported at once, not
// only the first. The zero value is ready to use.
type Problems struct{ list ErrorList }

// Add records a problem at pos.
func (p *Problems) Add(pos Pos, format string, args ...any) {
	p.list = append(p.list, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Err returns the problems sorted by position, or nil when there is none.
func (p *Problems) Err() error {
	if len(p.list) == 0 {
		return nil
	}
	slices.SortStableFunc(p.list, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	return p.list
}

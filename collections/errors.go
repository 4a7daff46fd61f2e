package collections

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem in a collection file, at a position.
type Error struct {
	Pos Pos
	Msg string
	// Err is the underlying cause, when there is one, so that callers can
	// branch with errors.Is (for example on ErrPromptUnavailable).
	Err error
}

// Error returns the problem as FILE:LINE:COL: message.
func (e *Error) Error() string {
	return e.Pos.String() + ": " + e.Msg
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

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

// ErrorList is every problem found in a collection, sorted by position.
type ErrorList []*Error

// Error returns one FILE:LINE:COL: message per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the individual errors, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// problems collects errors while a file is checked, so that every problem is
// reported at once rather than only the first.
type problems struct {
	list ErrorList
}

func (p *problems) add(pos Pos, format string, args ...any) {
	p.list = append(p.list, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (p *problems) addErr(pos Pos, prefix string, err error) {
	p.list = append(p.list, &Error{Pos: pos, Msg: prefix + err.Error(), Err: err})
}

// err returns the collected problems sorted by position, or nil.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	slices.SortStableFunc(p.list, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	return p.list
}

// errAt records a problem at a byte offset of the document.
func (d *decoder) errAt(offset int, format string, args ...any) {
	d.problems.add(d.lines.pos(offset), format, args...)
}

// errAt2 records a problem with a cause at a byte offset of the document.
func (d *decoder) errAt2(offset int, prefix string, err error) {
	d.problems.addErr(d.lines.pos(offset), prefix, err)
}

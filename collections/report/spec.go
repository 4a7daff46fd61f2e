package report

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/collections"
)

// Format names a report encoding that can be written to a file.
type Format string

// The formats `--report KIND:PATH` accepts.
const (
	FormatJSON  Format = "json"
	FormatJUnit Format = "junit"
	FormatHTML  Format = "html"
)

// formats lists every Format, in the order messages name them.
var formats = []Format{FormatJUnit, FormatJSON, FormatHTML}

// formatNames is the list of formats for a message: "junit, json or html".
const formatNames = "junit, json or html"

// ErrSpec is wrapped by every error ParseSpec returns, so that a command can
// tell a bad --report value (a usage error) from a failed write.
var ErrSpec = errors.New("report: invalid --report value")

// Spec is one `--report KIND:PATH` request: write the report encoded as
// Format to Path.
type Spec struct {
	Format Format
	Path   string
}

// ParseSpec parses a `--report` value such as "junit:out/report.xml",
// "json:report.json" or "html:out/report.html". The kind is everything before the first colon, so a
// path may itself contain colons.
func ParseSpec(value string) (Spec, error) {
	kind, path, ok := strings.Cut(value, ":")
	if !ok {
		return Spec{}, fmt.Errorf("%w %q: want KIND:PATH, such as junit:report.xml, json:report.json or html:report.html", ErrSpec, value)
	}
	format := Format(strings.ToLower(strings.TrimSpace(kind)))
	if !slices.Contains(formats, format) {
		return Spec{}, fmt.Errorf("%w %q: unknown kind %q (want %s)", ErrSpec, value, kind, formatNames)
	}
	if path == "" {
		return Spec{}, fmt.Errorf("%w %q: the path after %q is empty", ErrSpec, value, kind+":")
	}
	return Spec{Format: format, Path: path}, nil
}

// extension is the file name extension a report of this format usually
// has, for suggestions.
func (f Format) extension() string {
	if f == FormatJUnit {
		return "xml"
	}
	return string(f)
}

// ShowsExchanges reports whether any of specs writes a report that shows
// each request's exchange (the HTML report), which a run then has to keep:
// see run.Options.KeepExchange.
func ShowsExchanges(specs []Spec) bool {
	return slices.ContainsFunc(specs, func(s Spec) bool { return s.Format == FormatHTML })
}

// String returns the spec as it is written on the command line.
func (s Spec) String() string { return string(s.Format) + ":" + s.Path }

// Write encodes r in s.Format and writes it to s.Path atomically: to a
// temporary file in the same folder, then renamed over the target, so that a
// CI job never reads half a report and a failed write leaves any previous
// report as it was.
func (s Spec) Write(r *Report) error {
	var buf bytes.Buffer
	var err error
	switch s.Format {
	case FormatJSON:
		err = r.WriteJSON(&buf)
	case FormatJUnit:
		err = r.WriteJUnit(&buf)
	case FormatHTML:
		err = r.WriteHTML(&buf)
	default:
		err = fmt.Errorf("%w: unknown kind %q (want %s)", ErrSpec, s.Format, formatNames)
	}
	if err != nil {
		return err
	}
	// A report holds no secret: a new one is readable like any other build
	// artefact; one that replaces a file keeps the permissions chosen for it.
	if err := collections.WriteFile(s.Path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

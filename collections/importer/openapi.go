package importer

import (
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi/datamodel"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	v3low "github.com/pb33f/libopenapi/datamodel/low/v3"
	"github.com/pb33f/libopenapi/index"
)

func init() {
	Register(Format{
		Name:    "openapi",
		Summary: "an OpenAPI 3.0 or 3.1 document, JSON or YAML: a request per operation",
		Import:  ImportOpenAPI,
	})
}

// Limits that keep an import of a hostile or generated document bounded.
const (
	// openAPIMaxBytes is the largest document read (the GitHub REST API's,
	// among the largest published, is about 12 MB).
	openAPIMaxBytes = 32 << 20
	// openAPIMaxOperations is the most requests made; the rest are noted.
	openAPIMaxOperations = 5000
)

// openAPIFormat names what ImportOpenAPI expects, in its errors.
const openAPIFormat = "an OpenAPI 3.0 or 3.1 document"

// ImportOpenAPI reads an OpenAPI 3.0 or 3.1 document, JSON or YAML
// (github.com/pb33f/libopenapi parses it and resolves its local $refs),
// and returns a request per operation, in the document's order, in a
// folder per tag. Path parameters are variables; servers (with their
// variables) are [vars] and environments; securitySchemes are profiles,
// and each operation's security (or the document's) picks its profile.
// External $refs (other files, URLs) are not followed: nothing is read
// but the document itself, and nothing is fetched.
func ImportOpenAPI(in Input) (*Collection, error) {
	if len(in.Data) > openAPIMaxBytes {
		return nil, &PosError{File: in.Name, Msg: fmt.Sprintf("the document is larger than %d MiB, more than keyway imports", openAPIMaxBytes>>20)}
	}
	cfg := datamodel.NewDocumentConfiguration()
	cfg.Logger = slog.New(slog.DiscardHandler) // the default logs to stdout
	cfg.AllowFileReferences = false
	cfg.AllowRemoteReferences = false
	cfg.SkipExternalRefResolution = true
	// libopenapi's own steps, without its root package (document
	// comparison, overlays, Swagger 2, Arazzo): what keyway does not use
	// would be linked into every start of keyway.
	info, err := datamodel.ExtractSpecInfoWithConfig(in.Data, cfg)
	if err != nil {
		return nil, openAPIError(in.Name, err)
	}
	switch v := info.Version; {
	case strings.HasPrefix(v, "2"):
		return nil, &PosError{File: in.Name, Line: 1, Col: 1, Msg: "this is an OpenAPI 2 (Swagger) document; keyway reads OpenAPI 3.0 and 3.1: convert it first (for example with swagger2openapi)"}
	case !strings.HasPrefix(v, "3."):
		return nil, &PosError{File: in.Name, Line: 1, Col: 1, Msg: "not " + openAPIFormat + ": it has no openapi: 3.x version"}
	}
	low, err := v3low.CreateDocumentFromConfig(info, cfg)
	if low == nil {
		return nil, openAPIError(in.Name, err)
	}
	// As libopenapi's BuildV3Model: a $ref that resolves to nothing is
	// an error, a cycle is not (the model is built anyway).
	for _, e := range unwrapAll(err) {
		var refErr *index.ResolvingError
		if errors.As(e, &refErr) && refErr.CircularReference == nil {
			return nil, openAPIError(in.Name, e)
		}
	}
	model := v3.NewDocument(low)
	o := &oaImport{c: &Collection{}, doc: model, schemes: map[string]string{}, vars: map[string]bool{}}
	o.c.Notes = append(o.c.Notes, "Imported by keyway import openapi from "+in.Name+".")
	if circular(err) {
		o.c.Notes = append(o.c.Notes, "The document's schemas refer to themselves ($ref cycles): example bodies stop where a cycle starts.")
	}
	o.run()
	return o.c, nil
}

// circular reports whether err holds a $ref cycle.
func circular(err error) bool {
	for _, e := range unwrapAll(err) {
		var refErr *index.ResolvingError
		if errors.As(e, &refErr) && refErr.CircularReference != nil {
			return true
		}
	}
	return false
}

// unwrapAll lists the errors err joins, or err itself.
func unwrapAll(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, unwrapAll(e)...)
		}
		return out
	}
	return []error{err}
}

// yamlPos finds where a parser's message places the problem: "line N,
// column M" or go-yaml's "at LN.CM".
var yamlPos = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`line (\d+)(?:, column (\d+))?|at L(\d+)\.C(\d+)(?:-L\d+\.C\d+)?:?`)
})

// openAPIError turns libopenapi's error into a *PosError in the user's
// words, at the line and column its YAML or JSON parser names.
func openAPIError(file string, err error) error {
	if err == nil {
		err = errors.New("the document could not be read")
	}
	msg := err.Error()
	var refErr *index.ResolvingError
	if errors.As(err, &refErr) && refErr.Node != nil {
		return &PosError{File: file, Line: refErr.Node.Line, Col: refErr.Node.Column, Msg: "a $ref that cannot be resolved (" + refErr.ErrorRef.Error() + "), in " + openAPIFormat}
	}
	first, _, _ := strings.Cut(msg, "\n")
	pe := &PosError{File: file}
	switch {
	case strings.Contains(first, "it's empty"):
		pe.Msg = "the file is empty; expected " + openAPIFormat
	case strings.Contains(first, "not supported") || strings.Contains(first, "unable to extract version"):
		pe.Line, pe.Col = 1, 1
		pe.Msg = "not " + openAPIFormat + ": it has no openapi: 3.x at its top"
	default:
		reason := yamlPos().ReplaceAllString(first, "")
		reason = strings.NewReplacer("unable to parse specification: ", "", "go-yaml load error in parser ", "", "  ", " ").Replace(reason)
		pe.Msg = fmt.Sprintf("not valid YAML or JSON (%s), expected %s", strings.TrimSpace(reason), openAPIFormat)
	}
	if m := yamlPos().FindStringSubmatch(first); m != nil {
		line, col := m[1], m[2]
		if line == "" {
			line, col = m[3], m[4]
		}
		pe.Line, _ = strconv.Atoi(line)
		pe.Col, _ = strconv.Atoi(col)
	}
	return pe
}

// oaImport is one OpenAPI import in progress.
type oaImport struct {
	c   *Collection
	doc *v3.Document
	// schemes maps a security scheme's name to its profile ("" when it
	// has none).
	schemes map[string]string
	// vars holds the variables defined, by name.
	vars map[string]bool
}

func (o *oaImport) run() {
	d := o.doc
	if d.Info != nil {
		o.c.Name = d.Info.Title
		if d.Info.Version != "" {
			o.c.Notes = append(o.c.Notes, "API version "+d.Info.Version+".")
		}
		o.c.Notes = append(o.c.Notes, firstLines(d.Info.Description, 6)...)
	}
	o.servers(d.Servers)
	o.securitySchemes()
	if ref, ok := o.securityProfile(d.Security, &o.c.Unmapped); ok && ref != "none" {
		o.c.DefaultProfile = ref
	}
	o.operations()
}

// firstLines returns at most n non-blank lines of a description.
func firstLines(s string, n int) []string {
	var out []string
	for _, l := range descriptionLines(s) {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if len(out) == n {
			out = append(out, "…")
			break
		}
		out = append(out, l)
	}
	return out
}

// summaryLine is a description's first line, for a comment.
func summaryLine(s string) string {
	if l := firstLines(s, 1); len(l) > 0 {
		return l[0]
	}
	return ""
}

// addVar defines a variable once; a later definition of the same name
// is ignored (examples of one path parameter in several operations).
func (o *oaImport) addVar(name, value, note string) {
	if o.vars[name] {
		return
	}
	o.vars[name] = true
	o.c.AddVar(name, value, note)
}

// servers maps the servers: the first is [vars] base_url (with its
// variables' defaults), each other one an environment.
func (o *oaImport) servers(servers []*v3.Server) {
	if len(servers) == 0 {
		o.addVar("base_url", "http://localhost", "The document names no server: set the API's address here.")
		return
	}
	for i, s := range servers {
		if s == nil || strings.Contains(s.URL, "{{") || strings.Contains(s.URL, "}}") || !sendableURL(serverVariable().ReplaceAllString(s.URL, "1")) && strings.Contains(s.URL, "://") {
			o.c.Unmapped = append(o.c.Unmapped, fmt.Sprintf("server %d: its URL is not one keyway can send to; left out", i+1))
			if i == 0 {
				o.addVar("base_url", "http://localhost", "The document's first server could not be used: set the API's address here.")
			}
			continue
		}
		u, note := serverURL(s.URL)
		var vars []Var
		if s.Variables != nil {
			for name, v := range s.Variables.FromOldest() {
				vn := ""
				if len(v.Enum) > 0 {
					vn = "One of: " + strings.Join(v.Enum, ", ") + "."
				}
				vars = append(vars, Var{Name: VarName(name), Value: literal(v.Default), Note: vn})
			}
		}
		if i == 0 {
			o.addVar("base_url", u, strings.TrimSpace(strings.Join([]string{summaryLine(s.Description), note}, " ")))
			for _, v := range vars {
				o.addVar(v.Name, v.Value, v.Note)
			}
			continue
		}
		name := slug(s.Description)
		if name == "" || len(name) > 40 {
			name = "server-" + strconv.Itoa(i+1)
		}
		for n := 2; o.hasEnv(name); n++ {
			name = "server-" + strconv.Itoa(i+1) + "-" + strconv.Itoa(n)
		}
		env := Env{Name: name, Note: strings.TrimSpace("Server " + s.URL + ". " + note)}
		env.Vars = append(env.Vars, Var{Name: "base_url", Value: u})
		for _, v := range vars {
			env.Vars = append(env.Vars, v)
			o.addVar(v.Name, v.Value, v.Note)
		}
		o.c.Envs = append(o.c.Envs, env)
	}
}

func (o *oaImport) hasEnv(name string) bool {
	for _, e := range o.c.Envs {
		if e.Name == name {
			return true
		}
	}
	return false
}

// serverURL turns a server URL into a base_url: its {variables} become
// {{variables}}, a trailing '/' goes (paths start with one), and a
// relative URL (relative to where the document is served) gets a
// placeholder host to change.
func serverURL(u string) (string, string) {
	u = strings.TrimRight(serverVariable().ReplaceAllStringFunc(u, func(m string) string {
		return "{{" + VarName(m[1:len(m)-1]) + "}}"
	}), "/")
	if strings.HasPrefix(u, "{{") || strings.Contains(u, "://") {
		return u, ""
	}
	return "http://localhost" + "/" + strings.TrimLeft(u, "/"), "The server's URL is relative to where the document is served: put that host here."
}

// serverVariable matches a {name} in a server URL or a path.
var serverVariable = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{[^{}/]+\}`) })

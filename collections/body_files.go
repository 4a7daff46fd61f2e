package collections

import (
	"bytes"
	"cmp"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
)

// Part is one part of a request's multipart/form-data body (RFC 7578), in
// file order: a field when File is empty, else a file.
type Part struct {
	Name string
	// Value is a field's value, a template.
	Value string
	// File is a file's path as written: relative to the collection's
	// folder unless absolute or starting with "~/". It holds no
	// references, as TLS files hold none.
	File string
	// ContentType and Filename are a file part's, as written; empty means
	// guessed from File's extension, and File's base name.
	ContentType string
	Filename    string
	Pos         Pos // of the value (the field's string, or the file's path)
}

// FileBody describes a prepared body that was read from files — body_file,
// or a multipart body — so that what shows a request (curl export, the
// TUI, reports) names each file and its size and never shows its bytes.
type FileBody struct {
	// Path is body_file made absolute; empty for a multipart body.
	Path string
	// Size is the body_file's size in bytes.
	Size int64
	// Parts are a multipart body's parts, resolved, in order.
	Parts []FilePart
}

// FilePart is one resolved part of a multipart body.
type FilePart struct {
	Name string
	// Value is a field's value, resolved; it may hold a secret.
	Value string
	// Path is a file's absolute path; empty for a field.
	Path        string
	Filename    string
	ContentType string
	Size        int64
}

// Describe renders the body for people: each file by name and size,
// fields with their (unmasked) values, one per line. Callers mask it as
// they mask the rest of the request.
func (b *FileBody) Describe() string {
	if b.Path != "" || len(b.Parts) == 0 {
		return "‹file " + filepath.Base(b.Path) + ", " + sizeText(b.Size) + "›"
	}
	var s strings.Builder
	s.WriteString("multipart/form-data:")
	for _, p := range b.Parts {
		s.WriteString("\n")
		if p.Path == "" {
			s.WriteString(p.Name + " = " + p.Value)
			continue
		}
		fmt.Fprintf(&s, "%s = ‹file %s, %s, %s›", p.Name, p.Filename, p.ContentType, sizeText(p.Size))
	}
	return s.String()
}

// sizeText writes a byte count exactly, as people read it.
func sizeText(n int64) string {
	if n == 1 {
		return "1 byte"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// contentTypes maps the extensions of files commonly uploaded to their
// media types. mime.TypeByExtension reads the system's tables, which
// differ between machines: a collection must send the same bytes on every
// machine, so keyway keeps its own short list and sends anything else as
// application/octet-stream (RFC 2046 §4.5.1) unless told otherwise.
var contentTypes = map[string]string{
	".json": "application/json", ".xml": "application/xml", ".txt": "text/plain",
	".csv": "text/csv", ".html": "text/html", ".htm": "text/html", ".md": "text/markdown",
	".yaml": "application/yaml", ".yml": "application/yaml", ".pdf": "application/pdf",
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
	".webp": "image/webp", ".svg": "image/svg+xml", ".zip": "application/zip",
	".gz": "application/gzip", ".mp4": "video/mp4", ".mp3": "audio/mpeg", ".wav": "audio/wav",
}

// contentTypeOf is the media type a file is sent as, from its extension.
func contentTypeOf(path string) string {
	if t, ok := contentTypes[strings.ToLower(filepath.Ext(path))]; ok {
		return t
	}
	return "application/octet-stream"
}

// filePath decodes a path key (body_file, a multipart part's file):
// a string, not empty, without references.
func (d *decoder) filePath(e *tomldoc.Entry, ctx, label string) (string, bool) {
	s, ok := d.stringOf(e, ctx, label)
	if !ok {
		return "", false
	}
	switch {
	case strings.TrimSpace(s) == "":
		d.errAt(e.Value.Offset, "%s%s: the path is empty; name a file", prefix(ctx), label)
		return "", false
	case hasReferences(s):
		d.errAt(e.Value.Offset, "%s%s: a path holds no {{references}}; write it relative to the collection's folder, or from ~/", prefix(ctx), label)
		return "", false
	}
	return s, true
}

// multipartKeys are the keys of a file part.
var multipartKeys = []string{"file", "content_type", "filename"}

// decodeMultipart reads [request.multipart]: NAME = "value" for a field,
// NAME = { file = "path" } for a file, or an array of either for a name
// sent more than once.
func (d *decoder) decodeMultipart(e *tomldoc.Entry, ctx string) []Part {
	if !d.isKind(e, ctx, "multipart", tomldoc.Table, `a table, written [request.multipart], of fields (name = "value") and files (name = { file = "path" })`) {
		return nil
	}
	parts := make([]Part, 0, len(e.Value.Entries))
	for _, f := range e.Value.Entries {
		label := "multipart." + f.Key
		if f.Value.Kind == tomldoc.Array {
			for i, item := range f.Value.Items {
				if p, ok := d.multipartPart(f.Key, item, ctx, fmt.Sprintf("%s[%d]", label, i)); ok {
					parts = append(parts, p)
				}
			}
			continue
		}
		if p, ok := d.multipartPart(f.Key, f.Value, ctx, label); ok {
			parts = append(parts, p)
		}
	}
	return parts
}

// multipartPart decodes one part named name from v.
func (d *decoder) multipartPart(name string, v *tomldoc.Value, ctx, label string) (Part, bool) {
	p := Part{Name: name, Pos: d.lines.pos(v.Offset)}
	switch v.Kind {
	case tomldoc.String:
		p.Value = v.Str
		return p, d.checkTemplate(v.Offset, ctx, label, v.Str)
	case tomldoc.Table:
	default:
		d.errAt(v.Offset, `%s%s must be a string (a field), a table such as { file = "photo.png" } (a file), or an array of them, not %s`, prefix(ctx), label, v.Kind.TypeName())
		return p, false
	}
	ok := true
	for _, f := range v.Entries {
		switch f.Key {
		case "file":
			p.File, ok = d.filePath(f, ctx, label+".file")
			p.Pos = d.lines.pos(f.Value.Offset)
		case "content_type":
			var isString bool
			p.ContentType, isString = d.stringOf(f, ctx, label+".content_type")
			if media, _, err := mime.ParseMediaType(p.ContentType); isString && (err != nil || !strings.Contains(media, "/")) {
				d.errAt(f.Value.Offset, "%s%s.content_type: %q is not a media type such as \"image/png\" (RFC 2045 §5.1)", prefix(ctx), label, p.ContentType)
				ok = false
			}
		case "filename":
			p.Filename, _ = d.stringOf(f, ctx, label+".filename")
		default:
			d.errAt(f.KeyOffset, "%s", unknownKeyMessage(f.Key, " in "+label+" of "+ctx, multipartKeys))
			ok = false
		}
	}
	if v.Get("file") == nil {
		d.errAt(v.Offset, `%s%s: a file part needs file = "path" (a field is written %s = "value")`, prefix(ctx), label, name)
		return p, false
	}
	return p, ok
}

// checkMultipartHeaders reports a Content-Type header beside a multipart
// body: keyway writes that header itself, since it carries the boundary
// that separates the parts (RFC 7578 §4.1).
func (d *decoder) checkMultipartHeaders(t *tomldoc.Value, ctx string) {
	headers := t.Get("headers")
	if t.Get("multipart") == nil || headers == nil || headers.Value.Kind != tomldoc.Table {
		return
	}
	for _, h := range headers.Value.Entries {
		if http.CanonicalHeaderKey(h.Key) == "Content-Type" {
			d.errAt(h.KeyOffset, "%sheaders.%s: a multipart body sets Content-Type itself, with the boundary between its parts (RFC 7578 §4.1); remove this header", prefix(ctx), h.Key)
		}
	}
}

// errFilesTooLarge refuses a multipart body whose files together pass
// the limit each one is held to.
var errFilesTooLarge = fmt.Errorf("the files add up to more than %d MiB, the limit for a request body read from files", authflow.MaxBodyFileSize>>20)

// dispositionQuoter escapes a name or filename in a Content-Disposition
// header as browsers and curl do (the WHATWG multipart/form-data encoding
// algorithm): " as %22, CR and LF as %0D and %0A. A backslash is doubled,
// as mime/multipart does, since servers read quoted strings the RFC 2045
// way and Chrome writes it so.
var dispositionQuoter = strings.NewReplacer("\\", "\\\\", `"`, "%22", "\r", "%0D", "\n", "%0A")

// fileBody builds r's body from body_file or its multipart parts into req,
// and describes it. With scope.StatFiles, files are only checked and
// measured: req.Body then holds no file bytes (a preview). A file outside
// the collection's folder is refused as an outside value would be
// (checkOutsideFile).
func (c *Collection) fileBody(res *resolver, r *Request, req *authflow.Request, scope *Scope) (*FileBody, error) {
	statOnly := scope != nil && scope.StatFiles
	read := func(path string, pos Pos, field string) ([]byte, int64, error) {
		var data []byte
		size, err := authflow.StatBodyFile(path)
		if err == nil && !statOnly {
			data, err = authflow.ReadBodyFile(path)
			size = int64(len(data))
		}
		if err != nil {
			return nil, 0, &Error{Pos: pos, Msg: fmt.Sprintf("request %q: %s: %v", r.Name, field, err), Err: err}
		}
		return data, size, nil
	}
	if r.BodyFile != "" {
		if err := checkOutsideFile(c, r, scope, req.URL, r.BodyFile, "body_file", r.fieldPos("body_file")); err != nil {
			return nil, err
		}
		path := resolvePath(c.Path, r.BodyFile)
		data, size, err := read(path, r.fieldPos("body_file"), "body_file")
		if err != nil {
			return nil, err
		}
		req.Body = data
		setDefaultHeader(req.Header, "Content-Type", contentTypeOf(path))
		return &FileBody{Path: path, Size: size}, nil
	}

	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	body := &FileBody{Parts: make([]FilePart, 0, len(r.Multipart))}
	var total int64
	for _, p := range r.Multipart {
		field := "multipart." + p.Name
		h := textproto.MIMEHeader{}
		var data []byte
		fp := FilePart{Name: p.Name}
		if p.File == "" {
			v, _, err := res.expand(p.Value, r.Name+" "+field)
			if err != nil {
				return nil, &Error{Pos: p.Pos, Msg: fmt.Sprintf("request %q: %s: %v", r.Name, field, err), Err: err}
			}
			fp.Value, data = v, []byte(v)
			// RFC 7578 §4.4: a part without Content-Type is text/plain,
			// as browsers send a form's text fields.
			h.Set("Content-Disposition", `form-data; name="`+dispositionQuoter.Replace(p.Name)+`"`)
		} else {
			if err := checkOutsideFile(c, r, scope, req.URL, p.File, field, p.Pos); err != nil {
				return nil, err
			}
			fp.Path = resolvePath(c.Path, p.File)
			fp.Filename = cmp.Or(p.Filename, filepath.Base(p.File))
			fp.ContentType = cmp.Or(p.ContentType, contentTypeOf(p.File))
			var err error
			data, fp.Size, err = read(fp.Path, p.Pos, field)
			if err != nil {
				return nil, err
			}
			total += fp.Size
			if total > authflow.MaxBodyFileSize {
				err := errFilesTooLarge
				return nil, &Error{Pos: p.Pos, Msg: fmt.Sprintf("request %q: %s: %v", r.Name, field, err), Err: err}
			}
			// RFC 7578 §4.2: the file's name goes in filename.
			h.Set("Content-Disposition", `form-data; name="`+dispositionQuoter.Replace(p.Name)+`"; filename="`+dispositionQuoter.Replace(fp.Filename)+`"`)
			h.Set("Content-Type", fp.ContentType)
		}
		part, err := w.CreatePart(h)
		if err == nil {
			_, err = part.Write(data)
		}
		if err != nil { // a bytes.Buffer does not fail
			return nil, err
		}
		body.Parts = append(body.Parts, fp)
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	req.Body = buf.Bytes()
	req.Header.Set("Content-Type", w.FormDataContentType())
	return body, nil
}

// checkBodyFiles reports, for Check, every file a request's body is read
// from that cannot be sent: missing, unreadable, not a regular file or
// too large, at the path's position. The files are opened, not read.
func (c *Collection) checkBodyFiles(p *problems) {
	for _, r := range c.Requests {
		ctx := fmt.Sprintf("request %q", r.Name)
		if r.BodyFile != "" {
			if _, err := authflow.StatBodyFile(resolvePath(c.Path, r.BodyFile)); err != nil {
				p.addErr(r.fieldPos("body_file"), ctx+": body_file: ", err)
			}
		}
		var total int64
		for _, part := range r.Multipart {
			if part.File == "" {
				continue
			}
			size, err := authflow.StatBodyFile(resolvePath(c.Path, part.File))
			if err != nil {
				p.addErr(part.Pos, ctx+": multipart."+part.Name+": ", err)
				continue
			}
			if total += size; total > authflow.MaxBodyFileSize {
				p.addErr(part.Pos, ctx+": multipart."+part.Name+": ", errFilesTooLarge)
				break
			}
		}
	}
}

// outsideFile is a file a request sends that lies outside the collection's
// folder.
type outsideFile struct {
	path  string // as written
	field string // body_file, multipart.NAME
}

// outsideFiles lists the files r sends as its body that are outside the
// collection's folder (absolute, from ~/, or climbing out with ..): a
// collection written by someone else could otherwise send the user's own
// files (~/.ssh/id_rsa) to its host, as it could an environment variable.
// They are exposures (Exposures), asked about before the collection is
// trusted, and refused under --no-env and outside --allow-host.
func (c *Collection) outsideFiles(r *Request) []outsideFile {
	var out []outsideFile
	check := func(path, field string) {
		if c.isOutside(path) {
			out = append(out, outsideFile{path: path, field: field})
		}
	}
	if r.BodyFile != "" {
		check(r.BodyFile, "body_file")
	}
	for _, p := range r.Multipart {
		if p.File != "" {
			check(p.File, "multipart."+p.Name)
		}
	}
	return out
}

// isOutside reports whether path, as written in the collection, names a
// file outside the collection's folder, symbolic links followed.
func (c *Collection) isOutside(path string) bool {
	dir := filepath.Dir(c.Path)
	abs := resolvePath(c.Path, path)
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	if a, err := filepath.EvalSymlinks(abs); err == nil {
		abs = a
	}
	if d, err := filepath.Abs(dir); err == nil {
		dir = d
	}
	if a, err := filepath.Abs(abs); err == nil {
		abs = a
	}
	rel, err := filepath.Rel(dir, abs)
	return err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// checkOutsideFile refuses a body file outside the collection's folder
// when s says no outside value may be read (--no-env, or a collection not
// trusted), or may go only to hosts rawURL's is not among (--allow-host).
func checkOutsideFile(c *Collection, r *Request, s *Scope, rawURL, path, field string, pos Pos) error {
	if s == nil || !s.NoEnv && len(s.AllowHosts) == 0 || !c.isOutside(path) {
		return nil
	}
	if s.NoEnv {
		return &Error{Pos: pos, Msg: fmt.Sprintf("request %q: %s: %s is outside the collection's folder, and keyway was told not to read anything from outside it (--no-env, or a collection not trusted)", r.Name, field, path), Err: ErrOutsideValue}
	}
	host := ""
	if u, err := url.Parse(rawURL); err == nil {
		host = strings.ToLower(u.Host)
	}
	if !HostAllowed(host, s.AllowHosts) {
		return &Error{Pos: pos, Msg: fmt.Sprintf("request %q: %s: %s is outside the collection's folder and would be sent to %s, which no --allow-host allows", r.Name, field, path, authflow.DisplayHost(host)), Err: ErrOutsideValue}
	}
	return nil
}

package tui

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/pretty"
)

// maxLineBytes caps one line of a body as kept for display: a 10 MB
// minified document that is not JSON would otherwise be one line that every
// frame has to cut.
const maxLineBytes = 4096

// bodyKind says how a response body is shown.
type bodyKind int

const (
	bodyEmpty bodyKind = iota
	bodyJSON
	bodyText
	bodyBinary
)

// bodyDoc is a response body prepared for display once, off the UI
// goroutine: pretty-printed, sanitised and split into lines, so scrolling
// only ever touches the lines on screen. Colour is added per visible line
// when drawn (colourJSONLine).
type bodyDoc struct {
	kind  bodyKind
	lines []string
	// cut reports that some lines were longer than maxLineBytes.
	cut bool
}

// newBodyDoc prepares body for display; contentType is the response's
// Content-Type header.
func newBodyDoc(header http.Header, body []byte) bodyDoc {
	if len(body) == 0 {
		return bodyDoc{kind: bodyEmpty}
	}
	mediaType, _, _ := mime.ParseMediaType(header.Get("Content-Type"))
	if isBinary(mediaType, body) {
		return bodyDoc{kind: bodyBinary, lines: binarySummary(mediaType, body)}
	}
	trimmed := bytes.TrimSpace(body)
	if (strings.Contains(mediaType, "json") || len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')) && json.Valid(trimmed) {
		doc := splitLines(pretty.PrettyOptions(trimmed, &pretty.Options{Width: 80, Indent: "  "}))
		doc.kind = bodyJSON
		return doc
	}
	doc := splitLines(body)
	doc.kind = bodyText
	return doc
}

// splitLines splits text into sanitised display lines.
func splitLines(text []byte) bodyDoc {
	var doc bodyDoc
	doc.lines = make([]string, 0, bytes.Count(text, []byte{'\n'})+1)
	for len(text) > 0 {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) > maxLineBytes {
			cut := maxLineBytes
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			line = line[:cut]
			doc.cut = true
			doc.lines = append(doc.lines, printable(string(line))+"…")
			continue
		}
		doc.lines = append(doc.lines, printable(string(line)))
	}
	return doc
}

// isBinary decides from the media type and the first bytes whether a body
// is not text: a NUL byte or mostly invalid UTF-8 means binary whatever the
// header says.
func isBinary(mediaType string, body []byte) bool {
	switch {
	case strings.HasPrefix(mediaType, "image/"), strings.HasPrefix(mediaType, "audio/"),
		strings.HasPrefix(mediaType, "video/"), mediaType == "application/octet-stream",
		mediaType == "application/pdf", mediaType == "application/zip", mediaType == "application/gzip":
		return true
	}
	sample := body[:min(len(body), 8192)]
	if bytes.IndexByte(sample, 0) >= 0 {
		return true
	}
	bad := 0
	for i := 0; i < len(sample); {
		r, size := utf8.DecodeRune(sample[i:])
		if r == utf8.RuneError && size == 1 && len(sample)-i >= utf8.UTFMax {
			bad++
		}
		i += size
	}
	// Over 30% invalid: not text. Legacy 8-bit text (Latin-1) has a few
	// invalid bytes and is shown with U+FFFD in their place.
	return bad*10 > len(sample)*3
}

// binarySummary describes a binary body: type, size and a hex preview.
func binarySummary(mediaType string, body []byte) []string {
	if mediaType == "" {
		mediaType = http.DetectContentType(body)
	}
	lines := []string{
		"Binary body: " + printableLine(mediaType) + ", " + humanSize(int64(len(body))) + " kept.",
		"Not shown as text; first bytes:",
		"",
	}
	preview := body[:min(len(body), 256)]
	for _, l := range strings.Split(strings.TrimRight(hex.Dump(preview), "\n"), "\n") {
		lines = append(lines, printable(l))
	}
	return lines
}

// colourJSONLine colours one line of pretty-printed JSON with the
// tidwall/pretty palette. pretty.Color tells keys from strings by the
// bracket it is inside, so the line is wrapped in `{…}` when it starts with
// a key and `[…]` otherwise, and the wrapping is cut off again.
func colourJSONLine(line string, style *pretty.Style) string {
	if style == nil {
		return line
	}
	indent := len(line) - len(strings.TrimLeft(line, " "))
	rest := line[indent:]
	open, closing := "[", "]"
	if isKeyLine(rest) {
		open, closing = "{", "}"
	}
	st := *style
	st.Brackets = [2]string{} // the wrapping brackets must come out bare
	out := string(pretty.Color([]byte(open+rest+closing), &st))
	out = strings.TrimPrefix(out, open)
	out = strings.TrimSuffix(out, closing)
	return line[:indent] + out
}

// isKeyLine reports whether a pretty-printed line starts with `"key":`.
func isKeyLine(s string) bool {
	if !strings.HasPrefix(s, `"`) {
		return false
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return strings.HasPrefix(s[i+1:], ":")
		}
	}
	return false
}

// humanSize renders a byte count as people read it.
func humanSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	case n < 1024*1024*1024:
		return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
	}
	return fmt.Sprintf("%.1f GB", float64(n)/(1024*1024*1024))
}

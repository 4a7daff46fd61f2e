package collections

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
)

// tomlString writes s as a TOML basic string, every control character as
// a \u escape (TOML 1.0 §String: a basic string holds none raw).
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f || r == '"' || r == '\\':
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// stages reports, for one header value or URL, what each stage that
// checks it says: loading a file that writes it literally, Prepare with
// it from the environment, and authflow's send given it directly. Each
// returns "" when the stage accepts. The send's server counts what it
// received.
type stages struct {
	t        *testing.T
	srv      *httptest.Server
	received atomic.Int64
}

func newStages(t *testing.T) *stages {
	s := &stages{t: t}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.received.Add(1) }))
	t.Cleanup(s.srv.Close)
	return s
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func (s *stages) header(name, value string) (parse, prepare, send string) {
	s.t.Helper()
	head := "[[request]]\nname = \"a\"\nurl = \"" + s.srv.URL + "\"\n"
	_, err := Parse("demo.toml", []byte(head+"headers = { "+tomlString(name)+" = "+tomlString(value)+" }\n"))
	parse = errText(err)
	if authflow.CheckHeaderName(name) == nil {
		c := mustParse(s.t, head+"headers = { "+tomlString(name)+" = \"{{env:V}}\" }\n")
		_, err = c.Prepare(c.Requests[0], &Scope{LookupEnv: envOf(map[string]string{"V": value})})
		prepare = errText(err)
	}
	_, _, err = authflow.NewClient().Send(context.Background(), nil,
		authflow.Request{URL: s.srv.URL, Header: http.Header{name: {value}}}, authflow.SendOptions{})
	return parse, prepare, errText(err)
}

func (s *stages) url(raw string) (parse, prepare, send string) {
	s.t.Helper()
	_, err := Parse("demo.toml", []byte("[[request]]\nname = \"a\"\nurl = "+tomlString(raw)+"\n"))
	parse = errText(err)
	c := mustParse(s.t, "[[request]]\nname = \"a\"\nurl = \"{{env:U}}\"\n")
	_, err = c.Prepare(c.Requests[0], &Scope{LookupEnv: envOf(map[string]string{"U": raw})})
	prepare = errText(err)
	_, _, err = authflow.NewClient().Send(context.Background(), nil, authflow.Request{URL: raw}, authflow.SendOptions{})
	return parse, prepare, errText(err)
}

// TestHeaderAndURLSyntaxIsOneCheckAtEveryStage: a header or URL that
// cannot be sent is refused with the same words wherever it is found —
// at load, with its position, when written in the file; in Prepare (so
// before `keyway run` sends anything) when a reference brings it; and by
// the send itself, the last guard — because one function decides, not a
// copy per stage.
func TestHeaderAndURLSyntaxIsOneCheckAtEveryStage(t *testing.T) {
	s := newStages(t)
	for _, value := range []string{"bel\a", "line\r\nX-Evil: 1", "nul\x00", "del\x7f", "esc\x1b[2J"} {
		want := authflow.CheckHeaderValue(value).Error()
		parse, prepare, send := s.header("X-A", value)
		if !strings.HasPrefix(parse, `demo.toml:4:21: request "a": header "X-A": `+want) {
			t.Errorf("value %q: load said %q, want at 4:21 %q", value, parse, want)
		}
		if !strings.HasPrefix(prepare, `demo.toml:4:21: request "a": headers.X-A: `+want) {
			t.Errorf("value %q: Prepare said %q, want at 4:21 %q", value, prepare, want)
		}
		if !strings.Contains(send, want) {
			t.Errorf("value %q: the send said %q, want %q", value, send, want)
		}
	}
	for _, name := range []string{"X A", "X:A", "X\aA", "Ü"} {
		want := authflow.CheckHeaderName(name).Error()
		parse, _, send := s.header(name, "v")
		if !strings.Contains(parse, want) || !strings.HasPrefix(parse, "demo.toml:4:13: ") {
			t.Errorf("name %q: load said %q, want at 4:13 %q", name, parse, want)
		}
		if !strings.Contains(send, want) {
			t.Errorf("name %q: the send said %q, want %q", name, send, want)
		}
	}
	for _, raw := range []string{"ftp://h/x", "http:///x", "/relative", "http://h/\a", "http://h:port/"} {
		want := authflow.CheckURL(raw).Error()
		parse, prepare, send := s.url(raw)
		stages := map[string]string{"load": parse, "Prepare": prepare, "the send": send}
		if strings.Contains(raw, "\a") {
			// What a reference puts after the host is sent
			// percent-encoded (url_encode.go), so Prepare accepts it.
			delete(stages, "Prepare")
		}
		for stage, got := range stages {
			if !strings.Contains(got, want) {
				t.Errorf("URL %q: %s said %q, want %q", raw, stage, got, want)
			}
		}
	}
	if n := s.received.Load(); n != 0 {
		t.Fatalf("the server received %d requests; every one was unsendable", n)
	}
}

// TestHeaderValueStagesAgree: for every character from U+0000 to U+00FF
// in a header value, loading, Prepare and the send all accept it or all
// refuse it.
func TestHeaderValueStagesAgree(t *testing.T) {
	s := newStages(t)
	sent := int64(0)
	for r := rune(0); r <= 0xff; r++ {
		value := "a" + string(r) + "b"
		parse, prepare, send := s.header("X-A", value)
		if (parse == "") != (prepare == "") || (prepare == "") != (send == "") {
			t.Errorf("%U: load %q, Prepare %q, send %q", r, parse, prepare, send)
		}
		if send == "" {
			sent++
		}
	}
	if got := s.received.Load(); got != sent {
		t.Fatalf("server received %d requests, the sends reported %d", got, sent)
	}
}

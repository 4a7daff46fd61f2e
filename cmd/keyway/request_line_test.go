package main

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
)

// rawServer answers every HTTP/1.1 request with a small JSON body and
// records each request line exactly as it arrived: httptest's server
// parses the line first, and would hide what is wrong with it.
type rawServer struct {
	ln    net.Listener
	mu    sync.Mutex
	lines []string
}

func newRawServer(t *testing.T) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *rawServer) serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	line, err := r.ReadString('\n')
	if err != nil {
		return
	}
	s.mu.Lock()
	s.lines = append(s.lines, strings.TrimSuffix(line, "\r\n"))
	s.mu.Unlock()
	for { // the headers, up to the blank line; no request here has a body
		h, err := r.ReadString('\n')
		if err != nil || h == "\r\n" {
			break
		}
	}
	const body = `{"c":"x y"}`
	fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body)
}

func (s *rawServer) requestLines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.lines...)
}

// TestValuesInsertedIntoURLsAreEncoded: a space, a quote, angle brackets
// and a non-ASCII letter from --var, the environment or a capture reach
// the request line percent-encoded (RFC 3986 §2.1), never raw — a raw
// space let `v = "a HTTP/1.0"` rewrite the request line. The query table
// encodes its values as query components.
func TestValuesInsertedIntoURLsAreEncoded(t *testing.T) {
	srv := newRawServer(t)
	t.Setenv("KEYWAY_TEST_URL_VALUE", "a b\"<>é")
	path := writeFile(t, "url.toml", `name = "encoding"
[vars]
base_url = "http://`+srv.ln.Addr().String()+`"

[[request]]
name = "var"
url = "{{base_url}}/echo?v={{v}}"

[[request]]
name = "env"
url = "{{base_url}}/echo?e={{env:KEYWAY_TEST_URL_VALUE}}"

[[request]]
name = "first"
url = "{{base_url}}/first"
[request.capture]
c = ".c"

[[request]]
name = "captured"
url = "{{base_url}}/echo/{{c}}?c={{c}}"

[[request]]
name = "table"
url = "{{base_url}}/echo"
query = { q = "{{v}}", r = "{{c}}" }
`)
	code, out, errOut := keyway(t, "", "run", path, "--var", "v=a HTTP/1.0")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	want := []string{
		"GET /echo?v=a%20HTTP/1.0 HTTP/1.1",
		"GET /echo?e=a%20b%22%3C%3E%C3%A9 HTTP/1.1",
		"GET /first HTTP/1.1",
		"GET /echo/x%20y?c=x%20y HTTP/1.1",
		"GET /echo?q=a+HTTP%2F1.0&r=x+y HTTP/1.1",
	}
	got := srv.requestLines()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("request lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestControlCharacterInHeaderStopsTheRunBeforeSending: a control
// character (BEL here) from the environment in a header value, a bearer
// token or a Basic password is refused when the run checks its requests,
// with exit 2 and nothing sent — not by the send, after other requests
// went out. The value is not echoed.
func TestControlCharacterInHeaderStopsTheRunBeforeSending(t *testing.T) {
	const value = "bel\aSECRETVALUE"
	t.Setenv("KEYWAY_TEST_BEL", value)
	for _, tc := range []struct{ name, toml, want string }{
		{"header", `[[request]]
name = "second"
url = "{{base_url}}/b"
headers = { X-Key = "{{env:KEYWAY_TEST_BEL}}" }
`, `request "second": headers.X-Key: value contains a control character`},
		{"bearer token", `[profile.p]
type = "bearer"
token = "{{env:KEYWAY_TEST_BEL}}"
[[request]]
name = "second"
url = "{{base_url}}/b"
profile = "p"
`, `profile "p": token: value contains a control character`},
		{"Basic password", `[profile.p]
type = "basic"
username = "u"
password = "{{env:KEYWAY_TEST_BEL}}"
[[request]]
name = "second"
url = "{{base_url}}/b"
profile = "p"
`, `profile "p": password: contains a control character`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRawServer(t)
			path := writeFile(t, "bel.toml", "name = \"bel\"\n[vars]\nbase_url = \"http://"+srv.ln.Addr().String()+"\"\n"+
				"[[request]]\nname = \"first\"\nurl = \"{{base_url}}/a\"\n"+tc.toml)
			code, out, errOut := keyway(t, "", "run", path)
			if code != exitInvalid || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "nothing was sent") {
				t.Fatalf("exit %d, want 2 with %q and \"nothing was sent\"\nstdout:\n%s\nstderr:\n%s", code, tc.want, out, errOut)
			}
			if lines := srv.requestLines(); len(lines) != 0 {
				t.Fatalf("sent before the problem was found: %q", lines)
			}
			if strings.Contains(out+errOut, "SECRETVALUE") {
				t.Fatalf("the value is echoed:\n%s%s", out, errOut)
			}
		})
	}
}

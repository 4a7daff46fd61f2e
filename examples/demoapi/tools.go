package demoapi

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This file holds the unprotected helpers: health, an index, and the
// endpoints that let a learner (and keyway's own tests) meet slow, large,
// binary and redirected answers.

// Bounds on the helpers' parameters, so one request cannot tie up the
// demo for long or make it send without end.
const (
	maxSlow       = time.Minute
	maxLargeBytes = 1 << 30
	maxChain      = 50
)

// index is GET /: a plain-text map of the demo for someone who opens it in
// a browser or with curl.
func (s *server) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, indexText, Username, Password, ReadOnlyUsername, ReadOnlyPassword, BearerToken, APIKeyHeader, APIKeyQuery, APIKeyCookie,
		APIKey, ClientID, ClientSecret, s.tokenLifetime, ServiceClientID, ServiceClientSecret, CLIClientID)
}

const indexText = `keyway demo API: every auth method, for learning and testing keyway.

Credentials (public demo values):
  user %s / %s (scopes read write); %s / %s (scope read)
  static bearer token %s
  API key in header %s, query %s or cookie %s: %s
  OAuth2 client %s, secret %q; access tokens live %s
  service client %s, secret %q (client credentials)
  public client %s (authorization code + PKCE S256, device code),
    redirect URI http://127.0.0.1:ANY-PORT/callback

GET  /health                      no auth
GET  /basic/hello                 HTTP Basic (RFC 7617)
GET  /bearer/hello                static Bearer token (RFC 6750)
GET  /apikey/header|query|cookie  API key
GET  /.well-known/openid-configuration   discovery (RFC 8414), issuer = this base URL
GET  /oauth/authorize             sign-in and consent page (RFC 6749 §4.1, PKCE: RFC 7636)
POST /oauth/token                 every grant: password, client_credentials, authorization_code,
                                  device_code, refresh_token (rotated)
POST /oauth/device                device authorization (RFC 8628); enter the code at GET /device
POST /oauth/revoke                revocation (RFC 7009)
POST /oauth/introspect            introspection (RFC 7662), confidential clients
GET  /me                          access token, any scope
GET  /users/{id}                  access token, scope read
GET  /notes, /notes/{id}          access token, scope read
POST /notes                       access token, scope write (JSON {"title":..,"body":..})
DELETE /admin/notes/{id}          access token, scope write
POST /admin/reset                 access token, scope write
GET  /slow?ms=N  /large?mb=N|kb=N  /binary  /redirect?to=PATH  /redirect/chain/{n}  /echo
`

// health is GET /health.
func (s *server) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// slow is GET /slow?ms=N: it answers after N milliseconds (default 1000),
// or not at all when the client gives up first, so a learner can watch
// a timeout or a cancel.
func (s *server) slow(w http.ResponseWriter, r *http.Request) {
	ms, ok := intParam(w, r, "ms", 1000, 0, int(maxSlow/time.Millisecond))
	if !ok {
		return
	}
	timer := time.NewTimer(time.Duration(ms) * time.Millisecond)
	defer timer.Stop()
	select {
	case <-timer.C:
		writeJSON(w, http.StatusOK, map[string]int{"slept_ms": ms})
	case <-r.Context().Done():
		// The client hung up or timed out: there is no one to answer.
	}
}

// large is GET /large?mb=N or ?kb=N (default 1 MiB): a JSON document of
// exactly that many bytes, streamed, with its Content-Length, so a client
// can show progress and prove it keeps memory bounded.
func (s *server) large(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Has("mb") && q.Has("kb") {
		writeError(w, http.StatusBadRequest, "invalid_request", "Give mb or kb, not both")
		return
	}
	size := 1 << 20
	if q.Has("kb") {
		kb, ok := intParam(w, r, "kb", 0, 1, maxLargeBytes>>10)
		if !ok {
			return
		}
		size = kb << 10
	} else if q.Has("mb") {
		mb, ok := intParam(w, r, "mb", 0, 1, maxLargeBytes>>20)
		if !ok {
			return
		}
		size = mb << 20
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(size))
	bw := bufio.NewWriterSize(w, 32<<10)
	if writeLargeJSON(bw, size, r.Context().Done()) == nil {
		_ = bw.Flush() // a write error means the client left
	}
}

// largeItemBytes is the size of one item of /large, separator included.
const largeItemBytes = 128

// writeLargeJSON writes {"items":[...]} of exactly size bytes (at least
// 1 KiB) to w, stopping early when done closes or a write fails.
func writeLargeJSON(w *bufio.Writer, size int, done <-chan struct{}) error {
	const prefix, suffix = "{\"items\":[\n", "\n]}\n"
	const filler = "the quick brown fox jumps over the lazy dog "
	if _, err := w.WriteString(prefix); err != nil {
		return err
	}
	remaining := size - len(prefix) - len(suffix)
	for i := 0; remaining > 0; i++ {
		if i%1024 == 0 {
			select {
			case <-done:
				return fmt.Errorf("demoapi: client gone")
			default:
			}
		}
		sep := ",\n"
		if i == 0 {
			sep = ""
		}
		head := sep + `{"n":` + strconv.Itoa(i) + `,"text":"`
		const tail = `"}`
		want := largeItemBytes
		if remaining < 2*largeItemBytes {
			want = remaining // the last item absorbs what is left
		}
		pad := want - len(head) - len(tail)
		if _, err := w.WriteString(head); err != nil {
			return err
		}
		for pad > 0 {
			n := min(pad, len(filler))
			if _, err := w.WriteString(filler[:n]); err != nil {
				return err
			}
			pad -= n
		}
		if _, err := w.WriteString(tail); err != nil {
			return err
		}
		remaining -= want
	}
	_, err := w.WriteString(suffix)
	return err
}

// intParam reads the integer query parameter name, def when absent,
// between lo and hi. It answers 400 itself and returns false when the
// value is not such an integer.
func intParam(w http.ResponseWriter, r *http.Request, name string, def, lo, hi int) (int, bool) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return def, true
	}
	v, err := strconv.Atoi(raw)
	if err != nil || v < lo || v > hi {
		writeError(w, http.StatusBadRequest, "invalid_request",
			fmt.Sprintf("%s must be a whole number from %d to %d", name, lo, hi))
		return 0, false
	}
	return v, true
}

// redirect is GET /redirect?to=TARGET[&status=N]: it answers with a
// redirect (302 unless status says 301, 303, 307 or 308) to TARGET, a path
// on this server or an http(s) URL on a loopback address — another port
// there is "another origin", where credentials must not follow. Any other
// target is refused, so the demo is no open redirector.
func (s *server) redirect(w http.ResponseWriter, r *http.Request) {
	to := r.URL.Query().Get("to")
	if !allowedRedirect(to) {
		writeError(w, http.StatusBadRequest, "invalid_request",
			"to must be a path on this server (/...) or an http(s) URL on a loopback address")
		return
	}
	status, ok := intParam(w, r, "status", http.StatusFound, 300, 308)
	if !ok {
		return
	}
	if !slices.Contains([]int{301, 302, 303, 307, 308}, status) {
		writeError(w, http.StatusBadRequest, "invalid_request", "status must be 301, 302, 303, 307 or 308")
		return
	}
	http.Redirect(w, r, to, status)
}

// allowedRedirect reports whether to is a path on this server or an
// http(s) URL whose host is a loopback address.
func allowedRedirect(to string) bool {
	if strings.HasPrefix(to, "/") {
		// "//host" and "/\host" are network-path references that browsers
		// send to another host.
		return !strings.HasPrefix(to, "//") && !strings.HasPrefix(to, "/\\")
	}
	u, err := url.Parse(to)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// chain is GET /redirect/chain/{n}: n redirects in a row before a 200, to
// meet a client's redirect limit (Go's stops after 10).
func (s *server) chain(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 || n > maxChain {
		writeError(w, http.StatusBadRequest, "invalid_request",
			fmt.Sprintf("n must be a whole number from 0 to %d", maxChain))
		return
	}
	if n == 0 {
		writeJSON(w, http.StatusOK, map[string]string{"message": "end of the chain"})
		return
	}
	http.Redirect(w, r, "/redirect/chain/"+strconv.Itoa(n-1), http.StatusFound)
}

// echo is GET /echo: what the request carried — header and query names,
// and whether each kind of credential arrived — never a value, so it can
// show whether credentials followed a redirect without showing them.
func (s *server) echo(w http.ResponseWriter, r *http.Request) {
	headers := make([]string, 0, len(r.Header))
	for name := range r.Header {
		headers = append(headers, name)
	}
	sort.Strings(headers)
	query := make([]string, 0)
	for name := range r.URL.Query() {
		query = append(query, name)
	}
	sort.Strings(query)
	writeJSON(w, http.StatusOK, map[string]any{
		"method":  r.Method,
		"path":    r.URL.Path,
		"headers": headers,
		"query":   query,
		"credentials": map[string]bool{
			"authorization":  r.Header.Get("Authorization") != "",
			"cookie":         r.Header.Get("Cookie") != "",
			"api_key_header": r.Header.Get(APIKeyHeader) != "",
			"api_key_query":  r.URL.Query().Has(APIKeyQuery),
		},
	})
}

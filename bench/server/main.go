// Command server is the loopback API the benchmarks run against: the
// standard library's HTTP server and nothing else, so that the client is
// what is measured.
//
// It prints its address ("127.0.0.1:PORT") on the first line of standard
// output, then serves until killed:
//
//	GET  /items/{id}        small JSON object; needs a bearer token
//	GET  /slow/{id}?ms=N    the same after sleeping N ms (a server with latency)
//	GET  /bytes?n=N         N bytes of JSON-safe text, streamed
//	POST /oauth/token       RFC 6749 §4.3 password grant, no client authentication;
//	                        §4.4 client credentials, HTTP Basic client authentication
package main

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"
)

// StaticToken is the bearer token every request may use; Password is the
// password the token endpoint accepts for any user name.
const (
	StaticToken = "bench-static-token"
	Password    = "bench-password"
	// ClientID and ClientSecret are the client credentials grant's client.
	ClientID     = "bench-client"
	ClientSecret = "bench-client-secret"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().String())
	srv := &http.Server{Handler: newAPI(), ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// api is the benchmark API: tokens issued by the token endpoint are valid
// until the process ends.
type api struct {
	mu     sync.RWMutex
	tokens map[string]bool
}

func newAPI() http.Handler {
	a := &api{tokens: map[string]bool{StaticToken: true}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", a.authorized(a.item))
	mux.HandleFunc("GET /slow/{id}", a.authorized(a.slow))
	mux.HandleFunc("GET /bytes", a.authorized(a.bytes))
	mux.HandleFunc("POST /oauth/token", a.token)
	return mux
}

// authorized accepts a request that carries a known bearer token
// (RFC 6750 §2.1) and answers 401 otherwise.
func (a *api) authorized(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		const prefix = "Bearer "
		h := r.Header.Get("Authorization")
		ok := len(h) > len(prefix) && h[:len(prefix)] == prefix
		if ok {
			a.mu.RLock()
			ok = a.tokens[h[len(prefix):]]
			a.mu.RUnlock()
		}
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next(w, r)
	}
}

func (a *api) item(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"id":%q,"name":"item %s","tags":["a","b"],"active":true}`, id, id)
}

func (a *api) slow(w http.ResponseWriter, r *http.Request) {
	ms, _ := strconv.Atoi(r.URL.Query().Get("ms"))
	time.Sleep(time.Duration(ms) * time.Millisecond)
	a.item(w, r)
}

// bytes streams n bytes in 32 KiB writes, so that the server never holds
// the whole body.
func (a *api) bytes(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.ParseInt(r.URL.Query().Get("n"), 10, 64)
	if err != nil || n < 0 {
		http.Error(w, "n must be a byte count", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
	chunk := make([]byte, 32<<10)
	for i := range chunk {
		chunk[i] = 'a' + byte(i%26)
	}
	bw := bufio.NewWriterSize(w, len(chunk))
	for n > 0 {
		k := min(n, int64(len(chunk)))
		if _, err := bw.Write(chunk[:k]); err != nil {
			return
		}
		n -= k
	}
	bw.Flush()
}

// token is the RFC 6749 §4.3 password grant (any user name with
// Password) and the §4.4 client credentials grant (client ClientID with
// ClientSecret in HTTP Basic, §2.3.1).
func (a *api) token(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	id, secret, _ := r.BasicAuth()
	password := r.PostFormValue("grant_type") == "password" && r.PostFormValue("password") == Password
	client := r.PostFormValue("grant_type") == "client_credentials" && id == ClientID && secret == ClientSecret
	if !password && !client {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant"}`)
		return
	}
	raw := make([]byte, 16)
	rand.Read(raw)
	token := hex.EncodeToString(raw)
	a.mu.Lock()
	a.tokens[token] = true
	a.mu.Unlock()
	json.NewEncoder(w).Encode(map[string]any{"access_token": token, "token_type": "Bearer", "expires_in": 3600})
}

package authflow

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// DefaultRedirectURI is the redirect URI of an authorization-code profile
// that sets none: a loopback address on a port the system picks (RFC 8252
// §7.3: the server must accept any port for a loopback redirect).
const DefaultRedirectURI = "http://127.0.0.1/callback"

// DefaultLoginTimeout is how long keyway waits for the browser's redirect
// when Interaction.Timeout is zero.
const DefaultLoginTimeout = 5 * time.Minute

// loopback is the one-shot HTTP listener on 127.0.0.1 that receives the
// authorization response (RFC 8252 §7.3). It answers the first request to
// its path, hands it to the grant and then serves nothing more: a second
// redirect, or a page that probes the port, gets nothing of value.
type loopback struct {
	listener    net.Listener
	server      *http.Server
	path        string
	redirectURI string // as sent: with the port actually bound
	state       string
	results     chan callbackResult
	once        sync.Once
}

// listenLoopback binds the listener for redirectURI (DefaultRedirectURI
// when empty). The host must be a loopback address: RFC 8252 §8.3 says to
// use the IP literal rather than "localhost", which a hostile resolver or
// hosts file could point elsewhere, so "localhost" is bound as 127.0.0.1
// but kept in the URI the server registered. A URI without a port gets a
// free one.
func listenLoopback(redirectURI, state string) (*loopback, error) {
	if redirectURI == "" {
		redirectURI = DefaultRedirectURI
	}
	u, err := url.Parse(redirectURI)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return nil, errors.New("redirect_uri must be an http:// loopback URI such as http://127.0.0.1/callback (RFC 8252 §7.3)")
	}
	bindHost := u.Hostname()
	switch bindHost {
	case "127.0.0.1", "::1":
	case "localhost":
		bindHost = "127.0.0.1"
	default:
		if ip := net.ParseIP(bindHost); ip == nil || !ip.IsLoopback() {
			return nil, fmt.Errorf("redirect_uri host %s is not a loopback address: keyway receives the redirect on this machine only (RFC 8252 §7.3)", Printable(u.Hostname()))
		}
	}
	port := u.Port()
	if port == "" {
		port = "0"
	}
	listener, err := net.Listen("tcp", net.JoinHostPort(bindHost, port))
	if err != nil {
		return nil, fmt.Errorf("cannot listen for the redirect on %s: %w", net.JoinHostPort(bindHost, port), err)
	}
	bound := listener.Addr().(*net.TCPAddr).Port
	var also net.Listener
	if u.Hostname() == "localhost" {
		// The browser resolves "localhost" itself, and may try ::1
		// first: another program on this machine listening on [::1] at
		// the same port would receive the redirect, code and state
		// included. keyway holds that address too, or refuses to go on.
		if also, err = listenAlso(bound); err != nil {
			listener.Close()
			return nil, err
		}
	}
	sent := *u
	sent.Host = net.JoinHostPort(u.Hostname(), strconv.Itoa(bound))
	if u.Path == "" {
		sent.Path = "/"
	}
	l := &loopback{
		listener:    listener,
		path:        u.Path,
		redirectURI: sent.String(),
		state:       state,
		results:     make(chan callbackResult, 1),
	}
	if l.path == "" {
		l.path = "/"
	}
	l.server = &http.Server{
		Handler:           http.HandlerFunc(l.serve),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() { _ = l.server.Serve(listener) }()
	if also != nil {
		go func() { _ = l.server.Serve(also) }()
	}
	return l, nil
}

// listenAlso binds [::1] on port for a "localhost" redirect URI. A
// machine without IPv6 loopback has nothing there for another program
// to take either; a port another program holds there is refused.
func listenAlso(port int) (net.Listener, error) {
	addr := net.JoinHostPort("::1", strconv.Itoa(port))
	l, err := net.Listen("tcp", addr)
	if err == nil {
		return l, nil
	}
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("another program is listening on %s, where a browser may send the redirect for localhost: use 127.0.0.1 in redirect_uri (RFC 8252 §8.3), or stop that program", addr)
	}
	return nil, nil
}

// serve answers the browser. Only the first GET to the redirect path
// counts; the page it gets says whether the login went through, and never
// shows the code.
func (l *loopback) serve(w http.ResponseWriter, req *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if req.URL.Path != l.path || req.Method != http.MethodGet {
		http.NotFound(w, req)
		return
	}
	handled := false
	l.once.Do(func() {
		handled = true
		res := callbackResult{target: req.URL.RequestURI()}
		res.callback, res.err = ParseCallback(req.URL.RawQuery)
		if res.err == nil && res.callback.Error != "" {
			res.err = &AuthorizationError{Code: res.callback.Error, Description: res.callback.ErrorDescription, URI: res.callback.ErrorURI}
		}
		if res.err == nil {
			res.err = checkState(l.state, res.callback.State)
		}
		writeCallbackPage(w, res.err)
		l.results <- res
	})
	if !handled {
		w.WriteHeader(http.StatusGone)
		writePage(w, "Already used", "This login has already received its answer. You can close this tab.")
	}
}

// wait returns the redirect, or an error when ctx ends first.
func (l *loopback) wait(ctx context.Context) (callbackResult, error) {
	select {
	case res := <-l.results:
		return res, nil
	case <-ctx.Done():
		return callbackResult{}, context.Cause(ctx)
	}
}

// close stops listening, letting the page of the redirect finish.
func (l *loopback) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = l.server.Shutdown(ctx)
}

// writeCallbackPage tells the person in the browser what happened.
func writeCallbackPage(w http.ResponseWriter, err error) {
	var authErr *AuthorizationError
	switch {
	case err == nil:
		writePage(w, "Signed in", "keyway received the authorization response. You can close this tab and go back to the terminal.")
	case errors.As(err, &authErr):
		w.WriteHeader(http.StatusForbidden)
		text := "The authorization server answered error=" + authErr.Code + ": " + authErr.Meaning() + "."
		if authErr.Description != "" {
			text += " It said: " + authErr.Description
		}
		writePage(w, "Not signed in", text+" You can close this tab; keyway says the same in the terminal.")
	default:
		w.WriteHeader(http.StatusBadRequest)
		writePage(w, "Not signed in", err.Error()+". You can close this tab; keyway says the same in the terminal.")
	}
}

// writePage writes a minimal HTML page with every text escaped.
func writePage(w http.ResponseWriter, title, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!doctype html><html><head><meta charset=\"utf-8\"><title>keyway: %s</title></head>"+
		"<body style=\"font-family:sans-serif;max-width:40em;margin:4em auto\"><h1>%s</h1><p>%s</p></body></html>\n",
		html.EscapeString(title), html.EscapeString(title), html.EscapeString(Printable(text)))
}

package authflow

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// TLSFiles name PEM files that change how TLS is done for a request or a
// profile: a CA bundle trusted besides the system's roots (for a server
// whose certificate a private CA signed) and a client certificate and key
// for servers that ask for one (mutual TLS, RFC 8446 §4.3.2). Paths are
// used as given; collections resolves them against the collection's
// folder.
type TLSFiles struct {
	CAFile     string
	ClientCert string
	ClientKey  string
}

// IsZero reports whether no file is named.
func (f TLSFiles) IsZero() bool { return f == TLSFiles{} }

// Or returns f with each empty field taken from fallback: a request's
// files override its profile's one by one.
func (f TLSFiles) Or(fallback TLSFiles) TLSFiles {
	if f.CAFile == "" {
		f.CAFile = fallback.CAFile
	}
	if f.ClientCert == "" && f.ClientKey == "" {
		f.ClientCert, f.ClientKey = fallback.ClientCert, fallback.ClientKey
	}
	return f
}

// tlsSettings is what a transport variant differs by.
type tlsSettings struct {
	insecure bool
	files    TLSFiles
}

// tlsKey identifies a built transport: the settings and when each file
// last changed, so that a file fixed during a TUI session is read again.
type tlsKey struct {
	base     *http.Transport
	settings tlsSettings
	stamps   [3]time.Time
}

// tlsTransports caches the transports built for TLS files, so that
// connections are reused across requests with the same files.
var tlsTransports sync.Map // tlsKey → *http.Transport

// transportFor returns the transport for a request with settings s: the
// client's base transport, its insecure clone, or a clone with the CA
// bundle and client certificate loaded. Proxy settings (HTTPS_PROXY,
// NO_PROXY…) are the base transport's, from the environment by default.
func (c *Client) transportFor(s tlsSettings) (http.RoundTripper, error) {
	if s.files.IsZero() {
		return c.baseTransport(s.insecure)
	}
	if (s.files.ClientCert == "") != (s.files.ClientKey == "") {
		return nil, errors.New("authflow: client_cert and client_key go together: set both, or neither")
	}
	base := c.Transport
	if base == nil {
		base = defaultTransport()
	}
	t, ok := base.(*http.Transport)
	if !ok {
		return nil, errors.New("authflow: ca_file and client_cert need the default transport (Client.Transport must be nil or an *http.Transport)")
	}
	key := tlsKey{base: t, settings: s}
	for i, path := range []string{s.files.CAFile, s.files.ClientCert, s.files.ClientKey} {
		if path == "" {
			continue
		}
		info, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("authflow: %s: %w", tlsFileLabel(i), err)
		}
		key.stamps[i] = info.ModTime()
	}
	if cached, ok := tlsTransports.Load(key); ok {
		return cached.(*http.Transport), nil
	}
	config, err := tlsConfig(t.TLSClientConfig, s)
	if err != nil {
		return nil, err
	}
	clone := t.Clone()
	clone.TLSClientConfig = config
	actual, _ := tlsTransports.LoadOrStore(key, clone)
	return actual.(*http.Transport), nil
}

func tlsFileLabel(i int) string {
	return [...]string{"ca_file", "client_cert", "client_key"}[i]
}

// tlsConfig builds the TLS configuration for s on top of base.
func tlsConfig(base *tls.Config, s tlsSettings) (*tls.Config, error) {
	config := &tls.Config{MinVersion: tls.VersionTLS12}
	if base != nil {
		config = base.Clone()
	}
	// The user asked for this with insecure = true, and the UI shows it.
	config.InsecureSkipVerify = s.insecure
	if path := s.files.CAFile; path != "" {
		pem, err := readTLSFile(path)
		if err != nil {
			return nil, fmt.Errorf("authflow: ca_file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("authflow: ca_file %s holds no PEM certificate (-----BEGIN CERTIFICATE-----)", path)
		}
		config.RootCAs = pool
	}
	if s.files.ClientCert != "" {
		// The key file is a secret: its content never appears in an error.
		certPEM, err := readTLSFile(s.files.ClientCert)
		if err != nil {
			return nil, fmt.Errorf("authflow: client_cert: %w", err)
		}
		keyPEM, err := readTLSFile(s.files.ClientKey)
		if err != nil {
			return nil, fmt.Errorf("authflow: client_key: %w", err)
		}
		cert, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("authflow: client_cert %s and client_key %s: %w", s.files.ClientCert, s.files.ClientKey, err)
		}
		config.Certificates = []tls.Certificate{cert}
	}
	return config, nil
}

// transportWarnings returns what is unsafe about sending to rawURL with
// these settings, as step fields: TLS verification turned off, or
// credentials in clear text to a host that is not this machine.
func transportWarnings(u *url.URL, s tlsSettings, credentials string) []Field {
	if !s.insecure && s.files.IsZero() && (u.Scheme != "http" || credentials == "") {
		return nil // the common case costs nothing
	}
	var out []Field
	switch strings.ToLower(u.Scheme) {
	case "https":
		if s.insecure {
			out = append(out, Field{Label: "warning", Value: "insecure = true: the server's TLS certificate is not verified, so anyone on the path could read or change this exchange"})
		}
	case "http":
		if w, ok := clearTextWarning(u, credentials); ok {
			out = append(out, Field{Label: "warning", Value: w.Text})
		}
	}
	if !s.files.IsZero() {
		var parts []string
		if s.files.CAFile != "" {
			parts = append(parts, "CA file "+s.files.CAFile)
		}
		if s.files.ClientCert != "" {
			parts = append(parts, "client certificate "+s.files.ClientCert)
		}
		out = append(out, Field{Label: "tls", Value: strings.Join(parts, "; ")})
	}
	return out
}

// Warning is something unsafe about how a send went out, recorded whether
// or not its flow was traced, so that a caller showing no flow can still
// say it.
type Warning struct {
	// Host is where the exchange went (name or name:port, as in the URL).
	Host string
	// Text says what happened and what to do, host included.
	Text string
}

// clearTextWarning returns the warning for credentials (credentialsName's
// words, "" for none) sent over plain http to u's host when that is not
// this machine: anyone on the network between can read them (RFC 9110
// §4.2.1 gives http no confidentiality).
func clearTextWarning(u *url.URL, credentials string) (Warning, bool) {
	if credentials == "" || !strings.EqualFold(u.Scheme, "http") || isLoopbackHost(u.Hostname()) {
		return Warning{}, false
	}
	return Warning{Host: u.Host, Text: credentials + " sent over plain http to " + DisplayHost(u.Host) + ": anyone on the network can read them; use https"}, true
}

// warnClearText adds to the flow the warning for credentials sent to u in
// clear text, if any. Cheap in the common case (https, or no credentials).
func (r *sendRun) warnClearText(u *url.URL, credentials string) {
	if w, ok := clearTextWarning(u, credentials); ok {
		r.flow.Warnings = append(r.flow.Warnings, w)
	}
}

// transportHint says what to do when no transport could be built.
func transportHint(s tlsSettings) string {
	if !s.files.IsZero() {
		return "Check ca_file, client_cert and client_key: each must name a readable PEM file, and the key must match the certificate."
	}
	return "Leave Client.Transport unset to use insecure mode."
}

// isLoopbackHost reports whether a host name is this machine: traffic to
// it never crosses a network.
func isLoopbackHost(name string) bool {
	name = strings.ToLower(strings.Trim(name, "[]"))
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	ip := net.ParseIP(name)
	return ip != nil && ip.IsLoopback()
}

// credentialsName names what a profile sends with each request, for
// warnings; "" when it sends nothing.
func credentialsName(p *Profile) string {
	switch p.Type {
	case TypeBasic:
		return "the Basic user-id and password are"
	case TypeBearer:
		return "the bearer token is"
	case TypeAPIKey:
		return "the API key is"
	case TypeOAuth2Password, TypeOAuth2ClientCredentials, TypeOAuth2AuthorizationCode, TypeOAuth2DeviceCode:
		return "the access token is"
	}
	return ""
}

package authflow

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue signs a leaf certificate for a server (with IP 127.0.0.1) or a
// client, returning it and its key as PEM.
func (ca *testCA) issue(t *testing.T, name string, client bool) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	if client {
		tmpl.ExtKeyUsage, tmpl.IPAddresses = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, nil
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// mtlsServer starts a TLS server whose certificate serverCA signed and
// that, when clientCA is set, requires a client certificate it signed.
func mtlsServer(t *testing.T, serverCA, clientCA *testCA) *httptest.Server {
	t.Helper()
	certPEM, keyPEM := serverCA.issue(t, "server", false)
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who := "anonymous"
		if len(r.TLS.PeerCertificates) > 0 {
			who = r.TLS.PeerCertificates[0].Subject.CommonName
		}
		io.WriteString(w, "hello "+who)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	if clientCA != nil {
		pool := x509.NewCertPool()
		pool.AddCert(clientCA.cert)
		srv.TLS.ClientAuth, srv.TLS.ClientCAs = tls.RequireAndVerifyClientCert, pool
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func TestCAFile(t *testing.T) {
	ca := newTestCA(t, "test CA")
	srv := mtlsServer(t, ca, nil)
	if _, _, err := send(t, NewClient(), nil, Request{URL: srv.URL}); err == nil || !strings.Contains(err.Error(), "not trusted") {
		t.Fatalf("without ca_file: err = %v, want the certificate refused", err)
	}
	caFile := writeTemp(t, "ca.pem", ca.pem)
	resp, _, err := send(t, NewClient(), nil, Request{URL: srv.URL, TLS: TLSFiles{CAFile: caFile}})
	if err != nil || string(resp.Body) != "hello anonymous" {
		t.Fatalf("with ca_file: resp %v, err %v", resp, err)
	}
	// A profile's CA file serves every request sent with it.
	resp, flow, err := send(t, NewClient(), &Profile{Type: TypeBearer, Token: "t0k3n", TLS: TLSFiles{CAFile: caFile}}, Request{URL: srv.URL})
	if err != nil || string(resp.Body) != "hello anonymous" {
		t.Fatalf("profile ca_file: resp %v, err %v", resp, err)
	}
	if !hasField(lastStep(flow), "tls", "CA file "+caFile) {
		t.Errorf("the step does not show the CA file: %+v", lastStep(flow).Fields)
	}
	// Another CA's file does not make the server trusted.
	other := writeTemp(t, "other.pem", newTestCA(t, "other CA").pem)
	if _, _, err := send(t, NewClient(), nil, Request{URL: srv.URL, TLS: TLSFiles{CAFile: other}}); err == nil {
		t.Fatal("a server was trusted on another CA's file")
	}
}

func TestClientCertificate(t *testing.T) {
	serverCA, clientCA := newTestCA(t, "server CA"), newTestCA(t, "client CA")
	srv := mtlsServer(t, serverCA, clientCA)
	caFile := writeTemp(t, "ca.pem", serverCA.pem)
	certPEM, keyPEM := clientCA.issue(t, "alice", true)
	certFile, keyFile := writeTemp(t, "alice.pem", certPEM), writeTemp(t, "alice-key.pem", keyPEM)

	if _, _, err := send(t, NewClient(), nil, Request{URL: srv.URL, TLS: TLSFiles{CAFile: caFile}}); err == nil {
		t.Fatal("the server accepted a request without a client certificate")
	}
	files := TLSFiles{CAFile: caFile, ClientCert: certFile, ClientKey: keyFile}
	resp, _, err := send(t, NewClient(), nil, Request{URL: srv.URL, TLS: files})
	if err != nil || string(resp.Body) != "hello alice" {
		t.Fatalf("with a client certificate: resp %v, err %v", resp, err)
	}
	// The request's files override the profile's one by one.
	p := &Profile{Type: TypeNone, TLS: TLSFiles{ClientCert: certFile, ClientKey: keyFile}}
	resp, _, err = send(t, NewClient(), p, Request{URL: srv.URL, TLS: TLSFiles{CAFile: caFile}})
	if err != nil || string(resp.Body) != "hello alice" {
		t.Fatalf("profile certificate, request CA: resp %v, err %v", resp, err)
	}
}

func TestTLSFileErrors(t *testing.T) {
	ca := newTestCA(t, "CA")
	certPEM, keyPEM := ca.issue(t, "alice", true)
	_, otherKey := ca.issue(t, "bob", true)
	dir := t.TempDir()
	notPEM := writeTemp(t, "not.pem", []byte("hello"))
	cert, key, wrongKey := writeTemp(t, "c.pem", certPEM), writeTemp(t, "k.pem", keyPEM), writeTemp(t, "w.pem", otherKey)
	cases := []struct {
		name  string
		files TLSFiles
		want  string
	}{
		{"missing CA file", TLSFiles{CAFile: filepath.Join(dir, "nope.pem")}, "ca_file"},
		{"CA file not PEM", TLSFiles{CAFile: notPEM}, "holds no PEM certificate"},
		{"certificate without key", TLSFiles{ClientCert: cert}, "go together"},
		{"key without certificate", TLSFiles{ClientKey: key}, "go together"},
		{"key of another certificate", TLSFiles{ClientCert: cert, ClientKey: wrongKey}, "client_cert"},
		{"key file not PEM", TLSFiles{ClientCert: cert, ClientKey: notPEM}, "client_cert"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, flow, err := send(t, NewClient(), nil, Request{URL: "https://127.0.0.1:1/", TLS: tc.files})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "PRIVATE KEY") || strings.Contains(err.Error(), string(keyPEM[40:80])) {
				t.Fatalf("error shows the key: %v", err)
			}
			if hint := lastStep(flow).Hint; !strings.Contains(hint, "ca_file, client_cert and client_key") {
				t.Errorf("hint = %q", hint)
			}
		})
	}
}

func hasField(s Step, label, value string) bool {
	for _, f := range s.Fields {
		if f.Label == label && strings.Contains(f.Value, value) {
			return true
		}
	}
	return false
}

func TestTransportWarnings(t *testing.T) {
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {})
	basic := &Profile{Type: TypeBasic, Username: "u", Password: "p4ss"}
	cases := []struct {
		name    string
		profile *Profile
		req     Request
		want    string // "" for no warning
	}{
		{"loopback basic", basic, Request{URL: srv.URL}, ""},
		{"remote basic over http", basic, Request{URL: "http://api.example.invalid/"}, "the Basic user-id and password are sent over plain http to api.example.invalid"},
		{"remote bearer over http", &Profile{Type: TypeBearer, Token: "t0k"}, Request{URL: "http://api.example.invalid:8080/"}, "the bearer token is sent over plain http"},
		{"remote without credentials", nil, Request{URL: "http://api.example.invalid/"}, ""},
		{"insecure https", nil, Request{URL: "https://api.example.invalid/", Insecure: true}, "insecure = true"},
		{"insecure profile", &Profile{Type: TypeNone, Insecure: true}, Request{URL: "https://api.example.invalid/"}, "insecure = true"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClient()
			c.Timeout = time.Nanosecond // only the step's fields matter; nothing need answer
			_, flow, _ := send(t, c, tc.profile, tc.req)
			step := stepTitled(t, flow, "Send the request")
			got := hasField(step, "warning", tc.want)
			if tc.want == "" {
				got = !hasField(step, "warning", "")
			}
			if !got {
				t.Errorf("fields %+v, want warning %q", step.Fields, tc.want)
			}
		})
	}
	// The token request warns too: the password goes in its body.
	p := &Profile{Type: TypeOAuth2Password, TokenURL: "http://login.example.invalid/token", Username: "u", Password: "p4ss"}
	c := NewClient()
	c.Timeout = time.Nanosecond
	_, flow, _ := send(t, c, p, Request{URL: srv.URL})
	if step := stepTitled(t, flow, "Request a token"); !hasField(step, "warning", "the password and client secret are sent over plain http to login.example.invalid") {
		t.Errorf("token step fields %+v lack the clear-text warning", step.Fields)
	}
	var text strings.Builder
	flow.WriteText(&text, NewRedactor(p.Secrets()...))
	if !strings.Contains(text.String(), "warning: the password and client secret are sent over plain http") {
		t.Errorf("flow text does not show the warning:\n%s", text.String())
	}
}

// TestProxyFromEnvironment runs the client in a child process with
// HTTP_PROXY set (Go reads the proxy variables once per process) and checks
// that the request went through the loopback proxy.
func TestProxyFromEnvironment(t *testing.T) {
	if target := os.Getenv("KEYWAY_TEST_PROXY_TARGET"); target != "" {
		resp, _, err := send(t, NewClient(), &Profile{Type: TypeBearer, Token: "proxied-t0k"}, Request{URL: target})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("PROXIED:%s\n", resp.Body)
		return
	}
	var seen []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A forward proxy gets the absolute URL in the request line.
		seen = append(seen, r.Method+" "+r.URL.String()+" "+r.Header.Get("Authorization"))
		io.WriteString(w, "via proxy")
	}))
	defer proxy.Close()
	target := "http://api.example.invalid/items"
	run := func(extra ...string) string {
		cmd := exec.Command(os.Args[0], "-test.run=^TestProxyFromEnvironment$", "-test.count=1")
		cmd.Env = append(os.Environ(), "KEYWAY_TEST_PROXY_TARGET="+target, "HTTP_PROXY="+proxy.URL, "http_proxy="+proxy.URL)
		cmd.Env = append(cmd.Env, extra...)
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	if out := run(); !strings.Contains(out, "PROXIED:via proxy") {
		t.Fatalf("child did not go through the proxy:\n%s", out)
	}
	if len(seen) != 1 || seen[0] != "GET "+target+" Bearer proxied-t0k" {
		t.Fatalf("proxy saw %q", seen)
	}
	// NO_PROXY is honoured as Go's client honours it.
	if out := run("NO_PROXY=api.example.invalid", "no_proxy=api.example.invalid"); strings.Contains(out, "PROXIED:via proxy") {
		t.Fatalf("NO_PROXY ignored:\n%s", out)
	}
	if u, _ := url.Parse(proxy.URL); u.Hostname() != "127.0.0.1" {
		t.Fatalf("proxy not on loopback: %s", proxy.URL)
	}
}

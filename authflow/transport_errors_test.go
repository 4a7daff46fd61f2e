package authflow

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestNetworkFailuresSayWhatHappened: each way a connection can fail gets
// its reason and a hint, and the API key in the query is masked in it.
func TestNetworkFailuresSayWhatHappened(t *testing.T) {
	const key = "net-canary-key/1"
	cases := []struct {
		name     string
		dial     error
		wantErr  string
		wantHint string
	}{
		{"DNS failure", &net.DNSError{Err: "no such host", Name: "api.example.invalid", IsNotFound: true}, "no such host", "could not be resolved"},
		{"host unreachable", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.EHOSTUNREACH)}, "host unreachable", "cannot be reached"},
		{"network unreachable", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ENETUNREACH)}, "host unreachable", "cannot be reached"},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, "connection refused", "Nothing is listening"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClient()
			c.Transport = &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) { return nil, tc.dial }}
			p := &Profile{Type: TypeAPIKey, In: InQuery, KeyName: "api_key", KeyValue: key}
			_, flow, err := send(t, c, p, Request{URL: "http://api.example.invalid/x"})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			if !strings.Contains(err.Error(), "api_key="+Mask) {
				t.Errorf("err does not show the masked key: %v", err)
			}
			for _, form := range []string{key, "net-canary-key%2F1"} {
				if strings.Contains(err.Error(), form) {
					t.Fatalf("err leaks the key: %v", err)
				}
			}
			if hint := lastStep(flow).Hint; !strings.Contains(hint, tc.wantHint) {
				t.Errorf("hint = %q, want %q", hint, tc.wantHint)
			}
		})
	}
}

// TestBadCertificatesAreRefused: expired, and for another host, each
// refused with the reason and how to trust a CA.
func TestBadCertificatesAreRefused(t *testing.T) {
	ca := newTestCA(t, "CA")
	caFile := writeTemp(t, "ca.pem", ca.pem)
	for _, tc := range []struct {
		name   string
		expiry time.Time
		ip     net.IP
		want   string
	}{
		{"expired", time.Now().Add(-time.Minute), net.IPv4(127, 0, 0, 1), "expired"},
		{"another host", time.Now().Add(time.Hour), net.IPv4(10, 9, 8, 7), "10.9.8.7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "srv"},
				NotBefore: time.Now().Add(-2 * time.Hour), NotAfter: tc.expiry,
				KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
				IPAddresses: []net.IP{tc.ip}}
			der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
			if err != nil {
				t.Fatal(err)
			}
			keyDER, _ := x509.MarshalECPrivateKey(key)
			cert, err := tls.X509KeyPair(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
			srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
			srv.Config.ErrorLog = log.New(io.Discard, "", 0)
			srv.StartTLS()
			defer srv.Close()
			_, flow, err := send(t, NewClient(), nil, Request{URL: srv.URL, TLS: TLSFiles{CAFile: caFile}})
			if err == nil || !strings.Contains(err.Error(), "TLS certificate not trusted") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want the certificate refused for %q", err, tc.want)
			}
			if hint := lastStep(flow).Hint; !strings.Contains(hint, "ca_file") {
				t.Errorf("hint %q does not say how to trust a CA", hint)
			}
		})
	}
}

//go:build unix

package authflow

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTLSFilesThatAreNotFiles names, as ca_file, client_cert and
// client_key, what is not a PEM file: an endless device, a FIFO (whose
// open waits for a writer), a folder and a file over the size limit. Each
// is refused with what is wrong, without hanging or reading it whole, and
// no content is quoted.
func TestTLSFilesThatAreNotFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "ca.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	// A sparse file: 2 MiB of "secret" that takes no disk.
	big := filepath.Join(dir, "big.pem")
	if err := os.WriteFile(big, []byte("-----BEGIN PRIVATE KEY-----\nc2VjcmV0"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 2<<20); err != nil {
		t.Fatal(err)
	}
	ca := newTestCA(t, "CA")
	certPEM, _ := ca.issue(t, "alice", true)
	cert := writeTemp(t, "c.pem", certPEM)
	cases := []struct {
		name  string
		files TLSFiles
		want  string
	}{
		{"dev zero", TLSFiles{CAFile: "/dev/zero"}, "ca_file: /dev/zero is not a regular file (it is a device); name a PEM file"},
		{"dev urandom key", TLSFiles{ClientCert: cert, ClientKey: "/dev/urandom"}, "client_key: /dev/urandom is not a regular file (it is a device)"},
		{"FIFO", TLSFiles{CAFile: fifo}, "ca_file: " + fifo + " is not a regular file (it is a named pipe)"},
		{"FIFO as certificate", TLSFiles{ClientCert: fifo, ClientKey: cert}, "client_cert: " + fifo + " is not a regular file (it is a named pipe)"},
		{"folder", TLSFiles{CAFile: dir}, "is not a regular file (it is a folder)"},
		{"too large", TLSFiles{CAFile: big}, "ca_file: " + big + " is larger than 1 MiB, the limit for a PEM file"},
		{"too large key", TLSFiles{ClientCert: cert, ClientKey: big}, "client_key: " + big + " is larger than 1 MiB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, _, err := NewClient().Send(t.Context(), nil, Request{URL: "https://127.0.0.1:1/", TLS: tc.files}, SendOptions{})
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("still reading the file after 30 s: it hangs")
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant it to hold %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "c2VjcmV0") || strings.Contains(err.Error(), "PRIVATE KEY") {
				t.Fatalf("error quotes the file: %v", err)
			}
		})
	}
}

// TestCheckTLSFile is what `keyway check` asks: the same refusals, without
// reading the file.
func TestCheckTLSFile(t *testing.T) {
	good := writeTemp(t, "ca.pem", []byte("-----BEGIN CERTIFICATE-----\n"))
	if err := CheckTLSFile(good); err != nil {
		t.Errorf("a small regular file: %v", err)
	}
	for path, want := range map[string]string{
		"/dev/zero":                            "/dev/zero is not a regular file (it is a device)",
		filepath.Join(t.TempDir(), "none.pem"): "no such file or directory",
	} {
		if err := CheckTLSFile(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckTLSFile(%s) = %v, want %q", path, err, want)
		}
	}
}

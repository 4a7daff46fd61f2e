//go:build unix

package collections

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestCheckTLSFiles: `keyway check` refuses a TLS file that is a device,
// a FIFO, too large or missing, at the key's FILE:LINE:COL, without
// hanging on the FIFO or reading the device.
func TestCheckTLSFiles(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "key.fifo"), 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "c.pem"), []byte("-----BEGIN CERTIFICATE-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.pem")
	if err := os.WriteFile(big, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 2<<20); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "api.toml")
	c, err := Parse(path, []byte(`[profile.m]
type = "bearer"
token = "t"
client_cert = "c.pem"
client_key = "key.fifo"

[[request]]
name = "zero"
url = "https://x"
ca_file = "/dev/zero"

[[request]]
name = "big"
url = "https://x"
ca_file = "big.pem"
profile = "m"

[[request]]
name = "missing"
url = "https://x"
ca_file = "none.pem"
`))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Check(&Scope{})
	want := path + `:5:14: profile "m": client_key: ` + filepath.Join(dir, "key.fifo") + ` is not a regular file (it is a named pipe); name a PEM file
` + path + `:10:11: request "zero": ca_file: /dev/zero is not a regular file (it is a device); name a PEM file
` + path + `:15:11: request "big": ca_file: ` + big + ` is larger than 1 MiB, the limit for a PEM file (a bundle of every public CA is about 200 KiB)
` + path + `:21:11: request "missing": ca_file: open ` + filepath.Join(dir, "none.pem") + `: no such file or directory`
	if err == nil || err.Error() != want {
		t.Fatalf("Check:\n%v\nwant:\n%s", err, want)
	}
}

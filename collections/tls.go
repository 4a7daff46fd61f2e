package collections

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
)

// TLSFiles are the ca_file, client_cert and client_key of a profile or
// request, as written: paths to PEM files, relative to the collection's
// folder unless absolute or starting with "~/" (the user's home). They
// hold no references: a path is not a secret, and a collection should not
// pick files through the environment.
type TLSFiles struct {
	CAFile     string
	ClientCert string
	ClientKey  string
}

// isTLSKey reports the keys that name TLS files.
func isTLSKey(key string) bool {
	return key == "ca_file" || key == "client_cert" || key == "client_key"
}

// tlsField decodes one TLS file key into f.
func (d *decoder) tlsField(f *TLSFiles, ctx string, e *tomldoc.Entry) {
	s, ok := d.stringOf(e, ctx, e.Key)
	if !ok || !d.checkPath(e.Value.Offset, ctx, e.Key, s) {
		return
	}
	switch e.Key {
	case "ca_file":
		f.CAFile = s
	case "client_cert":
		f.ClientCert = s
	case "client_key":
		f.ClientKey = s
	}
}

// checkPath checks a key that names a PEM file: not empty, and with no
// {{references}} (the file is read where the collection is, before any
// variable is known).
func (d *decoder) checkPath(pos int, ctx, key, s string) bool {
	switch {
	case strings.TrimSpace(s) == "":
		d.errAt(pos, "%s%s: the path is empty; name a PEM file, or remove the key", prefix(ctx), key)
		return false
	case hasReferences(s):
		d.errAt(pos, "%s%s: a path holds no {{references}}; write it relative to the collection's folder, or from ~/", prefix(ctx), key)
		return false
	}
	return true
}

// checkTLSPair reports a client_cert without client_key or the reverse: a
// certificate is useless without its private key.
func (d *decoder) checkTLSPair(t *tomldoc.Value, ctx string) {
	cert, key := t.Get("client_cert"), t.Get("client_key")
	switch {
	case cert != nil && key == nil:
		d.errAt(cert.KeyOffset, "%sclient_cert needs client_key (the certificate's private key, a PEM file)", prefix(ctx))
	case key != nil && cert == nil:
		d.errAt(key.KeyOffset, "%sclient_key needs client_cert (the certificate it belongs to, a PEM file)", prefix(ctx))
	}
}

// resolve returns the files as authflow takes them: paths made absolute
// against the folder of the collection at collectionPath.
func (f TLSFiles) resolve(collectionPath string) authflow.TLSFiles {
	if f == (TLSFiles{}) {
		return authflow.TLSFiles{} // most requests and profiles name none
	}
	abs := func(p string) string { return resolvePath(collectionPath, p) }
	return authflow.TLSFiles{CAFile: abs(f.CAFile), ClientCert: abs(f.ClientCert), ClientKey: abs(f.ClientKey)}
}

// resolvePath makes a path written in the collection absolute: against
// the collection's folder, or the home folder for ~/; "" stays "".
func resolvePath(collectionPath, p string) string {
	if p == "" {
		return ""
	}
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(collectionPath), p)
}

// checkTLSFiles reports, for Check, every TLS file of the collection that
// cannot be used: missing, unreadable, not a regular file (a device such
// as /dev/zero, a FIFO, a folder) or too large. The files are opened, not
// read; each path once.
func (c *Collection) checkTLSFiles(p *problems) {
	checked := map[string]error{}
	check := func(files TLSFiles, ctx string, pos func(string) Pos) {
		if files == (TLSFiles{}) {
			return
		}
		abs := files.resolve(c.Path)
		for _, f := range []struct{ key, path string }{
			{"ca_file", abs.CAFile}, {"client_cert", abs.ClientCert}, {"client_key", abs.ClientKey},
		} {
			if f.path == "" {
				continue
			}
			err, seen := checked[f.path]
			if !seen {
				err = authflow.CheckTLSFile(f.path)
				checked[f.path] = err
			}
			if err != nil {
				p.addErr(pos(f.key), ctx+": "+f.key+": ", err)
			}
		}
	}
	for _, name := range c.ProfileNames {
		cp := c.Profiles[name]
		check(cp.TLS, fmt.Sprintf("profile %q", name), cp.fieldPos)
		// A private_key_jwt key is read like a TLS key file.
		if cp.AssertionKey != "" {
			if err := authflow.CheckTLSFile(resolvePath(c.Path, cp.AssertionKey)); err != nil {
				p.addErr(cp.fieldPos("assertion_key"), fmt.Sprintf("profile %q: assertion_key: ", name), err)
			}
		}
	}
	for _, r := range c.Requests {
		check(r.TLS, fmt.Sprintf("request %q", r.Name), r.fieldPos)
	}
}

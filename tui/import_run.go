package tui

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/edit"
	"github.com/keyway-cli/keyway/collections/importer"
)

// maxImportSize bounds what the import dialog reads, as keyway import
// does: an OpenAPI document of thousands of operations is a few megabytes.
const maxImportSize = 64 << 20

// importDoneMsg is the outcome of an import into the open collection.
type importDoneMsg struct {
	coll       *collections.Collection
	selectName string
	// added names the requests added, in order; renamed says which were
	// given another name because the collection had one already.
	added, renamed []string
	// secrets went to the secret store (names and what each is; never
	// values); unmapped is what the importer could not map.
	secrets  []importer.Secret
	unmapped []string
	err      error
}

// noteworthy reports whether the outcome says more than "added": then the
// dialog stays open to show it.
func (r importDoneMsg) noteworthy() bool {
	return len(r.renamed)+len(r.secrets)+len(r.unmapped) > 0
}

// secretGetter is a store that can say what it already keeps under a name.
type secretGetter interface {
	Get(name string) (string, error)
}

// secretBinder is the part of the secret store that binds a secret to
// hosts (collections/store/secrets.Store.SetBound): keyway import binds each
// credential to the host the input sent it to, and so does the TUI.
type secretBinder interface {
	SetBound(name, value string, hosts []string) error
}

// importIntoCmd imports in with format and appends the result to coll
// (edit.AppendTables, as appendToCollectionCmd does). Nothing is
// half-done: the new file is built and validated first, the secrets are
// stored only then, and the file is written last — a conflict (a variable
// or profile the collection has with other values) leaves the file and
// the store as they were. from is the folder the input's relative paths
// start from.
func importIntoCmd(eng engine, coll *collections.Collection, store secretSetter, format importer.Format, in importer.Input, from string) tea.Cmd {
	return func() tea.Msg {
		c, err := format.Import(in)
		if err != nil {
			return importDoneMsg{err: err}
		}
		if len(c.Requests) == 0 {
			return importDoneMsg{err: errorf("%s holds no request keyway could read", in.Name)}
		}
		out := importDoneMsg{unmapped: nil}
		renameImported(coll, c, &out)
		to := "."
		if coll.Path != "" {
			to = filepath.Dir(coll.Path)
		}
		c.MoveFiles(from, to)

		// Write hands each secret to a callback before returning the
		// TOML; keep them here until the file is known to be valid.
		var pending [][2]string
		res, err := importer.Write(c, func(name, value string, _ []string) error {
			// Never replace a secret the user keeps: the import then takes
			// a name of its own, as keyway import does.
			if g, ok := store.(secretGetter); ok {
				if old, err := g.Get(name); err == nil && old != value {
					return importer.ErrSecretTaken
				}
			}
			pending = append(pending, [2]string{name, value})
			return nil
		})
		if err != nil {
			return importDoneMsg{err: err}
		}
		src := res.TOML // an empty (new) file becomes what keyway import -o writes: its name and notes too
		if len(bytes.TrimSpace(coll.Source)) > 0 {
			if src, err = edit.AppendTables(coll.Source, res.TOML); err != nil {
				return importDoneMsg{err: err}
			}
		}
		if _, err := collections.Parse(coll.Path, src); err != nil {
			return importDoneMsg{err: fmt.Errorf("the import would make the collection invalid, so nothing was saved:\n%w", err)}
		}
		if len(pending) > 0 && store == nil {
			return importDoneMsg{err: errorf("The input holds %d secret(s) and this session has no secret store to keep them in; nothing was added. Use keyway import from a shell instead.", len(pending))}
		}
		for i, s := range pending {
			if err := storeImported(store, s[0], s[1], res.Secrets[i].Hosts); err != nil {
				return importDoneMsg{err: fmt.Errorf("storing secret %q: %w; the file was left as it was", s[0], err)}
			}
		}
		next, err := eng.SaveSource(coll, src)
		if err != nil {
			return importDoneMsg{err: err}
		}
		out.coll, out.secrets, out.unmapped = next, res.Secrets, res.Unmapped
		for _, r := range c.Requests {
			if next.Request(r.Name) != nil {
				out.added = append(out.added, r.Name)
			}
		}
		if len(out.added) > 0 {
			out.selectName = out.added[0]
		}
		return out
	}
}

// storeImported puts a secret in the store, bound to the hosts the input
// sent it to when the store can bind (keyway secret set --host), as keyway
// import does.
func storeImported(store secretSetter, name, value string, hosts []string) error {
	if b, ok := store.(secretBinder); ok && len(hosts) > 0 {
		if err := b.SetBound(name, value, hosts); err == nil {
			return nil
		}
	}
	return store.Set(name, value)
}

// renameImported gives each imported request a name the open collection
// does not have yet: pasting the same command twice adds "X 2".
func renameImported(coll *collections.Collection, c *importer.Collection, out *importDoneMsg) {
	taken := map[string]bool{}
	for _, r := range coll.Requests {
		taken[r.Name] = true
	}
	for _, r := range c.Requests {
		name := r.Name
		for n := 2; taken[name]; n++ {
			name = r.Name + " " + strconv.Itoa(n)
		}
		if name != r.Name {
			out.renamed = append(out.renamed, fmt.Sprintf("“%s” is added as “%s”: the collection has a request of that name.", printableLine(r.Name), printableLine(name)))
			r.Name = name
		}
		taken[name] = true
	}
}

// importedText is the status line after an import.
func importedText(c *common, r *importDoneMsg) string {
	names := make([]string, len(r.added))
	for i, n := range r.added {
		names[i] = "“" + printableLine(n) + "”"
	}
	what := "Added " + strings.Join(names, ", ")
	if len(names) > 3 {
		what = fmt.Sprintf("Added %d requests", len(names))
	}
	if c.demo {
		return what + ". " + demoNotSaved
	}
	return what + " to " + printableLine(r.coll.Path) + "."
}

// importErrorText says why an import added nothing.
func importErrorText(err error) string {
	var pe *importer.PosError
	if errors.As(err, &pe) {
		return "Cannot import: " + printableLine(pe.Error()) + ". Nothing was added."
	}
	var ue uiError
	if errors.As(err, &ue) {
		return string(ue)
	}
	return saveErrorText(err)
}

// guessImportFormat names the registered format path most likely holds,
// from its extension, then its content; "" when it cannot tell.
func guessImportFormat(path string, data []byte) string {
	known := func(name string) string {
		if _, ok := importer.Lookup(name); ok {
			return name
		}
		return ""
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".http", ".rest":
		return known("http")
	case ".sh", ".curl":
		return known("curl")
	}
	head := bytes.TrimSpace(data[:min(len(data), 4096)])
	switch {
	case bytes.HasPrefix(head, []byte("curl ")):
		return known("curl")
	case bytes.Contains(head, []byte("schema.getpostman.com")), bytes.Contains(head, []byte(`"_postman_id"`)):
		return known("postman")
	case bytes.Contains(head, []byte(`"openapi"`)), bytes.HasPrefix(head, []byte("openapi:")), bytes.Contains(head, []byte("\nopenapi:")):
		return known("openapi")
	case bytes.HasPrefix(head, []byte("###")), startsWithMethod(head):
		return known("http")
	}
	return ""
}

// startsWithMethod reports whether text starts with an HTTP request line
// (GET https://…), as a .http file does.
func startsWithMethod(text []byte) bool {
	for _, m := range []string{"GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD ", "OPTIONS "} {
		if bytes.HasPrefix(text, []byte(m)) {
			return true
		}
	}
	return false
}

// readImportFile reads path, refusing folders and more than
// maxImportSize.
func readImportFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, errorf("Cannot read %s: %v.", printableLine(path), err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, errorf("%s is a folder: name a file.", printableLine(path))
	}
	data, err := io.ReadAll(io.LimitReader(f, maxImportSize+1))
	if err != nil {
		return nil, errorf("Cannot read %s: %v.", printableLine(path), err)
	}
	if len(data) > maxImportSize {
		return nil, errorf("%s is more than %d MiB: too large to import.", printableLine(path), maxImportSize>>20)
	}
	return data, nil
}

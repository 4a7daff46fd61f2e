package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/importer"
	"github.com/keyway-cli/keyway/collections/store/secrets"
)

// maxImportSize bounds what keyway import reads: an OpenAPI document of
// thousands of operations is a few megabytes.
const maxImportSize = 64 << 20

func newImportCommand(std stdio) *cobra.Command {
	var output string
	var force bool
	var environments []string
	cmd := &cobra.Command{
		Use:   "import FORMAT [SOURCE]",
		Short: "Turn curl commands, Postman collections, OpenAPI documents or .http files into a collection",
		Long: `Turn requests from elsewhere into a keyway collection. FORMAT is one of:

  curl      curl commands, as API docs and browsers' "Copy as cURL" (bash
            or cmd) print them; several commands give several requests
  postman   a Postman collection v2.1 JSON export; --environment adds
            Postman environment exports as environments
  openapi   an OpenAPI 3.0 or 3.1 document, JSON or YAML
  http      a .http or .rest file of VS Code's REST Client or JetBrains'
            HTTP Client, with http-client.env.json beside it

SOURCE is a file, or "-" or nothing for stdin. The collection is written to
stdout, or to the file -o names (an existing file is replaced only with
--force, and then atomically: the old file stays whole if anything fails).

Secrets found in the input — passwords, tokens, API keys, cookies — never go
into the collection: each is put in your secret store (see keyway secret)
and written as {{secret:NAME}}; every NAME is listed on stderr. What could
not be mapped is said per item on stderr and as a comment in the TOML. The
result passes keyway check.

Exit status 0 when imported, 2 when the input cannot be read (with
FILE:LINE:COL where the format has lines) or the command line is invalid.`,
		Example: `  pbpaste | keyway import curl -o api.toml
  keyway import curl request.sh
  keyway import http requests.http -o keyway.toml
  keyway import postman collection.json --environment staging.json -o api.toml
  keyway import openapi openapi.yaml -o api.toml --force`,
		Args: cobra.RangeArgs(1, 2),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				var names []string
				for _, f := range importer.Formats() {
					names = append(names, f.Name+"\t"+f.Summary)
				}
				return names, cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveDefault
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(std, args, output, force, environments)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the collection to this file instead of stdout")
	cmd.Flags().BoolVar(&force, "force", false, "replace the -o file when it exists")
	cmd.Flags().StringArrayVar(&environments, "environment", nil, "a Postman environment export to import as an environment (repeatable)")
	return cmd
}

func runImport(std stdio, args []string, output string, force bool, environments []string) error {
	format, ok := importer.Lookup(args[0])
	if !ok {
		var names []string
		for _, f := range importer.Formats() {
			names = append(names, f.Name)
		}
		return invalid(fmt.Errorf("unknown import format %q: use one of %s", args[0], strings.Join(names, ", ")))
	}
	if output != "" && !force {
		if _, err := os.Lstat(output); err == nil {
			return invalid(fmt.Errorf("%s exists: pass --force to replace it, or choose another -o file", output))
		}
	}
	in, err := importInput(std, args[1:], environments)
	if err != nil {
		return err
	}
	c, err := format.Import(in)
	if err != nil {
		var pe *importer.PosError
		if errors.As(err, &pe) {
			// FILE:LINE:COL first, as editors and CI logs read it.
			return invalid(collections.ErrorList{{Pos: collections.Pos{File: pe.File, Line: pe.Line, Col: pe.Col}, Msg: pe.Msg}})
		}
		return invalid(fmt.Errorf("%s: %w", in.Name, err))
	}
	// Paths in the input are relative to where it was: a curl command
	// to the folder it runs in, a file to its own folder. The collection
	// reads them relative to its folder.
	from, to := ".", "."
	if format.Name != "curl" && in.Name != "stdin" {
		from = filepath.Dir(in.Name)
	}
	if output != "" {
		to = filepath.Dir(output)
	}
	c.MoveFiles(from, to)

	var store *secrets.Store
	res, err := importer.Write(c, func(name, value string, hosts []string) error {
		if store == nil {
			s, err := secrets.Default()
			if err != nil {
				return err
			}
			store = s
		}
		if old, err := store.Get(name); err == nil && old != value {
			// Never replace a secret the user keeps: the import gets a
			// name of its own (importer.ErrSecretTaken).
			return importer.ErrSecretTaken
		}
		// A credential the input sent to one host is bound to it: keyway
		// then refuses to send it anywhere else, whatever the collection
		// later says (keyway secret set --host).
		if len(hosts) > 0 {
			if err := store.SetBound(name, value, hosts); err == nil {
				return nil
			}
		}
		return store.Set(name, value)
	})
	if err != nil {
		return err
	}
	if output == "" {
		if _, err := std.out.Write(res.TOML); err != nil {
			return err
		}
	} else if err := writeImport(output, res.TOML, force); err != nil {
		return err
	}
	for _, u := range res.Unmapped {
		fmt.Fprintf(std.err, "not imported: %s\n", u)
	}
	for _, s := range res.Secrets {
		note := ""
		if len(s.Hosts) > 0 {
			note += " (bound to " + strings.Join(s.Hosts, ", ") + ")"
		}
		fmt.Fprintf(std.err, "secret %s: %s, in your secret store%s\n", s.Name, s.Where, note)
	}
	if output != "" {
		fmt.Fprintf(std.err, "wrote %s (%s); check it with: keyway check %s\n", output, plural(len(c.Requests), "request"), output)
	}
	return nil
}

// importInput reads SOURCE (a file, or stdin for none or "-") and the
// environment files.
func importInput(std stdio, args, environments []string) (importer.Input, error) {
	var in importer.Input
	if len(args) == 0 || args[0] == "-" {
		if f, ok := std.in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			// Without this a bare `keyway import curl` seems to hang.
			fmt.Fprintln(std.err, "paste the input, then press ctrl-D (ctrl-Z, enter on Windows) on a line of its own:")
		}
		data, err := readImportLimited(std.in)
		if err != nil {
			return in, invalid(fmt.Errorf("reading stdin: %w", err))
		}
		in = importer.Input{Name: "stdin", Data: data}
	} else {
		data, err := readImportFile(args[0])
		if err != nil {
			return in, err
		}
		in = importer.Input{Name: args[0], Data: data, ReadFile: importer.FolderReader(filepath.Dir(args[0]))}
	}
	for _, e := range environments {
		data, err := readImportFile(e)
		if err != nil {
			return in, err
		}
		in.Environments = append(in.Environments, importer.File{Name: e, Data: data})
	}
	return in, nil
}

func readImportFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, invalid(fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err)))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, invalid(fmt.Errorf("cannot read %s: it is a folder; name a file", path))
	}
	data, err := readImportLimited(f)
	if err != nil {
		return nil, invalid(fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err)))
	}
	return data, nil
}

// readImportLimited reads r to the end, refusing more than maxImportSize.
func readImportLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxImportSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxImportSize {
		return nil, fmt.Errorf("more than %d MiB: too large to import", maxImportSize>>20)
	}
	return data, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// writeImport writes the imported collection to output. Without --force it
// never replaces a file, not even one created while the import read its
// input (from a pipe, that can be any time): the check before the import
// only saves the user the wait.
func writeImport(output string, toml []byte, force bool) error {
	if force {
		return collections.WriteFile(output, toml, 0o644)
	}
	err := collections.WriteNewFile(output, toml, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return invalid(fmt.Errorf("%s exists: pass --force to replace it, or choose another -o file", output))
	}
	return err
}

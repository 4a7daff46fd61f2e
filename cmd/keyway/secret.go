package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/keyway-cli/keyway/collections/secrets"
)

func newSecretCommand(std stdio) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "secret",
		Short: "Manage the secret store that {{secret:NAME}} references read",
		Long: `Manage your secret store: a file outside any collection, readable only
by you, that {{secret:NAME}} references read. Collections hold references,
never secrets, so they are safe to commit.

The store lives in your config folder (keyway/secrets.toml); set
KEYWAY_SECRETS_FILE to use another file.`,
	}
	var hosts []string
	set := &cobra.Command{
		Use:   "set NAME",
		Short: "Store a secret, read without echo from the terminal or from stdin",
		Long: `Store a secret, read without echo from the terminal or from stdin.

With --host the secret is bound to those hosts, as a password manager binds
a password to its site: keyway refuses to send it to any other host, even
when a collection asks it to. A host is a name (any port), name:port, or
*.domain for every subdomain. Setting a secret again without --host removes
the binding.`,
		Example: `  keyway secret set demo-token
  printf %s "$TOKEN" | keyway secret set demo-token
  keyway secret set api-key --host api.example.com --host '*.example.org'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			value, err := readSecret(std, args[0])
			if err != nil {
				return err
			}
			store, err := secrets.Default()
			if err != nil {
				return err
			}
			if err := store.SetBound(args[0], value, hosts); err != nil {
				return err
			}
			if len(hosts) > 0 {
				fmt.Fprintf(std.err, "stored secret %q, bound to %s\n", args[0], showHosts(hosts))
			} else {
				fmt.Fprintf(std.err, "stored secret %q\n", args[0])
			}
			return nil
		},
	}
	set.Flags().StringArrayVar(&hosts, "host", nil, "bind the secret to this host: it is never sent anywhere else (repeatable)")
	cmd.AddCommand(
		set,
		&cobra.Command{
			Use:   "list",
			Short: "List the names of stored secrets and the hosts they are bound to (never their values)",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				store, err := secrets.Default()
				if err != nil {
					return err
				}
				names, err := store.List()
				if err != nil {
					return err
				}
				for _, n := range names {
					hosts, err := store.Hosts(n)
					if err != nil {
						return err
					}
					if len(hosts) > 0 {
						fmt.Fprintf(std.out, "%s (hosts: %s)\n", n, showHosts(hosts))
					} else {
						fmt.Fprintln(std.out, n)
					}
				}
				return nil
			},
		},
		&cobra.Command{
			Use:     "rm NAME",
			Aliases: []string{"delete"},
			Short:   "Remove a stored secret",
			Args:    cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				store, err := secrets.Default()
				if err != nil {
					return err
				}
				if err := store.Delete(args[0]); err != nil {
					if errors.Is(err, secrets.ErrNotFound) {
						return invalid(fmt.Errorf("no secret named %q", args[0]))
					}
					return err
				}
				return nil
			},
		},
	)
	return cmd
}

// readSecret reads a secret's value: without echo when stdin is a terminal,
// otherwise the whole of stdin less one trailing newline.
func readSecret(std stdio, name string) (string, error) {
	if f, ok := std.in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(std.err, "value for %s: ", name)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(std.err)
		if err != nil {
			return "", fmt.Errorf("reading the secret: %w", err)
		}
		return string(b), nil
	}
	b, err := readAllLimited(std.in, 1<<20)
	if err != nil {
		return "", fmt.Errorf("reading the secret from stdin: %w", err)
	}
	value := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	if value == "" {
		return "", invalid(errors.New("empty secret on stdin: pipe the value in, e.g. printf %s \"$TOKEN\" | keyway secret set NAME"))
	}
	return value, nil
}

// readAllLimited reads r to the end, refusing more than limit bytes.
func readAllLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(bufio.NewReader(io.LimitReader(r, limit+1)))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("secret longer than %d bytes", limit)
	}
	return b, nil
}

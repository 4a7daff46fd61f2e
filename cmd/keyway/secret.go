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

	"github.com/keyway-cli/keyway/collections/store/secrets"
)

func newSecretCommand(std stdio) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "secret",
		Short: "Manage the secret store that {{secret:NAME}} references read",
		Long: `Manage your secret store, which {{secret:NAME}} references read.
Collections hold references, never secrets, so they are safe to commit.

Values go to the OS keychain where there is one — the Secret Service on
Linux (GNOME Keyring, KWallet), the macOS Keychain, the Windows Credential
Manager — as items of service "keyway" whose account is the secret's name,
so you can see and remove them there too. Where no keychain answers (CI,
containers), they go to a file readable only by you, and "secret set" says
so. That file, keyway/secrets.toml in your config folder, lists every
secret and the hosts it is bound to either way; a value already in it is
read from it, and moves to the keychain when you set it again.

KEYWAY_SECRETS_BACKEND=file|keychain|auto (default auto) chooses where new
values go. KEYWAY_SECRETS_FILE names another file, and then values go to
that file unless KEYWAY_SECRETS_BACKEND says otherwise.`,
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
			wasInKeychain, err := store.InKeychain(args[0])
			wasInFile := err == nil && !wasInKeychain
			if err := store.SetBound(args[0], value, hosts); err != nil {
				return err
			}
			fmt.Fprintln(std.err, storedMessage(store, args[0], hosts, wasInFile))
			return nil
		},
	}
	set.Flags().StringArrayVar(&hosts, "host", nil, "bind the secret to this host: it is never sent anywhere else (repeatable)")
	cmd.AddCommand(
		set,
		&cobra.Command{
			Use:   "list",
			Short: "List the stored secrets, where each is kept (keychain or file) and the hosts it is bound to (never their values)",
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
					inKeychain, err := store.InKeychain(n)
					if err != nil {
						return err
					}
					where := "file"
					if inKeychain {
						where = "keychain"
					}
					if len(hosts) > 0 {
						fmt.Fprintf(std.out, "%s (%s; hosts: %s)\n", n, where, showHosts(hosts))
					} else {
						fmt.Fprintf(std.out, "%s (%s)\n", n, where)
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

// storedMessage says where `secret set` put the value: the keychain, or
// the file — and why not the keychain when keyway chose the file itself.
func storedMessage(store *secrets.Store, name string, hosts []string, wasInFile bool) string {
	var msg string
	inKeychain, _ := store.InKeychain(name)
	switch fallback := store.Fallback(); {
	case inKeychain:
		msg = fmt.Sprintf("stored secret %q in the keychain", name)
	case fallback != nil:
		msg = fmt.Sprintf("%v; stored secret %q in the owner-only file %s", fallback, name, store.Path())
	default:
		msg = fmt.Sprintf("stored secret %q in the owner-only file %s", name, store.Path())
	}
	if len(hosts) > 0 {
		msg += ", bound to " + showHosts(hosts)
	}
	if inKeychain && wasInFile {
		msg += "; its value is no longer in " + store.Path()
	}
	return msg
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

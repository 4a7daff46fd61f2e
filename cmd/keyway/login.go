package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/store/tokens"
)

// loginFlags are the flags of `keyway login` and `keyway logout`.
type loginFlags struct {
	profile   string
	env       string
	vars      []string
	noEnv     bool
	hosts     []string
	noBrowser bool
	reveal    bool
}

func (f *loginFlags) register(cmd *cobra.Command, login bool) {
	fl := cmd.Flags()
	fl.StringVar(&f.profile, "profile", "", "the interactive profile (oauth2-authorization-code or oauth2-device-code; required)")
	fl.StringVar(&f.env, "env", "", "environment to use (a login is kept per environment)")
	fl.StringArrayVar(&f.vars, "var", nil, "set a variable, as NAME=VALUE (repeatable)")
	fl.BoolVar(&f.noEnv, "no-env", false, "refuse to read environment variables and secrets (as keyway run --no-env)")
	fl.StringArrayVar(&f.hosts, "allow-host", nil, "send values of environment variables and secrets, and the tokens they buy, only to this host (repeatable)")
	if login {
		fl.BoolVar(&f.noBrowser, "no-browser", false, "do not open a browser: only print the URL to open")
		fl.BoolVar(&f.reveal, "reveal", false, "show secrets instead of masking them")
	}
	_ = cmd.MarkFlagRequired("profile")
}

func newLoginCommand(std stdio) *cobra.Command {
	var flags loginFlags
	cmd := &cobra.Command{
		Use:   "login FILE --profile NAME",
		Short: "Log in with an interactive OAuth2 profile and keep its tokens",
		Long: `Run an interactive OAuth2 grant once — the authorization code grant with
PKCE in your browser, or the device grant with a code you enter on another
device — printing each step as it happens, and keep the tokens in the token
store (tokens.toml beside the secret store, owner-only). Later runs, flows
and TUI sessions use them, and refresh them when they expire; keyway run
never opens a browser itself.

The browser is $BROWSER when set (called with the URL), else the system's
opener; the URL is always printed too. The login waits 5 minutes at most
for the browser; Ctrl-C stops it.

Exit status: 0 when the tokens are kept, 1 when the login failed, 2 when
the collection or the command line is invalid.`,
		Example: `  keyway login api.toml --profile browser
  keyway login api.toml --profile tv --env staging`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLogin(cmd.Context(), std, args[0], flags)
		},
	}
	flags.register(cmd, true)
	return cmd
}

func newLogoutCommand(std stdio) *cobra.Command {
	var flags loginFlags
	cmd := &cobra.Command{
		Use:   "logout FILE --profile NAME",
		Short: "Revoke and forget the tokens an interactive profile's login kept",
		Long: `Revoke the tokens that keyway login kept for a profile (and environment)
at the server's revocation endpoint (RFC 7009) — revocation_url, or the one
the issuer's metadata lists — printing each step, then forget them, so that
the next run needs a new login. With neither, the tokens are only
forgotten, and stay valid at the server until they expire.

Exit status: 0 when the tokens are revoked (where possible) and forgotten,
or none were kept; 1 when the server refused to revoke them (they are
forgotten all the same); 2 when the collection, the command line or the
token store is invalid.`,
		Example: `  keyway logout api.toml --profile browser`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLogout(cmd.Context(), std, args[0], flags)
		},
	}
	flags.register(cmd, false)
	return cmd
}

// interactiveProfile loads the collection and resolves the named profile,
// which must be interactive.
func interactiveProfile(path string, flags loginFlags) (*collections.Collection, *authflow.Profile, []string, error) {
	c, err := loadCollection(path, flags.env)
	if err != nil {
		return nil, nil, nil, err
	}
	vars, err := parseVars(flags.vars)
	if err != nil {
		return nil, nil, nil, err
	}
	cp, ok := c.Profiles[flags.profile]
	if !ok {
		return nil, nil, nil, invalid(fmt.Errorf("%s: no profile %q (profiles: %s)", path, flags.profile, joinNames(c.ProfileNames)))
	}
	if !authflow.Type(cp.Type).Interactive() {
		return nil, nil, nil, invalid(fmt.Errorf("%s: profile %q is of type %s, which needs no login: only %s and %s profiles do",
			path, flags.profile, cp.Type, authflow.TypeOAuth2AuthorizationCode, authflow.TypeOAuth2DeviceCode))
	}
	scope := &collections.Scope{Env: flags.env, Vars: vars, Secrets: &lazySecrets{}, NoEnv: flags.noEnv, AllowHosts: flags.hosts}
	profile, secrets, err := c.ResolveProfile(flags.profile, scope)
	if err != nil {
		return nil, nil, nil, invalid(err)
	}
	return c, profile, secrets, nil
}

// runLogin runs the grant and keeps its tokens.
func runLogin(ctx context.Context, std stdio, path string, flags loginFlags) error {
	_, profile, secrets, err := interactiveProfile(path, flags)
	if err != nil {
		return err
	}
	client, store, err := newClient(path, flags.env)
	if err != nil {
		return invalid(err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	var redactor *authflow.Redactor
	if !flags.reveal {
		redactor = authflow.NewRedactor(secrets...)
	}
	fmt.Fprintf(std.out, "Profile %s (%s)\n", authflow.Printable(profile.Name), profile.Type)
	printer := &stepPrinter{w: std.out, red: redactor}
	interaction := &authflow.Interaction{OpenBrowser: authflow.OpenBrowser}
	if flags.noBrowser {
		interaction.OpenBrowser = nil
	}
	_, err = client.Login(ctx, profile, authflow.SendOptions{Observe: printer.observe, Interaction: interaction})
	if err != nil {
		// The failed step has said what happened and what to try.
		return failed()
	}
	fmt.Fprintf(std.out, "\nLogged in: the tokens of profile %q are kept in %s. keyway run, flow and the TUI use them; keyway logout %s --profile %s revokes and forgets them.\n",
		profile.Name, store.Path(), shellWord(path), shellWord(profile.Name))
	return nil
}

// runLogout forgets the profile's kept tokens.
func runLogout(ctx context.Context, std stdio, path string, flags loginFlags) error {
	_, profile, secrets, err := interactiveProfile(path, flags)
	if err != nil {
		return err
	}
	client, store, err := newClient(path, flags.env)
	if err != nil {
		return invalid(err)
	}
	key := profile.TokenCacheKey()
	kept, err := store.Load(key)
	if err != nil {
		return invalid(err)
	}
	if kept == nil {
		fmt.Fprintf(std.out, "No tokens were kept for profile %q: nothing to forget.\n", profile.Name)
		return nil
	}
	revoked, revokeErr := revokeKept(ctx, std, client, profile, secrets, kept)
	if err := store.Delete(key); err != nil {
		return invalid(err)
	}
	switch {
	case revokeErr != nil:
		fmt.Fprintf(std.out, "\nForgot the tokens of profile %q (kept in %s), but the server did not revoke them (above): they may stay valid there until they expire.\n",
			profile.Name, store.Path())
		return failed()
	case revoked:
		fmt.Fprintf(std.out, "\nRevoked and forgot the tokens of profile %q (kept in %s).\n", profile.Name, store.Path())
	default:
		fmt.Fprintf(std.out, "Forgot the tokens of profile %q (kept in %s). They were not revoked: the profile names no revocation_url and no issuer to discover one from (RFC 7009), so they stay valid at the server until they expire.\n",
			profile.Name, store.Path())
	}
	return nil
}

// revokeKept asks the server to revoke a kept login (RFC 7009) when the
// profile names a revocation endpoint or an issuer that may list one: the
// refresh token first (§2.1: the server then SHOULD invalidate the access
// tokens it issued too), then the access token. It prints each flow, and
// reports whether anything was revoked.
func revokeKept(ctx context.Context, std stdio, client *authflow.Client, p *authflow.Profile, secrets []string, kept *authflow.Token) (bool, error) {
	if p.RevocationURL == "" && p.Issuer == "" {
		return false, nil
	}
	red := authflow.NewRedactor(append(secrets, kept.AccessToken, kept.RefreshToken, kept.IDToken)...)
	var tokens []struct{ value, hint string }
	if kept.RefreshToken != "" {
		tokens = append(tokens, struct{ value, hint string }{kept.RefreshToken, authflow.HintRefreshToken})
	}
	tokens = append(tokens, struct{ value, hint string }{kept.AccessToken, authflow.HintAccessToken})
	for _, t := range tokens {
		flow, err := client.Revoke(ctx, p, t.value, t.hint)
		if flow != nil {
			_ = flow.WriteText(std.out, red)
		}
		if err != nil {
			return false, err
		}
	}
	return true, nil
}

// newClient returns a client that keeps interactive logins in the user's
// token store, and whose login errors name the command for path and env.
// With no place for the store (no config directory) the client keeps
// tokens in memory only, and the error says why: commands that need the
// store (login, logout) fail with it, the others go on.
func newClient(path, env string) (*authflow.Client, *tokens.Store, error) {
	client := authflow.NewClient()
	store, err := tokens.Default()
	if err == nil {
		client.Store = store
	}
	client.LoginCommand = func(profile string) string {
		command := "keyway login " + shellWord(path) + " --profile " + shellWord(profile)
		if env != "" {
			command += " --env " + shellWord(env)
		}
		return command
	}
	return client, store, err
}

// stepPrinter prints each step of a login when it ends — and the step
// that waits for the person when it starts, so that the URL or the code
// is on screen while keyway waits. Secrets of every step so far are
// masked in the later ones: a code or verifier reappears in an exchange.
type stepPrinter struct {
	w       io.Writer
	red     *authflow.Redactor
	mu      sync.Mutex
	secrets []string
	shown   map[int]authflow.StepStatus
	titles  map[int]string
}

func (p *stepPrinter) observe(i int, s authflow.Step) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.secrets = append(p.secrets, authflow.StepSecrets([]authflow.Step{s})...)
	waiting := s.Status == authflow.StepRunning && strings.HasPrefix(s.Title, "Wait for you")
	if s.Status == authflow.StepRunning && !waiting {
		return
	}
	if p.shown == nil {
		p.shown = map[int]authflow.StepStatus{}
	}
	if prev, ok := p.shown[i]; ok && prev == authflow.StepRunning && s.Status == authflow.StepDone {
		// The wait was printed when it began; say only that it ended.
		fmt.Fprintf(p.w, "   (done, %s)\n", s.Duration.Round(1e6))
		p.shown[i] = s.Status
		return
	}
	if prev, ok := p.shown[i]; ok && prev == s.Status && p.titles[i] == s.Title {
		// A step put back as it was (the device grant's folded polls,
		// when a poll with another answer follows): printed already.
		return
	}
	if p.titles == nil {
		p.titles = map[int]string{}
	}
	p.shown[i], p.titles[i] = s.Status, s.Title
	red := p.red
	if red != nil {
		red = red.With(p.secrets...)
	}
	_ = authflow.WriteStepText(p.w, i+1, s, red)
}

// shellWord quotes s for a POSIX shell when it needs quoting.
func shellWord(s string) string {
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:@+,", r))
	}) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

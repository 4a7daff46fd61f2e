package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// flowFlags are the flags of `keyway flow`.
type flowFlags struct {
	profile string
	request string
	env     string
	vars    []string
	reveal  bool
	noEnv   bool
	hosts   []string
}

func newFlowCommand(std stdio) *cobra.Command {
	var flags flowFlags
	cmd := &cobra.Command{
		Use:   "flow FILE --profile NAME",
		Short: "Walk one profile's authentication flow and print every step",
		Long: `Walk a profile's authentication flow for real and print it as numbered
steps: what is sent, what came back (the raw HTTP of every exchange) and
why, ending with a request sent with the credentials and its response.

The request is --request, or the first one that uses the profile. Secrets
are masked unless --reveal is given.

Exit status: 0 when every step succeeded, 1 when one failed, 2 when the
collection or the command line is invalid.`,
		Example: `  keyway flow examples/demo.toml --profile alice-oauth
  keyway flow api.toml --profile service-key --request "List users" --reveal`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return walkFlow(cmd.Context(), std, args[0], flags)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&flags.profile, "profile", "", "the profile whose flow to walk (required)")
	fl.StringVar(&flags.request, "request", "", "the request to send at the end (default: the first that uses the profile)")
	fl.StringVar(&flags.env, "env", "", "environment to use")
	fl.StringArrayVar(&flags.vars, "var", nil, "set a variable, as NAME=VALUE (repeatable)")
	fl.BoolVar(&flags.reveal, "reveal", false, "show secrets instead of masking them")
	fl.BoolVar(&flags.noEnv, "no-env", false, "refuse to read environment variables and secrets (as keyway run --no-env)")
	fl.StringArrayVar(&flags.hosts, "allow-host", nil, "send values of environment variables and secrets, and the tokens they buy, only to this host (repeatable)")
	_ = cmd.MarkFlagRequired("profile")
	return cmd
}

// walkFlow sends one request with a fresh token and prints the flow.
func walkFlow(ctx context.Context, std stdio, path string, flags flowFlags) error {
	c, err := loadCollection(path, flags.env)
	if err != nil {
		return err
	}
	vars, err := parseVars(flags.vars)
	if err != nil {
		return err
	}
	if _, ok := c.Profiles[flags.profile]; !ok {
		return invalid(fmt.Errorf("%s: no profile %q (profiles: %s)", path, flags.profile, joinNames(c.ProfileNames)))
	}
	scope := &collections.Scope{Env: flags.env, Vars: vars, Secrets: &lazySecrets{}, NoEnv: flags.noEnv, AllowHosts: flags.hosts}
	req, err := requestForProfile(c, flags.profile, flags.request, scope)
	if err != nil {
		return invalid(fmt.Errorf("%s: %w", path, err))
	}
	prepared, err := c.Prepare(req, scope)
	if err != nil {
		return invalid(err)
	}
	profile, secrets, err := c.ResolveProfile(flags.profile, scope)
	if err != nil {
		return invalid(err)
	}
	// The profile may not be the request's own: check where its secrets
	// would go with this request (secrets bound to hosts).
	if err := c.CheckProfile(flags.profile, profile, prepared.Request.URL, scope); err != nil {
		return invalid(err)
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	client, _, _ := newClient(path, flags.env)
	// An interactive profile's walk runs its grant: the person is here.
	// Its steps print as they happen, so that the URL or the user code
	// is on screen while keyway waits.
	opts := authflow.SendOptions{FreshToken: true}
	var printed *stepPrinter
	if profile.Type.Interactive() {
		opts.Interaction = &authflow.Interaction{OpenBrowser: authflow.OpenBrowser}
		printed = &stepPrinter{w: std.out, red: flowRedactor(flags.reveal, secrets, prepared.Secrets)}
		opts.Observe = printed.observe
		fmt.Fprintf(std.out, "Profile %s (%s)\n", authflow.Printable(profile.Name), profile.Type)
	}
	_, flow, sendErr := client.Send(ctx, profile, prepared.Request, opts)
	var redactor *authflow.Redactor
	if !flags.reveal {
		redactor = authflow.NewRedactor(append(secrets, prepared.Secrets...)...)
	}
	if flow != nil && printed == nil {
		if err := flow.WriteText(std.out, redactor); err != nil {
			return err
		}
	}
	if sendErr != nil || flow == nil || flowFailed(flow) {
		return failed()
	}
	return nil
}

// flowRedactor masks the given secrets, or nothing with --reveal.
func flowRedactor(reveal bool, secrets ...[]string) *authflow.Redactor {
	if reveal {
		return nil
	}
	var all []string
	for _, s := range secrets {
		all = append(all, s...)
	}
	return authflow.NewRedactor(all...)
}

// requestForProfile picks the named request, or the one a walk of profile
// ends with (collections.RequestForProfile, as the TUI's Flow screen does).
func requestForProfile(c *collections.Collection, profile, name string, s *collections.Scope) (*collections.Request, error) {
	if name != "" {
		if r := c.Request(name); r != nil {
			return r, nil
		}
		return nil, fmt.Errorf("no request named %q", name)
	}
	if r := c.RequestForProfile(profile, s); r != nil {
		return r, nil
	}
	return nil, fmt.Errorf("it has no request to send with profile %q", profile)
}

// flowFailed reports whether any step of f failed.
func flowFailed(f *authflow.Flow) bool {
	for _, s := range f.Steps {
		if s.Status == authflow.StepFailed {
			return true
		}
	}
	return false
}

func joinNames(names []string) string {
	if len(names) == 0 {
		return "it has none"
	}
	return collections.ListNames(names)
}

package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
)

// runFlags are the flags of `keyway run` (and `keyway demo --run`).
type runFlags struct {
	env         string
	vars        []string
	only        []string
	tags        []string
	shard       string
	reports     []string
	concurrency int
	failFast    bool
	noEnv       bool
	allowHosts  []string
}

func (f *runFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.env, "env", "", "environment to run in")
	fl.StringArrayVar(&f.vars, "var", nil, "set a variable, as NAME=VALUE (repeatable)")
	fl.StringArrayVar(&f.only, "only", nil, "run only this request or folder (repeatable)")
	f.registerSelection(cmd)
	fl.StringArrayVar(&f.reports, "report", nil, "write a report, as junit:PATH, json:PATH or html:PATH (repeatable)")
	fl.IntVar(&f.concurrency, "concurrency", 1, "how many independent requests run at once")
	fl.BoolVar(&f.failFast, "fail-fast", false, "stop after the first failed request")
	fl.BoolVar(&f.noEnv, "no-env", false, "refuse to read environment variables and secrets: a collection that reads one is an error (exit 2)")
	fl.StringArrayVar(&f.allowHosts, "allow-host", nil, "send values of environment variables and secrets, and the tokens they buy, only to this host (name, name:port or *.domain; repeatable)")
}

func newRunCommand(std stdio) *cobra.Command {
	var flags runFlags
	cmd := &cobra.Command{
		Use:   "run FILE",
		Short: "Replay a collection headlessly, with assertions and reports",
		Long: `Replay a collection's requests in file order, checking each request's
[request.expect] assertions and feeding [request.capture] values to later
requests. Prints one line per request and a last line "N passed, N failed".

--only and --tag select requests (both given: a request must match each);
--shard I/N then runs the I-th of N deterministic shards of that selection,
for a CI matrix: requests tied by captures, and each unsafe request with the
requests after it, stay in one shard. See docs/collections.md.

Exit status: 0 when every request and assertion passed, 1 when any failed,
2 when the collection or the command line is invalid (then nothing is sent).

Untrusted collections: a collection cannot run code, but it can read your
environment variables ({{env:NAME}}) and stored secrets ({{secret:NAME}})
and send them to a host of its choosing. On CI, or for a file you did not
write, use --no-env to refuse any such read, or --allow-host to name the
only hosts such values may reach. Both are checked before anything is
sent (exit 2); a host known only when sending is checked then, and that
request fails. Secrets bound to hosts (keyway secret set NAME --host H)
are never sent elsewhere. Warnings about insecure = true and credentials
sent over plain http to another machine go to stderr. See docs/security.md.`,
		Example: `  keyway run api.toml --env staging
  keyway run api.toml --var base_url=http://127.0.0.1:8080 --report junit:report.xml
  keyway run api.toml --only "Who am I" --fail-fast
  keyway run api.toml --tag smoke
  keyway run api.toml --shard 2/3 --report junit:report-2.xml
  keyway run api.toml --shard auto    # in a GitLab parallel:, CircleCI or Buildkite job
  keyway run untrusted.toml --no-env
  keyway run api.toml --allow-host api.example.com --allow-host login.example.com`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := loadCollection(args[0], flags.env)
			if err != nil {
				return err
			}
			return runCollection(cmd.Context(), std, c, flags)
		},
	}
	flags.register(cmd)
	registerTagCompletion(cmd, fileArgCollection)
	return cmd
}

// runCollection replays c as flags say and prints the text report.
func runCollection(ctx context.Context, std stdio, c *collections.Collection, flags runFlags) error {
	vars, err := parseVars(flags.vars)
	if err != nil {
		return err
	}
	if flags.concurrency < 1 {
		return invalid(fmt.Errorf("--concurrency must be at least 1, not %d", flags.concurrency))
	}
	specs := make([]report.Spec, 0, len(flags.reports))
	for _, s := range flags.reports {
		spec, err := report.ParseSpec(s)
		if err != nil {
			return invalid(err)
		}
		specs = append(specs, spec)
	}
	scope := collections.Scope{Env: flags.env, Vars: vars, Secrets: &lazySecrets{}, NoEnv: flags.noEnv, AllowHosts: flags.allowHosts}
	// The collection is checked before --shard and the reports are read,
	// as it always was: its problems come first.
	if err := c.Check(&scope); err != nil {
		return invalid(err)
	}
	shard, err := flags.shardOf(std)
	if err != nil {
		return invalid(err)
	}
	if err := report.Ready(specs, ownFiles(c)...); err != nil {
		return invalid(err)
	}
	// Tokens of interactive logins come from the token store; a login
	// missing stops the run before anything is sent (the preflight).
	client, _, _ := newClient(c.Path, flags.env)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	out := newLineWriter(std.out)
	defer out.Flush()
	var lines report.Report // WriteText needs no state: it formats one result
	warned := false
	// Hosts warned about for clear text: at the start for the URLs the
	// file tells, then as sends find others.
	clearHosts := map[string]bool{}
	var plan *run.Plan // set before the run starts
	opts := run.Options{
		Scope:       scope,
		Only:        flags.only,
		Tags:        flags.tags,
		Shard:       shard,
		Concurrency: flags.concurrency,
		FailFast:    flags.failFast,
		Client:      client,
		// --no-env and --allow-host, then what the machine can tell
		// before the run, stop it with exit 2 and nothing sent.
		TrustPolicy: true,
		Preflight:   true,
		// Nothing here shows a flow: `keyway flow` and the TUI do.
		Untraced: true,
		// Warnings come when the run starts, after the preflight: a
		// run it stops ends with its problem and "nothing was sent".
		OnStart: func(int, *collections.Request) {
			if !warned {
				warned = true
				clearHosts = writeTransportWarnings(std.err, plan.Warnings())
			}
		},
		OnResult: func(_ int, o run.Outcome) {
			_ = lines.WriteText(out, o.Result)
			sendWarnings(std.err, o.Result.Name, o.Flow, clearHosts)
		},
	}
	if report.ShowsExchanges(specs) {
		// Only then: a run keeps no request or response bytes otherwise.
		opts.KeepExchange = report.ExchangeBodyLimit
	}
	plan, err = run.NewPlan(c, opts)
	if err != nil {
		return invalid(err)
	}
	rep := plan.Run(ctx)
	sel := plan.Selection
	if sel.Shard.Total > 0 {
		_ = report.WriteShardLine(out, report.Shard{Index: sel.Shard.Index, Total: sel.Shard.Total}, len(sel.Requests), sel.Matched)
	}
	_ = rep.WriteSummary(out)
	_ = out.Flush()
	if err := writeReports(specs, rep); err != nil {
		// The run happened; a report that could not be written still
		// fails the command so CI notices.
		printError(std.err, err)
		return failed()
	}
	if ctx.Err() != nil {
		fmt.Fprintln(std.err, "keyway: interrupted; the summary counts the requests that finished")
		return failed()
	}
	if rep.Summary.Failed > 0 {
		return failed()
	}
	return nil
}

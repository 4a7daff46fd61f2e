package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/examples"
	"github.com/keyway-cli/keyway/examples/demoapi"
)

// demoFlags are the flags of `keyway demo`.
type demoFlags struct {
	serve bool
	addr  string
	run   bool
	runFlags
}

func newDemoCommand(std stdio) *cobra.Command {
	var flags demoFlags
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Start the built-in demo API and open the demo collection",
		Long: `Start the built-in demo API on a free loopback port and open the terminal
UI on the demo collection pointed at it: every authentication method, an
OAuth2 server with every grant (a sign-in and consent page, PKCE, a device
verification page, discovery, revocation, introspection), and the failures
a learner should meet.

  --serve   run only the demo API (for other tools or scripts)
  --run     replay the demo collection headlessly, as 'keyway run' would;
            the requests that need a login in a browser are left out`,
		Example: `  keyway demo
  keyway demo --run
  keyway demo --serve --addr 127.0.0.1:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if flags.serve && flags.run {
				return invalid(errors.New("--serve and --run exclude each other"))
			}
			if !flags.run {
				for _, name := range []string{"only", "tag", "shard", "report", "concurrency", "fail-fast"} {
					if cmd.Flags().Changed(name) {
						return invalid(fmt.Errorf("--%s goes with --run", name))
					}
				}
			}
			if flags.serve {
				return serveDemo(cmd.Context(), std, flags.addr)
			}
			if cmd.Flags().Changed("addr") {
				return invalid(errors.New("--addr goes with --serve"))
			}
			return runDemo(cmd.Context(), std, flags)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&flags.serve, "serve", false, "run only the demo API until interrupted")
	fl.StringVar(&flags.addr, "addr", "127.0.0.1:8080", "address for --serve")
	fl.BoolVar(&flags.run, "run", false, "replay the demo collection headlessly")
	fl.StringArrayVar(&flags.reports, "report", nil, "with --run: write a report, as junit:PATH, json:PATH or html:PATH")
	fl.IntVar(&flags.concurrency, "concurrency", 1, "with --run: how many independent requests run at once")
	fl.BoolVar(&flags.failFast, "fail-fast", false, "with --run: stop after the first failed request")
	fl.StringArrayVar(&flags.only, "only", nil, "with --run: run only this request or folder")
	flags.registerSelection(cmd)
	registerTagCompletion(cmd, func([]string) (*collections.Collection, error) { return demoCollection() })
	return cmd
}

// startDemoAPI serves the demo API on a free loopback port and returns its
// base URL and a function that stops it.
func startDemoAPI(addr string) (string, func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("starting the demo API on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: demoapi.New(demoapi.Options{}), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}
	return "http://" + ln.Addr().String(), stop, nil
}

// demoCollection loads the embedded demo collection.
func demoCollection() (*collections.Collection, error) {
	return collections.Parse("demo.toml", examples.DemoTOML)
}

// runDemo opens the TUI (or, with --run, replays) the demo collection
// against a demo API started for the purpose.
func runDemo(ctx context.Context, std stdio, flags demoFlags) error {
	c, err := demoCollection()
	if err != nil {
		return err
	}
	baseURL, stop, err := startDemoAPI("127.0.0.1:0")
	if err != nil {
		return err
	}
	defer stop()
	vars := []string{"base_url=" + baseURL}
	if flags.run {
		flags.runFlags.vars = append(vars, flags.runFlags.vars...)
		if len(flags.only) == 0 {
			// Requests that need a person to log in are left out unless
			// named with --only: `keyway run` never opens a browser, and
			// would stop before sending anything (exit 2) without a login.
			send, login := examples.DemoHeadless(c)
			if len(login) > 0 {
				fmt.Fprintf(std.err, "keyway: %d demo requests need a login in a browser or on another device, which a headless run never does: %s. Walk them with `keyway demo` (Flow screen)\n",
					len(login), strings.Join(login, ", "))
				flags.only = send
			}
		}
		return runCollection(ctx, std, c, flags.runFlags)
	}
	return startUI(ctx, c, "", "", vars, true)
}

// serveDemo runs only the demo API until interrupted.
func serveDemo(ctx context.Context, std stdio, addr string) error {
	baseURL, stop, err := startDemoAPI(addr)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(std.out, "keyway demo API listening on %s (ctrl+c stops it)\n", baseURL)
	fmt.Fprintf(std.out, "replay the demo collection against it: keyway run examples/demo.toml --var base_url=%s\n", baseURL)
	ctx, cancel := signal.NotifyContext(ctx, os.Interrupt)
	defer cancel()
	<-ctx.Done()
	return nil
}

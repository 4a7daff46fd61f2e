package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/config"
)

// Exit codes of the command-line contract (README.md, Commands).
const (
	exitOK      = 0
	exitFailed  = 1 // a request or assertion failed
	exitInvalid = 2 // the collection or the command line is invalid; nothing was sent
)

// stdio is where a command reads and writes, so tests can capture it.
type stdio struct {
	in  io.Reader
	out io.Writer
	err io.Writer
}

// exitError carries an exit code up to execute. Its message, when not
// empty, has already been formatted for the user.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// invalid marks err as a problem with the input: exit code 2.
func invalid(err error) error { return &exitError{code: exitInvalid, err: err} }

// failed reports that something ran and did not pass: exit code 1, with no
// further message (the command has printed its own summary).
func failed() error { return &exitError{code: exitFailed} }

// execute runs keyway with args and returns the process exit code.
func execute(args []string, std stdio) int {
	root := newRootCommand(std)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			printError(std.err, ee.err)
		}
		return ee.code
	}
	// Everything cobra itself rejects (unknown flag, missing argument) is
	// a command-line error.
	printError(std.err, err)
	return exitInvalid
}

// printError prints err for a person. Errors that point into a file are
// printed as they are — one FILE:LINE:COL: message per line, the form
// editors and CI log parsers read — and so are multi-line lists; anything
// else gets a "keyway:" prefix.
func printError(w io.Writer, err error) {
	msg := err.Error()
	var list collections.ErrorList
	var positioned *collections.Error
	var configList config.ErrorList
	var configPositioned *config.Error
	if strings.Contains(msg, "\n") || errors.As(err, &list) || errors.As(err, &positioned) ||
		errors.As(err, &configList) || errors.As(err, &configPositioned) {
		fmt.Fprintln(w, msg)
		return
	}
	fmt.Fprintf(w, "keyway: %s\n", msg)
}

func newRootCommand(std stdio) *cobra.Command {
	root := &cobra.Command{
		Use:   "keyway [FILE]",
		Short: "Test authenticated HTTP APIs from the terminal",
		Long: `keyway explores, replays and explains authenticated HTTP APIs.

Open a collection in the terminal UI (default: keyway.toml in this folder),
replay it headlessly with 'keyway run', or walk an authentication flow step
by step with 'keyway flow'. New here? Try 'keyway demo'.`,
		Args:          cobra.MaximumNArgs(1),
		Version:       binaryVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
		// What `keyway FILE` suggests when FILE does not exist and reads
		// like a mistyped command (noCollectionError).
		SuggestionsMinimumDistance: 2,
		RunE: func(cmd *cobra.Command, args []string) error {
			return openUI(cmd, args)
		},
	}
	root.SetVersionTemplate(versionTemplate)
	root.SetIn(std.in)
	root.SetOut(std.out)
	root.SetErr(std.err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return invalid(err) })
	root.Flags().String("env", "", "environment to start in")
	root.Flags().StringArray("var", nil, "set a variable, as NAME=VALUE (repeatable)")
	root.AddCommand(
		newRunCommand(std),
		newCheckCommand(std),
		newFlowCommand(std),
		newLoginCommand(std),
		newLogoutCommand(std),
		newSecretCommand(std),
		newDemoCommand(std),
		newImportCommand(std),
		newConfigCommand(std),
	)
	registerNameCompletions(root)
	return root
}

// defaultCollection is what `keyway` opens with no FILE.
const defaultCollection = "keyway.toml"

// collectionArg returns the collection path of args, or the default when
// there is one in the current folder.
func collectionArg(args []string) (string, error) {
	if len(args) > 0 {
		return args[0], nil
	}
	if _, err := os.Stat(defaultCollection); err != nil {
		return "", invalid(fmt.Errorf("no %s in this folder: pass a collection file (keyway FILE), or try the built-in demo with 'keyway demo'", defaultCollection))
	}
	return defaultCollection, nil
}

// checkCollectionExists refuses a FILE of `keyway FILE` that does not
// exist. It is most often a command mistyped or guessed (`keyway version`,
// `keyway help`): the error says so and how to start, rather than quoting
// the open call.
func checkCollectionExists(cmd *cobra.Command, path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return invalid(noCollectionError(cmd, path))
	}
	return nil
}

// noCollectionError says that keyway FILE named no file, suggesting the
// command the word may have meant (cobra's edit-distance suggestions) and
// how to start.
func noCollectionError(cmd *cobra.Command, name string) error {
	var meant string
	if !strings.ContainsAny(name, `/\.`) {
		if s := cmd.Root().SuggestionsFor(name); len(s) > 0 {
			meant = fmt.Sprintf(" Did you mean 'keyway %s'?", s[0])
		}
	}
	return fmt.Errorf("no collection %q: there is no such file.%s Run 'keyway --version' for the version, "+
		"'keyway demo' to try keyway, or 'keyway --help' for the commands", name, meant)
}

package collections

import "github.com/keyway-cli/keyway/authflow"

// SecretSource looks up a stored secret by name. An error with a
// NotFound() bool method reporting true means the name is not stored, and
// the message then says how to add it.
type SecretSource interface {
	Get(name string) (string, error)
}

// Scope is everything references resolve against, lowest precedence first:
// the collection's vars, the chosen environment, Vars (--var), Captures.
type Scope struct {
	Env      string            // chosen environment; "" for none
	Vars     map[string]string // --var
	Captures map[string]string // values captured by earlier requests
	// LookupEnv resolves {{env:NAME}}; nil means os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// Secrets resolves {{secret:NAME}}; nil makes such a reference an error.
	Secrets SecretSource
	// Prompt resolves {{prompt}} / {{prompt:Label}}; nil (headless) makes
	// such a reference an error that names what to set instead.
	Prompt func(label string) (string, error)

	// Interactive marks a caller with no command line to add flags to
	// (the TUI): the hint for a missing variable then says what to do
	// there — send the request that captures it — and not --var.
	Interactive bool

	// NoEnv makes every {{env:…}} and {{secret:…}} reference an error
	// before anything is looked up or sent (keyway run --no-env), for
	// collections that are not trusted with the user's environment.
	NoEnv bool
	// AllowHosts, when not empty, are the only hosts a value read from an
	// environment variable or the secret store may be sent to (keyway run
	// --allow-host); see HostAllowed for the patterns.
	AllowHosts []string
	// CaptureLimits binds captured values to hosts: a value captured from
	// the answer to a request that sent host-bound values (a secret bound
	// to hosts, a value under --allow-host, a bound token) may be one of
	// them, echoed and rewritten past any search, or was bought with them
	// (the session a login returns), so it may go only where they may
	// (Prepared.Limits of the request it was captured from). Prepare
	// refuses a request that would send it elsewhere.
	CaptureLimits map[string][]authflow.HostLimit

	// StatFiles makes Prepare only check and measure the files a body is
	// read from (body_file, multipart files): Request.Body then holds no
	// file bytes, and Prepared.Files still names each file and its size.
	// For a preview, which must not read megabytes on every keystroke.
	StatFiles bool
}

// SecretHosts is implemented by secret sources that bind secrets to hosts,
// as a password manager binds a password to its sites. Hosts returns the
// hosts the named secret may be sent to; none means any host.
type SecretHosts interface {
	Hosts(name string) ([]string, error)
}

// Prepared is a request ready to send: every reference resolved.
type Prepared struct {
	Request authflow.Request
	Profile *authflow.Profile // nil when sent without credentials
	// Secrets lists every secret value that went into Request or Profile,
	// for redaction.
	Secrets []string
	// Limits are the host limits of every bound value the request
	// carries — --allow-host for values from the environment or the secret
	// store, the binding of each stored secret, the limits of the tokens its
	// profile obtains and of the captures it sends — so that what is
	// captured from its response can be bound the same way
	// (Scope.CaptureLimits). Empty when nothing it carries is bound.
	Limits []authflow.HostLimit
	// Files describes a body read from files (body_file or multipart),
	// which is shown by file name and size, never by its bytes; nil for
	// any other body.
	Files *FileBody
}

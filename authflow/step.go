package authflow

import (
	"net/http"
	"time"
)

// StepStatus is where a step of a flow stands.
type StepStatus int

// The states of a step.
const (
	StepPending StepStatus = iota
	StepRunning
	StepDone
	StepFailed
	StepSkipped
)

// Field is one fact a step shows, such as the token type or a JWT claim.
// Secret fields are masked by renderers unless the user reveals them.
type Field struct {
	Label  string
	Value  string
	Secret bool
	// Masked, when set on a Secret field, is what renderers show while
	// secrets are masked, in place of Mask alone: the parts of Value that
	// are not secret, with Mask for the rest ("alice:••••••").
	Masked string
	// At, when set, is the moment Value describes (a token's expiry).
	// Value says how far away it was when the step ran; a renderer that
	// keeps running, as the TUI does, says it by its own clock instead,
	// so that every time on one screen is counted from the same now.
	At time.Time
}

// Step is one stage of an authentication flow, as plain data.
type Step struct {
	Title    string // "Request a token"
	Why      string // what happens and why, in plain words
	RFC      string // the section behind it, e.g. "RFC 6749 §4.3.2"
	Status   StepStatus
	Duration time.Duration
	Fields   []Field
	// Exchange is the HTTP exchange of this step as it crossed the wire;
	// nil when the step sent nothing.
	Exchange *Exchange
	// Err is why the step failed; Hint says what to try next.
	Err  error
	Hint string
}

// Flow is the ordered list of steps of one profile's authentication, ending
// with the user's request.
type Flow struct {
	Profile string
	Type    Type
	Steps   []Step
	// Token is the OAuth2 token the request was sent with; nil for other
	// types or when none was obtained. Its values are secrets.
	Token *Token
	// Secrets are the secret values that arose during the flow (access and
	// refresh tokens), which no profile knew in advance. Renderers mask
	// them along with the profile's: see Redactor.With.
	Secrets []string
	// Warnings say what was unsafe about the exchanges — credentials sent
	// over plain http to another machine — even for an untraced send,
	// whose URL may have been known only when it was built.
	Warnings []Warning
}

// Exchange is one HTTP request and its response, recorded by the transport
// as they really were. Bodies are capped (see RecordedRequest.BodySize).
type Exchange struct {
	Request  RecordedRequest
	Response *RecordedResponse // nil when no response arrived
	Duration time.Duration
	Err      error // transport error, if any
}

// RecordedRequest is a request as sent.
type RecordedRequest struct {
	Method   string
	URL      string
	Proto    string
	Host     string
	Header   http.Header
	Body     []byte // at most the recording cap
	BodySize int64  // the full size
}

// RecordedResponse is a response as received.
type RecordedResponse struct {
	Proto      string
	Status     string
	StatusCode int
	Header     http.Header
	Body       []byte // at most the recording cap, decompressed
	BodySize   int64  // the full size, -1 when unknown
	Truncated  bool
}

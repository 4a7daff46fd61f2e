package report

// ExchangeBodyLimit is how many bytes of each body an exchange keeps for
// the HTML report: enough to read an error response or the start of a
// listing, while a page of a thousand requests stays some megabytes.
const ExchangeBodyLimit = 8 << 10

// Exchange is what a report shows of one request's traffic: the request
// as keyway sent it and the response as it came back, each masked with
// the run's secrets before it was cut to size, so that no part of a secret
// crossing a cut is left (authflow.Redactor.RedactCut).
type Exchange struct {
	Request Message
	// Response is nil when no response arrived.
	Response *Message
	// Credentials names the profile whose credentials were added when the
	// request was sent (they are not in Request.Headers), as "alice-basic
	// (basic)"; empty when the request was sent without any.
	Credentials string
}

// Message is one HTTP message of an exchange.
type Message struct {
	// StartLine is the request's method and URL, or the response's
	// protocol and status, as "HTTP/1.1 200 OK".
	StartLine string
	// Headers are the header fields, sorted by name; at most
	// MaxExchangeHeaders of them, HeadersLeft counting the others.
	Headers     []Header
	HeadersLeft int
	// Body is the start of the body as text, masked then cut; empty when
	// Binary.
	Body string
	// BodySize counts every byte of the body, those not kept too.
	BodySize int64
	// Cut says Body holds less than the whole body.
	Cut bool
	// Binary says the body is not text and is not shown.
	Binary bool
}

// Header is one header field.
type Header struct {
	Name  string
	Value string
}

// MaxExchangeHeaders is how many header fields a Message keeps, and
// MaxHeaderValue how many bytes of each value: a server may send far
// more, and a report is read, not replayed.
const (
	MaxExchangeHeaders = 64
	MaxHeaderValue     = 1 << 10
)

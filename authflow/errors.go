package authflow

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrTimeout is wrapped by errors for a request, or a response body, that
// did not complete within its timeout.
var ErrTimeout = errors.New("timed out")

// ErrTruncatedBody is wrapped by errors for a response whose body ended
// before all of it arrived (the connection closed early).
var ErrTruncatedBody = errors.New("response body ended early")

// describeTransportError turns an error from http.Client.Do into a hint and
// a clear message. The URL in a *url.Error is masked with secrets first,
// since an API key may travel in the query string.
func describeTransportError(cause error, timeout time.Duration, secrets []string) (hint string, err error) {
	red := NewRedactor(secrets...)
	prefix := "sending the request"
	var urlErr *url.Error
	if errors.As(cause, &urlErr) {
		if u, perr := url.Parse(urlErr.URL); perr == nil {
			urlErr.URL = u.Redacted()
		}
		urlErr.URL = red.Redact(urlErr.URL)
		// "GET URL", as the request line says it; url.Error has "Get".
		prefix = strings.ToUpper(urlErr.Op) + " " + urlErr.URL
		cause = urlErr.Err
	}
	var (
		dnsErr    *net.DNSError
		unknownCA x509.UnknownAuthorityError
		wrongHost x509.HostnameError
		invalid   x509.CertificateInvalidError
		verify    *tls.CertificateVerificationError
		notTLS    tls.RecordHeaderError
	)
	switch {
	case errors.Is(cause, context.DeadlineExceeded):
		return "The server accepted the connection but did not answer in time: check it is healthy, or raise this request's timeout.",
			fmt.Errorf("%s: no answer within %s: %w", prefix, timeout, ErrTimeout)
	case errors.Is(cause, context.Canceled):
		return "", fmt.Errorf("%s: cancelled: %w", prefix, cause)
	case errors.Is(cause, syscall.ECONNREFUSED):
		return "Nothing is listening there: check the host and port, and that the server is running.",
			fmt.Errorf("%s: connection refused: %w", prefix, cause)
	case errors.Is(cause, syscall.EHOSTUNREACH), errors.Is(cause, syscall.ENETUNREACH):
		return "The host cannot be reached from here: check the address, your network, VPN or proxy (HTTPS_PROXY, NO_PROXY).",
			fmt.Errorf("%s: host unreachable: %w", prefix, cause)
	case errors.As(cause, &dnsErr):
		return "The host name could not be resolved: check its spelling and your DNS.",
			fmt.Errorf("%s: %w", prefix, cause)
	case errors.As(cause, &unknownCA), errors.As(cause, &wrongHost), errors.As(cause, &invalid), errors.As(cause, &verify):
		return "The server's certificate is self-signed, expired, for another host or from an unknown CA. " +
				"If your organisation runs its own CA, add its certificate to the system trust store " +
				"(or point SSL_CERT_FILE at it), or name it with ca_file = \"PATH\" on the profile or request; " +
				"for a local test server only, set insecure = true.",
			fmt.Errorf("%s: TLS certificate not trusted (name its CA with ca_file = \"PATH\" on the profile or request, or set insecure = true for a local test server): %w", prefix, cause)
	case errors.As(cause, &notTLS):
		return "The server does not speak TLS there: try http:// instead of https://.",
			fmt.Errorf("%s: %w", prefix, cause)
	case errors.Is(cause, io.EOF), errors.Is(cause, io.ErrUnexpectedEOF), errors.Is(cause, syscall.ECONNRESET):
		return "The server dropped the request: check its logs, or whether it expects https.",
			fmt.Errorf("%s: the server closed the connection without answering: %w", prefix, cause)
	}
	return "", fmt.Errorf("%s: %w", prefix, cause)
}

// describeBodyError explains a response body that could not be read to
// its end; got is how many bytes arrived, announced the Content-Length
// (-1 when unknown).
func describeBodyError(cause error, got, announced int64, timeout time.Duration) (hint string, err error) {
	const closed = "The connection closed before the whole body arrived: check the server's logs."
	switch {
	case errors.Is(cause, context.DeadlineExceeded):
		return "The server stopped sending, or sends an endless stream: raise the timeout or check the server.",
			fmt.Errorf("response body incomplete after %s (%d bytes received): %w", timeout, got, ErrTimeout)
	case errors.Is(cause, io.ErrUnexpectedEOF) && announced > 0:
		return closed, fmt.Errorf("%w after %d of %d bytes", ErrTruncatedBody, got, announced)
	case errors.Is(cause, io.ErrUnexpectedEOF):
		return closed, fmt.Errorf("%w after %d bytes", ErrTruncatedBody, got)
	}
	return "", fmt.Errorf("reading the response body (%d bytes received): %w", got, cause)
}

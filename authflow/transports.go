package authflow

import (
	"crypto/tls"
	"net/http"
	"sync"
)

// maxIdleConnsPerHost is how many idle keep-alive connections the default
// transport keeps per host. Go's default of 2 makes a run with
// --concurrency 8 close six connections after every round and dial them
// again; 64 covers any concurrency a user is likely to ask for, and idle
// connections still close after the transport's IdleConnTimeout.
const maxIdleConnsPerHost = 64

// defaultTransport is shared by every client that sets no Transport, so
// that connections are reused across sends.
var defaultTransport = sync.OnceValue(func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	t.MaxIdleConns = max(t.MaxIdleConns, maxIdleConnsPerHost)
	return t
})

// insecureTransports holds, per base transport, its clone with TLS
// verification off. A separate clone keeps verification on for every
// other request sharing the base.
var insecureTransports sync.Map // *http.Transport → *http.Transport

// baseTransport returns the transport to wrap: the client's (or the
// default) one, or its insecure clone when insecure is set.
func (c *Client) baseTransport(insecure bool) (http.RoundTripper, error) {
	base := c.Transport
	if base == nil {
		base = defaultTransport()
	}
	if !insecure {
		return base, nil
	}
	t, ok := base.(*http.Transport)
	if !ok {
		return nil, errNoTransport
	}
	if clone, ok := insecureTransports.Load(t); ok {
		return clone.(*http.Transport), nil
	}
	clone := t.Clone()
	if clone.TLSClientConfig == nil {
		clone.TLSClientConfig = &tls.Config{}
	}
	// The user asked for this with insecure = true, and the UI shows it.
	clone.TLSClientConfig.InsecureSkipVerify = true
	actual, _ := insecureTransports.LoadOrStore(t, clone)
	return actual.(*http.Transport), nil
}

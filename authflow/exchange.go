package authflow

import (
	"context"
	"errors"
	"io"
	"net/http"
)

// exchange sends one request keyway built to the authorization server
// (discovery, revocation, introspection) and returns it as recorded: with
// the profile's TLS settings, within the client's timeout, following no
// redirect (the request may carry client credentials) and never retried.
// The body is read to its end (the recording keeps at most RecordLimit
// bytes) and the connection released.
func (r *sendRun) exchange(ctx context.Context, req *http.Request) (*Exchange, error) {
	base, err := r.client.transportFor(tlsSettings{insecure: r.profile.Insecure, files: r.profile.TLS})
	if err != nil {
		return nil, err
	}
	var ex *Exchange
	hooks := &exchangeHooks{done: func(e *Exchange) { ex = e }}
	client := &http.Client{
		Transport:     &recordingTransport{base: base},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	ctx, cancel := context.WithTimeout(ctx, r.client.timeout(0))
	defer cancel()
	resp, err := client.Do(req.WithContext(withExchangeHooks(ctx, hooks)))
	if err != nil {
		return ex, err
	}
	_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, RecordLimit+1))
	resp.Body.Close()
	if ex == nil {
		return nil, errors.Join(err, errors.New("no exchange was recorded"))
	}
	if ex.Err != nil {
		return ex, ex.Err
	}
	return ex, nil
}

// exchangeError is why an exchange has no usable response: the library's
// error, else the one the recording transport kept, else that nothing was
// recorded at all.
func exchangeError(ex *Exchange, libErr error) error {
	if libErr == nil && ex != nil {
		libErr = ex.Err
	}
	if libErr == nil {
		libErr = errors.New("no response was recorded")
	}
	return libErr
}

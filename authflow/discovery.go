package authflow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Metadata is what keyway reads of an authorization server's metadata
// document (RFC 8414 §2; OpenID Connect Discovery 1.0 §3): its issuer
// and the endpoints a profile may leave out.
type Metadata struct {
	Issuer                      string `json:"issuer"`
	AuthorizationEndpoint       string `json:"authorization_endpoint"`
	TokenEndpoint               string `json:"token_endpoint"`
	DeviceAuthorizationEndpoint string `json:"device_authorization_endpoint"` // RFC 8628 §4
	RevocationEndpoint          string `json:"revocation_endpoint"`           // RFC 7009 / RFC 8414 §2
	IntrospectionEndpoint       string `json:"introspection_endpoint"`        // RFC 7662 / RFC 8414 §2
	// Source is the URL the document was read from.
	Source string `json:"-"`
}

// metadataPaths are the well-known paths tried, in order: OpenID Connect
// Discovery's, then RFC 8414's.
var metadataPaths = []string{"openid-configuration", "oauth-authorization-server"}

// metadataURL is where the document named by well-known lives for issuer.
// OpenID Connect Discovery 1.0 §4.1 appends /.well-known/openid-configuration
// to the issuer; RFC 8414 §3.1 inserts /.well-known/oauth-authorization-server
// between the host and the issuer's path (the same URL for an issuer
// without a path).
func metadataURL(issuer, wellKnown string) (string, error) {
	u, err := ParseURL(issuer)
	if err != nil {
		return "", errors.New("issuer is not an http:// or https:// URL")
	}
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	if wellKnown == "openid-configuration" {
		return strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration", nil
	}
	return u.Scheme + "://" + u.Host + "/.well-known/" + wellKnown + path, nil
}

// ParseMetadata reads an authorization server metadata document: a JSON
// object whose issuer must be want exactly (RFC 8414 §3.3, OpenID Connect
// Discovery 1.0 §4.3: a document for another issuer may be an
// impersonation attempt), and whose endpoints, where present, must be
// http:// or https:// URLs. Errors say what is wrong without quoting more
// of the document than a short, printable excerpt of a value.
func ParseMetadata(body []byte, want string) (*Metadata, error) {
	body = trimBOM(bytes.TrimSpace(body))
	if len(body) == 0 {
		return nil, errors.New("the metadata document is empty")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		return nil, errors.New("the metadata document is not a JSON object (RFC 8414 §3.2)")
	}
	var m Metadata
	fields := []struct {
		name string
		into *string
	}{
		{"issuer", &m.Issuer}, {"authorization_endpoint", &m.AuthorizationEndpoint}, {"token_endpoint", &m.TokenEndpoint},
		{"device_authorization_endpoint", &m.DeviceAuthorizationEndpoint}, {"revocation_endpoint", &m.RevocationEndpoint},
		{"introspection_endpoint", &m.IntrospectionEndpoint},
	}
	for _, f := range fields {
		v, ok := raw[f.name]
		if !ok || string(v) == "null" {
			continue
		}
		if err := json.Unmarshal(v, f.into); err != nil {
			return nil, fmt.Errorf("the metadata document's %s is not a string", f.name)
		}
		if f.name == "issuer" {
			continue
		}
		// url.Parse refuses control characters (and ParseURL with it).
		if CheckURL(*f.into) != nil {
			return nil, fmt.Errorf("the metadata document's %s %q is not an http:// or https:// URL", f.name, shortText(Printable(*f.into), 80))
		}
	}
	switch {
	case m.Issuer == "":
		return nil, errors.New("the metadata document has no issuer (RFC 8414 §2 requires one)")
	case m.Issuer != want:
		return nil, fmt.Errorf("the metadata document is for issuer %q, not %q as configured; RFC 8414 §3.3 requires them to be identical (check issuer, including a trailing slash)",
			shortText(Printable(m.Issuer), 80), shortText(Printable(want), 80))
	}
	return &m, nil
}

// discovered caches metadata per issuer for the life of the process: the
// document changes rarely, and a run of a thousand requests should read
// it once. Only documents that were read and checked are kept.
var discovered = struct {
	sync.Mutex
	docs   map[string]*Metadata
	flight singleflight.Group
}{docs: map[string]*Metadata{}}

// needsDiscovery reports whether the profile leaves out an endpoint that
// the grant needs and that its issuer can give.
func (p *Profile) needsDiscovery() bool {
	if p.Issuer == "" {
		return false
	}
	switch {
	case p.TokenURL == "":
		return true
	case p.Type == TypeOAuth2AuthorizationCode:
		return p.AuthorizeURL == ""
	case p.Type == TypeOAuth2DeviceCode:
		return p.DeviceAuthorizationURL == ""
	}
	return false
}

// discover fills the endpoints the profile leaves out from its issuer's
// metadata, read once per process (a step shows the document and where
// it came from, or that it was read earlier). r.profile becomes a copy
// with the endpoints filled in.
func (r *sendRun) discover(ctx context.Context) error {
	p := r.profile
	discovered.Lock()
	m := discovered.docs[p.Issuer]
	discovered.Unlock()
	if m != nil {
		r.rec.note(Step{
			Title:  "Use the discovered endpoints",
			Why:    "The issuer's metadata document was read earlier in this session: its endpoints fill the ones the profile leaves out.",
			RFC:    "RFC 8414 §3",
			Fields: r.fillEndpoints(m),
		})
		return r.checkDiscoveredHost()
	}
	// Sends that need the same issuer's document at once share one read:
	// the one that leads records its steps, the others a step saying
	// they waited for it.
	led := false
	v, err, _ := discovered.flight.Do(p.Issuer, func() (any, error) {
		led = true
		m, err := r.fetchMetadata(context.WithoutCancel(ctx))
		if err == nil {
			discovered.Lock()
			discovered.docs[p.Issuer] = m
			discovered.Unlock()
		}
		return m, err
	})
	if !led {
		i := r.rec.begin(Step{
			Title: "Wait for the discovery in flight",
			Why:   "Another request was reading the issuer's metadata document at the same time: one read serves both.",
			RFC:   "RFC 8414 §3",
		})
		if err != nil {
			r.rec.fail(i, err, "See the flow of the request that read the document.")
			return err
		}
		fields := r.fillEndpoints(v.(*Metadata))
		r.rec.end(i, func(s *Step) { s.Fields = fields })
		return r.checkDiscoveredHost()
	}
	if err != nil {
		return err
	}
	fields := r.fillEndpoints(v.(*Metadata))
	if r.rec.on() && len(r.flow.Steps) > 0 {
		last := &r.flow.Steps[len(r.flow.Steps)-1]
		last.Fields = append(last.Fields, fields...)
	}
	return r.checkDiscoveredHost()
}

// fetchMetadata reads the issuer's metadata: OpenID Connect Discovery's
// document, then RFC 8414's when the first is not there. Each attempt is
// a step with its bytes.
func (r *sendRun) fetchMetadata(ctx context.Context) (*Metadata, error) {
	issuer := r.profile.Issuer
	var lastErr error
	for n, wellKnown := range metadataPaths {
		target, err := metadataURL(issuer, wellKnown)
		if err != nil {
			return nil, err
		}
		why := "The profile names an issuer and leaves endpoints out: keyway reads the issuer's metadata document, " +
			"a JSON object listing its endpoints, and checks that the document's issuer is the one configured."
		if n > 0 {
			why = "There was no OpenID Connect discovery document; RFC 8414 puts the OAuth 2.0 metadata document at this address."
		}
		i := r.rec.begin(Step{
			Title:  "Discover the server's endpoints",
			Why:    why,
			RFC:    "RFC 8414 §3; OpenID Connect Discovery 1.0 §4",
			Fields: []Field{{Label: "metadata", Value: "GET " + target}},
		})
		req, err := http.NewRequest(http.MethodGet, target, nil)
		if err != nil {
			r.rec.fail(i, err, "Check issuer.")
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		ex, err := r.exchange(ctx, req)
		if i != noStep {
			r.flow.Steps[i].Exchange = ex
		}
		if err != nil {
			hint, err := describeTransportError(err, r.client.timeout(0), r.secrets())
			r.rec.fail(i, err, hint)
			return nil, err
		}
		status := ex.Response.StatusCode
		if (status == http.StatusNotFound || status == http.StatusGone) && n+1 < len(metadataPaths) {
			lastErr = fmt.Errorf("%s answered %d", target, status)
			r.rec.fail(i, lastErr, "keyway tries the next well-known address.")
			continue
		}
		var m *Metadata
		switch {
		case status != http.StatusOK:
			err = fmt.Errorf("discovery: %s answered %s, not 200 with a metadata document (RFC 8414 §3.2)", target, ex.Response.Status)
		case ex.Response.Truncated:
			err = fmt.Errorf("discovery: %s sent a document larger than %d bytes", target, RecordLimit)
		default:
			m, err = ParseMetadata(ex.Response.Body, issuer)
			if err != nil {
				err = fmt.Errorf("discovery: %s: %w", target, err)
			}
		}
		if err != nil {
			r.rec.fail(i, err, "Check issuer: it must be the server's issuer identifier exactly, or give the endpoints (token_url, …) instead.")
			return nil, err
		}
		m.Source = target
		r.rec.end(i, func(s *Step) {
			s.Fields = append(s.Fields, Field{Label: "issuer", Value: m.Issuer + " (as configured)"})
		})
		return m, nil
	}
	return nil, lastErr
}

// fillEndpoints copies the profile, fills the endpoints it leaves out
// from m, and returns fields saying which came from where.
func (r *sendRun) fillEndpoints(m *Metadata) []Field {
	p := *r.profile
	var fields []Field
	for _, e := range []struct {
		label string
		into  *string
		from  string
	}{
		{"token_url", &p.TokenURL, m.TokenEndpoint},
		{"authorize_url", &p.AuthorizeURL, m.AuthorizationEndpoint},
		{"device_authorization_url", &p.DeviceAuthorizationURL, m.DeviceAuthorizationEndpoint},
		{"revocation_url", &p.RevocationURL, m.RevocationEndpoint},
		{"introspection_url", &p.IntrospectionURL, m.IntrospectionEndpoint},
	} {
		switch {
		case *e.into != "":
			fields = append(fields, Field{Label: e.label, Value: *e.into + " (from the profile)"})
		case e.from != "":
			*e.into = e.from
			fields = append(fields, Field{Label: e.label, Value: e.from + " (discovered)"})
		}
	}
	r.profile = &p
	return fields
}

// checkDiscoveredHost refuses a discovered token endpoint the
// credentials may not go to: the profile's limits bind its credentials
// (and so its tokens) to hosts, and a metadata document must not widen
// them.
func (r *sendRun) checkDiscoveredHost() error {
	p := r.profile
	if err := checkLimits(p.Name, "client credentials", hostOf(p.TokenURL), p.TokenLimits); p.TokenURL != "" && err != nil {
		r.rec.fail(r.rec.begin(Step{Title: "Check the discovered endpoints", Why: whyTokenHosts, RFC: "RFC 8414 §3"}), err, tokenHostHint)
		return err
	}
	return nil
}

// checkGrantEndpoints reports an endpoint the grant needs that neither
// the profile nor the discovered metadata gives.
func (r *sendRun) checkGrantEndpoints() error {
	p := r.profile
	var missing string
	switch {
	case p.TokenURL == "":
		missing = "token_endpoint"
	case p.Type == TypeOAuth2AuthorizationCode && p.AuthorizeURL == "":
		missing = "authorization_endpoint"
	case p.Type == TypeOAuth2DeviceCode && p.DeviceAuthorizationURL == "":
		missing = "device_authorization_endpoint"
	}
	if missing != "" {
		err := fmt.Errorf("discovery: the issuer's metadata has no %s; give it in the profile", missing)
		r.rec.fail(r.rec.begin(Step{Title: "Check the discovered endpoints", RFC: "RFC 8414 §2"}), err, "Add the endpoint to the profile.")
		return err
	}
	return nil
}

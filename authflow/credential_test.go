package authflow

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestCredentialIsWhatSendPuts: Profile.Credential, the description a
// curl export reads, names exactly the header, query parameter or cookie
// the send puts on the wire, with the same bytes.
func TestCredentialIsWhatSendPuts(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Clone(context.Background()) }))
	defer srv.Close()
	for _, p := range []*Profile{
		{Name: "b", Type: TypeBasic, Username: "alice", Password: "pä:ss word"},
		{Name: "t", Type: TypeBearer, Token: "tok.en"},
		{Name: "h", Type: TypeAPIKey, KeyName: "X-API-Key", KeyValue: "k1"},
		{Name: "q", Type: TypeAPIKey, In: InQuery, KeyName: "api key", KeyValue: "k&2 ="},
		{Name: "c", Type: TypeAPIKey, In: InCookie, KeyName: "session", KeyValue: "k3"},
	} {
		got = nil
		req := Request{URL: srv.URL + "/x?a=1", Header: http.Header{"Cookie": {"first=1"}}}
		if _, _, err := NewClient().Send(context.Background(), p, req, SendOptions{}); err != nil || got == nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		c, ok := p.Credential("")
		if !ok {
			t.Fatalf("%s: no credential", p.Name)
		}
		switch c.In {
		case InQuery:
			if got.URL.Query().Get(c.Name) != c.Value || got.URL.Query().Get("a") != "1" {
				t.Errorf("%s: query %q, credential %+v", p.Name, got.URL.RawQuery, c)
			}
		case InCookie:
			if cookie, err := got.Cookie(c.Name); err != nil || cookie.Value != c.Value || got.Header.Get("Cookie") != "first=1; "+c.Name+"="+c.Value {
				t.Errorf("%s: Cookie %q, credential %+v", p.Name, got.Header.Get("Cookie"), c)
			}
		default:
			if got.Header.Get(c.Name) != c.Value {
				t.Errorf("%s: %s: %q, credential %+v", p.Name, c.Name, got.Header.Get(c.Name), c)
			}
		}
		if p.Type == TypeBasic {
			if user, password, ok := got.BasicAuth(); !ok || user != c.Username || password != c.Password || c.Scheme != "Basic" {
				t.Errorf("Basic: sent %q %q, credential %+v", user, password, c)
			}
		}
	}
	for _, p := range []*Profile{{Type: TypeNone}, {}} {
		if c, ok := p.Credential("x"); ok {
			t.Errorf("type %q has a credential %+v", p.Type, c)
		}
	}
	if c, _ := (&Profile{Type: TypeOAuth2ClientCredentials}).Credential("at"); c.Name != "Authorization" || c.Value != "Bearer at" {
		t.Errorf("an OAuth2 profile's access token goes as %+v, want Authorization: Bearer at (RFC 6750 §2.1)", c)
	}
}

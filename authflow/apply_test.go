package authflow

import (
	"net/http"
	"strings"
	"testing"
)

func TestBasicHeaderBytes(t *testing.T) {
	srv := newRecordingServer(t, jsonHandler(200, `{}`))
	c := NewClient()
	// RFC 7617 §2.1's own example uses UTF-8: "test" / "123£".
	p := &Profile{Name: "b", Type: TypeBasic, Username: "test", Password: "123£"}
	_, flow, err := send(t, c, p, Request{URL: srv.URL + "/me"})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.got()[0].Header.Get("Authorization")
	if want := "Basic dGVzdDoxMjPCow=="; got != want {
		t.Errorf("Authorization = %q, want %q", got, want)
	}
	if titles := strings.Join(stepTitles(flow), "|"); titles != "Encode the credentials|Send the request" {
		t.Errorf("steps = %s", titles)
	}
	encode := flow.Steps[0]
	if encode.RFC != "RFC 7617 §2" || encode.Status != StepDone {
		t.Errorf("encode step = %+v", encode)
	}
	var secret Field
	for _, f := range encode.Fields {
		if f.Secret {
			secret = f
		}
	}
	if secret.Value != "dGVzdDoxMjPCow==" {
		t.Errorf("secret field = %+v", secret)
	}
	final := lastStep(flow)
	if final.Exchange == nil || final.Exchange.Response == nil || final.Exchange.Response.StatusCode != 200 {
		t.Fatalf("final step exchange = %+v", final.Exchange)
	}
}

func TestBearerAndAPIKeyPlacement(t *testing.T) {
	tests := []struct {
		name    string
		profile Profile
		header  http.Header // request headers the caller sets
		check   func(t *testing.T, r received)
	}{
		{"bearer", Profile{Type: TypeBearer, Token: "tok-123"}, nil, func(t *testing.T, r received) {
			if got := r.Header.Get("Authorization"); got != "Bearer tok-123" {
				t.Errorf("Authorization = %q", got)
			}
		}},
		{"apikey header", Profile{Type: TypeAPIKey, In: InHeader, KeyName: "X-API-Key", KeyValue: "k-456"}, nil, func(t *testing.T, r received) {
			if got := r.Header.Values("X-Api-Key"); len(got) != 1 || got[0] != "k-456" {
				t.Errorf("X-API-Key = %q", got)
			}
		}},
		{"apikey query", Profile{Type: TypeAPIKey, In: InQuery, KeyName: "api_key", KeyValue: "k 456&x"}, nil, func(t *testing.T, r received) {
			if r.URL != "/p?a=1&api_key=k+456%26x" {
				t.Errorf("URL = %q", r.URL)
			}
		}},
		{"apikey cookie", Profile{Type: TypeAPIKey, In: InCookie, KeyName: "session", KeyValue: "k-789"}, http.Header{"Cookie": {"theme=dark"}}, func(t *testing.T, r received) {
			if got := r.Header.Get("Cookie"); got != "theme=dark; session=k-789" {
				t.Errorf("Cookie = %q", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecordingServer(t, jsonHandler(200, `{}`))
			header := tt.header.Clone()
			_, _, err := send(t, NewClient(), &tt.profile, Request{URL: srv.URL + "/p?a=1", Header: header})
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, srv.got()[0])
			if !equalHeader(header, tt.header) {
				t.Errorf("caller's header changed: %v", header)
			}
		})
	}
}

func equalHeader(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if strings.Join(v, "\x00") != strings.Join(b[k], "\x00") {
			return false
		}
	}
	return true
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		profile Profile
		field   string // "" = valid
		want    string // in the message
	}{
		{"none", Profile{Type: TypeNone}, "", ""},
		{"unknown type", Profile{Type: "digest"}, "type", "allowed: none, basic, bearer, apikey, oauth2-password"},
		{"basic ok", Profile{Type: TypeBasic, Username: "a", Password: "b"}, "", ""},
		{"basic colon", Profile{Type: TypeBasic, Username: "a:b", Password: "c"}, "username", "RFC 7617"},
		{"basic no user", Profile{Type: TypeBasic, Password: "c"}, "username", "required"},
		{"basic CRLF password", Profile{Type: TypeBasic, Username: "a", Password: "SECRET\r\nX: y"}, "password", "control character"},
		{"bearer missing", Profile{Type: TypeBearer}, "token", "required"},
		{"bearer LF", Profile{Type: TypeBearer, Token: "SECRET\nX"}, "token", "control character"},
		{"apikey bad in", Profile{Type: TypeAPIKey, In: "body", KeyName: "k", KeyValue: "v"}, "in", "allowed: header, query, cookie"},
		{"apikey bad header name", Profile{Type: TypeAPIKey, In: InHeader, KeyName: "X Key", KeyValue: "v"}, "name", "header name"},
		{"apikey bad cookie", Profile{Type: TypeAPIKey, In: InCookie, KeyName: "k", KeyValue: "SECRET;x"}, "value", "cookie"},
		{"apikey default in", Profile{Type: TypeAPIKey, KeyName: "X-Key", KeyValue: "v"}, "", ""},
		{"oauth2 ok", Profile{Type: TypeOAuth2Password, TokenURL: "https://a/t", Username: "u", Password: "p"}, "", ""},
		{"oauth2 bad url", Profile{Type: TypeOAuth2Password, TokenURL: "ftp://a/t", Username: "u"}, "token_url", "http"},
		{"oauth2 bad auth", Profile{Type: TypeOAuth2Password, TokenURL: "https://a/t", Username: "u", ClientID: "c", ClientAuth: "jwt"}, "client_auth", "allowed: basic, basic-unencoded, body"},
		{"oauth2 secret without id", Profile{Type: TypeOAuth2Password, TokenURL: "https://a/t", Username: "u", ClientSecret: "SECRET"}, "client_secret", "client_id"},
		{"oauth2 bad scope", Profile{Type: TypeOAuth2Password, TokenURL: "https://a/t", Username: "u", Scopes: []string{"a b"}}, "scopes", "RFC 6749 §3.3"},
		{"oauth2 CR secret", Profile{Type: TypeOAuth2Password, TokenURL: "https://a/t", Username: "u", ClientID: "c", ClientSecret: "SECRET\r"}, "client_secret", "control"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.profile.Name = "p"
			err := tt.profile.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			fe, ok := err.(*FieldError)
			if !ok {
				t.Fatalf("Validate() = %v, want *FieldError", err)
			}
			if fe.Field != tt.field || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v (field %q), want field %q and %q", err, fe.Field, tt.field, tt.want)
			}
			if strings.Contains(err.Error(), "SECRET") || !strings.HasPrefix(err.Error(), `profile "p": `) {
				t.Errorf("message %q echoes the value or does not name the profile", err)
			}
		})
	}
}

func TestSendRejectsBadRequests(t *testing.T) {
	tests := []struct {
		name string
		req  Request
		want string
	}{
		{"scheme", Request{URL: "file:///etc/passwd"}, `scheme "file"`},
		{"no host", Request{URL: "http:///x"}, "no host"},
		{"CRLF header", Request{URL: "http://127.0.0.1:1/", Header: http.Header{"X-A": {"SECRET\r\nX-B: c"}}}, "header X-A"},
		{"method", Request{Method: "GE T", URL: "http://127.0.0.1:1/"}, "method"},
		{"space in query", Request{URL: "http://127.0.0.1:1/?k=SECRET HTTP/1.0"}, "the URL's query holds a space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, flow, err := send(t, NewClient(), nil, tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "SECRET") {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.want)
			}
			if s := lastStep(flow); s.Status != StepFailed || s.Err == nil {
				t.Errorf("last step = %+v", s)
			}
		})
	}
}

package importer

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/run"
)

// received is a request as the server saw it.
type received struct {
	Method, Path, Query, Auth, ContentType, Accept, Debug, Body string
}

// recordingServer answers every request (201 to POST /notes, 200 to the
// rest) and records it.
func recordingServer(t *testing.T) (*httptest.Server, func() map[string]received) {
	var mu sync.Mutex
	got := map[string]received{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got[r.Method+" "+r.URL.Path] = received{
			Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			Auth: r.Header.Get("Authorization"), ContentType: r.Header.Get("Content-Type"),
			Accept: r.Header.Get("Accept"), Debug: r.Header.Get("X-Debug"), Body: string(body),
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/oauth/token" {
			io.WriteString(w, `{"access_token": "issued-5e4d", "token_type": "Bearer", "expires_in": 3600}`)
			return
		}
		if r.Method == http.MethodPost && r.URL.Path == "/notes" {
			w.WriteHeader(http.StatusCreated)
		}
		io.WriteString(w, `{"id": "42"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, func() map[string]received {
		mu.Lock()
		defer mu.Unlock()
		return got
	}
}

// storeSource serves the secrets an import stored.
type storeSource map[string]string

func (s storeSource) Get(name string) (string, error) {
	if v, ok := s[name]; ok {
		return v, nil
	}
	return "", errors.New("no such secret")
}

func basicAuth(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

// TestPostmanRoundTrip imports the Notes export and its staging
// environment, runs the collection against a server that records what it
// receives, and compares each request with what the export describes:
// method, path, query (disabled parameters left out), headers (disabled
// ones left out), body, and the credentials Postman's inheritance gives it
// (the collection's bearer token, the Admin folder's Basic credentials, no
// credentials for noauth, an API key in the query).
func TestPostmanRoundTrip(t *testing.T) {
	c := importPostmanFiles(t, "notes.postman_collection.json", "staging.postman_environment.json")
	res, stored := write(t, c)
	checkTOML(t, res.TOML)
	// The export's form-data file is the user's, beside the collection.
	dir := t.TempDir()
	receipt := []byte("\x89PNG receipt bytes")
	if err := os.WriteFile(filepath.Join(dir, "receipt.png"), receipt, 0o600); err != nil {
		t.Fatal(err)
	}
	coll, err := collections.Parse(filepath.Join(dir, "import.toml"), res.TOML)
	if err != nil {
		t.Fatal(err)
	}
	srv, got := recordingServer(t)

	rep, err := run.Run(context.Background(), coll, run.Options{Scope: collections.Scope{
		Env:     "notes-staging",
		Vars:    map[string]string{"baseUrl": srv.URL},
		Secrets: storeSource(stored),
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if !r.Passed {
			t.Errorf("request %q failed: %s %v", r.Name, r.Error, r.Assertions)
		}
	}

	bearer := "Bearer tok-staging-9f8e7d" // the environment's access_token
	want := map[string]received{
		"GET /notes":                 {Query: "limit=10&q=caf%C3%A9+bar", Auth: bearer, Accept: "application/json"},
		"POST /notes":                {Auth: bearer, ContentType: "application/json", Body: "{\n    \"id\": \"6f1c3d2a-8b7e-4c5d-9a0b-1e2f3a4b5c6d\",\n    \"title\": \"Groceries\",\n    \"tags\": [\"home\"]\n}"},
		"GET /notes/42":              {Auth: bearer},
		"POST /notes/42/attachments": {Auth: bearer},
		"GET /admin/users":           {Auth: basicAuth("admin", "staging-admin-Pa55")},
		"POST /login":                {ContentType: "application/x-www-form-urlencoded", Body: "username=admin&remember=yes+please"},
		"GET /health":                {},
		"GET /search":                {Query: "term=milk&api_key=k-5f2a9c1e7b"},
		// The client credentials grant: a token, then the request.
		"GET /reports":      {Auth: "Bearer issued-5e4d"},
		"POST /oauth/token": {Auth: basicAuth("reports-svc", "cs-9d8e7f6a5b4c"), ContentType: "application/x-www-form-urlencoded", Body: "grant_type=client_credentials&scope=reports%3Aread"},
	}
	all := got()
	for key, w := range want {
		g, ok := all[key]
		if !ok {
			t.Errorf("%s was not received", key)
			continue
		}
		method, path, _ := strings.Cut(key, " ")
		w.Method, w.Path = method, path
		if key == "POST /notes/42/attachments" {
			// A multipart body's boundary is random: the parts are
			// compared, then left out of the exact comparison.
			if !strings.HasPrefix(g.ContentType, "multipart/form-data; boundary=") ||
				!strings.Contains(g.Body, `name="file"; filename="receipt.png"`) || !strings.Contains(g.Body, "name=\"caption\"\r\n\r\nreceipt\r\n") || !strings.Contains(g.Body, string(receipt)) {
				t.Errorf("%s: the form-data file was not sent: %q\n%s", key, g.ContentType, g.Body)
			}
			g.Body, g.ContentType = "", ""
		}
		if g != w {
			t.Errorf("%s:\n got %+v\nwant %+v", key, g, w)
		}
	}
	if len(all) != len(want) {
		t.Errorf("the server received %d requests, want %d", len(all), len(want))
	}
}

package run

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
)

const exchangeTOML = `
name = "Exchanges"
version = 1

[profile.key]
type = "apikey"
in = "header"
name = "X-API-Key"
value = "{{env:KEY}}"

[[request]]
name = "Create"
method = "POST"
url = "{{base_url}}/items?q=1"
profile = "key"
headers = { Accept = "application/json" }
json = { name = "alice" }

[[request]]
name = "Long"
url = "{{base_url}}/long"

[[request]]
name = "Binary"
url = "{{base_url}}/binary"

[[request]]
name = "Dead"
url = "{{dead}}/x"
`

func exchangeServer(t *testing.T) string {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/items":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Add("Set-Cookie", "a=1")
			w.Header().Add("Set-Cookie", "b=2")
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"id":7,"name":"alice"}`)
		case "/long":
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, strings.Repeat("x", 100))
		case "/binary":
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write([]byte{0x89, 'P', 'N', 'G', 0, 1, 2})
		}
	})
	return srv.URL
}

func exchangeOptions(base, dead string, keep int) Options {
	opts := options(base)
	opts.Scope.Vars["dead"] = dead
	opts.Scope.LookupEnv = func(name string) (string, bool) { return "key-value-0123", name == "KEY" }
	opts.Untraced = true
	opts.KeepExchange = keep
	return opts
}

// TestKeepExchange checks the exchange a run keeps for the HTML report:
// the request as resolved with the profile named, the response with its
// headers sorted, a JSON body indented, a long body cut, a binary one not
// shown, and no response for a dead server.
func TestKeepExchange(t *testing.T) {
	base, dead := exchangeServer(t), refusedURL(t)
	rep := mustRun(t, context.Background(), parse(t, exchangeTOML), exchangeOptions(base, dead, 40))

	create := rep.Results[0].Exchange
	if create == nil {
		t.Fatal("no exchange kept")
	}
	wantRequest := report.Message{
		StartLine: "POST " + base + "/items?q=1",
		Headers:   []report.Header{{Name: "Accept", Value: "application/json"}, {Name: "Content-Type", Value: "application/json"}},
		Body:      "{\n  \"name\": \"alice\"\n}",
		BodySize:  16,
	}
	if !reflect.DeepEqual(create.Request, wantRequest) {
		t.Errorf("request\n%+v\nwant\n%+v", create.Request, wantRequest)
	}
	if create.Credentials != "key (apikey)" {
		t.Errorf("credentials %q", create.Credentials)
	}
	resp := create.Response
	if resp == nil || resp.StartLine != "HTTP/1.1 201 Created" || resp.Body != "{\n  \"id\": 7,\n  \"name\": \"alice\"\n}" ||
		resp.BodySize != 23 || resp.Cut || resp.Binary {
		t.Fatalf("response %+v", resp)
	}
	var names []string
	for _, h := range resp.Headers {
		names = append(names, h.Name+": "+h.Value)
	}
	if got := strings.Join(names, "|"); got != "Content-Length: 23|Content-Type: application/json|Date: "+resp.Headers[2].Value+"|Set-Cookie: a=1|Set-Cookie: b=2" {
		t.Errorf("response headers %s", got)
	}

	long := rep.Results[1].Exchange.Response
	if long.Body != strings.Repeat("x", 40)+authflow.CutMark || !long.Cut || long.BodySize != 100 {
		t.Errorf("long body kept as %q (cut %v, size %d)", long.Body, long.Cut, long.BodySize)
	}
	binary := rep.Results[2].Exchange.Response
	if !binary.Binary || binary.Body != "" || binary.BodySize != 7 {
		t.Errorf("binary body kept as %+v", binary)
	}
	deadEx := rep.Results[3].Exchange
	if deadEx == nil || deadEx.Response != nil || deadEx.Request.StartLine != "GET "+dead+"/x" {
		t.Errorf("dead server's exchange %+v", deadEx)
	}
}

// TestNoExchangeUnlessAsked checks that a run keeps no exchange when no
// report shows one: `keyway run` without an HTML report holds no bodies.
func TestNoExchangeUnlessAsked(t *testing.T) {
	rep := mustRun(t, context.Background(), parse(t, exchangeTOML), exchangeOptions(exchangeServer(t), refusedURL(t), 0))
	for _, res := range rep.Results {
		if res.Exchange != nil {
			t.Errorf("%s kept an exchange", res.Name)
		}
	}
}

// TestStartedOffsets checks where results sit on the run's time line: a
// sequential run's requests one after another, each within the run, and a
// request that could not be sent placed too.
func TestStartedOffsets(t *testing.T) {
	rep := mustRun(t, context.Background(), parse(t, exchangeTOML), exchangeOptions(exchangeServer(t), refusedURL(t), 0))
	end := time.Duration(0)
	for i, res := range rep.Results {
		if res.StartedOffset < 0 || (i > 0 && res.StartedOffset < end) {
			t.Errorf("%s starts at %v, before the previous request ended (%v)", res.Name, res.StartedOffset, end)
		}
		end = res.StartedOffset + res.Duration
		if res.StartedOffset+res.Duration > rep.Duration {
			t.Errorf("%s ends at %v, after the run (%v)", res.Name, res.StartedOffset+res.Duration, rep.Duration)
		}
		if res.StartedOffsetMS != res.StartedOffset.Milliseconds() {
			t.Errorf("%s: StartedOffsetMS %d for %v", res.Name, res.StartedOffsetMS, res.StartedOffset)
		}
	}
	if rep.Results[len(rep.Results)-1].StartedOffset == 0 {
		t.Error("the last request starts with the run")
	}
}

func TestIsBinary(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"plain", false},
		{"caf\xc3", false}, // é cut after its first byte
		{"\xf0\x9f\x98", false},
		{"a\x00b", true},
		{"\xff\xfe\xfd\xfc", true},
		{"\x89PNG", true},
		{"", false},
	} {
		if got := isBinary([]byte(tc.in)); got != tc.want {
			t.Errorf("isBinary(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestKeepExchangeNamesFileBodies checks that a report shows a body read
// from files by the files' names and sizes, never their bytes, and masks a
// secret in a multipart field.
func TestKeepExchangeNamesFileBodies(t *testing.T) {
	base := exchangeServer(t)
	dir := t.TempDir()
	for name, data := range map[string]string{"photo.png": "file-bytes-canary-1", "doc.json": "file-bytes-canary-2"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c, err := collections.Parse(filepath.Join(dir, "files.toml"), []byte(`
[[request]]
name = "Upload"
method = "POST"
url = "{{base_url}}/long"
[request.multipart]
key = "{{env:KEY}}"
photo = { file = "photo.png" }

[[request]]
name = "Doc"
method = "PUT"
url = "{{base_url}}/long"
body_file = "doc.json"
`))
	if err != nil {
		t.Fatal(err)
	}
	rep := mustRun(t, context.Background(), c, exchangeOptions(base, refusedURL(t), 4000))
	want := []string{
		"multipart/form-data:\nkey = " + authflow.Mask + "\nphoto = ‹file photo.png, image/png, 19 bytes›",
		"‹file doc.json, 19 bytes›",
	}
	for i, w := range want {
		ex := rep.Results[i].Exchange
		if ex == nil || ex.Request.Body != w || ex.Request.Binary {
			t.Errorf("%s: request kept as %+v, want body %q", rep.Results[i].Name, ex, w)
		}
	}
}

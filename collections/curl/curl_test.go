package curl

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// Canary secrets: unique strings that must never appear in a command.
const (
	curlCanaryPassword = "kw-canary-password-9f1c"
	curlCanaryToken    = "kw-canary-token-51d2"
	curlCanaryKey      = "kw-canary-apikey-77e0"
	curlCanaryClient   = "kw-canary-client-secret-3b8a"
	curlCanaryStored   = "kw-canary-stored-c4d1"
	curlCanaryAccess   = "kw-canary-access-token-0e6f"
)

// curlFakes replace curl and jq in the shell: curl appends its argument
// count, its arguments (NUL-terminated) and, when it reads the body from
// standard input, that input in hex to $KEYWAY_TEST_OUT; jq prints the
// canary access token.
const curlFakes = `curl() {
	{
		printf '%s\0' "$#"
		for a in "$@"; do printf '%s\0' "$a"; done
		case " $* " in *" @- "*) printf 'stdin\0'; od -An -v -tx1 | tr -d ' \n'; printf '\0' ;; esac
	} >> "$KEYWAY_TEST_OUT"
}
jq() { cat > /dev/null; printf '%s\n' '` + curlCanaryAccess + `'; }
`

// curlRun runs script in shell with env set and returns each curl call's
// arguments (a body read from standard input as a last "stdin:HEX" item).
func curlRun(t *testing.T, shell, script string, env map[string]string) [][]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "calls")
	cmd := exec.Command(shell, "-c", curlFakes+script)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "KEYWAY_TEST_OUT=" + out}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s\nscript:\n%s", shell, err, msg, script)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Split(strings.TrimSuffix(string(raw), "\x00"), "\x00")
	var calls [][]string
	for len(fields) > 0 {
		n, err := strconv.Atoi(fields[0])
		if err != nil || len(fields) < n+1 {
			t.Fatalf("cannot read the recorded calls %q", raw)
		}
		call := slices.Clone(fields[1 : n+1])
		fields = fields[n+1:]
		if len(fields) >= 2 && fields[0] == "stdin" {
			call = append(call, "stdin:"+fields[1])
			fields = fields[2:]
		}
		calls = append(calls, call)
	}
	return calls
}

// curlShells returns the POSIX-style shells installed here.
func curlShells(t *testing.T) []string {
	var shells []string
	for _, sh := range []string{"sh", "bash", "zsh"} {
		if path, err := exec.LookPath(sh); err == nil {
			shells = append(shells, path)
		}
	}
	if len(shells) == 0 {
		t.Skip("no shell installed")
	}
	return shells
}

var curlCases = []struct {
	name  string
	p     *collections.Prepared
	names map[string]string // varNames given to Curl
	env   map[string]string // what the user sets: every variable the command reads
	calls [][]string        // curl's arguments, secrets expanded
	notes int               // how many notes
}{
	{
		name: "basic with headers and a json body",
		p: &collections.Prepared{
			Request: authflow.Request{Method: "POST", URL: "https://api.test/users?q=a b&x=[1]",
				Header: http.Header{"Content-Type": {"application/json"}, "X-Empty": {""}},
				Body:   []byte("{\"name\": \"it's $HOME `id`\"}\n"), Timeout: 2500 * time.Millisecond, Insecure: true},
			Profile: &authflow.Profile{Name: "alice", Type: authflow.TypeBasic, Username: "alice", Password: curlCanaryPassword},
		},
		env: map[string]string{"KEYWAY_PASSWORD": curlCanaryPassword},
		calls: [][]string{{"-X", "POST", "--insecure", "--max-time", "2.5", "--globoff", "https://api.test/users?q=a b&x=[1]",
			"-H", "Content-Type: application/json", "-H", "X-Empty;", "--user", "alice:" + curlCanaryPassword,
			"--data-raw", "{\"name\": \"it's $HOME `id`\"}\n"}},
	},
	{
		name: "bearer named by the caller, secret in a header and the url",
		p: &collections.Prepared{
			Request: authflow.Request{Method: "GET", URL: "https://api.test/x?sig=" + curlCanaryStored,
				Header: http.Header{"X-Stored": {"pre " + curlCanaryStored + " post"}}},
			Profile: &authflow.Profile{Name: "static", Type: authflow.TypeBearer, Token: curlCanaryToken},
			Secrets: []string{curlCanaryToken, curlCanaryStored},
		},
		names: map[string]string{curlCanaryToken: "DEMO_TOKEN", curlCanaryStored: "not a name"},
		env:   map[string]string{"DEMO_TOKEN": curlCanaryToken, "KEYWAY_SECRET_2": curlCanaryStored},
		calls: [][]string{{"https://api.test/x?sig=" + curlCanaryStored, "-H", "X-Stored: pre " + curlCanaryStored + " post",
			"-H", "Authorization: Bearer " + curlCanaryToken}},
	},
	{
		name: "multipart: fields literal, files by path, a secret in a field",
		p: &collections.Prepared{
			Request: authflow.Request{Method: "POST", URL: "https://api.test/upload",
				Header: http.Header{"Content-Type": {"multipart/form-data; boundary=keyway"}, "X-Trace": {"1"}},
				Body:   []byte("--keyway\r\nnot shown\r\n--keyway--\r\n")},
			Secrets: []string{curlCanaryStored},
			Files: &collections.FileBody{Parts: []collections.FilePart{
				{Name: "title", Value: "@not-a-file <nor this"},
				{Name: "key", Value: "k=" + curlCanaryStored},
				{Name: "photo", Path: "/data/my cat;1.png", Filename: `say "hi".png`, ContentType: "image/png", Size: 3},
			}},
		},
		env: map[string]string{"KEYWAY_SECRET_1": curlCanaryStored},
		calls: [][]string{{"-X", "POST", "https://api.test/upload", "-H", "X-Trace: 1",
			"--form-string", "title=@not-a-file <nor this", "--form-string", "key=k=" + curlCanaryStored,
			"-F", `photo=@"/data/my cat;1.png";type=image/png;filename="say \"hi\".png"`}},
	},
	{
		name: "body_file: curl reads the file",
		p: &collections.Prepared{
			Request: authflow.Request{Method: "PUT", URL: "https://api.test/doc",
				Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte("{}")},
			Files: &collections.FileBody{Path: "/data/doc.json", Size: 2},
		},
		calls: [][]string{{"-X", "PUT", "https://api.test/doc", "-H", "Content-Type: application/json", "--data-binary", "@/data/doc.json"}},
	},
	{
		name: "api key in a header, control characters in a header",
		p: &collections.Prepared{
			Request: authflow.Request{Method: "DELETE", URL: "https://api.test/x",
				Header: http.Header{"X-Odd": {"bell\a esc\x1b[0m tab\t rtl\u202e ok"}}},
			Profile: &authflow.Profile{Name: "svc", Type: authflow.TypeAPIKey, In: authflow.InHeader, KeyName: "X-API-Key", KeyValue: curlCanaryKey},
		},
		env: map[string]string{"KEYWAY_API_KEY": curlCanaryKey},
		calls: [][]string{{"-X", "DELETE", "https://api.test/x", "-H", "X-Odd: bell\a esc\x1b[0m tab\t rtl\u202e ok",
			"-H", "X-API-Key: " + curlCanaryKey}},
	},
	{
		name: "api key in the query",
		p: &collections.Prepared{
			Request: authflow.Request{Method: "HEAD", URL: "https://api.test/x"},
			Profile: &authflow.Profile{Name: "svc", Type: authflow.TypeAPIKey, In: authflow.InQuery, KeyName: "api key", KeyValue: curlCanaryKey},
		},
		env:   map[string]string{"KEYWAY_API_KEY": curlCanaryKey},
		calls: [][]string{{"--head", "https://api.test/x", "--url-query", "api+key=" + curlCanaryKey}},
		notes: 1,
	},
	{
		name: "api key in a cookie, binary body through printf",
		p: &collections.Prepared{
			Request: authflow.Request{Method: "PUT", URL: "https://api.test/blob", Body: []byte("a\x00b 100% \\n '" + curlCanaryStored + "'\n")},
			Profile: &authflow.Profile{Name: "svc", Type: authflow.TypeAPIKey, In: authflow.InCookie, KeyName: "session", KeyValue: curlCanaryKey},
			Secrets: []string{curlCanaryStored},
		},
		env: map[string]string{"KEYWAY_API_KEY": curlCanaryKey, "KEYWAY_SECRET_1": curlCanaryStored},
		calls: [][]string{{"-X", "PUT", "https://api.test/blob", "--cookie", "session=" + curlCanaryKey,
			"-H", "Content-Type:", "--data-binary", "@-",
			"stdin:" + hex.EncodeToString([]byte("a\x00b 100% \\n '"+curlCanaryStored+"'\n"))}},
	},
	{
		name: "oauth2 password grant with basic client authentication",
		p: &collections.Prepared{
			Request: authflow.Request{Method: "GET", URL: "https://api.test/me"},
			Profile: &authflow.Profile{Name: "alice-oauth", Type: authflow.TypeOAuth2Password, TokenURL: "https://auth.test/token",
				ClientID: "demo client", ClientSecret: curlCanaryClient, Username: "alice", Password: curlCanaryPassword,
				Scopes: []string{"read", "write"}, Insecure: true},
		},
		names: map[string]string{curlCanaryPassword: "ALICE_PASSWORD"},
		env:   map[string]string{"ALICE_PASSWORD": curlCanaryPassword, "KEYWAY_CLIENT_SECRET": curlCanaryClient},
		calls: [][]string{
			{"-sS", "--fail", "--insecure", "https://auth.test/token", "--user", "demo+client:" + curlCanaryClient,
				"--data-urlencode", "grant_type=password", "--data-urlencode", "username=alice",
				"--data-urlencode", "password=" + curlCanaryPassword, "--data-urlencode", "scope=read write"},
			// A profile's insecure = true applies to every request sent
			// with it, as authflow sends them.
			{"--insecure", "https://api.test/me", "-H", "Authorization: Bearer " + curlCanaryAccess},
		},
		notes: 1,
	},
	{
		name: "oauth2 password grant with unencoded basic client authentication",
		p: &collections.Prepared{
			Request: authflow.Request{Method: "GET", URL: "https://api.test/me"},
			Profile: &authflow.Profile{Name: "o", Type: authflow.TypeOAuth2Password, TokenURL: "https://auth.test/token",
				ClientID: "demo client", ClientSecret: curlCanaryClient, ClientAuth: authflow.ClientAuthBasicUnencoded, Username: "bob", Password: curlCanaryPassword},
		},
		env: map[string]string{"KEYWAY_CLIENT_SECRET": curlCanaryClient, "KEYWAY_PASSWORD": curlCanaryPassword},
		calls: [][]string{
			// curl -u sends the id as it is: no form-encoding.
			{"-sS", "--fail", "https://auth.test/token", "--user", "demo client:" + curlCanaryClient,
				"--data-urlencode", "grant_type=password",
				"--data-urlencode", "username=bob", "--data-urlencode", "password=" + curlCanaryPassword},
			{"https://api.test/me", "-H", "Authorization: Bearer " + curlCanaryAccess},
		},
		notes: 1,
	},
	{
		name: "oauth2 password grant with body client authentication",
		p: &collections.Prepared{
			Request: authflow.Request{Method: "GET", URL: "https://api.test/me"},
			Profile: &authflow.Profile{Name: "o", Type: authflow.TypeOAuth2Password, TokenURL: "https://auth.test/token",
				ClientID: "cid", ClientSecret: curlCanaryClient, ClientAuth: authflow.ClientAuthBody, Username: "bob", Password: curlCanaryPassword},
		},
		env: map[string]string{"KEYWAY_CLIENT_SECRET": curlCanaryClient, "KEYWAY_PASSWORD": curlCanaryPassword},
		calls: [][]string{
			{"-sS", "--fail", "https://auth.test/token", "--data-urlencode", "client_id=cid",
				"--data-urlencode", "client_secret=" + curlCanaryClient, "--data-urlencode", "grant_type=password",
				"--data-urlencode", "username=bob", "--data-urlencode", "password=" + curlCanaryPassword},
			{"https://api.test/me", "-H", "Authorization: Bearer " + curlCanaryAccess},
		},
		notes: 1,
	},
	{
		name: "oauth2 client credentials with params",
		p: &collections.Prepared{
			Request: authflow.Request{Method: "GET", URL: "https://api.test/me"},
			Profile: &authflow.Profile{Name: "svc", Type: authflow.TypeOAuth2ClientCredentials, TokenURL: "https://auth.test/token",
				ClientID: "svc", ClientSecret: curlCanaryClient, ClientAuth: authflow.ClientAuthBasic, Scopes: []string{"read"},
				Params: map[string]string{"resource": "https://api.test/", "audience": "api"}},
		},
		env: map[string]string{"KEYWAY_CLIENT_SECRET": curlCanaryClient},
		calls: [][]string{
			{"-sS", "--fail", "https://auth.test/token", "--user", "svc:" + curlCanaryClient,
				"--data-urlencode", "grant_type=client_credentials", "--data-urlencode", "scope=read",
				"--data-urlencode", "audience=api", "--data-urlencode", "resource=https://api.test/"},
			{"https://api.test/me", "-H", "Authorization: Bearer " + curlCanaryAccess},
		},
		notes: 1,
	},
	{
		name: "oauth2 client credentials with private_key_jwt reads the assertion from a variable",
		p: &collections.Prepared{
			Request: authflow.Request{Method: "GET", URL: "https://api.test/me"},
			Profile: &authflow.Profile{Name: "svc", Type: authflow.TypeOAuth2ClientCredentials, TokenURL: "https://auth.test/token",
				ClientID: "svc", ClientAuth: authflow.ClientAuthPrivateKeyJWT, AssertionKey: "/k.pem"},
		},
		env: map[string]string{"KEYWAY_CLIENT_ASSERTION": "eyJ.signed.jwt"},
		calls: [][]string{
			{"-sS", "--fail", "https://auth.test/token", "--data-urlencode", "client_id=svc",
				"--data-urlencode", "client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
				"--data-urlencode", "client_assertion=eyJ.signed.jwt", "--data-urlencode", "grant_type=client_credentials"},
			{"https://api.test/me", "-H", "Authorization: Bearer " + curlCanaryAccess},
		},
		notes: 2,
	},
	{
		name: "a manual basic header carries the credentials in base64",
		p: &collections.Prepared{
			Request: authflow.Request{Method: "GET", URL: "https://api.test/x", Header: http.Header{
				"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte("alice:"+curlCanaryPassword))}}},
			Profile: &authflow.Profile{Name: "a", Type: authflow.TypeBasic, Username: "alice", Password: curlCanaryPassword},
		},
		env: map[string]string{"KEYWAY_BASIC_CREDENTIALS": base64.StdEncoding.EncodeToString([]byte("alice:" + curlCanaryPassword)),
			"KEYWAY_PASSWORD": curlCanaryPassword},
		calls: [][]string{{"https://api.test/x", "-H", "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("alice:"+curlCanaryPassword)),
			"--user", "alice:" + curlCanaryPassword}},
	},
	{
		name:  "no profile",
		p:     &collections.Prepared{Request: authflow.Request{URL: "http://127.0.0.1:8080/health"}},
		calls: [][]string{{"http://127.0.0.1:8080/health"}},
	},
}

// TestCurlInRealShells runs each command in every installed shell, with
// curl and jq replaced by recorders: curl must receive exactly the
// request's arguments, secrets included, although the command text holds
// none of them.
func TestCurlInRealShells(t *testing.T) {
	shells := curlShells(t)
	for _, tc := range curlCases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := Render(tc.p, tc.names)
			curlAssertNoSecret(t, cmd)
			var names []string
			for _, v := range cmd.Vars {
				names = append(names, v.Name)
				if v.Holds == "" {
					t.Errorf("variable %s has no description", v.Name)
				}
			}
			var want []string
			for k := range tc.env {
				want = append(want, k)
			}
			slices.Sort(names)
			slices.Sort(want)
			if !slices.Equal(names, want) {
				t.Errorf("Vars = %v, want %v", names, want)
			}
			if len(cmd.Notes) != tc.notes {
				t.Errorf("Notes = %q, want %d", cmd.Notes, tc.notes)
			}
			for _, shell := range shells {
				got := curlRun(t, shell, cmd.Script, tc.env)
				if !slices.EqualFunc(got, tc.calls, slices.Equal) {
					t.Errorf("%s ran curl with\n%q\nwant\n%q\nscript:\n%s", shell, got, tc.calls, cmd.Script)
				}
			}
		})
	}
}

// curlAssertNoSecret fails when the command holds a canary in any form, or
// a raw control character that a terminal could act on when pasted.
func curlAssertNoSecret(t *testing.T, cmd Command) {
	t.Helper()
	text := cmd.Script + strings.Join(cmd.Notes, "\n")
	for _, v := range cmd.Vars {
		text += v.Name + v.Holds
	}
	for _, canary := range []string{curlCanaryPassword, curlCanaryToken, curlCanaryKey, curlCanaryClient, curlCanaryStored} {
		for _, form := range []string{canary, base64.StdEncoding.EncodeToString([]byte(canary)), url.QueryEscape(canary),
			base64.StdEncoding.EncodeToString([]byte("alice:" + canary))} {
			if strings.Contains(text, form) {
				t.Errorf("the command shows a secret (%s):\n%s", form, cmd.Script)
			}
		}
	}
	if i := bytes.IndexFunc([]byte(cmd.Script), func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f }); i >= 0 {
		t.Errorf("raw control character at %d in\n%q", i, cmd.Script)
	}
}

// TestCurlReadsAsOneCommand checks the shape of every case with the Go
// shell parser that FuzzCurl relies on, so that the parser itself is
// checked against the real shells above.
func TestCurlReadsAsOneCommand(t *testing.T) {
	for _, tc := range curlCases {
		cmd := Render(tc.p, tc.names)
		commands, complete, err := curlShellParse(cmd.Script)
		if err != nil || complete != 1 {
			t.Errorf("%s: %d complete commands, error %v:\n%s", tc.name, complete, err, cmd.Script)
		}
		curls := 0
		for _, c := range commands {
			if c[0] == "curl" {
				curls++
			}
		}
		if curls != len(tc.calls) {
			t.Errorf("%s: parser found %d curl commands, want %d", tc.name, curls, len(tc.calls))
		}
	}
}

func TestCurlShellParserRejects(t *testing.T) {
	for _, script := range []string{"curl 'a", `curl "a`, "curl $(x", "curl a &&", "| curl", "curl a; b", "curl `id`", "curl ${1x}", "a\nb"} {
		if _, complete, err := curlShellParse(script); err == nil && complete == 1 {
			t.Errorf("%q parsed as one command", script)
		}
	}
}

// FuzzCurl renders arbitrary requests and profiles: the command must read
// as exactly one complete shell command with balanced quotes, and none of
// its words may hold a secret in any form.
func FuzzCurl(f *testing.F) {
	f.Add("POST", "https://a.test/?q=1", "X-H", "v'\"$`\\", "body\x00\n", uint8(0), "secret", "user:x")
	f.Add("GET", "http://x/{a}[b]", "", "", "", uint8(1), "'", "")
	f.Add("", "", "A", "", "@file", uint8(2), "$(id)", "u")
	f.Add("PUT", "\x1b]0;x\a", "B", "\u202e", "%s%%\\", uint8(3), "\n", "alice")
	f.Add("GET", "u", "C", "kw", "kw", uint8(4), "", "")
	f.Fuzz(func(t *testing.T, method, rawURL, headerName, headerValue, body string, kind uint8, secret, username string) {
		// The canary prefix keeps a secret from matching fixed text such
		// as "curl" or "-H"; the fuzzed rest still reaches every code path.
		secret = "kwcanary" + secret
		header := http.Header{}
		if headerName != "" {
			header[headerName] = []string{headerValue + secret[len(secret)/2:], secret + headerValue}
		}
		p := &collections.Prepared{
			Request: authflow.Request{Method: method, URL: rawURL + secret, Header: header, Body: []byte(body + secret + body)},
			Secrets: []string{secret + "2"},
		}
		profiles := []*authflow.Profile{
			nil,
			{Type: authflow.TypeBasic, Username: username, Password: secret},
			{Type: authflow.TypeBearer, Token: secret},
			{Type: authflow.TypeAPIKey, In: []string{authflow.InHeader, authflow.InQuery, authflow.InCookie}[int(kind/8)%3], KeyName: headerName, KeyValue: secret},
			{Type: authflow.TypeOAuth2Password, TokenURL: rawURL, ClientID: username, ClientSecret: secret + "c",
				ClientAuth: []string{authflow.ClientAuthBasic, authflow.ClientAuthBody}[int(kind/8)%2], Username: username, Password: secret, Scopes: []string{body}},
		}
		p.Profile = profiles[int(kind)%len(profiles)]
		if p.Profile == nil {
			// Without a profile the secret can only have come from a
			// reference such as {{secret:x}}, which Prepared.Secrets lists.
			p.Secrets = append(p.Secrets, secret)
		}
		cmd := Render(p, map[string]string{secret: headerName})

		commands, complete, err := curlShellParse(cmd.Script)
		if err != nil || complete != 1 {
			t.Fatalf("%d complete commands, error %v:\n%s", complete, err, cmd.Script)
		}
		forms := []string{secret, secret + "2", secret + "c", base64.StdEncoding.EncodeToString([]byte(secret)),
			url.QueryEscape(secret), base64.StdEncoding.EncodeToString([]byte(username + ":" + secret))}
		for _, c := range commands {
			for _, word := range c {
				for _, form := range forms {
					if strings.Contains(word, form) {
						t.Fatalf("word %q holds the secret %q:\n%s", word, form, cmd.Script)
					}
				}
			}
		}
		if i := strings.IndexFunc(cmd.Script, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f }); i >= 0 {
			t.Fatalf("raw control character at %d in\n%q", i, cmd.Script)
		}
	})
}

func TestCurlVarNames(t *testing.T) {
	written := &collections.Profile{Type: "oauth2-password", Password: "{{ env:ALICE_PASSWORD }}", ClientSecret: "{{secret:client}}",
		Token: "{{env:BAD-NAME}}", Value: "pre{{env:X}}"}
	resolved := &authflow.Profile{Password: curlCanaryPassword, ClientSecret: curlCanaryClient, Token: curlCanaryToken, KeyValue: curlCanaryKey}
	got := VarNames(written, resolved)
	if len(got) != 1 || got[curlCanaryPassword] != "ALICE_PASSWORD" {
		t.Errorf("VarNames = %v, want only the password mapped to ALICE_PASSWORD", got)
	}
	if got := VarNames(nil, resolved); len(got) != 0 {
		t.Errorf("VarNames(nil, …) = %v", got)
	}
}

func TestCurlTLSFiles(t *testing.T) {
	p := &collections.Prepared{
		Request: authflow.Request{URL: "https://api.test/me", TLS: authflow.TLSFiles{CAFile: "/etc/ca dir/ca.pem"}},
		Profile: &authflow.Profile{Type: authflow.TypeNone, TLS: authflow.TLSFiles{CAFile: "/ignored.pem", ClientCert: "/c.pem", ClientKey: "/k.pem"}},
	}
	got := Render(p, nil).Script
	want := "curl --cacert '/etc/ca dir/ca.pem' --cert /c.pem --key /k.pem https://api.test/me"
	if got != want {
		t.Fatalf("Curl =\n%s\nwant\n%s", got, want)
	}
}

// TestCurlMasksASecretInAJSONBody: encoding/json escapes <, > and & in a
// json = {...} body, so a secret holding them travels in a form other than
// its raw one; the command must not show that form either.
func TestCurlMasksASecretInAJSONBody(t *testing.T) {
	const secret = "s3cr&t<pw>canary"
	body, err := json.Marshal(map[string]string{"pw": secret})
	if err != nil {
		t.Fatal(err)
	}
	cmd := Render(&collections.Prepared{
		Request: authflow.Request{Method: "POST", URL: "https://api.test/login", Body: body,
			Header: http.Header{"Content-Type": {"application/json"}}},
		Secrets: []string{secret},
	}, nil)
	escaped := strings.Trim(strings.TrimPrefix(string(body), `{"pw":`), `"}`)
	for _, form := range []string{secret, escaped} {
		if strings.Contains(cmd.Script, form) {
			t.Fatalf("the command shows the secret as %q:\n%s", form, cmd.Script)
		}
	}
}

// TestCurlClientCredentialsFromIssuer: a profile that discovers its token
// endpoint reads it first; an interactive profile says a login is needed.
func TestCurlClientCredentialsFromIssuer(t *testing.T) {
	p := &collections.Prepared{
		Request: authflow.Request{Method: "GET", URL: "https://api.test/me"},
		Profile: &authflow.Profile{Name: "svc", Type: authflow.TypeOAuth2ClientCredentials, Issuer: "https://id.test/t/",
			ClientID: "svc", ClientSecret: curlCanaryClient},
	}
	cmd := Render(p, nil)
	want := `KEYWAY_TOKEN_URL="$(curl -sS --fail https://id.test/t/.well-known/openid-configuration |` + continuation + `jq -er .token_endpoint)" &&` + "\n" +
		`KEYWAY_ACCESS_TOKEN="$(curl -sS --fail "$KEYWAY_TOKEN_URL"`
	if !strings.HasPrefix(cmd.Script, want) {
		t.Errorf("script:\n%s\nwant prefix:\n%s", cmd.Script, want)
	}
	if strings.Contains(cmd.Script, curlCanaryClient) {
		t.Error("the client secret is in the command")
	}
	p.Profile = &authflow.Profile{Name: "web", Type: authflow.TypeOAuth2AuthorizationCode, ClientID: "cli", Issuer: "https://id.test"}
	cmd = Render(p, nil)
	if len(cmd.Vars) != 1 || cmd.Vars[0].Name != "KEYWAY_ACCESS_TOKEN" || !strings.Contains(strings.Join(cmd.Notes, " "), "keyway login") ||
		!strings.Contains(cmd.Script, `Bearer '"${KEYWAY_ACCESS_TOKEN}"`) {
		t.Errorf("interactive: %q %+v %v", cmd.Script, cmd.Vars, cmd.Notes)
	}
}

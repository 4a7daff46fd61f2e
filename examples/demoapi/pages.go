package demoapi

import (
	"html/template"
	"net/http"
	"sync"
)

// This file is the HTML the browser sees: the sign-in and consent page of
// /oauth/authorize, the device verification page of /device, and their
// error pages. html/template escapes every value put into them, and they
// come from the query string of a URL anyone can craft.

// field is a hidden form field that carries an authorization request from
// the page to its POST.
type field struct{ Name, Value string }

// scopeInfo is a scope with what it lets the client do, for consent.
type scopeInfo struct{ Name, Meaning string }

// scopeMeanings says what each scope lets a client do, in the user's
// words.
var scopeMeanings = map[string]string{
	ScopeOpenID: "know who you are (an ID token with your name and email)",
	ScopeRead:   "read your profile and notes",
	ScopeWrite:  "create and delete notes",
}

// describeScopes lists scope's scopes with their meaning.
func describeScopes(scope []string) []scopeInfo {
	out := make([]scopeInfo, 0, len(scope))
	for _, s := range scope {
		out = append(out, scopeInfo{s, scopeMeanings[s]})
	}
	return out
}

// page is what every page template gets.
type page struct {
	Title   string
	Message string // an error or an outcome, shown above the form
	Client  string
	Scopes  []scopeInfo
	Sending string // where the browser goes next, for consent
	Fields  []field
	Action  string
	// UserCode is the device code typed or prefilled, for /device.
	UserCode string
	Hint     string
}

// demoHint tells the learner how to sign in: the demo's users are public.
const demoHint = "Demo users: " + Username + " / " + Password + " (read, write), " + ReadOnlyUsername + " / " + ReadOnlyPassword + " (read)"

// layout is the page around every body: the title, a message and the form.
const layout = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · keyway demo</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}
.box{border:1px solid #ccc;border-radius:6px;padding:1rem 1.25rem}
.msg{background:#fff3f0;border-left:4px solid #c33;padding:.5rem .75rem}
label{display:block;margin:.5rem 0}
input[type=text],input[type=password]{width:100%;padding:.4rem;font-size:1rem;box-sizing:border-box}
.code{font:1.4rem monospace;letter-spacing:.15em;text-transform:uppercase}
button{font-size:1rem;padding:.4rem 1.2rem;margin-right:.5rem}
small{color:#666}
</style>
</head>
<body>
<main class="box">
<h1>{{.Title}}</h1>
{{with .Message}}<p class="msg" role="alert">{{.}}</p>{{end}}
{{template "body" .}}
</main>
</body>
</html>
`

// authorizePage is the sign-in and consent page of /oauth/authorize.
var authorizePage = pageTemplate(`{{define "body"}}
<p><strong>{{.Client}}</strong> asks to:</p>
<ul>{{range .Scopes}}<li><code>{{.Name}}</code>: {{.Meaning}}</li>{{end}}</ul>
<form method="post" action="{{.Action}}">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<label>Username <input type="text" name="username" autocomplete="username" autofocus></label>
<label>Password <input type="password" name="password" autocomplete="current-password"></label>
<p><button type="submit" name="consent" value="allow">Allow</button><button type="submit" name="consent" value="deny">Deny</button></p>
</form>
<p><small>Either answer sends your browser back to {{.Sending}}</small></p>
<p><small>{{.Hint}}</small></p>
{{end}}`)

// devicePage is the verification page of /device (RFC 8628 §3.3).
var devicePage = pageTemplate(`{{define "body"}}
<p>Enter the code your device shows, and sign in to let it in.</p>
<form method="post" action="{{.Action}}">
<label>Code <input class="code" type="text" name="user_code" value="{{.UserCode}}" autocomplete="off" spellcheck="false"{{if not .UserCode}} autofocus{{end}}></label>
<label>Username <input type="text" name="username" autocomplete="username"{{if .UserCode}} autofocus{{end}}></label>
<label>Password <input type="password" name="password" autocomplete="current-password"></label>
<p><button type="submit" name="consent" value="allow">Allow</button><button type="submit" name="consent" value="deny">Deny</button></p>
</form>
<p><small>{{.Hint}}</small></p>
{{end}}`)

// messagePage is a page with a title and a message only: an error that
// must not be redirected, or the outcome of a device approval.
var messagePage = pageTemplate(`{{define "body"}}{{end}}`)

// pageTemplate is the layout with body as its "body" template, parsed on
// first use: the demo API is linked into every keyway command, and parsing
// four templates at start cost each of them 0.4 ms (docs/performance.md).
func pageTemplate(body string) func() *template.Template {
	return sync.OnceValue(func() *template.Template {
		return template.Must(template.Must(template.New("layout").Parse(layout)).Parse(body))
	})
}

// writePage answers with t executed on p. The headers keep the page out
// of frames (clickjacking a consent page is an old trick: RFC 6749
// §10.13) and out of caches, and nothing in it may run a script.
func writePage(w http.ResponseWriter, status int, t func() *template.Template, p page) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_ = t().Execute(w, p) // the templates are fixed; an error is a client gone
}

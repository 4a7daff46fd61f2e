package tui

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/curl"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
)

var (
	keyEnter = tea.KeyPressMsg{Code: tea.KeyEnter}
	keyEsc   = tea.KeyPressMsg{Code: tea.KeyEscape}
	keyDown  = tea.KeyPressMsg{Code: tea.KeyDown}
	keyTab   = tea.KeyPressMsg{Code: tea.KeyTab}
	keyCtrlX = tea.KeyPressMsg{Code: 'x', Mod: tea.ModCtrl}
	keyCtrlS = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
)

func keyChar(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

func typeText(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, keyChar(r))
	}
	return out
}

// fakeEngine resolves {{base_url}} and {{prompt}} and answers sends from a
// table, recording what it was asked.
type fakeEngine struct {
	responses map[string]*authflow.Response
	// walk is the network of a flow walk: SendPrepared checks what it
	// answers with run.OnePrepared, as the real engine does.
	walk run.SendFunc
	// replay runs a replay in place of run.Run.
	replay  replayRunFunc
	sends   []string
	saved   []requestEdit
	sources []string // what SaveSource was given
	saveErr error
}

func (f *fakeEngine) Prepare(c *collections.Collection, r *collections.Request, s *collections.Scope) (*collections.Prepared, error) {
	url := r.URL
	base := c.Vars["base_url"]
	if v, ok := c.Envs[s.Env]["base_url"]; ok {
		base = v
	}
	if v, ok := s.Vars["base_url"]; ok { // --var wins, as in collections
		base = v
	}
	url = strings.ReplaceAll(url, "{{base_url}}", base)
	var secrets []string
	for _, kv := range r.Headers {
		if strings.Contains(kv.Value, "{{secret:token}}") {
			v, err := s.Secrets.Get("token")
			if err != nil {
				return nil, err
			}
			secrets = append(secrets, v)
		}
	}
	if strings.Contains(url, "{{prompt}}") {
		v, err := s.Prompt("")
		if err != nil {
			return nil, err
		}
		url = strings.ReplaceAll(url, "{{prompt}}", v)
		secrets = append(secrets, v)
	}
	h := http.Header{}
	for _, kv := range r.Headers {
		value := kv.Value
		if len(secrets) > 0 {
			value = strings.ReplaceAll(value, "{{secret:token}}", secrets[0])
		}
		h.Add(kv.Key, value)
	}
	return &collections.Prepared{Request: authflow.Request{Method: r.Method, URL: url, Header: h, Body: []byte(r.Body)}, Secrets: secrets}, nil
}

func (f *fakeEngine) ResolveProfile(c *collections.Collection, name string, s *collections.Scope) (*authflow.Profile, []string, error) {
	return &authflow.Profile{Name: name, Type: authflow.TypeBasic}, nil, nil
}

func (f *fakeEngine) CheckProfile(c *collections.Collection, name string, p *authflow.Profile, requestURL string, s *collections.Scope) error {
	return nil
}

func (f *fakeEngine) Send(ctx context.Context, c *collections.Collection, r *collections.Request, s collections.Scope, client *authflow.Client) run.Outcome {
	f.sends = append(f.sends, r.Name)
	p, err := f.Prepare(c, r, &s)
	if err != nil {
		return run.Outcome{Err: err}
	}
	resp := f.responses[r.Name]
	if resp == nil {
		return run.Outcome{Err: &net404{}, Secrets: p.Secrets}
	}
	return run.Outcome{Response: resp, Secrets: p.Secrets, Captures: map[string]string{"seen": r.Name}}
}

// SendPrepared checks what f.walk answers as the real engine does.
func (f *fakeEngine) SendPrepared(ctx context.Context, c *collections.Collection, r *collections.Request, prepared *collections.Prepared,
	s *collections.Scope, client *authflow.Client, opts authflow.SendOptions) run.Outcome {
	return run.OnePrepared(ctx, c, r, prepared, s, withOptions(f.walk, opts))
}

// Run calls f.replay, first resolving the requests Only selects with
// f.Prepare and stopping on an error opts.StopOn accepts, as the real
// plan does.
func (f *fakeEngine) Run(ctx context.Context, c *collections.Collection, opts run.Options) (*report.Report, error) {
	for _, r := range c.Requests {
		if !run.Selected(r, opts.Only) || opts.StopOn == nil {
			continue
		}
		if _, err := f.Prepare(c, r, &opts.Scope); err != nil && opts.StopOn(err) {
			return nil, err
		}
	}
	return f.replay(ctx, c, opts)
}

// walkEngine is the real engine whose walks send through walk: a walk
// resolved and checked for real, its network scripted.
type walkEngine struct {
	realEngine
	walk run.SendFunc
}

// SendPrepared checks what e.walk answers with run.OnePrepared.
func (e walkEngine) SendPrepared(ctx context.Context, c *collections.Collection, r *collections.Request, prepared *collections.Prepared,
	s *collections.Scope, client *authflow.Client, opts authflow.SendOptions) run.Outcome {
	return run.OnePrepared(ctx, c, r, prepared, s, withOptions(e.walk, opts))
}

type net404 struct{}

func (*net404) Error() string { return "dial tcp 127.0.0.1:1: connect: connection refused" }

func (f *fakeEngine) Curl(c *collections.Collection, r *collections.Request, s *collections.Scope) (curl.Command, error) {
	return curl.Command{Script: "curl " + r.URL, Vars: []curl.Var{{Name: "KEYWAY_TOKEN"}}}, nil
}

func (f *fakeEngine) SaveEdit(c *collections.Collection, r *collections.Request, edit requestEdit) (*collections.Collection, error) {
	f.saved = append(f.saved, edit)
	if f.saveErr != nil {
		return nil, f.saveErr
	}
	nc := *c
	nc.Requests = append([]*collections.Request(nil), c.Requests...)
	for i, q := range nc.Requests {
		if q == r {
			copyReq := *q
			if edit.URL != nil {
				copyReq.URL = *edit.URL
			}
			nc.Requests[i] = &copyReq
		}
	}
	return &nc, nil
}

// SaveSource records src and parses it, writing nothing.
func (f *fakeEngine) SaveSource(c *collections.Collection, src []byte) (*collections.Collection, error) {
	f.sources = append(f.sources, string(src))
	if f.saveErr != nil {
		return nil, f.saveErr
	}
	return collections.Parse(c.Path, src)
}

// testCollection is a small collection with folders, an environment and a
// request that needs a prompt.
func testCollection() *collections.Collection {
	return &collections.Collection{
		Path:         "demo.toml",
		Name:         "Demo API",
		Vars:         map[string]string{"base_url": "http://127.0.0.1:8080"},
		Envs:         map[string]map[string]string{"staging": {"base_url": "https://staging.example.com"}},
		EnvNames:     []string{"staging"},
		Profiles:     map[string]*collections.Profile{"alice-basic": {Name: "alice-basic", Type: "basic"}},
		ProfileNames: []string{"alice-basic"},
		Requests: []*collections.Request{
			{Name: "Health", Method: "GET", URL: "{{base_url}}/health"},
			{Name: "Who am I", Folder: "users", Method: "GET", URL: "{{base_url}}/me", Profile: "alice-basic",
				Headers: []collections.KV{{Key: "Accept", Value: "application/json"}}, Tags: []string{"smoke"}},
			{Name: "List users", Folder: "users", Method: "GET", URL: "{{base_url}}/users", Tags: []string{"users", "smoke"}},
			{Name: "Create token", Folder: "auth", Method: "POST", URL: "{{base_url}}/login?pw={{prompt}}", Body: `{"grant":"x"}`},
		},
	}
}

func jsonResponse(body string) *authflow.Response {
	return &authflow.Response{Proto: "HTTP/1.1", Status: "200 OK", StatusCode: 200,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body),
		Size: int64(len(body)), Duration: 12 * time.Millisecond}
}

// newTestModel returns a root model on the test collection with a fake
// engine, sized w×h, dark or light, colour on.
func newTestModel(t testing.TB, w, h int, dark bool) (model, *fakeEngine) {
	t.Helper()
	t.Setenv("NO_COLOR", "")
	eng := &fakeEngine{responses: map[string]*authflow.Response{
		"Who am I":     jsonResponse(`{"name":"alice","id":7,"admin":false,"tags":["a","b"],"nested":{"x":null}}`),
		"Health":       {Status: "200 OK", StatusCode: 200, Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte("ok\n"), Size: 3},
		"List users":   jsonResponse(`[{"name":"alice"},{"name":"bob"}]`),
		"Create token": jsonResponse(`{"access_token":"tok"}`),
	}}
	c := newCommon(testCollection(), "", newSession(nil, nil, nil), eng)
	m := newModel(c)
	if !dark {
		m = feed(m, 0, tea.BackgroundColorMsg{Color: lightGrey{}})
	}
	m = feed(m, 0, tea.WindowSizeMsg{Width: w, Height: h})
	return m, eng
}

type lightGrey struct{}

func (lightGrey) RGBA() (r, g, b, a uint32) { return 0xeeee, 0xeeee, 0xeeee, 0xffff }

// blockingCmds names the commands that wait on a clock: spinner and flow
// ticks (tea.Tick) and the cursor's blink. A test never wants their message
// (it would arrive a second later), so execCmd drops them without running
// them. The closures are told apart by the function the library built them
// in, the only identity a func value has.
var blockingCmds = map[string]bool{
	"charm.land/bubbletea/v2.Tick.func1":                true,
	"charm.land/bubbles/v2/cursor.(*Model).Blink.func1": true,
}

// cmdTimeout bounds a command that is expected to return: far above what any
// of them takes, so a slow machine never loses a message, and short of the
// go test deadline, so a command that hangs names itself.
const cmdTimeout = 10 * time.Second

// cmdName is the name of the function cmd runs.
func cmdName(cmd tea.Cmd) string {
	return runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
}

// execCmd executes cmd synchronously, expanding Batch and Sequence. The
// clock-driven commands in blockingCmds are dropped unrun; any other command
// must return within cmdTimeout, or the test panics naming it (add it to
// blockingCmds if it is meant to wait).
func execCmd(cmd tea.Cmd) (out []tea.Msg) {
	if cmd == nil || blockingCmds[cmdName(cmd)] {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(cmdTimeout):
		panic(fmt.Sprintf("command %s did not return within %v", cmdName(cmd), cmdTimeout))
	}
	v := reflect.ValueOf(msg)
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			out = append(out, execCmd(c)...)
		}
	} else if v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		for i := range v.Len() {
			out = append(out, execCmd(v.Index(i).Interface().(tea.Cmd))...)
		}
	} else if msg != nil {
		out = append(out, msg)
	}
	return out
}

// feed feeds msgs to Update and, up to depth levels, the messages their
// commands produce.
func feed(m model, depth int, msgs ...tea.Msg) model {
	for _, msg := range msgs {
		nm, cmd := m.Update(msg)
		if m = nm.(model); depth > 0 {
			m = feed(m, depth-1, execCmd(cmd)...)
		}
	}
	return m
}

// screen returns the view without ANSI.
func screenText(m model) string { return ansi.Strip(m.View().Content) }

// checkGolden compares got with testdata/TEST/name.golden, TEST being the
// calling test's name (go test -update rewrites it). Each screen is a subtest
// so that one test can hold several golden screens.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		golden.RequireEqual(t, got)
	})
}

// checkFits fails when the screen is not exactly w×h cells.
func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Errorf("line %d is %d cells wide, want %d: %q", i, got, w, ansi.Strip(l))
		}
	}
}

func collectionsKV(k, v string) collections.KV { return collections.KV{Key: k, Value: v} }

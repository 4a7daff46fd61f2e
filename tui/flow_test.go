package tui

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/run"
)

// flowCanary is a password that must never reach the screen unmasked.
const flowCanary = "canary-pw-93f1"

// flowClock is the fixed time of the countdown in these tests.
var flowClock = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// flowEngine is the shared fake engine with a profile that holds the canary
// password.
type flowEngine struct {
	*fakeEngine
	profileErr error
	// typ, when set, is the profile's type instead of oauth2-password.
	typ authflow.Type
	// edit, when set, changes the resolved profile (endpoints, issuer).
	edit func(*authflow.Profile)
}

func (f *flowEngine) ResolveProfile(c *collections.Collection, name string, s *collections.Scope) (*authflow.Profile, []string, error) {
	if f.profileErr != nil {
		return nil, nil, f.profileErr
	}
	p := &authflow.Profile{Name: name, Type: authflow.TypeOAuth2Password, Username: "alice", Password: flowCanary,
		TokenURL: "http://127.0.0.1:8080/oauth/token"}
	if f.typ != "" {
		p = &authflow.Profile{Name: name, Type: f.typ, Username: "alice", Password: flowCanary, Token: flowCanary}
	}
	if f.edit != nil {
		f.edit(p)
	}
	return p, p.Secrets(), nil
}

// testJWT is an unsigned-looking JWT expiring an hour after flowClock.
func testJWT() string {
	enc := base64.RawURLEncoding.EncodeToString
	header := enc([]byte(`{"alg":"HS256","typ":"JWT"}`))
	claims := enc([]byte(fmt.Sprintf(`{"sub":"alice","scope":"read write","iat":%d,"exp":%d}`,
		flowClock.Unix(), flowClock.Add(time.Hour).Unix())))
	return header + "." + claims + ".c2lnbmF0dXJl"
}

// oauthSteps is an OAuth2 password-grant walk as authflow reports it.
func oauthSteps() []authflow.Step {
	jwt := testJWT()
	form := "grant_type=password&password=" + flowCanary + "&scope=read+write&username=alice"
	tokenBody := `{"access_token":"` + jwt + `","token_type":"Bearer","expires_in":3600}`
	return []authflow.Step{
		{Title: "Resolve the profile", Why: "The profile's references are replaced by their values.", Status: authflow.StepDone,
			Fields: []authflow.Field{{Label: "username", Value: "alice"}, {Label: "password", Value: flowCanary, Secret: true}}},
		{Title: "Request a token", RFC: "RFC 6749 §4.3.2", Status: authflow.StepDone, Duration: 42 * time.Millisecond,
			Why: "The client posts the user's password to the token endpoint as a form.",
			Exchange: &authflow.Exchange{
				Request: authflow.RecordedRequest{Method: "POST", URL: "http://127.0.0.1:8080/oauth/token", Proto: "HTTP/1.1",
					Host: "127.0.0.1:8080", Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
					Body: []byte(form), BodySize: int64(len(form))},
				Response: &authflow.RecordedResponse{Proto: "HTTP/1.1", Status: "200 OK", StatusCode: 200,
					Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(tokenBody), BodySize: int64(len(tokenBody))},
				Duration: 42 * time.Millisecond,
			}},
		{Title: "Read the token", RFC: "RFC 6749 §5.1", Status: authflow.StepDone,
			Why:    "The answer holds the access token and how long it lasts.",
			Fields: []authflow.Field{{Label: "access_token", Value: jwt, Secret: true}, {Label: "token_type", Value: "Bearer"}, {Label: "expires_in", Value: "3600"}}},
		{Title: "Send the request", RFC: "RFC 6750 §2.1", Status: authflow.StepDone, Duration: 7 * time.Millisecond,
			Why: "The token goes in the Authorization header.",
			Exchange: &authflow.Exchange{
				Request: authflow.RecordedRequest{Method: "GET", URL: "http://127.0.0.1:8080/me", Proto: "HTTP/1.1",
					Host: "127.0.0.1:8080", Header: http.Header{"Authorization": {"Bearer " + jwt}}},
				Response: &authflow.RecordedResponse{Proto: "HTTP/1.1", Status: "200 OK", StatusCode: 200,
					Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"name":"alice"}`), BodySize: 16},
				Duration: 7 * time.Millisecond,
			}},
	}
}

// scriptedSend reports steps as a client would — each running, then
// finished — and returns them as the flow.
func scriptedSend(steps []authflow.Step, err error) run.SendFunc {
	return func(ctx context.Context, p *authflow.Profile, req authflow.Request, opts authflow.SendOptions) (*authflow.Response, *authflow.Flow, error) {
		flow := &authflow.Flow{Profile: p.Name, Type: p.Type}
		for i, s := range steps {
			running := s
			running.Status, running.Exchange, running.Err = authflow.StepRunning, nil, nil
			opts.Observe(i, running)
			opts.Observe(i, s)
			flow.Steps = append(flow.Steps, s)
		}
		return jsonResponse(`{"name":"alice"}`), flow, err
	}
}

// newFlowTest returns a flow screen on the test collection, sized w×h, with
// the fake clock and no real ticks.
func newFlowTest(t *testing.T, w, h int, send run.SendFunc) (flowModel, *flowEngine) {
	t.Helper()
	eng := &flowEngine{fakeEngine: &fakeEngine{walk: send}}
	c := newCommon(testCollection(), "", newSession(nil, nil, nil), eng)
	c.styles = newStyles(true, true)
	m := newFlowModel(c)
	m.now = func() time.Time { return flowClock }
	m.clock = flowClock
	m.tick = func(int) tea.Cmd { return nil }
	m.SetSize(w, h)
	return m, eng
}

// pumpFlow runs cmd and every command the screen returns in turn, feeding
// each message back, until nothing is left; it returns the messages seen.
// Commands run synchronously: the walk's goroutine and channel make that
// deterministic, and no timer is involved (tests replace the tick).
func pumpFlow(m flowModel, cmd tea.Cmd) (flowModel, []tea.Msg) { return pump(m, cmd) }

// pump is pumpFlow for any of this file's components.
func pump[T interface{ Update(tea.Msg) (T, tea.Cmd) }](m T, cmd tea.Cmd) (T, []tea.Msg) {
	var seen []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if batch, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, batch...)
			continue
		}
		if msg == nil {
			continue
		}
		seen = append(seen, msg)
		var next tea.Cmd
		m, next = m.Update(msg)
		queue = append(queue, next)
	}
	return m, seen
}

// pressFlow sends keys to the screen.
func pressFlow(m flowModel, keys ...tea.KeyPressMsg) flowModel {
	for _, k := range keys {
		m, _ = m.Update(k)
	}
	return m
}

func TestFlowStreamsStepsAsTheyHappen(t *testing.T) {
	m, _ := newFlowTest(t, 80, 24, scriptedSend(oauthSteps(), nil))
	cmd := m.Start("alice-basic", "")
	if m.request != "Who am I" {
		t.Fatalf("request = %q, want the first request using the profile", m.request)
	}
	if !m.running || cmd == nil {
		t.Fatal("Start did not start a walk")
	}
	if _, ok := cmd().(flowStartedMsg); !ok {
		t.Fatal("the first message is not flowStartedMsg")
	}
	// Each message is one step as it happens: running first, then done;
	// the selection follows the newest step.
	var statuses []string
	queue := []tea.Cmd{m.Start("alice-basic", "")}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		if next == nil {
			continue
		}
		msg := next()
		if batch, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, batch...)
			continue
		}
		var more tea.Cmd
		m, more = m.Update(msg)
		queue = append(queue, more)
		if step, ok := msg.(flowStepMsg); ok {
			statuses = append(statuses, fmt.Sprintf("%d:%s", len(m.steps), stepStatusWord(m.steps[step.index].Status)))
			if m.selected != step.index {
				t.Fatalf("selection %d does not follow the newest step %d", m.selected, step.index)
			}
		}
	}
	want := "1:running 1:done 2:running 2:done 3:running 3:done 4:running 4:done"
	if got := strings.Join(statuses, " "); got != want {
		t.Errorf("steps arrived as %s, want %s", got, want)
	}
	if m.running || m.err != nil || len(m.steps) != 4 {
		t.Errorf("after the walk: running=%v err=%v steps=%d", m.running, m.err, len(m.steps))
	}
	if !strings.Contains(ansi.Strip(m.View()), "✓ done") {
		t.Errorf("the header does not say the walk is done:\n%s", ansi.Strip(m.View()))
	}
}

func TestFlowMasksSecretsUntilRevealed(t *testing.T) {
	m, _ := newFlowTest(t, 120, 40, scriptedSend(oauthSteps(), nil))
	m, _ = pumpFlow(m, m.Start("alice-basic", ""))
	jwt := testJWT()
	for i := range m.steps {
		m.selected = i
		m.refreshDetail()
		content := m.detail.GetContent()
		if strings.Contains(content, flowCanary) || strings.Contains(content, jwt) {
			t.Fatalf("step %d shows a secret while masked:\n%s", i+1, ansi.Strip(content))
		}
	}
	m.selected = 1
	m.refreshDetail()
	if !strings.Contains(m.detail.GetContent(), "password="+authflow.Mask) {
		t.Errorf("the token request's form body is not masked:\n%s", ansi.Strip(m.detail.GetContent()))
	}
	m = pressFlow(m, keyChar('s'))
	if !m.reveal || !strings.Contains(m.detail.GetContent(), "password="+flowCanary) {
		t.Errorf("s did not reveal the password:\n%s", ansi.Strip(m.detail.GetContent()))
	}
	m = pressFlow(m, keyChar('s'))
	if m.reveal || strings.Contains(m.detail.GetContent(), flowCanary) {
		t.Error("s again did not mask the password")
	}
}

func TestFlowStepsForwardAndBack(t *testing.T) {
	m, _ := newFlowTest(t, 80, 24, scriptedSend(oauthSteps(), nil))
	m, _ = pumpFlow(m, m.Start("alice-basic", ""))
	if m.selected != 0 {
		t.Fatalf("a finished walk selects step %d, want the first: a walk is read from the start", m.selected+1)
	}
	left, right := tea.KeyPressMsg{Code: tea.KeyLeft}, tea.KeyPressMsg{Code: tea.KeyRight}
	tests := []struct {
		keys []tea.KeyPressMsg
		want int
	}{
		{[]tea.KeyPressMsg{right, right, right}, 3},
		{[]tea.KeyPressMsg{left}, 2},
		{[]tea.KeyPressMsg{keyChar('p'), keyChar('p')}, 0},
		{[]tea.KeyPressMsg{left}, 0}, // stays on the first step
		{[]tea.KeyPressMsg{right, keyChar('n')}, 2},
		{[]tea.KeyPressMsg{right, right, right}, 3}, // stays on the last
	}
	for _, tt := range tests {
		m = pressFlow(m, tt.keys...)
		if m.selected != tt.want {
			t.Fatalf("after %v: step %d, want %d", tt.keys, m.selected+1, tt.want+1)
		}
	}
	if m.follow {
		t.Error("moving by hand should stop following new steps")
	}
	m.selected = 0
	m.refreshDetail()
	if !strings.Contains(ansi.Strip(m.detail.GetContent()), "Step 1 of 4 · Resolve the profile") {
		t.Errorf("detail does not show step 1:\n%s", ansi.Strip(m.detail.GetContent()))
	}
}

func TestFlowFailedStepShowsErrorAndHint(t *testing.T) {
	steps := oauthSteps()[:2]
	body := "{\"error\":\"invalid_grant\",\"error_description\":\"bad \x1b[31mpassword\"}"
	steps[1].Status = authflow.StepFailed
	steps[1].Err = fmt.Errorf("authflow: token endpoint answered 400: invalid_grant")
	steps[1].Hint = "Check the username and password."
	steps[1].Exchange.Response = &authflow.RecordedResponse{Proto: "HTTP/1.1", Status: "400 Bad Request", StatusCode: 400,
		Body: []byte(body), BodySize: int64(len(body))}
	m, _ := newFlowTest(t, 120, 40, scriptedSend(steps, steps[1].Err))
	m, _ = pumpFlow(m, m.Start("alice-basic", ""))
	if m.selected != 1 {
		t.Fatalf("selected step %d, want the failed step 2", m.selected+1)
	}
	content := m.detail.GetContent()
	for _, want := range []string{"invalid_grant", "→ Check the username and password.", "400 Bad Request", `"error_description":"bad password"`} {
		if !strings.Contains(ansi.Strip(content), want) {
			t.Errorf("detail lacks %q:\n%s", want, ansi.Strip(content))
		}
	}
	if strings.Contains(content, "\x1b[31mpassword") {
		t.Error("the server's escape sequence reached the screen raw")
	}
	if !strings.Contains(ansi.Strip(m.View()), "✗ failed") {
		t.Error("the header does not say the walk failed")
	}
}

func TestFlowDropsMessagesOfACancelledWalk(t *testing.T) {
	m, _ := newFlowTest(t, 80, 24, scriptedSend(oauthSteps(), nil))
	cmd := m.Start("alice-basic", "")
	started := cmd().(flowStartedMsg)
	m, cmd = m.Update(started)
	m = pressFlow(m, keyEsc) // cancels the walk in progress
	if m.running || !m.cancelled {
		t.Fatalf("esc did not cancel: running=%v cancelled=%v", m.running, m.cancelled)
	}
	late := flowStepMsg{run: started.run, index: 0, step: oauthSteps()[0]}
	m, _ = m.Update(late)
	m, _ = m.Update(flowDoneMsg{run: started.run, err: nil})
	if len(m.steps) != 0 || m.err == nil {
		t.Errorf("a late message changed the cancelled walk: steps=%d err=%v", len(m.steps), m.err)
	}
	_ = cmd
	if !strings.Contains(ansi.Strip(m.View()), "cancelled") {
		t.Errorf("the screen does not say the walk was cancelled:\n%s", ansi.Strip(m.View()))
	}
}

func TestFlowAsksTheRootForAPrompt(t *testing.T) {
	m, eng := newFlowTest(t, 80, 24, scriptedSend(oauthSteps(), nil))
	eng.profileErr = &promptNeededError{Label: "password for alice"}
	m, seen := pumpFlow(m, m.Start("alice-basic", ""))
	var asked *needPromptMsg
	for _, msg := range seen {
		if p, ok := msg.(needPromptMsg); ok {
			asked = &p
		}
	}
	if asked == nil || asked.label != "password for alice" || !m.prompting {
		t.Fatalf("no needPromptMsg for the label: %#v (prompting=%v)", seen, m.prompting)
	}
	eng.profileErr = nil
	m, _ = pumpFlow(m, func() tea.Msg { return promptAnsweredMsg{label: "password for alice"} })
	if len(m.steps) != 4 || m.err != nil {
		t.Errorf("the walk did not resume after the answer: steps=%d err=%v", len(m.steps), m.err)
	}
}

func TestFlowCountdownTicks(t *testing.T) {
	m, _ := newFlowTest(t, 120, 40, scriptedSend(oauthSteps(), nil))
	var ticks []int
	m.tick = func(gen int) tea.Cmd {
		ticks = append(ticks, gen)
		return nil
	}
	m, _ = pumpFlow(m, m.Start("alice-basic", ""))
	m = pressFlow(m, keyChar('n'), keyChar('n')) // the token step
	m, cmd := m.Update(openFlowMsg{})
	if len(ticks) == 0 || cmd == nil && len(ticks) == 0 {
		t.Fatal("no countdown started on the token step")
	}
	if got := ansi.Strip(m.detail.GetContent()); !strings.Contains(got, "expires in 1h0m0s") {
		t.Fatalf("no countdown in:\n%s", got)
	}
	gen := m.tickGen
	m, _ = m.Update(flowTickMsg{gen: gen, at: flowClock.Add(61 * time.Second)})
	if got := ansi.Strip(m.detail.GetContent()); !strings.Contains(got, "expires in 58m59s") {
		t.Errorf("the countdown did not move:\n%s", got)
	}
	m, _ = m.Update(flowTickMsg{gen: gen - 1, at: flowClock.Add(2 * time.Hour)})
	if got := ansi.Strip(m.detail.GetContent()); strings.Contains(got, "expired") {
		t.Error("a tick of an old countdown was not dropped")
	}
	m, _ = m.Update(flowTickMsg{gen: gen, at: flowClock.Add(2 * time.Hour)})
	if got := ansi.Strip(m.detail.GetContent()); !strings.Contains(got, "expired 1h0m0s ago") {
		t.Errorf("an expired token is not shown as expired:\n%s", got)
	}
}

func TestFlowPickerStartsTheChosenProfile(t *testing.T) {
	m, _ := newFlowTest(t, 80, 24, scriptedSend(oauthSteps(), nil))
	m, cmd := m.Update(openFlowMsg{})
	if !m.picking || cmd != nil {
		t.Fatalf("an empty open should show the picker: picking=%v", m.picking)
	}
	if got := ansi.Strip(m.View()); !strings.Contains(got, "alice-basic") || !strings.Contains(got, "→ Who am I") {
		t.Errorf("the picker does not list the profile and its request:\n%s", got)
	}
	m, cmd = m.Update(keyEnter)
	if m.picking || cmd == nil || m.profile != "alice-basic" {
		t.Fatalf("enter did not start the walk: picking=%v profile=%q", m.picking, m.profile)
	}
	m, _ = pumpFlow(m, cmd)
	m, _ = m.Update(keyEsc) // from the finished walk back to the picker
	if !m.picking {
		t.Error("esc on a finished walk should return to the picker")
	}
	_, cmd = m.Update(keyEsc)
	if cmd == nil {
		t.Fatal("esc on the picker returned no command")
	}
	if _, ok := cmd().(backMsg); !ok {
		t.Error("esc on the picker should ask the root to go back")
	}
}

func TestFlowScreensGolden(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			m, _ := newFlowTest(t, size.w, size.h, scriptedSend(oauthSteps(), nil))
			checkGolden(t, fmt.Sprintf("flow_picker_%dx%d", size.w, size.h), ansi.Strip(m.View()))
			m, _ = pumpFlow(m, m.Start("alice-basic", ""))
			m = pressFlow(m, keyChar('n'))
			view := m.View()
			checkFits(t, view, size.w, size.h)
			checkGolden(t, fmt.Sprintf("flow_token_request_%dx%d", size.w, size.h), ansi.Strip(view))
			m = pressFlow(m, keyChar('n'))
			checkGolden(t, fmt.Sprintf("flow_token_%dx%d", size.w, size.h), ansi.Strip(m.View()))
		})
	}
}

func TestFlowClickSelectsAStep(t *testing.T) {
	m, _ := newFlowTest(t, 80, 24, scriptedSend(oauthSteps(), nil))
	m, _ = pumpFlow(m, m.Start("alice-basic", ""))
	m, _ = m.Update(tea.MouseClickMsg{X: 3, Y: 2, Button: tea.MouseLeft}) // the second step's line
	if m.selected != 1 {
		t.Errorf("a click on step 2 selected step %d", m.selected+1)
	}
	m, _ = m.Update(tea.MouseClickMsg{X: 60, Y: 4, Button: tea.MouseLeft}) // in the detail
	if m.selected != 1 {
		t.Error("a click in the detail changed the step")
	}
}

// TestFlowPickerChoosesTheRequest: tab opens the request list with its
// filter, so any request is a few keys away in either direction: /list
// enter narrows it to "List users", enter chooses it, and the walk ends
// with it (issue 13 defect 9: tab only cycled forward, up to 17 presses).
func TestFlowPickerChoosesTheRequest(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			m, _ := newFlowTest(t, size.w, size.h, scriptedSend(oauthSteps(), nil))
			m = pressFlow(m, tea.KeyPressMsg{Code: tea.KeyTab})
			if !m.capturingInput() && m.requests == nil {
				t.Fatal("tab did not open the request list")
			}
			view := ansi.Strip(m.View())
			checkFits(t, m.View(), size.w, size.h)
			checkGolden(t, fmt.Sprintf("flow_choose_request_%dx%d", size.w, size.h), view)
			// Up goes back as well as down: the list starts on the profile's
			// own request, "Who am I".
			m = pressFlow(m, tea.KeyPressMsg{Code: tea.KeyUp})
			if r := m.requests.Selected(); r == nil || r.Name != "Health" {
				t.Errorf("up selected %v, want Health", r)
			}
			m = pressFlow(m, keyChar('/'))
			if !m.capturingInput() {
				t.Fatal("/ did not give the filter the keys")
			}
			for _, r := range "list" {
				m = pressFlow(m, keyChar(r))
			}
			m = pressFlow(m, keyEnter, keyEnter)
			if m.requests != nil || m.pickRequest != "List users" {
				t.Fatalf("chose %q (chooser open: %v), want List users", m.pickRequest, m.requests != nil)
			}
			if !strings.Contains(ansi.Strip(m.View()), "→ List users") {
				t.Errorf("the picker does not show the chosen request:\n%s", ansi.Strip(m.View()))
			}
			// esc leaves the choice as it was.
			m = pressFlow(m, tea.KeyPressMsg{Code: tea.KeyTab}, keyDown, keyEsc)
			if m.requests != nil || m.pickRequest != "List users" {
				t.Errorf("esc changed the choice to %q", m.pickRequest)
			}
			m, _ = pumpFlow(m, func() tea.Msg { return keyEnter })
			if m.profile != "alice-basic" || m.request != "List users" || len(m.steps) != 4 {
				t.Errorf("walked %s → %s with %d steps", m.profile, m.request, len(m.steps))
			}
		})
	}
}

// TestFlowPickerFooterSaysTab: the footer names tab on the picker, at 80
// columns too.
func TestFlowPickerFooterSaysTab(t *testing.T) {
	m, _ := newTestModel(t, 80, 24, true)
	m = feed(m, 0, keyChar('2'))
	lines := strings.Split(screenText(m), "\n")
	if foot := lines[len(lines)-1]; !strings.Contains(foot, "tab choose the request") {
		t.Errorf("the footer does not mention tab: %q", foot)
	}
}

package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
)

// clipSteps is a token step as authflow reports it for the demo: a label
// wider than the label column, a field naming the expiry (its value
// counted when the step ran, five minutes "ago" by the screen's clock) and
// the access token, whose expiry the screen counts down.
func clipSteps() []authflow.Step {
	steps := oauthSteps()
	steps[2].Fields = append(steps[2].Fields,
		authflow.Field{Label: "expires", At: flowClock.Add(time.Hour), Value: "2026-11-25T11:00:00Z (in 1h5m0s)"},
		authflow.Field{Label: "credentials (base64 of user-id:password)", Value: "YWxpY2U6c2VjcmV0", Secret: true},
		authflow.Field{Label: "JWT claim client_id", Value: `"keyway-demo"`},
		authflow.Field{Label: "refresh_token", Value: "rt-3f9a-77c1-beef-0042-9d7e-aaaa-bbbb-cccc-dddd-eeee-ffff"},
	)
	return steps
}

// TestFlowDetailCutsNothing: at 80×24 and 120×40 every label is read in
// full (wrapped in its column, not "credentials (bas…"), the expiry line
// keeps its ")", and the times on the screen come from one clock: the
// expires field and the token's countdown agree, before and after a tick
// (issue 13 defect 8).
func TestFlowDetailCutsNothing(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			m, _ := newFlowTest(t, size.w, size.h, scriptedSend(clipSteps(), nil))
			m, _ = pumpFlow(m, m.Start("alice-basic", ""))
			m = pressFlow(m, keyChar('n'), keyChar('n'))
			content := ansi.Strip(m.detail.GetContent())
			width := m.detail.Width()
			for _, l := range strings.Split(content, "\n") {
				if ansi.StringWidth(l) > width {
					t.Errorf("line %q is wider than the pane (%d), so it is cut", l, width)
				}
			}
			flat := strings.Join(strings.Fields(content), " ")
			if strings.Contains(content, "…") {
				t.Errorf("something is cut short:\n%s", content)
			}
			for _, want := range []string{
				"credentials", "(base64", "user-id:password)",
				"JWT claim", "client_id",
				"expires in 1h0m0s (2026-11-25T11:00:00Z)",
				"2026-11-25T11:00:00Z (in 1h0m0s)",
			} {
				if !strings.Contains(flat, want) {
					t.Errorf("the detail does not show %q in full:\n%s", want, content)
				}
			}
			if strings.Contains(content, "1h5m0s") {
				t.Errorf("the expires field keeps the time of the step, not the screen's:\n%s", content)
			}
			m, _ = m.Update(flowTickMsg{gen: m.tickGen, at: flowClock.Add(61 * time.Second)})
			flat = strings.Join(strings.Fields(ansi.Strip(m.detail.GetContent())), " ")
			if !strings.Contains(flat, "(in 58m59s)") || !strings.Contains(flat, "expires in 58m59s") {
				t.Errorf("after a tick the two times disagree:\n%s", flat)
			}
		})
	}
}

// TestFlowRawExchangeWrapsAtSpaces: a request line too long for the pane
// wraps at its spaces, so "HTTP/1.1" stays whole, and a refresh token in a
// JSON body is not split at a hyphen (issue 13 defect 12).
func TestFlowRawExchangeWrapsAtSpaces(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			probe, _ := newFlowTest(t, size.w, size.h, nil)
			width := probe.detail.Width()
			steps := oauthSteps()
			last := steps[len(steps)-1].Exchange
			// "GET /api/notes/N?page=2 HTTP/1.1" ends 3 columns past the pane,
			// inside "HTTP/1.1"; the body's "v-…" value likewise.
			last.Request.URL = "http://127.0.0.1:8080/api/notes/" + strings.Repeat("n", width-28) + "?page=2"
			body := `{"note": "` + strings.Repeat("x", width-30) + `", "etag": "v-3f9a-77c1-beef"}`
			last.Response.Body, last.Response.BodySize = []byte(body), int64(len(body))
			m, _ := newFlowTest(t, size.w, size.h, scriptedSend(steps, nil))
			m, _ = pumpFlow(m, m.Start("alice-basic", ""))
			m = pressFlow(m, keyChar('n'), keyChar('n'), keyChar('n'))
			content := ansi.Strip(m.detail.GetContent())
			for _, want := range []string{"HTTP/1.1", `"v-3f9a-77c1-beef"}`} {
				found := false
				for _, l := range strings.Split(content, "\n") {
					found = found || strings.Contains(l, want)
				}
				if !found {
					t.Errorf("%q is split across lines:\n%s", want, content)
				}
			}
		})
	}
}

// TestFlowShowsMaskedPartsOfASecretField: a secret field with a masked
// form shows it ("alice:••••••") until s reveals the whole value, and again
// after s masks it (issue 13, teaching: Basic's joined user-id:password).
func TestFlowShowsMaskedPartsOfASecretField(t *testing.T) {
	steps := []authflow.Step{{Title: "Encode the credentials", Status: authflow.StepDone, Fields: []authflow.Field{
		{Label: "user-id:password", Value: "alice:" + flowCanary, Secret: true, Masked: "alice:" + authflow.Mask}}}}
	m, _ := newFlowTest(t, 80, 24, scriptedSend(steps, nil))
	m, _ = pumpFlow(m, m.Start("alice-basic", ""))
	m.selectStep(0)
	if got := ansi.Strip(m.detail.GetContent()); !strings.Contains(got, "user-id:password  alice:"+authflow.Mask) || strings.Contains(got, flowCanary) {
		t.Fatalf("masked:\n%s", got)
	}
	m = pressFlow(m, keyChar('s'))
	if got := ansi.Strip(m.detail.GetContent()); !strings.Contains(got, "alice:"+flowCanary) {
		t.Errorf("revealed:\n%s", got)
	}
	m = pressFlow(m, keyChar('s'))
	if got := ansi.Strip(m.detail.GetContent()); strings.Contains(got, flowCanary) {
		t.Errorf("masked again:\n%s", got)
	}
}

// TestFlowAsksWithoutCredentialsFirst: Basic and Bearer walks start with
// the challenge step (authflow's SendOptions.Challenge); an OAuth2 walk,
// whose lesson is the token exchange, does not.
func TestFlowAsksWithoutCredentialsFirst(t *testing.T) {
	for typ, want := range map[authflow.Type]bool{authflow.TypeBasic: true, authflow.TypeBearer: true, authflow.TypeOAuth2Password: false} {
		var got bool
		send := func(ctx context.Context, p *authflow.Profile, req authflow.Request, opts authflow.SendOptions) (*authflow.Response, *authflow.Flow, error) {
			got = opts.Challenge
			return scriptedSend(oauthSteps(), nil)(ctx, p, req, opts)
		}
		m, eng := newFlowTest(t, 80, 24, send)
		eng.typ = typ
		pumpFlow(m, m.Start("alice-basic", ""))
		if got != want {
			t.Errorf("%s: Challenge = %v, want %v", typ, got, want)
		}
	}
}

// TestFlowStepListShowsWholeTitles: at 80 columns the step list is wide
// enough for the walks' titles ("Encode the credentia…" before).
func TestFlowStepListShowsWholeTitles(t *testing.T) {
	titles := []string{"Ask without credentials", "Encode the credentials", "Read the token response", "Send the request"}
	var steps []authflow.Step
	for _, title := range titles {
		steps = append(steps, authflow.Step{Title: title, Status: authflow.StepDone})
	}
	m, _ := newFlowTest(t, 80, 24, scriptedSend(steps, nil))
	m, _ = pumpFlow(m, m.Start("alice-basic", ""))
	view := ansi.Strip(m.View())
	for i, title := range titles {
		if !strings.Contains(view, fmt.Sprintf("%d %s", i+1, title)) {
			t.Errorf("step %d's title is cut:\n%s", i+1, view)
		}
	}
}

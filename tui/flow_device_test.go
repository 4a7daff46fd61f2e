package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
)

// deviceSteps are the device grant's steps as authflow reports them: the
// device authorization, with the user code plain and large and a QR code
// of verification_uri_complete, then a poll.
func deviceSteps() []authflow.Step {
	qr := "\n" + strings.Repeat("█▀▀▀▀▀█ ▄ █▀▀▀▀▀█\n", 3) + "▀▀▀▀▀▀▀ ▀ ▀▀▀▀▀▀▀"
	return []authflow.Step{
		{Title: "Ask for a device code", RFC: "RFC 8628 §3.1-3.2", Status: authflow.StepDone,
			Why: "keyway asks the device authorization endpoint for a code to show you.",
			Fields: []authflow.Field{
				{Label: "device_code", Value: "dc-secret-5f1e", Secret: true},
				{Label: "user_code", Value: "WDJB-MJHT"},
				{Label: "user code, large", Value: "\n" + strings.Repeat("██████ ", 9)},
				{Label: "verification_uri", Value: "http://127.0.0.1:8080/device"},
				{Label: "verification_uri_complete", Value: "http://127.0.0.1:8080/device?user_code=WDJB-MJHT"},
				{Label: "QR code of verification_uri_complete", Value: qr},
				{Label: "expires", Value: "in 10m0s"},
			}},
		{Title: "Poll for the token", RFC: "RFC 8628 §3.4-3.5", Status: authflow.StepRunning,
			Why: "keyway asks the token endpoint whether you have approved, every interval."},
	}
}

func TestFlowShowsTheDeviceCodeLarge(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			m, _ := newFlowTest(t, size.w, size.h, scriptedSend(deviceSteps(), nil))
			m, _ = pumpFlow(m, m.Start("alice-basic", ""))
			m.selectStep(0)
			view := ansi.Strip(m.View())
			checkFits(t, m.View(), size.w, size.h)
			for _, want := range []string{
				"█  █ ███    ██ ███       █  █   ██ █  █ ████", // WDJB-MJHT, the screen's own letters
				"user_code", "WDJB-MJHT",
			} {
				if !strings.Contains(view, want) {
					t.Errorf("the step lacks %q:\n%s", want, view)
				}
			}
			if strings.Contains(view, "dc-secret-5f1e") || strings.Contains(view, "↵") {
				t.Errorf("a secret or a broken picture:\n%s", view)
			}
			checkGolden(t, fmt.Sprintf("flow_device_code_%dx%d", size.w, size.h), view)
			all := ansi.Strip(m.detailContent(size.w))
			if !strings.Contains(all, "  █▀▀▀▀▀█ ▄ █▀▀▀▀▀█\n") {
				t.Errorf("the QR code lost its lines:\n%s", all)
			}
		})
	}
}

func TestFieldBlockTooWide(t *testing.T) {
	f := authflow.Field{Label: "QR", Value: "\n" + strings.Repeat("█", 60)}
	got, ok := fieldBlock(f, nil, 40)
	if !ok || got != "  (62 columns wide: widen the window to see it)" {
		t.Fatalf("fieldBlock = %q, %v", got, ok)
	}
	if _, ok := fieldBlock(authflow.Field{Label: "x", Value: "\nsecret", Secret: true}, nil, 40); ok {
		t.Fatal("a secret field was drawn as a picture")
	}
}

package tui

import (
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
)

// The QR code is drawn white on black in colour, on a light background
// too, where the text's own dark colour would invert it.
func TestQRDrawnWhiteOnBlack(t *testing.T) {
	qr, err := authflow.QRText("http://127.0.0.1:8080/device?user_code=WDJB-MJHT")
	if err != nil {
		t.Fatal(err)
	}
	got := qrColours("  " + strings.ReplaceAll(qr, "\n", "\n  "))
	for i, line := range strings.Split(got, "\n") {
		// 38;2;255;255;255 white text, 48;2;0;0;0 black background.
		if !strings.Contains(line, "255;255;255") || !strings.Contains(line, "48;2;0;0;0") {
			t.Fatalf("line %d is not white on black: %q", i, line)
		}
	}
}

// On the Flow screen in colour with a light background, the device step's
// QR code lines are drawn white on black; without colour (NO_COLOR) they
// stay plain.
func TestFlowQRWhiteOnBlackOnLight(t *testing.T) {
	for _, noColor := range []bool{false, true} {
		m, _ := newFlowTest(t, 120, 40, scriptedSend(deviceSteps(), nil))
		m.c.dark, m.c.noColor = false, noColor
		m, _ = pumpFlow(m, m.Start("alice-basic", ""))
		m.selectStep(0)
		all := m.detailContent(120)
		qr := false
		for _, line := range strings.Split(all, "\n") {
			if strings.Contains(line, "▀▀▀▀▀") {
				qr = true
				if white := strings.Contains(line, "255;255;255"); white == noColor {
					t.Fatalf("noColor %v: QR line %q", noColor, line)
				}
			}
		}
		if !qr {
			t.Fatal("no QR code in the step")
		}
	}
}

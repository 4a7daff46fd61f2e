package tui

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/run"
)

func TestHistoryKeepsTheLastSendsOfARequest(t *testing.T) {
	m, eng := newTestModel(t, 140, 30, true)
	sends := historyPerRequest + 2
	for range sends {
		m = feed(m, 2, keyEnter)
	}
	if len(eng.sends) != sends {
		t.Fatalf("%d sends, want %d", len(eng.sends), sends)
	}
	if got := m.explore.history.len("Health"); got != historyPerRequest {
		t.Fatalf("history keeps %d exchanges, want %d", got, historyPerRequest)
	}
	want := fmt.Sprintf("response %d of %d", historyPerRequest, historyPerRequest)
	if !strings.Contains(screenText(m), want) || !strings.Contains(screenText(m), "2 older dropped") {
		t.Fatalf("the note does not place the response or say what was dropped:\n%s", screenText(m))
	}
	// h still cycles through what is kept, back to the newest.
	for i := historyPerRequest - 1; i >= 1; i-- {
		m = feed(m, 0, keyChar('h'))
		if want := fmt.Sprintf("response %d of %d", i, historyPerRequest); !strings.Contains(screenText(m), want) {
			t.Fatalf("after cycling, want %q:\n%s", want, screenText(m))
		}
	}
	m = feed(m, 0, keyChar('h'))
	if !strings.Contains(screenText(m), want) {
		t.Fatalf("h did not come back to the newest:\n%s", screenText(m))
	}
}

// textExchange is an exchange whose body is n lines of text.
func textExchange(n int) *exchange {
	body := strings.Repeat("0123456789abcdef\n", n)
	return newExchange(time.Unix(0, 0), run.Outcome{Response: &authflow.Response{StatusCode: 200, Status: "200 OK",
		Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte(body), Size: int64(len(body))}})
}

func TestHistoryCapsTheBytesKeptDroppingTheOldestFirst(t *testing.T) {
	one := textExchange(1000).size()
	h := newSendHistory(historyPerRequest, 3*one) // room for three
	for _, name := range []string{"a", "b", "a", "c"} {
		h.add(name, textExchange(1000))
	}
	if h.bytes > h.maxBytes {
		t.Fatalf("%d bytes kept, over the cap of %d", h.bytes, h.maxBytes)
	}
	// The first "a" was the oldest of all: it went, not b's only one.
	if h.len("a") != 1 || h.len("b") != 1 || h.len("c") != 1 {
		t.Fatalf("kept a=%d b=%d c=%d, want one each", h.len("a"), h.len("b"), h.len("c"))
	}
	if _, note := h.current("a"); note != "1 older dropped" {
		t.Errorf("note for a = %q", note)
	}
	if _, note := h.current("b"); note != "" {
		t.Errorf("note for b = %q, want none", note)
	}
	// An exchange larger than the whole cap is still kept, alone: the
	// newest answer is always there to see.
	h.add("big", textExchange(4000))
	if h.count() != 1 || h.len("big") != 1 {
		t.Fatalf("kept %d exchanges (big %d), want only the newest", h.count(), h.len("big"))
	}
	if h.bytes != h.entries["big"][0].size {
		t.Errorf("bytes = %d, want the size of the one kept (%d)", h.bytes, h.entries["big"][0].size)
	}
}

func TestExchangeKeepsOneCopyOfTheBody(t *testing.T) {
	body := `{"name":"alice"}`
	resp := jsonResponse(body)
	resp.Truncated, resp.Size = true, 1<<20
	flow := &authflow.Flow{Steps: []authflow.Step{{Title: "Send the request", Status: authflow.StepFailed, Hint: "try again",
		Exchange: &authflow.Exchange{Response: &authflow.RecordedResponse{StatusCode: 200, Body: []byte(body)}}}}}
	ex := newExchange(time.Unix(0, 0), run.Outcome{Response: resp, Flow: flow})
	if ex.result.Response.Body != nil {
		t.Error("the raw body is kept beside its prepared lines")
	}
	if ex.result.Flow.Steps[0].Exchange != nil {
		t.Error("the flow's recorded exchange is kept")
	}
	if resp.Body == nil || flow.Steps[0].Exchange == nil {
		t.Error("the sender's result was changed")
	}
	if flowHint(ex.result) == "" {
		t.Error("the flow's hint was lost")
	}
	c := newCommon(testCollection(), "", newSession(nil, nil, nil), &fakeEngine{})
	v := newResponseView(c)
	v.SetSize(80, 10)
	v.SetExchange(ex, "")
	if s := v.summary(); !strings.Contains(s, "first 16 B kept") {
		t.Errorf("summary %q does not say how much of the body was kept", s)
	}
}

// TestFlowHintIsNotRepeated: a refused token request's error ends with
// its hint (so that run output and reports show it); the response view
// does not show the same advice twice.
func TestFlowHintIsNotRepeated(t *testing.T) {
	const hint = `Check client_id and client_secret; try client_auth = "body".`
	flow := &authflow.Flow{Steps: []authflow.Step{{Title: "Read the token response", Status: authflow.StepFailed, Hint: hint}}}
	res := run.Outcome{Flow: flow, Err: errors.New("authflow: token endpoint answered 401: invalid_client; hint: " + hint)}
	if got := flowHint(res); strings.Contains(got, hint) {
		t.Errorf("flowHint = %q repeats the error's hint", got)
	}
	res.Err = errors.New("authflow: something else")
	if got := flowHint(res); !strings.Contains(got, hint) {
		t.Errorf("flowHint = %q lost the step's hint", got)
	}
}

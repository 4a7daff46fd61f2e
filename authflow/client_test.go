package authflow

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestObserveStreamsEveryStep(t *testing.T) {
	a := newTokenAPI(t, bearerToken("tok", "60"))
	var (
		mu     sync.Mutex
		events []Step
		index  []int
	)
	opts := SendOptions{Observe: func(i int, s Step) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, s)
		index = append(index, i)
	}}
	_, flow, err := NewClient().Send(context.Background(), oauthProfile(a), Request{URL: a.URL + "/api"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	// Each step is reported when it starts (running) and when it ends.
	if len(events) != 2*len(flow.Steps) {
		t.Fatalf("%d events for %d steps", len(events), len(flow.Steps))
	}
	for i := range flow.Steps {
		start, end := events[2*i], events[2*i+1]
		if index[2*i] != i || index[2*i+1] != i {
			t.Errorf("step %d reported as %d and %d", i, index[2*i], index[2*i+1])
		}
		if start.Status != StepRunning || end.Status != flow.Steps[i].Status || end.Title != flow.Steps[i].Title {
			t.Errorf("step %d: start %v, end %v, final %v", i, start.Status, end.Status, flow.Steps[i].Status)
		}
		if end.Exchange != flow.Steps[i].Exchange {
			t.Errorf("step %d: the ending report lacks the exchange", i)
		}
	}
	final := lastStep(flow)
	if final.Title != "Send the request" || final.Exchange == nil || final.Exchange.Response.StatusCode != 200 {
		t.Errorf("final step = %+v", final)
	}
	if flow.Token == nil || flow.Token.AccessToken != "tok" {
		t.Errorf("flow.Token = %+v", flow.Token)
	}
}

func TestNilProfileSendsNoCredentials(t *testing.T) {
	srv := newRecordingServer(t, jsonHandler(200, `{}`))
	_, flow, err := send(t, &Client{}, nil, Request{Method: "POST", URL: srv.URL, Body: []byte(`{"a":1}`)})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.got()[0]
	if got.Header.Get("Authorization") != "" || got.Body != `{"a":1}` || got.Method != "POST" {
		t.Errorf("server got %+v", got)
	}
	if flow.Type != TypeNone || len(flow.Steps) != 1 {
		t.Errorf("flow = %+v", flow)
	}
	if ex := flow.Steps[0].Exchange; string(ex.Request.Body) != `{"a":1}` || ex.Request.BodySize != 7 {
		t.Errorf("recorded request body %q (%d)", ex.Request.Body, ex.Request.BodySize)
	}
}

func TestRefusedNote(t *testing.T) {
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="api"`)
		w.WriteHeader(http.StatusUnauthorized)
	})
	p := &Profile{Type: TypeBasic, Username: "alice", Password: "wrong"}
	resp, flow, err := send(t, NewClient(), p, Request{URL: srv.URL})
	if err != nil || resp.StatusCode != 401 {
		t.Fatalf("resp %v, err %v", resp, err)
	}
	fields := map[string]string{}
	for _, f := range lastStep(flow).Fields {
		fields[f.Label] = f.Value
	}
	if fields["WWW-Authenticate"] != `Basic realm="api"` {
		t.Errorf("fields = %v", fields)
	}
	if s := lastStep(flow); s.Status != StepFailed || s.Err == nil || !strings.Contains(s.Err.Error(), "refused the user-id and password") {
		t.Errorf("last step %v, err %v: a refused password is a failed step", s.Status, s.Err)
	}
	if n := len(srv.got()); n != 1 {
		t.Errorf("%d requests: a Basic 401 must not be retried", n)
	}
}

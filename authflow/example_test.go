package authflow_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/keyway-cli/keyway/authflow"
)

// Send a request with Basic credentials and look at the flow that led to
// the response.
func ExampleClient_Send() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, _, ok := r.BasicAuth()
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, "hello %s", user)
	}))
	defer api.Close()

	client := authflow.NewClient()
	profile := &authflow.Profile{Name: "alice", Type: authflow.TypeBasic, Username: "alice", Password: "wonderland"}
	resp, flow, err := client.Send(context.Background(), profile, authflow.Request{URL: api.URL + "/me"}, authflow.SendOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, step := range flow.Steps {
		fmt.Printf("%d. %s (%s) %s\n", i+1, step.Title, step.RFC, step.Status)
	}
	fmt.Println(resp.StatusCode, string(resp.Body))
	// Output:
	// 1. Encode the credentials (RFC 7617 §2) done
	// 2. Send the request (RFC 7617 §2; RFC 9110 §11.6.2) done
	// 200 hello alice
}

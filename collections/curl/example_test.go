package curl_test

import (
	"fmt"
	"net/http"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/curl"
)

// The password never appears: the command reads it from a shell variable,
// here the one the collection itself reads ({{env:ALICE_PASSWORD}}).
func ExampleRender() {
	p := &collections.Prepared{
		Request: authflow.Request{Method: "GET", URL: "http://127.0.0.1:8080/me",
			Header: http.Header{"Accept": {"application/json"}}},
		Profile: &authflow.Profile{Name: "alice-basic", Type: authflow.TypeBasic, Username: "alice", Password: "wonderland"},
	}
	cmd := curl.Render(p, map[string]string{"wonderland": "ALICE_PASSWORD"})
	fmt.Println(cmd.Script)
	for _, v := range cmd.Vars {
		fmt.Printf("set %s to %s\n", v.Name, v.Holds)
	}
	// Output:
	// curl http://127.0.0.1:8080/me \
	//   -H 'Accept: application/json' \
	//   --user 'alice:'"${ALICE_PASSWORD}"
	// set ALICE_PASSWORD to the password of profile "alice-basic"
}

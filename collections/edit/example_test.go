package edit_test

import (
	"fmt"

	"github.com/keyway-cli/keyway/collections/edit"
)

// A value is replaced in place: the alignment and the comment stay.
func ExampleSetRequestField() {
	src := []byte(`[[request]]
name   = "Who am I"
method = "GET"     # read only
url    = "{{base_url}}/me"
`)
	out, err := edit.SetRequestField(src, 0, "method", "POST")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// [[request]]
	// name   = "Who am I"
	// method = "POST"     # read only
	// url    = "{{base_url}}/me"
}

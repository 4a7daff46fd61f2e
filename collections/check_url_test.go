package collections

import "testing"

// TestCheckEncodesValuesAsPrepareDoes: a control character or a space that
// --var puts after a URL's host is percent-encoded when sent, as one from a
// capture is, so Check accepts it rather than calling the URL invalid
// (hostile review of issue 9, B-F7); one in the host is still refused.
func TestCheckEncodesValuesAsPrepareDoes(t *testing.T) {
	c, err := Parse("u.toml", []byte("name = \"u\"\n[[request]]\nname = \"a\"\nurl = \"{{base}}/echo?v={{v}}\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	ok := &Scope{Vars: map[string]string{"base": "http://127.0.0.1:1", "v": "a\r\nb HTTP/1.0"}}
	if err := c.Check(ok); err != nil {
		t.Errorf("Check = %v; want the value accepted (it is sent encoded)", err)
	}
	bad := &Scope{Vars: map[string]string{"base": "http://127.0.0.1\r\n:1", "v": "a"}}
	if err := c.Check(bad); err == nil {
		t.Error("Check accepted a control character in the host")
	}
}

package collections

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

// FuzzParse: the loader must never panic, and must either return a
// collection or an ErrorList whose every line is positioned in the file.
// It accepts exactly the TOML go-toml does: what go-toml refuses is
// refused, and what go-toml accepts is never called invalid TOML.
func FuzzParse(f *testing.F) {
	f.Add([]byte(fullCollection))
	f.Add([]byte(""))
	f.Add([]byte("[[request]]\nname = \"a\"\nurl = \"{{x\"\n[request.expect]\nstatus = \"200\"\n"))
	f.Add([]byte("a.b = 1\n[a]\n"))
	f.Add([]byte("[profile.p]\ntype = \"basic\"\nusername = \"a:b\"\n[[request]]\nname = 1\n"))
	f.Add([]byte("[[request]]\nname = \"u\"\nurl = \"http://h\"\n[request.multipart]\nt = \"{{v}}\"\np = { file = \"a.png\", content_type = \"image/png\" }\nq = [{ file = \"b\" }, \"x\", 3]\n"))
	f.Add([]byte("[[request]]\nname = \"f\"\nurl = \"http://h\"\nbody_file = \"{{x}}\"\nform = {}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.toml", data)
		var values map[string]any
		tomlErr := toml.Unmarshal(bytes.TrimPrefix(data, []byte("\uFEFF")), &values)
		if tomlErr != nil && err == nil {
			t.Fatalf("accepted what go-toml refuses (%v):\n%s", tomlErr, data)
		}
		if tomlErr == nil && err != nil && strings.Contains(err.Error(), "invalid TOML") {
			t.Fatalf("called valid TOML invalid: %v\n%s", err, data)
		}
		if err == nil {
			if c == nil {
				t.Fatal("nil collection without error")
			}
			// A valid collection must also survive Check and Prepare.
			_ = c.Check(&Scope{})
			for _, r := range c.Requests {
				_, _ = c.Prepare(r, &Scope{})
			}
			return
		}
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error is not a non-empty ErrorList: %v", err)
		}
		for _, e := range list {
			if e.Pos.File != "f.toml" || e.Pos.Line < 1 {
				t.Fatalf("error without a position: %q", e.Error())
			}
		}
	})
}

// FuzzResolve: any template either parses or is rejected, never panics, and
// an expansion never leaves a reference the scope could not resolve.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"{{a}}", "x{{ env:E }}y", "{{secret:s}}{{prompt}}", "{{prompt:Label}}", "{{", "}}{{}}", "{{a}}{{b}}", "{{cycle}}", "{{env:E}}{{{{a}}}}"} {
		f.Add(s, "{{b}}")
	}
	f.Fuzz(func(t *testing.T, tmpl, value string) {
		segs, err := parseTemplate(tmpl)
		if err != nil {
			if !errors.Is(err, ErrTemplateSyntax) {
				t.Fatalf("syntax error does not wrap ErrTemplateSyntax: %v", err)
			}
			return
		}
		var rebuilt strings.Builder
		for _, s := range segs {
			if s.ref == nil {
				rebuilt.WriteString(s.literal)
			} else {
				rebuilt.WriteString("<ref>")
			}
		}
		if strings.Contains(rebuilt.String(), "{{") {
			t.Fatalf("literal text kept a reference opener: %q → %q", tmpl, rebuilt.String())
		}
		c := &Collection{Vars: map[string]string{"a": value, "b": "{{a}}", "cycle": "{{cycle}}"}}
		scope := &Scope{
			LookupEnv: func(string) (string, bool) { return value, true },
			Secrets:   mapSecrets{"s": value},
			Prompt:    func(string) (string, error) { return value, nil },
		}
		res := c.newResolver(scope)
		out, _, err := res.expand(tmpl, "label")
		if err != nil {
			return
		}
		// Only inserted values may bring "{{" into the result (alone or
		// beside a literal "{").
		if !strings.Contains(value, "{") && strings.Contains(out, "{{") {
			t.Fatalf("expansion of %q left a reference: %q", tmpl, out)
		}
		_ = fmt.Sprint(res.secrets)
	})
}

package config

import (
	"errors"
	"testing"
)

// FuzzParse: any bytes give a Config or an ErrorList whose every entry has
// a position in the file, never a panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte("theme = \"dark\"\n[keys]\nsend = \"ctrl+r\"\n"))
	f.Add([]byte("keys = { flow = { next = [\"n\", \"alt+ctrl+x\"] } }\n"))
	f.Add([]byte("[keys.a.b]\n[[keys]]\neditor = 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.toml", data)
		if err == nil {
			if c == nil {
				t.Fatal("nil config without an error")
			}
			for _, b := range c.Keys {
				if len(b.Keys) == 0 || len(b.Keys) != len(b.KeyPos) {
					t.Fatalf("binding %+v", b)
				}
			}
			return
		}
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error %T %v", err, err)
		}
		for _, e := range list {
			if e.Pos.File != "f.toml" {
				t.Fatalf("no file in %v", e)
			}
		}
	})
}

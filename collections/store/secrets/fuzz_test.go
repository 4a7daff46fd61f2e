package secrets

import (
	"strings"
	"testing"
)

// FuzzDecodeStore feeds any bytes to the store decoder: it never panics,
// its errors never quote the file (which holds secrets), and what it reads
// is written back to the same values.
func FuzzDecodeStore(f *testing.F) {
	f.Add([]byte("a = \"kwcanary1\"\n[b]\nvalue = \"kwcanary2\"\nhosts = [\"h.example\"]\n"))
	f.Add([]byte("[b]\nvalue = 1\n"))
	f.Add([]byte("a = [\"kwcanary\"]\n"))
	f.Add([]byte("kwcanary = \"\"\n[x]\nvalue=\"kwcanary\"\nhosts=[\"*.\"]"))
	f.Add([]byte("[k]\nkeychain = true\nhosts = [\"h.example\"]\n[m]\nkeychain = true\n"))
	f.Add([]byte("[k]\nkeychain = true\nvalue = \"kwcanary\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		values, err := decodeStore(data)
		if err != nil {
			if err == errInvalidStore && strings.Contains(err.Error(), "kwcanary") {
				t.Fatalf("error quotes the store: %v", err)
			}
			return
		}
		out, err := encodeStore(values)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		again, err := decodeStore(out)
		if err != nil {
			t.Fatalf("re-decode of %q: %v", out, err)
		}
		if len(again) != len(values) {
			t.Fatalf("round trip changed %d entries to %d", len(values), len(again))
		}
		for name, e := range values {
			if again[name].Value != e.Value || again[name].Keychain != e.Keychain || len(again[name].Hosts) != len(e.Hosts) {
				t.Fatalf("round trip changed %q: %+v → %+v", name, e, again[name])
			}
		}
	})
}

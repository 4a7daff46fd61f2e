package edit

import (
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections"
	"github.com/pelletier/go-toml/v2"
)

// TestAppendTables adds what an importer writes to an open collection:
// new vars into [vars], the profile after the last profile, the requests
// at the end, each with its comment; every byte of the open file kept.
func TestAppendTables(t *testing.T) {
	fragment := `name = "Imported"
version = 1

[vars]
base_url = "http://127.0.0.1:8080"
token_url = "https://login.example.com/token"

# from curl -u
[profile.imported-basic]
type = "basic"
username = "bob"
password = "{{secret:imported-password}}"

# curl https://api.example.com/upload -F photo=@cat.png
[[request]]
name = "Upload"
method = "POST"
url = "{{base_url}}/upload"
profile = "imported-basic"
[request.multipart]
photo = { file = "cat.png" }

[[request]]
name = "Status"
url = "{{base_url}}/status"
`
	got := mustEdit(t)(AppendTables([]byte(dialogLikeSource), []byte(fragment)))
	want := strings.Replace(strings.Replace(dialogLikeSource,
		"base_url = \"http://127.0.0.1:8080\"\n", "base_url = \"http://127.0.0.1:8080\"\ntoken_url = \"https://login.example.com/token\"\n", 1),
		"token = \"{{secret:alice}}\"\n", "token = \"{{secret:alice}}\"\n\n# from curl -u\n[profile.imported-basic]\ntype = \"basic\"\nusername = \"bob\"\npassword = \"{{secret:imported-password}}\"\n", 1) +
		"\n# curl https://api.example.com/upload -F photo=@cat.png\n[[request]]\nname = \"Upload\"\nmethod = \"POST\"\nurl = \"{{base_url}}/upload\"\nprofile = \"imported-basic\"\n[request.multipart]\nphoto = { file = \"cat.png\" }\n\n[[request]]\nname = \"Status\"\nurl = \"{{base_url}}/status\"\n"
	if got != want {
		t.Errorf("appended:\n%s\nwant:\n%s", got, want)
	}
	// Into an empty (new) collection.
	got = mustEdit(t)(AppendTables(nil, []byte(fragment)))
	if c, _ := collections.Parse("x.toml", []byte(got)); len(c.Requests) != 2 || len(c.Profiles) != 1 || c.Vars["token_url"] == "" {
		t.Errorf("into an empty file:\n%s", got)
	}
	if _, err := AppendTables([]byte(dialogLikeSource), []byte("[vars]\nbase_url = \"https://other\"\n")); err == nil || !strings.Contains(err.Error(), `variable "base_url" is already "http://127.0.0.1:8080"`) {
		t.Errorf("a var with another value: %v", err)
	}
	if _, err := AppendTables([]byte(dialogLikeSource), []byte("[env.prod]\nbase_url = \"https://prod\"\n")); err == nil || !strings.Contains(err.Error(), "env.prod cannot be added") {
		t.Errorf("an environment: %v", err)
	}
}

const dialogLikeSource = `name = "Shop"   # the title
version = 1

[vars]
base_url = "http://127.0.0.1:8080"

[profile.alice]
type = "bearer"
token = "{{secret:alice}}"

# Is it up?
[[request]]
name = "Health"
url  = "{{base_url}}/health"   # no auth
`

// FuzzAppendTables adds arbitrary fragments to a collection: whenever the
// edit succeeds, the result decodes, and the collection's own requests
// come first, unchanged.
func FuzzAppendTables(f *testing.F) {
	f.Add([]byte("[vars]\na = \"1\"\n[profile.p]\ntype = \"bearer\"\ntoken = \"t\"\n[[request]]\nname = \"n\"\nurl = \"https://x\"\n"))
	f.Add([]byte("name = \"x\"\n# c\n[[request]]\nname = 'q'\n[request.headers]\nA = \"1\""))
	f.Add([]byte("[env.a]\nb = \"c\"\n"))
	f.Fuzz(func(t *testing.T, fragment []byte) {
		out, err := AppendTables([]byte(dialogLikeSource), fragment)
		if err != nil {
			return
		}
		var doc map[string]any
		if err := toml.Unmarshal(out, &doc); err != nil {
			t.Fatalf("the result does not decode: %v\n%q", err, out)
		}
		requests, _ := doc["request"].([]any)
		if len(requests) == 0 || requests[0].(map[string]any)["name"] != "Health" {
			t.Fatalf("the collection's request is gone:\n%q", out)
		}
	})
}

// TestAppendTablesProfiles imports a profile the collection already has:
// the same settings are reused (not written twice), other settings are a
// conflict that names the profile and adds nothing.
func TestAppendTablesProfiles(t *testing.T) {
	same := "[profile.alice]\ntype = 'bearer'\ntoken = \"{{secret:alice}}\"\n\n[[request]]\nname = \"Me\"\nurl = \"{{base_url}}/me\"\nprofile = \"alice\"\n"
	got := mustEdit(t)(AppendTables([]byte(dialogLikeSource), []byte(same)))
	if want := dialogLikeSource + "\n[[request]]\nname = \"Me\"\nurl = \"{{base_url}}/me\"\nprofile = \"alice\"\n"; got != want {
		t.Errorf("same profile:\n%s\nwant:\n%s", got, want)
	}
	other := strings.Replace(same, "{{secret:alice}}", "{{secret:bob}}", 1)
	if _, err := AppendTables([]byte(dialogLikeSource), []byte(other)); err == nil || !strings.Contains(err.Error(), `already has a profile "alice" with other settings`) {
		t.Errorf("a profile with other settings: %v", err)
	}
	more := strings.Replace(same, "type = 'bearer'\n", "type = 'bearer'\nscopes = [\"a\"]\n", 1)
	if _, err := AppendTables([]byte(dialogLikeSource), []byte(more)); err == nil {
		t.Error("a profile with one more key was taken as the same")
	}
}

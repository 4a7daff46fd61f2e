package authflow

import (
	"strings"
	"testing"
)

// TestWriteTextMasksTokensOnlyARecordedBodyShows: an ID token (OpenID
// Connect) or a refresh token appears in no field and in no list of the
// flow's secrets, only in the token response's body; `keyway flow` without
// --reveal must still mask it.
func TestWriteTextMasksTokensOnlyARecordedBodyShows(t *testing.T) {
	const idToken = "canary-id-token-5f2a91"
	const fieldSecret = "canary-field-secret-77"
	flow := &Flow{Profile: "p", Type: TypeOAuth2Password, Steps: []Step{{
		Title:  "Request a token",
		Status: StepDone,
		Fields: []Field{{Label: "access token", Value: fieldSecret, Secret: true}},
		Exchange: &Exchange{
			Request: RecordedRequest{Method: "POST", URL: "http://127.0.0.1/token", Proto: "HTTP/1.1", Host: "127.0.0.1"},
			Response: &RecordedResponse{Proto: "HTTP/1.1", Status: "200 OK", StatusCode: 200,
				Body: []byte(`{"access_token":"` + fieldSecret + `","token_type":"Bearer","id_token":"` + idToken + `"}`)},
		},
	}}}
	if got := StepSecrets(flow.Steps); len(got) != 3 {
		t.Fatalf("StepSecrets = %q, want the field value, the access token and the ID token", got)
	}
	var masked strings.Builder
	if err := flow.WriteText(&masked, NewRedactor()); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{idToken, fieldSecret} {
		if strings.Contains(masked.String(), secret) {
			t.Errorf("%q is in the masked text:\n%s", secret, masked.String())
		}
	}
	var revealed strings.Builder
	if err := flow.WriteText(&revealed, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(revealed.String(), idToken) {
		t.Errorf("the revealed text does not show the ID token:\n%s", revealed.String())
	}
}

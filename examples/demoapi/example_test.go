package demoapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/keyway-cli/keyway/examples/demoapi"
)

// Serve the demo API, log in with the password grant and ask who we are.
func Example() {
	srv := httptest.NewServer(demoapi.New(demoapi.Options{TokenLifetime: 30 * time.Second}))
	defer srv.Close()

	form := url.Values{
		"grant_type": {"password"},
		"username":   {demoapi.Username},
		"password":   {demoapi.Password},
		"scope":      {"read write"},
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// RFC 6749 §2.3.1: form-urlencode the client id and secret, then Basic.
	req.SetBasicAuth(url.QueryEscape(demoapi.ClientID), url.QueryEscape(demoapi.ClientSecret))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	var token struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
		Scope       string `json:"scope"`
	}
	json.NewDecoder(res.Body).Decode(&token)
	res.Body.Close()
	fmt.Println(token.TokenType, token.ExpiresIn, token.Scope)

	req, _ = http.NewRequest(http.MethodGet, srv.URL+"/me", nil)
	req.Header.Set("Authorization", "Bearer "+token.AccessToken)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	var me struct{ ID, Name string }
	json.NewDecoder(res.Body).Decode(&me)
	res.Body.Close()
	fmt.Println(res.StatusCode, me.ID, me.Name)
	// Output:
	// Bearer 30 read write
	// 200 u1 alice
}

// Command loop is the baseline keyway is measured against: a plain
// net/http client doing the same work as `keyway run` on the benchmark
// collections, with nothing else — no collection, no report, no flow.
//
//	loop -base http://ADDR -mode seq   -n 1000        sequential bearer GETs
//	loop -base http://ADDR -mode token -n 100         password grant, then n GETs
//	loop -base http://ADDR -mode cc -n 100            client credentials grant, then n GETs
//	loop -base http://ADDR -mode conc  -n 1000 -c 8   n GETs, c at a time (-ms N: server latency)
//	loop -base http://ADDR -mode bytes -size N        one GET of N bytes, streamed
//	loop -mode load -file F                           decode a TOML file into plain Go values
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pelletier/go-toml/v2"
)

// The credentials bench/server accepts.
const (
	staticToken  = "bench-static-token"
	password     = "bench-password"
	clientID     = "bench-client"
	clientSecret = "bench-client-secret"
)

type config struct {
	base, mode, file string
	n, c, ms         int
	size             int64
}

func main() {
	var cfg config
	flag.StringVar(&cfg.base, "base", "", "server base URL")
	flag.StringVar(&cfg.mode, "mode", "seq", "seq, token, cc, conc, bytes or load")
	flag.IntVar(&cfg.n, "n", 1000, "number of requests")
	flag.IntVar(&cfg.c, "c", 8, "concurrency (mode conc)")
	flag.IntVar(&cfg.ms, "ms", 0, "server latency per request in ms (mode conc)")
	flag.Int64Var(&cfg.size, "size", 100<<20, "response size in bytes (mode bytes)")
	flag.StringVar(&cfg.file, "file", "", "TOML file (mode load)")
	flag.Parse()
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "loop:", err)
		os.Exit(1)
	}
}

func run(cfg config) error {
	// Like any long-lived Go client, keep as many idle connections as
	// requests run at once.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = max(cfg.c, 2)
	client := &http.Client{Transport: transport}
	switch cfg.mode {
	case "seq":
		for i := range cfg.n {
			if err := get(client, cfg.base+fmt.Sprintf("/items/%d", i), staticToken); err != nil {
				return err
			}
		}
		return nil
	case "token", "cc":
		grant := passwordGrant
		if cfg.mode == "cc" {
			grant = clientCredentialsGrant
		}
		token, err := grant(client, cfg.base+"/oauth/token")
		if err != nil {
			return err
		}
		for i := range cfg.n {
			if err := get(client, cfg.base+fmt.Sprintf("/items/%d", i), token); err != nil {
				return err
			}
		}
		return nil
	case "conc":
		return concurrent(client, cfg)
	case "bytes":
		n, err := getCount(client, cfg.base+fmt.Sprintf("/bytes?n=%d", cfg.size), staticToken)
		if err == nil && n != cfg.size {
			err = fmt.Errorf("got %d bytes, want %d", n, cfg.size)
		}
		return err
	case "load":
		data, err := os.ReadFile(cfg.file)
		if err != nil {
			return err
		}
		var doc map[string]any
		return toml.Unmarshal(data, &doc)
	}
	return fmt.Errorf("unknown mode %q", cfg.mode)
}

// concurrent sends cfg.n GETs from cfg.c goroutines.
func concurrent(client *http.Client, cfg config) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, cfg.c)
	for w := range cfg.c {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(cfg.n) {
					return
				}
				u := cfg.base + fmt.Sprintf("/items/%d", i)
				if cfg.ms > 0 {
					u = cfg.base + fmt.Sprintf("/slow/%d?ms=%d", i, cfg.ms)
				}
				if err := get(client, u, staticToken); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func get(client *http.Client, u, token string) error {
	_, err := getCount(client, u, token)
	return err
}

// getCount sends one bearer GET and reads its body to the end, as a test
// runner must, returning the body's size.
func getCount(client *http.Client, u, token string) (int64, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %s", u, resp.Status)
	}
	return n, err
}

// passwordGrant gets an access token (RFC 6749 §4.3).
func passwordGrant(client *http.Client, tokenURL string) (string, error) {
	form := url.Values{"grant_type": {"password"}, "username": {"bench"}, "password": {password}}
	resp, err := client.Post(tokenURL, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	return readToken(resp, err)
}

// clientCredentialsGrant gets an access token (RFC 6749 §4.4) with HTTP
// Basic client authentication (§2.3.1).
func clientCredentialsGrant(client *http.Client, tokenURL string) (string, error) {
	req, err := http.NewRequest(http.MethodPost, tokenURL, strings.NewReader("grant_type=client_credentials"))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(clientID, clientSecret)
	return readToken(client.Do(req))
}

// readToken reads access_token from a token response.
func readToken(resp *http.Response, err error) (string, error) {
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return "", err
	}
	if body.AccessToken == "" {
		return "", fmt.Errorf("token endpoint answered %s without a token", resp.Status)
	}
	return body.AccessToken, nil
}

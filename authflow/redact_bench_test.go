package authflow

import (
	"strings"
	"testing"
)

// redactBenchSecrets are the secrets of a typical OAuth2 send: a password,
// a client secret, the Basic form of the client credentials and a token.
var redactBenchSecrets = []string{"correct horse battery", "client-s3cret",
	"Y2xpZW50OmNsaWVudC1zM2NyZXQ=", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"}

// benchmarkRedact masks text with the bench secrets.
func benchmarkRedact(b *testing.B, text string) {
	r := NewRedactor(redactBenchSecrets...)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		r.Redact(text)
	}
}

// BenchmarkRedactURL is what `keyway run` masks for every request: its URL,
// with a query string.
func BenchmarkRedactURL(b *testing.B) {
	benchmarkRedact(b, "https://api.example.com/v1/items/42?page=2&sort=name%20asc")
}

// BenchmarkRedactPlainBody is a 64 KiB JSON body without an escape.
func BenchmarkRedactPlainBody(b *testing.B) {
	benchmarkRedact(b, strings.Repeat(`{"id":12345,"name":"an item","tags":["a","b"]},`, 1400))
}

// BenchmarkRedactEscapedBody is a 64 KiB JSON body full of escapes (URLs
// written with \/, as PHP does, and HTML-escaped text).
func BenchmarkRedactEscapedBody(b *testing.B) {
	benchmarkRedact(b, strings.Repeat(`{"url":"https:\/\/x.example\/a?b=1&c=%20","t":"Tom &amp; Jerry"},`, 900))
}

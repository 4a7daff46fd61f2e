package authflow

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// readBody sizes its buffer from the announced length but never past the
// limit, and keeps and counts the same bytes whatever the length says.
func TestReadBodyWithAndWithoutLength(t *testing.T) {
	const limit = 100
	tests := []struct {
		name     string
		body     string
		length   int64
		wantKept int
	}{
		{"unknown length", strings.Repeat("a", 50), -1, 50},
		{"exact length", strings.Repeat("a", 50), 50, 50},
		{"longer than the limit", strings.Repeat("a", 250), 250, limit},
		{"unknown, longer than the limit", strings.Repeat("a", 250), -1, limit},
		// A server may announce a huge body: the buffer stays at the limit.
		{"announced far more than sent", "short", 1 << 40, 5},
		{"empty", "", 0, 0},
		// net/http never gives more than Content-Length, another
		// transport might: the rest is counted, not kept.
		{"announced less than sent", strings.Repeat("a", 50), 20, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kept, size, err := readBody(strings.NewReader(tt.body), tt.length, limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(kept) != tt.wantKept || size != int64(len(tt.body)) || !bytes.Equal(kept, []byte(tt.body[:tt.wantKept])) {
				t.Errorf("kept %d bytes, size %d; want %d and %d", len(kept), size, tt.wantKept, len(tt.body))
			}
			// Exactly the announced length when it fits; near the limit,
			// never near the announced length, otherwise.
			if tt.length >= 0 && tt.length < limit && cap(kept) != int(tt.length) {
				t.Errorf("buffer of %d bytes for an announced %d", cap(kept), tt.length)
			}
			if cap(kept) > 2*(limit+bytes.MinRead) {
				t.Errorf("buffer grew to %d bytes for a limit of %d", cap(kept), limit)
			}
		})
	}
}

// A body that ends before its announced length is an unexpected end, with
// what arrived kept.
func TestReadBodyShorterThanAnnounced(t *testing.T) {
	kept, size, err := readBody(strings.NewReader("short"), 50, 100)
	if !errors.Is(err, io.ErrUnexpectedEOF) || string(kept) != "short" || size != 5 {
		t.Errorf("kept %q, size %d, err %v; want the 5 bytes and io.ErrUnexpectedEOF", kept, size, err)
	}
}

// No body at all where a length was announced (a HEAD response) is an
// empty body, not an error.
func TestReadBodyNoneWhereAnnounced(t *testing.T) {
	kept, size, err := readBody(http.NoBody, 1234, 100<<10)
	if err != nil || len(kept) != 0 || size != 0 {
		t.Errorf("kept %d bytes, size %d, err %v; want an empty body", len(kept), size, err)
	}
}

package secrets

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// entry is one stored secret: its value and the hosts it is bound to.
//
// In the file a secret without hosts is a plain string, as stores written
// before host binding existed hold them; a bound secret is a table:
//
//	demo-token = "s3cr3t"
//
//	[api-key]
//	value = "k3y"
//	hosts = ["api.example.com", "*.example.org"]
type entry struct {
	Value string   `toml:"value"`
	Hosts []string `toml:"hosts,omitempty"`
}

// errInvalidStore is returned, without any of the file's bytes, for a store
// that is not a table of strings and bound-secret tables.
var errInvalidStore = errors.New("secrets: not a valid store")

// decodeStore reads a store file. Its errors never quote the file.
func decodeStore(data []byte) (map[string]entry, error) {
	raw := map[string]any{}
	if err := toml.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	values := make(map[string]entry, len(raw))
	for name, v := range raw {
		switch x := v.(type) {
		case string:
			values[name] = entry{Value: x}
		case map[string]any:
			e, ok := decodeBound(x)
			if !ok {
				return nil, errInvalidStore
			}
			values[name] = e
		default:
			return nil, errInvalidStore
		}
	}
	return values, nil
}

// decodeBound reads a bound secret's table: a string value and an array of
// host strings, nothing else.
func decodeBound(t map[string]any) (entry, bool) {
	var e entry
	value, ok := t["value"].(string)
	if !ok {
		return e, false
	}
	e.Value = value
	for key, v := range t {
		switch key {
		case "value":
		case "hosts":
			list, ok := v.([]any)
			if !ok {
				return e, false
			}
			for _, h := range list {
				host, ok := h.(string)
				if !ok || checkHost(host) != nil {
					return e, false
				}
				e.Hosts = append(e.Hosts, host)
			}
		default:
			return e, false
		}
	}
	return e, true
}

// encodeStore writes the store: plain strings for unbound secrets, tables
// for bound ones.
func encodeStore(values map[string]entry) ([]byte, error) {
	out := make(map[string]any, len(values))
	for name, e := range values {
		if len(e.Hosts) == 0 {
			out[name] = e.Value
		} else {
			out[name] = e
		}
	}
	return toml.Marshal(out)
}

// checkHost refuses a host pattern that could never match a URL's host:
// empty, with a scheme or path, or with a wildcard other than a leading
// "*.".
func checkHost(h string) error {
	name, port := h, "0"
	if n, p, err := net.SplitHostPort(h); err == nil {
		name, port = n, p
	}
	_, portErr := strconv.ParseUint(port, 10, 16)
	rest := strings.TrimPrefix(name, "*.")
	if rest == "" || portErr != nil || strings.ContainsAny(rest, "*/?#@:[] \t\r\n") && !isIPv6(rest) {
		return fmt.Errorf("secrets: invalid host %q: write a host name such as api.example.com, api.example.com:8443 or *.example.com", h)
	}
	return nil
}

// isIPv6 reports a bare IPv6 address, which holds colons.
func isIPv6(s string) bool {
	ip := net.ParseIP(s)
	return ip != nil && ip.To4() == nil
}

package secrets

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// entry is one stored secret: its value, or where else the value is
// kept, and the hosts it is bound to.
//
// In the file a secret without hosts is a plain string, as stores written
// before host binding existed hold them; a bound secret is a table; a
// secret whose value is in the OS keychain is a table without a value,
// so that the file stays the list of every secret and of its hosts (a
// keychain cannot be listed, and bindings are not secret):
//
//	demo-token = "s3cr3t"
//
//	[api-key]
//	value = "k3y"
//	hosts = ["api.example.com", "*.example.org"]
//
//	[gh-token]
//	keychain = true
//	hosts = ["api.github.com"]
type entry struct {
	Value    string
	Keychain bool // the value is in the keychain, not in Value
	Hosts    []string
}

// valueTable and keychainTable are how a table entry is written, in this
// order of keys.
type valueTable struct {
	Value string   `toml:"value"`
	Hosts []string `toml:"hosts,omitempty"`
}

type keychainTable struct {
	Keychain bool     `toml:"keychain"`
	Hosts    []string `toml:"hosts,omitempty"`
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

// decodeBound reads a secret's table: a string value, or keychain = true
// (not both), and an array of host strings, nothing else.
func decodeBound(t map[string]any) (entry, bool) {
	var e entry
	value, hasValue := t["value"].(string)
	inKeychain, isBool := t["keychain"].(bool)
	if _, present := t["keychain"]; present && !isBool || hasValue == inKeychain {
		return e, false
	}
	e.Value, e.Keychain = value, inKeychain
	for key, v := range t {
		switch key {
		case "value", "keychain":
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
// for bound ones and for those kept in the keychain, which have no value
// here.
func encodeStore(values map[string]entry) ([]byte, error) {
	out := make(map[string]any, len(values))
	for name, e := range values {
		if len(e.Hosts) == 0 && !e.Keychain {
			out[name] = e.Value
			continue
		}
		if e.Keychain {
			out[name] = keychainTable{Keychain: true, Hosts: e.Hosts}
		} else {
			out[name] = valueTable{Value: e.Value, Hosts: e.Hosts}
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

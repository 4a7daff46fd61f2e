package importer

import "sync"

// curlOption describes one curl option: its long name, whether it takes
// an argument, and what an import does with it.
type curlOption struct {
	long  string
	arg   bool
	usage curlUsage
}

type curlUsage int

const (
	// mapped options change the request and are turned into TOML.
	mapped curlUsage = iota
	// quiet options only change what curl prints or where it saves the
	// response (-s, -o, -v): nothing to import, nothing to say.
	quiet
	// unmapped options change what curl sends in a way keyway has no
	// setting for: listed so the user knows.
	unmapped
)

// curlShort maps curl's one-letter options to their long names; built on
// first use, as curlOptions is.
var curlShort = sync.OnceValue(func() map[byte]string {
	return map[byte]string{
		'X': "request", 'H': "header", 'd': "data", 'F': "form", 'G': "get", 'u': "user",
		'b': "cookie", 'A': "user-agent", 'e': "referer", 'k': "insecure", 'L': "location",
		'I': "head", 'm': "max-time", 'T': "upload-file", 'E': "cert", 'x': "proxy",
		's': "silent", 'S': "show-error", 'v': "verbose", 'i': "include", 'o': "output",
		'O': "remote-name", 'w': "write-out", 'f': "fail", '#': "progress-bar", 'D': "dump-header",
		'c': "cookie-jar", 'K': "config", 'g': "globoff", 'N': "no-buffer", 'n': "netrc",
		'0': "http1.0", '1': "tlsv1", '2': "sslv2", '3': "sslv3", '4': "ipv4", '6': "ipv6",
		'j': "junk-session-cookies", 'J': "remote-header-name", 'l': "list-only", 'q': "disable",
		'r': "range", 'R': "remote-time", 't': "telnet-option", 'U': "proxy-user", 'V': "version",
		'y': "speed-time", 'Y': "speed-limit", 'z': "time-cond", 'Z': "parallel", 'a': "append",
		'B': "use-ascii", 'C': "continue-at", 'M': "manual", 'p': "proxytunnel", 'P': "ftp-port",
		'Q': "quote", 'h': "help", ':': "next",
	}
})

// curlOptions lists the options this importer knows, by long name.
// Unknown options that take an argument cannot be told from flags, so
// the list covers every curl option that takes one (curl 8). It is built
// on first use: keyway's every start would pay for it otherwise.
var curlOptions = sync.OnceValue(curlOptionTable)

func curlOptionTable() map[string]curlOption {
	curlOptions := map[string]curlOption{}
	add := func(usage curlUsage, arg bool, names ...string) {
		for _, n := range names {
			curlOptions[n] = curlOption{long: n, arg: arg, usage: usage}
		}
	}
	add(mapped, true, "request", "header", "data", "data-raw", "data-binary", "data-ascii",
		"data-urlencode", "json", "form", "form-string", "user", "oauth2-bearer", "cookie",
		"user-agent", "referer", "cacert", "cert", "key", "url", "max-time", "upload-file", "url-query")
	add(mapped, false, "get", "insecure", "compressed", "location", "head", "next", "basic")
	add(quiet, false, "silent", "show-error", "verbose", "include", "remote-name", "fail",
		"fail-with-body", "progress-bar", "no-progress-meter", "no-buffer", "globoff",
		"remote-header-name", "remote-time", "create-dirs", "styled-output", "no-styled-output",
		"trace-time", "no-keepalive", "keepalive", "tcp-nodelay", "tcp-fastopen", "no-sessionid",
		"disable", "fail-early", "show-headers", "remote-name-all", "parallel", "parallel-immediate",
		"location-trusted", "path-as-is", "raw", "tr-encoding", "sessionid", "alpn", "no-alpn",
		"no-npn", "npn", "ssl-allow-beast", "ssl-no-revoke", "ssl-revoke-best-effort", "suppress-connect-headers",
		"http1.0", "http1.1", "http2", "http2-prior-knowledge", "http3", "http3-only", "http0.9",
		"ipv4", "ipv6", "tlsv1", "tlsv1.0", "tlsv1.1", "tlsv1.2", "tlsv1.3", "sslv2", "sslv3",
		"compressed-ssh", "xattr", "manual", "help", "version")
	add(quiet, true, "output", "write-out", "dump-header", "stderr", "trace", "trace-ascii",
		"trace-config", "output-dir", "connect-timeout", "retry", "retry-delay", "retry-max-time",
		"keepalive-time", "limit-rate", "max-filesize", "speed-time", "speed-limit",
		"expect100-timeout", "happy-eyeballs-timeout-ms", "rate", "parallel-max", "etag-save",
		"libcurl", "cookie-jar", "ciphers", "tls13-ciphers", "curves", "tls-max", "dns-servers",
		"interface", "local-port", "ip-tos", "vlan-priority", "max-redirs", "time-cond", "etag-compare")
	add(unmapped, false, "digest", "ntlm", "ntlm-wb", "negotiate", "anyauth", "netrc", "netrc-optional",
		"proxytunnel", "junk-session-cookies", "append", "use-ascii", "list-only", "ftp-pasv",
		"ftp-create-dirs", "crlf", "ca-native", "proxy-insecure", "cert-status", "false-start",
		"ssl", "ssl-reqd", "proxy-anyauth", "proxy-basic", "proxy-digest", "proxy-negotiate",
		"proxy-ntlm", "socks5-basic", "socks5-gssapi", "haproxy-protocol", "mail-rcpt-allowfails")
	add(unmapped, true, "proxy", "proxy-user", "socks4", "socks4a", "socks5", "socks5-hostname",
		"preproxy", "noproxy", "resolve", "connect-to", "capath", "cert-type", "key-type", "pass",
		"pinnedpubkey", "crlfile", "config", "range", "continue-at", "telnet-option", "quote",
		"ftp-port", "request-target", "aws-sigv4", "variable", "expand-url", "expand-data",
		"netrc-file", "unix-socket", "abstract-unix-socket", "doh-url", "delegation", "engine",
		"hsts", "alt-svc", "login-options", "sasl-authzid", "service-name", "mail-from", "mail-rcpt",
		"mail-auth", "proto", "proto-redir", "proto-default", "krb", "ftp-method", "ftp-account",
		"ftp-alternative-to-user", "ftp-ssl-ccc-mode", "proxy-cacert", "proxy-capath", "proxy-cert",
		"proxy-cert-type", "proxy-key", "proxy-key-type", "proxy-pass", "proxy-header",
		"proxy-service-name", "proxy-ciphers", "proxy-tls13-ciphers", "proxy-pinnedpubkey",
		"proxy-crlfile", "proxy-tlsuser", "proxy-tlspassword", "proxy-tlsauthtype", "tlsuser",
		"tlspassword", "tlsauthtype", "random-file", "egd-file", "socks5-gssapi-service",
		"header-file", "ech", "upload-flags")
	return curlOptions
}

package auth

import (
	"net"
	"net/url"
	"strconv"
	"strings"
)

// OriginAllowed reports whether a request's Origin header names one of the
// allowed origins. Both sides are compared as scheme://host[:port] after
// lower-casing and dropping the scheme's default port, so
// "HTTPS://Hub.example.nl:443" matches "https://hub.example.nl". "null" (sent
// by sandboxed frames and some redirects) and anything that is not a plain
// http(s) origin are refused. An allowed entry may end in "/"; malformed
// entries match nothing.
func OriginAllowed(origin string, allowed []string) bool {
	got, ok := normalOrigin(origin)
	if !ok {
		return false
	}
	for _, a := range allowed {
		if want, ok := normalOrigin(strings.TrimSuffix(a, "/")); ok && want == got {
			return true
		}
	}
	return false
}

// normalOrigin returns origin as lower-case scheme://host[:port] without a
// default port, or false if it is not exactly an http(s) origin.
func normalOrigin(origin string) (string, bool) {
	if origin == "" || strings.ContainsAny(origin, " \t\r\n\\") {
		return "", false
	}
	u, err := url.Parse(origin)
	if err != nil || u.Opaque != "" || u.User != nil || u.Path != "" || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(origin, "#") {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	defaultPort, ok := map[string]string{"http": "80", "https": "443"}[scheme]
	if !ok {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return "", false
	}
	port := u.Port()
	if strings.HasSuffix(u.Host, ":") {
		return "", false // "https://host:" has an empty port
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", false
		}
		port = strconv.Itoa(n)
	}
	if port == "" || port == defaultPort {
		if strings.Contains(host, ":") {
			return scheme + "://[" + host + "]", true
		}
		return scheme + "://" + host, true
	}
	return scheme + "://" + net.JoinHostPort(host, port), true
}

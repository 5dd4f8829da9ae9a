package main

import (
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/server"
)

// Config is the configuration of the binary: environment variables, with
// command-line flags overriding them. docs/configuration.md describes every
// setting; keep the two in step.
type Config struct {
	Addr            string        // where to listen, host:port
	DatabaseURL     string        // PostgreSQL URL; empty means the embedded SQLite
	DataDir         string        // where the embedded SQLite keeps its file
	PublicURL       string        // the URL users reach the hub at, without trailing slash
	AllowedOrigins  []string      // origins allowed to make unsafe requests
	SessionIdle     time.Duration // a session ends after this long without use
	SessionAbsolute time.Duration // a session ends this long after sign-in, used or not
	// OIDCConfig is the path of the identity-provider file; Providers are
	// the providers read from it (validated), none without it.
	OIDCConfig string
	Providers  []auth.ProviderConfig
	// Dev runs the development identity provider with the demo personas.
	Dev bool
	// FlowKey seals the sign-in flow cookie (auth.FlowKeySize bytes); nil
	// means a random key per process, which only works on a single node.
	FlowKey   []byte
	Demo      bool       // seed the demo region on first start
	LogLevel  slog.Level // the least severe level that is logged
	LogFormat string     // logFormatJSON or logFormatText
	// TrustedProxies are the proxies (addresses or CIDRs) whose
	// X-Forwarded-For is believed for the client's address.
	TrustedProxies []string
	// LoginRateLimit and WriteRateLimit limit sign-in attempts per client
	// address and unsafe API requests per user.
	LoginRateLimit server.RateLimit
	WriteRateLimit server.RateLimit
	// DebugAddr is the loopback address of the opt-in profiling listener
	// (net/http/pprof); empty: none.
	DebugAddr string
	// MetricsAddr is the address of the listener that alone serves
	// /metrics, never the public port; empty: none.
	MetricsAddr string
}

// Log formats.
const (
	logFormatJSON = "json"
	logFormatText = "text"
)

// CookieSecure reports whether cookies must be Secure: when users reach the
// hub over TLS (possibly terminated at a proxy in front of it).
func (c Config) CookieSecure() bool { return strings.HasPrefix(c.PublicURL, "https://") }

// setting is one configuration value: its environment variable, its flag and
// its default as shown in the help text.
type setting struct {
	env   string
	flag  string
	def   string
	usage string
}

// The settings, in the order of the help text and docs/configuration.md.
var (
	settingAddr            = setting{"KETENHUB_ADDR", "addr", "127.0.0.1:8080", "address to listen on (host:port)"}
	settingDatabaseURL     = setting{"KETENHUB_DATABASE_URL", "database-url", "", "PostgreSQL URL (postgres://...); empty: the embedded SQLite in the data directory"}
	settingDatabaseURLFile = setting{"KETENHUB_DATABASE_URL_FILE", "database-url-file", "", "file that holds the PostgreSQL URL (for secrets)"}
	settingDataDir         = setting{"KETENHUB_DATA_DIR", "data-dir", "./data", "directory of the embedded SQLite database"}
	settingPublicURL       = setting{"KETENHUB_PUBLIC_URL", "public-url", "http://<addr>", "URL at which users reach the hub"}
	settingAllowedOrigins  = setting{"KETENHUB_ALLOWED_ORIGINS", "allowed-origins", "origin of the public URL", "comma-separated origins allowed to make unsafe requests"}
	settingSessionIdle     = setting{"KETENHUB_SESSION_IDLE", "session-idle", "30m", "end a session after this long without use"}
	settingSessionAbsolute = setting{"KETENHUB_SESSION_ABSOLUTE", "session-absolute", "12h", "end a session this long after sign-in"}
	settingOIDCConfig      = setting{"KETENHUB_OIDC_CONFIG", "oidc-config", "", "file with the identity providers (YAML or JSON, see docs/oidc.md)"}
	settingDev             = setting{"KETENHUB_DEV", "dev", "true on SQLite without KETENHUB_OIDC_CONFIG, else false", "dev mode: run the built-in development identity provider with the demo personas"}
	settingFlowKeyFile     = setting{"KETENHUB_FLOW_KEY_FILE", "flow-key-file", "a random key per process", "file with the base64 32-byte key of the sign-in flow cookie (the same on every replica)"}
	settingDemo            = setting{"KETENHUB_DEMO", "demo", "true on SQLite without KETENHUB_OIDC_CONFIG, else false", "seed the demo region on first start (empty database); never beside the identity providers of KETENHUB_OIDC_CONFIG"}
	settingLogLevel        = setting{"KETENHUB_LOG_LEVEL", "log-level", "info", "least severe log level: debug, info, warn or error"}
	settingLogFormat       = setting{"KETENHUB_LOG_FORMAT", "log-format", logFormatJSON, "log format: json (one object per line) or text (for development)"}
	settingTrustedProxies  = setting{"KETENHUB_TRUSTED_PROXIES", "trusted-proxies", "", "comma-separated addresses or CIDRs of proxies whose X-Forwarded-For names the client"}
	settingLoginRateLimit  = setting{"KETENHUB_LOGIN_RATE_LIMIT", "login-rate-limit", "60/1m", "sign-in requests per client address (two per sign-in): N/duration, or off"}
	settingWriteRateLimit  = setting{"KETENHUB_WRITE_RATE_LIMIT", "write-rate-limit", "120/1m", "unsafe API requests per user: N/duration, or off"}
	settingDebugAddr       = setting{"KETENHUB_DEBUG_ADDR", "debug-addr", "", "loopback address (127.0.0.1:6060) of a profiling listener (pprof); empty: none"}
	settingMetricsAddr     = setting{"KETENHUB_METRICS_ADDR", "metrics-addr", "127.0.0.1:9090", "address (host:port) of the listener that serves /metrics, apart from the public port; off: none"}
)

var settings = []setting{
	settingAddr, settingDatabaseURL, settingDatabaseURLFile, settingDataDir, settingPublicURL,
	settingAllowedOrigins, settingSessionIdle, settingSessionAbsolute, settingOIDCConfig, settingDev,
	settingFlowKeyFile, settingDemo, settingLogLevel, settingLogFormat, settingTrustedProxies,
	settingLoginRateLimit, settingWriteRateLimit, settingDebugAddr, settingMetricsAddr,
}

// configError is a setting with a bad value; the binary exits with code 2.
type configError struct {
	setting setting
	value   string
	reason  string
}

func (e *configError) Error() string {
	return fmt.Sprintf("invalid %s (--%s) %q: %s", e.setting.env, e.setting.flag, e.value, e.reason)
}

func invalid(s setting, value, reason string) error {
	return &configError{setting: s, value: value, reason: reason}
}

// loadConfig reads the settings from getenv and then from the flags in args,
// which override them. It returns flag.ErrHelp for -h and a *configError (or
// a flag error) for bad input.
func loadConfig(args []string, getenv func(string) string) (Config, error) {
	raw := map[string]string{}
	for _, s := range settings {
		raw[s.env] = strings.TrimSpace(getenv(s.env))
	}
	fs := flag.NewFlagSet("ketenhub", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, s := range settings {
		set := func(v string) error { raw[s.env] = strings.TrimSpace(v); return nil }
		if s == settingDemo || s == settingDev {
			fs.BoolFunc(s.flag, s.usage, set)
		} else {
			fs.Func(s.flag, s.usage, set)
		}
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return parseConfig(raw)
}

// parseConfig turns the raw strings into a Config, applying the defaults
// and checking every value.
func parseConfig(raw map[string]string) (Config, error) {
	var c Config
	var err error
	if c.Addr, err = parseAddr(valueOr(raw, settingAddr)); err != nil {
		return c, err
	}
	if c.DatabaseURL, err = databaseURL(raw); err != nil {
		return c, err
	}
	if c.DataDir = valueOr(raw, settingDataDir); c.DataDir == "" {
		return c, invalid(settingDataDir, "", "must not be empty")
	}
	if c.PublicURL, err = parsePublicURL(raw[settingPublicURL.env], c.Addr); err != nil {
		return c, err
	}
	if c.AllowedOrigins, err = parseOrigins(raw[settingAllowedOrigins.env], c.PublicURL); err != nil {
		return c, err
	}
	if c.SessionIdle, err = parseDuration(settingSessionIdle, valueOr(raw, settingSessionIdle)); err != nil {
		return c, err
	}
	if c.SessionAbsolute, err = parseDuration(settingSessionAbsolute, valueOr(raw, settingSessionAbsolute)); err != nil {
		return c, err
	}
	if c.SessionIdle > c.SessionAbsolute {
		return c, invalid(settingSessionIdle, raw[settingSessionIdle.env], "must not be longer than "+settingSessionAbsolute.env)
	}
	if c.OIDCConfig = raw[settingOIDCConfig.env]; c.OIDCConfig != "" {
		if c.Providers, err = loadProviders(c.OIDCConfig); err != nil {
			return c, err
		}
	}
	if c.Dev, err = parseDev(raw[settingDev.env], c.DatabaseURL == "" && c.OIDCConfig == ""); err != nil {
		return c, err
	}
	if c.Dev && c.OIDCConfig != "" {
		return c, invalid(settingDev, raw[settingDev.env], "the development identity provider never runs beside the identity providers of "+
			settingOIDCConfig.env+": unset one of "+settingDev.env+" and "+settingOIDCConfig.env)
	}
	if file := raw[settingFlowKeyFile.env]; file != "" {
		if c.FlowKey, err = readFlowKey(file); err != nil {
			return c, err
		}
	}
	if c.Demo, err = parseBool(settingDemo, raw[settingDemo.env], c.DatabaseURL == "" && c.OIDCConfig == ""); err != nil {
		return c, err
	}
	if c.Demo && c.OIDCConfig != "" {
		return c, errDemoBesideProviders(raw[settingDemo.env])
	}
	if c.LogLevel, err = parseLogLevel(valueOr(raw, settingLogLevel)); err != nil {
		return c, err
	}
	if c.LogFormat = strings.ToLower(valueOr(raw, settingLogFormat)); c.LogFormat != logFormatJSON && c.LogFormat != logFormatText {
		return c, invalid(settingLogFormat, raw[settingLogFormat.env], "want json or text")
	}
	if c.TrustedProxies, err = parseProxies(raw[settingTrustedProxies.env]); err != nil {
		return c, err
	}
	if c.LoginRateLimit, err = parseRateLimit(settingLoginRateLimit, valueOr(raw, settingLoginRateLimit)); err != nil {
		return c, err
	}
	if c.WriteRateLimit, err = parseRateLimit(settingWriteRateLimit, valueOr(raw, settingWriteRateLimit)); err != nil {
		return c, err
	}
	if c.DebugAddr, err = parseDebugAddr(raw[settingDebugAddr.env]); err != nil {
		return c, err
	}
	if c.MetricsAddr, err = parseMetricsAddr(valueOr(raw, settingMetricsAddr), c.Addr); err != nil {
		return c, err
	}
	return c, nil
}

// errDemoBesideProviders refuses the demo region in a hub with real
// identity providers: its organisations (such as "Politie Noord-Holland")
// would take the names of real ones, and a real claim naming one would land
// real users in demo workspaces.
func errDemoBesideProviders(value string) error {
	return invalid(settingDemo, value, "the demo region is never seeded beside the identity providers of "+settingOIDCConfig.env+
		": unset one of "+settingDemo.env+" and "+settingOIDCConfig.env)
}

// parseProxies reads a comma-separated list of IP addresses and CIDRs.
func parseProxies(v string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			return nil, invalid(settingTrustedProxies, p, "want IP addresses or CIDRs such as 10.0.0.0/8")
		}
		out = append(out, p)
	}
	return out, nil
}

// parseRateLimit reads "N/duration" (30/1m, 5/10s; a bare unit such as
// 30/m means one of it), or "off".
func parseRateLimit(s setting, v string) (server.RateLimit, error) {
	if strings.EqualFold(v, "off") {
		return server.RateLimit{}, nil
	}
	const want = "want N/duration such as 30/1m, or off"
	n, per, ok := strings.Cut(v, "/")
	events, err := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err != nil || events <= 0 {
		return server.RateLimit{}, invalid(s, v, want)
	}
	per = strings.TrimSpace(per)
	if per != "" && (per[0] < '0' || per[0] > '9') {
		per = "1" + per
	}
	d, err := time.ParseDuration(per)
	if err != nil || d <= 0 {
		return server.RateLimit{}, invalid(s, v, want)
	}
	return server.RateLimit{Events: events, Per: d}, nil
}

// valueOr returns the raw value of s, or its default when unset.
func valueOr(raw map[string]string, s setting) string {
	if v := raw[s.env]; v != "" {
		return v
	}
	return s.def
}

func parseAddr(v string) (string, error) {
	if _, port, err := net.SplitHostPort(v); err != nil {
		return "", invalid(settingAddr, v, "want host:port, e.g. 127.0.0.1:8080")
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return "", invalid(settingAddr, v, "the port must be a number from 0 to 65535")
	}
	return v, nil
}

// parseMetricsAddr reads KETENHUB_METRICS_ADDR: a host:port other than
// the public one, or off (no listener, empty).
func parseMetricsAddr(v, public string) (string, error) {
	if strings.EqualFold(v, "off") {
		return "", nil
	}
	if _, err := parseAddr(v); err != nil {
		return "", invalid(settingMetricsAddr, v, "want host:port such as 127.0.0.1:9090, or off")
	}
	if _, port, _ := net.SplitHostPort(v); v == public && port != "0" {
		return "", invalid(settingMetricsAddr, v, "the metrics are never served on the public address "+settingAddr.env+": choose another port")
	}
	return v, nil
}

// databaseURL takes the URL itself or, for secrets, the file named by the
// _FILE variant; giving both is a mistake worth reporting.
func databaseURL(raw map[string]string) (string, error) {
	v, file := raw[settingDatabaseURL.env], raw[settingDatabaseURLFile.env]
	if v != "" && file != "" {
		return "", invalid(settingDatabaseURLFile, file, "set either "+settingDatabaseURL.env+" or "+settingDatabaseURLFile.env+", not both")
	}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", invalid(settingDatabaseURLFile, file, unwrapPathError(err))
		}
		if v = strings.TrimSpace(string(b)); v == "" {
			return "", invalid(settingDatabaseURLFile, file, "the file is empty")
		}
	}
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		// Never echo the value: it may hold a password.
		s := settingDatabaseURL
		if file != "" {
			s = settingDatabaseURLFile
		}
		return "", &configError{setting: s, value: "…", reason: "want a PostgreSQL URL: postgres://user:password@host:5432/dbname"}
	}
	return v, nil
}

func unwrapPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// parsePublicURL defaults to http://<addr>, with localhost for an address
// that listens on every interface.
func parsePublicURL(v, addr string) (string, error) {
	if v == "" {
		host, port, _ := net.SplitHostPort(addr)
		if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
			host = "localhost"
		}
		return "http://" + net.JoinHostPort(host, port), nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", invalid(settingPublicURL, v, "want an http or https URL such as https://ketenhub.example.nl")
	}
	return strings.TrimSuffix(v, "/"), nil
}

// parseOrigins reads a comma-separated list of origins; the default is the
// public URL's origin.
func parseOrigins(v, publicURL string) ([]string, error) {
	if v == "" {
		u, _ := url.Parse(publicURL)
		return []string{u.Scheme + "://" + u.Host}, nil
	}
	var origins []string
	for _, o := range strings.Split(v, ",") {
		o = strings.TrimSuffix(strings.TrimSpace(o), "/")
		if o == "" {
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.User != nil {
			return nil, invalid(settingAllowedOrigins, o, "want origins such as https://ketenhub.example.nl, without a path")
		}
		origins = append(origins, strings.ToLower(u.Scheme+"://"+u.Host))
	}
	if len(origins) == 0 {
		return nil, invalid(settingAllowedOrigins, v, "lists no origin")
	}
	return origins, nil
}

func parseDuration(s setting, v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, invalid(s, v, "want a duration such as 30m or 12h")
	}
	if d <= 0 {
		return 0, invalid(s, v, "must be positive")
	}
	return d, nil
}

// parseBool reads a boolean setting, def when unset.
func parseBool(s setting, v string, def bool) (bool, error) {
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, invalid(s, v, "want true or false")
	}
	return b, nil
}

// parseDev reads KETENHUB_DEV. Dev mode is the default only for the
// embedded database without identity providers: the newcomer's make run.
func parseDev(v string, embeddedWithoutIdP bool) (bool, error) {
	return parseBool(settingDev, v, embeddedWithoutIdP)
}

// loadProviders reads and validates the identity-provider file now, so
// that a mistake in it stops the start with a message naming the setting.
func loadProviders(path string) ([]auth.ProviderConfig, error) {
	cfg, err := auth.LoadOIDCConfig(path)
	if err != nil {
		// The message names the path already; say it once.
		reason := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "oidc config "+path+": "), "oidc config: ")
		return nil, invalid(settingOIDCConfig, path, reason)
	}
	return cfg.Providers, nil
}

// readFlowKey reads the base64 flow key from file. The key is never shown
// in an error.
func readFlowKey(file string) ([]byte, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, invalid(settingFlowKeyFile, file, unwrapPathError(err))
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != auth.FlowKeySize {
		return nil, invalid(settingFlowKeyFile, file, fmt.Sprintf("want %d random bytes in base64, e.g. made by: head -c %d /dev/urandom | base64",
			auth.FlowKeySize, auth.FlowKeySize))
	}
	return key, nil
}

func parseLogLevel(v string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(v)); err != nil {
		return 0, invalid(settingLogLevel, v, "want debug, info, warn or error")
	}
	return l, nil
}

// listeningOn fills in the port the system chose for an address that asked
// for any (port 0), in the public URL and the allowed origins derived from
// it: a URL cannot name port 0 and mean it.
func (c Config) listeningOn(addr net.Addr) Config {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return c
	}
	port := strconv.Itoa(tcp.Port)
	c.PublicURL = withPort(c.PublicURL, port)
	origins := make([]string, len(c.AllowedOrigins))
	for i, o := range c.AllowedOrigins {
		origins[i] = withPort(o, port)
	}
	c.AllowedOrigins = origins
	return c
}

// withPort replaces port 0 in the URL raw by port.
func withPort(raw, port string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Port() != "0" {
		return raw
	}
	u.Host = net.JoinHostPort(u.Hostname(), port)
	return u.String()
}

package main

import (
	"encoding/base64"
	"errors"
	"flag"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ketenhub/ketenhub/auth"
	"github.com/ketenhub/ketenhub/server"
)

// env returns a getenv that reads from m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfig(t *testing.T) {
	const pgURL = "postgres://ketenhub:geheim@db.example:5432/ketenhub?sslmode=require"
	dir := t.TempDir()
	secret := filepath.Join(dir, "database-url")
	if err := os.WriteFile(secret, []byte(pgURL+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	oidcFile := writeOIDCConfig(t)
	oidc, err := auth.LoadOIDCConfig(oidcFile)
	if err != nil {
		t.Fatal(err)
	}
	key := []byte("0123456789abcdef0123456789abcdef")
	keyFile := filepath.Join(dir, "flow-key")
	if err := os.WriteFile(keyFile, []byte(base64.StdEncoding.EncodeToString(key)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	defaults := Config{
		Addr:            "127.0.0.1:8080",
		DataDir:         "./data",
		PublicURL:       "http://127.0.0.1:8080",
		AllowedOrigins:  []string{"http://127.0.0.1:8080"},
		SessionIdle:     30 * time.Minute,
		SessionAbsolute: 12 * time.Hour,
		Dev:             true,
		Demo:            true,
		LogLevel:        slog.LevelInfo,
		LogFormat:       "json",
		LoginRateLimit:  server.RateLimit{Events: 60, Per: time.Minute},
		WriteRateLimit:  server.RateLimit{Events: 120, Per: time.Minute},
		MetricsAddr:     "127.0.0.1:9090",
	}
	with := func(change func(*Config)) Config {
		c := defaults
		change(&c)
		return c
	}

	tests := []struct {
		name string
		env  map[string]string
		args []string
		want Config
	}{
		{"Defaults", nil, nil, defaults},
		{"Environment", map[string]string{
			"KETENHUB_ADDR":             "0.0.0.0:9000",
			"KETENHUB_DATABASE_URL":     pgURL,
			"KETENHUB_DATA_DIR":         "/var/lib/ketenhub",
			"KETENHUB_PUBLIC_URL":       "https://hub.example.nl/",
			"KETENHUB_ALLOWED_ORIGINS":  "https://hub.example.nl, https://Beheer.example.nl/",
			"KETENHUB_SESSION_IDLE":     "15m",
			"KETENHUB_SESSION_ABSOLUTE": "8h",
			"KETENHUB_LOG_LEVEL":        "debug",
			"KETENHUB_LOG_FORMAT":       "Text",
			"KETENHUB_TRUSTED_PROXIES":  "10.0.0.0/8, 192.168.1.4",
			"KETENHUB_LOGIN_RATE_LIMIT": "5/m",
			"KETENHUB_WRITE_RATE_LIMIT": "off",
			"KETENHUB_DEBUG_ADDR":       "127.0.0.1:6060",
			"KETENHUB_METRICS_ADDR":     "OFF",
		}, nil, Config{
			Addr:            "0.0.0.0:9000",
			DatabaseURL:     pgURL,
			DataDir:         "/var/lib/ketenhub",
			PublicURL:       "https://hub.example.nl",
			AllowedOrigins:  []string{"https://hub.example.nl", "https://beheer.example.nl"},
			SessionIdle:     15 * time.Minute,
			SessionAbsolute: 8 * time.Hour,
			Dev:             false, // PostgreSQL: no dev mode unless asked for
			Demo:            false, // PostgreSQL: no demo unless asked for
			LogLevel:        slog.LevelDebug,
			LogFormat:       "text",
			TrustedProxies:  []string{"10.0.0.0/8", "192.168.1.4"},
			LoginRateLimit:  server.RateLimit{Events: 5, Per: time.Minute},
			DebugAddr:       "127.0.0.1:6060",
		}},
		{"FlagsOverrideEnvironment", map[string]string{"KETENHUB_ADDR": "127.0.0.1:9000", "KETENHUB_DEMO": "true"},
			[]string{"--addr", "127.0.0.1:9100", "--demo=false", "--log-level=warn"},
			with(func(c *Config) {
				c.Addr, c.PublicURL, c.AllowedOrigins = "127.0.0.1:9100", "http://127.0.0.1:9100", []string{"http://127.0.0.1:9100"}
				c.Demo, c.LogLevel = false, slog.LevelWarn
			})},
		{"DemoFlagWithoutValue", map[string]string{"KETENHUB_DATABASE_URL": pgURL}, []string{"-demo"},
			with(func(c *Config) { c.DatabaseURL, c.Demo, c.Dev = pgURL, true, false })},
		{"DemoOffOnSQLite", map[string]string{"KETENHUB_DEMO": "false"}, nil,
			with(func(c *Config) { c.Demo = false })},
		{"DatabaseURLFile", map[string]string{"KETENHUB_DATABASE_URL_FILE": secret}, nil,
			with(func(c *Config) { c.DatabaseURL, c.Demo, c.Dev = pgURL, false, false })},
		{"DatabaseURLFlagOverridesFile", map[string]string{"KETENHUB_DATABASE_URL_FILE": secret},
			[]string{"--database-url-file=", "--database-url", "postgresql://localhost/other"},
			with(func(c *Config) { c.DatabaseURL, c.Demo, c.Dev = "postgresql://localhost/other", false, false })},
		{"OIDCConfig", map[string]string{"KETENHUB_OIDC_CONFIG": oidcFile}, nil,
			with(func(c *Config) { c.OIDCConfig, c.Providers, c.Dev, c.Demo = oidcFile, oidc.Providers, false, false })},
		{"OIDCConfigWithDevOff", map[string]string{"KETENHUB_OIDC_CONFIG": oidcFile, "KETENHUB_DEV": "false"}, nil,
			with(func(c *Config) { c.OIDCConfig, c.Providers, c.Dev, c.Demo = oidcFile, oidc.Providers, false, false })},
		{"DevOffOnSQLite", map[string]string{"KETENHUB_DEV": "false"}, nil,
			with(func(c *Config) { c.Dev = false })},
		{"DevOnPostgres", map[string]string{"KETENHUB_DATABASE_URL": pgURL, "KETENHUB_DEV": "true"}, nil,
			with(func(c *Config) { c.DatabaseURL, c.Demo, c.Dev = pgURL, false, true })},
		{"DevFlagWithoutValue", map[string]string{"KETENHUB_DATABASE_URL": pgURL}, []string{"--dev"},
			with(func(c *Config) { c.DatabaseURL, c.Demo, c.Dev = pgURL, false, true })},
		{"FlowKeyFile", map[string]string{"KETENHUB_FLOW_KEY_FILE": keyFile}, nil,
			with(func(c *Config) { c.FlowKey = key })},
		{"AllInterfacesPublicURL", map[string]string{"KETENHUB_ADDR": ":8080"}, nil,
			with(func(c *Config) {
				c.Addr, c.PublicURL, c.AllowedOrigins = ":8080", "http://localhost:8080", []string{"http://localhost:8080"}
			})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadConfig(tt.args, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("loadConfig:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLoadConfig_Invalid(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	oidcFile := writeOIDCConfig(t)
	badOIDC := writeFile(t, "oidc.yaml", "providers:\n  - id: Regio\n    colour: blue\n")
	shortKey := writeFile(t, "short-key", base64.StdEncoding.EncodeToString(make([]byte, 16)))
	notBase64 := writeFile(t, "not-base64", "geen base64, wel geheim!")
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		setting string // the setting the error must name
	}{
		{"Addr", map[string]string{"KETENHUB_ADDR": "8080"}, nil, "KETENHUB_ADDR"},
		{"AddrPort", nil, []string{"--addr", "127.0.0.1:http-alt"}, "KETENHUB_ADDR"},
		{"DatabaseURLScheme", map[string]string{"KETENHUB_DATABASE_URL": "mysql://localhost/db"}, nil, "KETENHUB_DATABASE_URL"},
		{"DatabaseURLAndFile", map[string]string{"KETENHUB_DATABASE_URL": "postgres://localhost/db", "KETENHUB_DATABASE_URL_FILE": empty}, nil, "KETENHUB_DATABASE_URL_FILE"},
		{"DatabaseURLFileMissing", map[string]string{"KETENHUB_DATABASE_URL_FILE": missing}, nil, "KETENHUB_DATABASE_URL_FILE"},
		{"DatabaseURLFileEmpty", map[string]string{"KETENHUB_DATABASE_URL_FILE": empty}, nil, "KETENHUB_DATABASE_URL_FILE"},
		{"PublicURL", map[string]string{"KETENHUB_PUBLIC_URL": "hub.example.nl"}, nil, "KETENHUB_PUBLIC_URL"},
		{"AllowedOrigins", map[string]string{"KETENHUB_ALLOWED_ORIGINS": "https://hub.example.nl/app"}, nil, "KETENHUB_ALLOWED_ORIGINS"},
		{"AllowedOriginsEmpty", map[string]string{"KETENHUB_ALLOWED_ORIGINS": " , "}, nil, "KETENHUB_ALLOWED_ORIGINS"},
		{"SessionIdle", map[string]string{"KETENHUB_SESSION_IDLE": "half an hour"}, nil, "KETENHUB_SESSION_IDLE"},
		{"SessionIdleNegative", nil, []string{"--session-idle=-5m"}, "KETENHUB_SESSION_IDLE"},
		{"SessionIdleOverAbsolute", map[string]string{"KETENHUB_SESSION_IDLE": "13h"}, nil, "KETENHUB_SESSION_IDLE"},
		{"SessionAbsolute", map[string]string{"KETENHUB_SESSION_ABSOLUTE": "0s"}, nil, "KETENHUB_SESSION_ABSOLUTE"},
		{"Demo", map[string]string{"KETENHUB_DEMO": "ja"}, nil, "KETENHUB_DEMO"},
		{"LogLevel", map[string]string{"KETENHUB_LOG_LEVEL": "loud"}, nil, "KETENHUB_LOG_LEVEL"},
		{"OIDCConfigMissing", map[string]string{"KETENHUB_OIDC_CONFIG": missing}, nil, "KETENHUB_OIDC_CONFIG"},
		{"OIDCConfigInvalid", map[string]string{"KETENHUB_OIDC_CONFIG": badOIDC}, nil, "KETENHUB_OIDC_CONFIG"},
		{"Dev", map[string]string{"KETENHUB_DEV": "ja"}, nil, "KETENHUB_DEV"},
		{"DevWithOIDCConfig", map[string]string{"KETENHUB_DEV": "true", "KETENHUB_OIDC_CONFIG": oidcFile}, nil, "KETENHUB_DEV"},
		{"DemoWithOIDCConfig", map[string]string{"KETENHUB_DEMO": "true", "KETENHUB_OIDC_CONFIG": oidcFile}, nil, "KETENHUB_DEMO"},
		{"DevFlagWithOIDCConfig", map[string]string{"KETENHUB_OIDC_CONFIG": oidcFile}, []string{"--dev"}, "KETENHUB_DEV"},
		{"FlowKeyFileMissing", map[string]string{"KETENHUB_FLOW_KEY_FILE": missing}, nil, "KETENHUB_FLOW_KEY_FILE"},
		{"FlowKeyFileShort", map[string]string{"KETENHUB_FLOW_KEY_FILE": shortKey}, nil, "KETENHUB_FLOW_KEY_FILE"},
		{"FlowKeyFileNotBase64", map[string]string{"KETENHUB_FLOW_KEY_FILE": notBase64}, nil, "KETENHUB_FLOW_KEY_FILE"},
		{"LogFormat", map[string]string{"KETENHUB_LOG_FORMAT": "xml"}, nil, "KETENHUB_LOG_FORMAT"},
		{"TrustedProxies", map[string]string{"KETENHUB_TRUSTED_PROXIES": "10.0.0.0/8,proxy.local"}, nil, "KETENHUB_TRUSTED_PROXIES"},
		{"LoginRateLimit", map[string]string{"KETENHUB_LOGIN_RATE_LIMIT": "30"}, nil, "KETENHUB_LOGIN_RATE_LIMIT"},
		{"LoginRateLimitZero", map[string]string{"KETENHUB_LOGIN_RATE_LIMIT": "0/1m"}, nil, "KETENHUB_LOGIN_RATE_LIMIT"},
		{"WriteRateLimitPer", nil, []string{"--write-rate-limit", "10/soon"}, "KETENHUB_WRITE_RATE_LIMIT"},
		{"DebugAddrNotLoopback", map[string]string{"KETENHUB_DEBUG_ADDR": "0.0.0.0:6060"}, nil, "KETENHUB_DEBUG_ADDR"},
		{"DebugAddrNoPort", nil, []string{"--debug-addr", "127.0.0.1"}, "KETENHUB_DEBUG_ADDR"},
		{"MetricsAddrNoPort", map[string]string{"KETENHUB_METRICS_ADDR": "10.0.0.5"}, nil, "KETENHUB_METRICS_ADDR"},
		{"MetricsAddrIsThePublicOne", map[string]string{"KETENHUB_ADDR": "0.0.0.0:8080", "KETENHUB_METRICS_ADDR": "0.0.0.0:8080"}, nil, "KETENHUB_METRICS_ADDR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadConfig(tt.args, env(tt.env))
			var ce *configError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *configError", err)
			}
			if got, want := ce.setting.env, tt.setting; got != want {
				t.Errorf("error names %s, want %s (%v)", got, want, err)
			}
			if !strings.Contains(err.Error(), tt.setting) {
				t.Errorf("message %q does not name %s", err, tt.setting)
			}
		})
	}

	t.Run("DevWithOIDCConfigNamesBoth", func(t *testing.T) {
		_, err := loadConfig(nil, env(map[string]string{"KETENHUB_DEV": "true", "KETENHUB_OIDC_CONFIG": oidcFile}))
		if err == nil || !strings.Contains(err.Error(), "KETENHUB_OIDC_CONFIG") {
			t.Errorf("err = %v, want one that names KETENHUB_OIDC_CONFIG too", err)
		}
	})
	t.Run("OIDCConfigProblemShown", func(t *testing.T) {
		_, err := loadConfig(nil, env(map[string]string{"KETENHUB_OIDC_CONFIG": badOIDC}))
		if err == nil || !strings.Contains(err.Error(), "colour") {
			t.Errorf("err = %v, want one that names the unknown key", err)
		}
	})
	t.Run("FlowKeyNotEchoed", func(t *testing.T) {
		_, err := loadConfig(nil, env(map[string]string{"KETENHUB_FLOW_KEY_FILE": notBase64}))
		if err == nil || strings.Contains(err.Error(), "geheim") {
			t.Errorf("err = %v, want an error that does not show the file's content", err)
		}
	})
	t.Run("DatabaseURLNotEchoed", func(t *testing.T) {
		_, err := loadConfig(nil, env(map[string]string{"KETENHUB_DATABASE_URL": "mysql://root:hunter2@localhost/db"}))
		if err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("err = %v, want an error that does not show the password", err)
		}
	})
	t.Run("UnknownFlag", func(t *testing.T) {
		if _, err := loadConfig([]string{"--colour"}, env(nil)); err == nil {
			t.Error("no error for an unknown flag")
		}
	})
	t.Run("StrayArgument", func(t *testing.T) {
		if _, err := loadConfig([]string{"extra"}, env(nil)); err == nil {
			t.Error("no error for a stray argument")
		}
	})
	t.Run("Help", func(t *testing.T) {
		if _, err := loadConfig([]string{"-h"}, env(nil)); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("err = %v, want flag.ErrHelp", err)
		}
	})
}

func TestConfig_CookieSecure(t *testing.T) {
	for url, want := range map[string]bool{"https://hub.example.nl": true, "http://127.0.0.1:8080": false} {
		if got := (Config{PublicURL: url}).CookieSecure(); got != want {
			t.Errorf("CookieSecure(%s) = %v, want %v", url, got, want)
		}
	}
}

func TestConfig_ListeningOn(t *testing.T) {
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 43210}
	t.Run("PortZeroIsFilledIn", func(t *testing.T) {
		got := Config{PublicURL: "http://127.0.0.1:0", AllowedOrigins: []string{"http://127.0.0.1:0", "https://beheer.example.nl"}}.listeningOn(addr)
		if want := "http://127.0.0.1:43210"; got.PublicURL != want {
			t.Errorf("PublicURL = %q, want %q", got.PublicURL, want)
		}
		if want := []string{"http://127.0.0.1:43210", "https://beheer.example.nl"}; !reflect.DeepEqual(got.AllowedOrigins, want) {
			t.Errorf("AllowedOrigins = %q, want %q", got.AllowedOrigins, want)
		}
	})
	t.Run("AChosenURLStays", func(t *testing.T) {
		c := Config{PublicURL: "https://hub.example.nl", AllowedOrigins: []string{"https://hub.example.nl"}}
		if got := c.listeningOn(addr); !reflect.DeepEqual(got, c) {
			t.Errorf("listeningOn changed %+v into %+v", c, got)
		}
	})
}

// writeFile writes content to a new file in a temporary directory.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeOIDCConfig writes a valid identity-provider file.
func writeOIDCConfig(t *testing.T) string {
	t.Helper()
	return writeFile(t, "oidc.yaml", `providers:
  - id: regio
    display_name: Regio (Keycloak)
    issuer: https://sso.example.nl/realms/ketenhub
    client_id: ketenhub
    client_secret: geheim
    organisation_claim: organisation
`)
}

// TestSettingsDocumented keeps docs/configuration.md complete: every
// setting's variable, flag and default is in its table.
func TestSettingsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(doc), "\n") {
		if cells := strings.Split(line, "|"); len(cells) > 4 && strings.HasPrefix(strings.TrimSpace(cells[1]), "`KETENHUB_") {
			rows[strings.Trim(strings.TrimSpace(cells[1]), "`")] = line
		}
	}
	for _, s := range settings {
		row, ok := rows[s.env]
		if !ok {
			t.Errorf("docs/configuration.md has no row for %s", s.env)
			continue
		}
		if !strings.Contains(row, "`--"+s.flag+"`") {
			t.Errorf("the row of %s does not name the flag --%s", s.env, s.flag)
		}
		// Literal defaults must appear as such; described ones (with spaces) are worded for people.
		if s.def != "" && !strings.Contains(s.def, " ") && !strings.Contains(row, "`"+s.def+"`") {
			t.Errorf("the row of %s does not give the default `%s`", s.env, s.def)
		}
	}
	for env := range rows {
		found := false
		for _, s := range settings {
			found = found || s.env == env
		}
		if !found {
			t.Errorf("docs/configuration.md documents %s, which is no setting", env)
		}
	}
}

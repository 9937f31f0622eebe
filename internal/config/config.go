// SPDX-License-Identifier: Apache-2.0

// Package config holds every setting an operator can change. Settings come
// from ISMS_* environment variables, overridden by command-line flags; the
// cli package binds the flags. config imports only the standard library.
package config

import (
	"fmt"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config holds every setting an operator can change. Each field names its
// environment variable and default; "isms config" prints them.
type Config struct {
	// DataDir is ISMS_DATA_DIR, default "data": the SQLite database and
	// local files live here.
	DataDir string
	// DatabaseURL is ISMS_DATABASE_URL, default "sqlite:<DataDir>/isms.db";
	// "postgres://…" selects PostgreSQL.
	DatabaseURL string
	// Addr is ISMS_ADDR, default "127.0.0.1:8080" (loopback until configured).
	Addr string
	// BaseURL is ISMS_BASE_URL, the public URL of the server, used in links;
	// when it is https, cookies are marked Secure. Default "http://<Addr>".
	BaseURL string
	// TrustedProxies is ISMS_TRUSTED_PROXIES, comma-separated addresses or
	// CIDR ranges whose X-Forwarded-For header is believed. Default none.
	TrustedProxies []netip.Prefix
	// MetricsAddr is ISMS_METRICS_ADDR: when set, Prometheus metrics are
	// served on this separate address. Default off.
	MetricsAddr string
	// MetricsToken is ISMS_METRICS_TOKEN: when set, /metrics is also served
	// on the main address to requests bearing this token. Secret.
	MetricsToken string
	// LogFormat is ISMS_LOG_FORMAT, "text" (default) or "json".
	LogFormat string
	// LogLevel is ISMS_LOG_LEVEL: debug, info (default), warn or error.
	LogLevel string
	// SessionIdle is ISMS_SESSION_IDLE, default 2h: a session ends after
	// this long without a request.
	SessionIdle time.Duration
	// SessionMax is ISMS_SESSION_MAX, default 12h: a session ends this long
	// after sign-in.
	SessionMax time.Duration
	// BlobStore is ISMS_BLOB_STORE: where evidence files are kept, "fs"
	// (default, in BlobDir) or "s3" (the S3* settings).
	BlobStore string
	// S3Endpoint is ISMS_S3_ENDPOINT, host[:port] of the S3-compatible
	// service, without a scheme. Required for s3.
	S3Endpoint string
	// S3Bucket is ISMS_S3_BUCKET, an existing bucket. Required for s3.
	S3Bucket string
	// S3Region is ISMS_S3_REGION, the bucket's region; default: ask the
	// service.
	S3Region string
	// S3Prefix is ISMS_S3_PREFIX, a folder of the bucket to keep the files
	// in; default the whole bucket.
	S3Prefix string
	// S3AccessKeyID is ISMS_S3_ACCESS_KEY_ID. Required for s3.
	S3AccessKeyID string
	// S3SecretAccessKey is ISMS_S3_SECRET_ACCESS_KEY. Required for s3. Secret.
	S3SecretAccessKey string
	// S3PathStyle is ISMS_S3_PATH_STYLE, default false: true addresses the
	// bucket as endpoint/bucket, which most self-hosted services need.
	S3PathStyle bool
	// S3Insecure is ISMS_S3_INSECURE, default false: true talks plain http
	// to the endpoint.
	S3Insecure bool
	// MaxUploadMB is ISMS_MAX_UPLOAD_MB, default 100: the largest evidence
	// file accepted, in MiB (1 to 5120).
	MaxUploadMB int
	// SecretKey is ISMS_SECRET_KEY, the base64 of 32 random bytes: it
	// seals the organizations' audit-package signing keys. When unset,
	// SecretKeyBytes reads <DataDir>/secret.key, or creates it. Replicas
	// must share one. Secret.
	SecretKey []byte
}

// Load reads settings through getenv (os.Getenv in main, a map in tests)
// and applies defaults. Call Finish after flags have been applied.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		DataDir:      getenv("ISMS_DATA_DIR"),
		DatabaseURL:  getenv("ISMS_DATABASE_URL"),
		Addr:         getenv("ISMS_ADDR"),
		BaseURL:      getenv("ISMS_BASE_URL"),
		MetricsAddr:  getenv("ISMS_METRICS_ADDR"),
		MetricsToken: getenv("ISMS_METRICS_TOKEN"),
		LogFormat:    getenv("ISMS_LOG_FORMAT"),
		LogLevel:     getenv("ISMS_LOG_LEVEL"),
	}
	var err error
	if c.TrustedProxies, err = ParseProxies(getenv("ISMS_TRUSTED_PROXIES")); err != nil {
		return c, fmt.Errorf("ISMS_TRUSTED_PROXIES: %w", err)
	}
	if c.SessionIdle, err = duration(getenv, "ISMS_SESSION_IDLE", 2*time.Hour); err != nil {
		return c, err
	}
	if c.SessionMax, err = duration(getenv, "ISMS_SESSION_MAX", 12*time.Hour); err != nil {
		return c, err
	}
	if err := c.loadBlob(getenv); err != nil {
		return c, err
	}
	if c.SecretKey, err = parseSecretKey(getenv("ISMS_SECRET_KEY")); err != nil {
		return c, fmt.Errorf("ISMS_SECRET_KEY: %w", err)
	}
	return c, nil
}

func duration(getenv func(string) string, key string, def time.Duration) (time.Duration, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q: use a positive duration such as 30m or 8h", key, v)
	}
	return d, nil
}

// ParseProxies parses a comma-separated list of addresses and CIDR ranges.
func ParseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			a, err := netip.ParseAddr(part)
			if err != nil {
				return nil, fmt.Errorf("%q is not an IP address or CIDR range", part)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, fmt.Errorf("%q is not an IP address or CIDR range", part)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// Finish fills the defaults that depend on other settings and checks the result.
func (c *Config) Finish() error {
	if c.DataDir == "" {
		c.DataDir = "data"
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = "sqlite:" + filepath.Join(c.DataDir, "isms.db")
	}
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.LogFormat == "" {
		c.LogFormat = "text"
	}
	if c.LogLevel == "" {
		c.LogLevel = "info"
	}
	var problems []string
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, fmt.Sprintf("ISMS_BASE_URL/--base-url %q: use an absolute http(s) URL such as https://isms.example.com", c.BaseURL))
	}
	if !strings.HasPrefix(c.DatabaseURL, "sqlite:") && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		problems = append(problems, "ISMS_DATABASE_URL/--database-url: use sqlite:PATH or postgres://USER@HOST/DB")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		problems = append(problems, fmt.Sprintf("ISMS_LOG_FORMAT/--log-format %q: use text or json", c.LogFormat))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		problems = append(problems, fmt.Sprintf("ISMS_LOG_LEVEL/--log-level %q: use debug, info, warn or error", c.LogLevel))
	}
	problems = append(problems, c.blobProblems()...)
	if len(problems) > 0 {
		return fmt.Errorf("invalid settings:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// SecureCookies reports whether cookies must carry the Secure attribute:
// when the public URL is https.
func (c *Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// Setting is one printable setting.
type Setting struct {
	Env   string
	Flag  string
	Value string
}

// Settings returns the effective settings for "isms config", secrets
// redacted.
func (c *Config) Settings() []Setting {
	proxies := make([]string, len(c.TrustedProxies))
	for i, p := range c.TrustedProxies {
		proxies[i] = p.String()
	}
	secret := func(s string) string {
		if s == "" {
			return ""
		}
		return "(set, redacted)"
	}
	return []Setting{
		{"ISMS_DATA_DIR", "--data-dir", c.DataDir},
		{"ISMS_DATABASE_URL", "--database-url", redactURL(c.DatabaseURL)},
		{"ISMS_ADDR", "serve --addr", c.Addr},
		{"ISMS_BASE_URL", "--base-url", c.BaseURL},
		{"ISMS_TRUSTED_PROXIES", "--trusted-proxies", strings.Join(proxies, ",")},
		{"ISMS_METRICS_ADDR", "serve --metrics-addr", c.MetricsAddr},
		{"ISMS_METRICS_TOKEN", "", secret(c.MetricsToken)},
		{"ISMS_LOG_FORMAT", "--log-format", c.LogFormat},
		{"ISMS_LOG_LEVEL", "--log-level", c.LogLevel},
		{"ISMS_SESSION_IDLE", "", c.SessionIdle.String()},
		{"ISMS_SESSION_MAX", "", c.SessionMax.String()},
		{"ISMS_BLOB_STORE", "", c.BlobStore},
		{"ISMS_S3_ENDPOINT", "", c.S3Endpoint},
		{"ISMS_S3_BUCKET", "", c.S3Bucket},
		{"ISMS_S3_REGION", "", c.S3Region},
		{"ISMS_S3_PREFIX", "", c.S3Prefix},
		{"ISMS_S3_ACCESS_KEY_ID", "", c.S3AccessKeyID},
		{"ISMS_S3_SECRET_ACCESS_KEY", "", secret(c.S3SecretAccessKey)},
		{"ISMS_S3_PATH_STYLE", "", strconv.FormatBool(c.S3PathStyle)},
		{"ISMS_S3_INSECURE", "", strconv.FormatBool(c.S3Insecure)},
		{"ISMS_MAX_UPLOAD_MB", "", strconv.Itoa(c.MaxUploadMB)},
		{"ISMS_SECRET_KEY", "", c.secretKeySetting()},
	}
}

// redactURL hides the password of a database URL.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "redacted")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "redacted")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// BlobDir is the directory of the "fs" evidence store: DataDir/blobs.
func (c *Config) BlobDir() string { return filepath.Join(c.DataDir, "blobs") }

// MaxUploadBytes is MaxUploadMB in bytes.
func (c *Config) MaxUploadBytes() int64 { return int64(c.MaxUploadMB) << 20 }

// maxUploadMB is the largest ISMS_MAX_UPLOAD_MB: 5 GiB, the most an S3
// server-side copy takes in one request.
const maxUploadMB = 5120

// loadBlob reads the settings of the evidence store.
func (c *Config) loadBlob(getenv func(string) string) error {
	c.BlobStore = getenv("ISMS_BLOB_STORE")
	c.S3Endpoint = getenv("ISMS_S3_ENDPOINT")
	c.S3Bucket = getenv("ISMS_S3_BUCKET")
	c.S3Region = getenv("ISMS_S3_REGION")
	c.S3Prefix = getenv("ISMS_S3_PREFIX")
	c.S3AccessKeyID = getenv("ISMS_S3_ACCESS_KEY_ID")
	c.S3SecretAccessKey = getenv("ISMS_S3_SECRET_ACCESS_KEY")
	var err error
	if c.S3PathStyle, err = boolean(getenv, "ISMS_S3_PATH_STYLE"); err != nil {
		return err
	}
	if c.S3Insecure, err = boolean(getenv, "ISMS_S3_INSECURE"); err != nil {
		return err
	}
	if v := getenv("ISMS_MAX_UPLOAD_MB"); v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > maxUploadMB {
			return fmt.Errorf("ISMS_MAX_UPLOAD_MB=%q: use a whole number of megabytes from 1 to %d", v, maxUploadMB)
		}
		c.MaxUploadMB = n
	}
	return nil
}

// boolean reads a true/false setting; unset is false.
func boolean(getenv func(string) string, key string) (bool, error) {
	v := getenv(key)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		return false, fmt.Errorf("%s=%q: use true or false", key, v)
	}
	return b, nil
}

// blobProblems fills the evidence store's default and says what is wrong
// with its settings.
func (c *Config) blobProblems() []string {
	if c.BlobStore == "" {
		c.BlobStore = "fs"
	}
	if c.MaxUploadMB == 0 {
		c.MaxUploadMB = 100
	}
	switch c.BlobStore {
	case "fs":
		return nil
	case "s3":
	default:
		return []string{fmt.Sprintf("ISMS_BLOB_STORE %q: use fs (files under the data directory) or s3", c.BlobStore)}
	}
	var problems []string
	for _, s := range []struct{ env, v, what string }{
		{"ISMS_S3_ENDPOINT", c.S3Endpoint, "the host[:port] of the S3 service"},
		{"ISMS_S3_BUCKET", c.S3Bucket, "the name of an existing bucket"},
		{"ISMS_S3_ACCESS_KEY_ID", c.S3AccessKeyID, "the access key ID"},
		{"ISMS_S3_SECRET_ACCESS_KEY", c.S3SecretAccessKey, "the secret access key"},
	} {
		if s.v == "" {
			problems = append(problems, fmt.Sprintf("%s: ISMS_BLOB_STORE=s3 needs %s", s.env, s.what))
		}
	}
	if strings.Contains(c.S3Endpoint, "/") {
		problems = append(problems, fmt.Sprintf("ISMS_S3_ENDPOINT %q: give host[:port] without scheme or path, such as s3.eu-central-1.amazonaws.com; for plain http set ISMS_S3_INSECURE=true", c.S3Endpoint))
	}
	return problems
}

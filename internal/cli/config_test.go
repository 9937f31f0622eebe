// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/cli"
)

func runEnv(t *testing.T, vars map[string]string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &out, Version: "test", Getenv: func(k string) string { return vars[k] }}
	err := cli.Run(context.Background(), args, env)
	return out.String(), err
}

func TestConfigPrintsEffectiveSettingsWithFlagsWinningAndSecretsRedacted(t *testing.T) {
	vars := map[string]string{
		"ISMS_BASE_URL":        "https://from-env.example.com",
		"ISMS_DATABASE_URL":    "postgres://isms:hunter2@db.example.com/isms",
		"ISMS_METRICS_TOKEN":   "very-secret",
		"ISMS_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.1",
		"ISMS_ADDR":            "0.0.0.0:9000",
	}
	out, err := runEnv(t, vars, "config", "--base-url", "https://from-flag.example.com")
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	for _, want := range []string{"https://from-flag.example.com", "postgres://isms:redacted@db.example.com/isms",
		"(set, redacted)", "10.0.0.0/8,192.168.1.1/32", "0.0.0.0:9000"} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{"hunter2", "very-secret", "from-env"} {
		if strings.Contains(out, secret) {
			t.Errorf("config output shows %q:\n%s", secret, out)
		}
	}
}

func TestInvalidSettingsAreRefusedWithTheirName(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"ISMS_BASE_URL": "isms.example.com"}, "ISMS_BASE_URL"},
		{map[string]string{"ISMS_DATABASE_URL": "mysql://x"}, "ISMS_DATABASE_URL"},
		{map[string]string{"ISMS_TRUSTED_PROXIES": "not-an-ip"}, "ISMS_TRUSTED_PROXIES"},
		{map[string]string{"ISMS_SESSION_IDLE": "forever"}, "ISMS_SESSION_IDLE"},
		{map[string]string{"ISMS_LOG_FORMAT": "xml"}, "ISMS_LOG_FORMAT"},
	} {
		if _, err := runEnv(t, tc.vars, "config"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("config with %v = %v, want an error naming %s", tc.vars, err, tc.want)
		}
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	out, err := runEnv(t, nil, "--help")
	if err != nil {
		t.Fatal(err)
	}
	cmds := []string{"serve", "migrate", "user", "org", "audit", "backup", "restore", "demo", "version", "config"}
	for _, c := range cmds {
		if !strings.Contains(out, "  "+c+" ") {
			t.Errorf("isms --help does not list %q:\n%s", c, out)
		}
	}
	for _, args := range [][]string{{"migrate", "up"}, {"migrate", "status"}, {"user", "create"}, {"user", "list"},
		{"user", "reset-password"}, {"org", "create"}, {"org", "list"}, {"audit", "verify"}, {"serve"}, {"backup"}, {"restore"}, {"demo"}} {
		out, err := runEnv(t, nil, append(args, "--help")...)
		if err != nil || !strings.Contains(out, "Usage:") {
			t.Errorf("isms %s --help = %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

func TestVersionPrintsTheBuildVersion(t *testing.T) {
	out, err := runEnv(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "isms test (go") {
		t.Errorf("version = %q, %v", out, err)
	}
}

func TestUserAndOrgCommandsManageAccounts(t *testing.T) {
	vars := map[string]string{"ISMS_DATA_DIR": t.TempDir()}
	steps := [][]string{
		{"migrate", "up"},
		{"user", "create", "--email", "ana@example.com", "--name", "Ana Ruiz", "--owner"},
		{"org", "create", "--slug", "acme", "--name", "Acme Ltd", "--admin", "ana@example.com"},
		{"user", "create", "--email", "bo@example.com", "--name", "Bo", "--role", "manager"},
	}
	for _, s := range steps {
		if out, err := runEnv(t, vars, s...); err != nil {
			t.Fatalf("isms %s: %v\n%s", strings.Join(s, " "), err, out)
		}
	}
	out, err := runEnv(t, vars, "user", "list", "--format", "csv")
	if err != nil || !strings.Contains(out, "ana@example.com") || !strings.Contains(out, "bo@example.com") {
		t.Errorf("user list = %v\n%s", err, out)
	}
	out, err = runEnv(t, vars, "org", "list")
	if err != nil || !strings.Contains(out, "acme") {
		t.Errorf("org list = %v\n%s", err, out)
	}
	out, err = runEnv(t, vars, "user", "reset-password", "bo@example.com")
	if err != nil || !strings.Contains(out, "one-time password: ") {
		t.Errorf("user reset-password = %v\n%s", err, out)
	}
	if _, err := runEnv(t, vars, "user", "create", "--email", "not-an-email", "--name", "X"); err == nil || !strings.Contains(err.Error(), "--email") {
		t.Errorf("user create with a bad e-mail = %v, want an error naming --email", err)
	}
	if out, err := runEnv(t, vars, "audit", "verify", "--all"); err != nil || strings.Count(out, ": OK,") != 2 {
		t.Errorf("audit verify --all = %v\n%s\nwant two chains OK", err, out)
	}
}

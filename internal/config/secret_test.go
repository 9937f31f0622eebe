// SPDX-License-Identifier: Apache-2.0

package config_test

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ismsproject/isms/internal/config"
)

// secretSetting returns what Settings shows for ISMS_SECRET_KEY.
func secretSetting(c config.Config) string {
	for _, s := range c.Settings() {
		if s.Env == "ISMS_SECRET_KEY" {
			return s.Value
		}
	}
	return "(not listed)"
}

func TestSecretKeyFromTheEnvironment(t *testing.T) {
	want := bytes.Repeat([]byte{0xa5}, 32)
	for _, text := range []string{base64.StdEncoding.EncodeToString(want), base64.RawStdEncoding.EncodeToString(want) + "\n"} {
		c, err := load(map[string]string{"ISMS_SECRET_KEY": text, "ISMS_DATA_DIR": t.TempDir()})
		if err != nil {
			t.Fatalf("load(%q) = %v", text, err)
		}
		got, err := c.SecretKeyBytes()
		if err != nil || !bytes.Equal(got, want) || !bytes.Equal(c.SecretKey, want) {
			t.Errorf("SecretKeyBytes() = %x, %v; want %x", got, err, want)
		}
		if s := secretSetting(c); s != "(set, redacted)" {
			t.Errorf("Settings shows ISMS_SECRET_KEY = %q, want it redacted", s)
		}
		if _, err := os.Stat(c.SecretKeyFile()); !os.IsNotExist(err) {
			t.Errorf("Stat(%s) = %v; want no file when the variable is set", c.SecretKeyFile(), err)
		}
	}
}

func TestMalformedSecretKeyIsRefusedWithItsName(t *testing.T) {
	short := base64.StdEncoding.EncodeToString([]byte("only sixteen byt"))
	for _, v := range []string{short, "not base64 at all!", strings.Repeat("A", 44) + "AAAA"} {
		_, err := load(map[string]string{"ISMS_SECRET_KEY": v})
		want := `ISMS_SECRET_KEY: use the base64 of 32 random bytes, such as the output of "openssl rand -base64 32"`
		if err == nil || err.Error() != want {
			t.Errorf("load(ISMS_SECRET_KEY=%q) = %v, want %q", v, err, want)
		}
	}
}

func TestSecretKeyFileIsCreatedOnceAndReused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	c, err := load(map[string]string{"ISMS_DATA_DIR": dir})
	if err != nil {
		t.Fatal(err)
	}
	if s, want := secretSetting(c), "(unset: "+filepath.Join(dir, "secret.key")+")"; s != want {
		t.Errorf("Settings shows ISMS_SECRET_KEY = %q, want %q", s, want)
	}
	var wg sync.WaitGroup
	keys := make([][]byte, 8)
	for i := range keys {
		wg.Go(func() {
			k, err := c.SecretKeyBytes()
			if err != nil {
				t.Errorf("SecretKeyBytes() = %v", err)
			}
			keys[i] = k
		})
	}
	wg.Wait()
	for _, k := range keys {
		if len(k) != 32 || !bytes.Equal(k, keys[0]) {
			t.Fatalf("keys = %x, want one 32-byte key for every caller", keys)
		}
	}
	fi, err := os.Stat(c.SecretKeyFile())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("Stat(secret.key) = %v, %v; want a file of mode 0600", fi, err)
	}
	data, _ := os.ReadFile(c.SecretKeyFile())
	if string(data) != base64.StdEncoding.EncodeToString(keys[0])+"\n" {
		t.Errorf("secret.key holds %q, want the base64 of the key", data)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".secret.key-*")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	again, err := load(map[string]string{"ISMS_DATA_DIR": dir})
	if k, err2 := again.SecretKeyBytes(); err != nil || err2 != nil || !bytes.Equal(k, keys[0]) {
		t.Errorf("SecretKeyBytes() the next time = %x, %v %v; want the same key", k, err, err2)
	}
}

func TestUnusableSecretKeyFileIsNamed(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "secret.key"), []byte("garbage\n"), 0o600)
	c, _ := load(map[string]string{"ISMS_DATA_DIR": dir})
	want := filepath.Join(dir, "secret.key") + ` does not hold a secret key: use the base64 of 32 random bytes, such as the output of "openssl rand -base64 32", or set ISMS_SECRET_KEY`
	if _, err := c.SecretKeyBytes(); err == nil || err.Error() != want {
		t.Errorf("SecretKeyBytes(garbage file) = %v, want %q", err, want)
	}
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, nil, 0o600)
	c, _ = load(map[string]string{"ISMS_DATA_DIR": file})
	_, err := c.SecretKeyBytes()
	prefix := "ISMS_SECRET_KEY is not set and " + filepath.Join(file, "secret.key") + " cannot be read ("
	if err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.HasSuffix(err.Error(), "): set ISMS_SECRET_KEY") {
		t.Errorf("SecretKeyBytes(data dir is a file) = %v, want %q…", err, prefix)
	}
	if _, err := os.Stat("/proc/self"); err != nil {
		return // not Linux
	}
	// Not even root may make a directory in /proc.
	c, _ = load(map[string]string{"ISMS_DATA_DIR": "/proc/isms-test-data"})
	_, err = c.SecretKeyBytes()
	prefix = "ISMS_SECRET_KEY is not set and /proc/isms-test-data/secret.key cannot be created ("
	if err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.HasSuffix(err.Error(), "): set ISMS_SECRET_KEY") {
		t.Errorf("SecretKeyBytes(data dir in /proc) = %v, want %q…", err, prefix)
	}
}

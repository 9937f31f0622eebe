// SPDX-License-Identifier: Apache-2.0

package config

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The installation's secret key seals what must stay secret in the
// database (the organizations' signing keys), so that a copy of the
// database alone does not give them away. An operator sets it with
// ISMS_SECRET_KEY; otherwise it lives in the data directory, made on
// first use, and is copied by "isms backup" with the rest of the
// directory.

// SecretKeySize is the length of the secret key in bytes.
const SecretKeySize = 32

// secretKeyHint says how to make a secret key.
const secretKeyHint = `use the base64 of 32 random bytes, such as the output of "openssl rand -base64 32"`

// parseSecretKey decodes a secret key from base64 (padded or not); ""
// is no key.
func parseSecretKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		key, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil || len(key) != SecretKeySize {
		return nil, errors.New(secretKeyHint)
	}
	return key, nil
}

// SecretKeyFile is where the secret key is kept when ISMS_SECRET_KEY is
// unset: DataDir/secret.key.
func (c *Config) SecretKeyFile() string { return filepath.Join(c.DataDir, "secret.key") }

// secretKeySetting is how "isms config" shows the secret key.
func (c *Config) secretKeySetting() string {
	if c.SecretKey != nil {
		return "(set, redacted)"
	}
	return "(unset: " + c.SecretKeyFile() + ")"
}

// SecretKeyBytes returns the secret key: ISMS_SECRET_KEY's, else the
// one in SecretKeyFile, which it creates (mode 0600, 32 random bytes in
// base64) when there is none. Of two processes creating it at once, both
// end with the same key.
func (c *Config) SecretKeyBytes() ([]byte, error) {
	if c.SecretKey != nil {
		return c.SecretKey, nil
	}
	name := c.SecretKeyFile()
	key, err := readSecretKey(name)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	if err := createSecretKey(name); err != nil {
		return nil, fmt.Errorf("ISMS_SECRET_KEY is not set and %s cannot be created (%w): set ISMS_SECRET_KEY", name, err)
	}
	return readSecretKey(name)
}

// readSecretKey reads the key in file name.
func readSecretKey(name string) ([]byte, error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	} else if err != nil {
		return nil, fmt.Errorf("ISMS_SECRET_KEY is not set and %s cannot be read (%w): set ISMS_SECRET_KEY", name, err)
	}
	key, err := parseSecretKey(string(data))
	if err != nil || key == nil {
		return nil, fmt.Errorf("%s does not hold a secret key: %s, or set ISMS_SECRET_KEY", name, secretKeyHint)
	}
	return key, nil
}

// createSecretKey writes a new random key to name unless a file of that
// name appears meanwhile. The key is written to a temporary file first
// and linked into place, so nobody ever reads half a key.
func createSecretKey(name string) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".secret.key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	key := make([]byte, SecretKeySize)
	rand.Read(key)
	text := base64.StdEncoding.EncodeToString(key) + "\n"
	if _, err := tmp.WriteString(text); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), name); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

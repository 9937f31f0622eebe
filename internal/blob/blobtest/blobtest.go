// SPDX-License-Identifier: Apache-2.0

// Package blobtest gives tests throwaway evidence stores: a directory store
// in a temporary directory always, and an S3 store on a real S3-compatible
// server (versitygw, started on loopback for the test) as well when
// ISMS_TEST_S3 is set.
package blobtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/ismsproject/isms/internal/blob"
)

// Bucket is the bucket S3Config creates on each test's server.
const Bucket = "isms-test"

const (
	accessKey = "isms-test"
	secretKey = "isms-test-secret-key"
	region    = "us-east-1"
)

var skipOnce sync.Once

// Each runs fn once per store under test: always a directory store, and an
// S3 store as well when ISMS_TEST_S3 is set (CI sets it; laptops need not).
func Each(t *testing.T, fn func(t *testing.T, s blob.Store)) {
	t.Helper()
	t.Run("fs", func(t *testing.T) { fn(t, FS(t)) })
	if os.Getenv("ISMS_TEST_S3") == "" {
		skipOnce.Do(func() { fmt.Fprintln(os.Stderr, "blobtest: "+howToEnable) })
		return
	}
	t.Run("s3", func(t *testing.T) { fn(t, S3(t)) })
}

const howToEnable = "ISMS_TEST_S3 is not set; S3 variants of the evidence store tests are skipped. " +
	"Set it to the path of a versitygw binary (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0), " +
	"or to 1 to find versitygw on PATH"

// FS returns a directory store in a temporary directory removed after the
// test.
func FS(t testing.TB) *blob.FS {
	t.Helper()
	s, err := blob.NewFS(t.TempDir())
	if err != nil {
		t.Fatalf("blob.NewFS: %v", err)
	}
	return s
}

// S3 returns an S3 store on a bucket of a versitygw server of its own, which
// is stopped when the test ends. It skips the test when ISMS_TEST_S3 is not
// set.
func S3(t testing.TB) *blob.S3 {
	t.Helper()
	s, err := blob.NewS3(context.Background(), S3Config(t))
	if err != nil {
		t.Fatalf("blob.NewS3: %v", err)
	}
	return s
}

// S3Config starts versitygw for the test on a free port of 127.0.0.1, with
// its posix back end in a temporary directory, creates Bucket, and returns
// the settings that reach it. The server stops when the test ends. It skips
// the test when ISMS_TEST_S3 is not set.
func S3Config(t testing.TB) blob.S3Config {
	t.Helper()
	bin := versitygw(t)
	var lastErr error
	for range 3 { // another process may take the free port before the server does
		endpoint, err := start(t, bin)
		if err == nil {
			return blob.S3Config{Endpoint: endpoint, Bucket: Bucket, Region: region,
				AccessKeyID: accessKey, SecretAccessKey: secretKey, PathStyle: true, Insecure: true}
		}
		lastErr = err
	}
	t.Fatalf("blobtest: versitygw did not start: %v", lastErr)
	return blob.S3Config{}
}

// versitygw returns the binary that ISMS_TEST_S3 names.
func versitygw(t testing.TB) string {
	t.Helper()
	v := os.Getenv("ISMS_TEST_S3")
	switch v {
	case "":
		t.Skip("blobtest: " + howToEnable)
	case "1", "true":
		p, err := exec.LookPath("versitygw")
		if err != nil {
			t.Fatalf("blobtest: ISMS_TEST_S3=%s but versitygw is not on PATH: %v", v, err)
		}
		return p
	}
	if _, err := os.Stat(v); err != nil {
		t.Fatalf("blobtest: ISMS_TEST_S3 names no versitygw binary: %v", err)
	}
	return v
}

// start runs one server and waits until it has created Bucket. It returns
// the server's address, or an error (with the server's output) when the
// server exits before it is ready.
func start(t testing.TB, bin string) (string, error) {
	t.Helper()
	addr, err := freeAddr()
	if err != nil {
		t.Fatalf("blobtest: %v", err)
	}
	var out lockedBuffer
	cmd := exec.Command(bin, "--port", addr, "--access", accessKey, "--secret", secretKey,
		"--region", region, "--quiet", "posix", t.TempDir())
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "TMPDIR=" + os.TempDir()}
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = sysProcAttr()
	started, exited := make(chan error, 1), make(chan struct{})
	go func() {
		// The parent-death signal follows the thread that started the
		// process, so that thread stays with this goroutine until the end.
		runtime.LockOSThread()
		defer close(exited)
		err := cmd.Start()
		started <- err
		if err == nil {
			cmd.Wait()
		}
	}()
	if err := <-started; err != nil {
		t.Fatalf("blobtest: start %s: %v", bin, err)
	}
	stop := func() { cmd.Process.Kill(); <-exited }

	client, err := minio.New(addr, &minio.Options{Creds: credentials.NewStaticV4(accessKey, secretKey, ""), Region: region, BucketLookup: minio.BucketLookupPath})
	if err != nil {
		stop()
		t.Fatalf("blobtest: %v", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = client.MakeBucket(ctx, Bucket, minio.MakeBucketOptions{Region: region})
		cancel()
		if err == nil {
			t.Cleanup(stop)
			return addr, nil
		}
		select {
		case <-exited:
			return "", fmt.Errorf("%s exited: %s", bin, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("blobtest: versitygw on %s not ready after 30s: %v\n%s", addr, err, out.String())
		}
	}
}

// freeAddr returns a loopback address with a port nobody listens on now.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return "127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port), nil
}

// lockedBuffer collects a process's output from two goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// SPDX-License-Identifier: Apache-2.0

// Command isms runs the isms ISMS platform: the web server, the REST API and
// the command-line administration. See "isms --help".
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/ismsproject/isms/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := cli.Run(ctx, os.Args[1:], cli.Env{Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr, Version: version})
	if err != nil {
		fmt.Fprintln(os.Stderr, "isms:", err)
		os.Exit(cli.ExitCode(err))
	}
}

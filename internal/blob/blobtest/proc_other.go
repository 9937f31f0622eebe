// SPDX-License-Identifier: Apache-2.0

//go:build !linux

package blobtest

import "syscall"

// sysProcAttr has nothing to add where the parent's death cannot be
// signalled; the test's clean-up stops the server.
func sysProcAttr() *syscall.SysProcAttr { return nil }

// SPDX-License-Identifier: Apache-2.0

package blobtest

import "syscall"

// sysProcAttr makes the server die with the test binary, even when a
// timeout panic skips the test's clean-up.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

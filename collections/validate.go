package collections

import (
	"errors"
	"fmt"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
)

// checkUnencodedBasicClientID refuses a client id that client_auth =
// "basic-unencoded" cannot send: unencoded, its ':' would end the Basic
// user-id early (RFC 7617 §2). Form-encoded ("basic") it is %3A.
func checkUnencodedBasicClientID(id string) error {
	if strings.Contains(id, ":") {
		return fmt.Errorf("contains ':', which HTTP Basic cannot carry unencoded (RFC 7617 §2); use client_auth = %q or %q", authflow.ClientAuthBasic, authflow.ClientAuthBody)
	}
	return nil
}

// checkBasicUserID enforces RFC 7617 §2: the user-id and password are
// joined by the first ':', so a user-id containing one cannot be sent.
func checkBasicUserID(username string) error {
	if strings.Contains(username, ":") {
		return errors.New("a Basic user-id cannot contain ':' (RFC 7617 §2)")
	}
	return nil
}

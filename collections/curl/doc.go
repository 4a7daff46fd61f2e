// Package curl renders a prepared request as a curl command to paste into
// a POSIX shell (sh, bash, zsh), with every secret read from a shell
// variable and never written into the command.
//
// It works on what Prepare hands authflow — the authflow.Request and
// authflow.Profile of a collections.Prepared — and asks authflow where a
// profile's credentials go (authflow.Profile.Credential), so that the
// command sends what keyway sends. Where things are: curl.go renders the
// request, its credentials and an OAuth2 token request; secrets.go finds
// every secret (in every encoding it may travel in) and names its
// variable; quote.go writes shell words.
package curl

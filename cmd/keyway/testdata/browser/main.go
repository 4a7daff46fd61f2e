// Command browser stands in for a web browser in keyway's end-to-end
// tests: keyway runs it as $BROWSER with the authorization URL, and it
// follows that URL and every redirect — through a server that approves at
// once, to keyway's loopback listener — as a browser would after the user
// signed in. It writes the last page it got to the file named by
// KEYWAY_TEST_BROWSER_PAGE, when set, for the test to read.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: browser URL")
		os.Exit(2)
	}
	resp, err := http.Get(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	if path := os.Getenv("KEYWAY_TEST_BROWSER_PAGE"); path != "" {
		_ = os.WriteFile(path, page, 0o600)
	}
}

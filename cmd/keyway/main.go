// Command keyway is a terminal app for testing authenticated HTTP APIs.
//
// This package only parses the command line, wires the packages together
// and maps results to exit codes; the work happens in tui, collections and
// authflow.
package main

import (
	"os"
)

func main() {
	os.Exit(execute(os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}))
}

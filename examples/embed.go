// Package examples holds keyway's example collections and, in the
// sub-package demoapi, the demo API they run against.
//
// demo.toml is embedded so that `keyway demo` needs nothing but the binary;
// unqork.toml is a template to copy and fill in.
package examples

import _ "embed"

// DemoTOML is examples/demo.toml: the demo collection, which exercises
// every authentication method, an environment, a capture chain and each
// kind of assertion against the demo API (package demoapi). Its requests
// point at {{base_url}}; `keyway demo` sets that variable to the demo API's
// address with --var, and every request then passes.
//
// The bytes are shared: treat them as read-only.
//
//go:embed demo.toml
var DemoTOML []byte

// DemoPath is the name DemoTOML's errors and positions are reported under
// when it is parsed from the embedded copy.
const DemoPath = "examples/demo.toml"

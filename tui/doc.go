// Package tui is keyway's terminal app, on Bubble Tea v2: the explore
// screen (browse, preview, send, edit and copy requests), the auth-flow
// walkthrough, collection replay and profile set-up. It is the only package
// that imports charm.land/*; everything it sends or saves goes through
// collections, collections/run and authflow. Run is its entry point. How
// the screens fit together is described at the top of common.go.
package tui

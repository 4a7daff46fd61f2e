package tui

import "charm.land/bubbles/v2/key"

// flowPickerKeys are the flow picker's own keys, beyond FlowKeys.
type flowPickerKeys struct {
	// NextRequest picks another request to end the walk with.
	NextRequest key.Binding
}

// newFlowPickerKeys returns the picker's keys.
func newFlowPickerKeys() flowPickerKeys {
	return flowPickerKeys{
		NextRequest: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "another request")),
	}
}

// nextRequestFor returns the request after current among those a walk of
// profile can end with: the requests that use the profile, then every
// other request (sent with this profile's credentials instead of its own),
// in file order, wrapping around.
func nextRequestFor(c *common, profile, current string) string {
	coll := c.coll
	if coll == nil || len(coll.Requests) == 0 {
		return ""
	}
	var order []string
	for _, own := range []bool{true, false} {
		for _, r := range coll.Requests {
			if (coll.ProfileFor(r) == profile) == own {
				order = append(order, r.Name)
			}
		}
	}
	if current == "" {
		current = firstRequestUsing(c, profile)
	}
	for i, name := range order {
		if name == current {
			return order[(i+1)%len(order)]
		}
	}
	return order[0]
}

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
		NextRequest: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "choose the request")),
	}
}

package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbletea/v2"
)

// The response pane's tools — search, jq filter, copy and save — share
// its last lines and its keys. While one of them has a text input, every
// key goes to it (capturing); otherwise the tools' keys are the pane's
// when it has the focus, and esc takes back the search, then the filter.

// capturing reports whether keys are going to one of the pane's inputs.
func (v responseView) capturing() bool {
	return v.saving != nil || v.search != nil && v.search.typing || v.filter != nil && v.filter.typing
}

// closeTools ends the search, the filter and a save in progress: they
// belonged to the exchange shown.
func (v *responseView) closeTools() {
	if v.filter != nil && v.filter.cancel != nil {
		v.filter.cancel()
	}
	v.search, v.filter, v.saving = nil, nil, nil
}

// toolLines are the lines under the content: the filter (its error above
// its input), then the search, then the save prompt.
func (v responseView) toolLines() []string {
	if v.ex == nil {
		return nil
	}
	st := v.c.styles
	var out []string
	if f := v.filter; f != nil {
		if f.err != "" {
			out = append(out, st.Err.Render("✗ "+printableLine(f.err)))
		}
		if f.typing {
			out = append(out, f.input.View())
		} else {
			out = append(out, st.Muted.Render("jq ")+printableLine(f.expr)+st.Muted.Render("  (| edits, esc clears)"))
		}
	}
	if s := v.search; s != nil {
		count := s.count()
		if count != "" {
			count = "  " + count
		}
		if s.typing {
			out = append(out, s.input.View()+st.Muted.Render(count))
		} else {
			out = append(out, st.Muted.Render("/")+printableLine(s.query)+st.Muted.Render(count+"  (n/N next/previous, esc clears)"))
		}
	}
	if s := v.saving; s != nil {
		if s.confirm != "" {
			out = append(out, st.Warn.Render(printableLine(s.confirm)+" exists. Replace it? y/n"))
		} else {
			out = append(out, s.input.View())
		}
	}
	return out
}

// updateTools handles a key for the tools; handled is false when the key
// is not theirs (scrolling, or the explore screen's keys).
func (v responseView) updateTools(msg tea.KeyPressMsg) (_ responseView, _ tea.Cmd, handled bool) {
	keys := v.c.keys.Response
	if v.ex == nil {
		return v, nil, false
	}
	if v.saving != nil {
		v, cmd := v.updateSave(msg)
		return v, cmd, true
	}
	if s := v.search; s != nil && s.typing {
		switch {
		case key.Matches(msg, keys.InputCancel):
			v.search = nil
		case key.Matches(msg, keys.InputDone):
			s.typing = false
			s.input.Blur()
			if s.query == "" {
				v.search = nil
			}
		default:
			var cmd tea.Cmd
			s.input, cmd = s.input.Update(msg)
			if q := s.input.Value(); q != s.query {
				s.query = q
				v.research()
			}
			return v, cmd, true
		}
		return v, nil, true
	}
	if f := v.filter; f != nil && f.typing {
		switch {
		case key.Matches(msg, keys.InputCancel):
			v.closeFilter()
		case key.Matches(msg, keys.InputDone):
			f.typing = false
			f.input.Blur()
			if f.pending == "" {
				v.closeFilter()
			}
		default:
			var cmd, eval tea.Cmd
			f.input, cmd = f.input.Update(msg)
			v, eval = v.filterTyped()
			return v, tea.Batch(cmd, eval), true
		}
		return v, nil, true
	}
	switch {
	case key.Matches(msg, keys.Search):
		v.search = newBodySearch(v.c)
		return v, v.search.input.Focus(), true
	case key.Matches(msg, keys.Filter):
		v, cmd := v.openFilter()
		return v, cmd, true
	case key.Matches(msg, keys.CopyBody):
		return v, v.copyBody(), true
	case key.Matches(msg, keys.SaveBody):
		v, cmd := v.openSave()
		return v, cmd, true
	case v.search != nil && key.Matches(msg, keys.NextMatch):
		v.step(1)
		return v, nil, true
	case v.search != nil && key.Matches(msg, keys.PrevMatch):
		v.step(-1)
		return v, nil, true
	case key.Matches(msg, keys.Clear) && v.search != nil:
		v.search = nil
		return v, nil, true
	case key.Matches(msg, keys.Clear) && v.filter != nil:
		v.closeFilter()
		return v, nil, true
	}
	return v, nil, false
}

// updateInput passes a message other than a key (a paste, the cursor's
// blink) to the input that has the focus.
func (v responseView) updateInput(msg tea.Msg) (responseView, tea.Cmd) {
	var cmd tea.Cmd
	switch {
	case v.saving != nil:
		v.saving.input, cmd = v.saving.input.Update(msg)
	case v.search != nil && v.search.typing:
		v.search.input, cmd = v.search.input.Update(msg)
		if q := v.search.input.Value(); q != v.search.query {
			v.search.query = q
			v.research()
		}
	case v.filter != nil && v.filter.typing:
		var eval tea.Cmd
		v.filter.input, cmd = v.filter.input.Update(msg)
		v, eval = v.filterTyped()
		cmd = tea.Batch(cmd, eval)
	}
	return v, cmd
}

// toolsHelp is the footer while a tool has the focus, nil otherwise.
func (v responseView) toolsHelp() []key.Binding {
	k := v.c.keys.Response
	switch {
	case v.saving != nil && v.saving.confirm != "":
		return []key.Binding{k.Replace, k.Keep}
	case v.capturing():
		return []key.Binding{k.InputDone, k.InputCancel}
	}
	return nil
}

package tui

import (
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbletea/v2"
)

// The request editor, the request dialog and the checks form are each a
// column of one-line text inputs behind their prompts, one focused at a
// time; these helpers hold what the three share.

// formInput returns an input showing prompt and holding value, as wide as
// a form of width leaves it.
func formInput(st textinput.Styles, prompt, value string, width int) textinput.Model {
	ti := textinput.New()
	ti.Prompt = prompt
	ti.SetStyles(st)
	ti.SetValue(value)
	ti.SetWidth(inputWidth(width, prompt))
	return ti
}

// inputWidth is how wide an input's text is in a form of width: what its
// prompt and the cursor leave, but never under 10 cells.
func inputWidth(width int, prompt string) int {
	return max(width-len(prompt)-1, 10)
}

// setInputWidths fits every input to a form of width.
func setInputWidths(inputs []textinput.Model, width int) {
	for i := range inputs {
		inputs[i].SetWidth(inputWidth(width, inputs[i].Prompt))
	}
}

// focusInput focuses inputs[i] and blurs the others.
func focusInput(inputs []textinput.Model, i int) tea.Cmd {
	for j := range inputs {
		inputs[j].Blur()
	}
	return inputs[i].Focus()
}

package curl

import (
	"errors"
	"fmt"
	"strings"
)

// curlShellParser reads the subset of POSIX shell syntax a Command may
// use (XCU §2.2–2.10): quoting, ${NAME} and $(…) expansions, line
// continuations, pipes, && lists and newlines. Anything else (backquotes,
// redirections, `;`, subshells) is an error, so that a test notices when
// the command starts using syntax it has not been checked for.
type curlShellParser struct {
	src string
	i   int
	// commands holds every simple command met, those inside $(…) included.
	commands [][]string
}

// curlShellParse splits script into simple commands (their words with
// quotes removed, ${NAME} read as "\x00NAME\x00" and $(…) as "\x00$()\x00")
// and counts the complete commands: lists that a newline or the end of the
// script ends.
func curlShellParse(script string) (commands [][]string, complete int, err error) {
	p := &curlShellParser{src: script}
	complete, err = p.list(false)
	if err == nil && p.i < len(p.src) {
		err = fmt.Errorf("unexpected %q at %d", p.src[p.i], p.i)
	}
	return p.commands, complete, err
}

// list reads commands up to the end of the script, or up to the `)` that
// closes a command substitution when inSubst.
func (p *curlShellParser) list(inSubst bool) (complete int, err error) {
	var cur []string
	var word strings.Builder
	// pendingOperator: a | or && waits for its right-hand command, so a
	// newline continues the list. listOpen: the current list has a command.
	inWord, pendingOperator, listOpen := false, false, false
	endWord := func() {
		if inWord {
			cur = append(cur, word.String())
			word.Reset()
			inWord = false
		}
	}
	endCommand := func() bool {
		endWord()
		if len(cur) == 0 {
			return false
		}
		p.commands = append(p.commands, cur)
		cur, pendingOperator, listOpen = nil, false, true
		return true
	}
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == ' ' || c == '\t':
			endWord()
			p.i++
		case c == '\\':
			if p.i+1 >= len(p.src) {
				return 0, errors.New("backslash at the end")
			}
			if p.src[p.i+1] != '\n' { // backslash-newline joins lines
				word.WriteByte(p.src[p.i+1])
				inWord = true
			}
			p.i += 2
		case c == '\'':
			j := strings.IndexByte(p.src[p.i+1:], '\'')
			if j < 0 {
				return 0, errors.New("unterminated single quote")
			}
			word.WriteString(p.src[p.i+1 : p.i+1+j])
			inWord = true
			p.i += j + 2
		case c == '"':
			p.i++
			inWord = true
			if err := p.doubleQuoted(&word); err != nil {
				return 0, err
			}
		case c == '$':
			inWord = true
			if err := p.dollar(&word); err != nil {
				return 0, err
			}
		case c == '|' || strings.HasPrefix(p.src[p.i:], "&&"):
			if !endCommand() {
				return 0, fmt.Errorf("operator without a command before it at %d", p.i)
			}
			pendingOperator = true
			p.i += 2
			if c == '|' {
				p.i--
			}
		case c == '\n':
			endCommand()
			p.i++
			if !pendingOperator && listOpen {
				complete++
				listOpen = false
			}
		case c == ')' && inSubst:
			endCommand()
			if pendingOperator || !listOpen {
				return 0, errors.New("command substitution without a whole command")
			}
			return complete + 1, nil
		case c == '#' && !inWord:
			for p.i < len(p.src) && p.src[p.i] != '\n' {
				p.i++
			}
		case strings.IndexByte("()<>&;`", c) >= 0:
			return 0, fmt.Errorf("unsupported %q at %d", c, p.i)
		default:
			word.WriteByte(c)
			inWord = true
			p.i++
		}
	}
	if inSubst {
		return 0, errors.New("unterminated command substitution")
	}
	endCommand()
	if pendingOperator {
		return 0, errors.New("script ends after an operator")
	}
	if listOpen {
		complete++
	}
	return complete, nil
}

// doubleQuoted reads up to the closing quote (XCU §2.2.3).
func (p *curlShellParser) doubleQuoted(word *strings.Builder) error {
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '"':
			p.i++
			return nil
		case c == '\\' && p.i+1 < len(p.src) && strings.IndexByte("$`\"\\\n", p.src[p.i+1]) >= 0:
			if p.src[p.i+1] != '\n' {
				word.WriteByte(p.src[p.i+1])
			}
			p.i += 2
		case c == '$':
			if err := p.dollar(word); err != nil {
				return err
			}
		case c == '`':
			return errors.New("backquote inside double quotes")
		default:
			word.WriteByte(c)
			p.i++
		}
	}
	return errors.New("unterminated double quote")
}

// dollar reads ${NAME}, $NAME or $(…) at p.i.
func (p *curlShellParser) dollar(word *strings.Builder) error {
	rest := p.src[p.i+1:]
	switch {
	case strings.HasPrefix(rest, "{"):
		end := strings.IndexByte(rest, '}')
		if end < 0 || !validName(rest[1:end]) {
			return fmt.Errorf("bad ${…} at %d", p.i)
		}
		word.WriteString("\x00" + rest[1:end] + "\x00")
		p.i += end + 2
	case strings.HasPrefix(rest, "("):
		p.i += 2
		if _, err := p.list(true); err != nil {
			return err
		}
		p.i++ // the closing parenthesis
		word.WriteString("\x00$()\x00")
	case rest != "" && validName(rest[:1]):
		n := 1
		for n < len(rest) && validName(rest[:n+1]) {
			n++
		}
		word.WriteString("\x00" + rest[:n] + "\x00")
		p.i += n + 1
	default:
		word.WriteByte('$')
		p.i++
	}
	return nil
}

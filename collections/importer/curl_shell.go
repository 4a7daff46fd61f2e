package importer

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// shellCommand is one simple command of the input, its words as the
// shell would pass them, and where it starts.
type shellCommand struct {
	args []string
	line int
	// notes say what the shell would have done that an import does not
	// (a command substitution kept as text, a cut at '&').
	notes []string
	// comment is the shell comment right above the command, which API
	// docs use to say what it does.
	comment string
	// other is set for a command that is not a simple command (a loop, a
	// function): its text, for the list of what was skipped.
	other string
}

// envOpen and envClose mark a $NAME in a word until the word's literal
// text has been made safe (see literalText): then they become
// {{env:NAME}}. They are private-use characters, removed from the input.
const (
	envOpen  = "\uE000"
	envClose = "\uE001"
)

// finishWord makes a word's literal text safe as a template and turns
// its $NAME marks into {{env:NAME}}.
func finishWord(s string, notes *[]string) string {
	s, changed := literalText(s)
	if changed {
		*notes = append(*notes, "a \"{{\" that is not a {{variable}} was written \"{ {\" (keyway would read it as a reference)")
	}
	s = strings.ReplaceAll(s, envOpen, "{{env:")
	return strings.ReplaceAll(s, envClose, "}}")
}

// splitShell parses text as bash does (quotes, $'…', line continuations,
// several commands on lines or after ';', '&&', '|') and returns each
// simple command's words. Nothing is executed or expanded: $NAME and
// ${NAME} become {{env:NAME}}, and a command substitution stays as the
// text it was, with a note.
func splitShell(name string, text []byte) ([]shellCommand, error) {
	// A command copied on Windows ends its lines with CRLF; bash would
	// keep the CR in the last word of each line.
	text = bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n"))
	text = bytes.ReplaceAll(bytes.ReplaceAll(text, []byte(envOpen), nil), []byte(envClose), nil)
	parser := syntax.NewParser(syntax.Variant(syntax.LangBash), syntax.KeepComments(true))
	file, err := parser.Parse(bytes.NewReader(text), name)
	if err != nil {
		var pe syntax.ParseError
		if errors.As(err, &pe) {
			return nil, &PosError{File: name, Line: int(pe.Pos.Line()), Col: int(pe.Pos.Col()), Msg: "the command cannot be read as a shell would: " + pe.Text}
		}
		var le syntax.LangError
		if errors.As(err, &le) {
			return nil, &PosError{File: name, Line: int(le.Pos.Line()), Col: int(le.Pos.Col()), Msg: "the command uses " + le.Feature + ", which bash does not have"}
		}
		return nil, &PosError{File: name, Msg: "the command cannot be read as a shell would"}
	}
	s := &shellWords{src: text}
	var out []shellCommand
	for i, st := range file.Stmts {
		cmds := s.statement(st)
		if len(cmds) > 0 {
			cmds[0].comment = commentAbove(st)
		}
		if st.Background && i+1 < len(file.Stmts) {
			// An unquoted URL with & in it: the shell cuts it there.
			for j := range cmds {
				cmds[j].notes = append(cmds[j].notes, "an unquoted '&' ended this command, as a shell would: quote a URL that holds '&'")
			}
		}
		out = append(out, cmds...)
	}
	return out, nil
}

// commentAbove returns the last comment written above st, when it is on
// the line right before it.
func commentAbove(st *syntax.Stmt) string {
	var last *syntax.Comment
	for i := range st.Comments {
		c := &st.Comments[i]
		if c.Hash.Line() < st.Pos().Line() {
			last = c
		}
	}
	if last == nil || last.Hash.Line()+1 != st.Pos().Line() {
		return ""
	}
	return strings.TrimSpace(last.Text)
}

type shellWords struct {
	src []byte
}

func (s *shellWords) text(n syntax.Node) string {
	start, end := n.Pos().Offset(), n.End().Offset()
	if start > end || end > uint(len(s.src)) {
		return ""
	}
	return string(s.src[start:end])
}

// statement returns the simple commands of st: a && b, a | b and a ; b
// each give both (a pipe into jq still names the request to import).
func (s *shellWords) statement(st *syntax.Stmt) []shellCommand {
	switch cmd := st.Cmd.(type) {
	case *syntax.CallExpr:
		c := shellCommand{line: int(st.Pos().Line())}
		for _, a := range cmd.Assigns {
			c.notes = append(c.notes, "the variable assignment "+strconv.Quote(s.text(a))+" was not kept")
		}
		for _, w := range cmd.Args {
			c.args = append(c.args, finishWord(s.word(w, &c.notes), &c.notes))
		}
		return []shellCommand{c}
	case *syntax.BinaryCmd:
		return append(s.statement(cmd.X), s.statement(cmd.Y)...)
	case nil:
		return nil
	}
	return []shellCommand{{line: int(st.Pos().Line()), other: s.text(st)}}
}

// word returns w's value as the shell would give it to the command, with
// parameters as {{env:NAME}} and anything that would run as its text.
func (s *shellWords) word(w *syntax.Word, notes *[]string) string {
	var b strings.Builder
	for _, part := range w.Parts {
		s.part(&b, part, false, notes)
	}
	return b.String()
}

func (s *shellWords) part(b *strings.Builder, part syntax.WordPart, quoted bool, notes *[]string) {
	switch p := part.(type) {
	case *syntax.Lit:
		if quoted {
			b.WriteString(unescapeDoubleQuoted(p.Value))
		} else {
			b.WriteString(unescapeUnquoted(p.Value))
		}
	case *syntax.SglQuoted:
		if p.Dollar {
			b.WriteString(unescapeANSIC(p.Value))
		} else {
			b.WriteString(p.Value)
		}
	case *syntax.DblQuoted:
		for _, q := range p.Parts {
			s.part(b, q, true, notes)
		}
	case *syntax.ParamExp:
		if p.Param != nil && p.Exp == nil && p.Index == nil && p.Slice == nil && p.Repl == nil &&
			!p.Excl && !p.Length && !p.Width && len(p.Modifiers) == 0 && validEnvName(p.Param.Value) {
			b.WriteString(envOpen + p.Param.Value + envClose)
			return
		}
		t := s.text(p)
		*notes = append(*notes, "the shell expansion "+strconv.Quote(t)+" was kept as text")
		b.WriteString(t)
	default:
		// $(…), `…`, $((…)), <(…), globs: kept as the text they are,
		// never run.
		t := s.text(part)
		*notes = append(*notes, "the shell expansion "+strconv.Quote(t)+" was kept as text, not run")
		b.WriteString(t)
	}
}

// validEnvName reports a name that is an environment variable, not a
// special parameter ($1, $@, $?).
func validEnvName(name string) bool {
	if name == "" || (name[0] >= '0' && name[0] <= '9') {
		return false
	}
	for _, r := range name {
		if r != '_' && !(r >= 'a' && r <= 'z') && !(r >= 'A' && r <= 'Z') && !(r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// unescapeUnquoted removes the backslashes of an unquoted word: \c is c,
// and \newline joins lines (bash manual §3.1.2.1).
func unescapeUnquoted(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescapeDoubleQuoted removes the backslashes that escape in double
// quotes: before $ ` " \ and newline, and nowhere else (§3.1.2.3).
func unescapeDoubleQuoted(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '$', '`', '"', '\\':
				i++
			case '\n':
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescapeANSIC decodes the escapes of bash's $'…' (§3.1.2.4).
func unescapeANSIC(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'e', 'E':
			b.WriteByte(0x1b)
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '\\', '\'', '"', '?':
			b.WriteByte(e)
		case 'c':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i] & 0x1f)
			}
		case 'x', 'u', 'U':
			maxDigits := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			j := i + 1
			for j < len(s) && j-i-1 < maxDigits && isHex(s[j]) {
				j++
			}
			if j == i+1 {
				b.WriteByte('\\')
				b.WriteByte(e)
				continue
			}
			n, _ := strconv.ParseUint(s[i+1:j], 16, 32)
			if e == 'x' {
				b.WriteByte(byte(n))
			} else if utf8.ValidRune(rune(n)) {
				b.WriteRune(rune(n))
			}
			i = j - 1
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j-i < 3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			n, _ := strconv.ParseUint(s[i:j], 8, 16)
			b.WriteByte(byte(n))
			i = j - 1
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// isCmdQuoted reports text copied with Chrome's or Firefox's "Copy as
// cURL (cmd)": lines continued with a final ^, or quotes written ^".
func isCmdQuoted(text []byte) bool {
	t := bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n"))
	return bytes.Contains(t, []byte(" ^\n")) || bytes.Contains(t, []byte(`^"`))
}

// splitCmd reads text as cmd.exe, then the Microsoft C runtime, would
// split it into arguments: cmd.exe removes each ^ outside its quotes and
// keeps the character after it (a ^ at a line's end continues the line),
// then the C runtime splits on blanks outside "…", where \" is a quote
// and 2n backslashes before a quote are n. Each line not continued is
// one command.
func splitCmd(name string, text []byte) ([]shellCommand, error) {
	var cmds []shellCommand
	var cur []rune
	line, startLine := 1, 1
	cmdQuoted := false
	clean := strings.NewReplacer("\r\n", "\n", envOpen, "", envClose, "").Replace(string(text))
	src := []rune(clean)
	flush := func() error {
		args, err := splitCRT(cur)
		if err != nil {
			return &PosError{File: name, Line: startLine, Col: 1, Msg: err.Error()}
		}
		if len(args) > 0 {
			c := shellCommand{line: startLine}
			for _, a := range args {
				c.args = append(c.args, finishWord(a, &c.notes))
			}
			cmds = append(cmds, c)
		}
		cur = cur[:0]
		return nil
	}
	for i := 0; i < len(src); i++ {
		r := src[i]
		switch {
		case r == '"':
			cmdQuoted = !cmdQuoted
			cur = append(cur, r)
		case r == '^' && !cmdQuoted && i+1 < len(src):
			i++
			if src[i] == '\n' {
				// A caret before a line break continues the line; the
				// character after the break is taken as it is (Chrome
				// writes a newline inside a value as ^, two line breaks).
				line++
				if i+1 < len(src) {
					i++
					if src[i] == '\n' {
						line++
					}
					cur = append(cur, src[i])
				}
				continue
			}
			cur = append(cur, src[i])
		case r == '\n':
			line++
			if cmdQuoted {
				return nil, &PosError{File: name, Line: line - 1, Col: 1, Msg: "a quote opened on this line is never closed"}
			}
			if err := flush(); err != nil {
				return nil, err
			}
			startLine = line
		default:
			cur = append(cur, r)
		}
	}
	if cmdQuoted {
		return nil, &PosError{File: name, Line: startLine, Col: 1, Msg: "a quote is never closed"}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return cmds, nil
}

// splitCRT splits a command line as the Microsoft C runtime does
// (CommandLineToArgvW's rules).
func splitCRT(line []rune) ([]string, error) {
	var args []string
	var b strings.Builder
	inArg, quoted := false, false
	for i := 0; i < len(line); i++ {
		r := line[i]
		switch {
		case r == '\\':
			n := 0
			for i < len(line) && line[i] == '\\' {
				n++
				i++
			}
			if i < len(line) && line[i] == '"' {
				b.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					b.WriteRune('"')
				} else {
					quoted = !quoted
				}
			} else {
				b.WriteString(strings.Repeat(`\`, n))
				i--
			}
			inArg = true
		case r == '"':
			if quoted && i+1 < len(line) && line[i+1] == '"' {
				b.WriteRune('"')
				i++
			} else {
				quoted = !quoted
			}
			inArg = true
		case (r == ' ' || r == '\t') && !quoted:
			if inArg {
				args = append(args, b.String())
				b.Reset()
				inArg = false
			}
		default:
			b.WriteRune(r)
			inArg = true
		}
	}
	if quoted {
		return nil, fmt.Errorf("a quote is never closed")
	}
	if inArg {
		args = append(args, b.String())
	}
	return args, nil
}

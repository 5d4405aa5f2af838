package hoc

import (
	"fmt"
	"strconv"
	"strings"
)

// tokKind is the kind of a token.
type tokKind int

const (
	tEOF     tokKind = iota
	tNewline         // end of line: hoc's statement separator
	tIdent
	tNumber
	tString
	tArg // $1, $s2, $o3, $&4, $i, $si, $oi, $&i
	tOp  // operators and punctuation
)

// Pos is a position in a source: file, line and column (1-based).
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// token is a lexical token.
type token struct {
	kind tokKind
	text string  // identifier, operator, string contents, arg kind ("", "s", "o", "&")
	num  float64 // number value; argument index (0 for $i forms)
	pos  Pos
}

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "end of file"
	case tNewline:
		return "end of line"
	case tString:
		return strconv.Quote(t.text)
	case tNumber:
		return strconv.FormatFloat(t.num, 'g', -1, 64)
	case tArg:
		if t.num == 0 {
			return "$" + t.text + "i"
		}
		return fmt.Sprintf("$%s%d", t.text, int(t.num))
	}
	return fmt.Sprintf("%q", t.text)
}

// Error is an error in hoc source or raised while running it, at a
// position.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

func errorf(p Pos, format string, args ...any) *Error {
	return &Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

// lex splits src into tokens. Comments (// and /* */) are dropped; line
// continuations (a backslash before the end of a line) join lines.
func lex(file, src string) ([]token, error) {
	var toks []token
	line, col := 1, 1
	i := 0
	adv := func(n int) {
		for k := 0; k < n && i < len(src); k++ {
			if src[i] == '\n' {
				line++
				col = 1
			} else {
				col++
			}
			i++
		}
	}
	for i < len(src) {
		c := src[i]
		p := Pos{file, line, col}
		switch {
		case c == '\n':
			toks = append(toks, token{kind: tNewline, text: "\n", pos: p})
			adv(1)
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			adv(1)
		case c == '\\' && i+1 < len(src) && (src[i+1] == '\n' || (src[i+1] == '\r' && i+2 < len(src) && src[i+2] == '\n')):
			adv(1)
			if src[i] == '\r' {
				adv(1)
			}
			adv(1)
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				adv(1)
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, errorf(p, "unterminated comment /*")
			}
			adv(end + 4)
		case isLetter(c):
			j := i
			for j < len(src) && (isLetter(src[j]) || isDigit(src[j])) {
				j++
			}
			toks = append(toks, token{kind: tIdent, text: src[i:j], pos: p})
			adv(j - i)
		case isDigit(c) || (c == '.' && i+1 < len(src) && isDigit(src[i+1])):
			j := i
			for j < len(src) && isDigit(src[j]) {
				j++
			}
			if j < len(src) && src[j] == '.' {
				j++
				for j < len(src) && isDigit(src[j]) {
					j++
				}
			}
			if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
				k := j + 1
				if k < len(src) && (src[k] == '+' || src[k] == '-') {
					k++
				}
				if k < len(src) && isDigit(src[k]) {
					for k < len(src) && isDigit(src[k]) {
						k++
					}
					j = k
				}
			}
			v, err := strconv.ParseFloat(src[i:j], 64)
			if err != nil {
				return nil, errorf(p, "bad number %q", src[i:j])
			}
			toks = append(toks, token{kind: tNumber, text: src[i:j], num: v, pos: p})
			adv(j - i)
		case c == '"':
			var b strings.Builder
			j := i + 1
			for {
				if j >= len(src) || src[j] == '\n' {
					return nil, errorf(p, "unterminated string")
				}
				if src[j] == '"' {
					break
				}
				if src[j] == '\\' && j+1 < len(src) {
					j++
					switch src[j] {
					case 'n':
						b.WriteByte('\n')
					case 't':
						b.WriteByte('\t')
					case '"':
						b.WriteByte('"')
					case '\\':
						b.WriteByte('\\')
					default:
						// hoc keeps unknown escapes as the character
						// itself preceded by the backslash.
						b.WriteByte('\\')
						b.WriteByte(src[j])
					}
					j++
					continue
				}
				b.WriteByte(src[j])
				j++
			}
			toks = append(toks, token{kind: tString, text: b.String(), pos: p})
			adv(j + 1 - i)
		case c == '$':
			j := i + 1
			kind := ""
			if j < len(src) && (src[j] == 's' || src[j] == 'o' || src[j] == '&') {
				kind = string(src[j])
				j++
			}
			if j < len(src) && src[j] == 'i' && (j+1 >= len(src) || !(isLetter(src[j+1]) || isDigit(src[j+1]))) {
				toks = append(toks, token{kind: tArg, text: kind, num: 0, pos: p})
				adv(j + 1 - i)
				break
			}
			k := j
			for k < len(src) && isDigit(src[k]) {
				k++
			}
			if k == j {
				return nil, errorf(p, "bad argument reference %q: want $n, $sn, $on, $&n or $i", src[i:min(k+1, len(src))])
			}
			n, _ := strconv.Atoi(src[j:k])
			if n < 1 {
				return nil, errorf(p, "argument $%s%d: arguments count from 1", kind, n)
			}
			toks = append(toks, token{kind: tArg, text: kind, num: float64(n), pos: p})
			adv(k - i)
		default:
			op := ""
			if i+1 < len(src) {
				switch two := src[i : i+2]; two {
				case "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=":
					op = two
				}
			}
			if op == "" {
				if !strings.ContainsRune("+-*/%^()[]{},.=<>!&:;", rune(c)) {
					return nil, errorf(p, "unexpected character %q", c)
				}
				op = string(c)
			}
			toks = append(toks, token{kind: tOp, text: op, pos: p})
			adv(len(op))
		}
	}
	toks = append(toks, token{kind: tEOF, pos: Pos{file, line, col}})
	return toks, nil
}

func isLetter(c byte) bool { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

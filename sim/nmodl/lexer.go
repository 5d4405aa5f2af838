package nmodl

import (
	"strings"
)

// lexer splits NMODL text into tokens on demand; the parser reads one
// token ahead, so it can ask for the raw text of a unit in parentheses or
// the rest of a line (TITLE) right after the current token.
type lexer struct {
	file string
	src  string
	off  int // next byte
	line int
	col  int // column of src[off]
}

func newLexer(file, src string) *lexer {
	return &lexer{file: file, src: src, line: 1, col: 1}
}

func (l *lexer) errorf(p Pos, format string, args ...any) *Error {
	return &Error{File: l.file, Pos: p, Msg: sprintf(format, args...)}
}

func (l *lexer) pos() Pos { return Pos{l.line, l.col} }

// advance moves over n bytes, counting lines.
func (l *lexer) advance(n int) {
	for i := 0; i < n && l.off < len(l.src); i++ {
		if l.src[l.off] == '\n' {
			l.line++
			l.col = 1
		} else {
			l.col++
		}
		l.off++
	}
}

// restOfLine returns the text from the current position to the end of
// the line, trimmed, and moves past it.
func (l *lexer) restOfLine() string {
	end := strings.IndexByte(l.src[l.off:], '\n')
	if end < 0 {
		end = len(l.src) - l.off
	}
	s := l.src[l.off : l.off+end]
	l.advance(end)
	return strings.TrimSpace(s)
}

// rawParen returns the text up to the parenthesis that closes one just
// read (nested ones included) and moves past it: a unit such as
// "mA/cm2" or "1/liter".
func (l *lexer) rawParen(open Pos) (string, error) {
	depth := 1
	start := l.off
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				s := l.src[start:l.off]
				l.advance(1)
				return strings.TrimSpace(s), nil
			}
		case '\n', '{', '}':
			return "", l.errorf(open, "unit in parentheses not closed on its line")
		}
		l.advance(1)
	}
	return "", l.errorf(open, "unit in parentheses not closed before the end of the file")
}

// skipSpace skips white space, comments (':' or '?' to the end of the
// line) and COMMENT ... ENDCOMMENT.
func (l *lexer) skipSpace() error {
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			l.advance(1)
		case c == ':' || c == '?':
			end := strings.IndexByte(l.src[l.off:], '\n')
			if end < 0 {
				end = len(l.src) - l.off
			}
			l.advance(end)
		case l.atWord("COMMENT"):
			p := l.pos()
			end := indexWord(l.src[l.off+len("COMMENT"):], "ENDCOMMENT")
			if end < 0 {
				return l.errorf(p, "COMMENT without ENDCOMMENT")
			}
			l.advance(len("COMMENT") + end + len("ENDCOMMENT"))
		default:
			return nil
		}
	}
	return nil
}

// atWord reports whether the keyword w starts at the current position as
// a whole word.
func (l *lexer) atWord(w string) bool {
	if !strings.HasPrefix(l.src[l.off:], w) {
		return false
	}
	if l.off > 0 && isNameByte(l.src[l.off-1]) {
		return false
	}
	end := l.off + len(w)
	return end >= len(l.src) || !isNameByte(l.src[end])
}

// indexWord returns the index of the whole word w in s, or -1.
func indexWord(s, w string) int {
	from := 0
	for {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return -1
		}
		i += from
		before := i == 0 || !isNameByte(s[i-1])
		after := i+len(w) >= len(s) || !isNameByte(s[i+len(w)])
		if before && after {
			return i
		}
		from = i + len(w)
	}
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// next returns the next token.
func (l *lexer) next() (token, error) {
	if err := l.skipSpace(); err != nil {
		return token{}, err
	}
	p := l.pos()
	if l.off >= len(l.src) {
		return token{kind: tEOF, pos: p}, nil
	}
	c := l.src[l.off]
	switch {
	case l.atWord("VERBATIM"):
		end := indexWord(l.src[l.off+len("VERBATIM"):], "ENDVERBATIM")
		if end < 0 {
			return token{}, l.errorf(p, "VERBATIM without ENDVERBATIM")
		}
		text := l.src[l.off+len("VERBATIM") : l.off+len("VERBATIM")+end]
		l.advance(len("VERBATIM") + end + len("ENDVERBATIM"))
		return token{kind: tVerbatim, text: text, pos: p}, nil
	case isNameByte(c) && !isDigit(c):
		start := l.off
		for l.off < len(l.src) && isNameByte(l.src[l.off]) {
			l.advance(1)
		}
		name := l.src[start:l.off]
		n := 0
		for l.off < len(l.src) && l.src[l.off] == '\'' {
			n++
			l.advance(1)
		}
		if n > 0 {
			return token{kind: tPrime, text: name, pos: p, n: n}, nil
		}
		return token{kind: tName, text: name, pos: p}, nil
	case isDigit(c) || c == '.' && l.off+1 < len(l.src) && isDigit(l.src[l.off+1]):
		return l.number(p), nil
	case c == '"':
		end := strings.IndexAny(l.src[l.off+1:], "\"\n")
		if end < 0 || l.src[l.off+1+end] != '"' {
			return token{}, l.errorf(p, "string not closed on its line")
		}
		text := l.src[l.off+1 : l.off+1+end]
		l.advance(end + 2)
		return token{kind: tString, text: text, pos: p}, nil
	}
	for _, op := range []string{"<->", "<<", "->", "==", "!=", "<=", ">=", "&&", "||"} {
		if strings.HasPrefix(l.src[l.off:], op) {
			l.advance(len(op))
			return token{kind: tOp, text: op, pos: p}, nil
		}
	}
	if strings.IndexByte("+-*/^(){}[]=<>!,~@", c) >= 0 {
		l.advance(1)
		return token{kind: tOp, text: string(c), pos: p}, nil
	}
	return token{}, l.errorf(p, "unexpected character %q", string(c))
}

// number scans a numeric literal: digits, an optional fraction and an
// optional exponent (1, 1., .5, 2.5e-3, 1E4).
func (l *lexer) number(p Pos) token {
	start := l.off
	for l.off < len(l.src) && isDigit(l.src[l.off]) {
		l.advance(1)
	}
	if l.off < len(l.src) && l.src[l.off] == '.' {
		l.advance(1)
		for l.off < len(l.src) && isDigit(l.src[l.off]) {
			l.advance(1)
		}
	}
	if l.off < len(l.src) && (l.src[l.off] == 'e' || l.src[l.off] == 'E') {
		j := l.off + 1
		if j < len(l.src) && (l.src[j] == '+' || l.src[j] == '-') {
			j++
		}
		if j < len(l.src) && isDigit(l.src[j]) {
			l.advance(j - l.off)
			for l.off < len(l.src) && isDigit(l.src[l.off]) {
				l.advance(1)
			}
		}
	}
	return token{kind: tNumber, text: l.src[start:l.off], pos: p}
}

package api

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// scanner is a strict, minimal JSON reader for the few shapes the API
// accepts: objects with known keys, arrays and numbers. Anything else is an
// error that names what was found, so it never needs to skip unknown values.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) skipSpace() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end of input.
func (s *scanner) peek() byte {
	s.skipSpace()
	if s.i >= len(s.b) {
		return 0
	}
	return s.b[s.i]
}

// consume skips c if it is next and reports whether it did.
func (s *scanner) consume(c byte) bool {
	if s.peek() == c {
		s.i++
		return true
	}
	return false
}

// found describes the value at the current position for error messages.
func (s *scanner) found() string {
	switch c := s.peek(); {
	case c == 0:
		return "end of input"
	case c == '"':
		return "a string"
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	case c == '-' || (c >= '0' && c <= '9'):
		return "a number"
	default:
		return fmt.Sprintf("unexpected character %q at byte %d", c, s.i)
	}
}

// expect consumes c or returns an error saying what was there instead.
func (s *scanner) expect(c byte, where loc) error {
	if s.consume(c) {
		return nil
	}
	return fmt.Errorf("%w: %s: want %q, got %s", ErrInvalidRequest, where, c, s.found())
}

// key reads an object key and the colon after it. The returned bytes alias
// the input unless the key holds escapes.
func (s *scanner) key(where loc) ([]byte, error) {
	if s.peek() != '"' {
		return nil, fmt.Errorf("%w: %s: want a quoted field name, got %s", ErrInvalidRequest, where, s.found())
	}
	start := s.i
	s.i++
	escaped := false
	for {
		if s.i >= len(s.b) {
			return nil, fmt.Errorf("%w: %s: unterminated string", ErrInvalidRequest, where)
		}
		c := s.b[s.i]
		if c < 0x20 {
			return nil, fmt.Errorf("%w: %s: control character in string", ErrInvalidRequest, where)
		}
		s.i++
		if c == '"' {
			break
		}
		if c == '\\' {
			escaped = true
			s.i++ // the escaped byte; \u digits are checked by json.Unmarshal below
		}
	}
	raw := s.b[start:s.i]
	if escaped {
		var k string
		if err := json.Unmarshal(raw, &k); err != nil {
			return nil, fmt.Errorf("%w: %s: bad string escape", ErrInvalidRequest, where)
		}
		raw = []byte(k)
	} else {
		raw = raw[1 : len(raw)-1]
	}
	if err := s.expect(':', where); err != nil {
		return nil, err
	}
	return raw, nil
}

// number reads a JSON number that fits a finite float64. On failure it
// returns a description of the problem, which callers place in context;
// building messages only on failure keeps the hot path allocation-free.
func (s *scanner) number() (float64, string) {
	s.skipSpace()
	start := s.i
	if !s.scanNumber() {
		s.i = start
		return 0, "want a number, got " + s.found()
	}
	tok := s.b[start:s.i]
	f, err := strconv.ParseFloat(string(tok), 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, fmt.Sprintf("number %.40s is out of range", tok)
	}
	return f, ""
}

// scanNumber advances over -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
// and reports whether a complete number was found.
func (s *scanner) scanNumber() bool {
	s.optional('-')
	switch {
	case s.optional('0'):
	case s.digits() == 0:
		return false
	}
	if s.optional('.') && s.digits() == 0 {
		return false
	}
	if s.optional('e') || s.optional('E') {
		if !s.optional('+') {
			s.optional('-')
		}
		if s.digits() == 0 {
			return false
		}
	}
	// A number must end at a delimiter, so "1x" or "01" is not read as "1" or "0".
	if s.i < len(s.b) {
		switch s.b[s.i] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
		default:
			return false
		}
	}
	return true
}

func (s *scanner) optional(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

func (s *scanner) digits() int {
	n := 0
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
		n++
	}
	return n
}

// end checks that only white space is left.
func (s *scanner) end() error {
	if s.peek() != 0 {
		return fmt.Errorf("%w: unexpected data after the JSON object at byte %d", ErrInvalidRequest, s.i)
	}
	return nil
}

// loc names a place in a request for error messages. It is a number rather
// than a string so that the success path builds no strings.
type loc int

// Places other than instance i (loc(i), i >= 0) of a batch.
const (
	locInstance  loc = -1 // the single "instance"
	locBody      loc = -2
	locInstances loc = -3
	locInferData loc = -4
)

// String implements fmt.Stringer; %s verbs format a loc through it.
func (l loc) String() string {
	switch l {
	case locInstance:
		return FieldInstance
	case locBody:
		return "request body"
	case locInstances:
		return FieldInstances
	case locInferData:
		return "input " + InputName + " data"
	default:
		return FieldInstances + "[" + strconv.Itoa(int(l)) + "]"
	}
}

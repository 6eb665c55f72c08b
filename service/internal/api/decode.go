package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
)

// decodeStrict decodes body, which must hold exactly one JSON value, into v
// with encoding/json, refusing object fields that v does not declare.
// knownFields tells the client what is accepted instead.
func decodeStrict(body []byte, v any, knownFields string) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return describeJSONError(err, knownFields)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: unexpected data after the JSON object, which ends at byte %d: send one object", ErrInvalidRequest, end)
	}
	return nil
}

// errRepeatedField is returned by onceValue for a key given twice.
var errRepeatedField = errors.New("field given twice")

// onceValue is a raw JSON value that may appear only once in its object.
// encoding/json silently keeps the last of repeated keys; a repeated key
// is more likely a client bug than intent, so it is refused.
type onceValue struct {
	raw json.RawMessage
}

// UnmarshalJSON implements json.Unmarshaler. encoding/json hands over null
// as the bytes "null", so a given null is told apart from an absent field.
func (v *onceValue) UnmarshalJSON(b []byte) error {
	if v.raw != nil {
		return errRepeatedField
	}
	v.raw = append(json.RawMessage{}, b...)
	return nil
}

// given reports whether the field appeared in the object.
func (v *onceValue) given() bool { return v.raw != nil }

// Kinds of JSON value, as error messages name them.
const (
	kindArray   = "an array"
	kindObject  = "an object"
	kindString  = "a string"
	kindNumber  = "a number"
	kindBoolean = "a boolean"
	kindNull    = "null"
	kindNothing = "nothing"
)

// jsonKind names the kind of raw, one valid JSON value as encoding/json hands
// it over in a json.RawMessage; the first byte tells the kind.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return kindNothing
	}
	switch raw[0] {
	case '[':
		return kindArray
	case '{':
		return kindObject
	case '"':
		return kindString
	case 't', 'f':
		return kindBoolean
	case 'n':
		return kindNull
	default:
		return kindNumber
	}
}

// finiteNumber decodes raw, one JSON value, as a finite float64. On failure
// it returns what was wrong, for the caller to place in context.
func finiteNumber(raw json.RawMessage) (float64, string) {
	if kind := jsonKind(raw); kind != kindNumber {
		return 0, "want a number, got " + kind
	}
	// raw is a number literal encoding/json has checked, so the conversion
	// fails only beyond float64's range (1e999), where it would give ±Inf.
	f, err := json.Number(raw).Float64()
	if err != nil || math.IsInf(f, 0) {
		return 0, fmt.Sprintf("number %.40s is out of range: want a finite number", raw)
	}
	return f, ""
}

// numberValue decodes one JSON value with finiteNumber. Unlike a float64,
// which encoding/json leaves untouched for null, it sees every value; it
// records what was wrong rather than failing, so the caller can say where.
type numberValue struct {
	v       float64
	problem string
}

// UnmarshalJSON implements json.Unmarshaler.
func (n *numberValue) UnmarshalJSON(b []byte) error {
	n.v, n.problem = finiteNumber(b)
	return nil
}

// describeJSONError turns an encoding/json error into a message for API users
// that wraps ErrInvalidRequest. knownFields is added to unknown-field errors.
func describeJSONError(err error, knownFields string) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("%w: malformed JSON at byte %d: %w", ErrInvalidRequest, syn.Offset, syn)
	case errors.As(err, &typ):
		where := "request body"
		if typ.Field != "" {
			where = fmt.Sprintf("field %q", typ.Field)
		}
		return fmt.Errorf("%w: %s: want %s, got %s", ErrInvalidRequest, where, describeGoType(typ.Type), describeJSONValue(typ.Value))
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%w: body is empty: send a JSON object", ErrInvalidRequest)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: body is truncated JSON: the object is not closed", ErrInvalidRequest)
	}
	// encoding/json reports unknown fields with an untyped error.
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return fmt.Errorf("%w: unknown field %s: %s", ErrInvalidRequest, field, knownFields)
	}
	return fmt.Errorf("%w: %w", ErrInvalidRequest, err)
}

// describeJSONValue words UnmarshalTypeError.Value ("array", "bool",
// "number 1e999", ...) like jsonKind does.
func describeJSONValue(v string) string {
	switch v {
	case "array":
		return kindArray
	case "object":
		return kindObject
	case "string":
		return kindString
	case "number":
		return kindNumber
	case "bool":
		return kindBoolean
	default:
		return v
	}
}

// describeGoType names the JSON a Go type is decoded from.
func describeGoType(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.String:
		return kindString
	case reflect.Bool:
		return kindBoolean
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer in the range of " + t.Kind().String()
	case reflect.Float32, reflect.Float64:
		return kindNumber
	case reflect.Slice, reflect.Array:
		return kindArray
	case reflect.Map, reflect.Struct:
		return kindObject
	default:
		return t.String()
	}
}

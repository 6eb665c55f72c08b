package model

import (
	"errors"
	"strconv"
)

// Sentinel errors. Every error of Load, New and the predict methods wraps one
// of them, so callers can tell problems apart with errors.Is.
var (
	// ErrMalformed: the artifact is not a JSON document of the expected shape.
	ErrMalformed = errors.New("malformed artifact")
	// ErrFormat: the artifact's format version is missing or not supported.
	ErrFormat = errors.New("unsupported artifact format")
	// ErrChecksum: the artifact's checksum is missing or does not match its content.
	ErrChecksum = errors.New("artifact checksum mismatch")
	// ErrShape: the artifact's weights, bias or scaling disagree with its features and classes.
	ErrShape = errors.New("artifact shape mismatch")
	// ErrValue: the artifact holds a non-finite number or an out-of-range value.
	ErrValue = errors.New("invalid value in artifact")
	// ErrMetadata: the artifact's name, version, labels or training record are invalid.
	ErrMetadata = errors.New("invalid artifact metadata")

	// ErrFeatureCount: an input row does not have NumFeatures values.
	ErrFeatureCount = errors.New("wrong number of features")
	// ErrNonFinite: an input row holds NaN or ±Inf, or values so large that the
	// model's scores overflow.
	ErrNonFinite = errors.New("non-finite feature value")
	// ErrBufferSize: the destination buffer of PredictInto is shorter than NumClasses.
	ErrBufferSize = errors.New("probability buffer too short")
)

// countError reports a length mismatch. It is built only on the error path,
// and formats its message only when asked, so the check costs nothing on success.
type countError struct {
	sentinel  error
	what      string
	want, got int
}

func (e *countError) Error() string {
	return e.sentinel.Error() + ": " + e.what + ": want " + strconv.Itoa(e.want) + ", got " + strconv.Itoa(e.got)
}

func (e *countError) Unwrap() error { return e.sentinel }

// valueError reports the index of a non-finite input value.
type valueError struct {
	index int
	msg   string
}

func (e *valueError) Error() string {
	if e.index < 0 {
		return ErrNonFinite.Error() + ": " + e.msg
	}
	return ErrNonFinite.Error() + ": feature " + strconv.Itoa(e.index) + " is " + e.msg
}

func (e *valueError) Unwrap() error { return ErrNonFinite }

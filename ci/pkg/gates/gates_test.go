package gates

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder builds gates that record the order in which they ran.
type recorder struct{ ran []string }

func (r *recorder) gate(name, out string, err error) Gate {
	return Gate{Name: name, Run: func(context.Context) (string, error) {
		r.ran = append(r.ran, name)
		return out, err
	}}
}

func TestRun(t *testing.T) {
	t.Parallel()
	errBig := errors.New("image is 600 MB, budget 500 MB")
	tests := []struct {
		name         string
		givenGates   func(r *recorder) []Gate
		expectRan    []string
		expectPassed []string
		expectErr    string
		expectErrIs  error
	}{
		{
			name: "all pass in order",
			givenGates: func(r *recorder) []Gate {
				return []Gate{r.gate("test", "coverage 81%", nil), r.gate("lint", "", nil), r.gate("publish", "pushed", nil)}
			},
			expectRan:    []string{"test", "lint", "publish"},
			expectPassed: []string{"test", "lint", "publish"},
		},
		{
			name: "stops at first failure",
			givenGates: func(r *recorder) []Gate {
				return []Gate{r.gate("test", "", nil), r.gate("size-gate", "", errBig), r.gate("scan", "", nil), r.gate("publish", "", nil)}
			},
			expectRan:    []string{"test", "size-gate"},
			expectPassed: []string{"test"},
			expectErr:    `gate "size-gate" failed: image is 600 MB, budget 500 MB`,
			expectErrIs:  errBig,
		},
		{
			name: "first gate fails",
			givenGates: func(r *recorder) []Gate {
				return []Gate{r.gate("test", "", errBig), r.gate("publish", "", nil)}
			},
			expectRan:    []string{"test"},
			expectPassed: []string{},
			expectErr:    `gate "test" failed`,
			expectErrIs:  errBig,
		},
		{
			name:        "no gates is an error",
			givenGates:  func(*recorder) []Gate { return nil },
			expectErr:   "no gates",
			expectErrIs: ErrNoGates,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := &recorder{}
			summary, err := Run(context.Background(), tt.givenGates(r))
			assert.Equal(t, tt.expectRan, r.ran)
			if tt.expectErr != "" {
				require.ErrorIs(t, err, tt.expectErrIs)
				assert.Contains(t, err.Error(), tt.expectErr)
			} else {
				require.NoError(t, err)
			}
			passed := []string{}
			for _, res := range summary {
				passed = append(passed, res.Name)
			}
			if tt.expectPassed != nil {
				assert.Equal(t, tt.expectPassed, passed)
			}
		})
	}
}

func TestRunCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	r := &recorder{}
	gates := []Gate{
		{Name: "test", Run: func(context.Context) (string, error) { cancel(); r.ran = append(r.ran, "test"); return "", nil }},
		r.gate("publish", "", nil),
	}
	summary, err := Run(ctx, gates)
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), `gate "publish" not started`)
	assert.Equal(t, []string{"test"}, r.ran)
	assert.Len(t, summary, 1)
}

func TestSummaryString(t *testing.T) {
	t.Parallel()
	s := Summary{{Name: "test", Output: "\n  total: 81.2%\nmore"}, {Name: "lint"}}
	assert.Equal(t, "ok   test: total: 81.2%\nok   lint\n", s.String())
}

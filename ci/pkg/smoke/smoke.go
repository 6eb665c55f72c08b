// Package smoke is the end-to-end check the pipeline runs against a freshly
// built image: wait until the service reports ready, send one real
// prediction through the Open Inference Protocol (KServe v2) REST API and
// check the predicted label.
package smoke

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"
)

// Defaults of a smoke check against the irisd service.
const (
	DefaultReadyPath = "/readyz"
	DefaultModel     = "iris-logreg"
	// DefaultExpect is the class of DefaultFeatures, a textbook setosa flower.
	DefaultExpect = "setosa"
)

// DefaultFeatures are sepal length, sepal width, petal length and petal width
// in centimetres of the first flower of the Iris data set.
var DefaultFeatures = []float64{5.1, 3.5, 1.4, 0.2}

// ErrNotReady reports a service that did not become ready in time.
var ErrNotReady = errors.New("service not ready")

// ErrWrongPrediction reports a prediction without the expected label.
var ErrWrongPrediction = errors.New("wrong prediction")

// maxBody caps how much of a response is read and quoted in errors.
const maxBody = 64 << 10

// Check describes one smoke check.
type Check struct {
	BaseURL  string
	Model    string
	Features []float64
	Expect   string
	// Attempts and Interval bound the wait for readiness.
	Attempts int
	Interval time.Duration
	Client   *http.Client
}

// Run waits for readiness, then predicts and checks the label; it returns the
// line to print on success.
func (c Check) Run(ctx context.Context) (string, error) {
	if err := c.waitReady(ctx); err != nil {
		return "", err
	}
	label, err := c.predict(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("smoke ok: %s ready, predicted %q for %v", c.BaseURL, label, c.Features), nil
}

// waitReady polls the readiness endpoint until it answers 200.
func (c Check) waitReady(ctx context.Context) error {
	url := c.BaseURL + DefaultReadyPath
	var last error
	for attempt := range max(c.Attempts, 1) {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("%w: %w", ErrNotReady, ctx.Err())
			case <-time.After(c.Interval):
			}
		}
		status, body, err := c.do(ctx, http.MethodGet, url, nil)
		if err == nil && status == http.StatusOK {
			return nil
		}
		if err == nil {
			err = fmt.Errorf("GET %s: status %d: %s", url, status, body)
		}
		last = err
	}
	return fmt.Errorf("%w after %d attempts: %w", ErrNotReady, max(c.Attempts, 1), last)
}

// inferRequest and inferResponse are the parts of the KServe v2 bodies used.
type inferRequest struct {
	Inputs []inferTensor `json:"inputs"`
}

type inferTensor struct {
	Name     string `json:"name"`
	Shape    []int  `json:"shape"`
	Datatype string `json:"datatype"`
	Data     any    `json:"data"`
}

type inferResponse struct {
	ModelName string `json:"model_name"`
	Outputs   []struct {
		Name     string `json:"name"`
		Datatype string `json:"datatype"`
		Data     []any  `json:"data"`
	} `json:"outputs"`
}

// predict sends one row and returns the expected label if an output holds it.
func (c Check) predict(ctx context.Context) (string, error) {
	url := fmt.Sprintf("%s/v2/models/%s/infer", c.BaseURL, c.Model)
	body, err := json.Marshal(inferRequest{Inputs: []inferTensor{{
		Name: "input-0", Shape: []int{1, len(c.Features)}, Datatype: "FP64", Data: c.Features,
	}}})
	if err != nil {
		return "", fmt.Errorf("json.Marshal: %w", err)
	}
	status, respBody, err := c.do(ctx, http.MethodPost, url, body)
	if err != nil {
		return "", err
	}
	if status != http.StatusOK {
		return "", fmt.Errorf("%w: POST %s: status %d: %s", ErrWrongPrediction, url, status, respBody)
	}
	var resp inferResponse
	if err := json.Unmarshal(respBody, &resp); err != nil {
		return "", fmt.Errorf("%w: POST %s: response is not a KServe v2 inference response: %w: %s", ErrWrongPrediction, url, err, respBody)
	}
	for _, out := range resp.Outputs {
		if slices.Contains(out.Data, any(c.Expect)) {
			return c.Expect, nil
		}
	}
	return "", fmt.Errorf("%w: POST %s: no output holds the label %q: %s", ErrWrongPrediction, url, c.Expect, respBody)
}

// do sends one request and returns the status and (capped) body.
func (c Check) do(ctx context.Context, method, url string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, fmt.Errorf("http.NewRequest: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := c.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: reading body: %w", method, url, err)
	}
	return resp.StatusCode, data, nil
}

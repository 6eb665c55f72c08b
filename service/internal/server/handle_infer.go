package server

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/irisinfer/irisinfer/service/internal/api"
)

// handleInfer serves POST /v2/models/{name}[/versions/{version}]/infer: one
// input tensor "input-0" [N, NumFeatures] in, the requested outputs
// (default: label, class, probabilities) out.
func (s *Server) handleInfer() echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.checkModelRef(c); err != nil {
			return err
		}
		sc := getScratch()
		defer putScratch(sc)
		body, err := readJSONBody(c.Request(), &sc.body)
		if err != nil {
			return err
		}
		req, err := api.DecodeInfer(body, s.inferSpec)
		if err != nil {
			return err
		}
		nc := len(s.classes)
		probs := make([]float64, req.Rows*nc)
		predicted := make([]int, req.Rows)
		if i, err := s.predictRows(req.X, probs, predicted); err != nil {
			return fmt.Errorf("%w: input %q row %d: %w", api.ErrInvalidRequest, api.InputName, i, err)
		}
		classes := make([]int64, req.Rows)
		labels := make([]string, req.Rows)
		for i, k := range predicted {
			classes[i], labels[i] = int64(k), s.classes[k]
		}
		resp := api.InferResponse{ModelName: s.model.Name(), ModelVersion: s.model.Version(), ID: req.ID}
		rows := int64(req.Rows)
		for _, name := range req.Outputs {
			switch name {
			case api.OutputLabel:
				resp.Outputs = append(resp.Outputs, api.InferOutput{Name: name, Datatype: "BYTES", Shape: []int64{rows}, Data: labels})
			case api.OutputClass:
				resp.Outputs = append(resp.Outputs, api.InferOutput{Name: name, Datatype: "INT64", Shape: []int64{rows}, Data: classes})
			case api.OutputProbabilities:
				resp.Outputs = append(resp.Outputs, api.InferOutput{Name: name, Datatype: "FP64", Shape: []int64{rows, int64(nc)}, Data: probs})
			}
		}
		return c.JSON(http.StatusOK, resp)
	}
}

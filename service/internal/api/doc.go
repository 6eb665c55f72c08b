// Package api holds the wire types of irisd's HTTP API and the strict
// decoders for them, built on encoding/json.
//
// Two APIs are served:
//
//   - POST /predict, irisd's own JSON API:
//
//     request  {"instance": [5.1, 3.5, 1.4, 0.2]}
//     request  {"instance": {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}}
//     request  {"instances": [[5.1, 3.5, 1.4, 0.2], {"sepal_length": 6.7, ...}]}
//     response {"model": {"name": "iris-logreg", "version": "1.0.0"},
//     "predictions": [{"label": "setosa", "class": 0,
//     "probabilities": {"setosa": 0.97, "versicolor": 0.03, "virginica": 0.0}}]}
//
//     Exactly one of "instance" and "instances" is given, once. An instance
//     is either an array of the feature values in model order or an object
//     naming every feature exactly once. The response always carries a
//     "predictions" array, one entry per instance, in request order.
//     As everywhere in encoding/json, the top-level field names match
//     case-insensitively; feature names match exactly.
//
//   - The Open Inference Protocol v2 (KServe) REST API under /v2; see
//     InferRequest and InferResponse.
//
// Bodies are decoded with encoding/json: unknown fields are refused (the v2
// protocol's extensions go in its "parameters" objects), nothing may follow
// the one top-level object, numbers must be finite float64 values, and every
// decoding error wraps ErrInvalidRequest and says what was wrong.
package api

package api

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testSpec = PredictSpec{
	Features: []string{"sepal_length", "sepal_width", "petal_length", "petal_width"},
	MaxBatch: 3,
}

func TestDecodePredictValid(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name        string
		givenBody   string
		expectX     []float64
		expectCount int
	}{
		{"single array", `{"instance":[5.1,3.5,1.4,0.2]}`, []float64{5.1, 3.5, 1.4, 0.2}, 1},
		{"single object in any key order", `{"instance":{"petal_width":0.2,"sepal_length":5.1,"petal_length":1.4,"sepal_width":3.5}}`,
			[]float64{5.1, 3.5, 1.4, 0.2}, 1},
		{"white space everywhere", " \n{ \"instance\" :\t[ 1 , 2 ,3, 4 ] }\r\n", []float64{1, 2, 3, 4}, 1},
		{"number forms", `{"instance":[-0, 1e2, -1.5E-3, 0.25e+1]}`, []float64{0, 100, -0.0015, 2.5}, 1},
		{"escaped key", `{"instance":{"sepal\u005flength":1,"sepal_width":2,"petal_length":3,"petal_width":4}}`, []float64{1, 2, 3, 4}, 1},
		{"batch of mixed forms", `{"instances":[[1,2,3,4],{"sepal_length":5,"sepal_width":6,"petal_length":7,"petal_width":8}]}`,
			[]float64{1, 2, 3, 4, 5, 6, 7, 8}, 2},
		{"top-level names in any case, as encoding/json matches them", `{"INSTANCE":[1,2,3,4]}`, []float64{1, 2, 3, 4}, 1},
		{"batch at the limit", `{"instances":[[1,2,3,4],[1,2,3,4],[1,2,3,4]]}`, []float64{1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4}, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			x, n, err := DecodePredict([]byte(tc.givenBody), testSpec, nil)
			require.NoError(t, err)
			assert.Equal(t, tc.expectCount, n)
			if diff := cmp.Diff(tc.expectX, x); diff != "" {
				t.Errorf("features mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodePredictInvalid(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name         string
		givenBody    string
		expectSubstr string
	}{
		{"empty body", ``, `body is empty`},
		{"not an object", `[1,2,3,4]`, `request body: want an object, got an array`},
		{"malformed JSON", `{"instance":[1,2,3,4]`, `truncated JSON`},
		{"syntax error", `{"instance":[1,2;3,4]}`, `malformed JSON at byte 17: invalid character ';'`},
		{"trailing garbage", `{"instance":[1,2,3,4]} x`, `unexpected data after the JSON object, which ends at byte 22`},
		{"trailing bracket", `{"instance":[1,2,3,4]}]`, `unexpected data after`},
		{"two objects", `{"instance":[1,2,3,4]}{}`, `unexpected data after`},
		{"no instances", `{}`, `missing "instance" or "instances"`},
		{"unknown field", `{"instance":[1,2,3,4],"extra":1}`, `unknown field "extra": want "instance" or "instances"`},
		{"both forms", `{"instance":[1,2,3,4],"instances":[[1,2,3,4]]}`, `exactly one of`},
		{"duplicate key", `{"instance":[1,2,3,4],"instance":[1,2,3,4]}`, `exactly one of`},
		{"duplicate batch key", `{"instances":[[1,2,3,4]],"instances":[[1,2,3,4]]}`, `exactly one of`},
		{"too few features", `{"instance":[1,2,3]}`, `want 4 features (sepal_length, sepal_width, petal_length, petal_width), got 3`},
		{"too many features", `{"instance":[1,2,3,4,5]}`, `want 4 features (sepal_length, sepal_width, petal_length, petal_width), got 5`},
		{"empty instance", `{"instance":[]}`, `got 0`},
		{"string value", `{"instance":[1,"2",3,4]}`, `feature 1 (sepal_width): want a number, got a string`},
		{"NaN as string", `{"instance":["NaN",2,3,4]}`, `want a number, got a string`},
		{"bare NaN", `{"instance":[NaN,2,3,4]}`, `malformed JSON at byte 14: invalid character 'N'`},
		{"Infinity", `{"instance":[Infinity,2,3,4]}`, `malformed JSON at byte 14: invalid character 'I'`},
		{"null value", `{"instance":[null,2,3,4]}`, `got null`},
		{"boolean value", `{"instance":[true,2,3,4]}`, `got a boolean`},
		{"nested array", `{"instance":[[1],2,3,4]}`, `got an array`},
		{"overflow", `{"instance":[1e400,2,3,4]}`, `feature 0 (sepal_length): number 1e400 is out of range`},
		{"negative overflow", `{"instance":{"sepal_length":1,"sepal_width":-1e999,"petal_length":3,"petal_width":4}}`, `sepal_width: number -1e999 is out of range`},
		{"leading zero", `{"instance":[01,2,3,4]}`, `malformed JSON at byte 15: invalid character '1'`},
		{"hex", `{"instance":[0x1,2,3,4]}`, `malformed JSON at byte 15: invalid character 'x'`},
		{"plus sign", `{"instance":[+1,2,3,4]}`, `malformed JSON at byte 14: invalid character '+'`},
		{"dot without digits", `{"instance":[1.,2,3,4]}`, `malformed JSON at byte 16: invalid character ','`},
		{"trailing comma", `{"instance":[1,2,3,4,]}`, `malformed JSON at byte 22: invalid character ']'`},
		{"null instance", `{"instance":null}`, `instance: want an array of 4 numbers or an object keyed by feature name, got null`},
		{"instance is a number", `{"instance":5}`, `want an array of 4 numbers or an object`},
		{"unknown feature", `{"instance":{"sepal_length":1,"sepal_width":2,"petal_length":3,"petal_width":4,"colour":5}}`, `unknown feature "colour"`},
		{"missing feature", `{"instance":{"sepal_length":1,"sepal_width":2,"petal_length":3}}`, `missing feature petal_width`},
		{"repeated feature", `{"instance":{"sepal_length":1,"sepal_length":2}}`, `feature "sepal_length" given twice`},
		{"feature null", `{"instance":{"sepal_length":null,"sepal_width":2,"petal_length":3,"petal_width":4}}`, `sepal_length: want a number, got null`},
		{"empty batch", `{"instances":[]}`, `"instances" is empty`},
		{"batch over limit", `{"instances":[[1,2,3,4],[1,2,3,4],[1,2,3,4],[1,2,3,4]]}`, `more than 3 instances`},
		{"bad row in batch", `{"instances":[[1,2,3,4],[1,2,3]]}`, `instances[1]: want 4 features`},
		{"batch not an array", `{"instances":{"a":1}}`, `"instances": want an array of instances, got an object`},
		{"null batch", `{"instances":null}`, `"instances": want an array of instances, got null`},
		{"bad value in batch", `{"instances":[[1,2,3,4],{"sepal_length":1,"sepal_width":true,"petal_length":3,"petal_width":4}]}`, `instances[1]: sepal_width: want a number, got a boolean`},
		{"string instance in batch", `{"instances":["1,2,3,4"]}`, `instances[0]: want an array of 4 numbers or an object keyed by feature name, got a string`},
		{"control character in key", "{\"inst\x01ance\":1}", `malformed JSON at byte 7: invalid character '\x01' in string`},
		{"unterminated key", `{"instance`, `truncated JSON`},
		{"bad escape", `{"\uZZZZ":1}`, `malformed JSON at byte `},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			_, _, err := DecodePredict([]byte(tc.givenBody), testSpec, nil)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Contains(t, err.Error(), tc.expectSubstr)
		})
	}
}

func TestDecodePredictReusesBuffer(t *testing.T) {
	t.Parallel()

	buf := make([]float64, 0, 16)
	x, _, err := DecodePredict([]byte(`{"instance":[1,2,3,4]}`), testSpec, buf)
	require.NoError(t, err)
	assert.Same(t, &buf[:1][0], &x[0], "decoder should append into the given buffer")
}

// TestPredictRequestTags guards the one place field names are written twice:
// predictRequest's struct tags and the constants used in messages.
func TestPredictRequestTags(t *testing.T) {
	t.Parallel()

	typ := reflect.TypeFor[predictRequest]()
	var tags []string
	for f := range typ.Fields() {
		tags = append(tags, f.Tag.Get("json"))
	}
	assert.Equal(t, []string{FieldInstance, FieldInstances}, tags)
}

func TestNewPredictResponse(t *testing.T) {
	t.Parallel()

	classes := []string{"setosa", "versi\"color", "virginica"}
	got := NewPredictResponse(ModelRef{Name: "iris-logreg", Version: "1.0.0"}, classes,
		[]int{0, 2}, []float64{0.9, 0.1, 1e-7, 0, 0.25, 0.75})
	want := PredictResponse{
		Model: ModelRef{Name: "iris-logreg", Version: "1.0.0"},
		Predictions: []Prediction{
			{Label: "setosa", Class: 0, Probabilities: map[string]float64{"setosa": 0.9, "versi\"color": 0.1, "virginica": 1e-7}},
			{Label: "virginica", Class: 2, Probabilities: map[string]float64{"setosa": 0, "versi\"color": 0.25, "virginica": 0.75}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NewPredictResponse mismatch (-want +got):\n%s", diff)
	}

	// The wire form: field names, nesting and number formatting.
	b, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, `{"model":{"name":"iris-logreg","version":"1.0.0"},"predictions":[`+
		`{"label":"setosa","class":0,"probabilities":{"setosa":0.9,"versi\"color":0.1,"virginica":1e-7}},`+
		`{"label":"virginica","class":2,"probabilities":{"setosa":0,"versi\"color":0.25,"virginica":0.75}}]}`, string(b))
}

func BenchmarkDecodePredictSingle(b *testing.B) {
	body := []byte(`{"instance":[5.1,3.5,1.4,0.2]}`)
	buf := make([]float64, 0, 4)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := DecodePredict(body, testSpec, buf); err != nil {
			b.Fatal(err)
		}
	}
}

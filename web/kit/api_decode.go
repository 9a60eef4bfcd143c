package kit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"zhifa"
)

// Request limits of the JSON API.
const (
	// apiMaxBody is the largest JSON request body.
	APIMaxBody = 1 << 20
	// apiDefaultLimit and apiMaxLimit bound list pages.
	APIDefaultLimit = 50
	APIMaxLimit     = 200
	// apiMaxOffset bounds how far a list may be paged.
	apiMaxOffset = 10_000_000
	// apiMaxText bounds free-text query parameters, in characters.
	APIMaxText = 100
)

// invalid is an EINVALID error about one field.
func APIInvalid(field, msg string) error {
	return &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// DecodeJSON reads the request body, at most apiMaxBody bytes, as one JSON object into
// v. Every problem is an EINVALID error with a Chinese message that names it.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return zhifa.Errorf(zhifa.EINVALID, "请求体应为 JSON，Content-Type 应为 application/json")
		}
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, APIMaxBody))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return zhifa.Errorf(zhifa.EINVALID, "请求体超过%d KiB上限", APIMaxBody>>10)
		}
		return bodyReadError(w, err)
	}
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
		return zhifa.Errorf(zhifa.EINVALID, "请求体为空，应为 JSON 对象")
	case !utf8.Valid(trimmed):
		return zhifa.Errorf(zhifa.EINVALID, "请求体不是有效的 UTF-8 文本")
	case trimmed[0] != '{':
		return zhifa.Errorf(zhifa.EINVALID, "请求体应为 JSON 对象（以 { 开头）")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(v); err != nil {
		return apiJSONError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return zhifa.Errorf(zhifa.EINVALID, "请求体只能包含一个 JSON 对象，其后有多余内容")
	}
	return nil
}

// apiJSONError explains a decoding error in Chinese.
func apiJSONError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &zhifa.Error{Code: zhifa.EINVALID, Message: fmt.Sprintf("JSON 格式错误（第%d字节附近）", syn.Offset), Err: err}
	case errors.As(err, &typ):
		if typ.Field == "" {
			return &zhifa.Error{Code: zhifa.EINVALID, Message: "请求体应为 JSON 对象", Err: err}
		}
		msg := "类型错误，应为" + apiKindName(typ.Type)
		if strings.HasPrefix(typ.Value, "number") && apiIsInteger(typ.Type) {
			msg = "应为" + apiKindName(typ.Type) + "（不能有小数，且不能超出范围）"
		}
		return &zhifa.Error{Code: zhifa.EINVALID, Message: fmt.Sprintf("字段“%s”%s", typ.Field, msg), Fields: map[string]string{typ.Field: msg}, Err: err}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "JSON 不完整", Err: err}
	}
	// Custom decoders of the domain (zhifa.Date) explain themselves in Chinese.
	if msg := err.Error(); apiHasHan(msg) {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Err: err}
	}
	return &zhifa.Error{Code: zhifa.EINVALID, Message: "请求体不是有效的 JSON", Err: err}
}

func apiHasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func apiIsInteger(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// apiKindName is the Chinese name of a JSON type for a Go type.
func apiKindName(t reflect.Type) string {
	switch {
	case t == reflect.TypeOf(zhifa.Date{}):
		return "日期字符串（YYYY-MM-DD）"
	case apiIsInteger(t):
		return "整数"
	}
	switch t.Kind() {
	case reflect.String:
		return "字符串"
	case reflect.Float32, reflect.Float64:
		return "数字"
	case reflect.Bool:
		return "布尔值（true 或 false）"
	case reflect.Slice, reflect.Array:
		return "数组"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		return "对象"
	}
	return t.Kind().String()
}

// APIID parses the path wildcard name as a positive ID.
func APIID(r *http.Request, name string) (int64, error) {
	s := r.PathValue(name)
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, APIInvalid(name, "路径中的ID“"+apiTruncate(s, 30)+"”无效，应为正整数")
	}
	return id, nil
}

// APIPathText returns the path wildcard name, at most apiMaxText characters.
func APIPathText(r *http.Request, name string) (string, error) {
	s := strings.TrimSpace(r.PathValue(name))
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > APIMaxText {
		return "", APIInvalid(name, "路径参数无效")
	}
	return s, nil
}

func apiTruncate(s string, n int) string {
	if !utf8.ValidString(s) {
		return "（无效字符）"
	}
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// query reads the validated query parameters of one request. Problems are collected, and
// err returns them as one EINVALID error.
type APIQuery struct {
	v    url.Values
	Errs zhifa.FieldErrors
}

func NewAPIQuery(r *http.Request) *APIQuery {
	return &APIQuery{v: r.URL.Query(), Errs: zhifa.FieldErrors{}}
}

// Int returns the integer parameter name within [lo, hi], or def when absent.
func (q *APIQuery) Int(name string, def, lo, hi int64) int64 {
	s := strings.TrimSpace(q.v.Get(name))
	if s == "" {
		return def
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < lo || n > hi {
		q.Errs.Add(name, fmt.Sprintf("应为%d到%d之间的整数", lo, hi))
		return def
	}
	return n
}

// ID returns the ID parameter name, 0 when absent.
func (q *APIQuery) ID(name string) int64 { return q.Int(name, 0, 1, 1<<62) }

// Text returns the trimmed text parameter name of at most apiMaxText characters.
func (q *APIQuery) Text(name string) string {
	s := strings.TrimSpace(q.v.Get(name))
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		q.Errs.Add(name, "包含无效字符")
		return ""
	}
	if utf8.RuneCountInString(s) > APIMaxText {
		q.Errs.Add(name, fmt.Sprintf("不能超过%d个字符", APIMaxText))
		return ""
	}
	return s
}

// Bool returns the boolean parameter name, nil when absent.
func (q *APIQuery) Bool(name string) *bool {
	switch strings.ToLower(strings.TrimSpace(q.v.Get(name))) {
	case "":
		return nil
	case "true", "1", "yes", "是":
		t := true
		return &t
	case "false", "0", "no", "否":
		f := false
		return &f
	}
	q.Errs.Add(name, "应为 true 或 false")
	return nil
}

// Page returns the limit and offset parameters; limit is at most max.
func (q *APIQuery) Page(max int) zhifa.Page {
	return zhifa.Page{
		Limit:  int(q.Int("limit", APIDefaultLimit, 1, int64(max))),
		Offset: int(q.Int("offset", 0, 0, apiMaxOffset)),
	}
}

// Err returns the collected problems as one EINVALID error, or nil.
func (q *APIQuery) Err() error {
	if len(q.Errs) == 0 {
		return nil
	}
	return &zhifa.Error{Code: zhifa.EINVALID, Message: "查询参数有误", Fields: q.Errs}
}

// window returns the part of list that page selects.
func APIWindow[T any](list []T, p zhifa.Page) []T {
	if p.Offset >= len(list) {
		return []T{}
	}
	list = list[p.Offset:]
	if p.Limit < len(list) {
		list = list[:p.Limit]
	}
	return list
}

// APIAct decodes the JSON body of an act on the object {id} of the path, runs the act and
// replies with its result (200) or its error.
func APIAct[T, R any](w http.ResponseWriter, r *http.Request, act func(id int64, in T) (R, error)) {
	id, err := APIID(r, "id")
	if err != nil {
		WriteError(w, r, err)
		return
	}
	var in T
	if err := DecodeJSON(w, r, &in); err != nil {
		WriteError(w, r, err)
		return
	}
	out, err := act(id, in)
	APIReply(w, r, http.StatusOK, out, err)
}

package kit

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"zhifa"
)

// Form is an HTML form's submitted (or prefilled) values and the problems found with
// them. Field names are the JSON names of the app's input structs ("id_number",
// "basis.0.article", "guide.phone"), so that the app's EINVALID fields map onto inputs.
type Form struct {
	Values url.Values
	Errors map[string]string
	// Message is the summary shown above the form when something went wrong.
	Message string
	// shown lists error keys the template displays although no input carries that name
	// (e.g. "basis" above the basis rows).
	shown map[string]bool
}

// NewForm returns an empty form.
func NewForm() *Form { return &Form{Values: url.Values{}, Errors: map[string]string{}} }

// PostedForm returns the form of a POST request.
func PostedForm(r *http.Request) *Form {
	f := NewForm()
	if err := r.ParseForm(); err == nil {
		f.Values = r.PostForm
	}
	return f
}

// V returns the value of a field.
func (f *Form) V(name string) string { return f.Values.Get(name) }

// E returns the problem with a field, or "".
func (f *Form) E(name string) string { return f.Errors[name] }

// Checked reports whether a checkbox field is set.
func (f *Form) Checked(name string) bool { return f.Values.Get(name) == "1" }

// Set sets a field's value.
func (f *Form) Set(name, value string) { f.Values.Set(name, value) }

// SetBool sets a checkbox field.
func (f *Form) SetBool(name string, v bool) {
	if v {
		f.Values.Set(name, "1")
	} else {
		f.Values.Del(name)
	}
}

// Show marks error keys the template displays by themselves.
func (f *Form) Show(keys ...string) *Form {
	if f.shown == nil {
		f.shown = map[string]bool{}
	}
	for _, k := range keys {
		f.shown[k] = true
	}
	return f
}

// Other returns the problems with fields that have no input on the page, for the
// summary above the form, so that no message is lost.
func (f *Form) Other() []string {
	var keys []string
	for k := range f.Errors {
		if _, ok := f.Values[k]; ok || f.shown[k] {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, f.Errors[k])
	}
	return out
}

// HasErrors reports whether the form failed.
func (f *Form) HasErrors() bool { return f.Message != "" || len(f.Errors) > 0 }

// Fail records err on the form: the field problems and the summary message.
func (f *Form) Fail(err error) {
	for k, v := range zhifa.ErrorFields(err) {
		f.Errors[k] = v
	}
	f.Message = zhifa.ErrorMessage(err)
	var e *zhifa.Error
	if errors.As(err, &e) && e.Rule != "" && !strings.Contains(f.Message, e.Rule) {
		f.Message += "（依据：" + e.Rule + "）"
	}
}

// Invalid records a field problem found while parsing the form.
func (f *Form) Invalid(field, msg string) {
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = msg
	}
	f.Message = "输入有误，请检查标出的字段"
}

// Date parses a date field; a bad one is recorded as the field's problem.
func (f *Form) Date(name string) zhifa.Date {
	s := strings.TrimSpace(f.V(name))
	if s == "" {
		return zhifa.Date{}
	}
	d, err := zhifa.ParseDate(s)
	if err != nil {
		f.Invalid(name, "日期格式应为 YYYY-MM-DD")
	}
	return d
}

// Int parses an integer field; "" is 0.
func (f *Form) Int(name string) int64 {
	s := strings.TrimSpace(f.V(name))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f.Invalid(name, "请输入整数")
	}
	return n
}

// Float parses a decimal field; "" is 0.
func (f *Form) Float(name string) float64 {
	s := strings.TrimSpace(f.V(name))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		f.Invalid(name, "请输入数字")
	}
	return n
}

// List splits a field holding several entries, separated by commas, 顿号, semicolons or
// line breaks.
func (f *Form) List(name string) []string {
	return SplitList(f.V(name))
}

func SplitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case ',', '，', '、', ';', '；', '\n', '\r':
			return true
		}
		return false
	})
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Lines splits a textarea into its non-empty lines.
func (f *Form) Lines(name string) []string {
	var out []string
	for _, l := range strings.Split(f.V(name), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Option is one choice of a select field.
type Option struct {
	Value string
	Label string
}

// field describes one input for the "field" partial.
type field struct {
	Name        string
	Label       string
	Type        string // text (default), textarea, select, checkbox, date, number, password, …
	Value       string
	Error       string
	Hint        string
	Placeholder string
	// Autocomplete is the autocomplete attribute; "" omits it.
	Autocomplete string
	InputMode    string
	Step         string
	Required     bool
	Checked      bool
	Rows         int
	Options      []Option
	// Wide makes the field span the whole row of a form grid.
	Wide bool
}

// newField builds a field of form f for the "field" partial. Each option is either a
// []option (the choices of a select) or a string: "required", "wide", or "key=value"
// with key type, hint, ph (placeholder), ac (autocomplete), mode (inputmode), step or
// rows.
func newField(f *Form, name, label string, opts ...any) *field {
	fd := &field{Name: name, Label: label, Type: "text", Value: f.V(name), Error: f.E(name), Checked: f.Checked(name)}
	for _, o := range opts {
		switch o := o.(type) {
		case []Option:
			fd.Options = o
			fd.Type = "select"
		case string:
			k, v, _ := strings.Cut(o, "=")
			switch k {
			case "required":
				fd.Required = true
			case "wide":
				fd.Wide = true
			case "type":
				fd.Type = v
			case "hint":
				fd.Hint = v
			case "ph":
				fd.Placeholder = v
			case "ac":
				fd.Autocomplete = v
			case "mode":
				fd.InputMode = v
			case "step":
				fd.Step = v
			case "rows":
				fd.Rows, _ = strconv.Atoi(v)
			}
		}
	}
	if fd.Type == "textarea" {
		fd.Wide = true
		if fd.Rows == 0 {
			fd.Rows = 4
		}
	}
	return fd
}

// PathID parses the {name} wildcard of the request as a positive ID; ok is false for a
// malformed one, which callers answer with the 404 page.
func PathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// Pager is the paging bar of a list.
type Pager struct {
	Total, Page, Pages int
	Prev, Next         string
}

// ListPage reads the page number of a list request (?page=N, from 1) and returns it
// with the offset for a page size.
func ListPage(r *http.Request, size int) (int, int) {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 || n > 100000 {
		n = 1
	}
	return n, (n - 1) * size
}

// NewPager returns the paging bar for a list of total rows shown size at a time; links
// keep the request's other query parameters.
func NewPager(r *http.Request, total, size, pageNo int) *Pager {
	p := &Pager{Total: total, Page: pageNo, Pages: (total + size - 1) / size}
	if p.Pages < 1 {
		p.Pages = 1
	}
	link := func(n int) string {
		q := r.URL.Query()
		q.Del("page")
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		if len(q) == 0 {
			return r.URL.Path
		}
		return r.URL.Path + "?" + q.Encode()
	}
	if pageNo > 1 {
		p.Prev = link(min(pageNo-1, p.Pages))
	}
	if pageNo < p.Pages {
		p.Next = link(pageNo + 1)
	}
	return p
}

// AgencyOptions lists agencies as select options, indented by depth; onlyEnforcement
// leaves out governments, which are not enforcement bodies.
func AgencyOptions(list []*zhifa.Agency, blank string, onlyEnforcement bool) []Option {
	var out []Option
	if blank != "" {
		out = append(out, Option{"", blank})
	}
	for _, ag := range list {
		if onlyEnforcement && !ag.IsEnforcement() {
			continue
		}
		out = append(out, Option{strconv.FormatInt(ag.ID, 10), strings.Repeat("　", AgencyDepth(list, ag)) + ag.Name})
	}
	return out
}

// AgencyDepth is the depth of ag below the shallowest agency of the list.
func AgencyDepth(list []*zhifa.Agency, ag *zhifa.Agency) int {
	top := -1
	for _, a := range list {
		if d := strings.Count(a.Path, "/"); top < 0 || d < top {
			top = d
		}
	}
	return max(strings.Count(ag.Path, "/")-top, 0)
}

// ID64 formats an ID for a form value; 0 is "".
func ID64(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// Fixable reports whether err is a problem the user fixes on the form that was sent —
// bad input, an unmet rule, a concurrent change, or one of the codes also lists — and
// otherwise answers it with the error page.
func (s *Kit) Fixable(w http.ResponseWriter, r *http.Request, err error, also ...string) bool {
	switch code := zhifa.ErrorCode(err); {
	case code == zhifa.EINVALID, code == zhifa.EGATE, code == zhifa.ECONFLICT, slices.Contains(also, code):
		return true
	}
	s.Fail(w, r, err)
	return false
}

// FormFailed answers a failed form submission: problems the user can fix show on the
// form again with the submitted values and the matching status; anything else gets the
// error page.
func (s *Kit) FormFailed(w http.ResponseWriter, r *http.Request, err error, name string, p *Page) {
	if s.Fixable(w, r, err) {
		p.Form.Fail(err)
		s.Render(w, r, StatusOf(err), name, p)
	}
}

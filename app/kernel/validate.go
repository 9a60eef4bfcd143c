package kernel

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"zhifa"
	"zhifa/idcode"
)

// Field length limits, in characters.
const (
	MaxShort = 100  // names, numbers, codes
	MaxText  = 4000 // free text: duties, basis text, procedures
)

// MaxFen bounds every amount of money a user types (fines, confiscations, illegal gains,
// an agency's hearing thresholds): 1万亿元, far above any statutory fine, and low enough
// that a gain times the largest multiple a benchmark allows (1000) stays within int64
// (law.LevelRange).
const MaxFen int64 = 100_000_000_000_000

// Checker validates input fields and collects Chinese messages per field.
type Checker struct{ zhifa.FieldErrors }

// NewChecker returns an empty Checker.
func NewChecker() *Checker { return &Checker{zhifa.FieldErrors{}} }

// Text trims *s and checks it is present (when required) and at most max characters.
func (c *Checker) Text(field string, s *string, required bool, max int) {
	*s = strings.TrimSpace(*s)
	switch {
	case !utf8.ValidString(*s):
		c.Add(field, "包含无效字符")
	case required && *s == "":
		c.Add(field, "必填")
	case utf8.RuneCountInString(*s) > max:
		c.Add(field, "不能超过"+strconv.Itoa(max)+"个字符")
	case strings.ContainsAny(*s, "\x00"):
		c.Add(field, "包含无效字符")
	}
}

// List trims each entry, drops empty ones and limits count and length.
func (c *Checker) List(field string, l *[]string, required bool) {
	out := (*l)[:0:0]
	seen := map[string]bool{}
	for _, s := range *l {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		if utf8.RuneCountInString(s) > MaxShort || !utf8.ValidString(s) {
			c.Add(field, "每项不能超过"+strconv.Itoa(MaxShort)+"个字符")
		}
		out = append(out, s)
	}
	if len(out) > 50 {
		c.Add(field, "不能超过50项")
	}
	if required && len(out) == 0 {
		c.Add(field, "至少填写一项")
	}
	*l = out
}

// PersonID validates and normalizes a 身份证号.
func (c *Checker) PersonID(field string, s *string, required bool) idcode.PersonID {
	*s = strings.TrimSpace(*s)
	if *s == "" {
		if required {
			c.Add(field, "必填")
		}
		return idcode.PersonID{}
	}
	id, err := idcode.ParsePersonID(*s)
	if err != nil {
		c.Add(field, err.Error())
		return idcode.PersonID{}
	}
	*s = id.String()
	return id
}

// CreditCode validates a 统一社会信用代码; a checksum failure is only a warning.
func (c *Checker) CreditCode(field string, s *string, required bool) (warning string) {
	*s = strings.TrimSpace(*s)
	if *s == "" {
		if required {
			c.Add(field, "必填")
		}
		return ""
	}
	code, w, err := idcode.ParseCreditCode(*s)
	if err != nil {
		c.Add(field, err.Error())
		return ""
	}
	*s = code.String()
	if w != 0 {
		return w.String() + "（已按原样保存）"
	}
	return ""
}

// Phone checks a phone number loosely: digits, spaces, dashes and parentheses, 7–20 long.
func (c *Checker) Phone(field string, s *string) {
	c.Text(field, s, false, 20)
	if *s == "" {
		return
	}
	digits := 0
	for _, r := range *s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '-' || r == ' ' || r == '(' || r == ')' || r == '+':
		default:
			c.Add(field, "电话号码格式不正确")
			return
		}
	}
	if digits < 7 {
		c.Add(field, "电话号码格式不正确")
	}
}

// FieldError is an EINVALID error about one field.
func FieldError(field, msg string) error {
	return &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

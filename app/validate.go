package app

import (
	"strings"
	"unicode/utf8"

	"zhifa"
	"zhifa/idcode"
)

// Field length limits, in characters.
const (
	maxShort = 100  // names, numbers, codes
	maxText  = 4000 // free text: duties, basis text, procedures
)

// checker validates input fields and collects Chinese messages per field.
type checker struct{ zhifa.FieldErrors }

func newChecker() *checker { return &checker{zhifa.FieldErrors{}} }

// text trims *s and checks it is present (when required) and at most max characters.
func (c *checker) text(field string, s *string, required bool, max int) {
	*s = strings.TrimSpace(*s)
	switch {
	case !utf8.ValidString(*s):
		c.Add(field, "包含无效字符")
	case required && *s == "":
		c.Add(field, "必填")
	case utf8.RuneCountInString(*s) > max:
		c.Add(field, "不能超过"+itoa(max)+"个字符")
	case strings.ContainsAny(*s, "\x00"):
		c.Add(field, "包含无效字符")
	}
}

// list trims each entry, drops empty ones and limits count and length.
func (c *checker) list(field string, l *[]string, required bool) {
	out := (*l)[:0:0]
	seen := map[string]bool{}
	for _, s := range *l {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		if utf8.RuneCountInString(s) > maxShort || !utf8.ValidString(s) {
			c.Add(field, "每项不能超过"+itoa(maxShort)+"个字符")
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

// personID validates and normalizes a 身份证号.
func (c *checker) personID(field string, s *string, required bool) idcode.PersonID {
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

// creditCode validates a 统一社会信用代码; a checksum failure is only a warning.
func (c *checker) creditCode(field string, s *string, required bool) (warning string) {
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

// phone checks a phone number loosely: digits, spaces, dashes and parentheses, 7–20 long.
func (c *checker) phone(field string, s *string) {
	c.text(field, s, false, 20)
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

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// fieldError is an EINVALID error about one field.
func fieldError(field, msg string) error {
	return &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

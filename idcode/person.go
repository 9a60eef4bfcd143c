package idcode

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Errors returned by ParsePersonID and NewPersonID. The returned error wraps one
// of these, sometimes with detail appended; test with errors.Is.
var (
	ErrPersonIDEmpty  = errors.New("身份证号码不能为空")
	ErrPersonIDLegacy = errors.New("不支持15位旧版身份证号码，请转换为18位号码后再填写")
	ErrPersonIDLength = errors.New("身份证号码长度应为18位")
	ErrPersonIDChar   = errors.New("身份证号码含有非法字符")
	ErrPersonIDRegion = errors.New("身份证号码地区码无效")
	ErrPersonIDBirth  = errors.New("身份证号码出生日期无效")
	ErrPersonIDSeq    = errors.New("身份证号码顺序码无效")
	ErrPersonIDCheck  = errors.New("身份证号码校验位错误")
)

// personWeights are the GB 11643 (ISO 7064 MOD 11-2) weights of digits 1–17.
var personWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// personCheckChars maps (weighted sum mod 11) to the check character.
const personCheckChars = "10X98765432"

// minBirth is the earliest accepted birth date.
var minBirth = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// PersonID is a validated 18-character resident identity card number
// (居民身份证号码, GB 11643-1999). The zero value is "not set". PersonIDs are
// comparable with ==.
type PersonID struct {
	s string
}

// ParsePersonID parses and validates an 18-character identity card number. It
// checks the province-level part of the region code, that the birth date is a
// real date between 1900-01-01 and today (CST), and the MOD 11-2 check
// character. A lowercase check character x is accepted. 15-digit legacy
// numbers are rejected with ErrPersonIDLegacy.
func ParsePersonID(s string) (PersonID, error) {
	s = normalize(s)
	if s == "" {
		return PersonID{}, ErrPersonIDEmpty
	}
	if n := runeLen(s); n != 18 {
		if n == 15 && allDigits(s) {
			return PersonID{}, ErrPersonIDLegacy
		}
		return PersonID{}, fmt.Errorf("%w，当前为%d位", ErrPersonIDLength, n)
	}
	for i, r := range []rune(s) {
		switch {
		case r >= '0' && r <= '9':
		case i == 17 && r == 'X':
		case i == 17:
			return PersonID{}, fmt.Errorf("%w：第18位应为数字或X", ErrPersonIDChar)
		default:
			return PersonID{}, fmt.Errorf("%w：第%d位应为数字", ErrPersonIDChar, i+1)
		}
	}
	// All 18 characters are ASCII from here on.
	if !validProvince(s[:2]) {
		return PersonID{}, ErrPersonIDRegion
	}
	if _, err := parseBirth(s[6:14]); err != nil {
		return PersonID{}, err
	}
	if personCheckChar(s[:17]) != s[17] {
		return PersonID{}, ErrPersonIDCheck
	}
	return PersonID{s: s}, nil
}

// NewPersonID builds an identity card number from a 6-digit region code, a
// birth date (its year, month and day as given; the time of day is ignored) and
// a 3-digit sequence number 0–999, computing the check character. An odd seq
// yields a male, an even seq a female. The result is validated as by
// ParsePersonID. It is meant for test and demo data.
func NewPersonID(region string, birth time.Time, seq int) (PersonID, error) {
	if len(region) != 6 || !allDigits(region) || !validProvince(region[:2]) {
		return PersonID{}, ErrPersonIDRegion
	}
	if seq < 0 || seq > 999 {
		return PersonID{}, fmt.Errorf("%w：应在000至999之间", ErrPersonIDSeq)
	}
	y, m, d := birth.Date()
	if y < 1000 || y > 9999 {
		return PersonID{}, ErrPersonIDBirth
	}
	body := fmt.Sprintf("%s%04d%02d%02d%03d", region, y, int(m), d, seq)
	return ParsePersonID(body + string(personCheckChar(body)))
}

// String returns the normalized 18-character number, or "" for the zero value.
func (p PersonID) String() string { return p.s }

// IsZero reports whether p is the zero value.
func (p PersonID) IsZero() bool { return p.s == "" }

// Region returns the 6-digit administrative region code (digits 1–6).
func (p PersonID) Region() string {
	if p.IsZero() {
		return ""
	}
	return p.s[:6]
}

// Birth returns the birth date as midnight UTC, or the zero time for the zero
// value.
func (p PersonID) Birth() time.Time {
	if p.IsZero() {
		return time.Time{}
	}
	t, _ := parseBirth(p.s[6:14])
	return t
}

// Sex returns "男" if the 17th digit is odd and "女" if it is even, or "" for
// the zero value.
func (p PersonID) Sex() string {
	switch {
	case p.IsZero():
		return ""
	case (p.s[16]-'0')%2 == 1:
		return "男"
	default:
		return "女"
	}
}

// Masked returns the number with all but the first 6 and last 4 characters
// replaced by '*', e.g. "110105********002X", or "" for the zero value.
func (p PersonID) Masked() string {
	if p.IsZero() {
		return ""
	}
	return p.s[:6] + strings.Repeat("*", 8) + p.s[14:]
}

// AgeOn returns the age in completed years on the civil date of t in CST. A
// person born on 29 February turns a year older on 1 March in common years.
// The result is negative if t is before the birth date; it is 0 for the zero
// value.
func (p PersonID) AgeOn(t time.Time) int {
	if p.IsZero() {
		return 0
	}
	b := p.Birth()
	y, m, d := t.In(cst).Date()
	age := y - b.Year()
	if m < b.Month() || (m == b.Month() && d < b.Day()) {
		age--
	}
	return age
}

// parseBirth parses YYYYMMDD and checks it is a real date between minBirth and
// today in CST.
func parseBirth(s string) (time.Time, error) {
	t, err := time.Parse("20060102", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w：%s不是有效日期", ErrPersonIDBirth, s)
	}
	if t.Before(minBirth) {
		return time.Time{}, fmt.Errorf("%w：不能早于1900年1月1日", ErrPersonIDBirth)
	}
	y, m, d := now().In(cst).Date()
	if t.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		return time.Time{}, fmt.Errorf("%w：不能晚于今天", ErrPersonIDBirth)
	}
	return t, nil
}

// personCheckChar returns the check character for the 17 digits in body.
func personCheckChar(body string) byte {
	sum := 0
	for i, w := range personWeights {
		sum += int(body[i]-'0') * w
	}
	return personCheckChars[sum%11]
}

// validProvince reports whether the two digits are a province-level code
// (including 71 Taiwan, 81 Hong Kong, 82 Macao, 83 Taiwan residence permits
// and 91 foreigners' permanent residence).
func validProvince(s string) bool {
	switch s {
	case "11", "12", "13", "14", "15",
		"21", "22", "23",
		"31", "32", "33", "34", "35", "36", "37",
		"41", "42", "43", "44", "45", "46",
		"50", "51", "52", "53", "54",
		"61", "62", "63", "64", "65",
		"71", "81", "82", "83", "91":
		return true
	}
	return false
}

// allDigits reports whether s is non-empty and consists of ASCII digits only.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

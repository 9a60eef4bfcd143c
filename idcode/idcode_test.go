package idcode

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// today is the pinned current date used by the tests (CST).
var today = time.Date(2025, 6, 15, 9, 0, 0, 0, cst)

// pinNow fixes the package clock to today for the duration of the test.
func pinNow(tb testing.TB) {
	tb.Helper()
	old := now
	now = func() time.Time { return today }
	tb.Cleanup(func() { now = old })
}

// refPersonCheck computes the GB 11643 check character independently of the
// package tables: ISO 7064 MOD 11-2 requires sum(a_i * 2^(i-1)) ≡ 1 (mod 11),
// counting i from the right with the check character at i = 1.
func refPersonCheck(body17 string) string {
	sum, w := 0, 2 // weight of the rightmost body digit (i = 2)
	for i := 16; i >= 0; i-- {
		sum += int(body17[i]-'0') * w
		w = w * 2 % 11
	}
	c := (12 - sum%11) % 11
	if c == 10 {
		return "X"
	}
	return strconv.Itoa(c)
}

// pid appends the reference check character to body17.
func pid(body17 string) string { return body17 + refPersonCheck(body17) }

// refCredit is the GB 32100 character set in value order, written out
// independently of the package constant.
var refCredit = []rune("0123456789ABCDEFGHJKLMNPQRTUWXY")

func refCreditValue(r rune) int {
	for i, c := range refCredit {
		if c == r {
			return i
		}
	}
	panic("bad credit char " + string(r))
}

// refCreditCheck computes the GB 32100 check character; weight i is 3^i mod 31.
func refCreditCheck(body17 string) string {
	sum, w := 0, 1
	for _, r := range body17 {
		sum += refCreditValue(r) * w
		w = w * 3 % 31
	}
	return string(refCredit[(31-sum%31)%31])
}

// refOrgCheck computes the GB 11714 check character; weight i is 2^(9-i) mod 11
// and letters count A=10 … Z=35.
func refOrgCheck(body8 string) string {
	sum := 0
	for i, r := range body8 {
		v := int(r - '0')
		if r >= 'A' {
			v = int(r-'A') + 10
		}
		w := 1
		for range 8 - i {
			w = w * 2 % 11
		}
		sum += v * w
	}
	switch c := 11 - sum%11; c {
	case 10:
		return "X"
	case 11:
		return "0"
	default:
		return strconv.Itoa(c)
	}
}

// credit builds a fully valid code from 16 characters with the reference helpers.
func credit(body16 string) string {
	b := body16 + refOrgCheck(body16[8:])
	return b + refCreditCheck(b)
}

func TestReferenceHelpers(t *testing.T) {
	// Published examples must agree with the independent helpers.
	if got := pid("11010519491231002"); got != "11010519491231002X" {
		t.Errorf("GB 11643 sample: got %s", got)
	}
	if got := credit("91350100M000100Y"); got != "91350100M000100Y43" {
		t.Errorf("credit code sample: got %s", got)
	}
}

func TestParsePersonID(t *testing.T) {
	pinNow(t)
	tests := []struct {
		name   string
		in     string
		want   string
		region string
		birth  string
		sex    string
	}{
		{"GB 11643 sample", "11010519491231002X", "11010519491231002X", "110105", "1949-12-31", "女"},
		{"lowercase x and spaces", "  11010519491231002x\t", "11010519491231002X", "110105", "1949-12-31", "女"},
		{"full-width input", "１１０１０５１９４９１２３１００２ｘ", "11010519491231002X", "110105", "1949-12-31", "女"},
		{"male", pid("44030520000229123"), pid("44030520000229123"), "440305", "2000-02-29", "男"},
		{"born today", pid("32010220250615001"), pid("32010220250615001"), "320102", "2025-06-15", "男"},
		{"born 1900-01-01", pid("65010219000101002"), pid("65010219000101002"), "650102", "1900-01-01", "女"},
		{"Taiwan 71", pid("71000019800101003"), pid("71000019800101003"), "710000", "1980-01-01", "男"},
		{"Hong Kong 81", pid("81000019800101004"), pid("81000019800101004"), "810000", "1980-01-01", "女"},
		{"Macao 82", pid("82000019800101005"), pid("82000019800101005"), "820000", "1980-01-01", "男"},
		{"residence permit 83", pid("83000019800101006"), pid("83000019800101006"), "830000", "1980-01-01", "女"},
		{"permanent residence 91", pid("91000019800101007"), pid("91000019800101007"), "910000", "1980-01-01", "男"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePersonID(tt.in)
			if err != nil {
				t.Fatalf("ParsePersonID(%q): %v", tt.in, err)
			}
			if p.String() != tt.want {
				t.Errorf("String() = %q, want %q", p.String(), tt.want)
			}
			if p.Region() != tt.region {
				t.Errorf("Region() = %q, want %q", p.Region(), tt.region)
			}
			if got := p.Birth().Format(time.DateOnly); got != tt.birth {
				t.Errorf("Birth() = %s, want %s", got, tt.birth)
			}
			if p.Birth().Location() != time.UTC {
				t.Errorf("Birth() location = %v, want UTC", p.Birth().Location())
			}
			if p.Sex() != tt.sex {
				t.Errorf("Sex() = %q, want %q", p.Sex(), tt.sex)
			}
			if p.IsZero() {
				t.Error("IsZero() = true")
			}
		})
	}
}

func TestParsePersonIDErrors(t *testing.T) {
	pinNow(t)
	valid := "11010519491231002X"
	tests := []struct {
		name string
		in   string
		want error
		msg  string // exact message, if set
	}{
		{"empty", "", ErrPersonIDEmpty, "身份证号码不能为空"},
		{"blank", " \t　", ErrPersonIDEmpty, ""},
		{"15-digit legacy", "110105491231002", ErrPersonIDLegacy, ""},
		{"17 chars", valid[:17], ErrPersonIDLength, "身份证号码长度应为18位，当前为17位"},
		{"19 chars", valid + "1", ErrPersonIDLength, ""},
		{"15 chars with X", "11010549123100X", ErrPersonIDLength, ""},
		{"inner space", "110105 19491231002X", ErrPersonIDLength, ""},
		{"letter in body", "1101051949A231002X", ErrPersonIDChar, "身份证号码含有非法字符：第11位应为数字"},
		{"X not last", "X10105194912310021", ErrPersonIDChar, ""},
		{"bad last char", "11010519491231002Y", ErrPersonIDChar, "身份证号码含有非法字符：第18位应为数字或X"},
		{"roman numeral ten", "11010519491231002Ⅹ", ErrPersonIDChar, ""},
		{"invalid utf-8", "11010519491231002\xff", ErrPersonIDChar, ""},
		{"province 00", pid("00010519491231002"), ErrPersonIDRegion, "身份证号码地区码无效"},
		{"province 10", pid("10010519491231002"), ErrPersonIDRegion, ""},
		{"province 16", pid("16010519491231002"), ErrPersonIDRegion, ""},
		{"province 99", pid("99010519491231002"), ErrPersonIDRegion, ""},
		{"Feb 30", pid("11010519490230002"), ErrPersonIDBirth, ""},
		{"Feb 29 1900", pid("11010519000229002"), ErrPersonIDBirth, ""},
		{"Feb 29 2023", pid("11010520230229002"), ErrPersonIDBirth, ""},
		{"month 13", pid("11010519491301002"), ErrPersonIDBirth, ""},
		{"month 00", pid("11010519490001002"), ErrPersonIDBirth, ""},
		{"day 00", pid("11010519491200002"), ErrPersonIDBirth, ""},
		{"before 1900", pid("11010518991231002"), ErrPersonIDBirth, "身份证号码出生日期无效：不能早于1900年1月1日"},
		{"tomorrow", pid("11010520250616002"), ErrPersonIDBirth, "身份证号码出生日期无效：不能晚于今天"},
		{"year 0000", pid("11010500000101002"), ErrPersonIDBirth, ""},
		{"wrong check", "110105194912310021", ErrPersonIDCheck, "身份证号码校验位错误"},
		{"transposed digits", "11010519491213002X", ErrPersonIDCheck, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePersonID(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParsePersonID(%q) error = %v, want %v", tt.in, err, tt.want)
			}
			if tt.msg != "" && err.Error() != tt.msg {
				t.Errorf("message = %q, want %q", err.Error(), tt.msg)
			}
			if !p.IsZero() {
				t.Errorf("got non-zero PersonID %q on error", p)
			}
		})
	}
}

func TestPersonIDTodayIsCST(t *testing.T) {
	// 2025-06-15 17:00 UTC is already 2025-06-16 in China.
	old := now
	defer func() { now = old }()
	now = func() time.Time { return time.Date(2025, 6, 15, 17, 0, 0, 0, time.UTC) }
	if _, err := ParsePersonID(pid("11010520250616002")); err != nil {
		t.Errorf("born on CST today: %v", err)
	}
}

func TestPersonIDMethods(t *testing.T) {
	pinNow(t)
	p, err := ParsePersonID("11010519491231002X")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Masked(), "110105********002X"; got != want {
		t.Errorf("Masked() = %q, want %q", got, want)
	}

	leap, err := ParsePersonID(pid("44030520000229123"))
	if err != nil {
		t.Fatal(err)
	}
	ages := []struct {
		p    PersonID
		on   time.Time
		want int
	}{
		{p, time.Date(1949, 12, 31, 0, 0, 0, 0, cst), 0},
		{p, time.Date(2024, 12, 30, 0, 0, 0, 0, cst), 74},
		{p, time.Date(2024, 12, 31, 0, 0, 0, 0, cst), 75},
		{p, time.Date(2024, 12, 30, 20, 0, 0, 0, time.UTC), 75}, // 12-31 04:00 in CST
		{p, time.Date(1949, 12, 30, 0, 0, 0, 0, cst), -1},
		{leap, time.Date(2018, 2, 28, 0, 0, 0, 0, cst), 17},
		{leap, time.Date(2018, 3, 1, 0, 0, 0, 0, cst), 18},
		{leap, time.Date(2020, 2, 29, 0, 0, 0, 0, cst), 20},
	}
	for _, a := range ages {
		if got := a.p.AgeOn(a.on); got != a.want {
			t.Errorf("%s.AgeOn(%v) = %d, want %d", a.p, a.on, got, a.want)
		}
	}

	var zero PersonID
	if !zero.IsZero() || zero.String() != "" || zero.Masked() != "" || zero.Region() != "" ||
		zero.Sex() != "" || !zero.Birth().IsZero() || zero.AgeOn(today) != 0 {
		t.Error("zero PersonID methods should return zero values")
	}
}

func TestNewPersonID(t *testing.T) {
	pinNow(t)
	p, err := NewPersonID("110105", time.Date(1949, 12, 31, 23, 30, 0, 0, cst), 2)
	if err != nil {
		t.Fatal(err)
	}
	if p.String() != "11010519491231002X" {
		t.Errorf("got %s, want 11010519491231002X", p)
	}
	if p.Sex() != "女" {
		t.Errorf("Sex() = %s", p.Sex())
	}
	for _, seq := range []int{0, 1, 500, 999} {
		p, err := NewPersonID("440305", time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC), seq)
		if err != nil {
			t.Fatalf("seq %d: %v", seq, err)
		}
		if want := pid("44030519900102" + p.String()[14:17]); p.String() != want || atoi(p.String()[14:17]) != seq {
			t.Errorf("seq %d: got %s, want %s", seq, p, want)
		}
	}

	errs := []struct {
		name   string
		region string
		birth  time.Time
		seq    int
		want   error
	}{
		{"short region", "11010", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 1, ErrPersonIDRegion},
		{"letter region", "11010A", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 1, ErrPersonIDRegion},
		{"bad province", "190105", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 1, ErrPersonIDRegion},
		{"negative seq", "110105", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), -1, ErrPersonIDSeq},
		{"seq 1000", "110105", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 1000, ErrPersonIDSeq},
		{"future", "110105", today.AddDate(0, 0, 1), 1, ErrPersonIDBirth},
		{"before 1900", "110105", time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC), 1, ErrPersonIDBirth},
		{"zero time", "110105", time.Time{}, 1, ErrPersonIDBirth},
		{"year 10000", "110105", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), 1, ErrPersonIDBirth},
	}
	for _, tt := range errs {
		if _, err := NewPersonID(tt.region, tt.birth, tt.seq); !errors.Is(err, tt.want) {
			t.Errorf("%s: error = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestParseCreditCode(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   string
		region string
		warn   Warning
	}{
		{"well-known sample", "91350100M000100Y43", "91350100M000100Y43", "350100", 0},
		{"real code, X as org check", "9144030071526726XG", "9144030071526726XG", "440300", 0},
		{"real code 2", "91330100716105852F", "91330100716105852F", "330100", 0},
		{"real code 3", "914403001922038216", "914403001922038216", "440300", 0},
		{"lowercase and spaces", " 91350100m000100y43 ", "91350100M000100Y43", "350100", 0},
		{"full-width", "９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43", "350100", 0},
		{"institution 12", credit("1210000040000001"), credit("1210000040000001"), "100000", 0},
		{"social organization 51", credit("51440300MJL0001A"), credit("51440300MJL0001A"), "440300", 0},
		{"military A1", credit("A1110000KF000001"), credit("A1110000KF000001"), "110000", 0},
		{"collective N2", credit("N2320102MF000001"), credit("N2320102MF000001"), "320102", 0},
		{"other Y1", credit("Y1650100MB000001"), credit("Y1650100MB000001"), "650100", 0},
		{"bad check char", "91350100M000100Y44", "91350100M000100Y44", "350100", WarnCheckChar},
		{"bad org check", orgMismatch(), orgMismatch(), "350100", WarnOrgCheckChar},
		{"both bad", "91350100M000100Y54", "91350100M000100Y54", "350100", WarnCheckChar | WarnOrgCheckChar},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w, err := ParseCreditCode(tt.in)
			if err != nil {
				t.Fatalf("ParseCreditCode(%q): %v", tt.in, err)
			}
			if c.String() != tt.want {
				t.Errorf("String() = %q, want %q", c.String(), tt.want)
			}
			if c.Region() != tt.region {
				t.Errorf("Region() = %q, want %q", c.Region(), tt.region)
			}
			if w != tt.warn {
				t.Errorf("warning = %v (%q), want %v", uint8(w), w, uint8(tt.warn))
			}
			if (w == 0) != (w.String() == "") {
				t.Errorf("warning %d has message %q", w, w)
			}
			if c.IsZero() {
				t.Error("IsZero() = true")
			}
		})
	}
}

// orgMismatch is the sample code with a wrong organization code check
// character but a correct 18th check character.
func orgMismatch() string {
	b := "91350100M000100Y5"
	return b + refCreditCheck(b)
}

func TestWarningString(t *testing.T) {
	w := WarnCheckChar | WarnOrgCheckChar
	if !w.Has(WarnCheckChar) || !w.Has(WarnOrgCheckChar) || WarnCheckChar.Has(w) {
		t.Error("Has is wrong")
	}
	if got := w.String(); strings.Count(got, "；") != 1 || !strings.Contains(got, "组织机构代码") {
		t.Errorf("String() = %q", got)
	}
	if Warning(0).String() != "" {
		t.Error("zero Warning should have no message")
	}
}

func TestParseCreditCodeErrors(t *testing.T) {
	valid := "91350100M000100Y43"
	tests := []struct {
		name string
		in   string
		want error
		msg  string
	}{
		{"empty", "", ErrCreditCodeEmpty, "统一社会信用代码不能为空"},
		{"blank", "   ", ErrCreditCodeEmpty, ""},
		{"17 chars", valid[:17], ErrCreditCodeLength, "统一社会信用代码长度应为18位，当前为17位"},
		{"19 chars", valid + "0", ErrCreditCodeLength, ""},
		{"old org code", "M000100Y4", ErrCreditCodeLength, ""},
		{"letter I", "91350100M000100I43", ErrCreditCodeChar, "统一社会信用代码含有非法字符：第16位为“I”，代码中不使用字母I、O、Z、S、V"},
		{"lowercase o", "91350100o000100Y43", ErrCreditCodeChar, ""},
		{"letter Z", "9135010ZM000100Y43", ErrCreditCodeChar, ""},
		{"letter S", "S1350100M000100Y43", ErrCreditCodeChar, ""},
		{"letter V", "91350100M000100V43", ErrCreditCodeChar, ""},
		{"hyphen", "91350100-000100Y43", ErrCreditCodeChar, "统一社会信用代码含有非法字符：第9位为“-”"},
		{"inner space", "91350100 000100Y43", ErrCreditCodeChar, "统一社会信用代码含有非法字符：第9位为空格"},
		{"han character", "91350100M000100Y4号", ErrCreditCodeChar, ""},
		{"invalid utf-8", "91350100M000100Y4\xff", ErrCreditCodeChar, "统一社会信用代码含有非法字符：第18位"},
		{"authority 0", credit("01350100M000100Y"), ErrCreditCodeAuthority, "统一社会信用代码登记管理部门代码无效"},
		{"authority B", credit("B1350100M000100Y"), ErrCreditCodeAuthority, ""},
		{"region with letter", credit("913501A0M000100Y"), ErrCreditCodeRegion, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, w, err := ParseCreditCode(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseCreditCode(%q) error = %v, want %v", tt.in, err, tt.want)
			}
			if tt.msg != "" && err.Error() != tt.msg {
				t.Errorf("message = %q, want %q", err.Error(), tt.msg)
			}
			if !c.IsZero() || w != 0 {
				t.Errorf("got %q, %d on error", c, w)
			}
		})
	}

	var zero CreditCode
	if !zero.IsZero() || zero.String() != "" || zero.Region() != "" {
		t.Error("zero CreditCode methods should return zero values")
	}
}

func TestNewCreditCode(t *testing.T) {
	tests := []struct {
		in   string
		want string
		warn Warning
	}{
		{"91350100M000100Y4", "91350100M000100Y43", 0},
		{"91350100M000100Y", "91350100M000100Y43", 0},
		{" 91350100m000100y ", "91350100M000100Y43", 0},
		{credit("1210000040000001")[:17], credit("1210000040000001"), 0},
		{"91350100M000100Y5", orgMismatch(), WarnOrgCheckChar},
	}
	for _, tt := range tests {
		c, err := NewCreditCode(tt.in)
		if err != nil {
			t.Errorf("NewCreditCode(%q): %v", tt.in, err)
			continue
		}
		if c.String() != tt.want {
			t.Errorf("NewCreditCode(%q) = %s, want %s", tt.in, c, tt.want)
		}
		if _, w, _ := ParseCreditCode(c.String()); w != tt.warn {
			t.Errorf("NewCreditCode(%q) parses with warning %d, want %d", tt.in, w, tt.warn)
		}
	}

	errs := []struct {
		in   string
		want error
	}{
		{"", ErrCreditCodeLength},
		{"9135010", ErrCreditCodeLength},
		{"91350100M000100Y43", ErrCreditCodeLength},
		{"91350100M000100I", ErrCreditCodeChar},
		{"01350100M000100Y", ErrCreditCodeAuthority},
		{"91A50100M000100Y", ErrCreditCodeRegion},
	}
	for _, tt := range errs {
		if _, err := NewCreditCode(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("NewCreditCode(%q) error = %v, want %v", tt.in, err, tt.want)
		}
	}
}

func FuzzParsePersonID(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "11010519491231002x", " 110105194912310021 ",
		"110105491231002", "１１０１０５１９４９１２３１００２ｘ", "", "X", "11010519490230002X",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pinNow(t)
		p, err := ParsePersonID(s)
		if err != nil {
			if !p.IsZero() {
				t.Fatalf("non-zero PersonID %q with error %v", p, err)
			}
			return
		}
		str := p.String()
		if len(str) != 18 {
			t.Fatalf("String() = %q, length %d", str, len(str))
		}
		q, err := ParsePersonID(str)
		if err != nil || q != p {
			t.Fatalf("re-parse of %q = %q, %v", str, q, err)
		}
		if m := p.Masked(); len(m) != 18 || m[:6] != str[:6] || m[14:] != str[14:] || m[6:14] != "********" {
			t.Fatalf("Masked() = %q for %q", m, str)
		}
		if q, err := NewPersonID(p.Region(), p.Birth(), atoi(str[14:17])); err != nil || q != p {
			t.Fatalf("NewPersonID from parts of %q = %q, %v", str, q, err)
		}
		if refPersonCheck(str[:17]) != str[17:] {
			t.Fatalf("%q accepted but reference check is %s", str, refPersonCheck(str[:17]))
		}
	})
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

func FuzzParseCreditCode(f *testing.F) {
	for _, s := range []string{
		"91350100M000100Y43", " 91350100m000100y43 ", "91350100M000100Y44", "91350100M000100Y54",
		"９１３５０１００Ｍ０００１００Ｙ４３", "", "91350100M000100I43", "A1110000KF000001X0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, w, err := ParseCreditCode(s)
		if err != nil {
			if !c.IsZero() || w != 0 {
				t.Fatalf("non-zero result %q, %d with error %v", c, w, err)
			}
			return
		}
		str := c.String()
		if len(str) != 18 {
			t.Fatalf("String() = %q, length %d", str, len(str))
		}
		d, w2, err := ParseCreditCode(str)
		if err != nil || d != c || w2 != w {
			t.Fatalf("re-parse of %q = %q, %d, %v", str, d, w2, err)
		}
		if got := refCreditCheck(str[:17]) == str[17:]; got != !w.Has(WarnCheckChar) {
			t.Fatalf("%q: reference check agrees = %v, warning %d", str, got, w)
		}
		if got := refOrgCheck(str[8:16]) == str[16:17]; got != !w.Has(WarnOrgCheckChar) {
			t.Fatalf("%q: reference org check agrees = %v, warning %d", str, got, w)
		}
		if e, err := NewCreditCode(str[:17]); err != nil || (w&WarnCheckChar == 0 && e != c) {
			t.Fatalf("NewCreditCode(%q) = %q, %v", str[:17], e, err)
		}
	})
}

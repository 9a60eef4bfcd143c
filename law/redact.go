package law

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"zhifa"
)

// Redaction of a decision's public version (REQUIREMENTS C5; 政府信息公开条例第十五条,
// 市场监督管理行政处罚信息公示规定第六条, 个人信息保护法第二十八条、第三十一条). Natural persons
// appear as surname + 某; a minor's name, and any name in a case of a child under 14, is
// removed; 身份证号, phone numbers, bank accounts, licence plates, e-mail and house numbers
// are removed wherever they appear in the text; trade secrets the handler marks are
// removed. Legal persons keep their name, 统一社会信用代码 and legal representative, and the
// officers and the agency stay: those are given as Keep and win over any rule.

// Redaction kinds.
const (
	RedactName     = "name"
	RedactMinor    = "minor"
	RedactIDNumber = "id_number"
	RedactPhone    = "phone"
	RedactBank     = "bank_account"
	RedactPlate    = "plate"
	RedactEmail    = "email"
	RedactAddress  = "address"
	RedactSecret   = "secret"
)

// RedactLabel is the Chinese name of a redaction kind.
func RedactLabel(kind string) string {
	return map[string]string{RedactName: "自然人姓名", RedactMinor: "未成年人姓名", RedactIDNumber: "身份证号",
		RedactPhone: "电话号码", RedactBank: "银行账号", RedactPlate: "车牌号", RedactEmail: "电子邮箱",
		RedactAddress: "门牌号", RedactSecret: "商业秘密"}[kind]
}

// RedactInput says whom and what the rules must treat: the natural persons named in the
// case (parties, witnesses, agents), the minors among them, whether the case concerns a
// child under 14 (every natural person's name is then removed), the trade secrets the
// handler marked, and what stays as written (legal persons' names and codes, legal
// representatives, officers, the agency, spans the handler restored with a reason).
type RedactInput struct {
	Persons []string
	Minors  []string
	Under14 bool
	Secrets []string
	Keep    []string
}

// placeholder is what replaces a removed span.
func placeholder(kind string) string { return "［" + RedactLabel(kind) + "已隐去］" }

var (
	reDigits  = regexp.MustCompile(`[0-9]{15,19}[0-9Xx]?|[0-9]{4}(?: [0-9]{4}){3}(?: [0-9]{1,3})?`)
	reMobile  = regexp.MustCompile(`1[3-9][0-9]{9}|1[3-9][0-9]-[0-9]{4}-[0-9]{4}`)
	reLand    = regexp.MustCompile(`[（(]?0[0-9]{2,3}[）)\-－—][0-9]{7,8}`)
	reTelKey  = regexp.MustCompile(`(?:电话|手机|联系方式|联系电话|Tel|TEL)[:：]?\s*([0-9\-]{7,13})`)
	reAccount = regexp.MustCompile(`(?:账号|帐号|卡号|银行卡|账户)[:：为是]?\s*([0-9][0-9 ]{8,28}[0-9])`)
	rePlate   = regexp.MustCompile(`[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][·・•\s]?[A-Z0-9]{5,6}`)
	reEmail   = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	reAddress = regexp.MustCompile(`(?:路|街|大道|大街|巷|弄|里|村|组)([0-9一二三四五六七八九十百零〇]+号(?:之[0-9]+)?(?:[0-9]+(?:号楼|栋|幢|单元|楼|层|室|号|-[0-9]+))*)`)
)

// span is one match: [start,end) bytes of the text, its kind and replacement; a keep span
// replaces nothing and shields what it covers.
type span struct {
	start, end  int
	kind        string
	replacement string
}

// Redact returns the public version of text and the redactions it made, in text order.
func Redact(text string, in RedactInput) (string, []zhifa.Redaction) {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	spans := findSpans(text, in)
	var b strings.Builder
	var made []zhifa.Redaction
	pos := 0
	for _, s := range spans {
		b.WriteString(text[pos:s.start])
		if s.kind == "keep" {
			b.WriteString(text[s.start:s.end])
		} else {
			b.WriteString(s.replacement)
			made = append(made, zhifa.Redaction{Kind: s.kind, Original: text[s.start:s.end], Replacement: s.replacement})
		}
		pos = s.end
	}
	b.WriteString(text[pos:])
	return b.String(), made
}

// Identifiers lists, by kind label, what the rules still find in a public version: a
// text that passes is free of every identifier and every natural person's full name,
// except the spans in keep.
func Identifiers(text string, in RedactInput) []string {
	var kinds []string
	for _, s := range findSpans(text, in) {
		if s.kind == "keep" {
			continue
		}
		if l := RedactLabel(s.kind); !slices.Contains(kinds, l) {
			kinds = append(kinds, l)
		}
	}
	return kinds
}

// findSpans finds every span the rules treat, resolved into non-overlapping spans in text
// order: at one position the longer wins, and a keep span shields what it covers.
func findSpans(text string, in RedactInput) []span {
	var all []span
	add := func(start, end int, kind, repl string) {
		if start < end {
			all = append(all, span{start, end, kind, repl})
		}
	}
	for _, k := range in.Keep {
		for _, i := range indexAll(text, k) {
			add(i, i+len(k), "keep", "")
		}
	}
	for _, s := range in.Secrets {
		for _, i := range indexAll(text, strings.TrimSpace(s)) {
			add(i, i+len(strings.TrimSpace(s)), RedactSecret, placeholder(RedactSecret))
		}
	}
	for _, p := range in.Persons {
		minor := in.Under14 || slices.Contains(in.Minors, p)
		for _, n := range nameForms(p, minor) {
			for _, i := range indexAll(text, n.text) {
				add(i, i+len(n.text), n.kind, n.replacement)
			}
		}
	}
	findNumbers(text, add)
	for _, m := range rePlate.FindAllStringIndex(text, -1) {
		add(m[0], m[1], RedactPlate, placeholder(RedactPlate))
	}
	for _, m := range reEmail.FindAllStringIndex(text, -1) {
		add(m[0], m[1], RedactEmail, placeholder(RedactEmail))
	}
	for _, m := range reAddress.FindAllStringSubmatchIndex(text, -1) {
		add(m[2], m[3], RedactAddress, placeholder(RedactAddress))
	}
	return resolve(all)
}

// findNumbers finds the numeric identifiers: 身份证号 (18 digits, or the old 15), bank
// cards (16–19 digits passing Luhn), any account number after 账号/卡号, mobile and
// landline numbers. A run of digits is taken whole, never a part of a longer number.
func findNumbers(text string, add func(start, end int, kind, repl string)) {
	for _, m := range reDigits.FindAllStringIndex(text, -1) {
		if !digitBounded(text, m[0], m[1]) {
			continue
		}
		s := strings.ReplaceAll(text[m[0]:m[1]], " ", "")
		switch {
		case len(s) == 18 && plausibleBirth(s[6:14]):
			add(m[0], m[1], RedactIDNumber, placeholder(RedactIDNumber))
		case len(s) == 15 && isDigits(s) && plausibleBirth("19"+s[6:12]):
			add(m[0], m[1], RedactIDNumber, placeholder(RedactIDNumber))
		case len(s) >= 16 && len(s) <= 19 && isDigits(s) && luhn(s):
			add(m[0], m[1], RedactBank, placeholder(RedactBank))
		}
	}
	for _, m := range reAccount.FindAllStringSubmatchIndex(text, -1) {
		add(m[2], m[3], RedactBank, placeholder(RedactBank))
	}
	for _, re := range []*regexp.Regexp{reMobile, reLand} {
		for _, m := range re.FindAllStringIndex(text, -1) {
			if digitBounded(text, m[0], m[1]) {
				add(m[0], m[1], RedactPhone, placeholder(RedactPhone))
			}
		}
	}
	for _, m := range reTelKey.FindAllStringSubmatchIndex(text, -1) {
		add(m[2], m[3], RedactPhone, placeholder(RedactPhone))
	}
}

// resolve sorts spans by start (longer first) and keeps the ones that do not overlap an
// earlier kept span.
func resolve(all []span) []span {
	slices.SortStableFunc(all, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		if (a.kind == "keep") != (b.kind == "keep") { // equal spans: keep wins
			if a.kind == "keep" {
				return -1
			}
			return 1
		}
		return (b.end - b.start) - (a.end - a.start)
	})
	var out []span
	end := 0
	for _, s := range all {
		if s.start < end {
			continue
		}
		out = append(out, s)
		end = s.end
	}
	return out
}

type nameForm struct{ text, kind, replacement string }

// compoundSurnames are the common two-character surnames (复姓).
var compoundSurnames = []string{"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
	"宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "轩辕", "呼延"}

// SplitName splits a Chinese personal name into surname and given name.
func SplitName(name string) (surname, given string) {
	name = strings.TrimSpace(name)
	for _, s := range compoundSurnames {
		if strings.HasPrefix(name, s) && utf8.RuneCountInString(name) > 2 {
			return s, name[len(s):]
		}
	}
	_, n := utf8.DecodeRuneInString(name)
	return name[:n], name[n:]
}

// MaskName is a natural person's name as published: surname + 某 (张三 → 张某).
func MaskName(name string) string {
	surname, _ := SplitName(name)
	return surname + "某"
}

// nameForms are the forms of a person's name the text may use: the full name, and a
// given name of two characters or more on its own (a one-character given name is too
// common a character to hunt). A minor's name is removed entirely.
func nameForms(name string, minor bool) []nameForm {
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) < 2 || strings.Contains(name, "某") {
		return nil
	}
	kind, full, part := RedactName, MaskName(name), "某"
	if minor {
		kind, full, part = RedactMinor, placeholder(RedactMinor), placeholder(RedactMinor)
	}
	forms := []nameForm{{name, kind, full}}
	if _, given := SplitName(name); utf8.RuneCountInString(given) >= 2 {
		forms = append(forms, nameForm{given, kind, part})
	}
	return forms
}

// indexAll returns the byte offsets of the non-overlapping occurrences of sub in s.
func indexAll(s, sub string) []int {
	if sub == "" {
		return nil
	}
	var out []int
	for i := 0; ; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			return out
		}
		out = append(out, i+j)
		i += j + len(sub)
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// digitBounded reports whether text[start:end] is not part of a longer run of digits or
// letters (a 统一社会信用代码 mixes both: its digits are not an ID).
func digitBounded(text string, start, end int) bool {
	alnum := func(c byte) bool { return isDigit(c) || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }
	return (start == 0 || !alnum(text[start-1])) && (end == len(text) || !alnum(text[end]))
}

// plausibleBirth reports whether yyyymmdd is a birth date an ID number can carry.
func plausibleBirth(s string) bool {
	if len(s) != 8 || !isDigits(s) {
		return false
	}
	y, m, d := atoi(s[:4]), atoi(s[4:6]), atoi(s[6:])
	return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// luhn reports whether the digits pass the Luhn check of bank card numbers (ISO/IEC 7812).
func luhn(s string) bool {
	sum := 0
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if (len(s)-1-i)%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// PersonAge is the age in 周岁 on day of the holder of a 身份证号 (FullYears); false if the
// number cannot be read. Redaction removes the names of minors (个人信息保护法第二十八条、
// 第三十一条).
func PersonAge(idNumber string, day zhifa.Date) (int, bool) { return personAge(idNumber, day) }

package law

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"zhifa"
	"zhifa/statute"
)

// Statutory fine ranges (法定罚款幅度), issue 10: what a penalty provision gives the party,
// read from the provision's text as the statutes in the library write it, and the range
// that applies to a case given its 货值金额 and 违法所得.
//
// Forms understood (examples from the library):
//   - fixed amounts: 五万元以上十万元以下、五万元以下、十万元以上 (产品质量法第五十四条);
//   - multiples of a base: 货值金额十倍以上二十倍以下 (食品安全法第一百二十二条),
//     货值金额等值以上三倍以下 (产品质量法第四十九条), 违法所得一倍以下, 等值以下;
//   - percentages: 货值金额百分之三十以下 (产品质量法第五十一条), 百分之五十以上三倍以下,
//     上一年年收入百分之六十至百分之一百 (安全生产法);
//   - branches chosen by an amount: 货值金额不足一万元的 → fixed range, 货值金额一万元以上的
//     → multiples (食品安全法第一百二十二条至第一百二十四条); 有违法所得的/没有违法所得的
//     (消费者权益保护法第五十六条); 没有违法所得或者违法所得不足一万元的;
//   - 没收违法所得, with or without a fine.
//
// Fines on the 直接负责的主管人员和其他直接责任人员 are on other persons than the party and
// are left out. A fine phrase the parser does not understand is kept in Unparsed, so
// that the item is flagged to its catalog owner (ItemRangeWarnings) instead of being
// silently unchecked.

// FineBase is what a statutory multiple or percentage is of; "" is a fixed amount.
type FineBase string

// Bases the statutes in the library use.
const (
	BaseFixed   FineBase = ""
	BaseGoods   FineBase = "货值金额"
	BaseGain    FineBase = "违法所得"
	BaseIncome  FineBase = "违法收入"
	BaseAdFee   FineBase = "广告费用"
	BaseAnnual  FineBase = "上一年年收入"
	BaseTestFee FineBase = "检验费用"
	BaseCertFee FineBase = "认证费用"
)

// bases in the order they are searched for in a phrase.
var bases = []FineBase{BaseGoods, BaseGain, BaseIncome, BaseAdFee, BaseAnnual, BaseTestFee, BaseCertFee}

// Condition is when a fine of a provision applies. The zero value always applies.
type Condition struct {
	// Base is the amount tested; BelowFen and FromFen bound it: the fine applies when
	// FromFen <= amount and (BelowFen == 0 or amount < BelowFen).
	Base     FineBase `json:"base,omitempty"`
	FromFen  int64    `json:"from_fen,omitempty"`
	BelowFen int64    `json:"below_fen,omitempty"`
	// Other is a condition the system cannot evaluate (情节严重的, 逾期不改正的): the fine
	// is an alternative to the ordinary one, not the ordinary range.
	Other string `json:"other,omitempty"`
	// Text is the condition as the statute says it.
	Text string `json:"text,omitempty"`
}

// StatFine is one fine a provision gives the party.
type StatFine struct {
	Base FineBase `json:"base,omitempty"`
	// MinFen and MaxFen bound a fixed fine; MaxFen 0 means no maximum (…元以上).
	MinFen int64 `json:"min_fen,omitempty"`
	MaxFen int64 `json:"max_fen,omitempty"`
	// MinRate and MaxRate bound a fine in multiples of Base (百分之三十 is 0.3).
	MinRate float64   `json:"min_rate,omitempty"`
	MaxRate float64   `json:"max_rate,omitempty"`
	Cond    Condition `json:"cond"`
	Text    string    `json:"text"` // the amount as the statute says it
}

// Provision is one paragraph (款) of a basis article that sets penalties.
type Provision struct {
	Source string `json:"source"` // 《食品安全法》第一百二十二条第一款
	// Article is the provision's label within its law: 第一百二十二条第一款.
	Article string `json:"article"`
	// Confiscate is set when the provision confiscates the illegal gain (没收违法所得).
	Confiscate bool       `json:"confiscate"`
	Fines      []StatFine `json:"fines"`
	// Unparsed are the fine phrases the parser did not understand.
	Unparsed []string `json:"unparsed,omitempty"`
}

var (
	parenRe   = regexp.MustCompile(`（[^（）]*）`)
	amountRe  = regexp.MustCompile(`^(` + numChars + `)元(以上|以下)?$`)
	condFrom  = regexp.MustCompile(`(货值金额|违法所得|违法收入|广告费用|检验费用|认证费用)(?:数额)?(?:在)?(` + numChars + `)元以上的$`)
	condBelow = regexp.MustCompile(`(货值金额|违法所得|违法收入|广告费用|检验费用|认证费用)(?:数额)?不足(` + numChars + `)元的$`)
	rateRe    = regexp.MustCompile(`^(等值|百分之` + numChars + `|` + numChars + `倍)$`)
	// otherConds are conditions of an alternative fine the system cannot evaluate.
	otherConds = []string{"情节严重", "情节较重", "情节特别严重", "无法计算", "明显偏低", "拒不改正", "逾期不改正", "逾期未改正"}
	// otherTargets start a fine on someone other than the party.
	otherTargets = []string{"主管人员", "直接责任人员", "主要负责人", "从业人员"}
)

// ParseProvisions reads the penalty provisions of a basis: one per paragraph that
// confiscates the illegal gain or fines the party. A basis whose Article names a
// paragraph (第一百二十二条第二款) holds only that paragraph's text.
func ParseProvisions(b zhifa.Basis) []Provision {
	key := b.Law + "\x00" + b.Article + "\x00" + b.Text
	if v, ok := parsed.Load(key); ok {
		return clone(v.([]Provision))
	}
	out := parseProvisions(b)
	if parsedCount.Add(1) <= maxParsed {
		parsed.Store(key, clone(out))
	}
	return out
}

// Parsed provisions by basis: the catalog's items cite a few hundred distinct articles,
// and lists and proposals read them again and again (the regular expressions cost
// about a millisecond per article). The cache stops growing at maxParsed entries.
var (
	parsed      sync.Map
	parsedCount atomic.Int64
)

const maxParsed = 4096

// clone copies provisions so that callers cannot change the cached ones.
func clone(ps []Provision) []Provision {
	out := make([]Provision, len(ps))
	for i, p := range ps {
		out[i] = p
		out[i].Fines = slices.Clone(p.Fines)
		out[i].Unparsed = slices.Clone(p.Unparsed)
	}
	return out
}

func parseProvisions(b zhifa.Basis) []Provision {
	title := strings.Trim(b.Law, "《》")
	if l, ok := statute.Lookup(title); ok {
		title = l.ShortTitle
	}
	paras := paragraphs(b.Text)
	var out []Provision
	for i, text := range paras {
		label := b.Article
		if len(paras) > 1 && !strings.Contains(b.Article, "款") {
			label += "第" + statute.FormatChineseNumber(i+1) + "款"
		}
		if p, ok := parseParagraph("《"+title+"》"+label, text); ok {
			p.Article = label
			out = append(out, p)
		}
	}
	return out
}

// paragraphs splits an article's text into its paragraphs (款): the items (项, lines
// starting with （一）) belong to the paragraph before them.
func paragraphs(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case strings.HasPrefix(line, "（") && len(out) > 0:
			out[len(out)-1] += line
		default:
			out = append(out, line)
		}
	}
	return out
}

// parseParagraph reads one paragraph: its clauses (；) and their comma segments, with
// the condition of the segment before a fine applying to it.
func parseParagraph(src, text string) (Provision, bool) {
	p := Provision{Source: src}
	text = parenRe.ReplaceAllString(text, "")
	p.Confiscate = strings.Contains(text, "没收违法所得")
	for _, clause := range strings.FieldsFunc(text, func(r rune) bool { return r == '；' || r == '。' || r == '：' }) {
		var cond Condition
		for _, seg := range strings.Split(clause, "，") {
			if c, ok := parseCondition(seg); ok {
				cond = c
			}
			if !strings.Contains(seg, "罚款") {
				continue
			}
			if targetsOther(seg) {
				continue
			}
			f, phrase, ok := parseFine(seg)
			switch {
			case ok:
				f.Cond = cond
				p.Fines = append(p.Fines, f)
			case phrase != "":
				p.Unparsed = append(p.Unparsed, phrase)
			}
		}
	}
	return p, p.Confiscate || len(p.Fines) > 0 || len(p.Unparsed) > 0
}

// targetsOther reports whether a fine segment fines someone other than the party
// (对其直接负责的主管人员和其他直接责任人员处…罚款).
func targetsOther(seg string) bool {
	i := strings.LastIndex(seg, "处")
	if i < 0 {
		return false
	}
	for _, t := range otherTargets {
		if strings.Contains(seg[:i], t) {
			return true
		}
	}
	return false
}

// parseCondition reads a segment that states when the next fine applies.
func parseCondition(seg string) (Condition, bool) {
	seg = strings.TrimSpace(seg)
	switch {
	case strings.HasSuffix(seg, "没有违法所得的") && !strings.Contains(seg, "或者"):
		return Condition{Base: BaseGain, BelowFen: 1, Text: "没有违法所得的"}, true
	case strings.HasSuffix(seg, "有违法所得的"):
		return Condition{Base: BaseGain, FromFen: 1, Text: "有违法所得的"}, true
	}
	if m := condBelow.FindStringSubmatch(seg); m != nil {
		if fen, err := ParseYuan(m[2]); err == nil {
			return Condition{Base: FineBase(m[1]), BelowFen: fen, Text: m[0]}, true
		}
	}
	if m := condFrom.FindStringSubmatch(seg); m != nil {
		if fen, err := ParseYuan(m[2]); err == nil {
			return Condition{Base: FineBase(m[1]), FromFen: fen, Text: m[0]}, true
		}
	}
	if strings.HasSuffix(seg, "的") {
		for _, o := range otherConds {
			if strings.Contains(seg, o) {
				return Condition{Other: o, Text: seg}, true
			}
		}
	}
	return Condition{}, false
}

// parseFine reads the fine of a segment "…处(以)<amount>的罚款". phrase is the amount
// text when the segment has one; ok is false when it is not understood.
func parseFine(seg string) (f StatFine, phrase string, ok bool) {
	head := seg[:strings.Index(seg, "罚款")]
	i := lastFineVerb(head)
	if i < 0 {
		return f, "", false // 缴纳罚款, 受到罚款: not a fine the provision sets
	}
	expr := strings.TrimSuffix(strings.TrimPrefix(head[i+len("处"):], "以"), "的")
	if expr == "" {
		if strings.Contains(head, "倍") || strings.Contains(head, "百分之") {
			return f, head, false // 按照前款罚款数额的二倍以上五倍以下…处以罚款
		}
		return f, "", false // 依照下列规定处以罚款: the amounts follow in the items
	}
	f.Text = expr
	base, rest := splitBase(expr)
	f.Base = base
	if base == BaseFixed {
		return f, expr, parseFixed(&f, rest)
	}
	return f, expr, parseRates(&f, rest)
}

// lastFineVerb is the index of the last 处 in head that imposes something (处以、处…),
// not the 处 of 处罚; -1 if none.
func lastFineVerb(head string) int {
	for i := len(head); ; {
		i = strings.LastIndex(head[:i], "处")
		if i < 0 {
			return -1
		}
		if rest := head[i+len("处"):]; !strings.HasPrefix(rest, "罚") && !strings.HasPrefix(rest, "理") {
			return i
		}
	}
}

// splitBase finds the base an amount is of (the last base named in it) and returns the
// amount after it: "违法生产、销售产品货值金额等值以上三倍以下" → 货值金额, "等值以上三倍以下".
func splitBase(expr string) (FineBase, string) {
	best, at := BaseFixed, -1
	for _, b := range bases {
		if i := strings.LastIndex(expr, string(b)); i > at {
			best, at = b, i
		}
	}
	if at < 0 {
		return BaseFixed, expr
	}
	return best, expr[at+len(best):]
}

// parseFixed reads 五万元以上十万元以下, 五万元以下 or 十万元以上.
func parseFixed(f *StatFine, s string) bool {
	lo, hi, ok := cutRange(s)
	switch {
	case ok:
		ml, mh := amountRe.FindStringSubmatch(lo+"以上"), amountRe.FindStringSubmatch(hi+"以下")
		if ml == nil || mh == nil {
			return false
		}
		a, err1 := ParseYuan(ml[1])
		b, err2 := ParseYuan(mh[1])
		if err1 != nil || err2 != nil || a > b {
			return false
		}
		f.MinFen, f.MaxFen = a, b
		return true
	default:
		m := amountRe.FindStringSubmatch(s)
		if m == nil || m[2] == "" {
			return false
		}
		n, err := ParseYuan(m[1])
		if err != nil {
			return false
		}
		if m[2] == "以下" {
			f.MaxFen = n
		} else {
			f.MinFen = n
		}
		return n > 0
	}
}

// cutRange splits "A以上B以下" or "A至B" into A and B (without 以上/以下).
func cutRange(s string) (lo, hi string, ok bool) {
	if a, b, found := strings.Cut(s, "以上"); found && strings.HasSuffix(b, "以下") && b != "以下" {
		return a, strings.TrimSuffix(b, "以下"), true
	}
	if a, b, found := strings.Cut(s, "至"); found && a != "" && b != "" {
		return a, strings.TrimSuffix(b, "以下"), true
	}
	return "", "", false
}

// parseRates reads the multiple of a base: 十倍以上二十倍以下, 等值以上三倍以下, 等值以下,
// 一倍以下, 百分之三十以下, 百分之六十至百分之一百, 百分之四十 (a single rate).
func parseRates(f *StatFine, s string) bool {
	if lo, hi, ok := cutRange(s); ok {
		a, err1 := parseRate(lo)
		b, err2 := parseRate(hi)
		if err1 != nil || err2 != nil || a > b {
			return false
		}
		f.MinRate, f.MaxRate = a, b
		return true
	}
	if r, ok := strings.CutSuffix(s, "以下"); ok {
		b, err := parseRate(r)
		f.MaxRate = b
		return err == nil
	}
	r, err := parseRate(s)
	f.MinRate, f.MaxRate = r, r
	return err == nil
}

// parseRate reads one rate: 等值 (1), 三倍 (3), 百分之五十 (0.5).
func parseRate(s string) (float64, error) {
	if !rateRe.MatchString(s) {
		return 0, fmt.Errorf("倍数格式无法识别：%q", s)
	}
	switch {
	case s == "等值":
		return 1, nil
	case strings.HasPrefix(s, "百分之"):
		n, err := parseTimes(strings.TrimPrefix(s, "百分之"))
		return n / 100, err
	default:
		n, err := parseTimes(strings.TrimSuffix(s, "倍"))
		if err == nil && (n <= 0 || n > MaxTimes || math.IsNaN(n)) {
			err = fmt.Errorf("倍数超出范围：%q", s)
		}
		return n, err
	}
}

// ---- the range of a case ----

// Amounts are the case's amounts a statutory range depends on, in fen.
type Amounts struct {
	GoodsFen int64 // 货值金额
	GainFen  int64 // 违法所得
}

// of returns the amount of a base and whether the system knows it.
func (a Amounts) of(b FineBase) (int64, bool) {
	switch b {
	case BaseGoods:
		return a.GoodsFen, true
	case BaseGain:
		return a.GainFen, true
	}
	return 0, false
}

// StatRange is the statutory fine range that applies to a case: the provision's branch
// chosen by the case's amounts. MaxFen 0 with Open means no maximum.
type StatRange struct {
	MinFen int64  `json:"min_fen"`
	MaxFen int64  `json:"max_fen"`
	Open   bool   `json:"open,omitempty"` // no statutory maximum (…元以上)
	Source string `json:"source"`
	Text   string `json:"text"`
	// Confiscate is set when the provision confiscates the illegal gain.
	Confiscate bool `json:"confiscate,omitempty"`
	// Fines is false when the provision gives no fine (没收违法所得 only).
	Fines bool `json:"fines"`
}

// ApplicableRange is the statutory range for a case with amounts a (行政处罚法第二十八条
// to 第三十四条 work on it): among the provisions' fines, those whose condition holds for
// the amounts (货值金额不足一万元 or 一万元以上, 有/没有违法所得); an alternative fine on a
// condition the system cannot evaluate (情节严重的) counts only when no ordinary fine
// applies. Several applicable fines make one range from the lowest minimum to the
// highest maximum. It fails when a provision cannot be read or needs a base the case
// does not record (广告费用, 上一年年收入).
func ApplicableRange(provs []Provision, a Amounts) (*StatRange, error) {
	if len(provs) == 0 {
		return nil, fmt.Errorf("依据中没有罚则")
	}
	var ordinary, alternative []StatFine
	out := &StatRange{}
	var sources []string
	for _, p := range provs {
		if len(p.Unparsed) > 0 {
			return nil, fmt.Errorf("%s的罚款幅度无法识别：%s", p.Source, strings.Join(p.Unparsed, "、"))
		}
		out.Confiscate = out.Confiscate || p.Confiscate
		for _, f := range p.Fines {
			ok, err := f.Cond.holds(a)
			if err != nil {
				return nil, fmt.Errorf("%s：%w", p.Source, err)
			}
			switch {
			case !ok:
			case f.Cond.Other != "":
				alternative = append(alternative, f)
			default:
				ordinary = append(ordinary, f)
			}
		}
		sources = append(sources, p.Source)
	}
	out.Source = strings.Join(sources, "、")
	fines := ordinary
	if len(fines) == 0 {
		fines = alternative
	}
	var texts []string
	for i, f := range fines {
		lo, hi, open, text, err := f.amounts(a)
		if err != nil {
			return nil, err
		}
		texts = append(texts, text)
		if i == 0 {
			out.MinFen, out.MaxFen, out.Open = lo, hi, open
			continue
		}
		out.MinFen = min(out.MinFen, lo)
		out.MaxFen = max(out.MaxFen, hi)
		out.Open = out.Open || open
	}
	out.Fines = len(fines) > 0
	switch {
	case out.Fines:
		out.Text = strings.Join(texts, "；")
	case out.Confiscate:
		out.Text = "没收违法所得，不处罚款"
	}
	return out, nil
}

// holds evaluates a condition for the amounts.
func (c Condition) holds(a Amounts) (bool, error) {
	if c.Base == BaseFixed {
		return true, nil
	}
	n, ok := a.of(c.Base)
	if !ok {
		return false, fmt.Errorf("幅度取决于%s，本案未记录该数额", c.Base)
	}
	return n >= c.FromFen && (c.BelowFen == 0 || n < c.BelowFen), nil
}

// amounts is the fine's range in fen for the amounts, and its description.
func (f StatFine) amounts(a Amounts) (lo, hi int64, open bool, text string, err error) {
	prefix := ""
	if f.Cond.Text != "" {
		prefix = f.Cond.Text + "，"
	}
	if f.Base == BaseFixed {
		text = prefix + f.Text
		return f.MinFen, f.MaxFen, f.MaxFen == 0, text, nil
	}
	n, ok := a.of(f.Base)
	if !ok {
		return 0, 0, false, "", fmt.Errorf("罚款按%s计算，本案未记录该数额", f.Base)
	}
	lo, hi = mulFen(n, f.MinRate), mulFen(n, f.MaxRate)
	text = fmt.Sprintf("%s%s%s元的%s，即%s元至%s元", prefix, f.Base, Yuan(n), rateText(f), Yuan(lo), Yuan(hi))
	return lo, hi, false, text, nil
}

func rateText(f StatFine) string {
	r := func(x float64) string {
		if x < 1 {
			return "百分之" + strconv.FormatFloat(x*100, 'f', -1, 64)
		}
		return strconv.FormatFloat(x, 'f', -1, 64) + "倍"
	}
	switch {
	case f.MinRate == f.MaxRate:
		return r(f.MaxRate)
	case f.MinRate == 0:
		return r(f.MaxRate) + "以下"
	}
	return r(f.MinRate) + "以上" + r(f.MaxRate) + "以下"
}

// BasisProvisions are the penalty provisions of all of an item's basis.
func BasisProvisions(basis []zhifa.Basis) []Provision {
	var out []Provision
	for _, b := range basis {
		out = append(out, ParseProvisions(b)...)
	}
	return out
}

// RangeWarnings are the problems of a penalty item's basis that keep its statutory range
// from being checked (issue 10: flagged to the catalog owner rather than unchecked): no
// provision that sets a penalty, a fine phrase the parser cannot read, a base the case
// does not record, or several paragraphs with fines where the item should name the one
// that applies (第…条第…款).
func RangeWarnings(basis []zhifa.Basis) []string {
	provs := BasisProvisions(basis)
	var out []string
	withFines := 0
	for _, p := range provs {
		for _, u := range p.Unparsed {
			out = append(out, fmt.Sprintf("%s的罚款幅度“%s”无法识别，系统不能自动核对罚款金额", p.Source, u))
		}
		for _, f := range p.Fines {
			for _, b := range []FineBase{f.Base, f.Cond.Base} {
				if _, ok := (Amounts{}).of(b); b != BaseFixed && !ok {
					out = append(out, fmt.Sprintf("%s按%s计算罚款，系统不记录该数额，不能自动核对罚款金额", p.Source, b))
				}
			}
		}
		if len(p.Fines) > 0 {
			withFines++
		}
	}
	switch {
	case len(provs) == 0 && mentionsFine(basis):
		out = append(out, "依据中的罚款规定无法识别（如引用其他条款的处罚规定、按日连续处罚），系统不能核对法定幅度；请在依据中补充直接设定罚款的条款")
	case withFines > 1:
		out = append(out, "依据中有多个设定罚款的条款，系统按其合并幅度核对；请在依据中写明适用的条、款（如“第一百二十二条第二款”）")
	}
	return dedupe(out)
}

// mentionsFine reports whether a basis speaks of fines without setting one the parser
// reads: a basis that gives no fine at all (吊销许可证, 责令停产停业) has no range to check.
func mentionsFine(basis []zhifa.Basis) bool {
	for _, b := range basis {
		if strings.Contains(b.Text, "罚款") || strings.Contains(b.Text, "处罚规定处罚") {
			return true
		}
	}
	return false
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// Paragraph returns paragraph ref ("第二款" or "2") of an article's text — its label
// and its text, the items (项) of the paragraph included; false if there is none.
func Paragraph(articleText, ref string) (label, text string, ok bool) {
	ref = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(ref), "第"), "款")
	n, err := strconv.Atoi(ref)
	if err != nil {
		m, cerr := statute.ParseChineseNumber(ref)
		if cerr != nil {
			return "", "", false
		}
		n = m
	}
	paras := paragraphs(articleText)
	if n < 1 || n > len(paras) {
		return "", "", false
	}
	return "第" + statute.FormatChineseNumber(n) + "款", paras[n-1], true
}

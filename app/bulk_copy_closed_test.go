package app

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"zhifa"
)

// TestPartyReplacer: a copy's text names its own number and party wherever the model's
// named them — name, codes, address, phone and their masked forms — and a field the
// model lacks changes nothing (issue 11).
func TestPartyReplacer(t *testing.T) {
	person := zhifa.Party{Kind: zhifa.PartyPerson, Name: "张三", IDNumber: "370602199001011234",
		Address: "东港市海港路1号", Phone: "13905431234"}
	other := zhifa.Party{Kind: zhifa.PartyPerson, Name: "李四", IDNumber: "370602198502025678",
		Address: "东港市山海路9号", Phone: "13905435678"}
	org := zhifa.Party{Kind: zhifa.PartyOrg, Name: "东港市甲有限公司", CreditCode: "91370600MA3C000001"}
	otherOrg := zhifa.Party{Kind: zhifa.PartyOrg, Name: "东港市乙有限公司", CreditCode: "91370600MA3C000002"}
	for _, tc := range []struct {
		name         string
		model, party zhifa.Party
		in, want     string
	}{
		{"person", person, other,
			"东市监罚〔2026〕1号 张三（身份证号370602199001011234，住东港市海港路1号，电话13905431234），张某",
			"东市监罚〔2026〕7号 李四（身份证号370602198502025678，住东港市山海路9号，电话13905435678），李某"},
		{"organisation", org, otherOrg, "东市监罚〔2026〕1号-结1 东港市甲有限公司 91370600MA3C000001",
			"东市监罚〔2026〕7号-结1 东港市乙有限公司 91370600MA3C000002"},
		{"no phone in the model", org, otherOrg, "电话：", "电话："},
	} {
		r := partyReplacer("东市监罚〔2026〕1号", "东市监罚〔2026〕7号", tc.model, tc.party)
		if got := r.Replace(tc.in); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestCopyDigest: a derived digest is the copy's own (another case, another digest) and
// stable, and a copy maps one model digest to one value in its rows and its entries.
func TestCopyDigest(t *testing.T) {
	a, b := copyDigest("snap", 10), copyDigest("snap", 11)
	if a == b || a != copyDigest("snap", 10) || len(a) != 64 || a == copyDigest("other", 10) {
		t.Errorf("copyDigest: %s %s", a, b)
	}
	cc := &closedCopy{cm: &zhifa.CopyMap{Case: 10, Digests: map[string]string{"issued": "copied"}}}
	if got := cc.digest("issued"); got != "copied" {
		t.Errorf("mapped digest %s, want copied", got)
	}
	if got := cc.digest("snap"); got != a || cc.cm.Digests["snap"] != a {
		t.Errorf("derived digest %s (map %s), want %s", got, cc.cm.Digests["snap"], a)
	}
	if got := cc.auditDetail("案号 结案审批表 sha256:issued"); got != "案号 结案审批表 sha256:copied" {
		t.Errorf("audit detail %q", got)
	}
}

// TestClosedBlockers: a closed case whose rows are documents (not printed), approvals,
// notifications, endings, a penalty's obligation, payments and publication, a major
// case's review rounds and filing is a model; a table not carried or a printed PDF is not.
func TestClosedBlockers(t *testing.T) {
	docs := func(pdf any) *zhifa.CaseRows {
		return &zhifa.CaseRows{Table: "documents", Columns: []string{"id", "pdf_evidence_id"}, Rows: [][]any{{int64(1), pdf}}}
	}
	for _, tc := range []struct {
		name   string
		tables []*zhifa.CaseRows
		want   []string
	}{
		{"carried", []*zhifa.CaseRows{docs(nil), {Table: "approval_requests"}, {Table: "case_endings"}}, nil},
		{"printed", []*zhifa.CaseRows{docs(int64(4))}, []string{"documents.pdf_evidence_id"}},
		{"penalty", []*zhifa.CaseRows{docs(nil), {Table: "obligations"}, {Table: "payments"}, {Table: "publications"}}, nil},
		{"major", []*zhifa.CaseRows{docs(nil), {Table: "review_rounds"}, {Table: "filings"}, {Table: "filing_events"}}, nil},
		{"sealed", []*zhifa.CaseRows{docs(nil), {Table: "seal_uses"}}, []string{"seal_uses"}},
	} {
		if got := closedBlockers(tc.tables); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestCopyAuditObject: an audit line on a model's document or approval is on the copy's.
func TestCopyAuditObject(t *testing.T) {
	cc := &closedCopy{cm: &zhifa.CopyMap{IDs: map[string]map[int64]int64{"documents": {3: 30}, "approval_requests": {3: 31}}}}
	for in, want := range map[string]string{"document/3": "document/30", "approval/3": "approval/31",
		"case/3": "case/3", "evidence/3": "evidence/3"} {
		if got := cc.auditObject(in); got != want {
			t.Errorf("auditObject(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestCopyFieldsDigest: a copy's digest of its issued fields is fieldsTextDigest of the
// substituted text whether or not copyFieldsDigest takes its short way: fields with
// escapes, substitutions with quotes, backslashes, HTML characters, JSON punctuation,
// empty and invalid strings, and keys the substitution changes (issue 11).
func TestCopyFieldsDigest(t *testing.T) {
	alphabet := []string{"张", "三", "n", "1", "\"", "\\", "<", "&", ":", ",", "{", "}", "\n", "\u2028", " ", "号", "\xff"}
	word := func(rng *rand.Rand, n int) string {
		letters := alphabet[:4] // mostly clean words, so that both ways are taken
		if rng.IntN(4) == 0 {
			letters = alphabet
		}
		var b strings.Builder
		for range rng.IntN(n) + 1 {
			b.WriteString(letters[rng.IntN(len(letters))])
		}
		return b.String()
	}
	fixed := []struct {
		name   string
		fields map[string]string
		pairs  []string
		short  bool // the short way is taken
	}{
		{"clean", map[string]string{"party": "张三", "number": "东市监罚〔2026〕1号"}, []string{"张三", "李四", "东市监罚〔2026〕1号", "东市监罚〔2026〕17号"}, true},
		{"key changed", map[string]string{"张三": "x", "a": "张三"}, []string{"张三", "李四"}, false},
		{"key reordered", map[string]string{"b": "1", "c": "2"}, []string{"b", "d"}, false},
		{"new quote", map[string]string{"party": "张三"}, []string{"张三", `李"四`}, false},
		{"new html", map[string]string{"party": "张三"}, []string{"张三", "李<四>"}, false},
		{"old across strings", map[string]string{"name": "x", "b": "2"}, []string{`name":"x`, "y"}, false},
		{"old punctuation", map[string]string{"a": "1", "b": "2"}, []string{",", ";"}, false},
		{"line break", map[string]string{"a": "同意。\n张三"}, []string{"张三", "李四"}, true},
		{"old in a line break", map[string]string{"a": "同意。\n张三"}, []string{"n张", "李"}, false},
		{"old with a line break", map[string]string{"a": "同意。\n张三"}, []string{"\n张", "李"}, false},
		{"escaped model", map[string]string{"a": "<张三>"}, []string{"张三", "李四"}, false},
		{"no fields", map[string]string{}, []string{"张三", "李四"}, true},
	}
	check := func(t *testing.T, fields map[string]string, pairs []string) bool {
		t.Helper()
		b, err := json.Marshal(fields)
		if err != nil {
			t.Fatal(err)
		}
		cr := &closedRows{issuedFields: map[string]modelFields{}}
		rows := &zhifa.CaseRows{Table: "documents", Columns: []string{"state", "fields"}, Rows: [][]any{{"issued", string(b)}}}
		if err := cr.loadIssued(rows); err != nil {
			t.Fatal(err)
		}
		var ct copyTexts
		for _, f := range cr.issuedFields {
			r := ct.replacer(pairs)
			want, werr := fieldsTextDigest(r.Replace(f.text))
			got, err := copyFieldsDigest(f, r)
			if got != want || (err == nil) != (werr == nil) {
				t.Errorf("fields %q, pairs %q: %s (%v), want %s (%v)", f.text, pairs, got, err, want, werr)
			}
			return f.canonical && r.clean() && r.Replace(f.keys) == f.keys
		}
		t.Fatal("no issued fields")
		return false
	}
	for _, tc := range fixed {
		t.Run(tc.name, func(t *testing.T) {
			if short := check(t, tc.fields, tc.pairs); short != tc.short {
				t.Errorf("short way %v, want %v", short, tc.short)
			}
		})
	}
	t.Run("random", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(11, 7))
		short := 0
		for range 3000 {
			fields := map[string]string{}
			for range rng.IntN(5) {
				fields[word(rng, 3)] = word(rng, 8)
			}
			var pairs []string
			for range rng.IntN(4) + 1 {
				pairs = append(pairs, word(rng, 2), word(rng, 3))
			}
			if check(t, fields, pairs) {
				short++
			}
		}
		if short < 300 || short > 2700 {
			t.Errorf("the short way was taken %d times of 3000: the test does not test it", short)
		}
	})
}

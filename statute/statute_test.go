package statute

import (
	"strings"
	"testing"
)

// wantLaws lists every statute in texts/ with its version and article count.
var wantLaws = []struct {
	short, title, version string
	articles, chapters    int
}{
	{"个人信息保护法", "中华人民共和国个人信息保护法", "2021-08-20", 74, 8},
	{"产品质量法", "中华人民共和国产品质量法", "2018-12-29", 74, 6},
	{"优化营商环境条例", "优化营商环境条例", "2019-10-22", 72, 7},
	{"安全生产法", "中华人民共和国安全生产法", "2021-06-10", 119, 7},
	{"市场监督管理投诉举报处理暂行办法", "市场监督管理投诉举报处理暂行办法", "2022-03-24", 40, 0},
	{"市场监督管理行政处罚信息公示规定", "市场监督管理行政处罚信息公示规定", "2021-07-30", 19, 0},
	{"广告法", "中华人民共和国广告法", "2021-04-29", 74, 6},
	{"政府信息公开条例", "中华人民共和国政府信息公开条例", "2019-04-03", 56, 6},
	{"消费者权益保护法", "中华人民共和国消费者权益保护法", "2013-10-25", 63, 8},
	{"电子签名法", "中华人民共和国电子签名法", "2019-04-23", 36, 5},
	{"行政处罚法", "中华人民共和国行政处罚法", "2021-01-22", 86, 8},
	{"行政复议法", "中华人民共和国行政复议法", "2023-09-01", 90, 7},
	{"行政强制法", "中华人民共和国行政强制法", "2011-06-30", 71, 7},
	{"行政执法机关移送涉嫌犯罪案件的规定", "行政执法机关移送涉嫌犯罪案件的规定", "2020-08-07", 20, 0},
	{"行政许可法", "中华人民共和国行政许可法", "2019-04-23", 83, 8},
	{"重大行政决策程序暂行条例", "重大行政决策程序暂行条例", "2019-04-20", 44, 6},
	{"食品安全法", "中华人民共和国食品安全法", "2021-04-29", 154, 10},
}

func TestLibrary(t *testing.T) {
	laws := Library()
	if len(laws) != len(wantLaws) {
		t.Errorf("Library() has %d laws, want %d", len(laws), len(wantLaws))
	}
	for i, want := range wantLaws {
		if i >= len(laws) {
			break
		}
		l := laws[i]
		if l.ShortTitle != want.short || l.Title != want.title || l.Version != want.version {
			t.Errorf("law %d = %s %s %s, want %s %s %s", i, l.ShortTitle, l.Title, l.Version, want.short, want.title, want.version)
			continue
		}
		if want := want.short + "@" + want.version; l.ID != want {
			t.Errorf("%s: ID = %q, want %q", l.Title, l.ID, want)
		}
		if len(l.Articles) != want.articles {
			t.Errorf("%s: %d articles, want %d", l.Title, len(l.Articles), want.articles)
		}
		if len(l.Chapters) != want.chapters {
			t.Errorf("%s: %d chapters, want %d", l.Title, len(l.Chapters), want.chapters)
		}
		if len(l.History) == 0 {
			t.Errorf("%s: no history", l.Title)
		}
	}
}

// TestArticlesWellFormed checks that every law is numbered 1..N without
// gaps and that the table of contents covers the articles exactly.
func TestArticlesWellFormed(t *testing.T) {
	for _, l := range Library() {
		if len(l.Articles) == 0 {
			t.Errorf("%s: no articles", l.ID)
		}
		for i, a := range l.Articles {
			if a.Number != i+1 {
				t.Errorf("%s: article %d is numbered %d", l.ID, i+1, a.Number)
			}
			if a.Label != FormatArticleLabel(a.Number) {
				t.Errorf("%s: article %d has label %q", l.ID, a.Number, a.Label)
			}
			if a.Text == "" || strings.ContainsAny(a.Text, "*#\u200b") || strings.Contains(a.Text, "\n\n") {
				t.Errorf("%s %s: bad text %q", l.ID, a.Label, a.Text)
			}
			if (a.Chapter == "") != (len(l.Chapters) == 0) {
				t.Errorf("%s %s: chapter %q", l.ID, a.Label, a.Chapter)
			}
		}
		next := 1
		for _, c := range l.Chapters {
			if c.First != next || c.Last < c.First {
				t.Errorf("%s %s: articles %d-%d, want to start at %d", l.ID, c.Title, c.First, c.Last, next)
			}
			for _, a := range l.Articles[c.First-1 : c.Last] {
				if a.Chapter != c.Title {
					t.Errorf("%s %s: chapter %q, want %q", l.ID, a.Label, a.Chapter, c.Title)
				}
			}
			if len(c.Sections) > 0 && (c.Sections[0].First != c.First || c.Sections[len(c.Sections)-1].Last != c.Last) {
				t.Errorf("%s %s: sections do not cover the chapter", l.ID, c.Title)
			}
			for _, s := range c.Sections {
				for _, a := range l.Articles[s.First-1 : s.Last] {
					if a.Section != s.Title {
						t.Errorf("%s %s: section %q, want %q", l.ID, a.Label, a.Section, s.Title)
					}
				}
			}
			next = c.Last + 1
		}
		if len(l.Chapters) > 0 && next != len(l.Articles)+1 {
			t.Errorf("%s: chapters end at article %d of %d", l.ID, next-1, len(l.Articles))
		}
	}
}

func TestArticleContent(t *testing.T) {
	tests := []struct {
		law      string
		n        int
		contains []string
	}{
		{"行政处罚法", 1, []string{"为了规范行政处罚的设定和实施", "根据宪法，制定本法。"}},
		{"行政处罚法", 36, []string{"违法行为在二年内未被发现的，不再给予行政处罚", "上述期限延长至五年"}},
		{"行政处罚法", 42, []string{"执法人员不得少于两人，法律另有规定的除外。", "\n执法人员应当文明执法"}},
		{"行政处罚法", 51, []string{"对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告"}},
		{"行政处罚法", 60, []string{"自行政处罚案件立案之日起九十日内作出行政处罚决定"}},
		{"行政处罚法", 86, []string{"本法自2021年7月15日起施行。"}},
		{"行政强制法", 25, []string{"查封、扣押的期限不得超过三十日", "延长期限不得超过三十日"}},
		{"食品安全法", 124, []string{"并处五万元以上十万元以下罚款", "\n（一）生产经营致病性微生物", "\n（九）食品生产经营者"}},
		{"行政复议法", 1, []string{"发挥行政复议化解行政争议的主渠道作用"}},
	}
	for _, tt := range tests {
		l, ok := Lookup(tt.law)
		if !ok {
			t.Fatalf("Lookup(%q) failed", tt.law)
		}
		a, ok := l.Article(tt.n)
		if !ok {
			t.Errorf("%s: no article %d", tt.law, tt.n)
			continue
		}
		for _, s := range tt.contains {
			if !strings.Contains(a.Text, s) {
				t.Errorf("%s %s does not contain %q:\n%s", tt.law, a.Label, s, a.Text)
			}
		}
	}
}

func TestArticleStructure(t *testing.T) {
	l, _ := Lookup("行政处罚法")
	a, _ := l.Article(42)
	want := Article{
		Number:  42,
		Label:   "第四十二条",
		Chapter: "第五章 行政处罚的决定",
		Section: "第一节 一般规定",
		Text:    "行政处罚应当由具有行政执法资格的执法人员实施。执法人员不得少于两人，法律另有规定的除外。\n执法人员应当文明执法，尊重和保护当事人合法权益。",
	}
	if a != want {
		t.Errorf("行政处罚法 Article(42) = %+v, want %+v", a, want)
	}
	for _, n := range []int{0, -1, 87} {
		if a, ok := l.Article(n); ok {
			t.Errorf("Article(%d) = %+v, want none", n, a)
		}
	}
	// "第一章 总 则" in the source is normalized.
	l, _ = Lookup("行政许可法")
	if got := l.Chapters[0].Title; got != "第一章 总则" {
		t.Errorf("行政许可法 chapter 1 = %q", got)
	}
	if got := l.Chapters[3].Sections[2]; got != (Section{"第三节 期限", 42, 45}) {
		t.Errorf("行政许可法 chapter 4 section 3 = %+v", got)
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		title, id string
	}{
		{"行政处罚法", "行政处罚法@2021-01-22"},
		{"中华人民共和国行政处罚法", "行政处罚法@2021-01-22"},
		{"《中华人民共和国行政处罚法》", "行政处罚法@2021-01-22"},
		{" 《食品安全法》 ", "食品安全法@2021-04-29"},
		{"行政强制法@2011-06-30", "行政强制法@2011-06-30"},
		{"政府信息公开条例", "政府信息公开条例@2019-04-03"},
		{"中华人民共和国政府信息公开条例", "政府信息公开条例@2019-04-03"},
		{"优化营商环境条例", "优化营商环境条例@2019-10-22"},
		{"行政处罚", ""},
		{"中华人民共和国优化营商环境条例", ""},
		{"行政处罚法@2017-09-01", ""},
		{"", ""},
	}
	for _, tt := range tests {
		l, ok := Lookup(tt.title)
		if got := ""; ok {
			got = l.ID
			if got != tt.id {
				t.Errorf("Lookup(%q) = %s, want %q", tt.title, got, tt.id)
			}
		} else if tt.id != "" {
			t.Errorf("Lookup(%q) failed, want %s", tt.title, tt.id)
		}
	}
}

func TestSearch(t *testing.T) {
	hits := Search("执法人员不得少于两人", 0)
	if len(hits) == 0 || hits[0].Law.ShortTitle != "行政处罚法" || hits[0].Article.Number != 42 {
		t.Fatalf("Search(执法人员不得少于两人) = %v", hits)
	}
	for _, h := range hits {
		if !strings.Contains(h.Article.Text, "执法人员不得少于两人") {
			t.Errorf("hit %s %s does not contain the query", h.Law.ID, h.Article.Label)
		}
	}

	all := Search("行政处罚", 0)
	if len(all) < 50 {
		t.Errorf("Search(行政处罚) found only %d articles", len(all))
	}
	if got := Search("行政处罚", 5); len(got) != 5 || got[4] != all[4] {
		t.Errorf("Search(行政处罚, 5) = %d hits", len(got))
	}

	// An article reference puts the article first.
	hits = Search("行政处罚法第42条", 3)
	if len(hits) != 1 || hits[0].Article.Number != 42 {
		t.Errorf("Search(行政处罚法第42条) = %v", hits)
	}

	for _, q := range []string{"", "  ", "不存在的词语组合ZZZ"} {
		if hits := Search(q, 10); len(hits) != 0 {
			t.Errorf("Search(%q) = %d hits, want none", q, len(hits))
		}
	}
}

func TestParse(t *testing.T) {
	const head = "# 中华人民共和国示例法\n\n2020年1月1日 通过\n\n<!-- INFO END -->\n\n"
	l, err := parse("示例法(2020-01-01).md", head+
		"## **第一章 总　则**\n\n**第一条** 第一款。\n\n第二款：\n\n（一）甲；\n\n"+
		"### 第一节 一般规定\n\n第二条\n\n第一条规定的事项。\r\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []Article{
		{1, "第一条", "第一章 总则", "", "第一款。\n第二款：\n（一）甲；"},
		{2, "第二条", "第一章 总则", "第一节 一般规定", "第一条规定的事项。"},
	}
	if len(l.Articles) != len(want) || l.Articles[0] != want[0] || l.Articles[1] != want[1] {
		t.Errorf("articles = %+v, want %+v", l.Articles, want)
	}
	if l.ID != "示例法@2020-01-01" || len(l.History) != 1 {
		t.Errorf("law = %+v", l)
	}

	bad := []struct{ name, src string }{
		{"示例法.md", head + "第一条 甲。"},
		{"示例法(2020-13-01).md", head + "第一条 甲。"},
		{"其他法(2020-01-01).md", head + "第一条 甲。"},
		{"示例法(2020-01-01).md", head},
		{"示例法(2020-01-01).md", "第一条 甲。"},
		{"示例法(2020-01-01).md", head + "第一条 甲。\n\n第一条之一 乙。"},
		{"示例法(2020-01-01).md", head + "### 第一节 一般规定\n\n第一条 甲。"},
		{"示例法(2020-01-01).md", head + "## 附件\n\n第一条 甲。"},
		{"示例法(2020-01-01).md", head + "## 第一章 总则\n\n甲。\n\n第一条 乙。"},
	}
	for _, tt := range bad {
		if _, err := parse(tt.name, tt.src); err == nil {
			t.Errorf("parse(%q, %q) succeeded", tt.name, tt.src)
		}
	}
}

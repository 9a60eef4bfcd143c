package law

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestRedact: realistic decision texts, the natural person's name as surname + 某, the
// identifiers removed, the legal person, its code and representative, the officers and
// the agency kept (C5; 公示规定第六条, 个人信息保护法第二十八条).
func TestRedact(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		in     RedactInput
		want   []string // must appear in the public version
		gone   []string // must not
		counts map[string]int
	}{
		{
			name: "natural person with identifiers",
			text: "当事人：张建国，男，身份证号码330203198507121234，住东港市海滨路18号3栋2单元501室，联系电话13857412345。" +
				"经查，张建国于2026年3月在其经营的摊位销售过期食品，建国本人对上述事实无异议。车辆浙B·12345用于运输，收款账号6222021234567890128。" +
				"执法人员：李明、王芳。东港市市场监督管理局",
			in:     RedactInput{Persons: []string{"张建国"}, Keep: []string{"李明", "王芳", "东港市市场监督管理局"}},
			want:   []string{"当事人：张某", "海滨路［门牌号已隐去］", "执法人员：李明、王芳", "东港市市场监督管理局", "某本人"},
			gone:   []string{"张建国", "建国", "330203198507121234", "13857412345", "浙B·12345", "6222021234567890128", "18号"},
			counts: map[string]int{RedactName: 3, RedactIDNumber: 1, RedactAddress: 1, RedactPhone: 1, RedactPlate: 1, RedactBank: 1},
		},
		{
			name: "legal person keeps name, code and representative",
			text: "当事人：东港市鲜果多商贸有限公司，统一社会信用代码91330203MA2H1234XK，法定代表人：陈海生。" +
				"证人刘晓红（电话：0574-87651234，邮箱liuxh@example.com）证实……其独家配方“桂花糖浆比例3:1”系商业秘密。",
			in: RedactInput{Persons: []string{"刘晓红"}, Secrets: []string{"桂花糖浆比例3:1"},
				Keep: []string{"东港市鲜果多商贸有限公司", "91330203MA2H1234XK", "陈海生"}},
			want:   []string{"东港市鲜果多商贸有限公司", "91330203MA2H1234XK", "法定代表人：陈海生", "证人刘某", "［商业秘密已隐去］"},
			gone:   []string{"刘晓红", "晓红", "0574-87651234", "liuxh@example.com", "桂花糖浆"},
			counts: map[string]int{RedactName: 1, RedactPhone: 1, RedactEmail: 1, RedactSecret: 1},
		},
		{
			name:   "a minor is removed entirely",
			text:   "未成年人赵小雨（15周岁）在其父赵大勇陪同下接受询问，赵小雨承认……",
			in:     RedactInput{Persons: []string{"赵小雨", "赵大勇"}, Minors: []string{"赵小雨"}},
			want:   []string{"未成年人［未成年人姓名已隐去］", "其父赵某"},
			gone:   []string{"赵小雨", "小雨", "赵大勇"},
			counts: map[string]int{RedactMinor: 2, RedactName: 1},
		},
		{
			name:   "a case under 14 removes every name",
			text:   "王一鸣之子（12周岁）……监护人王一鸣",
			in:     RedactInput{Persons: []string{"王一鸣"}, Under14: true},
			gone:   []string{"王一鸣", "王某"},
			counts: map[string]int{RedactMinor: 2},
		},
		{
			name:   "compound surname and old 15-digit ID",
			text:   "当事人欧阳明月，身份证号330203850712123，手机138-5741-2345。",
			in:     RedactInput{Persons: []string{"欧阳明月"}},
			want:   []string{"当事人欧阳某"},
			gone:   []string{"明月", "330203850712123", "138-5741-2345"},
			counts: map[string]int{RedactName: 1, RedactIDNumber: 1, RedactPhone: 1},
		},
		{
			name: "case numbers, amounts, articles and dates stay",
			text: "东市监罚〔2026〕12号：依据《中华人民共和国食品安全法》第一百二十四条，罚款50000元，没收违法所得3200元。2026年3月6日",
			want: []string{"〔2026〕12号", "第一百二十四条", "50000元", "3200元", "2026年3月6日"},
		},
	}
	for _, tt := range tests {
		out, made := Redact(tt.text, tt.in)
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: %q missing from %s", tt.name, w, out)
			}
		}
		for _, g := range tt.gone {
			if strings.Contains(out, g) {
				t.Errorf("%s: %q left in %s", tt.name, g, out)
			}
		}
		counts := map[string]int{}
		for _, r := range made {
			counts[r.Kind]++
			if !strings.Contains(tt.text, r.Original) {
				t.Errorf("%s: redaction %+v names text not in the original", tt.name, r)
			}
		}
		if fmt.Sprint(counts) != fmt.Sprint(orEmpty(tt.counts)) {
			t.Errorf("%s: redactions %v, want %v", tt.name, counts, tt.counts)
		}
		if left := Identifiers(out, tt.in); len(left) != 0 {
			t.Errorf("%s: the public version still holds %v", tt.name, left)
		}
	}
}

func orEmpty(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

// corpus builds n labelled decision texts: each holds identifiers of every structured
// kind, in varied positions and forms; the labels are the exact strings that must go.
func corpus(n int) (texts []string, labels [][]string, ins []RedactInput) {
	surnames := []string{"张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周", "吴", "欧阳", "司马"}
	givens := []string{"建国", "海燕", "志强", "秀英", "晓东", "丽华", "子涵", "文博"}
	roads := []string{"海滨路", "中山大街", "解放东路", "人民大道", "桃源村", "锦绣巷"}
	plates := []string{"浙B·%05d", "浙B%05d", "沪A·D%04d", "粤B%05d"}
	for i := 0; i < n; i++ {
		name := surnames[i%len(surnames)] + givens[(i/len(surnames))%len(givens)]
		id := personID(fmt.Sprintf("3302%02d19%02d%02d%02d%03d", i%99, 50+i%49, 1+i%12, 1+i%28, i%1000))
		mobile := fmt.Sprintf("1%d%09d", 3+i%7, 100000000+i*7919)
		land := fmt.Sprintf("0574-8%07d", i*131%10000000)
		card := luhnComplete(fmt.Sprintf("622202%011d", i*104729))
		plate := fmt.Sprintf(plates[i%len(plates)], i%100000)
		if i%len(plates) == 2 {
			plate = fmt.Sprintf(plates[2], i%10000)
		}
		mail := fmt.Sprintf("user%d@mail%d.cn", i, i%7)
		addr := fmt.Sprintf("%d号%d栋%d室", 1+i%300, 1+i%20, 101+i%900)
		text := fmt.Sprintf("东市监罚〔2026〕%d号 行政处罚决定书\n当事人：%s，身份证号：%s，住址：东港市%s%s，联系电话%s，固定电话%s。\n"+
			"经查，当事人%s于2026年%d月驾驶%s运输未经检验的肉品，货款经其银行卡%s收取，邮箱%s。依据《中华人民共和国食品安全法》第一百二十四条，罚款%d元。",
			i+1, name, id, roads[i%len(roads)], addr, mobile, land, name, 1+i%12, plate, card, mail, 1000*(1+i%50))
		texts = append(texts, text)
		labels = append(labels, []string{name, id, addr, mobile, land, card, plate, mail})
		ins = append(ins, RedactInput{Persons: []string{name}})
	}
	return texts, labels, ins
}

// personID completes 17 digits with the GB 11643 check character.
func personID(body string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(body[i]-'0') * w[i]
	}
	return body + string("10X98765432"[sum%11])
}

// luhnComplete appends the Luhn check digit.
func luhnComplete(body string) string {
	for d := '0'; d <= '9'; d++ {
		if luhn(body + string(d)) {
			return body + string(d)
		}
	}
	panic("unreachable")
}

// TestRedactCorpus: recall on the structured identifiers of 240 labelled decision texts
// is 100%; precision (the share of redacted characters that were labelled) is reported.
func TestRedactCorpus(t *testing.T) {
	texts, labels, ins := corpus(240)
	var redacted, relevant int
	for i, text := range texts {
		out, made := Redact(text, ins[i])
		for _, l := range labels[i] {
			if strings.Contains(out, l) {
				t.Errorf("text %d: %q not redacted:\n%s", i, l, out)
			}
		}
		for _, r := range made {
			redacted += utf8.RuneCountInString(r.Original)
			for _, l := range labels[i] {
				if strings.Contains(l, r.Original) {
					relevant += utf8.RuneCountInString(r.Original)
					break
				}
			}
		}
	}
	t.Logf("recall 100%% on %d texts; precision %.3f (%d of %d redacted characters labelled)", len(texts), float64(relevant)/float64(redacted), relevant, redacted)
	if relevant != redacted {
		t.Errorf("precision %d/%d: a redaction hit unlabelled text", relevant, redacted)
	}
}

// FuzzRedact: on any text and name, Redact neither panics nor leaves the person's full
// name or an identifier its own rules find, keeps valid UTF-8, and is idempotent.
func FuzzRedact(f *testing.F) {
	texts, _, _ := corpus(8)
	for i, s := range texts {
		f.Add(s, []string{"张建国", "王海燕", "欧阳志强"}[i%3])
	}
	f.Add("张张建国国 13800000000 0574-87654321", "张建国")
	f.Fuzz(func(t *testing.T, text, name string) {
		in := RedactInput{Persons: []string{name}}
		out, _ := Redact(text, in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", text)
		}
		if forms := nameForms(name, false); len(forms) > 0 && strings.Contains(out, strings.TrimSpace(name)) {
			t.Fatalf("name %q left in %q", name, out)
		}
		if left := Identifiers(out, RedactInput{}); len(left) != 0 {
			t.Fatalf("%v left in %q (from %q)", left, out, text)
		}
		if again, _ := Redact(out, in); again != out {
			t.Fatalf("not idempotent: %q → %q", out, again)
		}
	})
}

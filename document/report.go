package document

import (
	"fmt"
	"strings"
	"time"

	"zhifa"
)

// The review materials (issue 12): the investigation final report (调查终结报告) drafted
// from the case, and the evidence list (证据清单) generated from its records.

// EvidenceItem is one piece of evidence of the case, as the evidence list states it: a
// record of the case with the file it links, if any.
type EvidenceItem struct {
	Title string
	// Kind is the kind of the record or of its file (照片, 录像, 文书, …).
	Kind string
	// CapturedAt is when the file was recorded; zero for a record without a file.
	CapturedAt time.Time
	// Device and Place are where the file comes from; Officers who recorded it.
	Device, Place string
	Officers      []string
	// SHA256 is the file's digest in hex, "" for a record without a file.
	SHA256 string
	// MIME is the file's type, "" for none.
	MIME string
}

// GeneratedKeys are the fields of a type generated from the case and never edited by
// hand: the evidence list's items are the case's records as they are when it is issued.
var GeneratedKeys = map[zhifa.DocType][]string{
	zhifa.DocEvidenceList: {"items"},
}

// Generated reports whether a field of the type is generated (GeneratedKeys).
func Generated(t zhifa.DocType, key string) bool {
	for _, k := range GeneratedKeys[t] {
		if k == key {
			return true
		}
	}
	return false
}

// evidenceListText lists the evidence, one numbered item each: title and kind, source
// (capture time, device, place), the officers who recorded it and the file's SHA-256, by
// which the reviewer checks the file against the ledger.
func evidenceListText(items []EvidenceItem) string {
	if len(items) == 0 {
		return ""
	}
	var b strings.Builder
	for i, e := range items {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%d. %s（%s）", i+1, e.Title, e.Kind)
		var src []string
		if !e.CapturedAt.IsZero() {
			src = append(src, e.CapturedAt.In(zhifa.CST).Format("2006年1月2日 15:04")+"形成")
		}
		if e.Device != "" {
			src = append(src, "设备："+e.Device)
		}
		if e.Place != "" {
			src = append(src, "地点："+e.Place)
		}
		if len(e.Officers) > 0 {
			src = append(src, "执法人员："+strings.Join(e.Officers, "、"))
		}
		if len(src) > 0 {
			b.WriteString("\n   来源：" + strings.Join(src, "；"))
		}
		if e.SHA256 != "" {
			b.WriteString("\n   SHA-256：" + e.SHA256)
		} else {
			b.WriteString("\n   （无电子文件）")
		}
	}
	return b.String()
}

// evidenceSummary names the evidence in one line each, for the report and the decisions:
// the records of the case rather than a stock phrase; the stock phrase only when the case
// has no record yet.
func evidenceSummary(items []EvidenceItem) string {
	if len(items) == 0 {
		return "现场检查笔录、询问笔录、现场照片及音像记录等"
	}
	var out []string
	for i, e := range items {
		out = append(out, fmt.Sprintf("%d. %s（%s）", i+1, e.Title, e.Kind))
	}
	return strings.Join(out, "\n")
}

// investigationText states how the case was investigated: filed when, by whom.
func investigationText(d *Data) string {
	c := d.Case
	s := ""
	if !c.State.FiledOn.IsZero() {
		s = c.State.FiledOn.Chinese() + "立案"
	}
	if d.ItemName != "" {
		if s != "" {
			s += "，"
		}
		s += "案由：" + d.ItemName
	}
	if names := officerNames(d.Officers); names != "" {
		s += "。承办人员" + names + "依法进行了调查"
	}
	if s == "" {
		return ""
	}
	return s + "，现调查终结。"
}

// reportOpinion is the handlers' opinion the report proposes: the proposal when there is
// one, else a prompt to state it.
func reportOpinion(penalty string, basis []zhifa.Basis) string {
	if penalty == "" {
		return "经调查，建议依据" + firstLaw(basis) + "作出如下处理："
	}
	return "本案事实清楚，证据确凿，建议依据" + provisionsText(basis) + "，对当事人作出如下处理：" + penalty + "。报请法制审核并由机关负责人审查决定（行政处罚法第五十七条、第五十八条）。"
}

package filing

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// Rule filings (REQUIREMENTS B3 "changes are filed with the justice bureau", B4): every new
// version of a discretion benchmark (裁量基准, 行政处罚法第三十四条) and every change of an
// agency's own four-list entries is filed automatically, in the transaction of the save,
// with the justice bureau of the agency's government, found as for case filings
// (justiceBureau). The deadline is the same default setting as case filings
// (law.FilingDue: 15 days from the change; REQUIREMENTS gives none). Supervisors see them
// in the same list and review them the same way (ReviewFiling: 已审查 / 责令纠正, one
// ledger entry each); the filing page links the version filed and shows its diff against
// the previous version.

// FilingSubject is the rule a rule filing files: the version, a link to it and its
// content compared with the previous version.
type FilingSubject struct {
	Kind    string `json:"kind"`    // 裁量基准 or 四张清单
	Ref     string `json:"ref"`     // item code or entry key
	Name    string `json:"name"`    // item name or entry title
	Version int    `json:"version"` // the version filed
	// ListAgencyID and ListKind place a list entry on the portal's lists page.
	ListAgencyID int64  `json:"list_agency_id,omitempty"`
	ListKind     string `json:"list_kind,omitempty"`
	// Link is the portal page showing the version filed; the web layer sets it.
	Link string `json:"link"`
	// Previous is the version compared with, 0 when this is the first one.
	Previous int `json:"previous"`
	// Diff is the content of the version filed line by line against the previous one.
	Diff []DiffLine `json:"diff"`
	// Note is the change note given when the version was saved.
	Note string `json:"note,omitempty"`
}

// DiffLine is one line of a version diff: Op "+" added, "-" removed, " " unchanged.
type DiffLine struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// ruleFilingReason cites why a rule change is filed.
func ruleFilingReason(kind zhifa.FilingKind) string {
	if kind == zhifa.FilingBenchmark {
		return "制定或修订行政处罚裁量基准（行政处罚法第三十四条：裁量基准应当向社会公布；东港市提升行政执法质量三年行动具体举措第（九）项：向司法局报备）"
	}
	return "新增或修改四张清单条目（东港市提升行政执法质量三年行动具体举措第（十）项：调整后的清单及时公示并报备；行政处罚法第三十二条、第三十三条）"
}

// fileRule completes f (deadline, bureau, status, reason) and files it with the justice
// bureau of the government of ag (the filing agency, f.AgencyID), in the caller's
// transaction.
func (s *Service) fileRule(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency, f *zhifa.Filing) error {
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return err
	}
	bureau, err := kernel.JusticeBureau(ctx, tx, ag)
	if err != nil {
		return err
	}
	now := s.k.Now()
	f.DecidedOn = zhifa.DateOf(now)
	f.Due, f.FiledAt, f.Status = law.FilingDue(cal, f.DecidedOn).Date, now, zhifa.FilingFiled
	f.Reasons = []string{ruleFilingReason(f.Kind)}
	if bureau != nil {
		f.ToAgencyID = bureau.ID
	}
	return tx.CreateFiling(ctx, f)
}

// FileBenchmark files the new version of a benchmark (B3) of the agency ag.
func (s *Service) FileBenchmark(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency, item *zhifa.Item, b *zhifa.Benchmark, note string) (*zhifa.Filing, error) {
	f := &zhifa.Filing{AgencyID: b.AgencyID, Kind: zhifa.FilingBenchmark, SubjectID: b.ID, SubjectRef: item.Code,
		SubjectVersion: b.Version, Summary: fmt.Sprintf("%s %s 裁量基准第%d版（%d个裁量阶次）：%s", item.Code, item.Name,
			b.Version, len(b.Levels), note)}
	return f, s.fileRule(ctx, tx, ag, f)
}

// FileListEntry files the new version of the list entry of the agency ag (B4); itemCode is the
// entry's item, "" for any item.
func (s *Service) FileListEntry(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency, e *zhifa.ListEntry, itemCode string) (*zhifa.Filing, error) {
	f := &zhifa.Filing{AgencyID: e.AgencyID, Kind: zhifa.FilingList, SubjectID: e.ID, SubjectRef: e.Key,
		SubjectVersion: e.Version, Summary: strings.Join(listEntryLines(e, itemCode), "\n")}
	return f, s.fileRule(ctx, tx, ag, f)
}

// benchmarkLines renders a benchmark version as comparable lines.
func benchmarkLines(b *zhifa.Benchmark) []string {
	var out []string
	for _, l := range b.Levels {
		out = append(out, "阶次【"+l.Name+"】适用情形："+l.Conditions)
		out = append(out, "阶次【"+l.Name+"】处罚种类："+strings.Join(l.Penalties, "、"))
		out = append(out, "阶次【"+l.Name+"】罚款："+law.DescribeFine(l.Fine))
		if l.NoGainFine.Kind != "" && l.NoGainFine.Kind != zhifa.FineNone {
			out = append(out, "阶次【"+l.Name+"】没有违法所得的罚款："+law.DescribeFine(l.NoGainFine))
		}
	}
	for _, bs := range b.Basis {
		out = append(out, "依据："+bs.Law+bs.Article)
	}
	return out
}

// listEntryLines renders a list entry version as comparable lines; the filing of a list
// entry keeps them as its summary, so that the next version's filing can be compared.
func listEntryLines(e *zhifa.ListEntry, itemCode string) []string {
	item := itemCode
	if item == "" {
		item = "全部事项"
	}
	state := "有效"
	if !e.Active {
		state = "已停用"
	}
	out := []string{"清单：" + e.Kind.Label(), "条目：" + e.Title, "执法事项：" + item, "适用条件：" + e.Conditions, "状态：" + state}
	for _, bs := range e.Basis {
		out = append(out, "依据："+bs.Law+bs.Article)
	}
	return out
}

// diffLines compares two versions line by line: removed lines of old first, then the lines
// of new, added ones marked.
func diffLines(old, cur []string) []DiffLine {
	out := []DiffLine{}
	for _, l := range old {
		if !slices.Contains(cur, l) {
			out = append(out, DiffLine{Op: "-", Text: l})
		}
	}
	for _, l := range cur {
		op := " "
		if !slices.Contains(old, l) {
			op = "+"
		}
		out = append(out, DiffLine{Op: op, Text: l})
	}
	return out
}

// ruleSubject loads the subject of a rule filing with its diff against the previous
// version.
func (s *Service) ruleSubject(ctx context.Context, tx zhifa.Tx, f *zhifa.Filing) (*FilingSubject, error) {
	sub := &FilingSubject{Kind: f.Kind.Label(), Ref: f.SubjectRef, Version: f.SubjectVersion, Previous: f.SubjectVersion - 1}
	if f.Kind == zhifa.FilingBenchmark {
		item, err := tx.ItemByCode(ctx, f.SubjectRef)
		if err != nil {
			return nil, err
		}
		sub.Name = item.Name
		versions, err := tx.BenchmarkVersions(ctx, f.SubjectID)
		if err != nil {
			return nil, err
		}
		var cur, prev []string
		for _, v := range versions {
			switch v.Version {
			case f.SubjectVersion:
				cur, sub.Note = benchmarkLines(&v.Benchmark), v.Note
			case f.SubjectVersion - 1:
				prev = benchmarkLines(&v.Benchmark)
			}
		}
		sub.Diff = diffLines(prev, cur)
		return sub, nil
	}
	e, err := tx.ListEntry(ctx, f.SubjectID)
	if err != nil {
		return nil, err
	}
	sub.Name = e.Title
	sub.ListAgencyID, sub.ListKind = e.AgencyID, string(e.Kind)
	var prev []string
	if f.SubjectVersion > 1 {
		earlier, _, err := tx.Filings(ctx, zhifa.FilingFilter{Kind: zhifa.FilingList, SubjectID: f.SubjectID, Page: zhifa.Page{Limit: 1000}})
		if err != nil {
			return nil, err
		}
		for _, x := range earlier { // newest first: the latest version before this one
			if x.SubjectVersion < f.SubjectVersion {
				sub.Previous, prev = x.SubjectVersion, strings.Split(x.Summary, "\n")
				break
			}
		}
	}
	sub.Diff = diffLines(prev, strings.Split(f.Summary, "\n"))
	return sub, nil
}

// ruleFilingEntry appends the ledger entry of a review of a rule filing.
func (s *Service) ruleFilingEntry(ctx context.Context, tx zhifa.Tx, f *zhifa.Filing, in FilingReviewInput) error {
	meta := map[string]string{"filing": strconv.FormatInt(f.ID, 10), "agency": strconv.FormatInt(f.AgencyID, 10), "subject": string(f.Kind), "ref": f.SubjectRef,
		"subject_version": strconv.Itoa(f.SubjectVersion), "result": string(in.Result), "version": strconv.Itoa(f.Version)}
	if in.Remark != "" {
		meta["remark"] = in.Remark
	}
	_, err := s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: "filing.review", Meta: meta})
	return err
}

// Title names what a filing files: the case number, or the rule and its version.
func Title(f *zhifa.Filing) string {
	if f.Kind.OfRule() {
		return fmt.Sprintf("%s %s 第%d版", f.Kind.Label(), f.SubjectRef, f.SubjectVersion)
	}
	return f.CaseNumber
}

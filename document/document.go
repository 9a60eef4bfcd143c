// Package document holds the standard enforcement documents (执法文书, REQUIREMENTS D1):
// for each type its editable fields, how they are prefilled from the case, the elements
// the law requires of it, and its A4 print layout. Rendering is pure: the same fields
// and case data always give the same HTML, which is self-contained (inline style, no
// external resource) so that the issued bytes stored as evidence print the same forever.
package document

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"zhifa"
	"zhifa/law"
)

// Field is one editable field of a document.
type Field struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	// Multi marks a multi-line field (a textarea).
	Multi bool `json:"multi,omitempty"`
}

// Layout names the print layout of a type.
type Layout string

// Layouts.
const (
	// Letter is a decision or notice addressed to the party: addressee block, body
	// paragraphs, the agency's name, date and seal at the bottom right.
	Letter Layout = "letter"
	// Form is an approval form or a record (笔录): a ruled table of labelled rows and
	// signature lines.
	Form Layout = "form"
)

// Spec describes one document type.
type Spec struct {
	Type   zhifa.DocType
	Layout Layout
	Fields []Field
	// Signatures are the signature lines of a form (签名栏).
	Signatures []string
	// ShowID marks the records that identify a person by 身份证号: the inquiry and the
	// inspection record, whose person must be identified (行政处罚法 Art. 55 查验身份;
	// the records are signed by the person). Other documents never show it.
	ShowID bool
}

// Field keys shared by several types. The keys of the elements the law requires are the
// law package's (law.DecisionElements, law.SeizureElements).
const (
	KeyPartyName    = "party_name"
	KeyPartyAddress = "party_address"
	KeyPartyCode    = "party_code"
	KeyAgency       = "agency"
	KeyDate         = "date"
	KeySeal         = "seal"
)

var (
	fPartyName    = Field{Key: KeyPartyName, Label: "当事人"}
	fPartyAddress = Field{Key: KeyPartyAddress, Label: "地址"}
	fPartyCode    = Field{Key: KeyPartyCode, Label: "统一社会信用代码"}
	fFacts        = Field{Key: "facts", Label: "违法事实", Multi: true}
	fEvidence     = Field{Key: "evidence", Label: "证据", Multi: true}
	fBasis        = Field{Key: "basis", Label: "依据", Multi: true}
	fOfficers     = Field{Key: "officers", Label: "执法人员及执法证号", Multi: true}
	fRemedy       = Field{Key: "remedy", Label: "救济途径和期限", Multi: true}
	fAgency       = Field{Key: KeyAgency, Label: "行政机关"}
	fDate         = Field{Key: KeyDate, Label: "日期"}
	fSeal         = Field{Key: KeySeal, Label: "印章"}
	fTimePlace    = Field{Key: "time_place", Label: "时间、地点"}
	fOpinion      = Field{Key: "opinion", Label: "承办人意见", Multi: true}
	fApproval     = Field{Key: "approval", Label: "负责人审批意见", Multi: true}
)

// Specs are the standard document types.
var Specs = map[zhifa.DocType]*Spec{
	zhifa.DocFilingApproval: {Type: zhifa.DocFilingApproval, Layout: Form, Fields: []Field{
		{Key: "source", Label: "案件来源"}, fPartyName, fPartyAddress, fPartyCode,
		{Key: "facts", Label: "案情摘要", Multi: true}, {Key: "basis", Label: "涉嫌违反的规定", Multi: true},
		fOfficers, fOpinion, fApproval, fDate},
		Signatures: []string{"承办人签名", "负责人签名"}},
	zhifa.DocInspectionRecord: {Type: zhifa.DocInspectionRecord, Layout: Form, ShowID: true, Fields: []Field{
		fTimePlace, fPartyName, fPartyAddress, {Key: "person", Label: "现场负责人（在场人）及身份证件"},
		fOfficers, {Key: "notice", Label: "告知事项", Multi: true}, {Key: "findings", Label: "检查情况", Multi: true},
		{Key: "party_opinion", Label: "当事人意见", Multi: true}, fDate},
		Signatures: []string{"当事人（在场人）签名", "执法人员签名", "记录人签名"}},
	zhifa.DocInquiryRecord: {Type: zhifa.DocInquiryRecord, Layout: Form, ShowID: true, Fields: []Field{
		fTimePlace, {Key: "person", Label: "被询问人及身份证件"}, {Key: "person_address", Label: "被询问人住址"},
		fOfficers, {Key: "notice", Label: "告知事项", Multi: true}, {Key: "content", Label: "询问内容（问答）", Multi: true}, fDate},
		Signatures: []string{"被询问人签名", "询问人签名", "记录人签名"}},
	zhifa.DocSeizureDecision: {Type: zhifa.DocSeizureDecision, Layout: Letter, Fields: []Field{
		fPartyName, fPartyAddress, fPartyCode, {Key: "reason", Label: "查封、扣押的理由", Multi: true},
		{Key: "basis", Label: "查封、扣押的依据", Multi: true}, {Key: "items", Label: "查封、扣押的场所、设施或者财物（名称、数量）", Multi: true},
		{Key: "period", Label: "查封、扣押的期限"}, fRemedy, fAgency, fDate, fSeal}},
	zhifa.DocPenaltyNotice: {Type: zhifa.DocPenaltyNotice, Layout: Letter, Fields: []Field{
		fPartyName, fPartyAddress, fPartyCode, fFacts, fEvidence, fBasis,
		{Key: "proposed", Label: "拟作出的行政处罚", Multi: true}, {Key: "discretion", Label: "裁量说明", Multi: true},
		{Key: "rights", Label: "陈述、申辩、听证权利及期限", Multi: true}, {Key: "contact", Label: "联系人及电话"},
		fAgency, fDate, fSeal}},
	zhifa.DocHearingNotice: {Type: zhifa.DocHearingNotice, Layout: Letter, Fields: []Field{
		fPartyName, fPartyAddress, {Key: "hearing", Label: "听证时间、地点", Multi: true},
		{Key: "presiding", Label: "听证主持人及听证员"}, {Key: "rights", Label: "当事人权利及注意事项", Multi: true},
		fAgency, fDate, fSeal}},
	zhifa.DocHearingRecord: {Type: zhifa.DocHearingRecord, Layout: Form, Fields: []Field{
		fTimePlace, {Key: "presiding", Label: "主持人、听证员、记录员"}, fPartyName,
		{Key: "attendees", Label: "当事人及委托代理人"}, {Key: "officers", Label: "案件调查人员", Multi: true},
		{Key: "content", Label: "听证记录", Multi: true}, fDate},
		Signatures: []string{"当事人（代理人）签名", "案件调查人员签名", "主持人签名", "记录员签名"}},
	zhifa.DocPenaltyDecision: {Type: zhifa.DocPenaltyDecision, Layout: Letter, Fields: []Field{
		fPartyName, fPartyAddress, fPartyCode, fFacts, fEvidence, {Key: "discretion", Label: "裁量说明", Multi: true},
		{Key: "penalty", Label: "行政处罚的种类和内容", Multi: true}, {Key: "basis", Label: "行政处罚的依据", Multi: true},
		{Key: "performance", Label: "履行方式和期限", Multi: true}, fRemedy,
		{Key: KeyPublicity, Label: "信息公示", Multi: true}, fAgency, fDate, fSeal}},
	zhifa.DocNoPenaltyDecision: {Type: zhifa.DocNoPenaltyDecision, Layout: Letter, Fields: []Field{
		fPartyName, fPartyAddress, fPartyCode, fFacts, fEvidence,
		{Key: "grounds", Label: "不予行政处罚的理由和依据", Multi: true}, {Key: "education", Label: "对当事人的教育", Multi: true},
		fRemedy, fAgency, fDate, fSeal}},
	zhifa.DocServiceReceipt: {Type: zhifa.DocServiceReceipt, Layout: Form, Fields: []Field{
		{Key: "served", Label: "送达文书名称及文号", Multi: true}, {Key: "recipient", Label: "受送达人"},
		{Key: "address", Label: "送达地点"}, {Key: "method", Label: "送达方式"}, {Key: "served_at", Label: "送达时间"},
		{Key: "servers", Label: "送达人"}, {Key: "note", Label: "备注", Multi: true}},
		Signatures: []string{"受送达人签名（盖章）", "送达人签名", "见证人签名"}},
	zhifa.DocReminder: {Type: zhifa.DocReminder, Layout: Letter, Fields: []Field{
		fPartyName, fPartyAddress, {Key: "decision", Label: "催告事由", Multi: true},
		{Key: "deadline", Label: "履行义务的期限"}, {Key: "manner", Label: "履行义务的方式", Multi: true},
		{Key: "amount", Label: "金额和给付方式", Multi: true}, {Key: "rights", Label: "陈述权和申辩权", Multi: true},
		fAgency, fDate, fSeal}},
	zhifa.DocEnforcementDecision: {Type: zhifa.DocEnforcementDecision, Layout: Letter, Fields: []Field{
		fPartyName, fPartyAddress, {Key: "reason", Label: "强制执行的理由和依据", Multi: true},
		{Key: "manner", Label: "强制执行的方式和时间", Multi: true}, fRemedy, fAgency, fDate, fSeal}},
	zhifa.DocCourtApplication: {Type: zhifa.DocCourtApplication, Layout: Letter, Fields: []Field{
		{Key: "court", Label: "受理申请的人民法院"}, fPartyName, fPartyAddress, fPartyCode,
		{Key: "request", Label: "申请事项", Multi: true},
		{Key: "decision", Label: "行政决定及作出决定的事实、理由和依据", Multi: true},
		{Key: "reminder", Label: "当事人的意见及催告情况", Multi: true},
		{Key: "subject", Label: "申请强制执行标的情况", Multi: true},
		{Key: "approval", Label: "行政机关负责人签名", Multi: true}, fAgency, fDate, fSeal}},
	zhifa.DocEvidenceList: {Type: zhifa.DocEvidenceList, Layout: Form, Fields: []Field{
		fPartyName, {Key: "items", Label: "证据目录（由本案记录生成）", Multi: true}, fOfficers, fDate},
		Signatures: []string{"制作人签名"}},
	zhifa.DocInvestigationReport: {Type: zhifa.DocInvestigationReport, Layout: Form, Fields: []Field{
		fPartyName, fPartyAddress, fPartyCode, {Key: "investigation", Label: "案件来源及调查经过", Multi: true},
		{Key: "facts", Label: "调查认定的违法事实", Multi: true}, fEvidence,
		{Key: "basis", Label: "适用的法律依据（条、款、项）", Multi: true}, {Key: "discretion", Label: "裁量情况", Multi: true},
		{Key: "proposed", Label: "拟作出的处理决定", Multi: true}, fOpinion, fOfficers, fDate},
		Signatures: []string{"承办人签名", "承办机构负责人签名"}},
	zhifa.DocClosingApproval: {Type: zhifa.DocClosingApproval, Layout: Form, Fields: []Field{
		fPartyName, {Key: "summary", Label: "案件办理情况", Multi: true}, {Key: "result", Label: "处理决定及执行情况", Multi: true},
		fOpinion, fApproval, fDate},
		Signatures: []string{"承办人签名", "负责人签名"}},
}

// KeyPublicity is the penalty decision's paragraph telling the party that the decision
// will be published and where (市场监督管理行政处罚信息公示规定第八条; Data.Publication).
const KeyPublicity = "publicity"

// SpecOf returns the spec of a type; nil for an unknown one.
func SpecOf(t zhifa.DocType) *Spec { return Specs[t] }

// Keys returns the field keys of the spec.
func (s *Spec) Keys() []string {
	out := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		out[i] = f.Key
	}
	return out
}

// Has reports whether the spec has a field.
func (s *Spec) Has(key string) bool {
	for _, f := range s.Fields {
		if f.Key == key {
			return true
		}
	}
	return false
}

// Officer is an officer acting in the case with the number of the certificate that lets
// them act (持证执法, 行政处罚法 Art. 42, 55).
type Officer struct {
	Name   string
	CertNo string
}

// Data is the case data documents are prefilled and rendered from.
type Data struct {
	Agency     string // 行政机关名称
	CaseNumber string
	Case       *zhifa.Case // with parties; IDNumber set only where a record may show it
	ItemName   string
	Basis      []zhifa.Basis
	Remedy     string // the item's remedy channels (救济渠道)
	// ReviewBody is the agency's reconsideration body (行政复议机关), "" when unknown.
	ReviewBody string
	Officers   []Officer
	Today      zhifa.Date
	// Served names the issued documents of the case, for the service receipt.
	Served []string
	// Entries are the list entries the case's proposal may cite, by key, so that
	// documents name them by their title rather than their key.
	Entries map[string]zhifa.ListEntry
	// Payment is the decision's payment reference (缴款码) and payee account; Execution
	// what the execution rests on, for the closing approval (app/execution).
	Payment, Execution string
	// Publication tells the party that the decision will be published and where
	// (law.PublicationNotice); "" when it will not be.
	Publication string
	// Enforcement is what the execution stage's documents state (app/execution).
	Enforcement Enforcement
	// Evidence is the case's evidence in the order recorded, for the evidence list and the
	// investigation report (issue 12).
	Evidence []EvidenceItem
}

// Enforcement is the state of a decision's execution as the reminder, the enforcement
// decision and the application to the court state it.
type Enforcement struct {
	// Decision names the penalty decision (its number, the day it was made and served).
	Decision string
	// Amounts states the principal, the late fee so far, what was paid and what is owed.
	Amounts string
	// Reminder states when the reminder was served and what the party said.
	Reminder string
	// Method states the agency's own enforcement decided, with its legal basis.
	Method string
}

// Prefill returns the fields of a new document of the type, filled from the case.
// Personal ID numbers are never prefilled: the records that show one take it from the
// case when rendered (Spec.ShowID).
func Prefill(t zhifa.DocType, d *Data) map[string]string {
	s := SpecOf(t)
	if s == nil {
		return map[string]string{}
	}
	c := d.Case
	st := c.State
	v := map[string]string{}
	names, addrs, codes := partyLines(c.Parties)
	officers := officerLines(d.Officers)
	basis := basisText(d.Basis)
	if t == zhifa.DocPenaltyDecision || t == zhifa.DocPenaltyNotice || t == zhifa.DocInvestigationReport {
		basis = provisionsText(d.Basis)
	}
	penalty := penaltyText(&st)
	set := func(key, val string) {
		if s.Has(key) {
			v[key] = val
		}
	}
	set(KeyPartyName, names)
	set(KeyPartyAddress, addrs)
	set(KeyPartyCode, codes)
	set("facts", c.Facts)
	set("basis", basis)
	set("officers", officers)
	set(KeyAgency, d.Agency)
	set(KeyDate, d.Today.Chinese())
	set(KeySeal, d.Agency+"（印章）")
	set("remedy", remedyText(d))
	set("discretion", discretionText(st.Proposal, d.Entries))
	switch t {
	case zhifa.DocFilingApproval:
		v["source"] = "监督检查中发现"
		v["opinion"] = "当事人涉嫌违反" + firstLaw(d.Basis) + "，符合立案条件，建议立案调查。"
	case zhifa.DocInspectionRecord, zhifa.DocInquiryRecord:
		v["time_place"] = d.Today.Chinese() + "，"
		v["notice"] = "执法人员已出示执法证件（行政处罚法第五十五条），告知当事人（被询问人）应当如实回答询问、协助调查，" +
			"并享有申请执法人员回避的权利。"
		v["person"] = firstPartyName(c.Parties)
		if t == zhifa.DocInquiryRecord {
			v["person_address"] = addrs
			v["content"] = "问：我们是" + d.Agency + "的执法人员，现依法向你询问有关情况，你应当如实回答，你听清楚了吗？\n答："
		} else {
			v["findings"] = c.Facts
		}
	case zhifa.DocSeizureDecision:
		v["reason"] = c.Facts
		v["period"] = fmt.Sprintf("%d日（行政强制法第二十五条；情况复杂的，经本机关负责人批准可以延长，延长期限不超过%d日）", law.SeizureDays, law.SeizureExtendDays)
		v["items"] = ""
	case zhifa.DocPenaltyNotice:
		v["evidence"] = evidenceSummary(d.Evidence)
		v["proposed"] = penalty
		v["rights"] = fmt.Sprintf("根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）享有陈述、申辩的权利，"+
			"可在收到本告知书之日起%d个工作日内向本机关提出陈述、申辩意见；逾期视为放弃。", law.StatementDays)
		v["rights"] += fmt.Sprintf("拟作出的行政处罚属于第六十三条规定情形的，你（单位）有权要求听证，应在收到本告知书之日起%d个工作日内提出（第六十四条）。", law.HearingRequestDays)
	case zhifa.DocHearingNotice:
		v["hearing"] = st.HearingOn.Chinese() + "，地点："
		v["rights"] = "你（单位）可以亲自参加听证，也可以委托一至二人代理；认为主持人与本案有直接利害关系的，有权申请回避（行政处罚法第六十四条）。" +
			"无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利。"
	case zhifa.DocHearingRecord:
		v["time_place"] = st.HearingOn.Chinese() + "，"
		v["attendees"] = names
		v["content"] = "调查人员提出当事人违法的事实、证据和行政处罚建议；当事人进行申辩和质证：\n"
	case zhifa.DocPenaltyDecision:
		v["evidence"] = evidenceSummary(d.Evidence)
		v["penalty"] = penalty
		v["performance"] = performanceText(&st) + d.Payment
		v[KeyPublicity] = d.Publication
	case zhifa.DocNoPenaltyDecision:
		v["evidence"] = evidenceSummary(d.Evidence)
		v["grounds"] = noPenaltyGrounds(st.Proposal, d.Entries)
		v["education"] = educationText(st.Education)
	case zhifa.DocServiceReceipt:
		v["served"] = strings.Join(d.Served, "\n")
		v["recipient"] = firstPartyName(c.Parties)
		v["address"] = firstPartyAddress(c.Parties)
		v["method"] = "直接送达"
		v["served_at"] = d.Today.Chinese()
		v["servers"] = officerNames(d.Officers)
		v["note"] = ""
	case zhifa.DocReminder:
		e := d.Enforcement
		v["decision"] = e.Decision + "。你（单位）至今未履行该决定确定的缴纳罚没款义务。根据《中华人民共和国行政强制法》第三十五条、" +
			"《中华人民共和国行政处罚法》第七十二条的规定，现催告你（单位）履行义务。"
		v["deadline"] = fmt.Sprintf("自收到本催告书之日起%d个工作日内", law.ReminderDays)
		v["manner"] = "持缴款码到指定银行或者通过非税收入缴款渠道缴纳。" + d.Payment
		v["amount"] = e.Amounts + "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额（行政处罚法第七十二条第一款第一项）。"
		v["rights"] = "你（单位）有权进行陈述和申辩，可在收到本催告书之日起" + fmt.Sprintf("%d个工作日内", law.ReminderDays) +
			"向本机关提出；本机关将充分听取你（单位）的意见，对提出的事实、理由和证据进行记录、复核（行政强制法第三十六条）。" +
			"逾期仍不履行的，本机关将依法强制执行或者申请人民法院强制执行。"
	case zhifa.DocEnforcementDecision:
		e := d.Enforcement
		v["reason"] = e.Decision + "。你（单位）未在规定期限内履行，" + e.Reminder + "，逾期仍未履行且无正当理由。" +
			e.Amounts + "依据《中华人民共和国行政强制法》第三十七条、第四十六条的规定，本机关决定强制执行。"
		v["manner"] = e.Method + "。执行时间："
	case zhifa.DocCourtApplication:
		e := d.Enforcement
		v["court"] = ""
		v["request"] = "请求人民法院强制执行" + e.Decision + "确定的缴纳罚没款义务及依法加处的罚款。"
		v["decision"] = e.Decision + "。违法事实：" + c.Facts + "\n处罚依据：" + provisionsText(d.Basis) + "\n处罚内容：" + penalty
		v["reminder"] = e.Reminder + "。"
		v["subject"] = e.Amounts
	case zhifa.DocEvidenceList:
		v["items"] = evidenceListText(d.Evidence)
	case zhifa.DocInvestigationReport:
		v["investigation"] = investigationText(d)
		v["evidence"] = evidenceSummary(d.Evidence)
		v["proposed"] = penalty
		v["opinion"] = reportOpinion(penalty, d.Basis)
	case zhifa.DocClosingApproval:
		v["summary"] = fmt.Sprintf("本案于%s立案，案由：%s。", c.State.FiledOn.Chinese(), d.ItemName)
		v["result"] = closingResult(c) + d.Execution
		v["opinion"] = "案件已办理完毕，建议结案。"
	}
	for _, f := range s.Fields {
		if _, ok := v[f.Key]; !ok {
			v[f.Key] = ""
		}
	}
	return v
}

func partyLines(ps []zhifa.Party) (names, addrs, codes string) {
	var n, a, c []string
	for _, p := range ps {
		n = append(n, p.Name)
		if p.Address != "" {
			a = append(a, p.Address)
		}
		if p.CreditCode != "" {
			c = append(c, p.CreditCode)
		}
	}
	return strings.Join(n, "、"), strings.Join(a, "；"), strings.Join(c, "；")
}

func firstPartyName(ps []zhifa.Party) string {
	if len(ps) == 0 {
		return ""
	}
	return ps[0].Name
}

func firstPartyAddress(ps []zhifa.Party) string {
	if len(ps) == 0 {
		return ""
	}
	return ps[0].Address
}

func officerLines(os []Officer) string {
	var out []string
	for _, o := range os {
		if o.CertNo != "" {
			out = append(out, o.Name+"（执法证号："+o.CertNo+"）")
		} else {
			out = append(out, o.Name)
		}
	}
	return strings.Join(out, "、")
}

func officerNames(os []Officer) string {
	var out []string
	for _, o := range os {
		out = append(out, o.Name)
	}
	return strings.Join(out, "、")
}

func lawTitle(l string) string {
	l = strings.Trim(strings.TrimSpace(l), "《》")
	if l == "" {
		return ""
	}
	if !strings.HasPrefix(l, "中华人民共和国") && !strings.Contains(l, "条例") && !strings.Contains(l, "规定") && !strings.Contains(l, "办法") {
		l = "中华人民共和国" + l
	}
	return "《" + l + "》"
}

func basisText(bs []zhifa.Basis) string {
	var out []string
	for _, b := range bs {
		s := lawTitle(b.Law) + b.Article
		if t := strings.TrimSpace(b.Text); t != "" {
			s += "：" + t
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

// provisionsText names the provisions a notice or decision rests on — law, 条, and the
// 款 (and 项) where the basis or its penalty provision identifies one — without pasting
// the articles (issue 10: the exact provisions applied, not whole articles).
func provisionsText(bs []zhifa.Basis) string {
	var out []string
	for _, b := range bs {
		label := b.Article
		if provs := law.ParseProvisions(b); len(provs) == 1 {
			label = provs[0].Article
		}
		out = append(out, lawTitle(b.Law)+label)
	}
	return strings.Join(out, "、")
}

func firstLaw(bs []zhifa.Basis) string {
	if len(bs) == 0 {
		return "有关法律、法规的规定"
	}
	return lawTitle(bs[0].Law) + bs[0].Article
}

// remedyText states the remedy once, generated from the case (law.RemedyText: the order of
// the channels by procedure, 行政复议法第二十三条; the periods of 行政复议法 Art. 20 and
// 行政诉讼法 Art. 46; the reconsideration body). The item's channels (B1 救济渠道) are added
// only when the agency tree names no body, and never on a decision that must go to
// reconsideration first, whose channels they would contradict.
// reviewBodyRe finds the reconsideration body an item's channels name (向东港市人民政府申请行政复议).
var reviewBodyRe = regexp.MustCompile(`向([^，。；、\s]+?)申请行政复议`)

func remedyText(d *Data) string {
	s := law.RemedyText(d.Case, d.ReviewBody)
	r := strings.TrimSpace(d.Remedy)
	if r == "" || d.ReviewBody != "" || law.ReconsiderationFirst(d.Case) {
		return s
	}
	// Channels that restate both remedies with their periods are stated once, in the
	// item's words, not after the generated text.
	if strings.Contains(r, "行政复议") && strings.Contains(r, "行政诉讼") && strings.Contains(r, "日内") && strings.Contains(r, "个月内") {
		return r
	}
	// Channels that name both remedies without their periods are not stated again after
	// the generated sentence (issue 12: the remedy once); the body they name is kept.
	if strings.Contains(r, "行政复议") && strings.Contains(r, "行政诉讼") {
		if m := reviewBodyRe.FindStringSubmatch(r); m != nil {
			return law.RemedyText(d.Case, m[1])
		}
		return s
	}
	return s + "救济渠道：" + r
}

// penaltyText describes the proposed (or decided) penalty: the order to correct
// (行政处罚法第二十八条第一款), then each penalty with its amount — the illegal gain
// confiscated (第二十八条第二款) apart from the value of other things confiscated.
func penaltyText(st *zhifa.CaseState) string {
	var parts []string
	if p := st.Proposal; p != nil {
		gain := int64(0)
		if slices.Contains(p.Penalties, "没收违法所得") {
			gain = max(p.IllegalGainFen-p.RefundFen, 0)
		}
		for _, k := range p.Penalties {
			switch {
			case k == "罚款" && p.FineFen > 0:
				parts = append(parts, "罚款人民币"+law.Yuan(p.FineFen)+"元")
			case k == "没收违法所得" && gain > 0:
				parts = append(parts, "没收违法所得人民币"+law.Yuan(gain)+"元")
			case k == "没收非法财物" && p.ConfiscateFen-gain > 0:
				parts = append(parts, "没收非法财物（价值人民币"+law.Yuan(p.ConfiscateFen-gain)+"元）")
			default:
				parts = append(parts, k)
			}
		}
		if len(parts) > 0 {
			if order := law.CorrectionOrder(p); order != "" {
				parts = append([]string{order}, parts...)
			}
			return strings.Join(parts, "；")
		}
	}
	if st.Warning {
		parts = append(parts, "警告")
	}
	if st.FineFen > 0 {
		parts = append(parts, "罚款人民币"+law.Yuan(st.FineFen)+"元")
	}
	return strings.Join(parts, "；")
}

// discretionText states the discretion of the proposal (002 §9, REQUIREMENTS B3): the
// benchmark only when one applies (its version and level), the list entries relied on
// by their titles, 从重, the amounts the statutory range rests on, and the reason.
func discretionText(p *zhifa.Proposal, entries map[string]zhifa.ListEntry) string {
	if p == nil || (p.Level == "" && p.Reason == "" && p.BenchmarkID == 0 && len(p.ListEntries) == 0) {
		return ""
	}
	var parts []string
	if p.GoodsValueFen > 0 {
		parts = append(parts, "涉案货值金额人民币"+law.Yuan(p.GoodsValueFen)+"元")
	}
	if p.IllegalGainFen > 0 {
		parts = append(parts, "违法所得人民币"+law.Yuan(p.IllegalGainFen)+"元")
	}
	if p.BenchmarkID != 0 {
		s := fmt.Sprintf("依据本机关行政处罚裁量基准（第%d版）", p.BenchmarkVersion)
		if p.Level != "" {
			s += fmt.Sprintf("，本案违法情节属于“%s”裁量阶次", p.Level)
		}
		parts = append(parts, s)
	}
	for _, key := range p.ListEntries {
		if e, ok := entries[key]; ok {
			parts = append(parts, "适用"+e.Kind.Label()+"情形：“"+e.Title+"”")
		}
	}
	if p.Heavier {
		parts = append(parts, "依法从重处罚")
	}
	text := ""
	if len(parts) > 0 {
		text = strings.Join(parts, "；") + "。"
	}
	if p.Reason != "" {
		text += "裁量理由：" + p.Reason
	}
	return text
}

// performanceText states how and by when the penalty is performed (行政处罚法 Art. 67,
// 72).
func performanceText(st *zhifa.CaseState) string {
	fine := st.FineFen
	if st.Proposal != nil && st.Proposal.FineFen > 0 {
		fine = st.Proposal.FineFen
	}
	if fine > 0 {
		return fmt.Sprintf("当事人应当自收到本决定书之日起%d日内，到指定银行或者通过电子支付系统缴纳罚款（%s）。"+
			"到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，并依法申请人民法院强制执行（行政处罚法第七十二条）。",
			law.FinePaymentDays, law.RuleFinePayment)
	}
	return "本决定自送达之日起生效，当事人应当自收到本决定书之日起履行。"
}

func closingResult(c *zhifa.Case) string {
	st := c.State
	var parts []string
	if !st.DecidedOn.IsZero() {
		parts = append(parts, st.DecidedOn.Chinese()+"作出决定："+penaltyText(&st))
	}
	if !st.ServedOn.IsZero() {
		parts = append(parts, st.ServedOn.Chinese()+"送达")
	}
	if !st.ReleasedOn.IsZero() {
		parts = append(parts, st.ReleasedOn.Chinese()+"解除查封、扣押")
	}
	if c.Outcome != "" && c.Outcome != zhifa.OutcomeNone {
		parts = append(parts, "办理结果："+c.Outcome.Label())
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "；") + "。"
}

// noPenaltyGrounds states why the party is not punished (行政处罚法第三十三条): each cited
// entry of the 不予处罚清单 with the provision it rests on, then the handler's reasoning.
func noPenaltyGrounds(p *zhifa.Proposal, entries map[string]zhifa.ListEntry) string {
	if p == nil {
		return ""
	}
	var parts []string
	for _, key := range p.ListEntries {
		e, ok := entries[key]
		if !ok || e.Kind != zhifa.ListNoPenalty {
			continue
		}
		s := "本案属于不予处罚清单“" + e.Title + "”情形"
		if e.Conditions != "" {
			s += "（" + e.Conditions + "）"
		}
		for _, b := range e.Basis {
			s += "，依据《" + b.Law + "》" + b.Article
			if b.Text != "" {
				s += "：“" + b.Text + "”"
			}
		}
		parts = append(parts, s)
	}
	if p.Reason != "" {
		parts = append(parts, "理由："+p.Reason)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "；\n") + "。\n决定不予行政处罚。"
}

// educationText describes the education given (行政处罚法第三十三条第三款), "" for none yet.
func educationText(e *zhifa.EducationRecord) string {
	if e == nil {
		return ""
	}
	return fmt.Sprintf("本机关已于%s依照《中华人民共和国行政处罚法》第三十三条第三款，以%s方式对当事人进行教育：%s", e.On.Chinese(), e.Method, e.Content)
}

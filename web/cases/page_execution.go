package cases

import (
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/execution"
	"zhifa/law"
	"zhifa/web/kit"
)

// The 执行 section of the case page (issue 15): the payment state of the decision and the
// forms of the execution acts open now. Payments themselves come only from the bank's
// or treasury's notices (api_execution.go); no form records one.

// execSection is the 执行 section of the case page; nil when the decision created no
// payment obligation.
type execSection struct {
	CaseID   int64
	P        *execution.PaymentView
	Forms    []*execForm
	Problem  string
	Payments []execPayment
}

type execPayment struct {
	zhifa.Payment
	Amount, Source string
}

// execForm is the form of one execution act.
type execForm struct {
	Act, Label string
	Fields     []execField
	Form       *kit.Form
	Open       bool
}

// execField is one input of an execution form; ID is unique on the page.
type execField struct {
	ID, Name, Label, Type, Value, Error, Hint string
	Required                                  bool
	Options                                   []kit.Option
}

// Yuan formats an amount of the section.
func (x *execSection) Yuan(fen int64) string { return execution.Yuan(fen) }

// GroundLabel is the Chinese name of an on-the-spot ground.
func (x *execSection) GroundLabel(g string) string { return law.OnSpotGroundLabel(g) }

// execSectionOf builds the section of case id; failed names the act whose form f failed.
func (s *Handlers) execSectionOf(r *http.Request, id int64, failed string, f *kit.Form) (*execSection, error) {
	pv, err := s.App.Execution().Payment(r.Context(), id)
	if err != nil || pv == nil {
		return nil, err
	}
	x := &execSection{CaseID: id, P: pv}
	for _, p := range pv.Payments {
		x.Payments = append(x.Payments, execPayment{Payment: p, Amount: execution.Yuan(p.AmountFen), Source: p.Source.Label()})
	}
	for _, act := range pv.Acts {
		ef := &execForm{Act: act, Label: execution.ActLabel(act), Form: kit.NewForm()}
		if act == failed && f != nil {
			ef.Form, ef.Open = f, true
		}
		ef.Form.Set("version", strconv.Itoa(pv.Version))
		ef.Fields = execFields(act, ef.Form)
		x.Forms = append(x.Forms, ef)
	}
	return x, nil
}

// execFields are the inputs of an act, with the date of the act first.
func execFields(act string, f *kit.Form) []execField {
	fld := func(name, label, typ string, required bool, hint string, opts ...kit.Option) execField {
		return execField{ID: "x-" + act + "-" + name, Name: name, Label: label, Type: typ, Value: f.V(name), Error: f.E(name),
			Required: required, Hint: hint, Options: opts}
	}
	date := fld("date", "日期", "date", false, "不填为今天")
	switch act {
	case execution.ActApplyDeferral:
		return []execField{fld("date", "申请日期", "date", false, "不填为今天"),
			fld("reason", "申请理由（确有经济困难）", "textarea", true, ""),
			fld("instalments", "缴纳期限和金额", "textarea", true, "每行一期：日期 金额（元），如 2026-04-10 1000；各期之和应等于未缴金额")}
	case execution.ActDecideDeferral:
		return []execField{date, fld("approve", "审批意见", "select", true, "", kit.Option{Value: "1", Label: "批准"}, kit.Option{Value: "0", Label: "不予批准"}),
			fld("opinion", "意见", "textarea", false, "不予批准的须写明理由")}
	case execution.ActReminder:
		return []execField{fld("date", "催告书送达日期", "date", false, "不填为今天"),
			fld("proof", "送达方式及送达回证", "text", true, "催告书应当直接送达当事人（行政强制法第三十八条）")}
	case execution.ActStatement:
		return []execField{date, fld("statement", "当事人陈述申辩", "textarea", true, ""),
			fld("response", "复核意见", "textarea", true, "对当事人提出的事实、理由和证据进行记录、复核（行政强制法第三十六条）")}
	case execution.ActApplyCourt:
		return []execField{fld("date", "申请日期", "date", false, "不填为今天"), fld("court", "受理申请的人民法院", "text", true, "")}
	case execution.ActCourtAccepted:
		return []execField{fld("date", "受理日期", "date", false, "不填为今天"), fld("court_case", "人民法院受理案号", "text", true, "")}
	case execution.ActSuspend:
		return []execField{fld("date", "起算日期", "date", false, "不填为今天"),
			fld("reason", "依据", "text", true, "如：当事人于某日申请行政复议（行政处罚法第七十三条第三款）")}
	case execution.ActEndSuspension:
		return []execField{fld("date", "恢复计算日期", "date", false, "不填为今天")}
	case execution.ActOnSpot:
		return []execField{fld("date", "收缴日期", "date", false, "不填为今天"),
			fld("ground", "当场收缴的情形", "select", true, "", kit.Option{Value: law.OnSpotSmall, Label: law.OnSpotGroundLabel(law.OnSpotSmall)},
				kit.Option{Value: law.OnSpotHard, Label: law.OnSpotGroundLabel(law.OnSpotHard)}, kit.Option{Value: law.OnSpotRemote, Label: law.OnSpotGroundLabel(law.OnSpotRemote)}),
			fld("receipt_no", "财政部门统一制发的专用票据号码", "text", true, "行政处罚法第七十条"),
			fld("amount", "收缴金额（元）", "text", true, "")}
	case execution.ActEnforce:
		return []execField{fld("date", "决定日期", "date", false, "不填为今天"),
			fld("method", "强制执行方式", "select", true, "没有行政强制执行权的，应当申请人民法院强制执行",
				kit.Option{Value: law.EnforceOwnPower, Label: law.EnforceMethodLabel(law.EnforceOwnPower)},
				kit.Option{Value: law.EnforceAuctionSeized, Label: law.EnforceMethodLabel(law.EnforceAuctionSeized)}),
			fld("basis", "依据", "text", true, "授予本机关行政强制执行权的法律及条款，或者据以拍卖的查封、扣押决定书文号及财物")}
	case execution.ActEnforced:
		return []execField{fld("date", "实施日期", "date", false, "不填为今天"),
			fld("result", "实施情况", "textarea", true, ""),
			fld("proof", "凭证", "text", true, "执行笔录、拍卖成交确认书等"),
			fld("urgent", "紧急情况说明", "text", false, "法定节假日不得实施行政强制执行，情况紧急的除外（行政强制法第四十三条）")}
	case execution.ActEnd:
		opts := make([]kit.Option, 0, len(law.EndGrounds))
		for _, g := range law.EndGrounds {
			opts = append(opts, kit.Option{Value: g, Label: law.EndGroundLabel(g)})
		}
		return []execField{fld("date", "决定日期", "date", false, "不填为今天"),
			fld("ground", "终结执行的情形", "select", true, "行政强制法第四十条", opts...),
			fld("proof", "证明材料", "text", true, "死亡证明、注销登记、撤销决定等"),
			fld("reason", "理由", "textarea", false, "依第四十条第五项终结执行的须写明理由")}
	case execution.ActHandIn:
		return []execField{fld("date", "交至本机关日期", "date", false, "不填为今天")}
	case execution.ActBank:
		return []execField{fld("date", "缴付银行日期", "date", false, "不填为今天"), fld("receipt_no", "银行缴款凭证号", "text", true, "")}
	}
	return []execField{date}
}

// parseInstalments reads "YYYY-MM-DD 金额" lines; a bad line is the field's problem.
func parseInstalments(f *kit.Form) []zhifa.Instalment {
	var out []zhifa.Instalment
	for line := range strings.SplitSeq(f.V("instalments"), "\n") {
		parts := strings.Fields(strings.ReplaceAll(line, "，", " "))
		if len(parts) == 0 {
			continue
		}
		if len(parts) != 2 {
			f.Invalid("instalments", "每行应为：日期 金额（元），如 2026-04-10 1000")
			return nil
		}
		d, err := zhifa.ParseDate(parts[0])
		fen, ok := kit.ParseYuan(parts[1])
		if err != nil || !ok {
			f.Invalid("instalments", "每行应为：日期 金额（元），如 2026-04-10 1000")
			return nil
		}
		out = append(out, zhifa.Instalment{Due: d, AmountFen: fen})
	}
	return out
}

// caseExecution records an execution act from the case page. A refused act shows the
// case page again with the act's form open and the problem; nothing changed.
func (s *Handlers) caseExecution(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	f.Show("version")
	in := execution.ActInput{Act: f.V("act"), Version: int(f.Int("version")), Date: f.Date("date"), Reason: f.V("reason"),
		Approve: f.V("approve") == "1", Opinion: f.V("opinion"), Proof: f.V("proof"), Statement: f.V("statement"), Response: f.V("response"),
		Court: f.V("court"), CourtCase: f.V("court_case"), Ground: f.V("ground"), ReceiptNo: f.V("receipt_no"),
		Method: f.V("method"), Basis: f.V("basis"), Result: f.V("result"), Urgent: f.V("urgent")}
	if in.Act == execution.ActApplyDeferral {
		in.Instalments = parseInstalments(f)
	}
	if _, ok := f.Values["amount"]; ok {
		fen, ok := kit.ParseYuan(f.V("amount"))
		if !ok {
			f.Invalid("amount", "金额应为元，最多两位小数")
		}
		in.AmountFen = fen
	}
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		_, err = s.App.Execution().Act(r.Context(), id, in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(id)+"#execution", "已完成："+execution.ActLabel(in.Act)+"，并记入防篡改账本")
		return
	}
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT, zhifa.EFORBIDDEN:
	default:
		s.Fail(w, r, err)
		return
	}
	if e := zhifa.ErrorFields(err); e["amount_fen"] != "" {
		f.Errors["amount"] = e["amount_fen"]
	}
	f.Fail(err)
	pv, perr := s.casePage(r, id, "", nil)
	if perr != nil {
		s.Fail(w, r, perr)
		return
	}
	if pv.Exec, perr = s.execSectionOf(r, id, in.Act, f); perr != nil {
		s.Fail(w, r, perr)
		return
	}
	known := false
	if pv.Exec != nil {
		for _, ef := range pv.Exec.Forms {
			known = known || ef.Act == in.Act
		}
	}
	if !known {
		pv.Problem = f.Message
	}
	s.Render(w, r, kit.StatusOf(err), "staff_case", &kit.Page{Title: pv.P.Number, Nav: "cases", D: pv})
}

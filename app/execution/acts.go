package execution

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/workday"
)

// Execution acts recorded on a case (ActInput.Act).
const (
	ActApplyDeferral  = "apply_deferral"  // 当事人申请暂缓或者分期缴纳（第六十六条第二款）
	ActDecideDeferral = "decide_deferral" // 负责人审批
	ActReminder       = "serve_reminder"  // 送达催告书（行政强制法第三十五条、第三十八条）
	ActStatement      = "record_statement"
	ActApplyCourt     = "apply_court"     // 申请人民法院强制执行（行政强制法第五十三条、第五十四条）
	ActCourtAccepted  = "court_accepted"  // 人民法院受理
	ActSuspend        = "suspend"         // 加处罚款不予计算（行政处罚法第七十三条第三款）
	ActEndSuspension  = "end_suspension"  //
	ActOnSpot         = "collect_on_spot" // 当场收缴（第六十八条、第六十九条、第七十条）
	ActHandIn         = "hand_in"         // 交至行政机关（第七十一条）
	ActBank           = "bank"            // 缴付指定的银行（第七十一条）
	ActEnforce        = "enforce"         // 负责人作出强制执行决定（行政强制法第三十七条、第四十六条）
	ActEnforced       = "enforced"        // 记录强制执行的实施（行政强制法第四十三条）
	ActEnd            = "end_execution"   // 负责人决定终结执行（行政强制法第四十条）
)

// actLabels names the acts; an act without a label is refused (ActInput.check).
var actLabels = map[string]string{ActApplyDeferral: "登记暂缓（分期）缴纳申请", ActDecideDeferral: "审批暂缓（分期）缴纳",
	ActReminder: "送达催告书", ActStatement: "记录当事人陈述申辩", ActApplyCourt: "申请人民法院强制执行",
	ActCourtAccepted: "记录人民法院受理", ActSuspend: "登记加处罚款停止计算", ActEndSuspension: "登记加处罚款恢复计算",
	ActOnSpot: "当场收缴罚款", ActHandIn: "当场收缴罚款交至本机关", ActBank: "罚款缴付指定银行",
	ActEnforce: "作出强制执行决定", ActEnforced: "记录强制执行情况", ActEnd: "终结执行"}

// ActLabel is the Chinese name of an act.
func ActLabel(act string) string { return actLabels[act] }

// Acts lists every act Act accepts, sorted: the suffixes of its audit action
// "execution.ACT" (the audit log names each, app/audit_view.go).
func Acts() []string { return slices.Sorted(maps.Keys(actLabels)) }

// ActInput is one execution act. Version is the obligation's version the page or client
// read (PaymentView.Version); Date the day of the act (today when zero).
type ActInput struct {
	Act         string             `json:"act"`
	Version     int                `json:"version"`
	Date        zhifa.Date         `json:"date,omitempty"`
	Reason      string             `json:"reason,omitempty"` // deferral: the party's reason; suspension: its basis
	Instalments []zhifa.Instalment `json:"instalments,omitempty"`
	Approve     bool               `json:"approve,omitempty"`
	Opinion     string             `json:"opinion,omitempty"`
	Proof       string             `json:"proof,omitempty"` // how the reminder was served (送达回证)
	Statement   string             `json:"statement,omitempty"`
	Response    string             `json:"response,omitempty"` // the agency's review of the statement (复核)
	Court       string             `json:"court,omitempty"`
	CourtCase   string             `json:"court_case,omitempty"`
	Ground      string             `json:"ground,omitempty"`     // on-the-spot ground (law.OnSpot…)
	ReceiptNo   string             `json:"receipt_no,omitempty"` // 专用票据号 or the bank's receipt
	AmountFen   int64              `json:"amount_fen,omitempty"`
	// Method and Basis (enforce): law.Enforce… and the law giving the power, or the seizure
	// whose property is auctioned; Result and Urgent (enforced): what was done, and why on
	// a statutory holiday if it was (Proof holds its record).
	Method string `json:"method,omitempty"`
	Basis  string `json:"basis,omitempty"`
	Result string `json:"result,omitempty"`
	Urgent string `json:"urgent,omitempty"`
}

func (in *ActInput) check(today zhifa.Date) error {
	chk := kernel.NewChecker()
	if ActLabel(in.Act) == "" {
		chk.Add("act", "未知的执行事项")
	}
	if in.Version <= 0 {
		chk.Add("version", "请提供缴款信息版本号（页面已过期时请刷新后重试）")
	}
	if in.Date.IsZero() {
		in.Date = today
	} else if in.Date.After(today) {
		chk.Add("date", "日期不能晚于今天")
	}
	for _, f := range []struct {
		name string
		s    *string
		max  int
	}{{"reason", &in.Reason, 500}, {"opinion", &in.Opinion, 500}, {"proof", &in.Proof, 500}, {"statement", &in.Statement, kernel.MaxText},
		{"response", &in.Response, kernel.MaxText}, {"court", &in.Court, kernel.MaxShort}, {"court_case", &in.CourtCase, kernel.MaxShort},
		{"ground", &in.Ground, 20}, {"receipt_no", &in.ReceiptNo, 64}, {"method", &in.Method, 20}, {"basis", &in.Basis, 500},
		{"result", &in.Result, kernel.MaxText}, {"urgent", &in.Urgent, 500}} {
		chk.Text(f.name, f.s, false, f.max)
	}
	if in.AmountFen < 0 || in.AmountFen > MaxAmountFen {
		chk.Add("amount_fen", "金额不正确")
	}
	if len(in.Instalments) > 36 {
		chk.Add("instalments", "分期不能超过36期")
	}
	for _, x := range in.Instalments {
		if x.AmountFen <= 0 || x.AmountFen > MaxAmountFen {
			chk.Add("instalments", "每期金额应大于零")
			break
		}
	}
	return chk.Err()
}

// Act records an execution act on the case of the actor's own agency, in one transaction
// with its ledger entry and audit line. Deciding a deferral is the head's own act (or the
// deputy's during a delegation, kernel.MayApprove).
func (s *Service) Act(ctx context.Context, caseID int64, in ActInput) (*PaymentView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	today := s.k.Today()
	if err := in.check(today); err != nil {
		return nil, err
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var v *PaymentView
	err = s.k.Write(ctx, "execution."+in.Act, func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Object = kernel.ObjectRef("case", caseID)
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		rec.ObjectPath = ag.Path
		if c.AgencyID != actor.AgencyID {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只能办理本机关的案件")
		}
		o, err := tx.Obligation(ctx, caseID)
		if isNotFound(err) {
			return zhifa.Errorf(zhifa.EINVALID, "本案处罚决定没有罚款或没收金额，或者决定书尚未送达，无需办理缴款执行")
		}
		if err != nil {
			return err
		}
		if in.Version != o.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "缴款信息已被他人修改（当前版本%d），请刷新后重试", o.Version)
		}
		payments, err := tx.Payments(ctx, caseID)
		if err != nil {
			return err
		}
		a := Compute(o, payments, in.Date)
		if !slices.Contains(openActs(c, o, a, today), in.Act) {
			return zhifa.Errorf(zhifa.EINVALID, "当前不能办理“%s”", ActLabel(in.Act))
		}
		meta, err := s.apply(ctx, tx, cal, c, o, a, in)
		if err != nil {
			return err
		}
		if in.Act == ActOnSpot {
			p := zhifa.Payment{CaseID: c.ID, AgencyID: c.AgencyID, ReceiptNo: in.ReceiptNo, AmountFen: in.AmountFen, PaidOn: in.Date, Source: zhifa.PaymentOnSpot}
			if _, err := tx.PaymentByReceipt(ctx, c.AgencyID, p.ReceiptNo); err == nil {
				return kernel.FieldError("receipt_no", "该票据号已登记")
			}
			if err := tx.AddPayment(ctx, &p); err != nil {
				return err
			}
		}
		if err := s.refresh(ctx, tx, cal, c, o); err != nil {
			return err
		}
		rec.Detail = c.Number + " " + ActLabel(in.Act)
		meta["date"] = in.Date.String()
		if err := s.appendEntry(ctx, tx, c, in.Act, meta); err != nil {
			return err
		}
		v, err = s.view(ctx, tx, cal, c, o)
		return err
	})
	return v, err
}

// openActs are the acts the execution allows now. The head's decision is listed while
// an application waits; Act checks that the actor may approve.
func openActs(c *zhifa.Case, o *zhifa.Obligation, a Account, today zhifa.Date) []string {
	x := o.Exec
	if c.Stage == zhifa.StageClose || c.Stage == zhifa.StageArchive || x.Ended != nil {
		return nil
	}
	var acts []string
	open := a.OutstandingFen > 0
	d := x.Deferral
	courtApplied := x.Court != nil
	if open && !courtApplied {
		if d == nil || (d.Decided && !d.Approved) {
			acts = append(acts, ActApplyDeferral)
		}
		if d != nil && !d.Decided {
			acts = append(acts, ActDecideDeferral)
		}
		if x.Reminder == nil && today.After(a.Due) {
			acts = append(acts, ActReminder)
		}
		if x.Reminder != nil {
			acts = append(acts, ActStatement)
			if x.Enforcement == nil { // the agency enforces itself or applies to the court (行政强制法第四十六条)
				acts = append(acts, ActEnforce, ActApplyCourt)
			}
		}
		if x.OnSpot == nil && a.PaidFen == 0 {
			acts = append(acts, ActOnSpot)
		}
	}
	if e := x.Enforcement; e != nil && e.DoneOn.IsZero() {
		acts = append(acts, ActEnforced)
	}
	if open {
		acts = append(acts, ActEnd)
	}
	if courtApplied && x.Court.AcceptedOn.IsZero() {
		acts = append(acts, ActCourtAccepted)
	}
	if open {
		if n := len(x.Suspensions); n > 0 && x.Suspensions[n-1].To.IsZero() {
			acts = append(acts, ActEndSuspension)
		} else {
			acts = append(acts, ActSuspend)
		}
	}
	if os := x.OnSpot; os != nil {
		if os.HandedInOn.IsZero() {
			acts = append(acts, ActHandIn)
		} else if os.BankedOn.IsZero() {
			acts = append(acts, ActBank)
		}
	}
	return acts
}

// courtWindow is the court-application window of the case's decision (law.CourtWindow).
func courtWindow(cal *workday.Calendar, c *zhifa.Case, o *zhifa.Obligation) (zhifa.Date, law.Due) {
	var end zhifa.Date
	if d := o.Exec.Deferral; d != nil && d.Approved {
		end = d.End()
	}
	return law.CourtWindow(cal, o.ServedOn, law.ReconsiderationFirst(c), end)
}

// apply changes o by the act, checking its statutory rule, and returns the act's ledger
// fields.
func (s *Service) apply(ctx context.Context, tx zhifa.Tx, cal *workday.Calendar, c *zhifa.Case, o *zhifa.Obligation, a Account, in ActInput) (map[string]string, error) {
	actor := kernel.ActorFrom(ctx)
	x := &o.Exec
	meta := map[string]string{}
	switch in.Act {
	case ActApplyDeferral:
		d := &zhifa.Deferral{Reason: in.Reason, AppliedOn: in.Date, RecordedBy: actor.UserID, Instalments: in.Instalments}
		if err := law.CheckDeferral(d, a.OutstandingFen); err != nil {
			return nil, err
		}
		x.Deferral = d
		meta["instalments"] = strconv.Itoa(len(d.Instalments))
		meta["end"] = d.End().String()
	case ActDecideDeferral:
		ok, err := s.k.MayApprove(ctx, tx, actor, c.AgencyID, in.Date)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, zhifa.Errorf(zhifa.EFORBIDDEN, "暂缓或者分期缴纳须经行政机关负责人（或其指定的负责人）本人批准")
		}
		if !in.Approve && strings.TrimSpace(in.Opinion) == "" {
			return nil, kernel.FieldError("opinion", "不予批准的，请写明理由")
		}
		d := x.Deferral
		d.Decided, d.Approved, d.DecidedOn, d.DecidedBy, d.Opinion = true, in.Approve, in.Date, actor.UserID, in.Opinion
		if in.Approve && d.End().After(o.Due) {
			o.Due = d.End() // 第七十二条第二款: the deadline in force is the schedule's end
		}
		meta["approved"] = strconv.FormatBool(in.Approve)
	case ActReminder:
		if err := needIssued(ctx, tx, c, zhifa.DocReminder, in.Date, law.RuleReminder,
			"催告应当以书面形式作出（行政强制法第三十五条）：请先签发载明履行期限、方式、金额和陈述申辩权利的催告书"); err != nil {
			return nil, err
		}
		if in.Proof == "" {
			return nil, law.Gate(law.RuleReminder, "催告书应当直接送达当事人（行政强制法第三十八条），请填写送达方式和送达回证")
		}
		x.Reminder = &zhifa.Reminder{ServedOn: in.Date, Proof: in.Proof}
		setClock(c, law.ReminderClock(cal, in.Date))
		from, last := courtWindow(cal, c, o)
		cl := law.NewClock(zhifa.ClockCourt, from, last, zhifa.UnitCalendar, 0, law.RuleCourt+"、"+law.RuleCourtDeferral)
		setClock(c, cl)
	case ActStatement:
		if in.Statement == "" || in.Response == "" {
			return nil, law.Gate(law.RuleReminderRecord, "请记录当事人的陈述申辩及本机关的复核意见")
		}
		x.Reminder.Statement, x.Reminder.StatementOn, x.Reminder.Response = in.Statement, in.Date, in.Response
	case ActApplyCourt:
		if in.Court == "" {
			return nil, kernel.FieldError("court", "请填写受理申请的人民法院")
		}
		from, last := courtWindow(cal, c, o)
		if err := law.CheckCourtApplication(cal, x.Reminder, in.Date, from, last.Date); err != nil {
			return nil, err
		}
		if err := needIssued(ctx, tx, c, zhifa.DocCourtApplication, in.Date, law.RuleCourtDocument,
			"申请人民法院强制执行，应当提供由行政机关负责人签名、加盖印章的强制执行申请书：请先签发强制执行申请书"); err != nil {
			return nil, err
		}
		x.Court = &zhifa.CourtApplication{AppliedOn: in.Date, Court: in.Court}
	case ActCourtAccepted:
		if in.CourtCase == "" {
			return nil, kernel.FieldError("court_case", "请填写人民法院受理案号")
		}
		if in.Date.Before(x.Court.AppliedOn) {
			return nil, kernel.FieldError("date", "受理日期不能早于申请日期")
		}
		x.Court.AcceptedOn, x.Court.CourtCase = in.Date, in.CourtCase
	case ActSuspend:
		sp := zhifa.Suspension{From: in.Date, Basis: in.Reason}
		if err := law.CheckSuspension(sp); err != nil {
			return nil, err
		}
		x.Suspensions = append(x.Suspensions, sp)
	case ActEndSuspension:
		sp := &x.Suspensions[len(x.Suspensions)-1]
		if in.Date.Before(sp.From) {
			return nil, kernel.FieldError("date", "恢复计算日期不能早于停止计算日期")
		}
		sp.To = in.Date
	case ActOnSpot:
		if err := law.CheckOnSpot(c.Procedure, o.FineFen, in.Ground, in.ReceiptNo); err != nil {
			return nil, err
		}
		if in.AmountFen <= 0 || in.AmountFen > a.OutstandingFen {
			return nil, kernel.FieldError("amount_fen", "收缴金额应大于零且不超过应缴金额")
		}
		x.OnSpot = &zhifa.OnSpotCollection{Ground: in.Ground, ReceiptNo: in.ReceiptNo, CollectedOn: in.Date}
		meta["ground"] = in.Ground
		meta["receipt_no"] = in.ReceiptNo
		meta["amount_fen"] = strconv.FormatInt(in.AmountFen, 10)
	case ActEnforce:
		if err := s.decideEnforcement(ctx, tx, cal, c, o, a, in); err != nil {
			return nil, err
		}
		meta["method"] = in.Method
	case ActEnforced:
		if strings.TrimSpace(in.Result) == "" || strings.TrimSpace(in.Proof) == "" {
			return nil, kernel.FieldError("result", "请记录强制执行的实施情况及其凭证（执行笔录、拍卖成交确认书等）")
		}
		e := x.Enforcement
		if in.Date.Before(e.DecidedOn) {
			return nil, kernel.FieldError("date", "实施日期不能早于强制执行决定日期")
		}
		if err := law.CheckEnforcementDay(cal, in.Date, in.Urgent); err != nil {
			return nil, err
		}
		e.DoneOn, e.Result, e.Proof, e.Urgent = in.Date, in.Result, in.Proof, in.Urgent
	case ActEnd:
		ok, err := s.k.MayApprove(ctx, tx, actor, c.AgencyID, in.Date)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, zhifa.Errorf(zhifa.EFORBIDDEN, "终结执行须由行政机关负责人（或其指定的负责人）本人决定")
		}
		if err := law.CheckEndExecution(in.Ground, in.Reason, in.Proof); err != nil {
			return nil, err
		}
		x.Ended = &zhifa.ExecutionEnd{Ground: in.Ground, Reason: in.Reason, Proof: in.Proof, DecidedOn: in.Date, DecidedBy: actor.UserID}
		meta["ground"] = in.Ground
	case ActHandIn:
		if in.Date.Before(x.OnSpot.CollectedOn) {
			return nil, kernel.FieldError("date", "交至本机关的日期不能早于收缴日期")
		}
		x.OnSpot.HandedInOn = in.Date
	case ActBank:
		if in.ReceiptNo == "" {
			return nil, kernel.FieldError("receipt_no", "请填写银行出具的缴款凭证号")
		}
		if in.Date.Before(x.OnSpot.HandedInOn) {
			return nil, kernel.FieldError("date", "缴付银行的日期不能早于交至本机关的日期")
		}
		x.OnSpot.BankedOn, x.OnSpot.BankReceipt = in.Date, in.ReceiptNo
	}
	return meta, nil
}

// decideEnforcement records the head's decision that the agency enforces the decision
// itself (行政强制法第三十七条、第四十六条), in writing: the enforcement decision issued.
func (s *Service) decideEnforcement(ctx context.Context, tx zhifa.Tx, cal *workday.Calendar, c *zhifa.Case, o *zhifa.Obligation, a Account, in ActInput) error {
	actor := kernel.ActorFrom(ctx)
	ok, err := s.k.MayApprove(ctx, tx, actor, c.AgencyID, in.Date)
	if err != nil {
		return err
	}
	if !ok {
		return zhifa.Errorf(zhifa.EFORBIDDEN, "强制执行决定须由行政机关负责人（或其指定的负责人）本人作出")
	}
	recons, err := tx.CaseReconsiderations(ctx, c.ID)
	if err != nil {
		return err
	}
	f := law.EnforcementFacts{Method: in.Method, Basis: in.Basis, Reminder: o.Exec.Reminder, LateFeeDays: a.LateFeeDays,
		RemedyEnd: law.RemedyPeriodEnd(cal, o.ServedOn, law.ReconsiderationFirst(c)).Date, RemedySought: len(recons) > 0, On: in.Date}
	if err := law.CheckEnforcementDecision(cal, f); err != nil {
		return err
	}
	if err := needIssued(ctx, tx, c, zhifa.DocEnforcementDecision, in.Date, law.RuleEnforceDecision,
		"强制执行决定应当以书面形式作出：请先签发行政强制执行决定书"); err != nil {
		return err
	}
	o.Exec.Enforcement = &zhifa.Enforcement{Method: in.Method, Basis: in.Basis, DecidedOn: in.Date, DecidedBy: actor.UserID}
	return nil
}

// needIssued refuses an act that the law makes written until the case has the document of
// type t issued on or before the act's day.
func needIssued(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, t zhifa.DocType, on zhifa.Date, rule, why string) error {
	docs, err := tx.Documents(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, d := range docs {
		if d.Type == t && d.State != zhifa.DocDraft && !d.IssuedOn.After(on) {
			return nil
		}
	}
	return law.Gate(rule, why)
}

func itoa(n int) string { return strconv.Itoa(n) }

package cases

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/app/supervision"
	"zhifa/law"
	"zhifa/web/kit"
)

// actionForm is the small form of one step on the case page: exactly the inputs the
// step needs (see app.ActionInput).
type actionForm struct {
	Action zhifa.Action
	Label  string
	// Head steps take an approver; Reason steps a required reason.
	Head, Reason bool
	// DateLabel names the date input, "" for none; DateRequired for the hearing day.
	DateLabel    string
	DateRequired bool
	Fine         bool // fine in yuan and warning (penalty decisions)
	HearingRight bool
	Discussion   bool
	Disposal     bool
	Clocks       []kit.Option // clock to pause, resume or extend
	Days         bool
	Service      bool // how the decision was served (行政处罚法第六十一条)
	Summary      bool // how a summary decision was made on the spot (第五十二条)
	Education    bool // how and what the party not punished was taught (第三十三条第三款)
	// Presiders are the officers who may preside over the hearing: the agency's active
	// officers who did not investigate the case (行政处罚法第六十四条第一款第四项).
	Presiders []kit.Option
	Danger    bool // an alternative ending
	// Missing are the unmet rules of the step today.
	Missing []missingItem
	Form    *kit.Form
	Open    bool
}

// dateLabels names the date input of the steps that record a day.
var dateLabels = map[zhifa.Action]string{
	"notify": "告知书送达日期", "renotify": "新告知书送达日期", "request_hearing": "申请听证日期", "schedule_hearing": "举行听证日期", "decide": "决定日期",
	"serve": "送达日期", "execute": "执行日期", "seize": "查封扣押日期", "release": "解除日期", "close": "结案日期",
	"no_penalty": "结案日期", "transfer": "移送日期", "withdraw": "撤案日期", "pause_clock": "中止日期",
	"resume_clock": "恢复日期", "preserve": "登记保存日期", "end_preservation": "处理决定日期", "inspect": "检查日期", "conclude": "结论日期", "hold_hearing": "听证日期",
	"file_summary": "备案日期", "educate": "教育日期",
}

// formActions are the steps the case page has a form for; the others (legal review,
// collective discussion, transfer of a suspected crime) are taken on their own pages,
// linked from the case page.
var formActions = map[zhifa.Action]bool{
	"investigate": true, "notify": true, "renotify": true, "waive_statement": true, "request_hearing": true,
	"waive_hearing": true, "schedule_hearing": true, "hold_hearing": true, "review": true,
	"decide": true, "serve": true, "execute": true, "close": true, "inspect": true, "conclude": true,
	"seize": true, "release": true, "archive": true, "no_penalty": true, "withdraw": true,
	"approve_seizure": true, "preserve": true, "end_preservation": true,
	"pause_clock": true, "resume_clock": true, "extend": true, "file_summary": true, "educate": true,
}

// actionPages names the case page (/staff/cases/{id}/NAME) where the steps without a
// form on the case page are taken.
var actionPages = map[zhifa.Action]string{
	"propose": "propose", "mark_major": "legal-review", "submit_review": "legal-review", "review_opinion": "legal-review",
	"resubmit": "legal-review", "refuse_opinion": "legal-review", "coordinate": "legal-review", "discuss": "legal-review",
	"approve": "legal-review", "propose_transfer": "transfer", "approve_transfer": "transfer", "reject_transfer": "transfer",
	"hand_over": "transfer", "transfer_reply": "transfer", "request_reconsideration": "transfer", "transfer": "transfer",
}

// addOther adds a step taken on another page: one entry per page, named by its first
// step ("等" when it has several).
func (v *casePageView) addOther(href, label string) {
	for i, o := range v.Others {
		if href != "" && o.Value == href {
			if !strings.HasSuffix(o.Label, "等") {
				v.Others[i].Label += "等"
			}
			return
		}
	}
	v.Others = append(v.Others, kit.Option{Value: href, Label: label})
}

// pageOf is the link to the page of action among the case's links, "" if there is none.
func pageOf(links []kit.Option, action zhifa.Action) string {
	name, ok := actionPages[action]
	if !ok {
		return ""
	}
	for _, l := range links {
		if strings.HasSuffix(l.Value, "/"+name) {
			return l.Value
		}
	}
	return ""
}

// endings are the alternative endings, shown apart from the main steps.
var endings = map[zhifa.Action]bool{"no_penalty": true, "transfer": true, "withdraw": true}

// clockActions are the clock changes, offered while the case has a clock to change.
var clockActions = []zhifa.Action{zhifa.ActPauseClock, zhifa.ActResumeClock, zhifa.ActExtend}

// casePageView is the data of the case page.
type casePageView struct {
	P        *app.CasePage
	Clocks   []clockItem
	Missing  []missingItem
	Actions  []*actionForm
	Endings  []*actionForm
	ClockOps []*actionForm
	Timeline []timelineRow
	// Upload is the photo/A-V upload form.
	Upload     *kit.Form
	UploadOpen bool
	Acts       []kit.Option
	Officers   []kit.Option
	Checked    map[string]bool
	MayUpload  bool
	Approvers  []kit.Option
	ActorHead  bool
	// Problem is a refused step's message when its form is not on the page.
	Problem string
	// Fine is the decided fine in yuan.
	Fine string
	// Complaints are the complaints the case was opened from (issue 14), for those who
	// may open them.
	Complaints []supervision.ListItem
	// Faults are the case's fault reviews (issue 14, F3): the header shows their state.
	Faults []*supervision.FaultView
	// Links are the other pages of the case (documents, proposal, review, case file, ...),
	// from the route table; Others the next steps taken on those pages.
	Links  []kit.Option
	Others []kit.Option
	// Exec is the 执行 section (page_execution.go), nil without a payment obligation;
	// Property the 涉案财物 section (page_property.go), nil for a case without property.
	Exec     *execSection
	Property *propertySection
	// Publication is the publication of the case's decision, nil if none (issue 13).
	Publication *zhifa.Publication
	// Next is the one step the case waits for (app.NextStepView) and NextLink where it is
	// taken; Overdue and Waiting count the agency's overdue clocks and the party's
	// running periods apart (issue 12).
	Next      *app.NextStepView
	NextLink  string
	NextUnmet []missingItem
	Overdue   int
	Waiting   int
}

// nextFirst puts the next step's form first among the steps (the lead card links to it).
func (v *casePageView) nextFirst() {
	for i, af := range v.Actions {
		if af.Action == v.Next.Action {
			v.Actions = append(append([]*actionForm{af}, v.Actions[:i]...), v.Actions[i+1:]...)
			return
		}
	}
}

// allForms lists the step forms of the page.
func (v *casePageView) allForms() []*actionForm {
	return append(append(append([]*actionForm{}, v.Actions...), v.Endings...), v.ClockOps...)
}

type clockItem struct {
	app.ClockView
	Class, Text string
	// Note explains a provisional (暂定) due date in words (law.ProvisionalNote).
	Note string
}

// clockItemOf shows a clock: a running period of the party or of the receiving organ
// is a wait (等待当事人), not the agency's work; when it has ended it is over (已届满),
// never overdue (law.WaitsOnOthers).
func clockItemOf(cl app.ClockView) clockItem {
	it := clockItem{ClockView: cl, Class: dueClass(cl.Status), Text: dueText(cl.Status)}
	if law.WaitsOnOthers(cl.Kind) && !cl.Done && !cl.Paused {
		switch {
		case cl.Status == law.ClockEnded || cl.Status == law.ClockOverdue:
			it.Class, it.Text = "muted", "已届满"
		case law.PartyPeriod(cl.Kind):
			it.Class, it.Text = "info", "等待当事人"
		default:
			it.Class, it.Text = "info", "等待对方"
		}
	}
	if cl.Provisional && !cl.Done {
		it.Note = law.ProvisionalNote(cl.Due)
	}
	return it
}

// nextStepLink is where the next step is taken: its form on the case page, or the page
// that has it.
func nextStepLink(v *casePageView, action zhifa.Action) string {
	for _, af := range v.allForms() {
		if af.Action == action {
			return "#step-" + string(action)
		}
	}
	return pageOf(v.Links, action)
}

type missingItem struct {
	Label, Text string
	law.Unmet
}

// unmetText is the message of an unmet rule without the citation the gate appended
// (the page shows the rule apart).
func unmetText(m law.Unmet) string {
	return strings.TrimSuffix(m.Message, "（依据："+m.Rule+"）")
}

// stageActions lists the actions c may take in its stage, in the order of law.Steps:
// the steps to the next stage and the acts within the stage (hearing requests, the
// proposal, legal review, ...), the clock changes excepted.
func stageActions(c *zhifa.Case) []zhifa.Action {
	var out []zhifa.Action
	for _, action := range law.Actions() {
		if slices.Contains(clockActions, action) {
			continue
		}
		if _, err := law.Transition(c, action); err == nil {
			out = append(out, action)
		}
	}
	return out
}

type timelineRow struct {
	app.TimelineItem
	Detail string
}

// recordActs are the acts an uploaded record may document.
var recordActs = []kit.Option{{Value: "", Label: "其他（不对应特定执法行为）"}, {Value: "investigate", Label: "调查取证"}, {Value: "inspect", Label: "现场检查"},
	{Value: "seize", Label: "查封扣押（须全程音像记录）"}, {Value: "release", Label: "解除查封扣押"}, {Value: "notify", Label: "告知"}, {Value: "hearing", Label: "听证"},
	{Value: "serve", Label: "送达"}, {Value: "execute", Label: "执行"}}

// casePage builds the page data of case id; failed names the action (or "upload")
// whose form f failed, to show it open with its problems.
func (s *Handlers) casePage(r *http.Request, id int64, failed string, f *kit.Form) (*casePageView, error) {
	p, err := s.App.CasePage(r.Context(), id)
	if err != nil {
		return nil, err
	}
	actor := app.ActorFrom(r.Context())
	v := &casePageView{P: p, Checked: map[string]bool{}, ActorHead: actor.Role == zhifa.RoleHead,
		MayUpload: p.MayAct && s.App.HasEvidenceStorage() && p.Stage != zhifa.StageArchive}
	v.Fine = law.Yuan(p.State.FineFen)
	for _, cl := range p.Clocks {
		it := clockItemOf(cl)
		switch {
		case it.Text == "等待当事人":
			v.Waiting++
		case !law.WaitsOnOthers(cl.Kind) && cl.Status == law.ClockOverdue:
			v.Overdue++
		}
		v.Clocks = append(v.Clocks, it)
	}
	for _, m := range p.Missing {
		v.Missing = append(v.Missing, missingItem{Label: law.StepLabel(p.Case, m.Action), Text: unmetText(m), Unmet: m})
	}
	for _, a := range p.Approvers {
		v.Approvers = append(v.Approvers, kit.Option{Value: kit.ID64(a.ID), Label: a.Name})
	}
	for _, it := range p.Timeline {
		row := timelineRow{TimelineItem: it}
		if e := it.Event; e != nil {
			row.Detail = strings.TrimSpace(strings.Join(nonEmpty(e.Reason, e.Detail), "；"))
		} else if rec := it.Record; rec != nil && rec.Act != "" {
			row.Detail = "记录的执法行为：" + actLabel(rec.Act)
		}
		v.Timeline = append(v.Timeline, row)
	}
	v.Links = s.caseLinks(r, p.ID)
	if actor.Can(app.PermHandleCases) || actor.Can(app.PermSupervise) {
		if v.Complaints, err = s.App.Supervision().CaseComplaints(r.Context(), p.ID); err != nil {
			return nil, err
		}
	}
	if cf, err := s.App.Supervision().CaseFaults(r.Context(), p.ID); err == nil {
		v.Faults = cf.Reviews
	} else if zhifa.ErrorCode(err) != zhifa.ENOTFOUND && zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		return nil, err
	}
	if v.Exec, err = s.execSectionOf(r, p.ID, "", nil); err != nil {
		return nil, err
	}
	if v.Property, err = s.propertySectionOf(r, p.Case, p.MayAct); err != nil {
		return nil, err
	}
	if v.Publication, err = s.App.Publicity().OfCase(r.Context(), p.ID); err != nil {
		return nil, err
	}
	if p.MayAct {
		for _, action := range stageActions(p.Case) {
			if !law.Applies(p.Case, action) {
				continue // no occasion in the case's state (no hearing forms without a hearing right)
			}
			if !formActions[action] {
				v.addOther(pageOf(v.Links, action), law.StepLabel(p.Case, action))
				continue
			}
			af := s.actionForm(p, action, failed, f)
			if af == nil {
				continue
			}
			if action == zhifa.ActHoldHearing {
				if af.Presiders, err = s.presiders(r, p); err != nil {
					return nil, err
				}
			}
			if endings[action] {
				v.Endings = append(v.Endings, af)
			} else {
				v.Actions = append(v.Actions, af)
			}
		}
		if p.Stage != zhifa.StageClose && p.Stage != zhifa.StageArchive {
			for _, action := range clockActions {
				if af := s.actionForm(p, action, failed, f); af != nil {
					v.ClockOps = append(v.ClockOps, af)
				}
			}
		}
	}
	if v.Next = p.NextStep; v.Next != nil {
		v.NextLink = nextStepLink(v, v.Next.Action)
		for _, m := range v.Next.Unmet {
			v.NextUnmet = append(v.NextUnmet, missingItem{Label: v.Next.Label, Text: unmetText(m), Unmet: m})
		}
		v.nextFirst()
	}
	v.Upload = kit.NewForm()
	if failed == "upload" && f != nil {
		v.Upload, v.UploadOpen = f, true
	} else {
		v.Upload.Set("captured_at", s.App.Now().In(zhifa.CST).Format("2006-01-02T15:04"))
		v.Upload.Set("act", pendingAVAct(p.Missing)) // the A/V record a step still needs (page_recording.go)
	}
	v.Acts = recordActs
	for _, o := range p.Officers {
		v.Officers = append(v.Officers, kit.Option{Value: kit.ID64(o.ID), Label: o.Name})
	}
	if vals, ok := v.Upload.Values["officer_ids"]; ok {
		for _, id := range vals {
			v.Checked[id] = true
		}
	} else {
		for _, o := range p.Officers {
			v.Checked[kit.ID64(o.ID)] = true
		}
	}
	return v, nil
}

func nonEmpty(list ...string) []string {
	var out []string
	for _, s := range list {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// actLabel is the Chinese name of a recorded act.
func actLabel(act string) string {
	for _, o := range recordActs {
		if o.Value == act && act != "" {
			return strings.TrimSuffix(o.Label, "（须全程音像记录）")
		}
	}
	return act
}

// actionForm builds the form of action on the case, nil when it does not apply (a
// clock change without a clock to change).
func (s *Handlers) actionForm(p *app.CasePage, action zhifa.Action, failed string, f *kit.Form) *actionForm {
	step, err := law.Transition(p.Case, action)
	if err != nil {
		return nil
	}
	af := &actionForm{Action: action, Label: step.Label, Head: step.Head, Reason: step.Reason, DateLabel: dateLabels[action],
		DateRequired: action == zhifa.ActScheduleHearing, Danger: endings[action], Form: kit.NewForm()}
	switch action {
	case zhifa.ActApproveSeizure: // before the seizure, or within 24 hours after an emergency one (行政强制法第十九条)
		if unapproved, overdue := law.SeizureUnapproved(p.Case, s.App.Now()); p.State.SeizureApproved ||
			(p.Stage != zhifa.StageOpen && (!unapproved || overdue)) {
			return nil
		}
	case zhifa.ActPreserve, zhifa.ActEndPreservation: // one preservation at a time (行政处罚法第五十六条)
		if p.State.Preservation.Active() != (action == zhifa.ActEndPreservation) {
			return nil
		}
	case zhifa.ActNotify, zhifa.ActRenotify:
		af.HearingRight = true
	case zhifa.ActReview:
		af.Discussion = true
	case zhifa.ActServe:
		af.Service = true
	case zhifa.ActEducate:
		af.Education = true
	case zhifa.ActDecide:
		if p.Kind == zhifa.CaseCompulsory {
			af.Disposal = true
		} else {
			af.Fine = true
			af.Summary = p.Procedure == zhifa.ProcSummary
		}
	case zhifa.ActPauseClock, zhifa.ActResumeClock, zhifa.ActExtend:
		for _, cl := range p.Clocks {
			// The Art. 61 service period is never paused or extended (law.CheckServiceClockChange).
			// Nor the 24 hours and seven days of law.CheckMeasureClockChange.
			ok := !cl.Done && (action == zhifa.ActResumeClock) == cl.Paused && law.CheckServiceClockChange(cl.Kind) == nil &&
				law.CheckMeasureClockChange(cl.Kind) == nil
			if ok {
				af.Clocks = append(af.Clocks, kit.Option{Value: string(cl.Kind), Label: cl.Label + "（截止" + cl.Due.Chinese() + "）"})
			}
		}
		if len(af.Clocks) == 0 {
			return nil
		}
		af.Days = action == zhifa.ActExtend
	}
	for _, m := range p.Missing {
		if m.Action == action {
			af.Missing = append(af.Missing, missingItem{Label: af.Label, Text: unmetText(m), Unmet: m})
		}
	}
	if failed == string(action) && f != nil {
		af.Form, af.Open = f, true
	} else if pr := p.State.Proposal; action == zhifa.ActDecide && pr != nil {
		// The decision follows the proposal (拟处罚决定): prefill it.
		if pr.FineFen > 0 {
			af.Form.Set("fine", law.Yuan(pr.FineFen))
		}
		af.Form.SetBool("warning", slices.Contains(pr.Penalties, "警告"))
		af.Form.Set("disposal", pr.Disposal)
	}
	af.Form.Set("version", strconv.Itoa(p.Version))
	return af
}

// caseDetail shows a case.
func (s *Handlers) caseDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	v, err := s.casePage(r, id, "", nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_case", &kit.Page{Title: v.P.Number, Nav: "cases", D: v})
}

// caseAct takes one step of a case. A refused step shows the case page again with the
// step's form open and the problem (the article for an unmet rule); nothing changed.
func (s *Handlers) caseAct(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	action := zhifa.Action(r.PathValue("action"))
	f := kit.PostedForm(r)
	f.Show("version")
	in := app.ActionInput{Version: int(f.Int("version")), Reason: f.V("reason"), Warning: f.Checked("warning"),
		HearingRight: f.Checked("hearing_right"), DiscussionRequired: f.Checked("discussion_required"), ByDiscussion: f.Checked("by_discussion"),
		Disposal: f.V("disposal"), Days: int(f.Int("days")), Clock: zhifa.ClockKind(f.V("clock")), ApproverID: f.Int("approver_id")}
	in.Date, in.BackdateReason = f.Date("date"), f.V("backdate_reason")
	if action == zhifa.ActHoldHearing {
		in.Hearing = &zhifa.HearingRecord{PresiderID: f.Int("hearing_presider_id"), Public: f.V("hearing_closed_ground") == "",
			ClosedGround: f.V("hearing_closed_ground"), Recusal: f.V("hearing_recusal"), RecusalDecision: f.V("hearing_recusal_decision"),
			Signed: f.Checked("hearing_signed"), Refusal: f.V("hearing_refusal")}
	}
	if action == zhifa.ActSeize {
		in.Seizure = &zhifa.SeizureRecord{Emergency: f.Checked("seizure_emergency"), Notified: f.Checked("seizure_notified"),
			PartyPresent: f.V("seizure_party_present") != "absent", Signed: f.Checked("seizure_signed"),
			Refusal: f.V("seizure_refusal"), Witness: f.V("seizure_witness")}
	}
	if action == zhifa.ActPreserve {
		in.Preservation = &zhifa.Preservation{Items: f.V("preservation_items")}
	}
	if _, ok := f.Values["summary_statement"]; action == zhifa.ActDecide && ok {
		in.Summary = &zhifa.SummaryRecord{CertificatesShown: f.Checked("summary_certificates"), Informed: f.Checked("summary_informed"),
			Statement: f.V("summary_statement"), Response: f.V("summary_response")}
	}
	if action == zhifa.ActEducate {
		in.Education = &zhifa.EducationRecord{Method: f.V("education_method"), Content: f.V("education_content")}
	}
	if action == zhifa.ActServe {
		in.Service = &zhifa.Service{Method: zhifa.ServiceMethod(f.V("service_method")), Proof: f.V("service_proof"),
			ConsentOn: f.Date("service_consent_on"), Address: f.V("service_address")}
	}
	if _, ok := f.Values["fine"]; ok {
		fen, ok := kit.ParseYuan(f.V("fine"))
		if !ok {
			f.Invalid("fine", "罚款金额应为元，最多两位小数，如 5000 或 1234.50")
		}
		in.Fine = fen
	}
	var err error
	var v *app.CaseView
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else if requested, rerr := s.RequestIfAsked(r, id, action, in); requested || rerr != nil {
		if rerr == nil {
			s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(id), "已提交审批请求，待负责人本人审批")
			return
		}
		err = rerr
	} else {
		v, err = s.App.Act(r.Context(), id, action, in)
	}
	if err == nil {
		label := law.ActionLabel(action)
		if v != nil {
			label = law.StepLabel(v.Case, action)
		}
		s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(id), "已完成："+label+"，并记入防篡改账本")
		return
	}
	if !s.Fixable(w, r, err, zhifa.EFORBIDDEN) {
		return
	}
	f.Fail(err)
	pv, perr := s.casePage(r, id, string(action), f)
	if perr != nil {
		s.Fail(w, r, perr)
		return
	}
	if zhifa.ErrorCode(err) == zhifa.ECONFLICT {
		// The version the form carries is the stale one: keep it, so the page shows the
		// conflict until it is reloaded.
		for _, af := range pv.allForms() {
			if af.Action == action {
				af.Form.Set("version", strconv.Itoa(in.Version))
			}
		}
	}
	known := false
	for _, af := range pv.allForms() {
		known = known || af.Action == action
	}
	if !known {
		// The step is not offered now (another user moved the case on): show the
		// problem above the page.
		pv.Problem = f.Message
	}
	s.Render(w, r, kit.StatusOf(err), "staff_case", &kit.Page{Title: pv.P.Number, Nav: "cases", D: pv})
}

// caseUpload uploads a photo or an A/V record from the case page and links it to the
// case as a record of its act.
func (s *Handlers) caseUpload(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	if err := s.App.Evidence().EvidenceUploadAllowed(r.Context()); err != nil {
		s.Fail(w, r, err)
		return
	}
	maxSize := s.App.Evidence().MaxEvidenceSize()
	up, err := kit.ReadEvidenceUpload(w, r, maxSize)
	f := &kit.Form{Values: up.Values, Errors: map[string]string{}}
	f.Show("file", "officer_ids")
	if err == nil && up.File == nil {
		err = kit.APIInvalid("file", "请拍摄或选择要上传的文件")
	}
	var rec *zhifa.Record
	if err == nil {
		var in evidence.EvidenceInput
		if in, err = kit.EvidenceInputOf(up.Values, up.File); err == nil {
			rec, _, err = s.App.UploadCaseEvidence(r.Context(), id, up.Values.Get("act"), in, &kit.UploadReader{R: up.Content(), TooBig: kit.TooLargeError(maxSize)})
		}
		up.File.Close()
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(id)+"#records", "已上传并登记"+rec.Kind.Label()+"：“"+rec.Title+"”，已记入防篡改账本")
		return
	}
	kit.DrainBody(r)
	if !s.Fixable(w, r, err) {
		return
	}
	f.Fail(err)
	v, perr := s.casePage(r, id, "upload", f)
	if perr != nil {
		s.Fail(w, r, perr)
		return
	}
	s.Render(w, r, kit.StatusOf(err), "staff_case", &kit.Page{Title: v.P.Number, Nav: "cases", D: v})
}

// caseLinks lists the other pages of case id the actor may open: every GET route of the
// form /staff/cases/{id}/NAME registered by the case's other features.
func (s *Handlers) caseLinks(r *http.Request, id int64) []kit.Option {
	actor := app.ActorFrom(r.Context())
	var out []kit.Option
	for _, rt := range s.Routes() {
		rest, ok := strings.CutPrefix(rt.Pattern, "/staff/cases/{id}/")
		if rt.Method != http.MethodGet || !ok || rest == "" || strings.ContainsAny(rest, "{}/") || !actor.Can(rt.Perm) {
			continue
		}
		out = append(out, kit.Option{Value: "/staff/cases/" + kit.ID64(id) + "/" + rest, Label: rt.Summary})
	}
	return out
}

// presiders lists the agency's active officers who are not officers of the case, as
// options for the hearing's presider.
func (s *Handlers) presiders(r *http.Request, p *app.CasePage) ([]kit.Option, error) {
	officers, err := s.App.CaseOfficers(r.Context())
	if err != nil {
		return nil, err
	}
	var out []kit.Option
	for _, o := range officers {
		if !slices.Contains(p.OfficerIDs, o.ID) {
			out = append(out, kit.Option{Value: kit.ID64(o.ID), Label: o.Name})
		}
	}
	return out, nil
}

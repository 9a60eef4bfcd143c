package kernel

import (
	"zhifa"
	"zhifa/law"
)

// ActionInput is the input of one step (Act). Version is the case version the actor saw.
// A field tagged steps is read only by the steps named there (the OpenAPI document gives
// each step its own schema from these tags; a test checks every name is a step);
// unit:"fen" marks an amount in fen.
type ActionInput struct {
	Version int        `json:"version"`
	Reason  string     `json:"reason,omitempty"`
	Date    zhifa.Date `json:"date,omitempty"` // day of the act; today when empty (schedule_hearing: the hearing day)
	// BackdateReason says why an act dated before today is recorded late (补录,
	// law.CheckBackdate); required then, ignored otherwise.
	BackdateReason string `json:"backdate_reason,omitempty"`
	Fine           int64  `json:"fine,omitempty" steps:"propose,decide" unit:"fen"`
	Warning        bool   `json:"warning,omitempty" steps:"propose,decide"`
	// HearingRight (notify, renotify): the intended penalty gives the party a right to a
	// hearing (Art. 63(五)(六)). It only adds one: the right law.HearingRight derives from
	// the proposal is set regardless.
	HearingRight bool `json:"hearing_right,omitempty" steps:"notify,renotify"`
	// DiscussionRequired (review): the case goes to collective discussion (Art. 57).
	DiscussionRequired bool `json:"discussion_required,omitempty" steps:"review"`
	// Service (serve): the method, its proof and, for electronic service, the party's
	// consent (行政处罚法第六十一条, law.CheckService).
	Service *zhifa.Service `json:"service,omitempty" steps:"serve"`
	// Hearing (hold_hearing): the presider, publicity, 回避 and the signed 笔录
	// (行政处罚法第六十四条, law.CheckHearing).
	Hearing *zhifa.HearingRecord `json:"hearing,omitempty" steps:"hold_hearing"`
	// Seizure (seize): notice, 现场笔录 and witness, and the emergency path
	// (行政强制法第十八条、第十九条, law.CheckSeizure; seizure.go).
	Seizure *zhifa.SeizureRecord `json:"seizure,omitempty" steps:"seize"`
	// Preservation (preserve): the items preserved (行政处罚法第五十六条).
	Preservation *zhifa.Preservation `json:"preservation,omitempty" steps:"preserve"`
	// Summary (summary decide): the certificates shown, the party informed and what the
	// party said (行政处罚法第五十二条、第四十四条, law.CheckSummaryRecord).
	Summary *zhifa.SummaryRecord `json:"summary,omitempty" steps:"decide"`
	// Education (educate): how and what the party not punished was taught
	// (行政处罚法第三十三条第三款, law.CheckEducation); its day is the step's.
	Education *zhifa.EducationRecord `json:"education,omitempty" steps:"educate"`
	// Disposal (compulsory decide): confiscate, destroy or release; (end_preservation)
	// release or seize.
	Disposal string `json:"disposal,omitempty" steps:"propose,decide,end_preservation"`
	// ByDiscussion (extend): the heads decided the extension by collective discussion, as
	// the agency's rule requires beyond the head's own extensions (行政处罚法第六十条).
	ByDiscussion bool `json:"by_discussion,omitempty" steps:"extend"`
	// Days and Clock (extend, pause_clock, resume_clock).
	Days  int             `json:"days,omitempty" steps:"extend"`
	Clock zhifa.ClockKind `json:"clock,omitempty" steps:"extend,pause_clock,resume_clock"`
	// ApproverID names the head (or deputy) to ask in an approval request (approvals.go);
	// it never names who approved. In a step taken directly it is empty or the actor.
	ApproverID int64 `json:"approver_id,omitempty"`
	// Review is the input of the legal-review steps (review.go).
	Review *ReviewInput `json:"review,omitempty" steps:"mark_major,submit_review,resubmit,review_opinion,refuse_opinion,coordinate,discuss,approve"`
	// Transfer is the input of the transfer steps of a suspected crime (transfer.go, G3).
	Transfer *TransferInput `json:"transfer,omitempty" steps:"propose_transfer,approve_transfer,reject_transfer,hand_over,transfer_reply,request_reconsideration,transfer"`
	// Propose (拟作出处罚决定, propose.go, B3/B4), with Fine, Warning, Reason (the discretion
	// reasoning) and, for a compulsory case, Disposal: the penalties (行政处罚法第九条), the
	// confiscated value and the illegal gain in fen, the benchmark level, the cited
	// entries of the four lists (keys) and the major-decision flags.
	Penalties   []string `json:"penalties,omitempty" steps:"propose"`
	Confiscate  int64    `json:"confiscate,omitempty" steps:"propose" unit:"fen"`
	IllegalGain int64    `json:"illegal_gain,omitempty" steps:"propose" unit:"fen"`
	Level       string   `json:"level,omitempty" steps:"propose"`
	ListEntries []string `json:"list_entries,omitempty" steps:"propose"`
	Flags       []string `json:"flags,omitempty" steps:"propose"`
	// GoodsValue (货值金额) and Refund (依法退赔的违法所得) in fen, RefundBasis, Correction
	// (责令改正的内容), Corrected and Heavier (从重): the statutory-range and 行政处罚法第二十八条
	// inputs of the proposal (law/penaltyrange.go).
	GoodsValue  int64  `json:"goods_value,omitempty" steps:"propose" unit:"fen"`
	Refund      int64  `json:"refund,omitempty" steps:"propose" unit:"fen"`
	RefundBasis string `json:"refund_basis,omitempty" steps:"propose"`
	Correction  string `json:"correction,omitempty" steps:"propose"`
	Corrected   bool   `json:"corrected,omitempty" steps:"propose"`
	Heavier     bool   `json:"heavier,omitempty" steps:"propose"`
}

// ReviewInput is the review part of an action's input (ActionInput.Review).
type ReviewInput struct {
	// ReviewerID (submit_review, resubmit): the reviewer to assign; 0 picks the eligible
	// reviewer with the fewest pending reviews (resubmit: the previous reviewer).
	ReviewerID int64 `json:"reviewer_id,omitempty"`
	// Materials (submit_review, resubmit): the case records submitted per checklist code.
	Materials []MaterialInput `json:"materials,omitempty"`
	// Answers (resubmit): the answer to each problem of the previous round, in order.
	Answers []string `json:"answers,omitempty"`
	// Findings, Opinion ("agree" or "problems"), OpinionText and Problems (review_opinion).
	Findings    []zhifa.ReviewFinding `json:"findings,omitempty"`
	Opinion     string                `json:"opinion,omitempty"`
	OpinionText string                `json:"opinion_text,omitempty"`
	Problems    []zhifa.ReviewProblem `json:"problems,omitempty"`
	// Coordination (coordinate): "uphold" (the opinion stands) or "discussion".
	Coordination string `json:"coordination,omitempty"`
	// Discussion (discuss): the record of the collective discussion (E6).
	Discussion *zhifa.Discussion `json:"discussion,omitempty"`
	// Clause (mark_major): the clause the handler relies on; the reason is the action's reason.
	Clause string `json:"clause,omitempty"`
}

// MaterialInput is one submitted material: its checklist code and the case record.
type MaterialInput struct {
	Code     string `json:"code"`
	RecordID int64  `json:"record_id"`
}

// TransferInput is the input of the transfer steps (ActionInput.Transfer).
type TransferInput struct {
	// Facts and Offence (propose_transfer): the facts of the suspected crime and the
	// offence suspected, as the written report states them.
	Facts   string `json:"facts,omitempty"`
	Offence string `json:"offence,omitempty"`
	// OrganKind and Organ (hand_over): public_security, procuratorate or supervision, and
	// the receiving organ's name.
	OrganKind zhifa.OrganKind `json:"organ_kind,omitempty"`
	Organ     string          `json:"organ,omitempty"`
	// Reply (transfer_reply): filed (立案) or declined (不予立案, with the reason in
	// ActionInput.Reason).
	Reply string `json:"reply,omitempty"`
}

// StepInput is what the statutory gates of a step read of the input (law.CheckStep).
func (in ActionInput) StepInput() law.StepInput {
	return law.StepInput{Date: in.Date, FineFen: in.Fine, Warning: in.Warning, Days: in.Days, Clock: in.Clock,
		Disposal: in.Disposal, ByDiscussion: in.ByDiscussion, Preservation: in.Preservation, Summary: in.Summary, Service: in.Service,
		Education: in.Education}
}

// Check validates the texts and amounts of the input at the edge.
func (in *ActionInput) Check() error {
	chk := NewChecker()
	chk.Text("reason", &in.Reason, false, 1000)
	chk.Text("backdate_reason", &in.BackdateReason, false, 500)
	if in.Service != nil {
		chk.Text("service_proof", &in.Service.Proof, false, 500)
		chk.Text("service_address", &in.Service.Address, false, 200)
	}
	if h := in.Hearing; h != nil {
		chk.Text("hearing_recusal", &h.Recusal, false, 500)
		chk.Text("hearing_recusal_decision", &h.RecusalDecision, false, 500)
		chk.Text("hearing_refusal", &h.Refusal, false, 500)
		chk.Text("hearing_closed_ground", &h.ClosedGround, false, 20)
	}
	if s := in.Seizure; s != nil {
		chk.Text("seizure_refusal", &s.Refusal, false, 500)
		chk.Text("seizure_witness", &s.Witness, false, 100)
	}
	if p := in.Preservation; p != nil {
		chk.Text("preservation_items", &p.Items, false, 2000)
	}
	if sr := in.Summary; sr != nil {
		chk.Text("summary_statement", &sr.Statement, false, 1000)
		chk.Text("summary_response", &sr.Response, false, 1000)
	}
	if ed := in.Education; ed != nil {
		chk.Text("education_method", &ed.Method, false, 100)
		chk.Text("education_content", &ed.Content, false, 2000)
	}
	if in.Fine < 0 {
		chk.Add("fine", "罚款金额不能为负数")
	}
	if in.Version <= 0 {
		// A missing version is a malformed request, not someone else's change.
		chk.Add("version", "请提供案件版本号（读取案件时得到；页面已过期时请刷新后重试）")
	}
	return chk.Err()
}

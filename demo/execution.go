package demo

import (
	"context"
	"fmt"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/execution"
	"zhifa/law"
)

// The execution of the demo's penalty decisions (issue 15): most fines are paid through
// the bank in time; some late with their late fee, some in instalments approved by the
// head, some after a 催告 through the court, some collected on the spot in a remote area
// and remitted. The extra acts do not draw on the plan's random numbers, so the rest of
// the demo is as before.

// seedPayments sets the market bureau's payee account and issues the bank's payment
// channel, whose actor posts the demo's payment notices.
func (s *seeder) seedPayments() error {
	market := s.agencyByName(marketBureau)
	if market == nil {
		return fmt.Errorf("no agency %s", marketBureau)
	}
	ex := s.a.Execution()
	if _, err := ex.SetPayee(s.ctx, market.ID, zhifa.Payee{Name: "东港市财政局", Bank: "中国工商银行东港分行营业部", Account: "3701021109024500123"}); err != nil {
		return err
	}
	iss, err := ex.IssueChannel(s.ctx, market.ID, execution.ChannelInput{Name: "中国工商银行东港分行缴款通知"})
	if err != nil {
		return err
	}
	bank, err := ex.AuthenticateChannel(s.ctx, iss.Token)
	if err != nil {
		return err
	}
	s.bank = app.WithActor(s.ctx, bank)
	return nil
}

// at is after without a random draw: days later, at a time of day fixed by the case.
func (p *planner) at(days int, do func(ctx context.Context, b *app.App, r *caseRun) error) {
	p.t = p.t.Add(time.Duration(days)*24*time.Hour + time.Duration(10+p.run.no%40)*time.Minute)
	if h := p.t.In(zhifa.CST).Hour(); h >= 17 {
		p.t = p.t.Add(15 * time.Hour)
	}
	for wd := p.t.In(zhifa.CST).Weekday(); wd == time.Saturday || wd == time.Sunday; wd = p.t.In(zhifa.CST).Weekday() {
		p.t = p.t.Add(24 * time.Hour)
	}
	p.events = append(p.events, &caseEvent{at: p.t, run: p.run, seq: len(p.events), do: do})
}

// pay has the bank report part of the amount outstanding paid (all of it when part is 0).
func (p *planner) pay(days int, part func(pv *execution.PaymentView) int64) {
	p.at(days, func(ctx context.Context, b *app.App, r *caseRun) error {
		pv, err := b.Execution().Payment(ctx, r.id)
		if err != nil || pv == nil {
			return err
		}
		amount := pv.OutstandingFen
		if part != nil {
			amount = part(pv)
		}
		if amount <= 0 {
			return nil
		}
		bank := p.bank
		if bank == nil {
			bank = p.s.bank
		}
		_, err = b.Execution().RecordNotice(bank, execution.NoticeInput{Reference: pv.Reference,
			ReceiptNo: fmt.Sprintf("ICBC%08d%02d", r.id, len(pv.Payments)+1), AmountFen: amount, PaidOn: b.Today()})
		return err
	})
}

// execAct takes an execution act as ctx (the handler, or head1 with asHead).
func (p *planner) execAct(days int, asHead bool, in func(pv *execution.PaymentView) execution.ActInput) {
	p.at(days, func(ctx context.Context, b *app.App, r *caseRun) error {
		pv, err := b.Execution().Payment(ctx, r.id)
		if err != nil || pv == nil {
			return err
		}
		act := in(pv)
		act.Version = pv.Version
		if asHead {
			ctx = p.headCtx
		}
		_, err = b.Execution().Act(ctx, r.id, act)
		return err
	})
}

// execute plans the execution of a served fine and the execute step after days.
func (p *planner) execute(days int) {
	switch p.run.no % 10 {
	case 3: // paid late, with the late fee (行政处罚法第七十二条第一款第一项)
		p.pay(20+p.run.no%7, nil)
		p.act(1, "execute", app.ActionInput{})
	case 5: // 催告, the party's statement, the court (行政强制法第三十五条、第三十六条、第五十三条)
		p.at(17, func(ctx context.Context, b *app.App, r *caseRun) error { return p.issue(ctx, b, r, zhifa.DocReminder) })
		p.execAct(0, false, func(*execution.PaymentView) execution.ActInput {
			return execution.ActInput{Act: execution.ActReminder, Proof: "直接送达，当事人在送达回证上签收"}
		})
		p.execAct(3, false, func(*execution.PaymentView) execution.ActInput {
			return execution.ActInput{Act: execution.ActStatement, Statement: "当事人称经营困难，暂无力缴纳",
				Response: "经复核，当事人未提供经济困难的证据，理由不成立"}
		})
		// 行政强制法第五十五条: the application signed by the head and sealed.
		p.at(172, func(ctx context.Context, b *app.App, r *caseRun) error {
			return p.issue(ctx, b, r, zhifa.DocCourtApplication)
		})
		p.execAct(0, false, func(*execution.PaymentView) execution.ActInput {
			return execution.ActInput{Act: execution.ActApplyCourt, Court: "东港市港城区人民法院"}
		})
		p.execAct(7, false, func(*execution.PaymentView) execution.ActInput {
			return execution.ActInput{Act: execution.ActCourtAccepted, CourtCase: fmt.Sprintf("（%d）鲁0202行审%d号", p.t.Year(), 100+p.run.no)}
		})
		p.act(1, "execute", app.ActionInput{})
	case 7: // two instalments approved by the head (第六十六条第二款)
		p.execAct(3, false, func(pv *execution.PaymentView) execution.ActInput {
			half := pv.OutstandingFen / 2
			return execution.ActInput{Act: execution.ActApplyDeferral, Reason: "当事人受市场影响经营困难，提交了近三个月的财务报表，申请分两期缴纳",
				Instalments: []zhifa.Instalment{{Due: pv.ServedOn.AddDays(40), AmountFen: half}, {Due: pv.ServedOn.AddDays(70), AmountFen: pv.OutstandingFen - half}}}
		})
		p.execAct(1, true, func(*execution.PaymentView) execution.ActInput {
			return execution.ActInput{Act: execution.ActDecideDeferral, Approve: true, Opinion: "情况属实，同意分两期缴纳。"}
		})
		p.pay(30, func(pv *execution.PaymentView) int64 { return pv.Execution.Deferral.Instalments[0].AmountFen })
		p.act(1, "execute", app.ActionInput{})
		p.pay(28, nil)
	case 9: // collected on the spot in a remote area at the party's request (第六十九条), remitted (第七十一条)
		p.execAct(0, false, func(pv *execution.PaymentView) execution.ActInput {
			return execution.ActInput{Act: execution.ActOnSpot, Ground: law.OnSpotRemote, ReceiptNo: fmt.Sprintf("鲁财罚%08d", 20260000+p.run.no),
				AmountFen: pv.OutstandingFen}
		})
		p.execAct(1, false, func(*execution.PaymentView) execution.ActInput { return execution.ActInput{Act: execution.ActHandIn} })
		p.execAct(1, false, func(pv *execution.PaymentView) execution.ActInput {
			return execution.ActInput{Act: execution.ActBank, ReceiptNo: fmt.Sprintf("ICBC%08dXJ", pv.Payments[0].CaseID)}
		})
		p.act(max(days-2, 1), "execute", app.ActionInput{})
	default: // paid through the bank in time
		p.pay(min(days, 12), nil)
		p.act(max(days-12, 1), "execute", app.ActionInput{})
	}
}

// listProperty lists what a compulsory case seized, with its custody and value
// (行政强制法第二十四条: 查封、扣押财物的名称、数量).
func (p *planner) listProperty() {
	p.at(0, func(ctx context.Context, b *app.App, r *caseRun) error {
		_, err := b.Execution().AddProperty(ctx, r.id, execution.PropertyInput{Name: []string{"涉案食品", "过期奶粉", "无标签调味品"}[r.no%3],
			Quantity: fmt.Sprintf("%d箱", 5+r.no%20), ValueFen: int64(800+r.no%50*100) * 100, Custody: "东港市市场监督管理局涉案财物库，保管人王某"})
		return err
	})
}

// disposeProperty disposes of the seized property after the decision (行政处罚法第七十四条):
// requested by the handler, approved by the head, recorded with its proof.
func (p *planner) disposeProperty(disposal string) {
	method, proof := law.DisposalDestroy, "销毁现场照片及销毁记录，见证人签字"
	if disposal == "confiscate" {
		method, proof = law.DisposalTransfer, "移交清单，接收单位签章"
	}
	step := func(days int, head bool, in execution.PropertyActInput) {
		p.at(days, func(ctx context.Context, b *app.App, r *caseRun) error {
			items, err := b.Execution().Property(ctx, r.id)
			if err != nil || len(items) == 0 {
				return err
			}
			in.Version = items[0].Version
			if head {
				ctx = p.headCtx
			}
			_, err = b.Execution().PropertyAct(ctx, items[0].ID, in)
			return err
		})
	}
	step(1, false, execution.PropertyActInput{Act: execution.PropertyRequest, Method: method, Reason: "依处理决定处置涉案物品"})
	step(1, true, execution.PropertyActInput{Act: execution.PropertyDecide, Approve: true, Opinion: "同意处置。"})
	step(2, false, execution.PropertyActInput{Act: execution.PropertyRecord, Proof: proof})
}

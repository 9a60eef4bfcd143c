package app_test

import (
	"context"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app/publicity"
	"zhifa/law"
)

// TestEarlyStop: on the party's application the head (never the officer) stops a
// published penalty decision early (信用修复, 公示规定第十四条): refused without the four
// conditions or for an excluded penalty, with nothing written; then the decision leaves
// the portal at once and stays in the staff's archive with the application recorded.
func TestEarlyStop(t *testing.T) {
	w := newCaseWorld(t)
	pub := w.app.Publicity()
	v := w.decided(t, "李建国")
	officer, head := w.as(t, "officer1"), w.as(t, "head1")
	p, err := pub.OfCase(officer, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = pub.Prepare(officer, p.ID, publicity.PrepareInput{Version: p.Version}); err != nil {
		t.Fatal(err)
	}
	if p, err = pub.Approve(head, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	today := w.app.Today()
	ok := publicity.StopInput{Version: p.Version, AppliedOn: today, Performed: true, Remedied: true, NoRepeat: true, NotListed: true,
		Reason: "当事人已缴清罚款并整改到位，申请信用修复"}
	if _, err := pub.StopEarly(officer, p.ID, ok); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Errorf("the officer stops: %v", err)
	}
	if _, err := pub.StopEarly(w.as(t, "outsider"), p.ID, ok); zhifa.ErrorCode(err) != zhifa.ENOTFOUND && zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Errorf("another government's admin stops: %v", err)
	}
	unmet := ok
	unmet.NotListed = false
	if _, err := pub.StopEarly(head, p.ID, unmet); zhifa.ErrorCode(err) != zhifa.EGATE || !strings.Contains(err.Error(), law.RuleEarlyStop) {
		t.Errorf("a condition unmet: %v", err)
	}
	bad := ok
	bad.AppliedOn = today.AddDays(1)
	wantCode(t, func() error { _, err := pub.StopEarly(head, p.ID, bad); return err }(), zhifa.EINVALID)
	w.setProposal(t, v.ID, &zhifa.Proposal{Penalties: []string{"罚款", "吊销许可证件"}, FineFen: 500000, Reason: "x"})
	if _, err := pub.StopEarly(head, p.ID, ok); zhifa.ErrorCode(err) != zhifa.EGATE || !strings.Contains(err.Error(), law.RuleEarlyStopExcluded) {
		t.Errorf("an excluded penalty: %v", err)
	}
	w.setProposal(t, v.ID, &zhifa.Proposal{Penalties: []string{"警告", "罚款"}, FineFen: 500000, Reason: "x"})
	if _, err := pub.Decision(context.Background(), p.ID); err != nil {
		t.Fatalf("a refused stop changed the portal: %v", err)
	}
	before := w.ledgerSize(t)
	stopped, err := pub.StopEarly(head, p.ID, ok)
	if err != nil {
		t.Fatal(err)
	}
	if stopped.StoppedOn != today || stopped.StopAppliedOn != today || !stopped.DisplayUntil.Before(today) || w.ledgerSize(t)-before != 1 {
		t.Errorf("stopped %+v, %d entries", stopped, w.ledgerSize(t)-before)
	}
	if _, err := pub.Decision(context.Background(), p.ID); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("the portal still shows a stopped decision: %v", err)
	}
	page, err := pub.Decisions(context.Background(), publicity.PublicQuery{})
	if err != nil || len(page.Decisions) != 0 {
		t.Errorf("the portal lists a stopped decision: %+v, %v", page, err)
	}
	archived, err := pub.Get(officer, p.ID)
	if err != nil || archived.PublicText == "" || archived.StoppedOn != today {
		t.Errorf("archive: %+v, %v", archived, err)
	}
	if _, err := pub.StopEarly(head, p.ID, publicity.StopInput{Version: stopped.Version, AppliedOn: today, Performed: true,
		Remedied: true, NoRepeat: true, NotListed: true, Reason: "再次"}); zhifa.ErrorCode(err) != zhifa.ECONFLICT {
		t.Errorf("stop twice: %v", err)
	}
}

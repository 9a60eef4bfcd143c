package app_test

import (
	"fmt"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
)

// TestDecisionPublicationNotice: the penalty decision of an ordinary case, which must be
// published, tells the party so in its generated document — the period (7 working days,
// or the agency's shorter one) and the portal address of the agency's decisions — and
// the issued document keeps it (市场监督管理行政处罚信息公示规定第八条; issue 13; a decision
// that is not published says nothing: law.TestPublicationNotice).
func TestDecisionPublicationNotice(t *testing.T) {
	w := newCaseWorld(t)
	v := w.decided(t, "李建国")
	d, err := w.app.CreateDocument(w.as(t, "officer1"), v.ID, app.DocumentCreate{Type: zhifa.DocPenaltyDecision})
	if err != nil {
		t.Fatal(err)
	}
	notice := d.Fields["publicity"]
	where := fmt.Sprintf("/decisions?agency=%d", w.market.ID)
	if !strings.Contains(notice, "7个工作日内向社会公示") || !strings.Contains(notice, where) || !strings.Contains(notice, "第八条") {
		t.Errorf("publication notice of the decision: %q", notice)
	}
	issued := w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyDecision)
	if !strings.Contains(issued.Fields["publicity"], where) {
		t.Errorf("issued decision lacks the notice: %q", issued.Fields["publicity"])
	}

}

package demo_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/execution"
	"zhifa/app/publicity"
	"zhifa/law"
	"zhifa/ledger"
)

// checkCopiedPenalties: the copies of closed penalty cases pass what a reader of the
// case checks (issue 11): the obligation's payment reference is the copy's own, its
// payments add up to what it records as paid and its receipts are the copy's (also in
// the execution's record and the ledger), a closed case's execution rests on a basis;
// the publication names the copy's number and party, redacted as publicity redacts it,
// within the publish clock the case carries, its publish entry seals its public text,
// and the portal finds it by the copy's number without personal data.
func checkCopiedPenalties(t *testing.T, a *app.App, st zhifa.Store, models, n int) {
	t.Helper()
	ctx := context.Background()
	sys := app.WithActor(ctx, app.SystemActor("gen"))
	today := zhifa.DateOf(genNow)
	penalties, published, major, seized, transferred := 0, 0, 0, 0, 0
	treasury := map[string]int64{} // treasury receipt → case
	receipts := map[string]int64{} // agency/receipt → case
	err := st.View(ctx, func(tx zhifa.Tx) error {
		cases := allCases(t, tx)
		slices.SortFunc(cases, func(x, y *zhifa.Case) int { return int(x.ID - y.ID) })
		for _, c := range cases[models:n] {
			o, err := tx.Obligation(ctx, c.ID)
			if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
				o = nil
			} else if err != nil {
				return err
			}
			if o != nil {
				penalties++
				checkCopiedObligation(t, sys, tx, a, c, o, today, receipts)
			}
			if checkCopiedReview(t, tx, c) {
				major++
			}
			if checkCopiedProperty(t, tx, c, treasury) {
				seized++
			}
			transfers, err := tx.CaseTransfers(ctx, c.ID)
			if err != nil {
				return err
			}
			for _, tr := range transfers {
				transferred++
				if tr.CaseID != c.ID || !strings.Contains(tr.Facts, "刑事立案追诉标准") {
					t.Errorf("%s: transfer %d of case %d: %s", c.Number, tr.ID, tr.CaseID, tr.Facts)
				}
			}
			p, err := tx.PublicationOfCase(ctx, c.ID)
			if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
				continue
			}
			if err != nil {
				return err
			}
			if checkCopiedPublication(t, tx, a, c, p, today) {
				published++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d copies with a payment obligation, %d with a published decision, %d with a legal review and filing, "+
		"%d with seized property, %d transferred", penalties, published, major, seized, transferred)
	if penalties == 0 || published == 0 || major == 0 || seized == 0 {
		t.Errorf("no copied penalty (%d), publication (%d), major case (%d) or seizure (%d)", penalties, published,
			major, seized)
	}
}

// checkCopiedProperty checks a copied seizure's property: its photos are the copy's
// evidence, a disposal's treasury receipt is the copy's alone. It reports whether the
// copy has seized property.
func checkCopiedProperty(t *testing.T, tx zhifa.Tx, c *zhifa.Case, treasury map[string]int64) bool {
	t.Helper()
	ctx := context.Background()
	items, err := tx.PropertyItems(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	records, err := tx.Records(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		for _, ev := range it.Photos {
			if !slices.ContainsFunc(records, func(r *zhifa.Record) bool { return r.EvidenceID == ev }) {
				t.Errorf("%s: property %d shows evidence %d, not the copy's", c.Number, it.ID, ev)
			}
		}
		if d := it.Disposal; d != nil && d.TreasuryReceipt != "" {
			if other, ok := treasury[d.TreasuryReceipt]; ok && other != c.ID {
				t.Errorf("%s: treasury receipt %s is also case %d's", c.Number, d.TreasuryReceipt, other)
			}
			treasury[d.TreasuryReceipt] = c.ID
		}
	}
	return len(items) > 0
}

// checkCopiedReview checks a copied major case's legal review rounds and filing: the
// materials a round reviewed are the copy's records, a filed decision reviewed by a legal
// review has a passed round (法制审核 before the decision, 行政处罚法第五十八条), the filing
// names the copy's number and party and keeps its review history. It reports whether the
// copy has a review round and a filing.
func checkCopiedReview(t *testing.T, tx zhifa.Tx, c *zhifa.Case) bool {
	t.Helper()
	ctx := context.Background()
	rounds, err := tx.ReviewRounds(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	filings, err := tx.CaseFilings(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	records, err := tx.Records(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	passed := false
	for _, r := range rounds {
		passed = passed || r.Status == "passed"
		for _, mat := range r.Snapshot.Materials {
			if mat.RecordID != 0 && !slices.ContainsFunc(records, func(rec *zhifa.Record) bool { return rec.ID == mat.RecordID }) {
				t.Errorf("%s: review round %d names record %d, not the copy's", c.Number, r.Round, mat.RecordID)
			}
		}
	}
	for _, f := range filings {
		if f.CaseNumber != c.Number || !strings.Contains(f.Summary, c.Parties[0].Name) {
			t.Errorf("%s: filing %d of %s: %s", c.Number, f.ID, f.CaseNumber, f.Summary)
		}
		if f.Kind == zhifa.FilingPenalty && len(rounds) > 0 && !passed {
			t.Errorf("%s: a reviewed major decision filed without a passed review round", c.Number)
		}
		if f.Status != zhifa.FilingFiled {
			events, err := tx.FilingEvents(ctx, f.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(events) == 0 {
				t.Errorf("%s: filing %d is %s without its review history", c.Number, f.ID, f.Status)
			}
		}
	}
	return len(rounds) > 0 && len(filings) > 0
}

// checkCopiedObligation checks the copy's obligation and payments.
func checkCopiedObligation(t *testing.T, sys context.Context, tx zhifa.Tx, a *app.App, c *zhifa.Case,
	o *zhifa.Obligation, today zhifa.Date, receipts map[string]int64) {
	t.Helper()
	ctx := context.Background()
	if want := execution.Reference(c.AgencyID, c.ID); o.Reference != want || !execution.ValidReference(o.Reference) {
		t.Errorf("%s: payment reference %s, want %s", c.Number, o.Reference, want)
	}
	payments, err := tx.Payments(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var paid int64
	mine := map[string]bool{}
	for _, p := range payments {
		paid += p.AmountFen
		mine[p.ReceiptNo] = true
		key := strconv.FormatInt(p.AgencyID, 10) + "/" + p.ReceiptNo
		if other, ok := receipts[key]; ok && other != c.ID {
			t.Errorf("%s: receipt %s is also case %d's", c.Number, p.ReceiptNo, other)
		}
		receipts[key] = c.ID
	}
	if paid != o.PaidFen {
		t.Errorf("%s: payments add up to %d fen, the obligation records %d", c.Number, paid, o.PaidFen)
	}
	acct := execution.Compute(o, payments, today)
	if acct.SettledOn != o.SettledOn {
		t.Errorf("%s: settled on %v by its payments, the obligation records %v", c.Number, acct.SettledOn, o.SettledOn)
	}
	if s := o.Exec.OnSpot; s != nil && !mine[s.ReceiptNo] {
		t.Errorf("%s: the on-the-spot receipt %s is none of its payments' %v", c.Number, s.ReceiptNo, mine)
	}
	if c.Stage == zhifa.StageClose || c.Stage == zhifa.StageArchive {
		v, err := a.Execution().Payment(sys, c.ID)
		if err != nil {
			t.Fatalf("%s: payment view: %v", c.Number, err)
		}
		if v.Basis == "" {
			t.Errorf("%s: closed without an execution basis (paid %d of %d)", c.Number, v.PaidFen, v.PrincipalFen)
		}
	}
	for _, e := range caseEntries(t, tx, c.ID) {
		if ref, ok := e.Meta["execution_reference"]; ok && ref != o.Reference {
			t.Errorf("%s: %s entry names reference %s, the obligation's is %s", c.Number, e.Kind, ref, o.Reference)
		}
		if r, ok := e.Meta["receipt_no"]; ok && e.Kind == "execution.payment" && !mine[r] {
			t.Errorf("%s: payment entry names receipt %s, none of the copy's %v", c.Number, r, mine)
		}
	}
}

// checkCopiedPublication checks the copy's publication and reports whether it is
// published.
func checkCopiedPublication(t *testing.T, tx zhifa.Tx, a *app.App, c *zhifa.Case, p *zhifa.Publication,
	today zhifa.Date) bool {
	t.Helper()
	ctx := context.Background()
	party := c.Parties[0]
	if p.CaseNumber != c.Number || !strings.Contains(p.Draft, c.Number) {
		t.Errorf("%s: publication of %s", c.Number, p.CaseNumber)
	}
	// What publicity keeps (a legal person's name and code); a generated citizen's name
	// (张某某) is a pseudonym already, which the redaction rules leave as it is.
	in := law.RedactInput{Keep: []string{p.AgencyName, party.Name, party.CreditCode}}
	if party.Kind == zhifa.PartyPerson {
		in = law.RedactInput{Keep: []string{p.AgencyName}, Persons: []string{party.Name}}
		named := strings.Contains(p.Draft, party.Name) && !strings.Contains(party.Name, "某")
		if p.PublicParty != law.MaskName(party.Name) || named || strings.Contains(p.Draft, party.IDNumber) {
			t.Errorf("%s: publication names %s, want %s and no personal data", c.Number, p.PublicParty, law.MaskName(party.Name))
		}
	} else if p.PublicParty != party.Name || p.PublicCode != party.CreditCode || !strings.Contains(p.Draft, party.CreditCode) {
		t.Errorf("%s: publication names %s %s, want %s %s", c.Number, p.PublicParty, p.PublicCode, party.Name, party.CreditCode)
	}
	if left := law.Identifiers(p.Draft, in); len(left) > 0 {
		t.Errorf("%s: public version keeps %v", c.Number, left)
	}
	for _, clock := range c.Clocks {
		if clock.Kind == zhifa.ClockPublish && clock.Due != p.Due {
			t.Errorf("%s: publish clock due %v, publication due %v", c.Number, clock.Due, p.Due)
		}
	}
	if p.Status != zhifa.PubPublished {
		return false
	}
	if p.PublicText != p.Draft || p.PublishedOn.Before(p.DecidedOn) || !p.DisplayUntil.After(p.PublishedOn) {
		t.Errorf("%s: published %v (decided %v, shown until %v), text as drafted %v", c.Number, p.PublishedOn,
			p.DecidedOn, p.DisplayUntil, p.PublicText == p.Draft)
	}
	sealed := false
	for _, e := range caseEntries(t, tx, c.ID) {
		if e.Kind != "publicity.publish" {
			continue
		}
		sealed = e.Meta["public_text"] == p.PublicText && e.Meta["entry"] == strconv.FormatInt(p.ID, 10)
		if want := publicDigest(p.PublicText); e.Meta["digest"] != want {
			t.Errorf("%s: publish entry digest %s, want %s", c.Number, e.Meta["digest"], want)
		}
	}
	if !sealed {
		t.Errorf("%s: no publish entry sealing the public text of publication %d", c.Number, p.ID)
	}
	if p.DisplayUntil.Before(today) {
		return true
	}
	page, err := a.Publicity().Decisions(ctx, publicity.PublicQuery{Q: c.Number})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(page.Decisions, func(d *publicity.Decision) bool { return d.ID == p.ID })
	if i < 0 {
		t.Errorf("%s: the portal does not find publication %d by its number", c.Number, p.ID)
		return true
	}
	served, err := json.Marshal(page.Decisions[i])
	if err != nil {
		t.Fatal(err)
	}
	if party.Kind == zhifa.PartyPerson && (strings.Contains(string(served), party.IDNumber) ||
		strings.Contains(string(served), party.Address) || strings.Contains(string(served), party.Phone)) {
		t.Errorf("%s: the portal serves personal data: %s", c.Number, served)
	}
	return true
}

// caseEntries are the case's ledger entries with their committed fields opened.
func caseEntries(t *testing.T, tx zhifa.Tx, caseID int64) []*ledger.Entry {
	t.Helper()
	ctx := context.Background()
	linked, err := tx.CaseEntries(ctx, caseID)
	if err != nil {
		t.Fatal(err)
	}
	var out []*ledger.Entry
	for _, le := range linked {
		stored, err := tx.LedgerEntries(ctx, le.Index, le.Index+1)
		if err != nil || len(stored) != 1 {
			t.Fatalf("entry %d: %v", le.Index, err)
		}
		e, err := ledger.ParseEntry(stored[0].Data)
		if err != nil {
			t.Fatal(err)
		}
		openings, err := tx.LedgerOpenings(ctx, le.Index, le.Index+1)
		if err != nil {
			t.Fatal(err)
		}
		if e.Meta == nil {
			e.Meta = map[string]string{}
		}
		for _, o := range openings {
			e.Meta[o.Field] = o.Value
		}
		out = append(out, e)
	}
	return out
}

// publicDigest is the digest a publicity entry records of a public text.
func publicDigest(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// checkEditedPublicationRefused: a model whose publication the handler edited (a text of
// their own) is no model any more — its copy's public version could not be rendered for
// another party — and says why (publications.draft), while it was one before.
func checkEditedPublicationRefused(t *testing.T, a *app.App, st zhifa.Store, models int) {
	t.Helper()
	ctx := context.Background()
	sys := app.WithActor(ctx, app.SystemActor("gen"))
	officer := demoLogin(t, a, "officer1")
	var pub *zhifa.Publication
	err := st.View(ctx, func(tx zhifa.Tx) error {
		cases := allCases(t, tx)
		slices.SortFunc(cases, func(x, y *zhifa.Case) int { return int(x.ID - y.ID) })
		for _, c := range cases[:models] {
			p, err := tx.PublicationOfCase(ctx, c.ID)
			if err != nil || p.Status != zhifa.PubQueued || p.AgencyID != app.ActorFrom(officer).AgencyID {
				continue
			}
			if ok, err := a.CopyableCase(sys, c.ID); err == nil && ok {
				pub = p
				return nil
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pub == nil {
		t.Log("no copyable model with a queued publication of officer1's agency")
		return
	}
	if _, err := a.Publicity().Prepare(officer, pub.ID, publicity.PrepareInput{Version: pub.Version,
		Text: "当事人：" + pub.PublicParty + "\n决定书文号：" + pub.CaseNumber + "\n经办人改写的公开版本"}); err != nil {
		t.Fatalf("prepare publication %d: %v", pub.ID, err)
	}
	blockers, err := a.CopyBlockers(sys, pub.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(blockers, "publications.draft") {
		t.Errorf("model %d with an edited publication: blockers %v, want publications.draft", pub.CaseID, blockers)
	}
	_, err = a.NewCaseCopier(sys, []int64{pub.CaseID})
	if zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Errorf("model %d with an edited publication copied: %v, want EINVALID", pub.CaseID, err)
	}
	t.Logf("model %d refused once its publication was edited: %v", pub.CaseID, err)
}

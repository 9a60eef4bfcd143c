package demo_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/ledger"
)

// checkCopiedDocuments: the copies' issued documents open, their content and number
// name the copy's case number and party, and the content's digest is the one its
// document row, its evidence and its document.issue entry record; some copies are
// closed (issue 11, gen7).
func checkCopiedDocuments(t *testing.T, a *app.App, st zhifa.Store, models, n int) {
	t.Helper()
	ctx := context.Background()
	sys := app.WithActor(ctx, app.SystemActor("gen"))
	docs, closed := 0, 0
	ids := caseIDs(t, st)
	if len(ids) != n {
		t.Fatalf("%d cases, want %d", len(ids), n)
	}
	// The models are filed first, the copies after them.
	for _, id := range ids[models:] {
		c, err := a.Case(sys, id)
		if err != nil {
			t.Fatalf("copy %d: %v", id, err)
		}
		if c.Stage == zhifa.StageClose || c.Stage == zhifa.StageArchive {
			closed++
		}
		list, err := a.CaseDocuments(sys, id)
		if err != nil {
			t.Fatalf("documents of copy %d: %v", id, err)
		}
		for _, d := range list.Documents {
			if d.State == zhifa.DocDraft {
				continue
			}
			docs++
			content, _, err := a.DocumentContent(sys, d.ID, "核对生成数据")
			if err != nil {
				t.Fatalf("copy %d: document %d: %v", id, d.ID, err)
			}
			sum := sha256.Sum256(content)
			if got := hex.EncodeToString(sum[:]); got != d.SHA256 {
				t.Errorf("copy %d: document %d content sha256 %s, row %s", id, d.ID, got, d.SHA256)
			}
			text := string(content)
			if !strings.Contains(text, c.Number) || !strings.Contains(text, c.Parties[0].Name) {
				t.Errorf("copy %d: document %d does not name %s and %s", id, d.ID, c.Number, c.Parties[0].Name)
			}
			if !strings.HasPrefix(d.Number, c.Number+"-") {
				t.Errorf("copy %d: document number %s is not of %s", id, d.Number, c.Number)
			}
			checkIssueEntry(t, st, id, d.ID, d.EvidenceID, sum)
		}
	}
	t.Logf("%d copies, %d closed, %d issued documents checked", n-models, closed, docs)
	if docs == 0 || closed == 0 {
		t.Errorf("no copy with an issued document (%d) or closed (%d): closed models were not copied", docs, closed)
	}
}

// checkIssueEntry: the evidence of an issued document and its ledger entry record the
// content's SHA-256.
func checkIssueEntry(t *testing.T, st zhifa.Store, caseID, documentID, evidenceID int64, sum [32]byte) {
	t.Helper()
	ctx := context.Background()
	err := st.View(ctx, func(tx zhifa.Tx) error {
		ev, err := tx.Evidence(ctx, evidenceID)
		if err != nil {
			return err
		}
		if ev.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("copy %d: evidence %d sha256 %s, content %x", caseID, ev.ID, ev.SHA256, sum)
		}
		stored, err := tx.LedgerEntries(ctx, ev.LedgerIndex, ev.LedgerIndex+1)
		if err != nil {
			return err
		}
		e, err := ledger.ParseEntry(stored[0].Data)
		if err != nil {
			return err
		}
		if e.Kind != "document.issue" || e.Hashes["content"].SHA256 != sum {
			t.Errorf("copy %d: entry %d (%s) does not record the content %x", caseID, ev.LedgerIndex, e.Kind, sum)
		}
		// The entry's fields digest is the one the application records of the copy's
		// issued fields (the cases context's fieldsDigest: canonical JSON, sorted keys).
		d, err := tx.Document(ctx, documentID)
		if err != nil {
			return err
		}
		b, err := json.Marshal(d.Fields)
		if err != nil {
			return err
		}
		if fs := sha256.Sum256(b); e.Meta["fields_sha256"] != hex.EncodeToString(fs[:]) {
			t.Errorf("copy %d: entry %d records fields %s, the document's are %x", caseID, ev.LedgerIndex, e.Meta["fields_sha256"], fs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkCopierKeepsPartyKind: a copy of a model with issued documents is refused a party
// of another kind (EINVALID), since the documents name the party by its kind's fields.
func checkCopierKeepsPartyKind(t *testing.T, a *app.App, st zhifa.Store, models int) {
	t.Helper()
	ctx := context.Background()
	sys := app.WithActor(ctx, app.SystemActor("gen"))
	ids := caseIDs(t, st)
	for _, id := range ids[:models] {
		if ok, err := a.CopyableCase(sys, id); err != nil || !ok {
			continue
		}
		copier, err := a.NewCaseCopier(sys, []int64{id})
		if err != nil {
			t.Fatalf("model %d: %v", id, err)
		}
		if !copier.Closed(0) {
			continue
		}
		c, err := a.Case(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		other := app.PartyInput{Kind: zhifa.PartyPerson, Name: "王某某", IDNumber: "370602199001011234"}
		if c.Parties[0].Kind == zhifa.PartyPerson {
			other = app.PartyInput{Kind: zhifa.PartyOrg, Name: "东港市丙有限公司", CreditCode: "91370600MA3C000003"}
		}
		if copier.Fits(0, other) {
			t.Errorf("model %d fits a party of another kind", id)
		}
		if _, err := copier.Copy(sys, []app.CaseCopy{{Model: 0, Party: other}}); zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("copy of model %d with a party of another kind: %v, want EINVALID", id, err)
		}
		return
	}
	t.Error("no closed model to copy")
}

// caseIDs are the IDs of st's cases in filing order: the models first, then the copies.
func caseIDs(t *testing.T, st zhifa.Store) []int64 {
	t.Helper()
	var ids []int64
	err := st.View(context.Background(), func(tx zhifa.Tx) error {
		for _, c := range allCases(t, tx) {
			ids = append(ids, c.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

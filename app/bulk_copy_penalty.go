package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"zhifa"
	"zhifa/app/execution"
	"zhifa/app/publicity"
	"zhifa/ledger"
)

// Copies of closed penalty cases (zhifa gen's bulk path, issue 11). Besides what a copy
// of any closed case writes (bulk_copy_closed.go), a decided penalty has an obligation
// with its payments, its decided fine and, when the law or the agency's rule requires
// it, a publication. The amounts, dates and states are the model's; what identifies the
// copy is its own:
//   - the payment reference is execution.Reference of the copy's agency and case, as the
//     obligation written at service carries it; each receipt of the model (a payment's,
//     an on-the-spot collection's, the bank's) becomes a receipt of the copy
//     (copyReceipt), unique in its agency as the payments table requires. Both replace
//     the model's wherever the copy's text names them (its documents, the execution's
//     record, ledger entries and audit lines);
//   - the publication's public party, redacted draft, redactions and public text are
//     rendered anew for the copy's party by the publicity context's own rendering
//     (publicity.Render), and the publish entry's digest is that of the copy's public
//     text. A model whose publication the handler edited (other text, trade secrets,
//     restored spans) is no model: its copy's text could not be rendered
//     (publicationBlocker). The search document and its terms follow from the copied
//     row (sqlstore's copiedPublicationDoc).
// The dates — the publish clock, the display period, a withdrawal's due date — are the
// model's, computed on the model's days by the workday calendar, as every clock of a copy.

// modelPublication is a model's publication with what rendering it needs.
type modelPublication struct {
	p    *zhifa.Publication
	item *zhifa.Item
	// redactions is the row's JSON text of p.Redactions.
	redactions string
}

// loadPenalty reads the model's codes unique across cases (its payment reference and
// receipts) and its publication, from its closed-case rows.
func (cr *closedRows) loadPenalty(ctx context.Context, tx zhifa.Tx, m *caseModel) error {
	for _, rows := range cr.tables {
		switch rows.Table {
		case "obligations":
			col := slices.Index(rows.Columns, "reference")
			for _, row := range rows.Rows {
				ref, _ := textValue(row[col])
				cr.reference = ref
				cr.addCode(ref)
			}
		case "payments":
			col := slices.Index(rows.Columns, "receipt_no")
			for _, row := range rows.Rows {
				receipt, _ := textValue(row[col])
				cr.addCode(receipt)
			}
		case "publications":
			if len(rows.Rows) != 1 {
				return fmt.Errorf("case %d: %d publications", m.c.ID, len(rows.Rows))
			}
			pub, blocker, err := renderablePublication(ctx, tx, m.c, m.agency, rows)
			if err != nil {
				return err
			}
			if blocker != "" {
				return zhifa.Errorf(zhifa.EINVALID, "案件%d有批量复制不能携带的记录：%s", m.c.ID, blocker)
			}
			cr.pub = pub
		}
	}
	return nil
}

// addCode adds a code of the model unique across cases, once.
func (cr *closedRows) addCode(code string) {
	if code != "" && !slices.Contains(cr.codes, code) {
		cr.codes = append(cr.codes, code)
	}
}

// addEntryCodes adds the codes unique across cases that the model's entry names (a
// receipt of an on-the-spot collection or of the bank, which no payment row holds).
func (cr *closedRows) addEntryCodes(e *ledger.Entry) {
	for _, k := range slices.Sorted(maps.Keys(e.Meta)) {
		if class, ok := entryKeyClass(e.Kind, k); ok && class.class == metaUnique {
			cr.addCode(e.Meta[k])
		}
	}
}

// renderablePublication reads the case's publication (its row in rows) and reports
// what keeps it from being rendered for a copy ("publications.draft"): a version that is
// not the one publicity.Render gives for the case, because the handler edited it.
func renderablePublication(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, ag *zhifa.Agency,
	rows *zhifa.CaseRows) (*modelPublication, string, error) {
	ids, err := rowIDs(rows)
	if err != nil || len(ids) != 1 {
		return nil, "", fmt.Errorf("case %d: publication rows %v: %w", c.ID, ids, err)
	}
	p, err := tx.Publication(ctx, ids[0])
	if err != nil {
		return nil, "", err
	}
	item, err := tx.Item(ctx, p.ItemID)
	if err != nil {
		return nil, "", err
	}
	text, _ := textValue(rows.Rows[0][slices.Index(rows.Columns, "redactions")])
	pub := &modelPublication{p: p, item: item, redactions: text}
	r := publicity.Render(c, ag, item, p)
	red, err := redactionsText(r.Redactions)
	if err != nil {
		return nil, "", err
	}
	if r.Party != p.PublicParty || !strings.EqualFold(r.Code, p.PublicCode) || r.Draft != p.Draft || red != text ||
		len(p.Secrets) > 0 || (p.PublicText != "" && p.PublicText != p.Draft) {
		return pub, "publications.draft", nil
	}
	return pub, "", nil
}

// redactionsText is the JSON text of redactions as the store keeps it ([] for none).
func redactionsText(list []zhifa.Redaction) (string, error) {
	if len(list) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(list)
	if err != nil {
		return "", fmt.Errorf("redactions: %w", err)
	}
	return string(b), nil
}

// copyCodes maps the model's codes to the copy's (case caseID of the agency): the
// payment reference to the copy's own, each receipt to a receipt of the copy.
func (cr *closedRows) copyCodes(agencyID, caseID int64) map[string]string {
	out := make(map[string]string, len(cr.codes))
	k := 0
	for _, code := range cr.codes {
		if code == cr.reference {
			out[code] = execution.Reference(agencyID, caseID)
			continue
		}
		k++
		out[code] = copyReceipt(code, caseID, k)
	}
	return out
}

// copyReceipt is the k-th receipt of the copy caseID for the model's receipt: the
// model's issuer prefix (its letters before the first digit: a bank's code, 鲁财罚),
// then the copy's case ID and k. Case IDs are unique, so are the copies' receipts; they
// are two digits longer than the generator's models' (demo's planner), so none equals
// one of theirs — and a receipt that did would be refused by the payments' unique key,
// never recorded twice.
func copyReceipt(model string, caseID int64, k int) string {
	prefix := strings.TrimRightFunc(model[:strings.IndexFunc(model+"0", unicode.IsDigit)], unicode.IsSpace)
	return fmt.Sprintf("%s%012d%02d", prefix, caseID, k)
}

// codePairs are the replacer pairs of codes (old, new), longest first so that a code
// inside another is replaced as part of it.
func codePairs(codes map[string]string) []string {
	olds := slices.Collect(maps.Keys(codes))
	slices.SortFunc(olds, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	pairs := make([]string, 0, 2*len(olds))
	for _, old := range olds {
		pairs = append(pairs, old, codes[old])
	}
	return pairs
}

// startPenaltyCopy renders the copy's publication for the copy c (its number, party
// and facts set) and maps the digest of its public text.
func (m *caseModel) startPenaltyCopy(c *zhifa.Case, cm *zhifa.CopyMap) error {
	pm := m.closed.pub
	if pm == nil {
		return nil
	}
	p := *pm.p
	p.CaseNumber, p.Conclusion = c.Number, cm.Text(pm.p.Conclusion)
	r := publicity.Render(c, m.agency, pm.item, &p)
	red, err := redactionsText(r.Redactions)
	if err != nil {
		return err
	}
	cm.Rendered = map[string]string{}
	add := func(old, new string) {
		if old != "" {
			cm.Rendered[old] = new
		}
	}
	add(pm.p.PublicParty, r.Party)
	add(pm.p.PublicCode, r.Code)
	add(pm.p.Draft, r.Draft)
	add(pm.redactions, red)
	if pm.p.PublicText != "" {
		add(pm.p.PublicText, r.Draft)
		cm.Digests[publicDigest(pm.p.PublicText)] = publicDigest(r.Draft)
	}
	return nil
}

// publicDigest is the digest a publicity entry records of a public text.
func publicDigest(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// checkPublicDigest refuses a copied publicity entry whose digest is not that of its
// public text: a digest derived rather than mapped would seal text nobody published.
func checkPublicDigest(e *ledger.Entry) error {
	text, ok := e.Meta["public_text"]
	if !strings.HasPrefix(e.Kind, "publicity.") || !ok || e.Meta["digest"] == "" {
		return nil
	}
	if e.Meta["digest"] != publicDigest(text) {
		return fmt.Errorf("%s entry: digest is not that of the copy's public text", e.Kind)
	}
	return nil
}

// publicationBlocker is what keeps the case's publication, if it has one among its
// closed-case rows tables, from being rendered for a copy ("" for nothing).
func publicationBlocker(ctx context.Context, tx zhifa.Tx, caseID int64, tables []*zhifa.CaseRows) (string, error) {
	i := slices.IndexFunc(tables, func(r *zhifa.CaseRows) bool { return r.Table == "publications" })
	if i < 0 {
		return "", nil
	}
	c, err := tx.Case(ctx, caseID)
	if err != nil {
		return "", err
	}
	ag, err := tx.Agency(ctx, c.AgencyID)
	if err != nil {
		return "", err
	}
	_, blocker, err := renderablePublication(ctx, tx, c, ag, tables[i])
	return blocker, err
}

package sqlstore

import (
	"context"
	"maps"
	"slices"
	"strings"

	"zhifa"
)

// The write path of filings and case steps (issue 11). Each statement is a round trip
// and server CPU; a filing or a step, and the case view it returns, read the same few
// rows several times (the acting agency, the case's documents) and each of a case's
// officers one by one. The officers come in one statement, and a transaction keeps
// what it read of agencies and documents until it writes to them (txMemo).

// OfficersByID returns the officers with the given IDs, by ID; an ID without an
// officer is left out.
func (t *tx) OfficersByID(ctx context.Context, ids ...int64) ([]*zhifa.Officer, error) {
	const op = "get officers"
	if len(ids) == 0 {
		return nil, nil
	}
	var w where
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = w.arg(id)
	}
	rows, err := t.query(ctx, `SELECT `+officerCols+` FROM officers o WHERE o.id IN (`+strings.Join(ph, ", ")+`) ORDER BY o.id`, w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	officers, err := collect(rows, op, t.scanOfficer)
	if err != nil {
		return nil, err
	}
	for _, o := range officers {
		t.names.officer(o)
	}
	return officers, nil
}

// txMemo holds rows the transaction read, for its further reads of them. An entry
// stays until the transaction writes to its table (forget*), so a read after the
// transaction's own write sees the write; what other transactions commit meanwhile it
// does not see again, as a snapshot would not (View, SERIALIZABLE), and as the
// row-locked writes allow for reference data and for rows of the locked case
// (zhifa.RowLocked, zhifa.Tx.Case). Callers get copies, which they may change.
type txMemo struct {
	agencies  map[int64]*zhifa.Agency
	documents map[int64][]*zhifa.Document // by case
}

func (m *txMemo) agency(id int64) (*zhifa.Agency, bool) {
	a, ok := m.agencies[id]
	if !ok {
		return nil, false
	}
	return copyAgency(a), true
}

func (m *txMemo) keepAgency(a *zhifa.Agency) {
	if m.agencies == nil {
		m.agencies = map[int64]*zhifa.Agency{}
	}
	m.agencies[a.ID] = copyAgency(a)
}

func (m *txMemo) forgetAgencies() { m.agencies = nil }

func copyAgency(a *zhifa.Agency) *zhifa.Agency {
	c := *a
	c.Domains = slices.Clone(a.Domains)
	return &c
}

func (m *txMemo) caseDocuments(caseID int64) ([]*zhifa.Document, bool) {
	docs, ok := m.documents[caseID]
	if !ok {
		return nil, false
	}
	return copyDocuments(docs), true
}

func (m *txMemo) keepDocuments(caseID int64, docs []*zhifa.Document) {
	if m.documents == nil {
		m.documents = map[int64][]*zhifa.Document{}
	}
	m.documents[caseID] = copyDocuments(docs)
}

func (m *txMemo) forgetDocuments() { m.documents = nil }

func copyDocuments(docs []*zhifa.Document) []*zhifa.Document {
	if docs == nil {
		return nil
	}
	out := make([]*zhifa.Document, len(docs))
	for i, d := range docs {
		c := *d
		c.Fields = maps.Clone(d.Fields)
		out[i] = &c
	}
	return out
}

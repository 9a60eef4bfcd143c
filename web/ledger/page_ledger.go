package ledger

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/ledger"
	"zhifa/web/kit"
)

// ledgerPageSize is the number of entries per page of the staff ledger view.
const ledgerPageSize = 50

// LedgerCheckSource is the verification program shown on the public ledger page and
// served as /static/ledgercheck.go.txt.
var LedgerCheckSource = func() string {
	b, err := kit.Assets.ReadFile("static/ledgercheck.go.txt")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// ledgerView is the data of the ledger pages.
type ledgerView struct {
	*app.LedgerOverview
	Pager   *kit.Pager
	Pending int64 // entries appended but not yet covered by a checkpoint
	Key     string
	SM2Key  string
	Base    string // the server's address, for the commands shown
	Source  string // the verification program (public page)
	Meta    []metaField
	Leaf    [2]ledger.Hash // SHA-256 and SM3 leaf hashes (entry page)
	Valid   bool           // the proof verifies against the checkpoint (entry page)
	Example int64          // an entry index for the commands
}

// metaField is one metadata field of an entry, in name order.
type metaField struct{ Name, Value string }

func (s *Handlers) newLedgerView(r *http.Request, o *app.LedgerOverview) *ledgerView {
	v := &ledgerView{LedgerOverview: o, Base: kit.LedgerBase(r)}
	if signer := s.App.LedgerSigner(); signer != nil {
		v.Key, v.SM2Key = signer.VerifierKey(), signer.SM2VerifierKey()
	}
	if o.Checkpoint != nil {
		v.Pending = o.Size - o.Checkpoint.Size
		v.Example = max(o.Checkpoint.Size-1, 0)
	}
	return v
}

// StaffLedger shows the latest checkpoint and the entries, newest first.
func (s *Handlers) StaffLedger(w http.ResponseWriter, r *http.Request) {
	pageNo, offset := kit.ListPage(r, ledgerPageSize)
	o, err := s.App.Ledger(r.Context(), zhifa.Page{Limit: ledgerPageSize, Offset: offset})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := s.newLedgerView(r, o)
	v.Pager = kit.NewPager(r, int(o.Size), ledgerPageSize, pageNo)
	s.Render(w, r, http.StatusOK, "staff_ledger", &kit.Page{Title: "防篡改账本", Nav: "ledger", D: v})
}

// StaffLedgerEntry shows one entry with its inclusion proof in the latest checkpoint.
func (s *Handlers) StaffLedgerEntry(w http.ResponseWriter, r *http.Request) {
	index, err := strconv.ParseInt(r.PathValue("index"), 10, 64)
	if err != nil || index < 0 {
		s.NotFound(w, r)
		return
	}
	o, err := s.App.LedgerEntry(r.Context(), index)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := s.newLedgerView(r, o)
	item := o.Entries[0]
	v.Example = item.Index
	v.Leaf[0], v.Leaf[1] = ledger.LeafHashes([]byte(item.JSON))
	if item.Entry != nil {
		for k, val := range item.Entry.Meta {
			v.Meta = append(v.Meta, metaField{k, val})
		}
		for _, op := range o.Openings {
			v.Meta = append(v.Meta, metaField{op.Field, op.Value + "（承诺值" + openingState(item.Entry, op) + "）"})
		}
		sort.Slice(v.Meta, func(i, j int) bool { return v.Meta[i].Name < v.Meta[j].Name })
	}
	if o.Proof != nil {
		v.Valid = o.Proof.Verify([]byte(item.JSON), *o.Checkpoint) == nil
	}
	s.Render(w, r, http.StatusOK, "staff_ledger_entry", &kit.Page{Title: fmt.Sprintf("账本条目 %d", index), Nav: "ledger", D: v})
}

// PortalLedger explains to anyone how to check a checkpoint and a proof with the
// note and tlog tools, showing the current checkpoint and the key.
func (s *Handlers) PortalLedger(w http.ResponseWriter, r *http.Request) {
	o := &app.LedgerOverview{}
	if c, err := s.App.LedgerCheckpoint(kit.PublicContext(r)); err == nil {
		o.Signed = c
		if cp, err := ledger.ParseCheckpoint(kit.NoteBody(c.Note)); err == nil {
			o.Checkpoint, o.Size = &cp, cp.Size
		}
	} else if zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		s.Fail(w, r, err)
		return
	}
	v := s.newLedgerView(r, o)
	v.Source = LedgerCheckSource
	s.Render(w, r, http.StatusOK, "ledger", &kit.Page{Title: "账本核验", Nav: "ledger", D: v})
}

// openingState says whether a stored field value opens the entry's commitment.
func openingState(e *ledger.Entry, op *zhifa.LedgerOpening) string {
	if c, ok := e.Commits[op.Field]; ok && c.Opens(op.Salt, op.Value) {
		return "核对一致"
	}
	return "核对不一致"
}

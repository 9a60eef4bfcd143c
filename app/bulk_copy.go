package app

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/blob"
	"zhifa/ledger"
)

// The generator's bulk path (zhifa gen, issue 11). Taking a case through the use cases
// costs what its acts cost (a dozen transactions, each reading what its gates look at);
// a province of a million cases would take days. So the generator takes a few hundred
// cases through the use cases — its models — and writes the rest as copies of the
// models whose rows the copy can carry in full: the case with its parties, history,
// records and evidence rows, every ledger entry and every audit line, each written by
// the same store methods and the same ledger append (appendCommitted: fresh salts, the
// same canonical form and meta keys) as the original. A copy differs from its model only
// in what identifies it: its ID and its number, the next of its agency, year and kind
// (without gaps, as NextCaseSeq gives them to a filing), and its party; the number and
// the party's name are replaced wherever the model's text named them (the facts, the
// audit lines, the committed ledger fields). Dates, clocks, stages and versions are the
// model's, so every statutory clock was computed by the law package on the model's
// filing day, and the history replays through the stage machine as the model's did.
//
// A model with rows the copy does not carry (an evaluation, a complaint, a fault review…;
// see zhifa.Tx.CaseFootprint) is refused: a copy without them would not be what the
// application writes. A closed case's rows — documents, approvals, obligations,
// publications, review rounds, filings, property, transfers — are copied column by
// column (bulk_copy_closed.go, bulk_copy_penalty.go).

// bulkStore is a store with a transaction for a loader that is its only writer
// (sqlstore.DB.UpdateBulk): many rows in one transaction at the cost of few.
type bulkStore interface {
	UpdateBulk(ctx context.Context, fn func(zhifa.Tx) error) error
}

// indexDeferrer is a store that builds the secondary indexes of a bulk load once at its
// end (sqlstore.DB.DeferIndexes).
type indexDeferrer interface {
	DeferIndexes(ctx context.Context, fn func() error) error
}

// bulkHandOff is a loader's transaction that writes the rows of the copies built so far
// while the next ones are built (sqlstore's FlushBulk).
type bulkHandOff interface {
	FlushBulk(ctx context.Context) error
}

// copyChunk is the number of copies built before their rows are handed off to be
// written beside the next ones (bulkHandOff).
const copyChunk = 250

// CaseCopier writes copies of model cases (NewCaseCopier).
type CaseCopier struct {
	a      *App
	models []*caseModel
	// officers are the officers copies named so far, by ID (bulk_copy_officers.go).
	officers map[int64]*copyOfficer
}

// caseModel is what a copy of one model case repeats.
type caseModel struct {
	c        *zhifa.Case
	agency   *zhifa.Agency
	domain   string // the item's domain, which a copy's officers' certificates cover
	events   []*zhifa.CaseEvent
	records  []*zhifa.Record
	evidence map[int64]*zhifa.Evidence // by ID
	entries  []modelEntry              // in log order
	avSteps  []*zhifa.AVStep           // steps that needed an A/V record, final state
	audit    []*zhifa.AuditEntry       // oldest first
	// closed holds the case's rows of the tables a closed case fills (documents,
	// approvals…; a running case may have some), nil for none.
	closed *closedRows
	// texts are its texts split for substitution (bulk_copy_text.go).
	texts copyTexts
}

// modelEntry is a ledger entry of a model with its committed fields opened into Meta.
type modelEntry struct {
	e *ledger.Entry
	// linked is set for an entry linked to the case (case_entries); an evidence file's
	// own entry is not.
	linked bool
	// evidence is the model's evidence row that the entry records, 0 for none.
	evidence int64
	// index is the entry's position in the model's ledger.
	index int64
	// keys are the classes of e.Meta's keys (entryKeyClass), looked up once for the
	// model rather than once a copy.
	keys []classedKey
}

// classedKey is a key of a model entry's Meta with its class for a copy.
type classedKey struct {
	name string
	metaKey
}

// classedKeys are the keys of the entry of kind with their classes; an error names a key
// without one.
func classedKeys(kind string, meta map[string]string) ([]classedKey, error) {
	keys := make([]classedKey, 0, len(meta))
	for _, k := range slices.Sorted(maps.Keys(meta)) {
		class, ok := entryKeyClass(kind, k)
		if !ok {
			return nil, fmt.Errorf("%s entry: key %s has no class for a copy", kind, k)
		}
		keys = append(keys, classedKey{name: k, metaKey: class})
	}
	return keys, nil
}

// CaseCopy is one copy to write: the model (an index into the copier's models), the
// copy's party and, unless nil, its officers in place of the model's (CaseCopier.Model).
type CaseCopy struct {
	Model    int
	Party    PartyInput
	Officers []int64
}

// NewCaseCopier loads the model cases. Only the system actor (the generator) may copy
// cases; a model with rows a copy cannot carry is EINVALID.
func (a *App) NewCaseCopier(ctx context.Context, ids []int64) (*CaseCopier, error) {
	if err := requireSystem(ActorFrom(ctx)); err != nil {
		return nil, err
	}
	cp := &CaseCopier{a: a}
	err := a.read(ctx, func(tx zhifa.Tx) error {
		for _, id := range ids {
			m, err := loadCaseModel(ctx, tx, a.blobs, id)
			if err != nil {
				return err
			}
			cp.models = append(cp.models, m)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return cp, nil
}

// requireSystem refuses every actor but a command-line one (SystemActor).
func requireSystem(actor *Actor) error {
	if actor.UserID >= 0 || actor.Role != zhifa.RoleAdmin {
		return zhifa.Errorf(zhifa.EFORBIDDEN, "仅系统生成数据时可以批量复制案件")
	}
	return nil
}

// CopyableCase reports whether a copy can carry every row of the case (CaseFootprint)
// and map every key of its ledger entries.
func (a *App) CopyableCase(ctx context.Context, id int64) (bool, error) {
	blockers, err := a.CopyBlockers(ctx, id)
	return len(blockers) == 0, err
}

// CopyBlockers lists what keeps the case from being a model for copies, sorted: the
// tables where it has rows a copy does not carry, then the keys of its ledger entries a
// copy cannot map ("kind/key", with "?" for a key that has no class at all). Only the
// system actor asks.
func (a *App) CopyBlockers(ctx context.Context, id int64) ([]string, error) {
	if err := requireSystem(ActorFrom(ctx)); err != nil {
		return nil, err
	}
	var out []string
	err := a.read(ctx, func(tx zhifa.Tx) error {
		fp, err := tx.CaseFootprint(ctx, id)
		if err != nil {
			return err
		}
		for table := range fp {
			out = append(out, table)
		}
		tables, err := tx.CaseTableRows(ctx, id)
		if err != nil {
			return err
		}
		for _, b := range closedBlockers(tables) {
			if fp[b] == 0 { // a table CaseFootprint counted already
				out = append(out, b)
			}
		}
		b, err := publicationBlocker(ctx, tx, id, tables)
		if err != nil {
			return err
		}
		if b != "" {
			out = append(out, b)
		}
		slices.Sort(out)
		linked, err := tx.CaseEntries(ctx, id)
		if err != nil {
			return err
		}
		keys := map[string]bool{}
		for _, le := range linked {
			e, err := openedEntry(ctx, tx, le.Index)
			if err != nil {
				return err
			}
			for _, b := range entryBlockers(e.Kind, e.Meta) {
				keys[b] = true
			}
		}
		out = append(out, slices.Sorted(maps.Keys(keys))...)
		return nil
	})
	return out, err
}

// loadCaseModel reads what a copy of the case repeats.
func loadCaseModel(ctx context.Context, tx zhifa.Tx, blobs blob.Store, id int64) (*caseModel, error) {
	fp, err := tx.CaseFootprint(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(fp) > 0 {
		return nil, zhifa.Errorf(zhifa.EINVALID, "案件%d有批量复制不能携带的记录：%v", id, fp)
	}
	m := &caseModel{evidence: map[int64]*zhifa.Evidence{}}
	if m.c, err = tx.Case(ctx, id); err != nil {
		return nil, err
	}
	if len(m.c.Parties) != 1 {
		return nil, zhifa.Errorf(zhifa.EINVALID, "案件%d有%d个当事人，批量复制只复制一个当事人的案件", id, len(m.c.Parties))
	}
	if m.agency, err = tx.Agency(ctx, m.c.AgencyID); err != nil {
		return nil, err
	}
	item, err := tx.Item(ctx, m.c.ItemID)
	if err != nil {
		return nil, err
	}
	m.domain = item.Domain
	if m.events, err = tx.CaseEvents(ctx, id); err != nil {
		return nil, err
	}
	if m.records, err = tx.Records(ctx, id); err != nil {
		return nil, err
	}
	if m.avSteps, err = tx.CaseAVSteps(ctx, id); err != nil {
		return nil, err
	}
	linked, err := tx.CaseEntries(ctx, id)
	if err != nil {
		return nil, err
	}
	type ref struct {
		linked   bool
		evidence int64
	}
	indexes := map[int64]ref{}
	for _, e := range linked {
		indexes[e.Index] = ref{linked: true}
	}
	objects := []string{objectRef("case", id)}
	for _, r := range m.records {
		if r.EvidenceID == 0 {
			continue
		}
		ev, err := tx.Evidence(ctx, r.EvidenceID)
		if err != nil {
			return nil, err
		}
		m.evidence[ev.ID] = ev
		// An issued document's content is evidence whose entry (document.issue) is
		// also the case's: keep it linked.
		r := indexes[ev.LedgerIndex]
		r.evidence = ev.ID
		indexes[ev.LedgerIndex] = r
		objects = append(objects, objectRef("evidence", ev.ID))
	}
	if err := loadClosedRows(ctx, tx, blobs, m, &objects); err != nil {
		return nil, err
	}
	order := make([]int64, 0, len(indexes))
	for idx := range indexes {
		order = append(order, idx)
	}
	slices.Sort(order)
	for _, idx := range order {
		e, err := openedEntry(ctx, tx, idx)
		if err != nil {
			return nil, err
		}
		if err := checkCopyableEntry(id, e.Kind, e.Meta); err != nil {
			return nil, err
		}
		if m.closed != nil {
			m.closed.addEntryCodes(e)
		}
		keys, err := classedKeys(e.Kind, e.Meta)
		if err != nil {
			return nil, err
		}
		m.entries = append(m.entries, modelEntry{e: e, linked: indexes[idx].linked, evidence: indexes[idx].evidence, index: idx,
			keys: keys})
	}
	for _, obj := range objects {
		lines, _, err := tx.Audit(ctx, zhifa.AuditFilter{Object: obj, Page: zhifa.Page{Limit: 1000}})
		if err != nil {
			return nil, err
		}
		m.audit = append(m.audit, lines...)
	}
	slices.SortFunc(m.audit, func(x, y *zhifa.AuditEntry) int { return int(x.ID - y.ID) })
	return m, nil
}

// openedEntry reads the entry at idx with its committed fields opened into Meta, as it
// was before appendCommitted committed them.
func openedEntry(ctx context.Context, tx zhifa.Tx, idx int64) (*ledger.Entry, error) {
	stored, err := tx.LedgerEntries(ctx, idx, idx+1)
	if err != nil {
		return nil, err
	}
	if len(stored) != 1 {
		return nil, fmt.Errorf("ledger entry %d is missing", idx)
	}
	e, err := ledger.ParseEntry(stored[0].Data)
	if err != nil {
		return nil, fmt.Errorf("ledger entry %d: %w", idx, err)
	}
	openings, err := tx.LedgerOpenings(ctx, idx, idx+1)
	if err != nil {
		return nil, err
	}
	if err := ledger.CheckOpenings(e, toOpenings(openings)); err != nil {
		return nil, fmt.Errorf("ledger entry %d: %w", idx, err)
	}
	if e.Meta == nil {
		e.Meta = map[string]string{}
	}
	for _, o := range openings {
		e.Meta[o.Field] = o.Value
	}
	e.Commits = nil
	return e, nil
}

func toOpenings(list []*zhifa.LedgerOpening) []ledger.Opening {
	out := make([]ledger.Opening, len(list))
	for i, o := range list {
		out[i] = ledger.Opening{Field: o.Field, Salt: o.Salt, Value: o.Value}
	}
	return out
}

// Models returns the number of model cases.
func (cp *CaseCopier) Models() int { return len(cp.models) }

// Copy writes the copies in one transaction, each numbered in turn, and returns their
// IDs.
func (cp *CaseCopier) Copy(ctx context.Context, copies []CaseCopy) ([]int64, error) {
	if err := requireSystem(ActorFrom(ctx)); err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(copies))
	update := cp.a.store.Update
	if bulk, ok := cp.a.store.(bulkStore); ok {
		update = bulk.UpdateBulk
	}
	err := update(ctx, func(tx zhifa.Tx) (err error) {
		ids = ids[:0]
		files := newFileWriter(ctx, cp.a.blobs)
		defer func() {
			// Every file stored before the rows naming them commit.
			if werr := files.Wait(); err == nil {
				err = werr
			}
		}()
		for i, c := range copies {
			if c.Model < 0 || c.Model >= len(cp.models) {
				return zhifa.Errorf(zhifa.EINVALID, "第%d件复制的样本案件不存在", i+1)
			}
			if !cp.Fits(c.Model, c.Party) {
				return zhifa.Errorf(zhifa.EINVALID, "第%d件复制的当事人类型与样本案件的不同", i+1)
			}
			om, err := cp.mapOfficers(ctx, tx, cp.models[c.Model], c.Officers)
			if err != nil {
				return fmt.Errorf("copy %d: %w", i+1, err)
			}
			id, err := cp.models[c.Model].copy(ctx, tx, files, c.Party, om)
			if err != nil {
				return fmt.Errorf("copy %d of case %d: %w", i+1, cp.models[c.Model].c.ID, err)
			}
			ids = append(ids, id)
			if h, ok := tx.(bulkHandOff); ok && (i+1)%copyChunk == 0 && i+1 < len(copies) {
				if err := h.FlushBulk(ctx); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	cp.a.pokeLedger()
	return ids, nil
}

// Load runs fn, which writes copies (Copy), with the store's secondary indexes of the
// tables copies fill built once when fn returns rather than row by row, where the store
// can (SQLite): the generator's copies are the store's only writes meanwhile.
func (cp *CaseCopier) Load(ctx context.Context, fn func() error) error {
	if err := requireSystem(ActorFrom(ctx)); err != nil {
		return err
	}
	if d, ok := cp.a.store.(indexDeferrer); ok {
		return d.DeferIndexes(ctx, fn)
	}
	return fn()
}

// Fits reports whether the party may be that of a copy of the model: a model's issued
// documents name its party by the fields of its kind, so a copy keeps the kind.
func (cp *CaseCopier) Fits(model int, party PartyInput) bool {
	if model < 0 || model >= len(cp.models) {
		return false
	}
	m := cp.models[model]
	return m.closed == nil || m.c.Parties[0].Kind == party.Kind
}

// Closed reports whether the model ran to 结案 (closed or archived).
func (cp *CaseCopier) Closed(model int) bool {
	if model < 0 || model >= len(cp.models) {
		return false
	}
	stage := cp.models[model].c.Stage
	return stage == zhifa.StageClose || stage == zhifa.StageArchive
}

// copy writes one copy of m with the party and officers in tx.
func (m *caseModel) copy(ctx context.Context, tx zhifa.Tx, files *fileWriter, party PartyInput, om *officerMap) (int64, error) {
	model := m.c
	c := *model
	c.ID = 0
	c.OfficerIDs = make([]int64, len(model.OfficerIDs))
	for i, id := range model.OfficerIDs {
		c.OfficerIDs[i] = om.ids[id]
	}
	c.Clocks = slices.Clone(model.Clocks)
	c.Parties = []zhifa.Party{{Kind: party.Kind, Name: party.Name, IDNumber: party.IDNumber, CreditCode: party.CreditCode,
		Address: party.Address, Phone: party.Phone}}
	seq, err := tx.NextCaseSeq(ctx, c.AgencyID, c.Year, c.Kind)
	if err != nil {
		return 0, err
	}
	c.Seq, c.Number = seq, CaseNumber(m.agency, c.Kind, c.Year, seq)
	// The model's number, party and officers wherever its text names them.
	pairs := partyPairs(model.Number, c.Number, model.Parties[0], c.Parties[0], om.text...)
	rename := m.texts.replacer(pairs)
	c.Facts = rename.Replace(model.Facts)
	if err := tx.InsertCaseCopy(ctx, &c); err != nil {
		return 0, err
	}
	evidenceIDs := map[int64]int64{}
	recordIDs := map[int64]int64{}
	cm := &zhifa.CopyMap{ModelCase: model.ID, Case: c.ID, Text: rename.Replace, Ledger: map[int64]int64{},
		Digests: map[string]string{}, IDs: map[string]map[int64]int64{"evidence": evidenceIDs, "case_records": recordIDs,
			"officers": om.ids}}
	if m.closed != nil && len(m.closed.codes) > 0 {
		// The copy's payment reference and receipts wherever its text names the model's
		// (its documents, the execution's record, audit lines).
		cm.Unique = m.closed.copyCodes(c.AgencyID, c.ID)
		rename = m.texts.replacer(append(pairs, codePairs(cm.Unique)...))
		cm.Text = rename.Replace
	}
	closed, err := m.startClosedCopy(ctx, tx, files, &c, cm, rename)
	if err != nil {
		return 0, err
	}
	for _, ev := range m.events {
		e := *ev
		e.ID, e.CaseID = 0, c.ID
		e.Reason, e.Detail = rename.Replace(e.Reason), rename.Replace(e.Detail)
		if err := tx.AddCaseEvent(ctx, &e); err != nil {
			return 0, err
		}
	}
	for _, me := range m.entries {
		if me.e.Kind == "record.add" {
			// The record first, as AddRecord writes it: its entry names it.
			old, err := strconv.ParseInt(me.e.Meta["record"], 10, 64)
			if err != nil {
				return 0, fmt.Errorf("record.add entry without its record: %w", err)
			}
			id, err := m.copyRecord(ctx, tx, old, c.ID, evidenceIDs, rename)
			if err != nil {
				return 0, err
			}
			recordIDs[old] = id
		}
		e, err := copyEntry(me.e, me.keys, model.Number, c.Number, cm, closed.digest)
		if err != nil {
			return 0, err
		}
		if err := checkPublicDigest(e); err != nil {
			return 0, err
		}
		if me.e.Kind == "document.issue" && !closed.reissue(e, nil, me.evidence) {
			return 0, fmt.Errorf("document.issue entry %d without its content", me.index)
		}
		index, err := appendCommitted(ctx, tx, e)
		if err != nil {
			return 0, err
		}
		cm.Ledger[me.index] = index
		if me.linked {
			if err := tx.LinkCaseEntry(ctx, c.ID, index, e.Kind); err != nil {
				return 0, err
			}
		}
		if me.evidence != 0 {
			ev := *m.evidence[me.evidence]
			ev.ID, ev.LedgerIndex, ev.CaseRef = 0, index, rename.Replace(ev.CaseRef)
			ev.OfficerIDs = om.mapped(ev.OfficerIDs)
			ev.Title = rename.Replace(ev.Title)
			document := closed.reissue(nil, &ev, me.evidence)
			if err := tx.CreateEvidence(ctx, &ev); err != nil {
				return 0, err
			}
			evidenceIDs[me.evidence] = ev.ID
			if document {
				// An issued document's record, written with its content (IssueDocument).
				id, err := m.copyRecord(ctx, tx, m.closed.docRecords[me.evidence], c.ID, evidenceIDs, rename)
				if err != nil {
					return 0, err
				}
				recordIDs[m.closed.docRecords[me.evidence]] = id
			}
		}
	}
	if len(recordIDs) != len(m.records) {
		return 0, fmt.Errorf("%d of the model's %d records have their entry", len(recordIDs), len(m.records))
	}
	// The A/V steps as the model's history left them (recorded or not): after its
	// records, whose A/V kind would mark a step recorded.
	for _, step := range m.avSteps {
		v := *step
		v.ID, v.CaseID = 0, c.ID
		if err := tx.AddAVStep(ctx, &v); err != nil {
			return 0, err
		}
	}
	if err := closed.finish(ctx, tx); err != nil {
		return 0, err
	}
	for _, line := range m.audit {
		l := *line
		l.ID, l.Detail = 0, closed.auditDetail(rename.Replace(l.Detail))
		l.Object = closed.auditObject(copyObject(l.Object, model.ID, c.ID, evidenceIDs))
		if err := tx.AppendAudit(ctx, &l); err != nil {
			return 0, err
		}
	}
	return c.ID, nil
}

// copyRecord writes the copy of the model's record old for the case, its evidence
// already copied.
func (m *caseModel) copyRecord(ctx context.Context, tx zhifa.Tx, old, caseID int64, evidenceIDs map[int64]int64,
	rename *copyReplacer) (int64, error) {
	i := slices.IndexFunc(m.records, func(r *zhifa.Record) bool { return r.ID == old })
	if i < 0 {
		return 0, fmt.Errorf("record %d is not the case's", old)
	}
	r := *m.records[i]
	r.ID, r.CaseID, r.Title = 0, caseID, rename.Replace(r.Title)
	if r.EvidenceID != 0 {
		id, ok := evidenceIDs[r.EvidenceID]
		if !ok {
			return 0, fmt.Errorf("record %d before its evidence %d", old, r.EvidenceID)
		}
		r.EvidenceID = id
	}
	if err := tx.AddRecord(ctx, &r); err != nil {
		return 0, err
	}
	return r.ID, nil
}

// copyEntry is the model's entry for the copy: each key mapped by its class (keys, the
// classedKeys of model.Meta) through the copy's map — its case, its rows by table, the
// renamed text, its codes, its rendered text — and the hashes of the same content.
func copyEntry(model *ledger.Entry, keys []classedKey, oldNumber, newNumber string, cm *zhifa.CopyMap,
	digest func(string) string) (*ledger.Entry, error) {
	e := *model
	if e.Case == oldNumber {
		e.Case = newNumber
	}
	if len(keys) != len(model.Meta) {
		return nil, fmt.Errorf("%s entry: %d of its %d keys classified", model.Kind, len(keys), len(model.Meta))
	}
	e.Meta = make(map[string]string, len(model.Meta))
	for _, class := range keys {
		k := class.name
		v, ok := model.Meta[k]
		if !ok {
			return nil, fmt.Errorf("%s entry: classified key %s is not the model's", model.Kind, k)
		}
		switch class.class {
		case metaKept:
		case metaCase:
			v = strconv.FormatInt(cm.Case, 10)
		case metaText:
			v = cm.Text(v)
		case metaOfficers:
			var err error
			if v, err = mapOfficerList(v, cm.IDs["officers"]); err != nil {
				return nil, fmt.Errorf("%s entry: %s: %w", model.Kind, k, err)
			}
		case metaRow:
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s entry: %s %q is no ID", model.Kind, k, v)
			}
			n, ok := cm.IDs[class.table][id]
			if !ok {
				return nil, fmt.Errorf("%s entry: %s %d is not the copy's", model.Kind, k, id)
			}
			v = strconv.FormatInt(n, 10)
		case metaDigest:
			if !copiedDigests[k] || digest == nil {
				return nil, fmt.Errorf("%s entry: digest %s is not carried by a copy", model.Kind, k)
			}
			v = digest(v)
		case metaUnique:
			if v == "" { // none given (a disposal without proceeds)
				break
			}
			u, ok := cm.Unique[v]
			if !ok {
				return nil, fmt.Errorf("%s entry: code %s %s is not the copy's", model.Kind, k, v)
			}
			v = u
		case metaLedger:
			idx, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s entry: %s %q is no ledger index", model.Kind, k, v)
			}
			n, ok := cm.Ledger[idx]
			if !ok {
				return nil, fmt.Errorf("%s entry: %s %d is not an entry of the copy", model.Kind, k, idx)
			}
			v = strconv.FormatInt(n, 10)
		case metaRendered:
			if v == "" {
				break
			}
			r, ok := cm.Rendered[v]
			if !ok {
				return nil, fmt.Errorf("%s entry: %s is not rendered for the copy", model.Kind, k)
			}
			v = r
		default:
			return nil, fmt.Errorf("%s entry: %s is not carried by a copy", model.Kind, k)
		}
		e.Meta[k] = v
	}
	if model.Hashes != nil {
		e.Hashes = make(map[string]ledger.Digest, len(model.Hashes))
		for k, d := range model.Hashes {
			e.Hashes[k] = d
		}
	}
	return &e, nil
}

// mapID maps a decimal ID through ids, keeping it when unmapped.
func mapID(v string, ids map[int64]int64) string {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return v
	}
	if n, ok := ids[id]; ok {
		return strconv.FormatInt(n, 10)
	}
	return v
}

// copyObject maps an audit line's object reference to the copy's: the case's, or an
// evidence row's through evidenceIDs (by the ID in the reference, not by formatting
// every mapped reference).
func copyObject(obj string, oldCase, newCase int64, evidenceIDs map[int64]int64) string {
	if rest, ok := strings.CutPrefix(obj, "case/"); ok {
		if rest == strconv.FormatInt(oldCase, 10) {
			return objectRef("case", newCase)
		}
		return obj
	}
	if rest, ok := strings.CutPrefix(obj, "evidence/"); ok {
		old, err := strconv.ParseInt(rest, 10, 64)
		if id, mapped := evidenceIDs[old]; err == nil && mapped && objectRef("evidence", old) == obj {
			return objectRef("evidence", id)
		}
	}
	return obj
}

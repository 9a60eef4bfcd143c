package evidence

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/blob"
	"zhifa/casefile"
	"zhifa/ledger"
)

// The sealed case file (案卷, D3): everything recorded about a case — its history, its
// records, their evidence files (issued documents included) and the ledger entries
// they rest on — in one zip with the inclusion proofs of every entry to one signed
// checkpoint, so that anyone can check it offline (zhifa verify --casefile; package
// casefile). The export appends its own ledger entry ("casefile.export") holding the
// digests of the manifest: the manifest cannot change without breaking that entry's
// proof. Exporting reads every evidence file of the case, so it is logged like an
// evidence read (调阅, D4): who, when and why, a reason required of supervisors.

// CaseFileExport is a case file ready to be written: the manifest and proofs are
// settled, the evidence files are read from storage while Write streams them.
type CaseFileExport struct {
	// Name is the file name offered for download, e.g. "案卷-东市监罚〔2026〕12号.zip".
	Name string
	// CaseID and Number identify the case; SealIndex is the export's ledger entry.
	CaseID    int64
	Number    string
	SealIndex int64

	s        *Service
	at       zhifa.LedgerCheckpoint
	manifest []byte
	files    []casefile.File
	proofs   map[int64]*ledger.InclusionProof
	order    []int64 // entry indexes, by index
	seal     casefile.Seal
	keys     string
}

// ExportCaseFile seals the case file of a case the actor may read and returns it, to
// be written with Write. reason is the reason of the read (调阅事由), required of
// supervisors. The export is recorded before anything is returned: its ledger entry,
// an access-log line for every evidence file and the audit line commit together, or
// nothing is exported.
func (s *Service) ExportCaseFile(ctx context.Context, caseID int64, reason string) (*CaseFileExport, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	signer := s.k.LedgerSigner()
	if signer == nil {
		return nil, zhifa.Errorf(zhifa.ENOTFOUND, "本系统未配置账本签名密钥，无法导出可核验的案卷")
	}

	// What the case file holds, read in one snapshot.
	var x *CaseFileExport
	var m *casefile.Manifest
	var entries map[int64][]byte
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var err error
		x, m, entries, err = s.gatherCaseFile(ctx, tx, actor, signer.Origin(), caseID)
		return err
	})
	if err != nil {
		return nil, err
	}
	// The case is visible: now the reason of the read (D4).
	if err := checkAccessReason(actor, &reason, "案卷"); err != nil {
		return nil, err
	}
	m.Reason = reason
	// Every file must be in storage, whole, before the export is recorded.
	if len(m.Files) > 0 && s.blobs == nil {
		return nil, kernel.ErrNoBlobs()
	}
	for _, f := range m.Files {
		if err := s.checkBlob(ctx, f); err != nil {
			return nil, err
		}
	}
	if x.manifest, err = casefile.MarshalJSON(m); err != nil {
		return nil, err
	}

	err = s.k.Write(ctx, "casefile.export", func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Object, rec.Detail = kernel.ObjectRef("case", caseID), fmt.Sprintf("%s（%d个账本条目、%d个文件）", x.Number, len(m.Entries), len(m.Files))
		// The case must still be visible to the actor as the export is recorded.
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		rec.ObjectPath = ag.Path
		for _, f := range m.Files {
			why := "导出案卷" + x.Number
			if reason != "" {
				why += "：" + reason
			}
			if err := tx.AddAccess(ctx, &zhifa.AccessLog{At: s.k.Now(), UserID: max(actor.UserID, 0), Login: actor.Login,
				EvidenceID: f.EvidenceID, Reason: kernel.Truncate(why, maxAccessReason), IP: actor.IP}); err != nil {
				return err
			}
		}
		e := &ledger.Entry{Kind: casefile.SealKind, Case: x.Number,
			Hashes: map[string]ledger.Digest{casefile.SealHash: ledger.DigestBytes(x.manifest)},
			Meta: map[string]string{"case": strconv.FormatInt(caseID, 10), "entries": strconv.Itoa(len(m.Entries)),
				"files": strconv.Itoa(len(m.Files))}}
		if x.SealIndex, err = s.k.AppendCaseEntry(ctx, tx, c, e); err != nil {
			return err
		}
		data, err := e.Canonical()
		x.seal = casefile.Seal{Index: x.SealIndex, Data: string(data)}
		return err
	})
	if err != nil {
		return nil, err
	}
	entries[x.SealIndex] = []byte(x.seal.Data)
	x.order = append(x.order, x.SealIndex)

	// One checkpoint covering the seal, and the proof of every entry to it.
	if _, err := s.k.IntegrateLedger(ctx); err != nil {
		return nil, fmt.Errorf("seal case file: %w", err)
	}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		cp, err := kernel.LatestCheckpoint(ctx, tx)
		if err != nil {
			return err
		}
		if cp == nil || cp.Size <= x.SealIndex {
			return zhifa.Errorf(zhifa.ECONFLICT, "账本检查点尚未覆盖本次导出，请稍后重试")
		}
		x.at = *cp
		signed := mustCheckpoint(cp)
		sha, sm := kernel.HashReaders(tx)
		for _, idx := range x.order {
			p, err := ledger.ProveInclusion(ctx, idx, cp.Size, sha, sm)
			if err != nil {
				return fmt.Errorf("prove ledger entry %d: %w", idx, err)
			}
			if err := p.Verify(entries[idx], signed); err != nil {
				return fmt.Errorf("ledger entry %d does not verify against the latest checkpoint: %w", idx, err)
			}
			x.proofs[idx] = p
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	x.keys = signer.VerifierKey() + "\n"
	if k := signer.SM2VerifierKey(); k != "" {
		x.keys += k + "\n"
	}
	x.files = m.Files
	return x, nil
}

// mustCheckpoint parses the body of a stored checkpoint; a damaged one yields the
// zero checkpoint, against which every proof fails.
func mustCheckpoint(c *zhifa.LedgerCheckpoint) ledger.Checkpoint {
	cp, _ := ledger.ParseCheckpoint(kernel.NoteBody(c.Note))
	return cp
}

// checkBlob checks that a file of the case file is stored with its recorded size.
func (s *Service) checkBlob(ctx context.Context, f casefile.File) error {
	sum, err := blob.ParseSum(f.SHA256)
	if err != nil {
		return err
	}
	info, err := s.blobs.Stat(ctx, sum)
	if errors.Is(err, blob.ErrNotFound) {
		s.k.Logger().Error("case file: evidence blob missing", "evidence", f.EvidenceID, "sha256", f.SHA256)
		return &zhifa.Error{Code: zhifa.EINTERNAL, Message: fmt.Sprintf("证据文件（编号%d）缺失，无法导出案卷，请联系系统管理员（运行 zhifa verify 核验）", f.EvidenceID), Err: err}
	} else if err != nil {
		return err
	}
	if info.Size != f.Size {
		return &zhifa.Error{Code: zhifa.EINTERNAL, Message: fmt.Sprintf("证据文件（编号%d）与登记信息不符，无法导出案卷，请联系系统管理员（运行 zhifa verify 核验）", f.EvidenceID)}
	}
	return nil
}

// gatherCaseFile reads the case, its history, records, evidence and ledger entries,
// and builds the manifest. It returns the canonical bytes of every entry by index.
func (s *Service) gatherCaseFile(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, origin string, caseID int64) (*CaseFileExport, *casefile.Manifest, map[int64][]byte, error) {
	c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
	if err != nil {
		return nil, nil, nil, err
	}
	item, err := tx.Item(ctx, c.ItemID)
	if err != nil {
		return nil, nil, nil, err
	}
	events, err := tx.CaseEvents(ctx, c.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	records, err := tx.Records(ctx, c.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	rows, err := caseEntries(ctx, tx, c)
	if err != nil {
		return nil, nil, nil, err
	}
	now := s.k.Now().UTC()
	x := &CaseFileExport{Name: "案卷-" + c.Number + ".zip", CaseID: c.ID, Number: c.Number, s: s, proofs: map[int64]*ledger.InclusionProof{}}
	m := &casefile.Manifest{Format: casefile.Format, Origin: origin, ExportedAt: now,
		ExportedBy: kernel.LedgerActor(actor), ExportedByLogin: actor.Login,
		Case: casefile.Case{ID: c.ID, Number: c.Number, AgencyID: ag.ID, Agency: ag.Name, Kind: string(c.Kind), KindLabel: c.Kind.Label(),
			Procedure: string(c.Procedure), ItemCode: item.Code, ItemName: item.Name, Facts: c.Facts, Stage: string(c.Stage),
			StageLabel: c.Stage.Label(), Outcome: string(c.Outcome), FiledOn: c.State.FiledOn.String(), Version: c.Version, CreatedAt: c.CreatedAt},
		Events: []casefile.Event{}, Records: []casefile.Record{}, Files: []casefile.File{}, Entries: []casefile.Entry{}}
	for _, p := range c.Parties {
		m.Case.Parties = append(m.Case.Parties, casefile.Party{Kind: string(p.Kind), Name: p.Name, IDMasked: p.IDMasked, CreditCode: p.CreditCode})
	}
	entries := map[int64][]byte{}
	parsed := map[int64]*ledger.Entry{}
	id := strconv.FormatInt(c.ID, 10)
	var caseEntries []int64
	for _, row := range rows {
		e, err := ledger.ParseEntry(row.Data)
		if err != nil || e.Case != c.Number || e.Meta["case"] != id {
			continue // another case with the same number elsewhere, or a damaged entry (zhifa verify reports it)
		}
		entries[row.Index], parsed[row.Index] = row.Data, e
		caseEntries = append(caseEntries, row.Index)
	}
	used := map[int64]bool{}
	find := func(match func(*ledger.Entry) bool) *int64 {
		for _, idx := range caseEntries {
			if !used[idx] && match(parsed[idx]) {
				used[idx] = true
				return &idx
			}
		}
		return nil
	}
	m.Case.LedgerIndex = find(func(e *ledger.Entry) bool { return e.Kind == "case.open" })
	for _, ev := range events {
		me := casefile.Event{ID: ev.ID, At: ev.At, Action: string(ev.Action), From: string(ev.From), To: string(ev.To), ActorID: ev.ActorID,
			Actor: ev.Actor, ApproverID: ev.ApproverID, Approver: ev.Approver, Reason: ev.Reason, Detail: ev.Detail}
		if ev.Action == zhifa.ActOpen {
			me.LedgerIndex = m.Case.LedgerIndex
		} else {
			me.LedgerIndex = find(func(e *ledger.Entry) bool {
				return e.Kind != casefile.SealKind && e.Meta["record"] == "" && (e.Kind == "case."+string(ev.Action) || e.Meta["action"] == string(ev.Action))
			})
		}
		m.Events = append(m.Events, me)
	}
	seenFile := map[int64]string{}
	logins := map[int64]string{}
	for _, r := range records {
		if _, ok := logins[r.CreatedBy]; !ok && r.CreatedBy > 0 {
			u, err := tx.User(ctx, r.CreatedBy)
			if err != nil {
				return nil, nil, nil, err
			}
			logins[r.CreatedBy] = u.Login
		}
		rid := strconv.FormatInt(r.ID, 10)
		mr := casefile.Record{ID: r.ID, Kind: string(r.Kind), Title: r.Title, Act: r.Act, EvidenceID: r.EvidenceID,
			CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, CreatedByLogin: logins[r.CreatedBy],
			LedgerIndex: find(func(e *ledger.Entry) bool { return e.Meta["record"] == rid })}
		if r.EvidenceID != 0 {
			name, ok := seenFile[r.EvidenceID]
			if !ok {
				ev, err := tx.Evidence(ctx, r.EvidenceID)
				if err != nil {
					return nil, nil, nil, fmt.Errorf("evidence %d of record %d: %w", r.EvidenceID, r.ID, err)
				}
				ents, err := tx.LedgerEntries(ctx, ev.LedgerIndex, ev.LedgerIndex+1)
				if err != nil {
					return nil, nil, nil, err
				}
				if len(ents) != 1 {
					return nil, nil, nil, fmt.Errorf("ledger entry %d of evidence %d is missing", ev.LedgerIndex, ev.ID)
				}
				entries[ev.LedgerIndex] = ents[0].Data
				if mr.LedgerIndex == nil && parsed[ev.LedgerIndex] != nil && !used[ev.LedgerIndex] {
					// Made with its file in one entry (an issued document): that entry
					// attests the record.
					used[ev.LedgerIndex] = true
					idx := ev.LedgerIndex
					mr.LedgerIndex = &idx
				}
				name = casefile.FileName(ev.ID, ev.SHA256, EvidenceFileExt(ev.MIME))
				m.Files = append(m.Files, casefile.File{Name: name, EvidenceID: ev.ID, Kind: string(ev.Kind), Title: ev.Title,
					MIME: ev.MIME, Size: ev.Size, SHA256: ev.SHA256, SM3: ev.SM3, CapturedAt: ev.CapturedAt, LedgerIndex: ev.LedgerIndex})
				seenFile[r.EvidenceID] = name
			}
			mr.File = name
		}
		m.Records = append(m.Records, mr)
	}
	for idx := range entries {
		x.order = append(x.order, idx)
	}
	slices.Sort(x.order)
	for _, idx := range x.order {
		me := casefile.Entry{Index: idx, Data: string(entries[idx])}
		e, err := ledger.ParseEntry(entries[idx])
		if err == nil {
			me.Kind = e.Kind
		}
		if err == nil && len(e.Commits) > 0 {
			// The plaintext and salts of the committed fields, so that the file proves
			// them offline (issue 9 §3); one read per entry of this one case.
			ops, err := tx.LedgerOpenings(ctx, idx, idx+1)
			if err != nil {
				return nil, nil, nil, err
			}
			for _, o := range ops {
				me.Openings = append(me.Openings, casefile.Opening{Field: o.Field, Salt: hex.EncodeToString(o.Salt), Value: o.Value})
			}
		}
		m.Entries = append(m.Entries, me)
	}
	return x, m, entries, nil
}

// caseEntries reads the ledger entries of c: those linked to it as they were appended
// (case_entries), or, for a case filed before entries were linked, every entry that
// names its number.
func caseEntries(ctx context.Context, tx zhifa.Tx, c *zhifa.Case) ([]*zhifa.LedgerEntry, error) {
	links, err := tx.CaseEntries(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(links, func(l zhifa.CaseEntry) bool { return l.Kind == "case.open" }) {
		return tx.CaseLedgerEntries(ctx, c.Number)
	}
	var out []*zhifa.LedgerEntry
	for _, l := range links {
		list, err := tx.LedgerEntries(ctx, l.Index, l.Index+1)
		if err != nil {
			return nil, err
		}
		if len(list) != 1 {
			return nil, fmt.Errorf("ledger entry %d of case %d is missing", l.Index, c.ID)
		}
		out = append(out, list[0])
	}
	return out, nil
}

// Write streams the case file to w: the manifest, each evidence file read from
// storage through both hashes (a file that no longer matches its entry aborts the
// archive, which is then left without its directory and unreadable), the proofs, the
// seal, the checkpoint and the verifier key.
func (x *CaseFileExport) Write(ctx context.Context, w io.Writer) error {
	zw := casefile.NewWriter(w, x.at.CreatedAt)
	if err := zw.Bytes(casefile.ManifestName, x.manifest); err != nil {
		return err
	}
	for _, f := range x.files {
		if err := x.writeFile(ctx, zw, f); err != nil {
			return err
		}
	}
	for _, idx := range x.order {
		if err := zw.JSON(casefile.ProofName(idx), x.proofs[idx]); err != nil {
			return err
		}
	}
	if err := zw.JSON(casefile.SealName, x.seal); err != nil {
		return err
	}
	if err := zw.Bytes(casefile.CheckpointName, x.at.Note); err != nil {
		return err
	}
	if err := zw.Bytes(casefile.KeyName, []byte(x.keys)); err != nil {
		return err
	}
	return zw.Close()
}

func (x *CaseFileExport) writeFile(ctx context.Context, zw *casefile.Writer, f casefile.File) error {
	sum, err := blob.ParseSum(f.SHA256)
	if err != nil {
		return err
	}
	obj, err := x.s.blobs.Open(ctx, sum)
	if err != nil {
		return fmt.Errorf("case file %s: open evidence %d: %w", x.Number, f.EvidenceID, err)
	}
	defer obj.Close()
	dst, err := zw.File(f.Name)
	if err != nil {
		return err
	}
	d, err := ledger.DigestOf(io.TeeReader(obj, dst))
	if err != nil {
		return fmt.Errorf("case file %s: copy evidence %d: %w", x.Number, f.EvidenceID, err)
	}
	if got := fmt.Sprintf("%x %x", d.SHA256, d.SM3); d.Size != f.Size || got != f.SHA256+" "+f.SM3 {
		x.s.k.Logger().Error("case file: evidence blob differs from its entry", "evidence", f.EvidenceID, "sha256", f.SHA256, "read", d.String())
		return fmt.Errorf("case file %s: evidence %d differs from its ledger entry", x.Number, f.EvidenceID)
	}
	return nil
}

package app

import (
	"context"
	"io"
	"strings"
	"time"

	"zhifa"
	"zhifa/app/evidence"
)

// The case's evidence upload composes two contexts (app/evidence stores the file,
// app/cases records it on the case), so it lives in the composition root.

// recordKindOf is the record kind of an evidence kind: audio and video are A/V records
// (D2), photos photos, documents documents.
func recordKindOf(k zhifa.EvidenceKind) zhifa.RecordKind {
	switch k {
	case zhifa.EvidenceAudio, zhifa.EvidenceVideo:
		return zhifa.RecordAV
	case zhifa.EvidencePhoto:
		return zhifa.RecordPhoto
	case zhifa.EvidenceDocument:
		return zhifa.RecordDocument
	}
	return zhifa.RecordOther
}

// UploadCaseEvidence uploads an evidence file for a case and links it as a record of
// act (D1, D2: an A/V record of "seize" meets the seizure gate). The case is checked
// first, so that nothing is stored for a case the actor may not record on; the upload
// and the record are then two writes, each with its ledger entry. The evidence's case
// reference is the case number.
func (a *App) UploadCaseEvidence(ctx context.Context, caseID int64, act string, in evidence.EvidenceInput, r io.Reader) (*zhifa.Record, *evidence.EvidenceView, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermHandleCases); err != nil {
		return nil, nil, err
	}
	act = strings.TrimSpace(act)
	if len(act) > 50 {
		return nil, nil, fieldError("act", "执法行为不能超过50个字符")
	}
	var number string
	err := a.read(ctx, func(tx zhifa.Tx) error {
		c, _, err := a.visibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		if c.AgencyID != actor.AgencyID {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只能办理本机关的案件")
		}
		if c.Stage == zhifa.StageArchive {
			return zhifa.Errorf(zhifa.EINVALID, "案件已归档，不能再添加记录")
		}
		number = c.Number
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	in.CaseRef = number
	ev, err := a.evidence.UploadEvidence(ctx, in, r)
	if err != nil {
		return nil, nil, err
	}
	title := ev.Title
	if title == "" {
		title = ev.Kind.Label() + "（" + ev.CapturedAt.In(zhifa.CST).Format("2006-01-02 15:04") + "）"
	}
	rec, err := a.AddRecord(ctx, caseID, RecordInput{Kind: recordKindOf(ev.Kind), Title: title, Act: act, EvidenceID: ev.ID})
	if err != nil {
		return nil, ev, err
	}
	return rec, ev, nil
}

// HasEvidenceStorage reports whether evidence files can be stored.
func (a *App) HasEvidenceStorage() bool { return a.blobs != nil }

// WithClock returns an App over the same store, evidence storage and settings whose
// clock is now: the demo seeder files its cases on days spread over the year with it.
// It signs no checkpoints (entries it appends are integrated by the main App).
func (a *App) WithClock(now func() time.Time) *App {
	b := &App{store: a.store, now: now, log: a.log, blobs: a.blobs, maxEvidence: a.maxEvidence, extraStages: a.extraStages, sealCA: a.sealCA}
	b.ledger.poke = make(chan struct{}, 1)
	b.wireContexts() // the contexts read the new clock through their kernel
	return b
}

package evidence

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
)

// The records of a case file (D1, D3): a record that links an evidence file must link
// evidence that exists, belongs to the case's agency (and to the case, when the
// evidence names one), fits the record's kind, and is not already the record of
// another act or case — one file, one act, so that an A/V record of one seizure cannot
// be counted for another (D2).

// recordEvidenceKinds lists the evidence kinds a record kind accepts; a kind not
// listed accepts any.
var recordEvidenceKinds = map[zhifa.RecordKind][]zhifa.EvidenceKind{
	zhifa.RecordAV:    {zhifa.EvidenceAudio, zhifa.EvidenceVideo},
	zhifa.RecordPhoto: {zhifa.EvidencePhoto},
}

// CheckRecordEvidence checks the evidence r links, if any, inside the record's
// transaction (the cases' AddRecord calls it). Problems with the evidence ID are EINVALID on the field evidence_id;
// the same evidence linked again for the same act of the case is ECONFLICT.
func (s *Service) CheckRecordEvidence(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, r *zhifa.Record) error {
	if r.EvidenceID == 0 {
		return nil
	}
	e, err := tx.Evidence(ctx, r.EvidenceID)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND || err == nil && e.AgencyID != c.AgencyID {
		return kernel.FieldError("evidence_id", fmt.Sprintf("证据（编号%d）不存在或不属于本机关", r.EvidenceID))
	} else if err != nil {
		return err
	}
	if e.CaseRef != "" && e.CaseRef != c.Number {
		return kernel.FieldError("evidence_id", fmt.Sprintf("证据（编号%d）登记的案号为“%s”，不是本案（%s）", e.ID, e.CaseRef, c.Number))
	}
	if kinds, ok := recordEvidenceKinds[r.Kind]; ok && !slices.Contains(kinds, e.Kind) {
		return kernel.FieldError("evidence_id", fmt.Sprintf("证据（编号%d）是%s，不能登记为%s", e.ID, e.Kind.Label(), r.Kind.Label()))
	}
	linked, err := tx.EvidenceRecords(ctx, e.ID)
	if err != nil {
		return err
	}
	for _, l := range linked {
		switch {
		case l.CaseID != c.ID:
			return kernel.FieldError("evidence_id", fmt.Sprintf("证据（编号%d）已登记为其他案件的记录", e.ID))
		case l.Act != r.Act:
			return kernel.FieldError("evidence_id", fmt.Sprintf("证据（编号%d）已登记为本案“%s”的记录，不能再作为“%s”的记录", e.ID, actName(l.Act), actName(r.Act)))
		default:
			return zhifa.Errorf(zhifa.ECONFLICT, "证据（编号%d）已登记为本案记录（%s），无需重复登记", e.ID, l.Title)
		}
	}
	return nil
}

// actName names an act for a message: the stage's Chinese name when it is one.
func actName(act string) string {
	if act == "" {
		return "未指明执法行为"
	}
	if l := zhifa.Stage(act).Label(); l != "" {
		return l
	}
	return act
}

// AcceptedEvidenceTypes describes the accepted file types of every evidence kind, from
// the one list that defines them (evidenceMIMEs), e.g. "照片：JPEG、PNG、HEIC；录像：…".
func AcceptedEvidenceTypes() string {
	var parts []string
	for _, k := range zhifa.EvidenceKinds {
		parts = append(parts, k.Label()+"："+acceptedList(k))
	}
	return strings.Join(parts, "；")
}

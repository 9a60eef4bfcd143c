package cases

import (
	"context"

	"zhifa"
	"zhifa/document"
)

// The review materials as documents of the case (issue 12): the evidence list generated
// from the case's records, and the investigation report that names the same evidence.

// evidenceRecordTypes are the issued documents that are themselves evidence: the records
// (笔录) of an inspection, an inquiry and a hearing (行政处罚法第四十六条: 勘验笔录、现场
// 笔录、当事人的陈述). Other issued documents (approval forms, notices, decisions, the
// materials themselves) are the procedure, not its evidence.
var evidenceRecordTypes = map[zhifa.DocType]bool{
	zhifa.DocInspectionRecord: true, zhifa.DocInquiryRecord: true, zhifa.DocHearingRecord: true,
}

// caseEvidence lists the case's evidence, oldest record first: each record with the file
// it links (its kind, capture time, device, place, officers and SHA-256), leaving out the
// records of issued documents that are not evidence. Officers are read once each.
func caseEvidence(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, docs []*zhifa.Document) ([]document.EvidenceItem, error) {
	records, err := tx.Records(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	procedural := map[int64]bool{}
	for _, d := range docs {
		if d.RecordID != 0 && !evidenceRecordTypes[d.Type] {
			procedural[d.RecordID] = true
		}
	}
	names := map[int64]string{}
	officerName := func(id int64) (string, error) {
		if n, ok := names[id]; ok {
			return n, nil
		}
		o, err := tx.Officer(ctx, id)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return "", nil
		} else if err != nil {
			return "", err
		}
		names[id] = o.Name
		return o.Name, nil
	}
	var out []document.EvidenceItem
	for _, r := range records {
		if procedural[r.ID] {
			continue
		}
		item := document.EvidenceItem{Title: r.Title, Kind: r.Kind.Label()}
		if r.EvidenceID != 0 {
			e, err := tx.Evidence(ctx, r.EvidenceID)
			if err != nil {
				return nil, err
			}
			item.Kind, item.CapturedAt, item.Device, item.Place, item.SHA256, item.MIME =
				e.Kind.Label(), e.CapturedAt, e.DeviceID, e.Place, e.SHA256, e.MIME
			for _, id := range e.OfficerIDs {
				n, err := officerName(id)
				if err != nil {
					return nil, err
				}
				if n != "" {
					item.Officers = append(item.Officers, n)
				}
			}
		}
		out = append(out, item)
	}
	return out, nil
}

// guardGeneratedFields refuses a hand edit of a generated field (document.GeneratedKeys):
// the evidence list states the case's records, not what someone typed.
func guardGeneratedFields(d *zhifa.Document, fields map[string]string) error {
	for k, v := range fields {
		if document.Generated(d.Type, k) && v != d.Fields[k] {
			msg := d.Type.Label() + "的证据目录由本案记录生成，不能手工修改；请先在本案登记记录"
			return &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{"fields." + k: msg}}
		}
	}
	return nil
}

// refreshGenerated regenerates the generated fields of a draft from the case as it is now,
// so that an issued evidence list lists every record made before its issue.
func (s *Service) refreshGenerated(ctx context.Context, tx zhifa.Tx, d *zhifa.Document, c *zhifa.Case) error {
	keys := document.GeneratedKeys[d.Type]
	if len(keys) == 0 {
		return nil
	}
	data, err := s.documentData(ctx, tx, c, false)
	if err != nil {
		return err
	}
	fresh := document.Prefill(d.Type, data)
	for _, k := range keys {
		d.Fields[k] = fresh[k]
	}
	return nil
}

package review

import (
	"context"

	"zhifa"
	"zhifa/law"
	"zhifa/web/kit"
)

// offerMaterialDocuments offers the case's issued 调查终结报告 and 证据清单 as their
// materials in the review submission (issue 12): the latest issued one is selected unless
// the handler chose another record, and a material not yet drawn up says where to make it.
func (s *Handlers) offerMaterialDocuments(ctx context.Context, caseID int64, rows []materialRow) ([]materialRow, error) {
	list, err := s.App.CaseDocuments(ctx, caseID)
	if err != nil {
		return nil, err
	}
	latest := map[zhifa.DocType]*zhifa.Document{}
	for _, d := range list.Documents {
		if prev := latest[d.Type]; d.State == zhifa.DocIssued && d.RecordID != 0 && (prev == nil || d.ID > prev.ID) {
			latest[d.Type] = d.Document
		}
	}
	for i := range rows {
		t := law.MaterialDocument(rows[i].Code)
		if t == "" {
			continue
		}
		d, ok := latest[t]
		if !ok {
			rows[i].Note = "本案尚未签发" + t.Label() + "，可在本案“文书”中制作并签发"
			continue
		}
		rows[i].Note = "本案已签发的" + t.Label() + "（" + d.Number + "）"
		if rows[i].Selected == "" {
			rows[i].Selected = kit.ID64(d.RecordID)
		}
	}
	return rows, nil
}

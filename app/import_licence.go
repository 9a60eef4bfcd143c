package app

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/publicity"
)

// LicenceImportColumns are the columns of a licence-decision import file (issue 13), in
// template order: the records of the actor's own agency, as its licensing system exports
// them. 申请人类别 is 自然人 or 法人或者其他组织; 许可决定类别 a kind's Chinese name (准予行政许可…).
var LicenceImportColumns = []ImportColumn{
	{Header: "决定文书号", Required: true, Fields: []string{"number"}},
	{Header: "事项编码", Required: true, Fields: []string{"item_code", "item_id"}},
	{Header: "许可决定类别", Required: true, Fields: []string{"decision"}},
	{Header: "申请人类别", Required: true, Fields: []string{"applicant.kind"}},
	{Header: "申请人名称", Required: true, Fields: []string{"applicant.name"}},
	{Header: "统一社会信用代码", Fields: []string{"applicant.credit_code"}},
	{Header: "法定代表人", Fields: []string{"applicant.legal_rep"}},
	{Header: "身份证号", Fields: []string{"applicant.id_number"}},
	{Header: "许可内容", Required: true, Fields: []string{"content"}},
	{Header: "有效期起", Fields: []string{"valid_from"}},
	{Header: "有效期止", Fields: []string{"valid_until"}},
	{Header: "决定日期", Required: true, Fields: []string{"decided_on"}},
	{Header: "许可机关", Required: true, Fields: []string{"office"}},
	{Header: "原许可决定文书号", Fields: []string{"revokes"}},
	{Header: "来源系统", Required: true, Fields: []string{"source"}},
	{Header: "来源记录编号", Required: true, Fields: []string{"source_id"}},
}

// LicenceImportTemplate is the CSV template of a licence-decision import.
func LicenceImportTemplate() []byte { return importTemplate(LicenceImportColumns) }

// applicantKinds maps the import's 申请人类别 to the party kind.
var applicantKinds = map[string]zhifa.PartyKind{"自然人": zhifa.PartyPerson, "公民": zhifa.PartyPerson,
	"法人或者其他组织": zhifa.PartyOrg, "法人": zhifa.PartyOrg, "其他组织": zhifa.PartyOrg}

// ImportLicences receives the licence decisions of a CSV or XLSX file into the actor's
// own agency, through the same checks and the same receipt as the API
// (publicity.ImportLicences: idempotent by 来源系统 and 来源记录编号, a changed record a
// correction). A file with any bad row imports nothing; problems are listed by row.
func (a *App) ImportLicences(ctx context.Context, filename string, r io.Reader) (*ImportResult, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermHandleCases); err != nil {
		return nil, err
	}
	rows, err := readImportFile(filename, r, LicenceImportColumns)
	if err != nil {
		return nil, err
	}
	errs := newRowErrors(LicenceImportColumns)
	in := make([]publicity.LicenceInput, len(rows))
	for i, row := range rows {
		if row.cells[extraCell] != "" {
			errs.add(row.Num, "", "没有表头的列中有数据")
		}
		l := &in[i]
		l.AgencyID, l.ItemCode, l.Number, l.Decision = actor.AgencyID, row.get("事项编码"), row.get("决定文书号"), row.get("许可决定类别")
		if s := row.get("申请人类别"); s != "" {
			kind, ok := applicantKinds[s]
			if !ok {
				errs.add(row.Num, "申请人类别", "应为自然人或法人或者其他组织")
			}
			l.Applicant.Kind = kind
		}
		l.Applicant.Name, l.Applicant.CreditCode = row.get("申请人名称"), row.get("统一社会信用代码")
		l.Applicant.LegalRep, l.Applicant.IDNumber = row.get("法定代表人"), row.get("身份证号")
		l.Content, l.Office, l.Revokes = row.get("许可内容"), row.get("许可机关"), row.get("原许可决定文书号")
		l.Source, l.SourceID = row.get("来源系统"), row.get("来源记录编号")
		l.ValidFrom, l.ValidUntil, l.DecidedOn = importDateText(row.get("有效期起")), importDateText(row.get("有效期止")),
			importDateText(row.get("决定日期"))
	}
	if !errs.empty() {
		return nil, errs.err()
	}
	got, err := a.publicity.ImportLicences(ctx, in)
	if err != nil {
		var ze *zhifa.Error
		if !errors.As(err, &ze) || ze.Code != zhifa.EINVALID || len(ze.Fields) == 0 {
			return nil, err
		}
		fields := fieldHeader(LicenceImportColumns)
		for field, msg := range ze.Fields {
			idx, name, ok := licenceRowField(field)
			if !ok || idx >= len(rows) {
				return nil, err
			}
			errs.add(rows[idx].Num, fields(name), msg)
		}
		return nil, errs.err()
	}
	res := &ImportResult{Rows: len(rows)}
	for _, g := range got {
		res.IDs = append(res.IDs, g.ID)
	}
	return res, nil
}

// licenceRowField splits a batch field name "licences[3].applicant.name" into the index
// and the field.
func licenceRowField(field string) (int, string, bool) {
	rest, ok := strings.CutPrefix(field, "licences[")
	if !ok {
		return 0, "", false
	}
	num, name, ok := strings.Cut(rest, "].")
	if !ok {
		return 0, "", false
	}
	i, err := strconv.Atoi(num)
	return i, name, err == nil && i >= 0
}

// importDateText normalizes a date cell to 'YYYY-MM-DD' (spreadsheets write 2026/3/2 or
// 2026年3月2日); a cell it cannot read is passed on for the receipt's field message.
func importDateText(s string) string {
	if s == "" {
		return ""
	}
	if d, err := parseImportDate(s); err == nil {
		return d.String()
	}
	return s
}

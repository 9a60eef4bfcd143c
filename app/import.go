package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"zhifa"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
	"zhifa/law"
)

// Bulk import limits.
const (
	// MaxImportSize is the largest file ImportOfficers and ImportItems accept, in bytes.
	MaxImportSize = 10 << 20
	// MaxImportRows is the largest number of data rows (without the header) of one file.
	MaxImportRows = 5000
	// maxImportRowErrors caps the rows listed in the error of a failed import.
	maxImportRowErrors = 100
)

// ImportResult is what a bulk import created.
type ImportResult struct {
	// Rows is the number of data rows imported (an item's continuation rows are included).
	Rows int `json:"rows"`
	// IDs are the IDs of the created officers or items, in file order.
	IDs []int64 `json:"ids"`
	// Certificates is the number of certificates issued (officer import).
	Certificates int `json:"certificates,omitempty"`
}

// ImportColumn is one column of an import file: its Chinese header, whether a file must
// have it, and the input field names (JSON, as the single-create checks report them)
// whose problems are reported under it.
type ImportColumn struct {
	Header   string
	Required bool
	Fields   []string
}

// OfficerImportColumns are the columns of an officer import file, in template order.
// 执法领域 lists domains separated by 、 or ；. 法制审核人员 is 是 or 否. A filled 法律职业资格证书编号
// marks the legal professional qualification; a filled 执法资格考试通过日期 the passed exam.
// When 证件编号 is filled, a certificate is issued with 发证机关 and the validity dates.
var OfficerImportColumns = []ImportColumn{
	{Header: "姓名", Required: true, Fields: []string{"name"}},
	{Header: "身份证号", Required: true, Fields: []string{"id_number"}},
	{Header: "所属机关", Required: true, Fields: []string{"agency_id"}},
	{Header: "手机号码", Fields: []string{"phone"}},
	{Header: "职务", Fields: []string{"position"}},
	{Header: "执法领域", Fields: []string{"domains"}},
	{Header: "法制审核人员", Fields: []string{"reviewer"}},
	{Header: "法律职业资格证书编号", Fields: []string{"legal_qualification_no"}},
	{Header: "执法资格考试通过日期", Fields: []string{"exam_date"}},
	{Header: "证件编号", Fields: []string{"number", "certificate"}},
	{Header: "发证机关", Fields: []string{"issuer"}},
	{Header: "有效期起", Fields: []string{"valid_from"}},
	{Header: "有效期止", Fields: []string{"valid_until"}},
}

// ItemImportColumns are the columns of an item import file, in template order. One row
// holds one legal basis; a row that repeats the previous row's 事项编码 with an empty
// 事项名称 adds a further basis to that item. 流程图 lists steps separated by →, 、 or ；.
var ItemImportColumns = []ImportColumn{
	{Header: "事项编码", Required: true, Fields: []string{"code"}},
	{Header: "事项名称", Required: true, Fields: []string{"name"}},
	{Header: "事项类别", Required: true, Fields: []string{"category"}},
	{Header: "实施机关", Required: true, Fields: []string{"agency_id"}},
	{Header: "执法领域", Fields: []string{"domain"}},
	{Header: "法律名称", Required: true, Fields: []string{"basis", "law"}},
	{Header: "条款", Fields: []string{"article"}},
	{Header: "条文内容", Fields: []string{"text"}},
	{Header: "实施程序", Fields: []string{"procedure"}},
	{Header: "办理时限", Fields: []string{"time_limit", "guide.time_limit"}},
	{Header: "救济渠道", Fields: []string{"remedy"}},
	{Header: "受理机构", Fields: []string{"guide.accepting_org"}},
	{Header: "审批机构", Fields: []string{"guide.approving_org"}},
	{Header: "受理条件", Fields: []string{"guide.conditions"}},
	{Header: "申请材料", Fields: []string{"guide.materials"}},
	{Header: "办公时间", Fields: []string{"guide.office_hours"}},
	{Header: "办公地址", Fields: []string{"guide.address"}},
	{Header: "咨询电话", Fields: []string{"guide.phone"}},
	{Header: "流程图", Fields: []string{"flowchart"}},
}

// OfficerImportTemplate is the CSV template of an officer import: the header row, with a
// UTF-8 byte order mark so that Excel reads the Chinese correctly.
func OfficerImportTemplate() []byte { return importTemplate(OfficerImportColumns) }

// ItemImportTemplate is the CSV template of an item import, like OfficerImportTemplate.
func ItemImportTemplate() []byte { return importTemplate(ItemImportColumns) }

func importTemplate(cols []ImportColumn) []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Header
	}
	_ = w.Write(header)
	w.Flush()
	return b.Bytes()
}

// importRow is one data row of an import file, by column header.
type importRow struct {
	Num   int // row number in the file, 1 for the header
	cells map[string]string
}

func (r importRow) get(header string) string { return strings.TrimSpace(r.cells[header]) }

// rowErrors collects problems per row and per column, in column order.
type rowErrors struct {
	cols []ImportColumn
	rows map[int]map[string]string // row → header → message
}

func newRowErrors(cols []ImportColumn) *rowErrors {
	return &rowErrors{cols: cols, rows: map[int]map[string]string{}}
}

// add records msg for the column header of a row, keeping the first problem per column.
func (e *rowErrors) add(row int, header, msg string) {
	m := e.rows[row]
	if m == nil {
		m = map[string]string{}
		e.rows[row] = m
	}
	if _, ok := m[header]; !ok {
		m[header] = msg
	}
}

// addErr records the problems of err, a single-create check's error, for a row. Field
// problems go to their column; anything else is reported for the row as a whole.
func (e *rowErrors) addErr(row int, err error, fieldMap func(string) string) {
	var ze *zhifa.Error
	if !errors.As(err, &ze) || ze.Code == zhifa.EINTERNAL {
		e.add(row, "", "系统内部错误，请稍后重试")
		return
	}
	if len(ze.Fields) == 0 {
		e.add(row, "", ze.Message)
		return
	}
	for field, msg := range ze.Fields {
		e.add(row, fieldMap(field), msg)
	}
}

func (e *rowErrors) empty() bool { return len(e.rows) == 0 }

// err returns the EINVALID error listing every bad row, {"第3行": "身份证号：…；证件编号：已存在"}.
func (e *rowErrors) err() error {
	if e.empty() {
		return nil
	}
	nums := make([]int, 0, len(e.rows))
	for n := range e.rows {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	order := map[string]int{"": -1}
	for i, c := range e.cols {
		order[c.Header] = i
	}
	fields := map[string]string{}
	for i, n := range nums {
		if i == maxImportRowErrors {
			fields["其他"] = fmt.Sprintf("另有%d行有误，未逐一列出", len(nums)-i)
			break
		}
		m := e.rows[n]
		headers := make([]string, 0, len(m))
		for h := range m {
			headers = append(headers, h)
		}
		sort.Slice(headers, func(i, j int) bool {
			oi, ok := order[headers[i]]
			if !ok {
				oi = len(e.cols)
			}
			oj, ok := order[headers[j]]
			if !ok {
				oj = len(e.cols)
			}
			if oi != oj {
				return oi < oj
			}
			return headers[i] < headers[j]
		})
		parts := make([]string, 0, len(headers))
		for _, h := range headers {
			if h == "" {
				parts = append(parts, m[h])
			} else {
				parts = append(parts, h+"："+m[h])
			}
		}
		fields[rowLabel(n)] = strings.Join(parts, "；")
	}
	msg := fmt.Sprintf("导入文件中有%d行数据有误，未导入任何数据，请修改后重新导入", len(nums))
	return &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: fields}
}

func rowLabel(n int) string { return "第" + strconv.Itoa(n) + "行" }

// fieldHeader returns a function mapping an input field name to its column header.
// Indexed names ("basis.0.article") are matched by their last part as well.
func fieldHeader(cols []ImportColumn) func(string) string {
	m := map[string]string{}
	for _, c := range cols {
		for _, f := range c.Fields {
			m[f] = c.Header
		}
	}
	return func(field string) string {
		if h, ok := m[field]; ok {
			return h
		}
		if i := strings.LastIndexByte(field, '.'); i >= 0 {
			if h, ok := m[field[i+1:]]; ok {
				return h
			}
		}
		return field
	}
}

// readImportFile reads an uploaded CSV or XLSX file, checks its header against cols and
// returns its non-empty data rows. The format is recognized by content, the name only
// helps the error message.
func readImportFile(filename string, r io.Reader, cols []ImportColumn) ([]importRow, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportSize+1))
	if err != nil {
		var ze *zhifa.Error
		if errors.As(err, &ze) {
			return nil, err
		}
		return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "读取上传文件失败", Err: err}
	}
	if len(data) > MaxImportSize {
		return nil, zhifa.Errorf(zhifa.EINVALID, "文件超过%d MiB上限，请分批导入", MaxImportSize>>20)
	}
	var records [][]string
	ext := strings.ToLower(filepath.Ext(filename))
	switch {
	case len(data) == 0:
		return nil, zhifa.Errorf(zhifa.EINVALID, "上传的文件为空")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		records, err = readXLSX(data, len(cols))
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0")) || ext == ".xls":
		return nil, zhifa.Errorf(zhifa.EINVALID, "不支持 Excel 97-2003（.xls）格式，请另存为 .xlsx 或 CSV 后导入")
	case ext != "" && ext != ".csv" && ext != ".txt" && ext != ".xlsx":
		return nil, zhifa.Errorf(zhifa.EINVALID, "不支持的文件类型“%s”，请上传 CSV 或 XLSX 文件", ext)
	default:
		records, err = readCSV(data)
	}
	if err != nil {
		return nil, err
	}
	return tableRows(records, cols)
}

// readCSV parses CSV text in UTF-8 (with or without a byte order mark) or, as Excel
// saves it on Chinese systems, in GB18030.
func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(dec) {
			return nil, zhifa.Errorf(zhifa.EINVALID, "无法识别文件编码，请以 UTF-8 或 GBK 编码保存 CSV 文件")
		}
		data = dec
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	var out [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, zhifa.Errorf(zhifa.EINVALID, "CSV格式错误：第%d行第%d列附近引号不匹配或格式不正确", pe.StartLine, pe.Column)
			}
			return nil, zhifa.Errorf(zhifa.EINVALID, "CSV格式错误")
		}
		out = append(out, rec)
		if len(out) > MaxImportRows+1 {
			return nil, zhifa.Errorf(zhifa.EINVALID, "数据超过%d行上限，请分批导入", MaxImportRows)
		}
	}
	return out, nil
}

// headerKey normalizes a header cell: spaces, a required-marker * and a parenthesized
// hint such as "（是/否）" are ignored.
func headerKey(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\uFEFF"))
	s = strings.Trim(s, "*＊ ")
	for _, open := range []string{"（", "("} {
		if i := strings.Index(s, open); i > 0 {
			s = s[:i]
		}
	}
	return strings.Join(strings.Fields(s), "")
}

// extraCell is the cell key of a value found in a column without a header.
const extraCell = "\x00extra"

// tableRows maps records to rows by the header of the first record, dropping blank rows.
func tableRows(records [][]string, cols []ImportColumn) ([]importRow, error) {
	if len(records) == 0 {
		return nil, zhifa.Errorf(zhifa.EINVALID, "文件为空：第1行应为表头")
	}
	known := map[string]bool{}
	for _, c := range cols {
		known[c.Header] = true
	}
	header := make([]string, len(records[0]))
	seen := map[string]bool{}
	var unknown, dup []string
	for i, cell := range records[0] {
		h := headerKey(cell)
		switch {
		case h == "":
		case !known[h]:
			unknown = append(unknown, "“"+truncate(strings.TrimSpace(cell), 20)+"”")
		case seen[h]:
			dup = append(dup, "“"+h+"”")
		default:
			header[i], seen[h] = h, true
		}
	}
	var missing []string
	for _, c := range cols {
		if c.Required && !seen[c.Header] {
			missing = append(missing, "“"+c.Header+"”")
		}
	}
	var problems []string
	if len(missing) > 0 {
		problems = append(problems, "缺少必需的列"+strings.Join(missing, "、"))
	}
	if len(unknown) > 0 {
		problems = append(problems, "无法识别的列"+strings.Join(unknown, "、"))
	}
	if len(dup) > 0 {
		problems = append(problems, "重复的列"+strings.Join(dup, "、"))
	}
	if len(problems) > 0 {
		msg := "表头有误：" + strings.Join(problems, "；") + "。请使用导入模板"
		return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{rowLabel(1): msg}}
	}
	var out []importRow
	for i, rec := range records[1:] {
		row := importRow{Num: i + 2, cells: map[string]string{}}
		blank := true
		for j, cell := range rec {
			if j >= len(header) || header[j] == "" {
				if strings.TrimSpace(cell) != "" {
					// A value in a column without a header has nowhere to go.
					row.cells[extraCell] = cell
					blank = false
				}
				continue
			}
			row.cells[header[j]] = cell
			if strings.TrimSpace(cell) != "" {
				blank = false
			}
		}
		if !blank {
			out = append(out, row)
		}
	}
	if len(out) == 0 {
		return nil, zhifa.Errorf(zhifa.EINVALID, "文件中没有数据行（第1行为表头，数据从第2行开始）")
	}
	return out, nil
}

// listSep splits lists of domains and flowchart steps.
var listSep = regexp.MustCompile(`\s*(?:、|；|;|，|,|→|->|\r?\n)\s*`)

func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return listSep.Split(strings.TrimSpace(s), -1)
}

// parseYesNo reads 是/否 and their common spellings; blank is no.
func parseYesNo(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "是", "y", "yes", "true", "1", "√":
		return true, true
	case "否", "n", "no", "false", "0", "":
		return false, true
	}
	return false, false
}

var cnDateRE = regexp.MustCompile(`^(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?$`)

// parseImportDate reads a date as written by people and spreadsheets: 2024-01-02,
// 2024/1/2, 2024.1.2, 2024年1月2日, 20240102, or an Excel serial day number.
func parseImportDate(s string) (zhifa.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return zhifa.Date{}, nil
	}
	bad := fmt.Errorf("日期“%s”无法识别，应为 YYYY-MM-DD", s)
	if m := cnDateRE.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
			return zhifa.Date{}, bad
		}
		return zhifa.Date{Year: y, Month: time.Month(mo), Day: d}, nil
	}
	if len(s) == 8 && allDigits(s) {
		return parseImportDate(s[:4] + "-" + s[4:6] + "-" + s[6:])
	}
	// An Excel serial day number: 1 is 1900-01-01, 60000 is in 2064.
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 100000 {
		t, err := excelize.ExcelDateToTime(f, false)
		if err != nil {
			return zhifa.Date{}, bad
		}
		return zhifa.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, nil
	}
	return zhifa.Date{}, bad
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// agencyNames resolves agency names within the actor's scope.
type agencyNames map[string][]*zhifa.Agency

func (a *App) agencyNames(ctx context.Context, tx zhifa.Tx, actor *Actor) (agencyNames, error) {
	list, err := tx.Agencies(ctx, actor.ScopePath)
	if err != nil {
		return nil, err
	}
	m := agencyNames{}
	for _, ag := range list {
		if actor.InScope(ag.Path) {
			m[ag.Name] = append(m[ag.Name], ag)
		}
	}
	return m, nil
}

// lookup returns the enforcement agency of exactly that name, or a Chinese problem.
func (m agencyNames) lookup(name string) (*zhifa.Agency, string) {
	list := m[name]
	switch {
	case name == "":
		return nil, "必填"
	case len(list) == 0:
		return nil, "“" + name + "”不存在或不在管理范围内（须与机关全称完全一致）"
	case len(list) > 1:
		return nil, "“" + name + "”对应多个机关，无法确定"
	case !list[0].IsEnforcement():
		return nil, "“" + name + "”是人民政府，不是执法主体"
	}
	return list[0], ""
}

// officerImport is one checked row of an officer import.
type officerImport struct {
	row    int
	agency string // 所属机关, resolved in the transaction
	in     personnel.OfficerInput
	cert   *personnel.CertInput
}

// ImportOfficers creates officers, and their certificates, from a CSV or XLSX file whose
// first row is the header of OfficerImportColumns. Every row goes through the checks of
// CreateOfficer and IssueCertificate, and 身份证号 and 证件编号 must be new, in the file
// and in the system. A file with any bad row imports nothing: the error lists the
// problems of every row by row number.
func (a *App) ImportOfficers(ctx context.Context, filename string, r io.Reader) (*ImportResult, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageOfficers); err != nil {
		return nil, err
	}
	rows, err := readImportFile(filename, r, OfficerImportColumns)
	if err != nil {
		return nil, err
	}
	errs := newRowErrors(OfficerImportColumns)
	fields := fieldHeader(OfficerImportColumns)
	var todo []*officerImport
	idRows, certRows := map[string]int{}, map[string]int{}
	for _, row := range rows {
		if row.cells[extraCell] != "" {
			errs.add(row.Num, "", "没有表头的列中有数据")
		}
		oi := &officerImport{row: row.Num, agency: row.get("所属机关")}
		in := &oi.in
		in.Name, in.IDNumber, in.Phone, in.Position = row.get("姓名"), row.get("身份证号"), row.get("手机号码"), row.get("职务")
		in.Domains = splitList(row.get("执法领域"))
		in.Active = true
		if v, ok := parseYesNo(row.get("法制审核人员")); ok {
			in.Reviewer = v
		} else {
			errs.add(row.Num, "法制审核人员", "应填“是”或“否”")
		}
		in.LegalQualNo = row.get("法律职业资格证书编号")
		in.LegalQual = in.LegalQualNo != ""
		if d, err := parseImportDate(row.get("执法资格考试通过日期")); err != nil {
			errs.add(row.Num, "执法资格考试通过日期", err.Error())
		} else {
			in.ExamDate, in.ExamPassed = d, !d.IsZero()
		}
		// The agency is resolved by name in the transaction; a placeholder keeps the
		// agency check of in.check quiet meanwhile.
		in.AgencyID = 1
		if strings.ContainsAny(in.IDNumber, "Ee") && strings.Contains(in.IDNumber, "+") {
			errs.add(row.Num, "身份证号", "被表格软件显示为科学计数法，请将该列设置为文本格式后重新填写")
		}
		if err := in.Check(true); err != nil {
			errs.addErr(row.Num, err, fields)
		}
		if n := in.IDNumber; n != "" {
			if first, ok := idRows[n]; ok {
				errs.add(row.Num, "身份证号", "与"+rowLabel(first)+"重复")
			} else {
				idRows[n] = row.Num
			}
		}
		number, issuer, from, until := row.get("证件编号"), row.get("发证机关"), row.get("有效期起"), row.get("有效期止")
		if number != "" || issuer != "" || from != "" || until != "" {
			ci := &personnel.CertInput{Number: number, Issuer: issuer}
			var err1, err2 error
			ci.ValidFrom, err1 = parseImportDate(from)
			ci.ValidUntil, err2 = parseImportDate(until)
			if err1 != nil {
				errs.add(row.Num, "有效期起", err1.Error())
			}
			if err2 != nil {
				errs.add(row.Num, "有效期止", err2.Error())
			}
			if err := ci.Check(); err != nil {
				errs.addErr(row.Num, err, fields)
			}
			if err := law.CertificateGrantable(in.ExamPassed, in.LegalQual); err != nil {
				errs.add(row.Num, "证件编号", zhifa.ErrorMessage(err))
			}
			if n := ci.Number; n != "" {
				if first, ok := certRows[n]; ok {
					errs.add(row.Num, "证件编号", "与"+rowLabel(first)+"重复")
				} else {
					certRows[n] = row.Num
				}
			}
			oi.cert = ci
		}
		todo = append(todo, oi)
	}
	res := &ImportResult{Rows: len(rows)}
	err = a.write(ctx, "officer.import", func(tx zhifa.Tx, rec *audit) error {
		rec.Object, rec.ObjectPath = "officer/import", actor.AgencyPath
		rec.Detail = fmt.Sprintf("%s：%d行", truncate(filepath.Base(filename), 100), len(rows))
		names, err := a.agencyNames(ctx, tx, actor)
		if err != nil {
			return err
		}
		for _, oi := range todo {
			ag, problem := names.lookup(oi.agency)
			if problem != "" {
				errs.add(oi.row, "所属机关", problem)
			} else {
				oi.in.AgencyID = ag.ID
			}
			if oi.in.IDNumber != "" {
				if _, err := tx.OfficerByIDNumber(ctx, oi.in.IDNumber); err == nil {
					errs.add(oi.row, "身份证号", "该身份证号的执法人员已存在")
				} else if !isCode(err, zhifa.ENOTFOUND) {
					return err
				}
			}
			if oi.cert != nil && oi.cert.Number != "" {
				if _, err := tx.CertificateByNumber(ctx, oi.cert.Number); err == nil {
					errs.add(oi.row, "证件编号", "已存在")
				} else if !isCode(err, zhifa.ENOTFOUND) {
					return err
				}
			}
		}
		if !errs.empty() {
			return errs.err()
		}
		for _, oi := range todo {
			o, err := a.personnel.CreateOfficerTx(ctx, tx, actor, oi.in)
			if err != nil {
				errs.addErr(oi.row, err, fields)
				return errs.err()
			}
			res.IDs = append(res.IDs, o.ID)
			if oi.cert != nil {
				if _, err := a.personnel.IssueCertificateTx(ctx, tx, actor, o, *oi.cert); err != nil {
					errs.addErr(oi.row, err, func(string) string { return "证件编号" })
					return errs.err()
				}
				res.Certificates++
			}
		}
		rec.Detail += fmt.Sprintf("，新增执法人员%d名、执法证件%d个", len(res.IDs), res.Certificates)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// itemImport is one item of an item import: its first row and the rows of its bases.
type itemImport struct {
	row       int
	agency    string // 实施机关, resolved in the transaction
	in        catalog.ItemInput
	basisRows []int // the row of each basis, by index
}

// itemBasisColumns are the columns a continuation row may fill.
var itemBasisColumns = map[string]bool{"事项编码": true, "法律名称": true, "条款": true, "条文内容": true}

// ImportItems creates catalog items from a CSV or XLSX file whose first row is the header
// of ItemImportColumns. Each row holds one legal basis; a row that repeats the previous
// item's 事项编码 and leaves 事项名称 empty adds a further basis to it. Every item goes
// through the checks of CreateItem (the law library included), and its code must be new,
// in the file and in the catalog. A file with any bad row imports nothing.
func (a *App) ImportItems(ctx context.Context, filename string, r io.Reader) (*ImportResult, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageCatalog); err != nil {
		return nil, err
	}
	rows, err := readImportFile(filename, r, ItemImportColumns)
	if err != nil {
		return nil, err
	}
	errs := newRowErrors(ItemImportColumns)
	fields := fieldHeader(ItemImportColumns)
	var todo []*itemImport
	codeRows := map[string]int{}
	for _, row := range rows {
		if row.cells[extraCell] != "" {
			errs.add(row.Num, "", "没有表头的列中有数据")
		}
		code, name := row.get("事项编码"), row.get("事项名称")
		basis := zhifa.Basis{Law: row.get("法律名称"), Article: row.get("条款"), Text: row.get("条文内容")}
		if last := len(todo) - 1; name == "" && code != "" && last >= 0 && todo[last].in.Code == code {
			it := todo[last]
			for _, c := range ItemImportColumns {
				if !itemBasisColumns[c.Header] && row.get(c.Header) != "" {
					errs.add(row.Num, c.Header, "续行（事项名称为空、事项编码同上一行）只能填写法律名称、条款和条文内容")
				}
			}
			it.in.Basis = append(it.in.Basis, basis)
			it.basisRows = append(it.basisRows, row.Num)
			continue
		}
		it := &itemImport{row: row.Num, agency: row.get("实施机关"), basisRows: []int{row.Num}}
		in := &it.in
		in.Code, in.Name, in.Domain = code, name, row.get("执法领域")
		if s := row.get("事项类别"); s != "" {
			if c, ok := zhifa.ParseItemCategory(s); ok {
				in.Category = c
			} else {
				errs.add(row.Num, "事项类别", "“"+s+"”无效，应为"+categoryNames())
			}
		}
		in.Basis = []zhifa.Basis{basis}
		in.Procedure, in.TimeLimit, in.Remedy = row.get("实施程序"), row.get("办理时限"), row.get("救济渠道")
		in.Guide = zhifa.ServiceGuide{
			AcceptingOrg: row.get("受理机构"), ApprovingOrg: row.get("审批机构"), Conditions: row.get("受理条件"),
			Materials: row.get("申请材料"), TimeLimit: in.TimeLimit, OfficeHours: row.get("办公时间"),
			Address: row.get("办公地址"), Phone: row.get("咨询电话"),
		}
		in.Flowchart = splitList(row.get("流程图"))
		in.Note = "批量导入"
		todo = append(todo, it)
	}
	for _, it := range todo {
		it.in.AgencyID = 1 // placeholder: the agency is resolved by name in the transaction
		if err := it.in.Check(); err != nil {
			var ze *zhifa.Error
			if !errors.As(err, &ze) {
				return nil, err
			}
			for field, msg := range ze.Fields {
				row := it.row
				var i int
				if _, err := fmt.Sscanf(field, "basis.%d.", &i); err == nil && i >= 0 && i < len(it.basisRows) {
					row = it.basisRows[i]
				}
				if field == "category" && it.in.Category == "" {
					msg = "必填，应为" + categoryNames()
				}
				errs.add(row, fields(field), msg)
			}
		}
		if c := it.in.Code; c != "" {
			if first, ok := codeRows[c]; ok {
				errs.add(it.row, "事项编码", "与"+rowLabel(first)+"重复")
			} else {
				codeRows[c] = it.row
			}
		}
	}
	res := &ImportResult{Rows: len(rows)}
	err = a.write(ctx, "item.import", func(tx zhifa.Tx, rec *audit) error {
		rec.Object, rec.ObjectPath = "item/import", actor.AgencyPath
		rec.Detail = fmt.Sprintf("%s：%d行", truncate(filepath.Base(filename), 100), len(rows))
		names, err := a.agencyNames(ctx, tx, actor)
		if err != nil {
			return err
		}
		for _, it := range todo {
			ag, problem := names.lookup(it.agency)
			if problem != "" {
				errs.add(it.row, "实施机关", problem)
			} else {
				it.in.AgencyID = ag.ID
			}
			if it.in.Code != "" {
				if _, err := tx.ItemByCode(ctx, it.in.Code); err == nil {
					errs.add(it.row, "事项编码", "已存在")
				} else if !isCode(err, zhifa.ENOTFOUND) {
					return err
				}
			}
		}
		if !errs.empty() {
			return errs.err()
		}
		for _, it := range todo {
			item, err := a.catalog.CreateItemTx(ctx, tx, actor, it.in)
			if err != nil {
				errs.addErr(it.row, err, fields)
				return errs.err()
			}
			res.IDs = append(res.IDs, item.ID)
		}
		rec.Detail += fmt.Sprintf("，新增执法事项%d项", len(res.IDs))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// categoryNames lists the item categories in Chinese, for messages.
func categoryNames() string {
	names := make([]string, len(zhifa.ItemCategories))
	for i, c := range zhifa.ItemCategories {
		names[i] = c.Label()
	}
	return strings.Join(names, "、")
}

package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
	"zhifa/idcode"
)

// csvFile renders rows as CSV text.
func csvFile(t *testing.T, rows ...[]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// xlsxFile renders rows as the first sheet of a workbook; time.Time values become date
// cells, everything else is written as given.
func xlsxFile(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// personID is a valid 身份证号 numbered n.
func personID(t *testing.T, n int) string {
	t.Helper()
	id, err := idcode.NewPersonID("370202", time.Date(1985, 1, 1+n%28, 0, 0, 0, 0, time.UTC), 100+n)
	if err != nil {
		t.Fatal(err)
	}
	return id.String()
}

var officerHeader = []string{"姓名", "身份证号", "所属机关", "手机号码", "职务", "执法领域", "法制审核人员（是/否）", "法律职业资格证书编号", "执法资格考试通过日期", "证件编号", "发证机关", "有效期起", "有效期止"}

func officerCount(t *testing.T, w *world, ctx context.Context) int {
	t.Helper()
	l, err := w.app.Personnel().Officers(ctx, zhifa.OfficerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return l.Total
}

func TestImportOfficers(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	market := w.market.Name
	// An existing officer and certificate the file must not repeat.
	existing, err := w.app.Personnel().CreateOfficer(admin, officerInput(w.market.ID, 1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.Personnel().IssueCertificate(admin, existing.ID, personnel.CertInput{Number: "鲁C0001", Issuer: "东港市人民政府", ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-01-01")}); err != nil {
		t.Fatal(err)
	}
	badCheck := personID(t, 9)
	badCheck = badCheck[:17] + map[bool]string{true: "1", false: "2"}[badCheck[17] != '1']

	tests := []struct {
		name   string
		file   string
		data   []byte
		want   string            // error code, "" for success
		fields map[string]string // substrings expected per row label
		rows   int
		certs  int
	}{
		{
			name: "csv with certificates and dates in several spellings",
			file: "officers.csv",
			data: append([]byte("\uFEFF"), csvFile(t, officerHeader,
				[]string{"李四", personID(t, 1), market, "13900001111", "科员", "市场监管、食品安全；价格", "是", "", "2021/5/6", "鲁C1001", "东港市人民政府", "2025年1月1日", "20291231"},
				[]string{"王五", personID(t, 2), w.branch.Name, "", "", "", "否", "A20200001", "", "鲁C1002", "东港市人民政府", "2025-02-01", "2030-01-31"},
				[]string{"", "", "", "", "", "", "", "", "", "", "", "", ""},
				[]string{"赵六", personID(t, 3), market, "", "", "", "", "", "2022-03-04", "", "", "", ""},
			)...),
			rows: 3, certs: 2,
		},
		{
			name: "xlsx with date cells",
			file: "officers.xlsx",
			data: xlsxFile(t,
				[]any{"姓名", "身份证号", "所属机关", "执法资格考试通过日期", "证件编号", "发证机关", "有效期起", "有效期止"},
				[]any{"钱七", personID(t, 4), market, time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC), "鲁C2001", "东港市人民政府", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), "2030-01-01"},
			),
			rows: 1, certs: 1,
		},
		{
			name: "gbk csv as saved by Excel",
			file: "officers.csv",
			data: func() []byte {
				b, err := simplifiedchinese.GBK.NewEncoder().Bytes(csvFile(t, []string{"姓名", "身份证号", "所属机关"}, []string{"孙八", personID(t, 5), market}))
				if err != nil {
					t.Fatal(err)
				}
				return b
			}(),
			rows: 1,
		},
		{
			name: "every bad row is reported and nothing is imported",
			file: "officers.csv",
			data: csvFile(t, officerHeader,
				[]string{"周一", personID(t, 6), market, "", "", "", "", "", "2020-01-01", "鲁C3001", "东港市人民政府", "2025-01-01", "2030-01-01"},
				[]string{"吴二", badCheck, market, "", "", "", "", "", "2020-01-01", "鲁C0001", "东港市人民政府", "2025-01-01", "2030-01-01"},
				[]string{"郑三", personID(t, 6), "不存在的局", "", "", "", "也许", "", "", "鲁C3001", "东港市人民政府", "2025-01-01", "2030-01-01"},
				[]string{"冯四", personID(t, 1), w.city.Name, "12", "", "", "", "", "2020-13-01", "", "", "", ""},
				[]string{"陈五", personID(t, 7), w.bureau.Name, "", "", "", "", "", "2020-01-01", "鲁C3002", "", "2025-01-01", "2024-01-01"},
			),
			want: zhifa.EINVALID,
			fields: map[string]string{
				"第3行": "身份证号：身份证号码校验位错误；证件编号：已存在",
				"第4行": "所属机关：“不存在的局”不存在",
				"第5行": "人民政府，不是执法主体",
				"第6行": "不在管理范围内",
			},
		},
		{
			name: "officer without certificate columns",
			file: "officers.csv",
			data: csvFile(t, officerHeader[:3:3], []string{"褚六", personID(t, 8), market}),
			rows: 1,
		},
		{name: "missing and unknown columns", file: "o.csv", data: csvFile(t, []string{"姓名", "籍贯"}, []string{"张", "山东"}), want: zhifa.EINVALID,
			fields: map[string]string{"第1行": "缺少必需的列“身份证号”、“所属机关”；无法识别的列“籍贯”"}},
		{name: "value without a header", file: "o.csv", data: csvFile(t, []string{"姓名", "身份证号", "所属机关"}, []string{"张", personID(t, 20), market, "多余"}), want: zhifa.EINVALID,
			fields: map[string]string{"第2行": "没有表头的列中有数据"}},
		{name: "header only", file: "o.csv", data: app.OfficerImportTemplate(), want: zhifa.EINVALID},
		{name: "empty file", file: "o.csv", data: nil, want: zhifa.EINVALID},
		{name: "legacy xls", file: "o.xls", data: []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), want: zhifa.EINVALID},
		{name: "unsupported type", file: "o.pdf", data: []byte("%PDF-1.4"), want: zhifa.EINVALID},
		{name: "broken csv quoting", file: "o.csv", data: []byte("姓名,身份证号,所属机关\n\"张,1,2\n"), want: zhifa.EINVALID},
		{name: "corrupt xlsx", file: "o.xlsx", data: []byte("PK\x03\x04garbage"), want: zhifa.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := officerCount(t, w, admin)
			res, err := w.app.ImportOfficers(admin, tt.file, bytes.NewReader(tt.data))
			if tt.want != "" {
				wantCode(t, err, tt.want)
				if got := officerCount(t, w, admin); got != before {
					t.Errorf("a failed import created %d officers", got-before)
				}
				fields := zhifa.ErrorFields(err)
				for row, want := range tt.fields {
					if !strings.Contains(fields[row], want) {
						t.Errorf("fields[%s] = %q, want it to contain %q (all: %v)", row, fields[row], want, fields)
					}
				}
				if tt.fields != nil && len(fields) != len(tt.fields) {
					t.Errorf("fields = %v, want %d rows", fields, len(tt.fields))
				}
				return
			}
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			if res.Rows != tt.rows || len(res.IDs) != tt.rows || res.Certificates != tt.certs {
				t.Errorf("result = %+v, want %d rows and %d certificates", res, tt.rows, tt.certs)
			}
			if got := officerCount(t, w, admin); got != before+tt.rows {
				t.Errorf("officers = %d, want %d", got, before+tt.rows)
			}
		})
	}

	// The first file's officers carry what the file said.
	l, err := w.app.Personnel().Officers(admin, zhifa.OfficerFilter{Query: "李四"})
	if err != nil || len(l.Officers) != 1 {
		t.Fatalf("find imported officer: %v %+v", err, l)
	}
	v, err := w.app.Personnel().Officer(admin, l.Officers[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Reviewer || !v.ExamPassed || v.ExamDate != zhifa.MustDate("2021-05-06") || strings.Join(v.Domains, "|") != "市场监管|食品安全|价格" || v.AgencyID != w.market.ID {
		t.Errorf("imported officer = %+v", v.Officer)
	}
	if c := v.CurrentCert(); c == nil || c.Number != "鲁C1001" || c.ValidFrom != zhifa.MustDate("2025-01-01") || c.ValidUntil != zhifa.MustDate("2029-12-31") {
		t.Errorf("imported certificate = %+v", c)
	}
	check, err := w.app.Personnel().CheckCertificate(context.Background(), "鲁C2001")
	if err != nil || check.ValidFrom != zhifa.MustDate("2025-01-01") {
		t.Errorf("xlsx certificate: %+v %v", check, err)
	}
	// Each import is audited with its row count; failures too.
	entries, _, err := w.app.Audit(admin, zhifa.AuditFilter{Action: "officer.import"})
	if err != nil {
		t.Fatal(err)
	}
	var ok, failed int
	for _, e := range entries {
		if e.Success {
			ok++
			if !strings.Contains(e.Detail, "行") {
				t.Errorf("audit detail %q lacks the row count", e.Detail)
			}
		} else {
			failed++
		}
	}
	if ok != 4 || failed == 0 {
		t.Errorf("audit: %d successful and %d failed imports, want 4 and some", ok, failed)
	}
}

func TestImportOfficersGateAndPermissions(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	data := csvFile(t, officerHeader, []string{"褚六", personID(t, 8), w.market.Name, "", "", "", "否", "", "", "鲁C9", "东港市人民政府", "2025-01-01", "2030-01-01"})
	_, err := w.app.ImportOfficers(admin, "o.csv", bytes.NewReader(data))
	wantCode(t, err, zhifa.EINVALID)
	if got := zhifa.ErrorFields(err)["第2行"]; !strings.Contains(got, "未通过执法资格考试") {
		t.Errorf("gate message = %q", got)
	}
	for _, tt := range []struct {
		name string
		ctx  context.Context
		want string
	}{
		{"officer", w.as(t, "officer1"), zhifa.EFORBIDDEN},
		{"supervisor", w.as(t, "supervisor1"), zhifa.EFORBIDDEN},
		{"public", context.Background(), zhifa.EUNAUTHORIZED},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.app.ImportOfficers(tt.ctx, "o.csv", bytes.NewReader(data))
			wantCode(t, err, tt.want)
			_, err = w.app.ImportItems(tt.ctx, "i.csv", bytes.NewReader(data))
			wantCode(t, err, tt.want)
		})
	}
	// The county's admin cannot import into the city.
	_, err = w.app.ImportOfficers(w.as(t, "outsider"), "o.csv", bytes.NewReader(csvFile(t, officerHeader[:3:3], []string{"褚六", personID(t, 8), w.market.Name})))
	wantCode(t, err, zhifa.EINVALID)
	if got := zhifa.ErrorFields(err)["第2行"]; !strings.Contains(got, "不在管理范围内") {
		t.Errorf("outsider message = %q", got)
	}
}

func TestImportSizeLimit(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	big := bytes.Repeat([]byte("a"), app.MaxImportSize+1)
	_, err := w.app.ImportItems(admin, "big.csv", bytes.NewReader(big))
	wantCode(t, err, zhifa.EINVALID)
	if !strings.Contains(zhifa.ErrorMessage(err), "MiB") {
		t.Errorf("message = %q", zhifa.ErrorMessage(err))
	}
	var many bytes.Buffer
	many.WriteString("姓名,身份证号,所属机关\n")
	for i := 0; i <= app.MaxImportRows; i++ {
		many.WriteString("a,b,c\n")
	}
	_, err = w.app.ImportOfficers(admin, "many.csv", &many)
	wantCode(t, err, zhifa.EINVALID)
	if !strings.Contains(zhifa.ErrorMessage(err), "上限") {
		t.Errorf("message = %q", zhifa.ErrorMessage(err))
	}
}

var itemHeader = []string{"事项编码", "事项名称", "事项类别", "实施机关", "执法领域", "法律名称", "条款", "条文内容", "实施程序", "办理时限", "救济渠道", "咨询电话", "流程图"}

func TestImportItems(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	market := w.market.Name
	if _, err := w.app.Catalog().CreateItem(admin, catalog.ItemInput{Code: "EXIST-1", Name: "已有事项", Category: zhifa.CatPenalty, AgencyID: w.market.ID,
		Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条"}}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		data   []byte
		want   string
		fields map[string]string
		items  int
	}{
		{
			name: "items with a continuation row",
			data: csvFile(t, itemHeader,
				[]string{"SC-1", "对生产经营不符合食品安全标准的食品的处罚", "处罚", market, "食品安全", "中华人民共和国食品安全法", "第一百二十四条", "", "立案→调查→决定", "90日", "行政复议或行政诉讼", "0532-12345678", "立案→调查取证→决定"},
				[]string{"SC-1", "", "", "", "", "行政处罚法", "第五十一条", "", "", "", "", "", ""},
				[]string{"SC-2", "食品经营许可", "行政许可", market, "", "某省食品经营许可办法", "第三条", "本省行政区域内从事食品经营活动的，应当取得食品经营许可。", "", "", "", "", ""},
			),
			items: 2,
		},
		{
			name: "bad rows are reported by row, nothing is imported",
			data: csvFile(t, itemHeader,
				[]string{"SC-3", "事项三", "罚款", market, "", "食品安全法", "第一百二十四条", "", "", "", "", "", ""},
				[]string{"SC-3", "", "", "", "", "食品安全法", "第九千条", "", "", "", "", "", ""},
				[]string{"EXIST-1", "重复", "处罚", market, "", "食品安全法", "第一百二十四条", "", "", "", "", "", ""},
				[]string{"SC-4", "事项四", "处罚", w.bureau.Name, "", "地方规章", "", "", "", "", "", "", ""},
				[]string{"SC-4", "事项四again", "处罚", market, "", "食品安全法", "第一百二十四条", "", "", "", "", "", ""},
				[]string{"SC-5", "", "检查", market, "", "食品安全法", "第一百二十四条", "", "", "", "", "", ""},
			),
			want: zhifa.EINVALID,
			fields: map[string]string{
				"第2行": "事项类别：“罚款”无效",
				"第3行": "条款：《中华人民共和国食品安全法》没有第9000条",
				"第4行": "事项编码：已存在",
				"第5行": "不在管理范围内（须与机关全称完全一致）；条文内容：法律法规库中没有该法律",
				"第6行": "事项编码：与第5行重复",
				"第7行": "事项名称：必填",
			},
		},
		{
			name: "a continuation row may only carry a basis",
			data: csvFile(t, itemHeader,
				[]string{"SC-6", "事项六", "处罚", market, "", "食品安全法", "第一百二十四条", "", "", "", "", "", ""},
				[]string{"SC-6", "", "许可", "", "", "行政处罚法", "第五十一条", "", "", "", "", "", ""},
			),
			want:   zhifa.EINVALID,
			fields: map[string]string{"第3行": "事项类别：续行"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, err := w.app.Catalog().Items(admin, zhifa.ItemFilter{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := w.app.ImportItems(admin, "items.csv", bytes.NewReader(tt.data))
			after, _ := w.app.Catalog().Items(admin, zhifa.ItemFilter{})
			if tt.want != "" {
				wantCode(t, err, tt.want)
				if after.Total != before.Total {
					t.Errorf("a failed import created %d items", after.Total-before.Total)
				}
				fields := zhifa.ErrorFields(err)
				for row, want := range tt.fields {
					if !strings.Contains(fields[row], want) {
						t.Errorf("fields[%s] = %q, want it to contain %q", row, fields[row], want)
					}
				}
				if len(fields) != len(tt.fields) {
					t.Errorf("fields = %v, want %d rows", fields, len(tt.fields))
				}
				return
			}
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			if len(res.IDs) != tt.items || after.Total != before.Total+tt.items {
				t.Errorf("result %+v, items %d → %d, want %d more", res, before.Total, after.Total, tt.items)
			}
		})
	}
	item, err := w.app.Catalog().ItemByCode(context.Background(), "SC-1")
	if err != nil {
		t.Fatal(err)
	}
	if item.Category != zhifa.CatPenalty || len(item.Basis) != 2 || item.Basis[1].Law != "中华人民共和国行政处罚法" || item.Basis[0].Text == "" ||
		strings.Join(item.Flowchart, "|") != "立案|调查取证|决定" || item.Guide.Phone != "0532-12345678" || item.Guide.TimeLimit != "90日" || item.Version != 1 {
		t.Errorf("imported item = %+v", item.Item)
	}
	entries, total, err := w.app.Audit(admin, zhifa.AuditFilter{Action: "item.import"})
	if err != nil || total < 1 || !entries[len(entries)-1].Success || !strings.Contains(entries[len(entries)-1].Detail, "3行") {
		t.Errorf("item.import audit: %v %+v", err, entries)
	}
}

func TestImportTemplates(t *testing.T) {
	for _, tt := range []struct {
		name  string
		data  []byte
		first string
	}{
		{"officers", app.OfficerImportTemplate(), "姓名,身份证号,所属机关,"},
		{"items", app.ItemImportTemplate(), "事项编码,事项名称,事项类别,实施机关,"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.HasPrefix(tt.data, []byte("\uFEFF"+tt.first)) {
				t.Errorf("template = %q", tt.data)
			}
			if n := bytes.Count(tt.data, []byte("\n")); n != 1 {
				t.Errorf("template has %d lines, want the header only", n)
			}
		})
	}
}

package app

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// XLSXWriter streams one worksheet of an XLSX workbook (issue #12): the fixed parts are
// written first and the sheet's rows as they come, so an export of any length holds one
// row in memory. Cells are inline strings or numbers; a string is never a formula, so a
// value starting with "=" stays text.
type XLSXWriter struct {
	zw   *zip.Writer
	bw   *bufio.Writer
	rows int
	err  error
}

// NewXLSXWriter starts a workbook with one sheet named sheet on w. Close finishes it.
func NewXLSXWriter(w io.Writer, sheet string) (*XLSXWriter, error) {
	x := &XLSXWriter{zw: zip.NewWriter(w)}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`</Types>`},
		{"_rels/.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`},
		{"xl/workbook.xml", xml.Header + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
			`<sheet name="` + xmlText(sheetName(sheet)) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`</Relationships>`},
	}
	for _, p := range parts {
		f, err := x.zw.Create(p.name)
		if err != nil {
			return nil, fmt.Errorf("xlsx %s: %w", p.name, err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return nil, fmt.Errorf("xlsx %s: %w", p.name, err)
		}
	}
	f, err := x.zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return nil, fmt.Errorf("xlsx sheet: %w", err)
	}
	x.bw = bufio.NewWriter(f)
	x.bw.WriteString(xml.Header + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	return x, nil
}

// sheetName is s as Excel accepts a sheet name: at most 31 characters, none of : \ / ? * [ ].
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	if s == "" {
		s = "Sheet1"
	}
	return s
}

// Row appends a row of text cells.
func (x *XLSXWriter) Row(cells ...string) error {
	vals := make([]any, len(cells))
	for i, c := range cells {
		vals[i] = c
	}
	return x.Values(vals...)
}

// Values appends a row: int, int64 and float64 values are number cells, anything else
// text (fmt.Sprint).
func (x *XLSXWriter) Values(cells ...any) error {
	if x.err != nil {
		return x.err
	}
	x.rows++
	fmt.Fprintf(x.bw, `<row r="%d">`, x.rows)
	for i, v := range cells {
		ref := columnName(i+1) + strconv.Itoa(x.rows)
		switch n := v.(type) {
		case int:
			fmt.Fprintf(x.bw, `<c r="%s"><v>%d</v></c>`, ref, n)
		case int64:
			fmt.Fprintf(x.bw, `<c r="%s"><v>%d</v></c>`, ref, n)
		case float64:
			fmt.Fprintf(x.bw, `<c r="%s"><v>%s</v></c>`, ref, strconv.FormatFloat(n, 'f', -1, 64))
		default:
			s := fmt.Sprint(v)
			if utf8.RuneCountInString(s) > xlsxMaxCellText {
				s = string([]rune(s)[:xlsxMaxCellText])
			}
			fmt.Fprintf(x.bw, `<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, xmlText(s))
		}
	}
	_, x.err = x.bw.WriteString(`</row>`)
	return x.err
}

// Rows is the number of rows written.
func (x *XLSXWriter) Rows() int { return x.rows }

// Close finishes the sheet and the workbook; it does not close the underlying writer.
func (x *XLSXWriter) Close() error {
	if x.err != nil {
		return x.err
	}
	x.bw.WriteString(`</sheetData></worksheet>`)
	if err := x.bw.Flush(); err != nil {
		return fmt.Errorf("xlsx sheet: %w", err)
	}
	return x.zw.Close()
}

// xmlText escapes s for XML text and drops the characters XML 1.0 cannot hold.
func xmlText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000 {
			return r
		}
		return -1
	}, s)
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

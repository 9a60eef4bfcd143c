package app_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"zhifa"
)

// xlsxParts are the parts of a minimal workbook around its first sheet.
var xlsxParts = []struct{ name, body string }{
	{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`},
	{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
}

// xlsxWith builds a workbook whose first sheet is sheet.
func xlsxWith(t *testing.T, sheet string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range xlsxParts {
		w, _ := zw.Create(p.name)
		io.WriteString(w, p.body)
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	io.WriteString(w, sheet)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// wideSheet is the sheet of issue 9 §5: a header and 5,000 data rows, the last with a
// cell at column XFD, the last Excel has.
func wideSheet() string {
	var s strings.Builder
	s.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	s.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>事项编码</t></is></c><c r="B1" t="inlineStr"><is><t>事项名称</t></is></c></row>`)
	for r := 2; r <= 5001; r++ {
		fmt.Fprintf(&s, `<row r="%d"><c r="A%d"><v>%d</v></c>`, r, r, r)
		if r == 5001 {
			fmt.Fprintf(&s, `<c r="XFD%d" t="inlineStr"><is><t>x</t></is></c>`, r)
		}
		s.WriteString(`</row>`)
	}
	s.WriteString(`</sheetData></worksheet>`)
	return s.String()
}

// zipBomb builds a workbook of about 150 KB whose zip directory lists eight worksheets,
// each a view of the same 150 MiB deflate stream: 1.2 GB uncompressed in all. Entries
// sharing their data are what packs more than deflate's 1:1032 into a zip.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	const size = 150 << 20
	var deflated bytes.Buffer
	fw, _ := flate.NewWriter(&deflated, flate.BestCompression)
	chunk := bytes.Repeat([]byte(" "), 1<<16)
	crc := crc32.NewIEEE()
	for n := 0; n < size; n += len(chunk) {
		part := chunk[:min(len(chunk), size-n)]
		fw.Write(part)
		crc.Write(part)
	}
	fw.Close()
	type entry struct {
		name         string
		method       uint16
		crc          uint32
		csize, usize uint32
		offset       uint32
		data         []byte
		shares       bool // reuses the bomb's local entry
	}
	var entries []entry
	for _, p := range xlsxParts {
		entries = append(entries, entry{name: p.name, method: zip.Store, crc: crc32.ChecksumIEEE([]byte(p.body)),
			csize: uint32(len(p.body)), usize: uint32(len(p.body)), data: []byte(p.body)})
	}
	bomb := entry{name: "xl/worksheets/sheet1.xml", method: zip.Deflate, crc: crc.Sum32(),
		csize: uint32(deflated.Len()), usize: size, data: deflated.Bytes()}
	entries = append(entries, bomb)
	for i := 2; i <= 8; i++ {
		e := bomb
		e.name, e.shares = fmt.Sprintf("xl/worksheets/sheet%d.xml", i), true
		entries = append(entries, e)
	}
	var b bytes.Buffer
	le := binary.LittleEndian
	for i := range entries {
		e := &entries[i]
		if e.shares {
			e.offset = entries[len(xlsxParts)].offset
			continue
		}
		e.offset = uint32(b.Len())
		h := make([]byte, 30)
		le.PutUint32(h[0:], 0x04034b50)
		le.PutUint16(h[4:], 20)
		le.PutUint16(h[8:], e.method)
		le.PutUint32(h[14:], e.crc)
		le.PutUint32(h[18:], e.csize)
		le.PutUint32(h[22:], e.usize)
		le.PutUint16(h[26:], uint16(len(e.name)))
		b.Write(h)
		b.WriteString(e.name)
		b.Write(e.data)
	}
	dirStart := b.Len()
	for _, e := range entries {
		h := make([]byte, 46)
		le.PutUint32(h[0:], 0x02014b50)
		le.PutUint16(h[4:], 20)
		le.PutUint16(h[6:], 20)
		le.PutUint16(h[10:], e.method)
		le.PutUint32(h[16:], e.crc)
		le.PutUint32(h[20:], e.csize)
		le.PutUint32(h[24:], e.usize)
		le.PutUint16(h[28:], uint16(len(e.name)))
		le.PutUint32(h[42:], e.offset)
		b.Write(h)
		b.WriteString(e.name)
	}
	end := make([]byte, 22)
	le.PutUint32(end[0:], 0x06054b50)
	le.PutUint16(end[8:], uint16(len(entries)))
	le.PutUint16(end[10:], uint16(len(entries)))
	le.PutUint32(end[12:], uint32(b.Len()-dirStart))
	le.PutUint32(end[16:], uint32(dirStart))
	b.Write(end)
	return b.Bytes()
}

// TestImportHostileXLSX: files built to exhaust the server are refused within a second,
// allocating less than 50 MiB, with a message that says what is wrong.
func TestImportHostileXLSX(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	var rowsOnly strings.Builder
	rowsOnly.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r := 1; r <= 5003; r++ {
		fmt.Fprintf(&rowsOnly, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, r, r, r)
	}
	rowsOnly.WriteString(`</sheetData></worksheet>`)
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"5,001 rows, a cell at XFD", xlsxWith(t, wideSheet()), "第5001行第XFD列有内容"},
		{"zip bomb", zipBomb(t), "解压后过大"},
		{"5,003 rows", xlsxWith(t, rowsOnly.String()), "5000行上限"},
		{"a cell reference past XFD", xlsxWith(t, `<worksheet><sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>`), "已损坏"},
		{"a shared string that is not there", xlsxWith(t, `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>`), "已损坏"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := w.app.ImportItems(admin, "items.xlsx", bytes.NewReader(tt.file))
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d KB file: refused in %v, %.1f MiB allocated: %v", len(tt.file)>>10, took.Round(time.Millisecond), float64(alloc)/(1<<20), err)
			if zhifa.ErrorCode(err) != zhifa.EINVALID || !strings.Contains(zhifa.ErrorMessage(err), tt.want) {
				t.Fatalf("got %v, want EINVALID saying %q", err, tt.want)
			}
			if took > time.Second {
				t.Errorf("took %v, want under a second", took)
			}
			if alloc > 50<<20 {
				t.Errorf("allocated %d MiB, want under 50", alloc>>20)
			}
		})
	}
}

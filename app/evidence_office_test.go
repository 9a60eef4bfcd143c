package app_test

import (
	"archive/zip"
	"bytes"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
)

// officePackage builds a ZIP package of the named files (name, content pairs).
func officePackage(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func ooxmlTypes(main string) string {
	return `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Override PartName="/main.xml" ContentType="` + main + `"/></Types>`
}

// TestUploadOfficeFiles checks that PDF, DOCX, XLSX and OFD files are accepted as document
// evidence by their real content, the type settled from the package when none is
// declared, and that a ZIP that is not the package it claims to be is refused, leaving
// nothing behind.
func TestUploadOfficeFiles(t *testing.T) {
	w := newEvidenceWorld(t, app.Options{})
	officer := w.as(t, "officer1")
	docx := officePackage(t, "[Content_Types].xml", ooxmlTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"), "word/document.xml", "<w:document/>")
	xlsx := officePackage(t, "[Content_Types].xml", ooxmlTypes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"), "xl/workbook.xml", "<workbook/>")
	ofd := officePackage(t, "OFD.xml", "<ofd:OFD/>")
	pdf := []byte("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	docInput := func(mime string) evidence.EvidenceInput {
		in := w.photoInput()
		in.Kind, in.MIME, in.Title = zhifa.EvidenceDocument, mime, "调查终结报告（签字扫描件）"
		return in
	}
	accepted := []struct {
		name     string
		declared string
		content  []byte
		want     string
	}{
		{"DOCX declared", evidence.MIMEDocx, docx, evidence.MIMEDocx},
		{"XLSX declared", evidence.MIMEXlsx, xlsx, evidence.MIMEXlsx},
		{"OFD declared", evidence.MIMEOFD, ofd, evidence.MIMEOFD},
		{"PDF declared", "application/pdf", pdf, "application/pdf"},
		{"DOCX undeclared", "", append(bytes.Clone(docx), 0), ""}, // a trailing byte: another blob
		{"XLSX as octet-stream", "application/octet-stream", append(bytes.Clone(xlsx), 0), evidence.MIMEXlsx},
	}
	accepted[4].want = evidence.MIMEDocx
	for _, tt := range accepted {
		v, err := w.ev.Evidence().UploadEvidence(officer, docInput(tt.declared), bytes.NewReader(tt.content))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if v.Evidence.MIME != tt.want || v.Evidence.Kind != zhifa.EvidenceDocument || v.Evidence.Size != int64(len(tt.content)) || v.Evidence.SHA256 == "" {
			t.Errorf("%s: %+v", tt.name, v.Evidence)
		}
	}
	refused := []struct {
		name     string
		declared string
		content  []byte
	}{
		{"a plain ZIP declared as DOCX", evidence.MIMEDocx, officePackage(t, "a.txt", "x")},
		{"a plain ZIP undeclared", "", officePackage(t, "b.txt", "y")},
		{"an XLSX declared as DOCX", evidence.MIMEDocx, xlsx},
		{"a macro-enabled workbook declared as XLSX", evidence.MIMEXlsx, officePackage(t, "[Content_Types].xml", ooxmlTypes("application/vnd.ms-excel.sheet.macroEnabled.main+xml"))},
		{"a JPEG declared as PDF", "application/pdf", jpeg(1000)},
		{"an office package over the size limit", evidence.MIMEDocx, append(bytes.Clone(docx), make([]byte, evidence.MaxOfficeSize)...)},
	}
	before := w.counts(t)
	for _, tt := range refused {
		_, err := w.ev.Evidence().UploadEvidence(officer, docInput(tt.declared), bytes.NewReader(tt.content))
		if zhifa.ErrorCode(err) != zhifa.EINVALID || zhifa.ErrorFields(err)["file"] == "" {
			t.Errorf("%s: %v, want EINVALID on the file", tt.name, err)
		}
	}
	if after := w.counts(t); after != before {
		t.Errorf("refused uploads left %+v, before %+v", after, before)
	}
}

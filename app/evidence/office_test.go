package evidence

import (
	"archive/zip"
	"bytes"
	"testing"
)

// officeZip builds a ZIP package of the named files (name, content pairs).
func officeZip(t testing.TB, files ...string) []byte {
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

// contentTypesXML is a [Content_Types].xml naming the main part's type.
func contentTypesXML(main string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/main.xml" ContentType="` + main + `"/>
</Types>`
}

// TestPackageMIME checks that a ZIP package is recognized by what it holds, not by its
// first bytes: the OOXML main part named in [Content_Types].xml, OFD.xml at the root.
func TestPackageMIME(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"DOCX", officeZip(t, "[Content_Types].xml", contentTypesXML(ooxmlMain[MIMEDocx]), "word/document.xml", "<w:document/>"), MIMEDocx},
		{"XLSX", officeZip(t, "[Content_Types].xml", contentTypesXML(ooxmlMain[MIMEXlsx]), "xl/workbook.xml", "<workbook/>"), MIMEXlsx},
		{"OFD", officeZip(t, "OFD.xml", "<ofd:OFD/>", "Doc_0/Document.xml", "<ofd:Document/>"), MIMEOFD},
		{"macro-enabled DOCM", officeZip(t, "[Content_Types].xml", contentTypesXML("application/vnd.ms-word.document.macroEnabled.main+xml")), ""},
		{"PPTX", officeZip(t, "[Content_Types].xml", contentTypesXML("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")), ""},
		{"plain ZIP", officeZip(t, "a.txt", "hello"), ""},
		{"OFD.xml in a folder", officeZip(t, "x/OFD.xml", "<ofd:OFD/>"), ""},
		{"malformed content types", officeZip(t, "[Content_Types].xml", "<Types><Override"), ""},
		{"empty ZIP", officeZip(t), ""},
		{"truncated ZIP", officeZip(t, "OFD.xml", "<ofd:OFD/>")[:30], ""},
		{"PDF", []byte("%PDF-1.7\n"), ""},
		{"nothing", nil, ""},
	}
	for _, tt := range tests {
		if got := packageMIME(tt.data); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	for _, mt := range []string{MIMEDocx, MIMEXlsx, MIMEOFD} {
		if !isPackageMIME(mt) || kindOfMIME(mt) != "document" || !contentMatches(mt, []byte("PK\x03\x04")) {
			t.Errorf("%s: not accepted as a document package", mt)
		}
	}
	if isPackageMIME("application/pdf") || isPackageMIME("application/zip") {
		t.Error("PDF or a bare ZIP taken for a package")
	}
}

// FuzzPackageMIME feeds arbitrary bytes to the package sniffer: it must never panic, and
// whatever it names must be one of the accepted packages.
func FuzzPackageMIME(f *testing.F) {
	f.Add(officeZip(f, "[Content_Types].xml", contentTypesXML(ooxmlMain[MIMEDocx])))
	f.Add(officeZip(f, "OFD.xml", "<ofd:OFD/>"))
	f.Add(officeZip(f, "a", "b"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got := packageMIME(data)
		if got != "" && !isPackageMIME(got) {
			t.Fatalf("packageMIME = %q", got)
		}
		if got != "" && !bytes.HasPrefix(data, zipMagic) {
			t.Fatalf("%q for content that is not a ZIP", got)
		}
	})
}

package evidence

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"

	"zhifa"
)

// Office files as case records (issue 12: a PDF or office file attached to a case as a
// record). DOCX and XLSX (OOXML, ISO/IEC 29500) and OFD (GB/T 33190) are ZIP packages, so
// their first bytes say only "ZIP"; what they are is in the package: an OOXML package's
// [Content_Types].xml names the content type of its main part, an OFD package holds
// OFD.xml at its root. Such a file is read whole (it is at most MaxOfficeSize) and
// accepted only when its package is what its type says.

// MIME types of the office packages.
const (
	MIMEDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	MIMEXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	MIMEOFD  = "application/ofd"
)

// MaxOfficeSize bounds an office package (DOCX, XLSX, OFD): it is read into memory to be
// checked, and a case record of more is a scan that belongs in a PDF.
const MaxOfficeSize = 20 << 20

// Limits of the package inspection, against ZIP bombs: the entries listed, and the bytes
// of [Content_Types].xml read.
const (
	maxOfficeEntries    = 10000
	maxContentTypesSize = 1 << 20
)

// ooxmlMain maps an OOXML package type to the content type of its main part. Macro-enabled
// variants (docm, xlsm) name another main type and are refused.
var ooxmlMain = map[string]string{
	MIMEDocx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
	MIMEXlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}

// isPackageMIME reports whether the type is a ZIP package checked by packageMIME.
func isPackageMIME(mt string) bool {
	return mt == MIMEOFD || ooxmlMain[mt] != ""
}

var zipMagic = []byte("PK\x03\x04")

// packageMIME returns the type of a ZIP package by its content: MIMEDocx or MIMEXlsx when
// [Content_Types].xml names the matching main part, MIMEOFD when OFD.xml is at the root;
// "" for anything else (not a ZIP, a damaged one, another kind of package).
func packageMIME(data []byte) string {
	if !bytes.HasPrefix(data, zipMagic) {
		return ""
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(zr.File) == 0 || len(zr.File) > maxOfficeEntries {
		return ""
	}
	var types *zip.File
	for _, f := range zr.File {
		switch path.Clean(f.Name) {
		case "OFD.xml":
			return MIMEOFD
		case "[Content_Types].xml":
			types = f
		}
	}
	if types == nil {
		return ""
	}
	main := mainContentTypes(types)
	for mt, want := range ooxmlMain {
		if main[want] {
			return mt
		}
	}
	return ""
}

// contentTypes is [Content_Types].xml (ISO/IEC 29500-2, 10.1.2.2): defaults by extension
// and overrides by part name.
type contentTypes struct {
	Defaults []struct {
		ContentType string `xml:"ContentType,attr"`
	} `xml:"Default"`
	Overrides []struct {
		ContentType string `xml:"ContentType,attr"`
	} `xml:"Override"`
}

// mainContentTypes returns the content types the package declares, lower-cased; nil when
// the part cannot be read or parsed.
func mainContentTypes(f *zip.File) map[string]bool {
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	var ct contentTypes
	if err := xml.NewDecoder(io.LimitReader(rc, maxContentTypesSize)).Decode(&ct); err != nil {
		return nil
	}
	out := map[string]bool{}
	for _, o := range ct.Overrides {
		out[strings.ToLower(strings.TrimSpace(o.ContentType))] = true
	}
	for _, d := range ct.Defaults {
		out[strings.ToLower(strings.TrimSpace(d.ContentType))] = true
	}
	return out
}

// readPackage reads a ZIP-headed upload whole (head and the rest of r), at most
// MaxOfficeSize bytes, and settles its type: the declared type must be the package's
// real one; without a declared type (sniffed as a ZIP) the package's type is taken when
// the kind accepts it.
func readPackage(head []byte, r io.Reader, in *EvidenceInput, declared bool) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(io.MultiReader(bytes.NewReader(head), r), MaxOfficeSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxOfficeSize {
		msg := "Office、OFD 文件不能超过20MB；更大的材料请转为PDF上传"
		return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{"file": msg}}
	}
	actual := packageMIME(data)
	switch {
	case actual == "":
		msg := "文件不是有效的 DOCX、XLSX 或 OFD 文件（压缩包内缺少相应的文档内容）"
		return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{"file": msg}}
	case actual != in.MIME && declared:
		msg := "文件内容（" + strings.TrimPrefix(EvidenceFileExt(actual), ".") + "）与声明的类型不符"
		return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{"file": msg}}
	}
	in.MIME = actual
	return data, nil
}

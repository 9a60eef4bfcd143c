package app

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"zhifa"
)

// Limits of an XLSX import beyond the file size (MaxImportSize). An XLSX is a zip of XML:
// a few kilobytes can claim gigabytes uncompressed, or a cell at column XFD that a naive
// reader expands into 16,384 columns per row. The sheet is therefore streamed token by
// token, the zip headers are checked before anything is inflated, and the bytes inflated
// are counted as they are read.
const (
	// xlsxMaxTotal bounds the sum of the uncompressed sizes the zip declares.
	xlsxMaxTotal = 256 << 20
	// xlsxMaxSheet bounds the inflated worksheet, read as a stream.
	xlsxMaxSheet = 64 << 20
	// xlsxMaxStrings bounds the inflated shared-string table, which is held in memory.
	xlsxMaxStrings = 16 << 20
	// xlsxMaxSmallPart bounds the workbook and its relationships.
	xlsxMaxSmallPart = 1 << 20
	// xlsxMaxCellText is Excel's own limit of characters in a cell.
	xlsxMaxCellText = 32767
)

// errXLSXBroken answers a file that is not a readable workbook.
func errXLSXBroken(err error) error {
	return &zhifa.Error{Code: zhifa.EINVALID, Message: "无法读取 XLSX 文件，文件可能已损坏", Err: err}
}

var errXLSXTooBig = zhifa.Errorf(zhifa.EINVALID, "XLSX 文件解压后过大，疑似异常文件，请另存为新的 .xlsx 或 CSV 后导入")

// xlsxReader reads the first worksheet of a workbook within the limits.
type xlsxReader struct {
	files   map[string]*zip.File
	maxCols int // the import table's columns; a value beyond them is refused
	strings []string
}

// readXLSX reads the first worksheet of an XLSX workbook as rows of raw cell values
// (numbers unformatted, so that dates arrive as serial numbers, see parseImportDate).
// At most MaxImportRows+1 rows (with the header) and maxCols columns hold values.
func readXLSX(data []byte, maxCols int) ([][]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errXLSXBroken(err)
	}
	x := &xlsxReader{files: map[string]*zip.File{}, maxCols: maxCols}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > xlsxMaxTotal || f.UncompressedSize64 > xlsxMaxTotal {
			return nil, errXLSXTooBig
		}
		x.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	sheet, sharedStrings, err := x.locateParts()
	if err != nil {
		return nil, err
	}
	if sharedStrings != "" {
		if err := x.readSharedStrings(sharedStrings); err != nil {
			return nil, err
		}
	}
	return x.readSheet(sheet)
}

// open opens a part for reading at most limit inflated bytes, checking its declared
// size first.
func (x *xlsxReader) open(name string, limit int64) (io.ReadCloser, error) {
	f := x.files[name]
	if f == nil {
		return nil, errXLSXBroken(fmt.Errorf("missing part %s", name))
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, errXLSXTooBig
	}
	rc, err := f.Open()
	if err != nil {
		return nil, errXLSXBroken(err)
	}
	return &cappedReader{rc: rc, left: limit}, nil
}

// cappedReader fails once more than its limit has been read, whatever the zip header
// claimed.
type cappedReader struct {
	rc   io.ReadCloser
	left int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errXLSXTooBig
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	return n, err
}

func (c *cappedReader) Close() error { return c.rc.Close() }

// xlsxErr keeps an error of ours and wraps anything else as a broken file.
func xlsxErr(err error) error {
	var ze *zhifa.Error
	if errors.As(err, &ze) {
		return ze
	}
	return errXLSXBroken(err)
}

// locateParts finds the first worksheet and the shared strings through the workbook and
// its relationships.
func (x *xlsxReader) locateParts() (sheet, sharedStrings string, err error) {
	var wb struct {
		Sheets []struct {
			ID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := x.decodeSmall("xl/workbook.xml", &wb); err != nil {
		return "", "", err
	}
	if len(wb.Sheets) == 0 {
		return "", "", zhifa.Errorf(zhifa.EINVALID, "XLSX 文件中没有工作表")
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := x.decodeSmall("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return "", "", err
	}
	for _, r := range rels.Rel {
		target := r.Target
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Join("xl", target)
		}
		switch {
		case r.ID == wb.Sheets[0].ID:
			sheet = target
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			sharedStrings = target
		}
	}
	if sheet == "" {
		return "", "", errXLSXBroken(errors.New("first sheet not found"))
	}
	return sheet, sharedStrings, nil
}

// decodeSmall decodes a small part (workbook, relationships) into v.
func (x *xlsxReader) decodeSmall(name string, v any) error {
	rc, err := x.open(name, xlsxMaxSmallPart)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return xlsxErr(err)
	}
	return nil
}

// readSharedStrings reads the shared-string table: the text of each <si>, without
// phonetic runs (<rPh>).
func (x *xlsxReader) readSharedStrings(name string) error {
	rc, err := x.open(name, xlsxMaxStrings)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var cur strings.Builder
	inSI, inT, phonetic := false, false, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return xlsxErr(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "rPh":
				phonetic++
			case "t":
				inT = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				inSI = false
				x.strings = append(x.strings, cur.String())
			case "rPh":
				phonetic--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inSI && inT && phonetic == 0 {
				if cur.Len()+len(t) > xlsxMaxCellText*4 {
					return zhifa.Errorf(zhifa.EINVALID, "XLSX 文件中有超过%d个字符的单元格", xlsxMaxCellText)
				}
				cur.Write(t)
			}
		}
	}
}

// xlsxCell is the cell being read.
type xlsxCell struct {
	col    int    // 1-based
	typ    string // the t attribute
	value  strings.Builder
	inText bool // inside <v> or an inline string's <t>
}

// readSheet streams the worksheet into rows.
func (x *xlsxReader) readSheet(name string) ([][]string, error) {
	rc, err := x.open(name, xlsxMaxSheet)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	maxRows := MaxImportRows + 1
	maxCells := maxRows * max(x.maxCols, 1) * 4 // empty styled cells included
	var (
		out             [][]string
		rowNum, lastCol int
		row             []string
		cell            *xlsxCell
		cells           int
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, xlsxErr(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				n := rowNum + 1
				if r := attr(t, "r"); r != "" {
					if n, err = strconv.Atoi(r); err != nil || n <= rowNum {
						return nil, errXLSXBroken(fmt.Errorf("bad row number %q", r))
					}
				}
				rowNum, lastCol, row = n, 0, nil
			case "c":
				if cells++; cells > maxCells {
					return nil, zhifa.Errorf(zhifa.EINVALID, "XLSX 工作表的单元格过多，请只保留导入模板的%d列、不超过%d行数据", x.maxCols, MaxImportRows)
				}
				col := lastCol + 1
				if r := attr(t, "r"); r != "" {
					if col, err = cellColumn(r); err != nil {
						return nil, errXLSXBroken(err)
					}
				}
				lastCol = col
				cell = &xlsxCell{col: col, typ: attr(t, "t")}
			case "v", "t":
				if cell != nil {
					cell.inText = true
				}
			}
		case xml.CharData:
			if cell != nil && cell.inText {
				if cell.value.Len()+len(t) > xlsxMaxCellText*4 {
					return nil, zhifa.Errorf(zhifa.EINVALID, "%s第%s列的单元格超过%d个字符", rowLabel(rowNum), columnName(cell.col), xlsxMaxCellText)
				}
				cell.value.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "t":
				if cell != nil {
					cell.inText = false
				}
			case "c":
				v, err := x.cellValue(cell)
				if err != nil {
					return nil, err
				}
				if v != "" {
					if err := x.checkPlace(rowNum, cell.col); err != nil {
						return nil, err
					}
					for len(row) < cell.col-1 {
						row = append(row, "")
					}
					row = append(row, v)
				}
				cell = nil
			case "row":
				if row != nil {
					for len(out) < rowNum-1 {
						out = append(out, nil)
					}
					out = append(out, row)
				}
			}
		}
	}
}

// checkPlace refuses a value beyond the last row or column an import can have.
func (x *xlsxReader) checkPlace(row, col int) error {
	if row > MaxImportRows+1 {
		return zhifa.Errorf(zhifa.EINVALID, "数据超过%d行上限，请分批导入", MaxImportRows)
	}
	if col > x.maxCols {
		return zhifa.Errorf(zhifa.EINVALID, "%s第%s列有内容，超出导入模板的%d列，请删除模板以外的列后重新导入", rowLabel(row), columnName(col), x.maxCols)
	}
	return nil
}

// cellValue is the raw text of a cell: shared strings resolved, booleans as 1 or 0,
// numbers and dates as written.
func (x *xlsxReader) cellValue(c *xlsxCell) (string, error) {
	v := c.value.String()
	if c.typ != "s" {
		return v, nil
	}
	i, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || i < 0 || i >= len(x.strings) {
		return "", errXLSXBroken(fmt.Errorf("bad shared string index %q", v))
	}
	return x.strings[i], nil
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// cellColumn is the 1-based column of a cell reference such as "AB12". Excel's columns
// end at XFD (16,384); anything longer is not a reference.
func cellColumn(ref string) (int, error) {
	col, i := 0, 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		col = col*26 + int(ref[i]-'A'+1)
	}
	if i == 0 || i > 3 || col > 16384 {
		return 0, fmt.Errorf("bad cell reference %q", ref)
	}
	return col, nil
}

// columnName is the letters of a 1-based column: 1 → A, 28 → AB.
func columnName(col int) string {
	var b []byte
	for ; col > 0; col = (col - 1) / 26 {
		b = append([]byte{byte('A' + (col-1)%26)}, b...)
	}
	return string(b)
}

package app

import "io"

// ImportTableRow is one data row of an uploaded table: its row number in the file (the
// header is row 1) and its cells by column header.
type ImportTableRow struct {
	Num   int
	Cells map[string]string
}

// ReadImportTable reads an uploaded CSV (UTF-8 or GB18030) or XLSX file whose first row
// holds the columns' headers, for the imports of the bounded contexts (app/execution's
// bank statements), with the same limits and messages as the officer and item imports.
func ReadImportTable(filename string, r io.Reader, cols []ImportColumn) ([]ImportTableRow, error) {
	rows, err := readImportFile(filename, r, cols)
	if err != nil {
		return nil, err
	}
	out := make([]ImportTableRow, len(rows))
	for i, row := range rows {
		cells := make(map[string]string, len(cols))
		for _, c := range cols {
			cells[c.Header] = row.get(c.Header)
		}
		out[i] = ImportTableRow{Num: row.Num, Cells: cells}
	}
	return out, nil
}

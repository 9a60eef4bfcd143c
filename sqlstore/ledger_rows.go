package sqlstore

import (
	"context"
	"fmt"
	"strings"
)

// The integrator's writes (issue 11): after a bulk load it stores the hashes of hundreds
// of thousands of entries and links as many audit rows, so it writes them as sets, not
// row by row: on PostgreSQL one statement of unnest arrays per call (one round trip), on
// SQLite multi-row INSERTs with unnamed parameters (the driver looks a numbered
// parameter's name up among all of the statement's, so binding $1…$n costs the square
// of n; unnamed ones cost nothing to bind), as a loader's held-back rows (insertRows).

// ledgerColumn is one column of a set insert: its name and PostgreSQL array type, and
// its values, all of one Go type (int64 or []byte).
type ledgerColumn struct {
	name, pgArray string
	ints          []int64
	bytes         [][]byte
}

func int64Column(name string, v []int64) ledgerColumn {
	return ledgerColumn{name: name, pgArray: "bigint[]", ints: v}
}

func bytesColumn(name string, v [][]byte) ledgerColumn {
	return ledgerColumn{name: name, pgArray: "bytea[]", bytes: v}
}

func (c ledgerColumn) len() int {
	if c.ints != nil {
		return len(c.ints)
	}
	return len(c.bytes)
}

func (c ledgerColumn) value(i int) any {
	if c.ints != nil {
		return c.ints[i]
	}
	return c.bytes[i]
}

func (c ledgerColumn) array() any {
	if c.ints != nil {
		return c.ints
	}
	return c.bytes
}

// insertColumns inserts the rows given column by column into table (op names the
// write in errors).
func (t *tx) insertColumns(ctx context.Context, op string, msgs errMsgs, table string, cols ...ledgerColumn) error {
	n := cols[0].len()
	names := make([]string, len(cols))
	for i, c := range cols {
		if c.len() != n {
			return fmt.Errorf("%s: column %s has %d values, %s has %d", op, c.name, c.len(), cols[0].name, n)
		}
		names[i] = c.name
	}
	if n == 0 {
		return nil
	}
	if t.db.engine == EnginePostgres {
		arrays := make([]string, len(cols))
		args := make([]any, len(cols))
		for i, c := range cols {
			arrays[i] = fmt.Sprintf("$%d::%s", i+1, c.pgArray)
			args[i] = c.array()
		}
		_, err := t.exec(ctx, `INSERT INTO `+table+` (`+strings.Join(names, ", ")+`) SELECT * FROM unnest(`+strings.Join(arrays, ", ")+`)`, args...)
		return dbErr(err, op, msgs)
	}
	vals := make([]any, 0, n*len(cols))
	for i := range n {
		for _, c := range cols {
			vals = append(vals, c.value(i))
		}
	}
	return t.insertRowsAs(ctx, op, msgs, table, names, vals)
}

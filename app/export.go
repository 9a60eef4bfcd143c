package app

import (
	"context"
	"fmt"
	"strconv"

	"zhifa"
)

// Exports of the workspace's lists (issue #12): a list is exported with the filters it
// is shown with, page by page, and the export is audited before a row is read, like a
// read of the personal data it holds (parties, officers, the audit log).

// ExportCap bounds the rows of one export. The lists count up to zhifa.CountCap, so an
// export above it is refused before anything is written, asking for narrower filters.
const ExportCap = zhifa.CountCap

// StartExport checks and records the export of list (its Chinese name) with total
// matching rows and the filters as shown: refused (EINVALID) above ExportCap, else one
// audit line "导出列表" whose commit the export waits for.
func (a *App) StartExport(ctx context.Context, list, filters string, total int) error {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return err
	}
	if total > ExportCap {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: fmt.Sprintf("符合条件的记录超过%d条，无法一次导出，请增加筛选条件后分批导出", ExportCap),
			Fields: zhifa.FieldErrors{"format": "导出记录至多" + strconv.Itoa(ExportCap) + "条"}}
	}
	return a.readPersonal(ctx, "list.export", func(tx zhifa.Tx, rec *audit) error {
		rec.ObjectPath = actor.ScopePath
		rec.Detail = truncate(fmt.Sprintf("%s，%d条%s", list, total, filters), 500)
		return nil
	})
}

package execution

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
)

// Bank statements (对账单): an agency's admin imports the payments the bank's statement
// lists, when the bank reports by file instead of notices. The whole file is one
// transaction: a bad row refuses it all, listing every bad row; receipts already
// recorded are skipped, so a statement imported twice records nothing twice.

// Statement columns, in file order.
const (
	ColReference = "缴款码"
	ColReceipt   = "缴款凭证号"
	ColAmount    = "金额"
	ColPaidOn    = "缴款日期"
)

// StatementColumns are the headers of a bank statement file.
var StatementColumns = []string{ColReference, ColReceipt, ColAmount, ColPaidOn}

// StatementRow is one row of a statement: its row number and its cells by header.
type StatementRow struct {
	Num   int
	Cells map[string]string
}

// StatementResult counts the payments imported and the rows skipped as already recorded.
type StatementResult struct {
	Rows     int `json:"rows"`
	Imported int `json:"imported"`
	Skipped  int `json:"skipped"`
}

// ImportStatement records the payments of a bank statement for an agency in the admin's
// scope; read parses the file, once the actor is known to may import it. Every
// reference must be the agency's.
func (s *Service) ImportStatement(ctx context.Context, agencyID int64, read func() ([]StatementRow, error)) (*StatementResult, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageAgencies); err != nil {
		return nil, err
	}
	if err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		_, err := s.k.VisibleAgency(ctx, tx, actor, agencyID)
		return err
	}); err != nil {
		return nil, err
	}
	rows, err := read()
	if err != nil {
		return nil, err
	}
	today := s.k.Today()
	bad := zhifa.FieldErrors{}
	notices := make([]NoticeInput, 0, len(rows))
	for _, row := range rows {
		in := NoticeInput{Reference: row.Cells[ColReference], ReceiptNo: row.Cells[ColReceipt]}
		fen, ok := parseFen(row.Cells[ColAmount])
		if !ok {
			bad[rowKey(row.Num)] = ColAmount + "：应为元，最多两位小数"
			continue
		}
		in.AmountFen = fen
		d, err := zhifa.ParseDate(strings.TrimSpace(row.Cells[ColPaidOn]))
		if err != nil {
			bad[rowKey(row.Num)] = ColPaidOn + "：日期格式应为 YYYY-MM-DD"
			continue
		}
		in.PaidOn = d
		if err := in.check(today); err != nil {
			bad[rowKey(row.Num)] = joinFields(zhifa.ErrorFields(err))
			continue
		}
		notices = append(notices, in)
	}
	if len(rows) == 0 {
		return nil, zhifa.Errorf(zhifa.EINVALID, "对账单中没有缴款记录")
	}
	if len(bad) > 0 {
		return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "对账单有误，未导入任何缴款，请按行号更正后重新导入", Fields: bad}
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	res := &StatementResult{Rows: len(rows)}
	err = s.k.Write(ctx, "execution.statement", func(tx zhifa.Tx, rec *kernel.Audit) error {
		ag, err := s.k.VisibleAgency(ctx, tx, actor, agencyID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("agency", agencyID), ag.Path
		for i, in := range notices {
			o, err := tx.ObligationByReference(ctx, in.Reference)
			if isNotFound(err) || (err == nil && o.AgencyID != agencyID) {
				return &zhifa.Error{Code: zhifa.EINVALID, Message: "对账单有误，未导入任何缴款", Fields: zhifa.FieldErrors{rowKey(rows[i].Num): ColReference + "：不是本机关的缴款码"}}
			}
			if err != nil {
				return err
			}
			p := zhifa.Payment{CaseID: o.CaseID, AgencyID: agencyID, ReceiptNo: in.ReceiptNo, AmountFen: in.AmountFen, PaidOn: in.PaidOn, Source: zhifa.PaymentImport}
			r, err := s.recordPayment(ctx, tx, &kernel.Audit{}, cal, o, p)
			if err != nil {
				if fe := zhifa.ErrorFields(err); len(fe) > 0 {
					return &zhifa.Error{Code: zhifa.EINVALID, Message: "对账单有误，未导入任何缴款", Fields: zhifa.FieldErrors{rowKey(rows[i].Num): joinFields(fe)}}
				}
				return err
			}
			if r.Duplicate {
				res.Skipped++
			} else {
				res.Imported++
			}
		}
		rec.Detail = fmt.Sprintf("导入对账单：%d笔，跳过已登记%d笔", res.Imported, res.Skipped)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func rowKey(n int) string { return "第" + strconv.Itoa(n) + "行" }

func joinFields(f zhifa.FieldErrors) string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = f[k]
	}
	return strings.Join(parts, "；")
}

// parseFen parses an amount in yuan with at most two decimals ("1,234.5") into 分.
func parseFen(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || len(whole) > 12 {
		return 0, false
	}
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt((frac + "0")[:2], 10, 64)
	}
	return w*100 + f, true
}

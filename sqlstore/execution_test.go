package sqlstore

import (
	"context"
	"testing"

	"zhifa"
)

// testExecution: obligations (versioned, one per case, unique 缴款码), payments (receipt
// number unique per agency), payees, channels and the collection statistics (issue 15).
func testExecution(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	var cases []*zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		for range 2 {
			c, err := newCase(ctx, tx, tr, itemID, 2026)
			if err != nil {
				return err
			}
			cases = append(cases, c)
		}
		return nil
	})
	ref := uniq("JK")
	o := &zhifa.Obligation{CaseID: cases[0].ID, AgencyID: tr.market.ID, AgencyPath: tr.market.Path, FineFen: 1000_00, ConfiscateFen: 200_00,
		Payee: zhifa.Payee{Name: "财政局", Bank: "工行", Account: "6222"}, Reference: ref,
		ServedOn: zhifa.MustDate("2026-03-02"), Due: zhifa.MustDate("2026-03-17")}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateObligation(ctx, o) })
	o2 := *o
	o2.Reference = uniq("JK")
	err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.CreateObligation(ctx, &o2) })
	wantCode(t, "second obligation of the case", err, zhifa.ECONFLICT)
	o3 := *o
	o3.CaseID = cases[1].ID
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.CreateObligation(ctx, &o3) })
	wantCode(t, "reference reused", err, zhifa.ECONFLICT)

	pay := &zhifa.Payment{CaseID: o.CaseID, AgencyID: tr.market.ID, ReceiptNo: "R1", AmountFen: 500_00, PaidOn: zhifa.MustDate("2026-03-10"), Source: zhifa.PaymentNotice, ChannelID: 7}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddPayment(ctx, pay) })
	dup := *pay
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.AddPayment(ctx, &dup) })
	wantCode(t, "receipt twice", err, zhifa.ECONFLICT)
	other := *pay
	other.AgencyID = tr.branch.ID // another agency's receipt numbers are its own
	update(t, db, func(tx zhifa.Tx) error { return tx.AddPayment(ctx, &other) })

	update(t, db, func(tx zhifa.Tx) error {
		got, err := tx.ObligationByReference(ctx, ref)
		if err != nil {
			return err
		}
		got.PaidFen, got.SettledOn = 1200_00, zhifa.MustDate("2026-03-20")
		got.Exec.Reminder = &zhifa.Reminder{ServedOn: zhifa.MustDate("2026-03-19"), Proof: "直接送达"}
		if err := tx.UpdateObligation(ctx, got); err != nil {
			return err
		}
		stale := *got
		stale.Version = 1
		wantCode(t, "stale obligation", tx.UpdateObligation(ctx, &stale), zhifa.ECONFLICT)
		return nil
	})
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Obligation(ctx, o.CaseID)
		if err != nil {
			return err
		}
		if got.Version != 2 || got.PaidFen != 1200_00 || got.SettledOn != zhifa.MustDate("2026-03-20") || got.Payee.Bank != "工行" ||
			got.Exec.Reminder == nil || got.Exec.Reminder.ServedOn != zhifa.MustDate("2026-03-19") || got.Due != o.Due {
			t.Errorf("obligation read back %+v", got)
		}
		_, err = tx.Obligation(ctx, cases[1].ID)
		wantCode(t, "no obligation", err, zhifa.ENOTFOUND)
		ps, err := tx.Payments(ctx, o.CaseID)
		if err != nil || len(ps) != 2 || ps[0].ReceiptNo != "R1" || ps[0].Source != zhifa.PaymentNotice {
			t.Errorf("payments %+v %v", ps, err)
		}
		p, err := tx.PaymentByReceipt(ctx, tr.market.ID, "R1")
		if err != nil || p.ID != pay.ID || p.AmountFen != 500_00 || p.ChannelID != 7 {
			t.Errorf("payment by receipt %+v %v", p, err)
		}
		return nil
	})

	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.SetPayee(ctx, &zhifa.Payee{AgencyID: tr.market.ID, Name: "A", Bank: "B", Account: "1"}); err != nil {
			return err
		}
		return tx.SetPayee(ctx, &zhifa.Payee{AgencyID: tr.market.ID, Name: "东港市财政局", Bank: "工商银行", Account: "3701"})
	})
	hash := []byte(uniq("hash-of-a-token-0123456789abcdef"))
	ch := &zhifa.PaymentChannel{AgencyID: tr.market.ID, Name: "工商银行缴款通知", TokenHash: hash, CreatedBy: 1}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreatePaymentChannel(ctx, ch) })
	update(t, db, func(tx zhifa.Tx) error {
		wantCode(t, "revoke another agency's channel", tx.RevokePaymentChannel(ctx, tr.branch.ID, ch.ID), zhifa.ENOTFOUND)
		return tx.RevokePaymentChannel(ctx, tr.market.ID, ch.ID)
	})
	view(t, db, func(tx zhifa.Tx) error {
		p, err := tx.Payee(ctx, tr.market.ID)
		if err != nil || p.Account != "3701" {
			t.Errorf("payee %+v %v", p, err)
		}
		_, err = tx.Payee(ctx, tr.branch.ID)
		wantCode(t, "no payee", err, zhifa.ENOTFOUND)
		got, err := tx.PaymentChannelByHash(ctx, hash)
		if err != nil || got.ID != ch.ID || !got.Revoked {
			t.Errorf("channel %+v %v", got, err)
		}
		chs, err := tx.PaymentChannels(ctx, tr.market.ID)
		if err != nil || len(chs) != 1 {
			t.Errorf("channels %+v %v", chs, err)
		}
		return nil
	})

	// The second case: unpaid and past its deadline.
	o4 := *o
	o4.CaseID, o4.Reference, o4.FineFen, o4.ConfiscateFen = cases[1].ID, uniq("JK"), 300_00, 0
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateObligation(ctx, &o4) })
	view(t, db, func(tx zhifa.Tx) error {
		stats, err := tx.CollectionStats(ctx, tr.city.Path, zhifa.MustDate("2026-04-01"))
		if err != nil {
			return err
		}
		if len(stats) != 1 || stats[0].AgencyID != tr.market.ID || stats[0].Obligations != 2 || stats[0].PrincipalFen != 1500_00 ||
			stats[0].PaidFen != 1200_00 || stats[0].Overdue != 1 || stats[0].AgencyName != tr.market.Name {
			t.Errorf("stats %+v", stats)
		}
		stats, err = tx.CollectionStats(ctx, tr.branch.Path, zhifa.MustDate("2026-04-01"))
		if err != nil || len(stats) != 0 {
			t.Errorf("branch stats %+v %v", stats, err)
		}
		stats, err = tx.CollectionStats(ctx, tr.city.Path, zhifa.MustDate("2027-01-04"))
		if err != nil || len(stats) != 0 {
			t.Errorf("stats of the next year count last year's obligations: %+v %v", stats, err)
		}
		return nil
	})

	// Property items: listed per case, versioned.
	item := &zhifa.PropertyItem{CaseID: cases[0].ID, AgencyID: tr.market.ID, Name: "过期食品", Quantity: "20箱", ValueFen: 3000_00,
		Custody: "本局涉案财物库，保管人王某", Photos: []int64{5, 6}, Status: zhifa.PropertyHeld}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddPropertyItem(ctx, item) })
	update(t, db, func(tx zhifa.Tx) error {
		got, err := tx.PropertyItem(ctx, item.ID)
		if err != nil {
			return err
		}
		got.Status = zhifa.PropertyPending
		got.Disposal = &zhifa.PropertyDisposal{Method: "destroy", Reason: "过期食品依法销毁", RequestedOn: zhifa.MustDate("2026-04-01")}
		if err := tx.UpdatePropertyItem(ctx, got); err != nil {
			return err
		}
		stale := *got
		stale.Version = 1
		wantCode(t, "stale property item", tx.UpdatePropertyItem(ctx, &stale), zhifa.ECONFLICT)
		return nil
	})
	view(t, db, func(tx zhifa.Tx) error {
		items, err := tx.PropertyItems(ctx, cases[0].ID)
		if err != nil {
			return err
		}
		if len(items) != 1 || items[0].Version != 2 || items[0].Status != zhifa.PropertyPending || items[0].Disposal == nil ||
			items[0].Disposal.Method != "destroy" || len(items[0].Photos) != 2 || items[0].ValueFen != 3000_00 {
			t.Errorf("property items %+v", items)
		}
		_, err = tx.PropertyItem(ctx, 99999999)
		wantCode(t, "no property item", err, zhifa.ENOTFOUND)
		return nil
	})
}

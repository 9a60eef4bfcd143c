package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"zhifa"
)

// BenchmarkComplaintList measures the staff complaint list (first page, the state and
// overdue filters, a deep keyset page; one bureau and the whole scope) on
// ZHIFA_BENCH_COMPLAINTS complaints (default 20,000; 2,000 with -short; one in ten still
// open, the rest closed with no clock running) and reports each p99 and p50 as a ratio
// to those of the raw first page by primary key on the same database in the same run.
// The pages in id order do not grow with the table; the overdue filter reads the open
// complaints past due through (agency_id, next_due) and sorts them, so it grows with the
// open backlog, not with the closed ones.
func BenchmarkComplaintList(b *testing.B) {
	n := benchSize(b, "ZHIFA_BENCH_COMPLAINTS", 20000, 2000)
	ctx := context.Background()
	db := openSQLite(b)
	var tr tree
	if err := db.Update(ctx, func(tx zhifa.Tx) error {
		mk := func(parent *zhifa.Agency, name string, typ zhifa.AgencyType) *zhifa.Agency {
			a := &zhifa.Agency{Name: uniq(name), Level: zhifa.LevelCity, Type: typ, RegionCode: "370200"}
			if parent != nil {
				a.ParentID = parent.ID
			}
			if err := tx.CreateAgency(ctx, a); err != nil {
				b.Fatal(err)
			}
			return a
		}
		tr.city = mk(nil, "市人民政府", zhifa.AgencyGovernment)
		tr.market = mk(tr.city, "市场监督管理局", zhifa.AgencyAdministrative)
		tr.branch = mk(tr.market, "分局", zhifa.AgencyAdministrative)
		tr.district = mk(tr.city, "综合行政执法局", zhifa.AgencyAdministrative)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	agencies := []*zhifa.Agency{tr.market, tr.branch, tr.district}
	states := []zhifa.ComplaintState{zhifa.ComplaintReceived, zhifa.ComplaintAccepted, zhifa.ComplaintReplied, zhifa.ComplaintRefused}
	start := zhifa.MustDate("2025-01-01")
	for done := 0; done < n; done += 5000 {
		if err := db.Update(ctx, func(tx zhifa.Tx) error {
			for i := done; i < min(done+5000, n); i++ {
				due := start.AddDays(i % 700)
				c := &zhifa.Complaint{Number: fmt.Sprintf("TSB%010d", i), CodeHash: make([]byte, 32), Kind: zhifa.ComplaintKindReport,
					Subject: zhifa.ComplaintAboutEnterprise, Channel: zhifa.ChannelPortal, AgencyID: agencies[i%3].ID, Target: "某店",
					Content: "内容", Named: i%2 == 0, Complainant: zhifa.Complainant{Name: "某某", Phone: "13900000000"},
					State: states[i%4], ReceivedOn: start, Clocks: []zhifa.Clock{{Kind: "complaint_accept", Due: due}}, NextDue: due}
				if i%10 != 0 { // most matters are closed: their clocks are done, nothing is due
					c.State, c.NextDue, c.Clocks[0].Done = states[2+i%2], zhifa.Date{}, true
				}
				if err := tx.CreateComplaint(ctx, c); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	pct := func(f func() error) (time.Duration, time.Duration) {
		var ds []time.Duration
		for range 200 {
			t0 := time.Now()
			if err := f(); err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(t0))
		}
		slices.Sort(ds)
		return ds[len(ds)*99/100], ds[len(ds)/2]
	}
	baseline, baseMedian := pct(func() error {
		rows, err := db.sql.QueryContext(ctx, `SELECT id FROM complaints ORDER BY id DESC LIMIT 50`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
		}
		return rows.Err()
	})
	list := func(f zhifa.ComplaintFilter) func() error {
		return func() error {
			return db.View(ctx, func(tx zhifa.Tx) error {
				_, err := tx.Complaints(ctx, f)
				return err
			})
		}
	}
	today := start.AddDays(350)
	for _, tc := range []struct {
		name string
		f    zhifa.ComplaintFilter
	}{
		{"bureau", zhifa.ComplaintFilter{AgencyID: tr.market.ID, Limit: 51}},
		{"bureau-state", zhifa.ComplaintFilter{AgencyID: tr.market.ID, State: zhifa.ComplaintReceived, Limit: 51}},
		{"bureau-overdue", zhifa.ComplaintFilter{AgencyID: tr.market.ID, OverdueOn: today, Limit: 51}},
		{"bureau-deep", zhifa.ComplaintFilter{AgencyID: tr.market.ID, Before: int64(n / 10), Limit: 51}},
		{"scope", zhifa.ComplaintFilter{UnderPath: tr.city.Path, Limit: 51}},
		{"scope-overdue", zhifa.ComplaintFilter{UnderPath: tr.city.Path, OverdueOn: today, Limit: 51}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			d, m := pct(list(tc.f))
			b.ReportMetric(float64(d.Microseconds()), "p99-µs")
			b.ReportMetric(float64(m.Microseconds()), "p50-µs")
			b.ReportMetric(float64(d)/float64(baseline), "ratio")
			b.ReportMetric(float64(m)/float64(baseMedian), "p50-ratio")
		})
	}
}

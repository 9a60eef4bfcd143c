package sqlstore

import (
	"context"
	"crypto/sha256"
	"testing"

	"zhifa"
)

// testAssessmentMore covers the summaries of migration 00047 and the three indicators
// counted over them: decisions served on time (case_stats service_due, served_on), steps
// recorded on audio/video (av_steps, marked by a later A/V record of the act), and major
// decisions reviewed before they were filed (filings reviewed), with their records.
func testAssessmentMore(t *testing.T, db *DB) {
	ctx := context.Background()
	d := zhifa.MustDate
	tr, cases, user := seedAssessmentMore(t, db)
	update(t, db, func(tx zhifa.Tx) error {
		// A/V: the first seizure gets its record after the step, the second had it, the
		// third has a record of another act only.
		for i, rec := range []bool{false, true, false} {
			if err := tx.AddAVStep(ctx, &zhifa.AVStep{CaseID: cases[i].ID, AgencyID: tr.market.ID, Action: zhifa.ActSeize, Act: "seize",
				ActedOn: cases[i].State.DecidedOn, Recorded: rec}); err != nil {
				return err
			}
		}
		return addAVRecords(ctx, tx, cases, user)
	})

	f := assessMoreFilter(tr)
	wantAssessMore(t, db, tr, map[string][2]float64{zhifa.IndServiceOnTime: {1, 3}, zhifa.IndAVCompliance: {2, 3}, zhifa.IndMajorReview: {1, 2}})
	view(t, db, func(tx zhifa.Tx) error {
		later := f
		later.AsOf = d("2026-12-09") // the fourth decision's period is over too
		counts, err := tx.AssessmentCounts(ctx, later)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range counts {
			if c.AgencyID == tr.market.ID && c.Key == zhifa.IndServiceOnTime && (c.Num != 1 || c.Den != 4) {
				t.Errorf("service on 9 December %+v, want 1 of 4", c)
			}
		}

		for _, tc := range []struct {
			key     string
			want    []*zhifa.Case
			details []string
		}{
			{zhifa.IndServiceOnTime, []*zhifa.Case{cases[1], cases[2]}, []string{"2026-06-15", ""}},
			{zhifa.IndAVCompliance, []*zhifa.Case{cases[2]}, []string{"seize"}},
			{zhifa.IndMajorReview, []*zhifa.Case{cases[1]}, []string{""}},
		} {
			var after int64
			for i, c := range tc.want { // one record a page
				recs, err := tx.AssessmentRecords(ctx, f, zhifa.AssessmentRecordFilter{AgencyID: tr.market.ID, Year: 2026, Key: tc.key,
					After: after, Limit: 1})
				if err != nil {
					t.Fatal(tc.key, err)
				}
				if len(recs) != 1 || recs[0].CaseID != c.ID || recs[0].Label != c.Number || recs[0].Detail != tc.details[i] || recs[0].Day.IsZero() {
					t.Fatalf("%s record %d: %+v, want case %s detail %q", tc.key, i, recs, c.Number, tc.details[i])
				}
				after = recs[0].ID
			}
			recs, err := tx.AssessmentRecords(ctx, f, zhifa.AssessmentRecordFilter{AgencyID: tr.market.ID, Year: 2026, Key: tc.key, After: after})
			if err != nil || len(recs) != 0 {
				t.Errorf("%s after the last: %+v %v", tc.key, recs, err)
			}
		}
		return nil
	})
}

// assessMoreFilter counts the tree's 2026 as of 1 December.
func assessMoreFilter(tr *tree) zhifa.AssessmentCountFilter {
	d := zhifa.MustDate
	return zhifa.AssessmentCountFilter{UnderPath: tr.city.Path, Year: 2026, Corrects: []zhifa.ReviewOutcome{zhifa.OutcomeRevoke},
		MinTrainingHours: 60, ReportDue: d("2027-01-31"), AsOf: d("2026-12-01")}
}

// wantAssessMore checks the market bureau's counts of the three indicators.
func wantAssessMore(t *testing.T, db *DB, tr *tree, want map[string][2]float64) {
	t.Helper()
	view(t, db, func(tx zhifa.Tx) error {
		counts, err := tx.AssessmentCounts(context.Background(), assessMoreFilter(tr))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]float64{}
		for _, c := range counts {
			if c.AgencyID == tr.market.ID {
				got[c.Key] = [2]float64{c.Num, c.Den}
			}
		}
		for key, w := range want {
			if got[key] != w {
				t.Errorf("%s = %v, want %v", key, got[key], w)
			}
		}
		return nil
	})
}

// TestAssessmentMoreBackfill: migration 00047 fills the summaries of the rows written
// before it — the service columns from the cases, reviewed from the review rounds and
// the A/V steps from the seizures taken — so earlier years compute (both engines).
func TestAssessmentMoreBackfill(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *DB{EngineSQLite: openSQLite, EnginePostgres: openPostgres} {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			db := open(t)
			tr, cases, user := seedAssessmentMore(t, db)
			update(t, db, func(tx zhifa.Tx) error {
				for _, c := range []*zhifa.Case{cases[0], cases[2]} {
					if err := tx.AddCaseEvent(ctx, &zhifa.CaseEvent{CaseID: c.ID, From: zhifa.StageOpen, To: zhifa.StageOpen, Action: zhifa.ActSeize,
						ActorID: user.ID, Actor: "officer", ActedOn: c.State.DecidedOn}); err != nil {
						return err
					}
				}
				return addAVRecords(ctx, tx, cases, user)
			})
			p := newMigrator(t, db)
			if _, err := p.DownTo(ctx, 46); err != nil {
				t.Fatal(err)
			}
			if _, err := p.Up(ctx); err != nil {
				t.Fatal(err)
			}
			wantAssessMore(t, db, tr, map[string][2]float64{zhifa.IndServiceOnTime: {1, 3}, zhifa.IndAVCompliance: {1, 2}, zhifa.IndMajorReview: {1, 2}})
		})
	}
}

// addAVRecords adds the first case's A/V record of its seizure and the third's of a
// hearing.
func addAVRecords(ctx context.Context, tx zhifa.Tx, cases []*zhifa.Case, user *zhifa.User) error {
	if err := tx.AddRecord(ctx, &zhifa.Record{CaseID: cases[0].ID, Kind: zhifa.RecordAV, Title: "查封现场视频", Act: "seize", CreatedBy: user.ID}); err != nil {
		return err
	}
	return tx.AddRecord(ctx, &zhifa.Record{CaseID: cases[2].ID, Kind: zhifa.RecordAV, Title: "听证录像", Act: "hearing", CreatedBy: user.ID})
}

// seedAssessmentMore makes four penalty decisions of 2026 in a tree of its own: served on
// time, late, unserved with the period over, unserved with the period running on 1
// December; the first two filed as major decisions, the first with a passed review.
func seedAssessmentMore(t *testing.T, db *DB) (*tree, []*zhifa.Case, *zhifa.User) {
	t.Helper()
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	user := newUser(t, db, tr.market.ID)
	d := zhifa.MustDate
	// Decided, the service period's last day, served (zero: not yet).
	plan := []struct{ decided, due, served string }{
		{"2026-05-06", "2026-05-15", "2026-05-08"}, // on time
		{"2026-06-01", "2026-06-10", "2026-06-15"}, // late
		{"2026-07-01", "2026-07-10", ""},           // period over, unserved
		{"2026-11-27", "2026-12-08", ""},           // period running on the day counted
	}
	cases := make([]*zhifa.Case, len(plan))
	update(t, db, func(tx zhifa.Tx) error {
		for i, p := range plan {
			c, err := newCase(ctx, tx, tr, item, 2026)
			if err != nil {
				return err
			}
			c.Stage, c.State.DecidedOn = zhifa.StageDecide, d(p.decided)
			c.Clocks = append(c.Clocks, zhifa.Clock{Kind: zhifa.ClockService, Start: d(p.decided), Due: d(p.due), Unit: zhifa.UnitWorkday, Days: 7})
			if p.served != "" {
				c.Stage, c.State.ServedOn = zhifa.StageServe, d(p.served)
			}
			if err := tx.UpdateCase(ctx, c); err != nil {
				return err
			}
			cases[i] = c
		}
		// The first case's major decision was reviewed; the second's was not.
		if err := tx.AddReviewRound(ctx, &zhifa.ReviewRound{CaseID: cases[0].ID, AgencyID: tr.market.ID, Round: 1, Status: zhifa.ReviewPassed,
			ReviewerID: user.ID, DueOn: d("2026-05-05"), OpinionOn: d("2026-05-04")}); err != nil {
			return err
		}
		for _, c := range cases[:2] {
			if err := tx.CreateFiling(ctx, &zhifa.Filing{CaseID: c.ID, CaseNumber: c.Number, AgencyID: tr.market.ID, Kind: zhifa.FilingPenalty,
				ToAgencyID: tr.city.ID, Reasons: []string{"较大数额罚款"}, Summary: "罚款", DecidedOn: c.State.DecidedOn,
				Due: c.State.DecidedOn.AddDays(15), Status: zhifa.FilingFiled}); err != nil {
				return err
			}
		}
		return nil
	})
	return tr, cases, user
}

// testAssessmentComplaints covers the complaints-upheld indicator (migration 00047): the
// conduct complaints about an agency answered in the year with a finding, those upheld
// (whole or part), kept through UpdateComplaint, and the records of the upheld ones.
func testAssessmentComplaints(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	code := sha256.Sum256([]byte("code"))
	var made []*zhifa.Complaint
	for _, f := range []zhifa.ComplaintFinding{zhifa.FindingUpheld, zhifa.FindingUnfounded, zhifa.FindingPartly, ""} {
		c := &zhifa.Complaint{Number: uniq("TS"), CodeHash: code[:], Kind: zhifa.ComplaintKindComplaint, Subject: zhifa.ComplaintAboutConduct,
			Channel: zhifa.ChannelPortal, AgencyID: tr.city.ID, AboutAgencyID: tr.market.ID, Target: "执法人员", Content: "未出示证件",
			State: zhifa.ComplaintAccepted, ReceivedOn: zhifa.MustDate("2026-03-02"), Clocks: []zhifa.Clock{}}
		update(t, db, func(tx zhifa.Tx) error {
			if err := tx.CreateComplaint(ctx, c); err != nil {
				return err
			}
			if f == "" {
				return nil // still being handled
			}
			c.State, c.RepliedOn, c.Reply, c.Finding = zhifa.ComplaintReplied, zhifa.MustDate("2026-04-01"), "答复", f
			return tx.UpdateComplaint(ctx, c)
		})
		made = append(made, c)
	}
	f := assessMoreFilter(tr)
	f.Upheld = []zhifa.ComplaintFinding{zhifa.FindingUpheld, zhifa.FindingPartly}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Complaint(ctx, made[0].ID)
		if err != nil || got.Finding != zhifa.FindingUpheld || got.AboutAgencyID != tr.market.ID {
			t.Errorf("stored complaint %+v, %v", got, err)
		}
		counts, err := tx.AssessmentCounts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range counts {
			if c.Key == zhifa.IndComplaintsUpheld && c.AgencyID == tr.market.ID {
				found = c.Num == 2 && c.Den == 3
			}
			if c.Key == zhifa.IndComplaintsUpheld && c.AgencyID == tr.city.ID {
				t.Errorf("counted for the handling agency %+v", c)
			}
		}
		if !found {
			t.Errorf("complaints upheld not 2 of 3 in %+v", counts)
		}
		recs, err := tx.AssessmentRecords(ctx, f, zhifa.AssessmentRecordFilter{AgencyID: tr.market.ID, Year: 2026, Key: zhifa.IndComplaintsUpheld})
		if err != nil || len(recs) != 2 || recs[0].Label != made[0].Number || recs[1].Detail != string(zhifa.FindingPartly) ||
			recs[0].Day != zhifa.MustDate("2026-04-01") {
			t.Errorf("upheld records %+v, %v", recs, err)
		}
		return nil
	})
}

package demo

import (
	"context"
	"fmt"
	"time"

	"zhifa"
	"zhifa/app/report"
)

// The demo's annual report (issue 13; REQUIREMENTS C6): the market bureau's officer
// generates last year's figures from the demo's cases in mid-January, notes one figure,
// and the head approves and publishes the report before 31 January (国办发〔2018〕118号
// （六））. The city's other agencies have not published theirs, so the warning shows for
// them. Seeded on a day before the report can be made (1 or 2 January), nothing is
// published and the warning shows for every agency.

// reportNote is the demo preparer's note on the year's penalty decisions: the demo city's
// cases start in January of this year, so last year's figures are those of the cases the
// system holds (none, unless the demo is seeded early in the year).
const reportNote = "统计范围为本系统记录的执法案件"

// seedReport publishes the market bureau's report of last year.
func (s *seeder) seedReport() error {
	market := s.agencyByName(marketBureau)
	if market == nil {
		return fmt.Errorf("no agency %s", marketBureau)
	}
	officer, head, err := s.marketActors(market)
	if err != nil {
		return err
	}
	return s.publishLastYearReport(market, officer, head, map[string]string{"acts.penalty": reportNote})
}

// publishLastYearReport has the agency's officer generate last year's report in
// mid-January with the notes, and its head approve and publish it before 31 January.
func (s *seeder) publishLastYearReport(ag *zhifa.Agency, officer, head context.Context, notes map[string]string) error {
	year := s.today.Year - 1
	prepareOn := zhifa.Date{Year: s.today.Year, Month: time.January, Day: 15}
	approveOn := zhifa.Date{Year: s.today.Year, Month: time.January, Day: 20}
	if s.today.Before(approveOn) { // early January: both acts today
		prepareOn, approveOn = s.today, s.today
	}
	if prepareOn.Day < 3 && prepareOn.Month == time.January {
		return nil // the year has only just ended: the report is not made yet
	}
	clock := &demoClock{t: prepareOn.Time().Add(10 * time.Hour)}
	b := s.a.WithClock(clock.now)
	r, err := b.Report().Generate(officer, ag.ID, year)
	if err != nil {
		return fmt.Errorf("generate the %d report of %s: %w", year, ag.Name, err)
	}
	if len(notes) > 0 {
		if r, err = b.Report().SaveNotes(officer, r.ID, report.NotesInput{Version: r.Version, Notes: notes}); err != nil {
			return fmt.Errorf("note the %d report: %w", year, err)
		}
	}
	clock.t = approveOn.Time().Add(15 * time.Hour)
	if _, err := b.Report().Approve(head, r.ID, r.Version); err != nil {
		return fmt.Errorf("approve the %d report: %w", year, err)
	}
	return nil
}

package sqlstore

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"zhifa"
)

// BenchmarkPersonnelReads times what the personnel warnings read for a city of
// ZHIFA_BENCH_OFFICERS officers (default 20,000) late in the year, when most officers
// have their 60 hours and a valid certificate: "old" is the computation over every
// officer, their certificates and training totals (oldPersonnel, before migration
// 00064); "new" is the summaries' three reads with the landing page's limit (issue 11).
func BenchmarkPersonnelReads(b *testing.B) {
	n := 20000
	if s := os.Getenv("ZHIFA_BENCH_OFFICERS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 100 {
			b.Fatalf("ZHIFA_BENCH_OFFICERS=%q: want a number of at least 100", s)
		}
		n = v
	}
	engines := map[string]func(testing.TB) *DB{"sqlite": openSQLite}
	if os.Getenv("ZHIFA_TEST_PG") != "" {
		engines["postgres"] = func(t testing.TB) *DB { return openPostgres(t) }
	}
	for _, name := range []string{"sqlite", "postgres"} {
		open := engines[name]
		if open == nil {
			continue
		}
		b.Run(name, func(b *testing.B) {
			db := open(b)
			city := fillPersonnel(b, db, n)
			today := zhifa.MustDate("2026-11-20")
			b.Run("old", func(b *testing.B) {
				for b.Loop() {
					if err := db.View(context.Background(), func(ztx zhifa.Tx) error {
						_, err := oldPersonnel(context.Background(), ztx, city, today, today.Year)
						return err
					}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("new", func(b *testing.B) {
				for b.Loop() {
					if err := db.View(context.Background(), func(ztx zhifa.Tx) error {
						ctx := context.Background()
						if _, err := ztx.CertificateWarnings(ctx, city, today, today.AddDays(60)); err != nil {
							return err
						}
						if _, err := ztx.TrainingShortfalls(ctx, city, today.Year, 60, 0, 101); err != nil {
							return err
						}
						_, err := ztx.AgencyStaffing(ctx, city)
						return err
					}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// fillPersonnel creates a city of 20 agencies with n officers: every 50th without a
// certificate, every 40th with one expiring within the horizon, every 4th short of
// training hours, every 30th a reviewer. It returns the city's path.
func fillPersonnel(b *testing.B, db *DB, n int) string {
	b.Helper()
	ctx := context.Background()
	var city *zhifa.Agency
	err := db.Update(ctx, func(ztx zhifa.Tx) error {
		city = &zhifa.Agency{Name: uniq("东港市人民政府"), Level: zhifa.LevelCity, Type: zhifa.AgencyGovernment, RegionCode: "370200"}
		if err := ztx.CreateAgency(ctx, city); err != nil {
			return err
		}
		var agencies []int64
		for range 20 {
			a := &zhifa.Agency{Name: uniq("东港市局"), Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative, RegionCode: "370200", ParentID: city.ID}
			if err := ztx.CreateAgency(ctx, a); err != nil {
				return err
			}
			agencies = append(agencies, a.ID)
		}
		for i := range n {
			o := &zhifa.Officer{AgencyID: agencies[i%len(agencies)], Name: "王伟", IDNumber: benchIDNumber(i), ExamPassed: true, Active: true, Reviewer: i%30 == 0}
			if err := ztx.CreateOfficer(ctx, o); err != nil {
				return err
			}
			if i%50 != 0 {
				until := zhifa.MustDate("2029-06-30")
				if i%40 == 1 {
					until = zhifa.MustDate("2026-12-31")
				}
				c := &zhifa.Certificate{OfficerID: o.ID, Number: uniq("鲁执"), IssuedOn: zhifa.MustDate("2024-07-01"),
					ValidFrom: zhifa.MustDate("2024-07-01"), ValidUntil: until}
				if err := ztx.CreateCertificate(ctx, c); err != nil {
					return err
				}
			}
			hours := 64.0
			if i%4 == 0 {
				hours = 24
			}
			if err := ztx.AddTraining(ctx, &zhifa.Training{OfficerID: o.ID, Date: zhifa.MustDate("2026-05-10"), Hours: hours, Kind: zhifa.TrainingGeneralLaw}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	return city.Path
}

// benchIDNumber is the i-th of up to 336,000 distinct valid 身份证号 of people born in 1970.
func benchIDNumber(i int) string {
	return idNumber(fmt.Sprintf("3702021970%02d%02d%03d", 1+(i/28000)%12, 1+(i/1000)%28, i%1000))
}

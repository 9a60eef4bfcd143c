package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"zhifa"
)

// BenchProvinceVersion names the cached provinces: raise it when the fill or the schema
// of the tables it writes changes.
const BenchProvinceVersion = 5

// BenchProvince is what FillBenchProvince wrote: the keys the benchmarks read by.
type BenchProvince struct {
	N          int
	Today      zhifa.Date
	Root       string // the province's path
	City       string // a city's path
	Bureau     int64  // a bureau of that city
	BureauPath string
	Justice    int64 // the province's justice department
	Bureaus    []int64
	Officer    int64
	Item       int64
	Supervisor int64 // a social supervisor
	Evaluator  int64 // an evaluator (user)
	Evaluation int64 // the newest evaluation
	Complaint  string
	MidCase    int64
	Case       int64 // a case with a reconsideration and a fault review
	Run        int64 // an assessment run
}

// trades name the items and companies of the bench stores.
var trades = []string{"食品", "商贸", "餐饮", "建材", "物流", "医药", "电子", "服装"}

// supSQL writes the engine's spelling of the few expressions the fill needs.
type supSQL struct{ engine string }

// supBase is day 0 of the province: its cases are filed over the five years after it.
const supBase = "2021-06-01"

// benchToday is the day offset of the province's today, 2026-06-01.
const benchToday = 1826

// day is the date supBase + off days (off a non-negative integer expression).
func (s supSQL) day(off string) string {
	if s.engine == EnginePostgres {
		return "(DATE '" + supBase + "' + (" + off + "))"
	}
	return "date('" + supBase + "', '+' || (" + off + ") || ' days')"
}

// month is the "YYYY-MM" of supBase + off days.
func (s supSQL) month(off string) string {
	if s.engine == EnginePostgres {
		return "to_char(" + s.day(off) + ", 'YYYY-MM')"
	}
	return "substr(" + s.day(off) + ", 1, 7)"
}

// stamp is the timestamp of 09:00 UTC on supBase + off days.
func (s supSQL) stamp(off string) string {
	if s.engine == EnginePostgres {
		return "(CAST(" + s.day(off) + " AS TIMESTAMP) + INTERVAL '9 hours')"
	}
	return "(" + s.day(off) + " || ' 09:00:00+00:00')"
}

// year is the calendar year of supBase + off days.
func (s supSQL) year(off string) string {
	return "CAST(substr(CAST(" + s.day(off) + " AS TEXT), 1, 4) AS INTEGER)"
}

// ids is the INSERT's clause that lets it set identity columns.
func (s supSQL) ids() string {
	if s.engine == EnginePostgres {
		return " OVERRIDING SYSTEM VALUE"
	}
	return ""
}

// series is the CTE of the integers lo..hi named s(i).
func series(lo, hi int) string {
	return fmt.Sprintf("WITH RECURSIVE s(i) AS (SELECT %d UNION ALL SELECT i + 1 FROM s WHERE i < %d) ", lo, hi)
}

// supBatch is the number of cases written per statement.
const supBatch = 50000

// BenchScope is the agencies, items and officers a bench province's cases are filed
// under: the province FillBenchProvince creates, or agencies a caller seeded (the demo
// city, so that its accounts see the province).
type BenchScope struct {
	Root     string // the path of the scope's government
	City     string // the path of a city under it (Root itself for a single city)
	Justice  int64  // the justice department or bureau of Root, which supervises
	Bureaus  []BenchBureau
	Items    []BenchItem
	Officers []int64 // officers of the bureaus; each case is handled by one
}

// BenchBureau is one agency the cases are filed in, with the justice bureau its major
// decisions are filed with.
type BenchBureau struct {
	ID, JusticeID int64
	Path          string
	ReviewerID    int64 // the user who reviews its open cases' decisions; 0 for none
}

// BenchItem is one enforcement item the cases are filed under.
type BenchItem struct {
	ID   int64
	Name string
}

// benchIDs are the largest ids of the tables the fill writes with explicit ids, taken
// before it: its rows are numbered after them, so it fills a seeded store too.
type benchIDs struct {
	cases, complaints, supervisors, evaluations, reconsiderations int64
}

// FillBenchProvince writes a bench province of n cases into db and refreshes the
// planner's statistics; it is test support for the benchmarks (the binary never calls
// it, so the linker leaves it out). With a nil scope it first creates a province: 12
// cities of a government, a justice bureau and six bureaus (97 agencies with the
// province's government and justice department), 100 items and 300 officers. The n
// cases are filed evenly over five years up to 2026-06-01 (the newest 2% still open,
// the rest closed: 85% penalty cases, mostly decided with a fine, some 不予处罚 or
// withdrawn; inspections; compulsory measures with their A/V records), with the
// supervision rows of a province in the proportions of a real one. The store should be
// opened with Options.Bulk for the fill.
func FillBenchProvince(ctx context.Context, db *DB, n int, scope *BenchScope) (*BenchProvince, error) {
	if n < 1000 {
		return nil, fmt.Errorf("bench province: %d cases, want at least 1000", n)
	}
	if scope == nil {
		var err error
		if scope, err = createBenchScope(ctx, db); err != nil {
			return nil, fmt.Errorf("bench province: %w", err)
		}
	}
	if len(scope.Bureaus) == 0 || len(scope.Items) == 0 || len(scope.Officers) == 0 {
		return nil, errors.New("bench province: the scope needs bureaus, items and officers")
	}
	p, err := fillSupProvince(ctx, db, n, scope)
	if err != nil {
		return nil, fmt.Errorf("bench province: %w", err)
	}
	if err := db.analyze(ctx); err != nil {
		return nil, err
	}
	if err := db.optimize(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

// createBenchScope creates the agencies, items and officers of a province.
func createBenchScope(ctx context.Context, db *DB) (*BenchScope, error) {
	sc := &BenchScope{}
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		mk := func(parent int64, name string, typ zhifa.AgencyType, level zhifa.AgencyLevel) (*zhifa.Agency, error) {
			a := &zhifa.Agency{ParentID: parent, Name: name, Level: level, Type: typ, RegionCode: "370000"}
			return a, tx.CreateAgency(ctx, a)
		}
		gov, err := mk(0, "山东省人民政府", zhifa.AgencyGovernment, zhifa.LevelProvince)
		if err != nil {
			return err
		}
		justice, err := mk(gov.ID, "山东省司法厅", zhifa.AgencyAdministrative, zhifa.LevelProvince)
		if err != nil {
			return err
		}
		sc.Root, sc.Justice = gov.Path, justice.ID
		for c := range 12 {
			city, err := mk(gov.ID, fmt.Sprintf("第%d市人民政府", c+1), zhifa.AgencyGovernment, zhifa.LevelCity)
			if err != nil {
				return err
			}
			cj, err := mk(city.ID, fmt.Sprintf("第%d市司法局", c+1), zhifa.AgencyAdministrative, zhifa.LevelCity)
			if err != nil {
				return err
			}
			if c == 0 {
				sc.City = city.Path
			}
			for k := range 6 {
				bu, err := mk(city.ID, fmt.Sprintf("第%d市第%d局", c+1, k+1), zhifa.AgencyAdministrative, zhifa.LevelCity)
				if err != nil {
					return err
				}
				sc.Bureaus = append(sc.Bureaus, BenchBureau{ID: bu.ID, JusticeID: cj.ID, Path: bu.Path})
			}
		}
		for i := range 100 {
			it := &zhifa.Item{Code: fmt.Sprintf("SUP-%03d", i), Name: "销售不符合安全标准的" + trades[i%len(trades)],
				Category: zhifa.CatPenalty, AgencyID: sc.Bureaus[i%len(sc.Bureaus)].ID}
			if err := tx.CreateItem(ctx, it, ""); err != nil {
				return err
			}
			sc.Items = append(sc.Items, BenchItem{it.ID, it.Name})
		}
		for i := range 300 {
			off := &zhifa.Officer{AgencyID: sc.Bureaus[i%len(sc.Bureaus)].ID, Name: fmt.Sprintf("执法员%03d", i), Active: true}
			if err := tx.CreateOfficer(ctx, off); err != nil {
				return err
			}
			sc.Officers = append(sc.Officers, off.ID)
		}
		return nil
	})
	return sc, err
}

// fillSupProvince writes the users, cases and supervision rows of a province of n cases
// under sc.
func fillSupProvince(ctx context.Context, db *DB, n int, sc *BenchScope) (*BenchProvince, error) {
	p := &BenchProvince{N: n, Today: zhifa.MustDate("2026-06-01"), Root: sc.Root, City: sc.City, Justice: sc.Justice}
	var ids benchIDs
	var users []int64
	err := db.Update(ctx, func(ztx zhifa.Tx) error {
		for _, m := range []struct {
			table string
			max   *int64
		}{{"cases", &ids.cases}, {"complaints", &ids.complaints}, {"social_supervisors", &ids.supervisors},
			{"file_evaluations", &ids.evaluations}, {"reconsiderations", &ids.reconsiderations}} {
			if err := ztx.(*tx).queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+m.table).Scan(m.max); err != nil {
				return err
			}
		}
		// 60 social supervisors' accounts and 20 supervisors who evaluate files.
		for i := range 80 {
			role := zhifa.RoleSupervisor
			if i < 60 {
				role = zhifa.RoleSocialSupervisor
			}
			u := &zhifa.User{Login: fmt.Sprintf("sup%03d", i), Name: fmt.Sprintf("监督%03d", i), Role: role, AgencyID: sc.Justice}
			if err := ztx.CreateUser(ctx, u); err != nil {
				return err
			}
			users = append(users, u.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	bureaus, items, officers := sc.Bureaus, sc.Items, sc.Officers
	for _, bu := range bureaus {
		p.Bureaus = append(p.Bureaus, bu.ID)
	}
	p.Bureau, p.BureauPath, p.Officer, p.Item, p.Evaluator = bureaus[0].ID, bureaus[0].Path, officers[0], items[0].ID, users[60]
	p.MidCase = ids.cases + int64(n/2)
	// The maps from a case's number to its bureau, item and officers, joined by the fill.
	s := supSQL{db.engine}
	var maps []string
	maps = append(maps, `CREATE TABLE bench_bureau (k INTEGER PRIMARY KEY, agency_id BIGINT NOT NULL, justice_id BIGINT NOT NULL, path TEXT NOT NULL,
		reviewer_id BIGINT NOT NULL)`,
		`CREATE TABLE bench_item (k INTEGER PRIMARY KEY, item_id BIGINT NOT NULL, name TEXT NOT NULL)`,
		`CREATE TABLE bench_officer (k INTEGER PRIMARY KEY, officer_id BIGINT NOT NULL)`,
		`CREATE TABLE bench_user (k INTEGER PRIMARY KEY, user_id BIGINT NOT NULL)`)
	for k, bu := range bureaus {
		maps = append(maps, fmt.Sprintf(`INSERT INTO bench_bureau VALUES (%d, %d, %d, '%s', %d)`, k, bu.ID, bu.JusticeID, bu.Path, bu.ReviewerID))
	}
	for k, it := range items {
		maps = append(maps, fmt.Sprintf(`INSERT INTO bench_item VALUES (%d, %d, '%s')`, k, it.ID, strings.ReplaceAll(it.Name, "'", "''")))
	}
	for k, id := range officers {
		maps = append(maps, fmt.Sprintf(`INSERT INTO bench_officer VALUES (%d, %d)`, k, id))
	}
	for k, id := range users {
		maps = append(maps, fmt.Sprintf(`INSERT INTO bench_user VALUES (%d, %d)`, k, id))
	}
	scale, err := scaleMaps(ctx, db, sc)
	if err != nil {
		return nil, err
	}
	if err := supExec(ctx, db, append(maps, scale...)); err != nil {
		return nil, err
	}
	np := len(benchParties())
	nb, ni, no := len(bureaus), len(items), len(officers)
	open := n - n/50 // cases above this number are still open
	// A case i: its bureau, item, officers, filing day d and decision day dd.
	d := fmt.Sprintf("((i - 1) * 1800 / %d)", n)
	dd := "(" + d + " + 20 + i % 40)"
	join := fmt.Sprintf(` JOIN bench_bureau b ON b.k = i %% %d JOIN bench_item it ON it.k = (i * 7) %% %d
		JOIN bench_officer o ON o.k = i %% %d`, nb, ni, no)
	kind := `CASE WHEN i % 20 < 17 THEN 'penalty' WHEN i % 20 < 19 THEN 'inspection' ELSE 'compulsory' END`
	outcome := fmt.Sprintf(`CASE WHEN i > %d THEN 'none' WHEN i %% 20 >= 17 THEN 'none' WHEN i %% 20 = 3 THEN 'no_penalty'
		WHEN i %% 50 = 7 THEN 'withdrawn' ELSE 'penalty' END`, open)
	decided := fmt.Sprintf(`i <= %d AND i %% 20 < 17 AND i %% 20 <> 3 AND i %% 50 <> 7`, open) // penalty decisions
	// cid is case i's id, after the store's own cases.
	cid := fmt.Sprintf("(i + %d)", ids.cases)
	number := `'鲁罚〔' || CAST(` + s.year(d) + ` AS TEXT) || '〕' || CAST(i AS TEXT) || '号'`
	for lo := 1; lo <= n; lo += supBatch {
		hi := min(lo+supBatch-1, n)
		w := series(lo, hi)
		stmts := []string{
			`INSERT INTO cases (id, agency_id, number, year, seq, kind, procedure, item_id, officer_ids, stage, outcome, state,
				clocks, next_due, version, created_by, created_at, updated_at)` + s.ids() + ` ` + w + `
			SELECT ` + cid + `, b.agency_id, ` + number + `, ` + s.year(d) + `, ` + cid + `,
				` + kind + `, 'ordinary', it.item_id, '[' || CAST(o.officer_id AS TEXT) || ']',
				CASE WHEN i > ` + fmt.Sprint(open) + ` THEN 'investigate' ELSE 'archive' END, ` + outcome + `, '{}', '[]',
				CASE WHEN i > ` + fmt.Sprint(open) + ` THEN ` + s.day(d+" + 60") + ` END, 1, 1, ` + s.stamp(d) + `, ` + s.stamp(d) + `
			FROM s` + join,
			// The officers handling each case, as indexCaseOfficers writes them.
			`INSERT INTO case_officers (officer_id, case_id) ` + w + `
			SELECT o.officer_id, ` + cid + ` FROM s` + join,
			// The decision and the closing of every closed case, as Act writes them.
			`INSERT INTO case_events (case_id, at, from_stage, to_stage, action, actor_id, actor, acted_on) ` + w + `
			SELECT ` + cid + `, ` + s.stamp(dd) + `, 'decide', 'execute', 'decide', 1, '负责人', ` + s.day(dd) + ` FROM s WHERE ` + decided,
			`INSERT INTO case_events (case_id, at, from_stage, to_stage, action, actor_id, actor, acted_on) ` + w + `
			SELECT ` + cid + `, ` + s.stamp(d+" + 1") + `, 'investigate', 'investigate', 'seize', 1, '执法员', ` + s.day(d+" + 1") + `
			FROM s WHERE i % 20 = 19 AND i <= ` + fmt.Sprint(open),
			`INSERT INTO case_events (case_id, at, from_stage, to_stage, action, actor_id, actor, acted_on) ` + w + `
			SELECT ` + cid + `, ` + s.stamp(dd+" + 30") + `, 'execute', 'close',
				CASE WHEN i % 20 = 3 AND i % 20 < 17 THEN 'no_penalty' WHEN i % 50 = 7 AND i % 20 < 17 THEN 'withdraw' ELSE 'close' END,
				1, '负责人', ` + s.day(dd+" + 30") + ` FROM s WHERE i <= ` + fmt.Sprint(open),
			`INSERT INTO case_stats (case_id, agency_id, filed_month, kind, stage, item_id, fine_fen, on_time, acted_on,
				penalty_mask, confiscate_fen, hearing_on, initiation, service_due, served_on) ` + w + `
			SELECT ` + cid + `, b.agency_id, ` + s.month(d) + `, ` + kind + `,
				CASE WHEN i > ` + fmt.Sprint(open) + ` THEN 'investigate' ELSE 'archive' END, it.item_id,
				CASE WHEN ` + decided + ` THEN (1 + i % 50) * 100000 ELSE 0 END,
				CASE WHEN ` + decided + ` THEN CASE WHEN i % 25 = 0 THEN 0 ELSE 1 END END,
				CASE WHEN ` + decided + ` THEN ` + s.day(dd) + ` WHEN i % 20 = 19 THEN ` + s.day(d+" + 1") + ` ELSE ` + s.day(d) + ` END,
				CASE WHEN ` + decided + ` THEN 2 ELSE 0 END, 0, NULL, '',
				CASE WHEN ` + decided + ` THEN ` + s.day(dd+" + 7") + ` END,
				CASE WHEN ` + decided + ` THEN ` + s.day(dd+" + 3 + (i % 30) / 29 * 10") + ` END
			FROM s` + join,
			`INSERT INTO case_fines (case_id, item_id, level, fine_fen, decided_on, scope_id) ` + w + `
			SELECT ` + cid + `, it.item_id, CASE WHEN i % 3 = 0 THEN 'heavier' ELSE 'general' END, (1 + i % 50) * 100000, ` + s.day(dd) + `, b.agency_id
			FROM s` + join + ` WHERE ` + decided,
			`INSERT INTO case_endings (case_id, officer_id, outcome, ended_on) ` + w + `
			SELECT ` + cid + `, o.officer_id, CASE WHEN i % 20 = 3 THEN 'no_penalty' ELSE 'withdrawn' END, ` + s.day(dd+" + 30") + `
			FROM s` + join + ` WHERE i <= ` + fmt.Sprint(open) + ` AND i % 20 < 17 AND (i % 20 = 3 OR i % 50 = 7)`,
			`INSERT INTO av_steps (case_id, agency_id, action, act, acted_on, recorded) ` + w + `
			SELECT ` + cid + `, b.agency_id, 'seize', 'seize', ` + s.day(d+" + 1") + `, i % 200 <> 19
			FROM s` + join + ` WHERE i % 20 = 19 AND i <= ` + fmt.Sprint(open),
			`INSERT INTO case_records (case_id, kind, title, act, created_at, created_by) ` + w + `
			SELECT ` + cid + `, 'av', '查封现场执法记录', 'seize', ` + s.stamp(d+" + 1") + `, 1
			FROM s WHERE i % 20 = 19 AND i % 200 <> 19 AND i <= ` + fmt.Sprint(open),
			// Major decisions: filed with the justice bureau, reviewed before.
			`INSERT INTO filings (case_id, case_number, agency_id, kind, to_agency_id, reasons, summary, decided_on, due, filed_at,
				late, status, version, reviewed) ` + w + `
			SELECT ` + cid + `, '鲁罚' || CAST(i AS TEXT), b.agency_id, 'penalty', b.justice_id, '[]', '重大执法决定', ` + s.day(dd) + `,
				` + s.day(dd+" + 15") + `, ` + s.stamp(dd+" + 5") + `, i % 330 = 0, CASE WHEN i % 3 = 0 THEN 'reviewed' ELSE 'filed' END, 1,
				i % 660 <> 33
			FROM s` + join + ` WHERE ` + decided + ` AND i % 33 = 0`,
			`INSERT INTO review_rounds (case_id, agency_id, round, status, reviewer_id, due_on, data, created_at, updated_at, opinion_on) ` + w + `
			SELECT ` + cid + `, b.agency_id, 1, CASE WHEN i % 660 = 33 THEN 'returned' ELSE 'passed' END, 1, ` + s.day(dd+" - 2") + `, '{}',
				` + s.stamp(dd+" - 10") + `, ` + s.stamp(dd+" - 3") + `, ` + s.day(dd+" - 3") + `
			FROM s` + join + ` WHERE ` + decided + ` AND i % 33 = 0`,
			`INSERT INTO publications (agency_id, agency_path, case_id, case_number, item_id, item_name, category, status, decided_on,
				due, public_party, conclusion, published_on, display_until, created_at, updated_at) ` + w + `
			SELECT b.agency_id, b.path, ` + cid + `, '鲁罚' || CAST(i AS TEXT), it.item_id, it.name, 'penalty', 'published', ` + s.day(dd) + `,
				` + s.day(dd+" + 7") + `, '某某公司', '罚款', ` + s.day(dd+" + 5 + (i % 40) / 39 * 5") + `, ` + s.day(dd+" + 1095") + `,
				` + s.stamp(dd) + `, ` + s.stamp(dd) + `
			FROM s` + join + ` WHERE ` + decided,
		}
		if err := supExec(ctx, db, append(stmts, scaleBatch(s, w, join, cid, number, np)...)); err != nil {
			return nil, err
		}
	}
	if err := supExec(ctx, db, scaleOpenCases(s, n, open, benchToday, ids.cases)); err != nil {
		return nil, err
	}
	if err := db.recountSearchTerms(ctx); err != nil {
		return nil, err
	}
	if err := fillSupMatters(ctx, db, s, p, n, nb, ids); err != nil {
		return nil, err
	}
	drop := []string{`DROP TABLE bench_bureau`, `DROP TABLE bench_item`, `DROP TABLE bench_officer`, `DROP TABLE bench_user`,
		`DROP TABLE bench_party`, `DROP TABLE bench_term`, `DROP TABLE bench_doc`}
	if db.engine == EnginePostgres {
		for _, t := range []string{"cases", "complaints", "social_supervisors", "file_evaluations", "reconsiderations"} {
			drop = append(drop, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`)
		}
	}
	if err := supExec(ctx, db, drop); err != nil {
		return nil, err
	}
	err = db.View(ctx, func(ztx zhifa.Tx) error {
		return ztx.(*tx).queryRow(ctx, `SELECT number FROM complaints WHERE id = $1`, ids.complaints+int64(n/40)).Scan(&p.Complaint)
	})
	return p, err
}

// fillSupMatters writes the supervision rows of a province of n cases: complaints (5%
// of the cases), 60 social supervisors with remarks (1%), problems (0.5%), an evaluation
// a year of 200 files, reconsiderations and lawsuits (1%) with a fault review for each
// correcting outcome, licences (20%), analytic warnings (2%) and an assessment run.
func fillSupMatters(ctx context.Context, db *DB, s supSQL, p *BenchProvince, n, nb int, ids benchIDs) error {
	open := n - n/50
	nc := n / 20
	applicant, err := db.pii.seal(adReconApplicant, "某某公司")
	if err != nil {
		return err
	}
	cd := fmt.Sprintf("((i - 1) * 1800 / %d)", nc)
	bj := fmt.Sprintf(` JOIN bench_bureau b ON b.k = i %% %d`, nb)
	// cid is the id of the case numbered by the expression x.
	cid := func(x string) string { return fmt.Sprintf("(%d + %s)", ids.cases, x) }
	stmts := []string{
		// Complaints: the newest 5% still being handled (a tenth of them overdue), the rest
		// replied or refused; a tenth about an officer's conduct; targets repeat.
		`INSERT INTO complaints (id, number, code_hash, kind, subject, channel, agency_id, target, content, named, state,
			received_on, decided_on, replied_on, case_id, clocks, next_due, version, created_at, updated_at, about_agency_id, finding)` + s.ids() + ` ` +
			series(1, nc) + `
		SELECT i + ` + fmt.Sprint(ids.complaints) + `, 'TS' || CAST(` + fmt.Sprint(100000000+ids.complaints) + ` + i AS TEXT), '', CASE WHEN i % 2 = 0 THEN 'complaint' ELSE 'report' END,
			CASE WHEN i % 10 = 0 THEN 'conduct' ELSE 'enterprise' END, CASE WHEN i % 3 = 0 THEN '12345' ELSE 'portal' END,
			b.agency_id, '某某商店' || CAST(i % ` + fmt.Sprint(max(1, nc/10)) + ` AS TEXT), '投诉内容', i % 2 = 0,
			CASE WHEN i > ` + fmt.Sprint(nc-nc/20) + ` THEN CASE WHEN i % 2 = 0 THEN 'received' ELSE 'accepted' END
				WHEN i % 7 = 0 THEN 'refused' ELSE 'replied' END,
			` + s.day(cd) + `, ` + s.day(cd+" + 5") + `,
			CASE WHEN i <= ` + fmt.Sprint(nc-nc/20) + ` AND i % 7 <> 0 THEN ` + s.day(cd+" + 30") + ` END,
			CASE WHEN i % 50 = 0 THEN ` + cid("i * 20") + ` END, '[]',
			CASE WHEN i > ` + fmt.Sprint(nc-nc/20) + ` THEN ` + s.day(cd+" + 7 - (i % 10) / 9 * 40") + ` END, 1,
			` + s.stamp(cd) + `, ` + s.stamp(cd) + `, CASE WHEN i % 10 = 0 THEN b.agency_id ELSE 0 END,
			CASE WHEN i % 10 = 0 AND i <= ` + fmt.Sprint(nc-nc/20) + ` THEN CASE WHEN i % 30 = 0 THEN 'upheld' ELSE 'unfounded' END ELSE '' END
		FROM s` + bj,
		`INSERT INTO social_supervisors (id, agency_id, user_id, name, work_unit, term_from, term_to, on_roster, created_by, version,
			created_at)` + s.ids() + ` ` + series(0, 59) + `
		SELECT i + ` + fmt.Sprint(ids.supervisors+1) + `, b.justice_id, u.user_id, '监督员' || CAST(i AS TEXT), '某单位', '2024-01-01', '2026-12-31', TRUE, 1, 1, ` + s.stamp("0") + `
		FROM s JOIN bench_user u ON u.k = i` + bj,
		`INSERT INTO social_remarks (supervisor_id, agency_id, agency_path, case_id, accompanied_on, text, reply, replied_by,
			replied_on, version, created_at) ` + series(1, n/100) + `
		SELECT ` + fmt.Sprint(ids.supervisors+1) + ` + i % 60, b.agency_id, b.path, ` + cid("i * 100 - 1") + `, ` + s.day(fmt.Sprintf("(i - 1) * 1800 / %d", n/100)) + `, '执法过程规范',
			CASE WHEN i % 5 = 0 THEN '' ELSE '已整改' END, CASE WHEN i % 5 = 0 THEN 0 ELSE 1 END,
			CASE WHEN i % 5 <> 0 THEN ` + s.day(fmt.Sprintf("(i - 1) * 1800 / %d + 10", n/100)) + ` END, 1,
			` + s.stamp(fmt.Sprintf("(i - 1) * 1800 / %d", n/100)) + `
		FROM s JOIN bench_bureau b ON b.k = (i * 100 - 1) % ` + fmt.Sprint(nb),
		`INSERT INTO problems (agency_id, bureau_id, source, source_id, title, detail, state, opened_on, due_on, version, created_at,
			updated_at) ` + series(1, n/200) + `
		SELECT b.agency_id, b.justice_id, 'evaluation', i, '案卷不规范', '整改', CASE WHEN i > ` + fmt.Sprint(n/200-n/2000) + `
			THEN CASE WHEN i % 2 = 0 THEN 'open' ELSE 'reported' END ELSE 'accepted' END,
			` + s.day(fmt.Sprintf("(i - 1) * 1800 / %d", n/200)) + `, ` + s.day(fmt.Sprintf("(i - 1) * 1800 / %d + 60", n/200)) + `, 1,
			` + s.stamp("0") + `, ` + s.stamp("0") + `
		FROM s` + bj,
		`INSERT INTO file_evaluations (id, agency_id, title, agency_ids, kinds, period_from, period_to, standard_version, items, seed,
			population, sample_size, rectify_days, published_on, created_by, version, created_at, updated_at)` + s.ids() + ` ` + series(1, 5) + `
		SELECT i + ` + fmt.Sprint(ids.evaluations) + `, ` + fmt.Sprint(p.Justice) + `, '年度案卷评查', '[]', '["penalty"]', ` + s.day("(i - 1) * 365") + `,
			` + s.day("i * 365 - 1") + `, 1, '[]', 'seed', ` + fmt.Sprint(n/5) + `, 200, 30, ` + s.day("i * 365 + 60") + `, 1, 1,
			` + s.stamp("i * 365") + `, ` + s.stamp("i * 365") + `
		FROM s`,
		`INSERT INTO eval_cases (evaluation_id, case_id, agency_id, draw_rank, evaluator_id, scores, score, grade, scored_on, version) ` +
			series(0, 999) + `
		SELECT ` + fmt.Sprint(ids.evaluations+1) + ` + i / 200, c.id, c.agency_id, i % 200, u.user_id, '[]', 60 + i % 40,
			CASE WHEN i % 40 < 5 THEN 'fail' WHEN i % 40 > 30 THEN 'excellent' ELSE 'pass' END, ` + s.day("(1 + i / 200) * 365 + 30") + `, 1
		FROM s JOIN cases c ON c.id = ` + fmt.Sprintf("%d + (i / 200) * %d + (i %% 200) * %d", ids.cases+1, n/5, max(1, n/5/200)) + `
			JOIN bench_user u ON u.k = 60 + i % 20`,
		`INSERT INTO reconsiderations (id, case_id, agency_id, kind, applicant_enc, body, received_on, instance, outcome, outcome_on,
			clocks, version, created_at, updated_at)` + s.ids() + ` ` + series(1, n/100) + `
		SELECT i + ` + fmt.Sprint(ids.reconsiderations) + `, c.id, c.agency_id, CASE WHEN i % 3 = 0 THEN 'litigation' ELSE 'reconsideration' END, '` + applicant + `', '某市人民政府',
			` + s.day(fmt.Sprintf("(i * 100 - 1) * 1800 / %d + 60", n)) + `, CASE WHEN i % 3 = 0 THEN 1 ELSE 0 END,
			CASE WHEN i * 100 > ` + fmt.Sprint(open) + ` THEN '' WHEN i % 5 = 0 THEN 'revoke' WHEN i % 5 = 1 THEN 'change' ELSE 'uphold' END,
			CASE WHEN i * 100 <= ` + fmt.Sprint(open) + ` THEN ` + s.day(fmt.Sprintf("(i * 100 - 1) * 1800 / %d + 120", n)) + ` END,
			'[]', 1, ` + s.stamp("0") + `, ` + s.stamp("0") + `
		FROM s JOIN cases c ON c.id = ` + cid("i * 100"),
		`INSERT INTO fault_reviews (case_id, agency_id, state, reason, responsible, grounds, opened_by, opened_on, version,
			created_at, updated_at)
		SELECT r.case_id, r.agency_id, 'decided', '行政复议决定撤销', '[]', '[]', 1, r.outcome_on, 1, r.created_at, r.updated_at
		FROM reconsiderations r WHERE r.outcome IN ('revoke', 'change')`,
		`INSERT INTO licences (agency_id, agency_path, item_id, item_name, number, decision, applicant_kind, applicant_name,
			content, decided_on, office, source, source_id, digest, created_at, updated_at) ` + series(1, n/5) + `
		SELECT b.agency_id, b.path, it.item_id, it.name, 'XK' || CAST(i AS TEXT),
			CASE WHEN i % 20 = 0 THEN 'refuse' WHEN i % 20 = 1 THEN 'change' ELSE 'grant' END, 'org', '某某公司', '准予许可',
			` + s.day(fmt.Sprintf("(i - 1) * 1800 / %d", n/5)) + `, '', 'bench', CAST(i AS TEXT), '',
			` + s.stamp(fmt.Sprintf("(i - 1) * 1800 / %d", n/5)) + `, ` + s.stamp(fmt.Sprintf("(i - 1) * 1800 / %d", n/5)) + `
		FROM s` + bj + fmt.Sprintf(` JOIN bench_item it ON it.k = i %% 100`),
		`INSERT INTO analysis_warnings (kind, subject, agency_id, rule, finding, evidence, state, reason, deadline, version,
			created_at, updated_at) ` + series(1, n/50) + `
		SELECT CASE i % 8 WHEN 0 THEN 'fine_outlier' WHEN 1 THEN 'repeated_endings' WHEN 2 THEN 'long_no_penalty'
				WHEN 3 THEN 'outside_certificate' WHEN 4 THEN 'idle_item' WHEN 5 THEN 'complaint_cluster' WHEN 6 THEN 'missing_review'
				ELSE 'missing_av' END, 'case:' || CAST(i AS TEXT), b.agency_id, '规则', '发现', '[]',
			CASE WHEN i > ` + fmt.Sprint(n/50-n/500) + ` THEN CASE i % 3 WHEN 0 THEN 'open' WHEN 1 THEN 'explained' ELSE 'escalated' END
				ELSE 'closed' END, '', CASE WHEN i % 3 = 2 THEN ` + s.day("1800") + ` END, 1,
			` + s.stamp(fmt.Sprintf("(i - 1) * 1800 / %d", n/50)) + `, ` + s.stamp(fmt.Sprintf("(i - 1) * 1800 / %d", n/50)) + `
		FROM s` + bj,
	}
	if err := supExec(ctx, db, stmts); err != nil {
		return err
	}
	p.Supervisor, p.Evaluation, p.Case = ids.supervisors+1, ids.evaluations+5, ids.cases+500
	return db.Update(ctx, func(tx zhifa.Tx) error {
		// A seeded store keeps its own assessment: its run is the one read.
		runs, err := tx.AssessmentRuns(ctx, zhifa.AssessmentRunFilter{UnderPath: p.Root, Limit: 1})
		if err != nil {
			return err
		}
		if len(runs) > 0 {
			p.Run = runs[0].ID
			return nil
		}
		scheme := &zhifa.AssessmentScheme{AgencyID: p.Justice, Year: 2025, Name: "评议考核方案", Excellent: 90, Good: 80, Pass: 60,
			Indicators: []zhifa.AssessmentIndicator{{Key: zhifa.IndDecisionOnTime, Name: "按期作出决定", Points: 100, Full: 1}}, CreatedBy: 1}
		if err := tx.AddAssessmentScheme(ctx, scheme); err != nil {
			return err
		}
		run := &zhifa.AssessmentRun{AgencyID: p.Justice, ScopePath: p.Root, Year: 2025, SchemeID: scheme.ID,
			SchemeVersion: scheme.Version, Status: zhifa.AssessmentDraft, AsOf: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), CreatedBy: 1}
		if err := tx.AddAssessmentRun(ctx, run); err != nil {
			return err
		}
		p.Run = run.ID
		return nil
	})
}

// supExec runs the statements in order, each in its own transaction.
func supExec(ctx context.Context, db *DB, stmts []string) error {
	for _, q := range stmts {
		if err := db.Update(ctx, func(ztx zhifa.Tx) error {
			_, err := ztx.(*tx).exec(ctx, q)
			return err
		}); err != nil {
			return fmt.Errorf("%.120s…: %w", strings.Join(strings.Fields(q), " "), err)
		}
	}
	return nil
}

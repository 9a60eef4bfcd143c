package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"zhifa"
)

// What BenchmarkScale's targets read beyond the supervision rows (issue 11): every case
// has a party (three in four a company with its 统一社会信用代码, the rest a person,
// without an ID number) and its search text (caseDocText) with the postings of the
// party's and the officer's names (docTerms). The bigrams of the 案号 and of the item's
// code and name, which every case of an item or a year shares, are left out: they are
// most of a real store's postings (fifty a case for the demo's items) and would triple
// the fill, while the searches measured go by a party's word, a whole 案号
// (cases_number) or a credit code (case_parties_credit). The open cases run their
// clocks: the decision period of every open case (one in forty already short), the
// legal review of one in a hundred (a pending round in its bureau reviewer's queue, due
// around today: a major decision is one in thirty, and its review takes a few of a
// case's months) and the party's statement period of one in ten.

// benchOrgWords and benchOrgTrades make the 1,000 company names 东港市<word><trade>有限公司:
// a word is shared by 1 case in 53, as a trade name is in a province.
var (
	benchOrgWords = []string{"华盛", "鑫源", "恒泰", "瑞丰", "金鼎", "宏达", "永安", "隆昌", "新宇", "博远",
		"天成", "海润", "福顺", "嘉禾", "中科", "万通", "正大", "富康", "龙腾", "信诚", "东方", "明珠", "长青", "凯旋",
		"宝丰", "盛世", "兴旺", "和美", "安康", "广源", "德润", "高新", "力达", "聚丰", "同创", "景泰", "君悦", "汇通",
		"国信", "百川"}
	benchOrgTrades = []string{"食品", "商贸", "餐饮", "建材", "物流", "医药", "电子", "服装", "科技", "实业", "贸易",
		"化工", "机械", "农业", "酒店", "超市", "药房", "印刷", "装饰", "汽修", "五金", "家具", "茶业", "水产", "粮油"}
	benchSurnames   = []rune("张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高")
	benchGivenNames = []rune("伟芳娜敏静磊强军洋勇")
)

// benchParty is one of the parties the cases are filed against.
type benchParty struct {
	name string
	org  bool
}

// benchParties are the companies, then the persons: three in four parties are companies.
func benchParties() []benchParty {
	var out []benchParty
	for _, w := range benchOrgWords {
		for _, t := range benchOrgTrades {
			out = append(out, benchParty{"东港市" + w + t + "有限公司", true})
		}
	}
	orgs := len(out)
	for len(out) < orgs*4/3 {
		k := len(out) - orgs
		s, g := benchSurnames[k%len(benchSurnames)], benchGivenNames[(k/len(benchSurnames))%len(benchGivenNames)]
		out = append(out, benchParty{string([]rune{s, g}), false})
	}
	return out
}

// scaleMaps are the statements creating the fill's tables of parties and postings: the
// bigrams of each party's, item's and officer's part of the search text, written per
// case by joins instead of per case in Go.
func scaleMaps(ctx context.Context, db *DB, sc *BenchScope) ([]string, error) {
	codes, officers := map[int64]string{}, map[int64]string{}
	err := db.View(ctx, func(ztx zhifa.Tx) error {
		t := ztx.(*tx)
		for _, q := range []struct {
			sql string
			m   map[int64]string
		}{{`SELECT id, code FROM items`, codes}, {`SELECT id, name FROM officers`, officers}} {
			rows, err := t.query(ctx, q.sql)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				var v string
				if err := rows.Scan(&id, &v); err != nil {
					rows.Close()
					return err
				}
				q.m[id] = v
			}
			if err := rows.Close(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	quote := func(v string) string { return "'" + strings.ReplaceAll(v, "'", "''") + "'" }
	stmts := []string{
		`CREATE TABLE bench_party (k INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL)`,
		`CREATE TABLE bench_term (part TEXT NOT NULL, k INTEGER NOT NULL, term TEXT NOT NULL, PRIMARY KEY (part, k, term))`,
		`CREATE TABLE bench_doc (part TEXT NOT NULL, k INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (part, k))`,
	}
	addPart := func(part string, k int, doc string) {
		stmts = append(stmts, fmt.Sprintf(`INSERT INTO bench_doc VALUES ('%s', %d, %s)`, part, k, quote(doc)))
		for _, term := range docTerms(doc) {
			stmts = append(stmts, fmt.Sprintf(`INSERT INTO bench_term VALUES ('%s', %d, %s)`, part, k, quote(term)))
		}
	}
	for k, p := range benchParties() {
		kind := zhifa.PartyPerson
		if p.org {
			kind = zhifa.PartyOrg
		}
		stmts = append(stmts, fmt.Sprintf(`INSERT INTO bench_party VALUES (%d, '%s', %s)`, k, kind, quote(p.name)))
		addPart("party", k, foldText(p.name))
	}
	for k, it := range sc.Items {
		stmts = append(stmts, fmt.Sprintf(`INSERT INTO bench_doc VALUES ('item', %d, %s)`, k, quote(foldLines([]string{codes[it.ID], it.Name}))))
	}
	for k, id := range sc.Officers {
		addPart("officer", k, foldText(officers[id]))
	}
	return stmts, nil
}

// scaleBatch are the statements writing the parties, search texts and postings of the
// cases of the series w: case i's party is bench_party (i * 31) mod np, its item and
// officer those of fillSupProvince's join.
func scaleBatch(s supSQL, w, join, cid, number string, np int) []string {
	party := fmt.Sprintf(` JOIN bench_party p ON p.k = (i * 31) %% %d`, np)
	docs := ` JOIN bench_doc di ON di.part = 'item' AND di.k = it.k JOIN bench_doc dp ON dp.part = 'party' AND dp.k = p.k
		JOIN bench_doc dof ON dof.part = 'officer' AND dof.k = o.k`
	credit := "'91370000' || " + s.digits("i", 10)
	terms := func(part, key string) string {
		return `SELECT t.term, ` + cid + ` FROM s` + join + party + ` JOIN bench_term t ON t.part = '` + part + `' AND t.k = ` + key
	}
	return []string{
		`INSERT INTO case_parties (case_id, seq, kind, name, credit_code) ` + w + `
		SELECT ` + cid + `, 1, p.kind, p.name, CASE WHEN p.kind = 'org' THEN ` + credit + ` ELSE '' END FROM s` + join + party,
		`INSERT INTO case_search (case_id, doc) ` + w + `
		SELECT ` + cid + `, ` + number + ` || '` + "\n" + `' || di.doc || '` + "\n" + `' || dp.doc || '` + "\n" + `' || dof.doc
		FROM s` + join + party + docs,
		// The parts' bigrams may repeat across parts: UNION writes each once.
		`INSERT INTO case_terms (term, case_id) ` + w + terms("party", "p.k") + ` UNION ` + terms("officer", "o.k"),
	}
}

// digits is the integer expression x as text of n digits, zero-padded.
func (s supSQL) digits(x string, n int) string {
	if s.engine == EnginePostgres {
		return fmt.Sprintf("lpad(CAST(%s AS TEXT), %d, '0')", x, n)
	}
	return fmt.Sprintf("substr('%s' || CAST(%s AS TEXT), -%d, %d)", strings.Repeat("0", n), x, n, n)
}

// scaleOpenCases are the statements giving the open cases (numbers above open, filed on
// day d) their running clocks, as the application's clocks (law.DecisionClock and the
// review and statement periods) on the case row, in case_clocks and as next_due
// (law.NextDue: the statement period is the party's and does not count), and the
// pending review rounds of those in legal review. today is the province's day offset;
// base the id of case 0.
func scaleOpenCases(s supSQL, n, open, today int, base int64) []string {
	x := openExprs(s, n, today, "i")
	cid := fmt.Sprintf("(i + %d)", base)
	w := series(open+1, n)
	row := openExprs(s, n, today, fmt.Sprintf("CAST(id - %d AS INTEGER)", base))
	stat := openExprs(s, n, today, fmt.Sprintf("CAST(case_id - %d AS INTEGER)", base))
	inRange := fmt.Sprintf(" BETWEEN %d AND %d", base+int64(open)+1, base+int64(n))
	return []string{
		`UPDATE cases SET stage = ` + row.stage + `, clocks = ` + row.clocks + `, next_due = ` + row.nextDue + ` WHERE id` + inRange,
		`UPDATE case_stats SET stage = ` + stat.stage + ` WHERE case_id` + inRange,
		`INSERT INTO case_clocks (case_id, kind, due, agency_id) ` + w + `
		SELECT c.id, '` + string(zhifa.ClockDecision) + `', ` + s.day(x.decision) + `, c.agency_id FROM s JOIN cases c ON c.id = ` + cid,
		`INSERT INTO case_clocks (case_id, kind, due, agency_id) ` + w + `
		SELECT c.id, CASE WHEN ` + x.inReview + ` THEN '` + string(zhifa.ClockReview) + `' ELSE '` + string(zhifa.ClockStatement) + `' END,
			` + s.day(x.second) + `, c.agency_id FROM s JOIN cases c ON c.id = ` + cid + ` WHERE ` + x.inReview + ` OR ` + x.notified,
		// The officers' clocks, as indexOfficerClocks writes them.
		`INSERT INTO officer_clocks (officer_id, due, case_id, kind, agency_id)
		SELECT DISTINCT o.officer_id, k.due, k.case_id, k.kind, k.agency_id FROM case_clocks k JOIN case_officers o ON o.case_id = k.case_id
		WHERE k.case_id` + inRange,
		`INSERT INTO review_rounds (case_id, agency_id, round, status, reviewer_id, due_on, data, created_at, updated_at) ` + w + `
		SELECT c.id, c.agency_id, 1, '` + zhifa.ReviewPending + `', b.reviewer_id, ` + s.day(x.second) + `, '{}',
			` + s.stamp(x.second+" - 7") + `, ` + s.stamp(x.second+" - 7") + `
		FROM s JOIN cases c ON c.id = ` + cid + ` JOIN bench_bureau b ON b.agency_id = c.agency_id
		WHERE ` + x.inReview + ` AND b.reviewer_id <> 0`,
	}
}

// openCase are the expressions of an open case numbered i: the day offsets of its
// decision period's end and of its second clock's (review or statement), its stage,
// clocks and next due day.
type openCase struct{ decision, second, inReview, notified, stage, clocks, nextDue string }

func openExprs(s supSQL, n, today int, i string) openCase {
	d := fmt.Sprintf("((%s - 1) * 1800 / %d)", i, n)
	var x openCase
	// The shares are taken by runs of seven cases, i / 7: case i's bureau is i mod the
	// bureaus, and a share by i alone would fall on one bureau.
	run := fmt.Sprintf("(%s / 7)", i)
	x.decision = fmt.Sprintf("(%s + CASE WHEN %s %% 40 = 0 THEN 30 ELSE 90 END)", d, run)
	x.second = fmt.Sprintf("(%d + %s %% 9 - 3)", today, i) // due within a few days of today, some passed
	clock := func(kind zhifa.ClockKind, start, due, unit string, days int, rule string) string {
		return `'{"kind":"` + string(kind) + `","start":"' || ` + s.text(s.day(start)) + ` || '","due":"' || ` + s.text(s.day(due)) +
			` || '","unit":"` + unit + `","days":` + fmt.Sprint(days) + `,"paused":false,"extended_by":0,"provisional":false,"rule":"` +
			rule + `","done":false}'`
	}
	decision := clock(zhifa.ClockDecision, d, x.decision, zhifa.UnitCalendar, 90, "行政处罚法第六十条")
	review := clock(zhifa.ClockReview, x.second+" - 7", x.second, zhifa.UnitWorkday, 5, "本机关法制审核规定")
	statement := clock(zhifa.ClockStatement, x.second+" - 3", x.second, zhifa.UnitWorkday, 3, "行政处罚法第四十五条")
	x.inReview, x.notified = fmt.Sprintf("%s %% 100 = 1", run), fmt.Sprintf("%s %% 10 = 2", run)
	x.stage = fmt.Sprintf(`CASE WHEN %s THEN 'review' WHEN %s THEN 'notify' ELSE 'investigate' END`, x.inReview, x.notified)
	x.clocks = fmt.Sprintf(`'[' || %s || CASE WHEN %s THEN ',' || %s WHEN %s THEN ',' || %s ELSE '' END || ']'`,
		decision, x.inReview, review, x.notified, statement)
	x.nextDue = fmt.Sprintf(`CASE WHEN %s AND %s < %s THEN %s ELSE %s END`, x.inReview, x.second, x.decision, s.day(x.second), s.day(x.decision))
	return x
}

// text is the date expression x as text ("YYYY-MM-DD").
func (s supSQL) text(x string) string { return "CAST(" + x + " AS TEXT)" }

// Package demo fills an empty store with the demo city of 东港市: its government, the
// justice bureau that supervises enforcement, the market-regulation bureau and other
// enforcement bureaus with their sub-units, about sixty officers with certificates,
// yearly reviews and training, an enforcement catalog of about a hundred items whose legal
// basis is taken from the embedded law library, and the demo accounts.
//
// Everything is built through the app's use cases, as the system actor "demo", so every
// validation rule applies and every change is audited. The data is deterministic: the same
// clock gives the same data, and dates are placed relative to the app's today, so that a
// certificate that is meant to be expired is expired whenever the demo is seeded.
package demo

import (
	"context"
	"fmt"
	"sync"
	"time"

	"zhifa"
	"zhifa/app"
)

// Password is the password of every demo account.
const Password = "Demo@2026zf"

// RegionCode is the 行政区划代码 of the (fictional) city. The prefix 3718 is not assigned
// to a real city, so generated 身份证号 cannot belong to a real person.
const RegionCode = "371800"

// CityName is the name of the demo city's government, the root of the hierarchy.
const CityName = "东港市人民政府"

// Account is one demo login.
type Account struct {
	Login  string     `json:"login"`
	Role   zhifa.Role `json:"role"`
	Agency string     `json:"agency"` // name of the agency the account belongs to
}

// Accounts lists the demo logins (a stable interface, listed in README.md). The admin
// belongs to the city government so that its scope covers every agency of the city.
var Accounts = []Account{
	{Login: "admin", Role: zhifa.RoleAdmin, Agency: CityName},
	{Login: "officer1", Role: zhifa.RoleOfficer, Agency: marketBureau},
	{Login: "officer2", Role: zhifa.RoleOfficer, Agency: marketBureau},
	{Login: "reviewer1", Role: zhifa.RoleReviewer, Agency: marketBureau},
	{Login: "head1", Role: zhifa.RoleHead, Agency: marketBureau},
	{Login: "supervisor1", Role: zhifa.RoleSupervisor, Agency: justiceBureau},
	{Login: JusticeHeadLogin, Role: zhifa.RoleHead, Agency: justiceBureau}, // approves the assessment (assessment.go)
	// Social supervisors appointed by the justice bureau (socsup.go, issue 14).
	{Login: "social1", Role: zhifa.RoleSocialSupervisor, Agency: justiceBureau},
	{Login: "social2", Role: zhifa.RoleSocialSupervisor, Agency: justiceBureau},
	// The approval bureau's licensing desk and head, who publish its licence decisions
	// (licences.go, issue 13).
	{Login: LicenceOfficerLogin, Role: zhifa.RoleOfficer, Agency: approvalBureau},
	{Login: LicenceHeadLogin, Role: zhifa.RoleHead, Agency: approvalBureau},
}

// Actor is the name under which the seeder acts; it appears in the audit log.
const Actor = "demo"

// seeder carries the state of one Seed run.
type seeder struct {
	a     *app.App
	ctx   context.Context
	today zhifa.Date
	// revokedCase is the case whose decision the demo's reconsideration revoked
	// (complaints.go); fault.go decides its fault review.
	revokedCase int64
	// agencies by key (see agencySpecs).
	agencies map[string]*zhifa.Agency
	// officers created, in order; accountOfficers maps a demo login to its officer.
	officers        []*seededOfficer
	accountOfficers map[string]*seededOfficer
	certSeq         int
	// bank acts as the market bureau's bank posting payment notices (execution.go).
	bank context.Context
	// cases is what seedCases plans: the demo's own plan, or a generator's (gen.go);
	// filed counts the cases filed.
	cases casePlan
	filed int
	// crews are the province's agencies whose cases the plan files besides the market
	// bureau's (gen_province.go).
	crews []*crew
	// province is the generator's province government, the demo city's parent; nil
	// without a province.
	province *zhifa.Agency
	// rosterMu guards cases.roster, which officers created at once add to.
	rosterMu sync.Mutex
}

// Seed fills a with the demo city. The store must hold no agency yet; otherwise Seed
// changes nothing and returns an ECONFLICT error. It takes "today" from the app's clock.
func Seed(ctx context.Context, a *app.App) error {
	_, err := seed(ctx, a, casePlan{count: demoCases, seed: demoSeed, analysis: true})
	return err
}

// seed fills a with the demo city and the cases of plan, and returns the number of cases
// filed.
func seed(ctx context.Context, a *app.App, plan casePlan) (int, error) {
	sys := app.WithActor(ctx, app.SystemActor(Actor))
	existing, err := a.Personnel().Agencies(sys)
	if err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	if len(existing) > 0 {
		return 0, &zhifa.Error{Code: zhifa.ECONFLICT, Message: fmt.Sprintf("数据库中已有%d个机关，演示数据只能写入空数据库", len(existing))}
	}
	s := &seeder{
		a:               a,
		ctx:             sys,
		today:           a.Today(),
		agencies:        map[string]*zhifa.Agency{},
		accountOfficers: map[string]*seededOfficer{},
		cases:           plan,
	}
	for _, step := range []struct {
		name string
		fn   func() error
	}{
		{"passwords", s.prepareAccounts}, // the accounts' hashes, made meanwhile (gen_accounts.go)
		{"agencies", s.seedAgencies},
		{"officers", s.seedOfficers},
		{"items", s.seedItems},
		{"accounts", s.seedAccounts},
		{"review", s.seedReview},
		{"discretion", s.seedDiscretion}, // before the cases, whose proposals choose a level (B3)
		{"payments", s.seedPayments},     // the payee account and the bank's channel (execution.go)
		{"province", s.seedProvince},     // a generator's other cities and their agencies (gen_province.go)
		{"cases", s.seedCases},
		{"recording", s.seedRecording},      // the market bureau's recording list (recording.go)
		{"supervision", s.seedSupervision},  // transfers and filings (transfer.go)
		{"complaints", s.seedComplaints},    // complaints and a revoked decision (complaints.go)
		{"evaluation", s.seedEvaluation},    // last year's case-file evaluation (evaluation.go)
		{"social", s.seedSocialSupervision}, // social supervisors, remarks, a self-check (socsup.go)
		{"faults", s.seedFaults},            // the revoked decision's fault review, three problems (fault.go)
		{"remarks", s.seedRemarkProblem},    // a remark with a photo raised as a 突出问题 (remark_problem.go)
		{"publicity", s.seedPublicity},      // publication of the decisions (publicity.go)
		{"licences", s.seedLicences},        // licence decisions received and published (licences.go)
		{"report", s.seedReport},            // last year's annual report (report.go)
		{"seals", s.seedSeals},              // electronic seals (seals.go)
		{"analysis", s.seedAnalysis},        // analytic warnings and a 督办 (analysis.go)
		{"warnings", s.seedWarnings},        // the further warning kinds, a problem from one (analysis_more.go)
		{"assessment", s.seedAssessment},    // last year's assessment of agencies (assessment.go)
		{"workspace", s.seedWorkspace},      // officers' photos, notifications read (workspace.go)
	} {
		if err := step.fn(); err != nil {
			return s.filed, fmt.Errorf("demo: seed %s: %w", step.name, err)
		}
	}
	return s.filed, nil
}

// seedAccounts creates the demo logins. Officers' accounts are linked to their officer
// records and carry the officer's name; the head is the bureau's 主要负责人.
func (s *seeder) seedAccounts() error {
	for _, acc := range Accounts {
		ag := s.agencyByName(acc.Agency)
		if ag == nil {
			return fmt.Errorf("account %s: no agency %s", acc.Login, acc.Agency)
		}
		in := app.UserInput{Login: acc.Login, Role: acc.Role, AgencyID: ag.ID, Password: Password}
		switch o := s.accountOfficers[acc.Login]; {
		case o != nil:
			in.OfficerID, in.Name = o.id, o.name
		case acc.Role == zhifa.RoleHead:
			in.Name = ag.Head
		case acc.Role == zhifa.RoleSupervisor:
			in.Name = supervisorName
		case acc.Role == zhifa.RoleSocialSupervisor:
			in.Name = socialName(acc.Login)
		case acc.Login == LicenceOfficerLogin:
			in.Name = licenceDeskName
		default:
			in.Name = "系统管理员"
		}
		if _, err := s.a.CreateUser(s.ctx, in); err != nil {
			return fmt.Errorf("account %s: %w", acc.Login, err)
		}
	}
	return nil
}

// supervisorName is the person behind supervisor1, of the justice bureau's 行政执法协调监督科.
const supervisorName = "韩雪松"

func (s *seeder) agencyByName(name string) *zhifa.Agency {
	for _, ag := range s.agencies {
		if ag.Name == name {
			return ag
		}
	}
	return nil
}

// addYears returns d moved by years and days, in the civil calendar.
func addYears(d zhifa.Date, years, days int) zhifa.Date {
	return zhifa.DateOf(d.Time().AddDate(years, 0, days))
}

// dateIn returns the date of the given month and day in year.
func dateIn(year int, month time.Month, day int) zhifa.Date {
	return zhifa.Date{Year: year, Month: month, Day: day}
}

// minDate returns the earlier of two dates.
func minDate(a, b zhifa.Date) zhifa.Date {
	if a.Before(b) {
		return a
	}
	return b
}

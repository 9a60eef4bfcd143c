package demo

import (
	"context"
	"fmt"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
	"zhifa/idcode"
)

// Demo licence decisions (issue 13; REQUIREMENTS C3, C6): the city's 行政审批服务局
// concentrates the food licences, which its licensing system sends to zhifa as decisions
// are made. Its system account receives them, its officer prepares the public version two
// working days later and its head publishes it — all within the 7 working days but one,
// published late — one licence of last year is revoked (行政许可法第六十九条) and its
// publication withdrawn, and the newest waits in the queue. The bureau publishes last
// year's annual report, whose 许可 figures count these records. Each act runs on an App
// whose clock is set to its day.

// approvalBureau is the agency that decides the city's food licences.
const approvalBureau = "东港市行政审批服务局"

// Logins of the approval bureau's licensing desk and head (in Accounts).
const (
	LicenceOfficerLogin = "licence1"
	LicenceHeadLogin    = "licence_head"
)

// licenceSeed is one demo licence decision: when (days before the demo's first day of
// this year, negative for last year's), what, to whom, and how its publication goes.
type licenceSeed struct {
	lastYear   bool
	month, day int // for last year's
	daysAgo    int // for this year's
	item       string
	decision   zhifa.LicenceDecision
	org        string // a company's name, or "" for a person
	person     string
	content    string
	revokes    int  // index of the licence a 撤销 revokes, +1 (0: none)
	late       bool // published after its period
}

var licenceSeeds = []licenceSeed{
	{lastYear: true, month: 3, day: 10, item: "食品经营许可", decision: zhifa.LicenceGrant, org: "东港市海润餐饮管理有限公司",
		content: "准予从事热食类食品制售、冷食类食品制售（经营场所：东港市港城区海滨大道88号）"},
	{lastYear: true, month: 6, day: 16, item: "食品生产许可", decision: zhifa.LicenceGrant, org: "东港市鲜果多食品有限公司",
		content: "准予生产饮料（果蔬汁类及其饮料）"},
	{lastYear: true, month: 9, day: 8, item: "食品经营许可", decision: zhifa.LicenceGrant, person: "孙立华",
		content: "准予从事预包装食品销售（含冷藏冷冻食品）、散装食品销售", late: true},
	{lastYear: true, month: 10, day: 20, item: "食品生产许可", decision: zhifa.LicenceRevoke, org: "东港市鲜果多食品有限公司",
		content: "被许可人以提供虚假生产场所证明的不正当手段取得食品生产许可，依法撤销", revokes: 2},
	{lastYear: true, month: 11, day: 17, item: "食品经营许可", decision: zhifa.LicenceRefuse, person: "周建平",
		content: "经营场所与污染源距离不符合要求，不予许可"},
	{daysAgo: 30, item: "食品生产经营许可延续", decision: zhifa.LicenceRenew, org: "东港市海润餐饮管理有限公司",
		content: "准予延续食品经营许可"},
	{daysAgo: 2, item: "食品经营许可", decision: zhifa.LicenceGrant, org: "东港市渔港水产品批发有限公司",
		content: "准予从事预包装食品销售、散装食品销售"},
}

// seedLicences receives, publishes and revokes the approval bureau's licence decisions,
// then publishes the bureau's report of last year.
func (s *seeder) seedLicences() error {
	ag := s.agencyByName(approvalBureau)
	if ag == nil {
		return fmt.Errorf("no agency %s", approvalBureau)
	}
	officer, head, err := s.licenceDesk(ag)
	if err != nil {
		return err
	}
	clock := &demoClock{t: s.a.Now()}
	b := s.a.WithClock(clock.now)
	at := func(d zhifa.Date, hour int) bool {
		clock.t = d.Time().Add(time.Duration(hour) * time.Hour)
		return d.Before(s.today) || (d == s.today && hour <= 9)
	}
	numbers := make([]string, len(licenceSeeds))
	for i, ls := range licenceSeeds {
		day := s.today.AddDays(-ls.daysAgo)
		if ls.lastYear {
			day = zhifa.Date{Year: s.today.Year - 1, Month: time.Month(ls.month), Day: ls.day}
		}
		if !at(day, 9) {
			continue
		}
		in, err := s.licenceInput(ag, ls, day, i)
		if err != nil {
			return err
		}
		numbers[i] = in.Number
		if ls.revokes > 0 {
			in.Revokes = numbers[ls.revokes-1]
		}
		got, err := b.Publicity().ReceiveLicences(officer, []publicity.LicenceInput{in}, false)
		if err != nil {
			return fmt.Errorf("receive %s: %w", in.Number, err)
		}
		if err := s.publishLicence(b, at, officer, head, got[0].PublicationID, ls.late); err != nil {
			return fmt.Errorf("publish %s: %w", in.Number, err)
		}
		if ls.revokes > 0 {
			if err := s.withdrawRevoked(b, at, head, ag, numbers[ls.revokes-1], day); err != nil {
				return err
			}
		}
	}
	return s.publishLastYearReport(ag, officer, head, nil)
}

// licenceInput is the record the licensing system sends for ls, decided on day.
func (s *seeder) licenceInput(ag *zhifa.Agency, ls licenceSeed, day zhifa.Date, i int) (publicity.LicenceInput, error) {
	in := publicity.LicenceInput{AgencyID: ag.ID, ItemID: s.itemID(ag, ls.item), Decision: string(ls.decision), Content: ls.content,
		DecidedOn: day.String(), Office: ag.Name, Source: "东港市政务服务一体化平台", SourceID: fmt.Sprintf("XK-%d-%04d", day.Year, 101+i)}
	in.Number = fmt.Sprintf("东审批食许〔%d〕%d号", day.Year, 101+i)
	if in.ItemID == 0 {
		return in, fmt.Errorf("no item %s of %s", ls.item, ag.Name)
	}
	if ls.decision == zhifa.LicenceGrant || ls.decision == zhifa.LicenceRenew {
		in.ValidFrom, in.ValidUntil = day.String(), zhifa.DateOf(day.Time().AddDate(5, 0, -1)).String()
	}
	if ls.org != "" {
		n := orgIndex(ls.org) // a company keeps its code and representative across its decisions
		in.Applicant.Kind, in.Applicant.Name = zhifa.PartyOrg, ls.org
		in.Applicant.CreditCode, in.Applicant.LegalRep = creditCodeOf(9000+n), legalReps[n%len(legalReps)]
		return in, nil
	}
	id, err := idcode.NewPersonID(RegionCode, time.Date(1978+i, time.Month(1+i), 3+i, 0, 0, 0, 0, time.UTC), 500+i)
	if err != nil {
		return in, err
	}
	in.Applicant.Kind, in.Applicant.Name, in.Applicant.IDNumber = zhifa.PartyPerson, ls.person, id.String()
	return in, nil
}

// orgIndex is the index of the first seed naming the company.
func orgIndex(org string) int {
	for i, ls := range licenceSeeds {
		if ls.org == org {
			return i
		}
	}
	return 0
}

// legalReps are the demo companies' legal representatives.
var legalReps = []string{"刘海涛", "陈玉梅", "张国庆", "李文静"}

// itemID finds the agency's item by name (0 if none).
func (s *seeder) itemID(ag *zhifa.Agency, name string) int64 {
	var id int64
	_ = s.a.Store().View(s.ctx, func(tx zhifa.Tx) error {
		items, _, err := tx.Items(s.ctx, zhifa.ItemFilter{AgencyID: ag.ID, Page: zhifa.Page{Limit: 500}})
		if err != nil {
			return err
		}
		for _, it := range items {
			if it.Name == name {
				id = it.ID
			}
		}
		return nil
	})
	return id
}

// publishLicence prepares the publication two working days after the decision and
// publishes it two days later, or three working days after its period when late.
func (s *seeder) publishLicence(b *app.App, at func(zhifa.Date, int) bool, officer, head context.Context, id int64, late bool) error {
	cal, err := s.a.Calendar(s.ctx)
	if err != nil {
		return err
	}
	v, err := b.Publicity().Get(officer, id)
	if err != nil {
		return err
	}
	prepareOn, _ := cal.AddWorkdays(v.DecidedOn, 2)
	if !at(prepareOn, 10) {
		return nil // decided too recently: waiting in the queue
	}
	p, err := b.Publicity().Prepare(officer, id, publicity.PrepareInput{Version: v.Version})
	if err != nil {
		return err
	}
	publishOn, _ := cal.AddWorkdays(v.DecidedOn, 4)
	if late {
		publishOn, _ = cal.AddWorkdays(p.Due, 3)
	}
	if !at(publishOn, 15) {
		return nil
	}
	_, err = b.Publicity().Approve(head, id, p.Version)
	return err
}

// withdrawRevoked withdraws, two working days after the revocation, the publication of
// the licence the revocation names.
func (s *seeder) withdrawRevoked(b *app.App, at func(zhifa.Date, int) bool, head context.Context, ag *zhifa.Agency, number string, revoked zhifa.Date) error {
	cal, err := s.a.Calendar(s.ctx)
	if err != nil {
		return err
	}
	withdrawOn, _ := cal.AddWorkdays(revoked, 2)
	if !at(withdrawOn, 11) {
		return nil
	}
	var pubID int64
	if err := s.a.Store().View(s.ctx, func(tx zhifa.Tx) error {
		l, err := tx.LicenceByNumber(s.ctx, ag.ID, number)
		if err != nil {
			return err
		}
		p, err := tx.PublicationOfLicence(s.ctx, l.ID)
		pubID = p.ID
		return err
	}); err != nil {
		return fmt.Errorf("revoked licence %s: %w", number, err)
	}
	v, err := b.Publicity().Get(head, pubID)
	if err != nil {
		return err
	}
	if v.Status != zhifa.PubPublished {
		return nil
	}
	_, err = b.Publicity().Withdraw(head, pubID, publicity.WithdrawInput{Version: v.Version, Reason: v.WithdrawReason})
	return err
}

// licenceDeskName is the person behind the approval bureau's licensing desk account.
const licenceDeskName = "郑晓雯"

// licenceDesk returns the contexts of the approval bureau's licensing desk and head
// (accounts of Accounts).
func (s *seeder) licenceDesk(ag *zhifa.Agency) (officer, head context.Context, err error) {
	users, err := s.a.Users(s.ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, u := range users {
		if u.AgencyID != ag.ID || (u.Login != LicenceOfficerLogin && u.Login != LicenceHeadLogin) {
			continue
		}
		ctx := app.WithActor(s.ctx, &app.Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: ag.ID,
			AgencyPath: ag.Path, ScopePath: ag.Path, IP: "127.0.0.1"})
		if u.Login == LicenceHeadLogin {
			head = ctx
		} else {
			officer = ctx
		}
	}
	if officer == nil || head == nil {
		return nil, nil, fmt.Errorf("the approval bureau lacks its demo accounts")
	}
	return officer, head, nil
}

package demo

import (
	"fmt"
	"time"

	"zhifa"
	"zhifa/app/personnel"
	"zhifa/idcode"
)

// staffPlan says how many officers an agency has and which of them (by index within the
// agency) are legal reviewers. Two agencies have none, so the 5% warning (A3) shows.
type staffPlan struct {
	agency    string
	count     int
	reviewers []int
	positions []string
}

var (
	bureauPositions = []string{"执法科科长", "执法科副科长", "一级主任科员", "二级主任科员", "三级主任科员", "四级主任科员", "一级科员", "二级科员"}
	teamPositions   = []string{"支队长", "副支队长", "大队长", "副大队长", "中队长", "执法队员", "执法队员", "执法队员"}
	branchPositions = []string{"副局长", "执法科科长", "一级主任科员", "四级主任科员", "一级科员", "二级科员"}
)

var staffPlans = []staffPlan{
	{agency: "market", count: 14, reviewers: []int{2, 3}, positions: bureauPositions},
	{agency: "market-team", count: 12, reviewers: []int{0}, positions: teamPositions},
	{agency: "market-dev", count: 8, reviewers: []int{0}, positions: branchPositions},
	{agency: "emergency", count: 5, reviewers: []int{0}, positions: bureauPositions},
	{agency: "emergency-team", count: 8, positions: teamPositions},
	{agency: "transport", count: 3, reviewers: []int{0}, positions: bureauPositions},
	{agency: "transport-team", count: 8, reviewers: []int{0}, positions: teamPositions},
	{agency: "health", count: 2, reviewers: []int{0}, positions: bureauPositions},
	{agency: "health-team", count: 5, positions: teamPositions},
}

// fate is what happens to an officer's certificate in the demo.
type fate int

const (
	fateNormal    fate = iota
	fateExpired        // valid_until in the past
	fateExpiring       // expires within 60 days
	fateSuspended      // 暂扣 after a failed yearly review
	fateSuspendedInquiry
	fateRevoked   // 收缴
	fateCancelled // 注销; the officer has left enforcement (inactive)
	fatePending   // exam passed recently, certificate not yet issued
	fateNoExam    // newly hired, no exam and no legal qualification: no certificate
)

// fates picks special cases by agency key and index within the agency.
var fates = map[string]fate{
	"market-team:4":    fateExpired,
	"emergency-team:2": fateExpired,
	"transport-team:5": fateExpired,
	"market-dev:3":     fateExpiring,
	"health-team:1":    fateExpiring,
	"market-team:7":    fateSuspended,
	"emergency:3":      fateSuspendedInquiry,
	"transport-team:2": fateRevoked,
	"market:12":        fateCancelled,
	"market-dev:7":     fatePending,
	"health-team:4":    fateNoExam,
}

// Demo logins linked to officers of the market bureau, by index within the bureau.
var accountOfficerIndex = map[string]int{"officer1": 0, "officer2": 1, "reviewer1": 2}

// shortThisYear marks officers short of the yearly 60 hours (A4): every sixth officer
// and officer2, so that the warning shows in a demo account's own workspace.
func shortThisYear(i int, login string) bool { return i%6 == 1 || login == "officer2" }

// Name lists for deterministic Chinese names.
var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
		"郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
		"余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈"}
	maleNames = []string{"建华", "志强", "晓明", "俊杰", "宏伟", "国栋", "立新", "晓东", "建平", "振宇", "思远", "浩然", "博文", "一鸣",
		"明轩", "志远", "国华", "永强", "德明", "鹏飞", "伟东", "成龙", "少华", "小军", "卫东", "金龙", "家豪", "泽宇", "振国", "秋实",
		"海波", "文涛", "建军", "学良", "庆丰", "向阳", "长青", "晨阳", "子豪", "新民"}
	femaleNames = []string{"秀英", "丽娟", "海燕", "文静", "雪梅", "玉兰", "春燕", "红霞", "欣怡", "梦琪", "雨萱", "晨曦", "嘉怡", "佳琪",
		"若曦", "静怡", "凤英", "桂芳", "慧敏", "亚楠", "晓丽", "美玲", "丹丹", "艳红", "淑芬", "婷婷", "婉清", "雅琴", "晓雯", "思琪"}
	birthRegions = []string{"371802", "371803", "371821", "371881", "371802", "371883"}
)

// seededOfficer remembers what the later steps need of an officer.
type seededOfficer struct {
	id     int64
	name   string
	agency string
	index  int // within the agency
	global int
	active bool
}

// officerName returns the i-th name, never one already used.
func officerName(i int, female bool, used map[string]bool) string {
	given := maleNames
	if female {
		given = femaleNames
	}
	for k := 0; ; k++ {
		n := surnames[(i*17+k*7+5)%len(surnames)] + given[(i*13+k*3+11)%len(given)]
		if !used[n] {
			used[n] = true
			return n
		}
	}
}

// seedOfficers creates the officers with their certificates, yearly reviews and training.
func (s *seeder) seedOfficers() error {
	used := map[string]bool{}
	global := 0
	for _, plan := range staffPlans {
		ag := s.agencies[plan.agency]
		for idx := range plan.count {
			i := global
			global++
			f := fates[fmt.Sprintf("%s:%d", plan.agency, idx)]
			reviewer := contains(plan.reviewers, idx)
			login := ""
			if plan.agency == "market" {
				for l, n := range accountOfficerIndex {
					if n == idx {
						login = l
					}
				}
			}
			female := i%3 == 1
			name := officerName(i, female, used)
			seq := 10 + 2*i
			if !female {
				seq++
			}
			birth := time.Date(1968+(i*7)%30, time.Month(1+(i*5)%12), 1+(i*11)%28, 0, 0, 0, 0, time.UTC)
			id, err := idcode.NewPersonID(birthRegions[i%len(birthRegions)], birth, seq)
			if err != nil {
				return fmt.Errorf("person id %d: %w", i, err)
			}
			position := plan.positions[idx%len(plan.positions)]
			if reviewer {
				position = "法制审核员"
				if plan.agency == "market" && idx == plan.reviewers[0] {
					position = "法规科科长"
				}
			}
			from, until := s.validity(i, f)
			in := personnel.OfficerInput{
				AgencyID: ag.ID, Name: name, IDNumber: id.String(),
				Phone:    fmt.Sprintf("1390543%04d", (1000+i*379)%10000),
				Position: position, Domains: s.officerDomains(ag.Domains, i),
				Reviewer: reviewer, Active: f != fateCancelled,
			}
			// Reviewers hold a legal professional qualification (required of first-time
			// reviewers, 行政处罚法 Art. 58); so do a few others. One reviewer relies on it
			// alone, being exempt from the qualification exam (A2).
			if reviewer || i%9 == 4 {
				in.LegalQual = true
				in.LegalQualNo = fmt.Sprintf("A%04d3718%06d", from.Year-3, 120000+i*137)
			}
			switch {
			case f == fateNoExam:
			case f == fatePending:
				in.ExamPassed, in.ExamDate = true, s.today.AddDays(-12)
			case reviewer && plan.agency == "market" && idx == plan.reviewers[1]:
			default:
				in.ExamPassed, in.ExamDate = true, from.AddDays(-45-(i*7)%60)
			}
			v, err := s.a.Personnel().CreateOfficer(s.ctx, in)
			if err != nil {
				return fmt.Errorf("officer %s: %w", name, err)
			}
			o := &seededOfficer{id: v.ID, name: name, agency: plan.agency, index: idx, global: i, active: in.Active}
			s.officers = append(s.officers, o)
			if login != "" {
				s.accountOfficers[login] = o
			}
			if f != fateNoExam && f != fatePending {
				if err := s.seedCertificate(o, f, from, until, in.Domains); err != nil {
					return fmt.Errorf("officer %s: %w", name, err)
				}
			}
			if o.active {
				if err := s.seedTraining(o, shortThisYear(i, login)); err != nil {
					return fmt.Errorf("officer %s: %w", name, err)
				}
			}
		}
	}
	return nil
}

// validity places a certificate's validity (five years) relative to today by fate.
func (s *seeder) validity(i int, f fate) (from, until zhifa.Date) {
	switch f {
	case fateExpired:
		from = addYears(s.today, -5, -(15 + (i*41)%200))
	case fateExpiring:
		from = addYears(s.today, -5, 21+(i*13)%30)
	case fateSuspended:
		// Old enough for last year's failed review to fall within the validity.
		from = addYears(s.today, -2, -30)
	default:
		from = s.today.AddDays(-(120 + (i*73)%1400))
		// A generator's plan reaching further back (gen.go): certificates issued before
		// its first filing day, so that its early cases have certified officers (Art. 42).
		if st := s.cases.start; !st.IsZero() && st.Before(from) {
			from = st.AddDays(-(30 + (i*73)%300))
		}
	}
	return from, addYears(from, 5, -1)
}

// seedCertificate issues the certificate, records its yearly reviews and applies its fate.
func (s *seeder) seedCertificate(o *seededOfficer, f fate, from, until zhifa.Date, domains []string) error {
	s.certSeq++
	number := fmt.Sprintf("%s%02d%06d", RegionCode, from.Year%100, 100+s.certSeq)
	cert, err := s.a.Personnel().IssueCertificate(s.ctx, o.id, personnel.CertInput{
		Number: number, Issuer: CityName, IssuedOn: from, ValidFrom: from, ValidUntil: until, Domains: domains,
	})
	if err != nil {
		return fmt.Errorf("certificate %s: %w", number, err)
	}
	if f == fateNormal || f == fateExpiring {
		s.addRoster(o.id, s.agencies[o.agency].ID, o.global, from, until, domains)
	}
	// Yearly reviews of the last two full years within the validity.
	for y := s.today.Year - 2; y < s.today.Year; y++ {
		day := dateIn(y, time.December, 10)
		if day.Before(from) || day.After(until) {
			continue
		}
		in := personnel.AnnualReviewInput{Year: y, Passed: true, Date: day, Note: "年度执法考核合格，年审通过"}
		if f == fateSuspended && y == s.today.Year-1 {
			in.Passed, in.Note = false, "年度执法考核不称职，年审不予通过"
		}
		if _, err := s.a.Personnel().AddAnnualReview(s.ctx, cert.ID, in); err != nil {
			return fmt.Errorf("yearly review %d of %s: %w", y, number, err)
		}
	}
	var to zhifa.CertState
	var reason string
	switch f {
	case fateSuspended:
		to, reason = zhifa.CertSuspended, "年审不合格，暂扣执法证件，待整改并复审合格后发还"
	case fateSuspendedInquiry:
		to, reason = zhifa.CertSuspended, "涉嫌在执法检查中未全程音像记录且未出示证件，暂扣执法证件接受调查"
	case fateRevoked:
		to, reason = zhifa.CertRevoked, "因违反执法纪律受到政务处分，依规收缴执法证件"
	case fateCancelled:
		to, reason = zhifa.CertCancelled, "工作调动，调离行政执法岗位，注销执法证件"
	default:
		return nil
	}
	if _, err := s.a.Personnel().ChangeCertificateState(s.ctx, cert.ID, to, reason); err != nil {
		return fmt.Errorf("certificate %s to %s: %w", number, to, err)
	}
	return nil
}

// trainingSpec is one training course.
type trainingSpec struct {
	hours    float64
	topic    string
	kind     zhifa.TrainingKind
	provider string // "" means the officer's own agency
}

// domainCourse is each agency's course of its own laws.
var domainCourse = map[string]string{
	"market":         "《中华人民共和国食品安全法》及配套规章解读",
	"market-team":    "《中华人民共和国产品质量法》《中华人民共和国广告法》执法实务",
	"market-dev":     "《中华人民共和国消费者权益保护法》与投诉举报处理",
	"emergency":      "《中华人民共和国安全生产法》重点条款解读",
	"emergency-team": "工贸行业重大事故隐患判定标准与执法检查",
	"transport":      "道路运输安全生产监督管理实务",
	"transport-team": "道路运输企业安全生产执法检查要点",
	"health":         "食品安全风险监测与流行病学调查",
	"health-team":    "餐具饮具集中消毒服务单位卫生监督",
}

// seedTraining records last year's and this year's training. Officers marked short get
// fewer hours this year than the yearly minimum; a few were short last year as well.
func (s *seeder) seedTraining(o *seededOfficer, short bool) error {
	prev := []trainingSpec{
		{24, "《中华人民共和国行政处罚法》专题培训", zhifa.TrainingGeneralLaw, justiceBureau},
		{20, domainCourse[o.agency], zhifa.TrainingDomainLaw, ""},
		{16, "行政执法全过程记录与音像设备使用实训", zhifa.TrainingDrill, ""},
		{float64(8 + 4*(o.global%3)), "法治政府建设专题讲座", zhifa.TrainingGeneralLaw, "中共东港市委党校"},
	}
	if o.global%13 == 5 {
		prev = []trainingSpec{prev[0], prev[2]}
	}
	cur := []trainingSpec{
		{24, "行政执法“三项制度”与执法监督专题培训", zhifa.TrainingGeneralLaw, justiceBureau},
		{20, domainCourse[o.agency], zhifa.TrainingDomainLaw, ""},
		{12, "执法文书制作与案卷评查标准", zhifa.TrainingOther, ""},
		{float64(8 + 2*(o.global%4)), "执法技能比武与现场处置演练", zhifa.TrainingDrill, ""},
	}
	if short {
		cur = cur[:1+o.global%2]
		cur[0].hours = float64(16 + 4*(o.global%3))
	}
	lastYear := s.today.Year - 1
	prevDates := []zhifa.Date{dateIn(lastYear, time.March, 15), dateIn(lastYear, time.June, 20), dateIn(lastYear, time.September, 12), dateIn(lastYear, time.November, 8)}
	for k, t := range prev {
		if err := s.addTraining(o, prevDates[k], t); err != nil {
			return err
		}
	}
	// This year's courses are spread from 1 January to today.
	jan1 := dateIn(s.today.Year, time.January, 1)
	span := int(s.today.Time().Sub(jan1.Time()).Hours()/24 + 0.5)
	for k, t := range cur {
		day := jan1.AddDays(span * (k + 1) / (len(cur) + 1))
		if err := s.addTraining(o, minDate(day, s.today), t); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) addTraining(o *seededOfficer, day zhifa.Date, t trainingSpec) error {
	provider := t.provider
	if provider == "" {
		provider = s.agencies[o.agency].Name
	}
	_, err := s.a.Personnel().AddTraining(s.ctx, o.id, personnel.TrainingInput{Date: day, Hours: t.hours, Topic: t.topic, Kind: t.kind, Provider: provider})
	if err != nil {
		return fmt.Errorf("training %s on %s: %w", t.topic, day, err)
	}
	return nil
}

// officerDomains gives an officer one or two of the agency's domains.
func officerDomains(domains []string, i int) []string {
	if len(domains) == 0 {
		return nil
	}
	out := []string{domains[i%len(domains)]}
	if i%2 == 0 && len(domains) > 1 {
		out = append(out, domains[(i+1)%len(domains)])
	}
	return out
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/execution"
	"zhifa/app/personnel"
	"zhifa/idcode"
)

// A province for zhifa gen --agencies M (issue 11, gena): the demo city becomes one city
// of a province, and M−1 enforcement agencies are added in other cities and their
// districts — market regulation, emergency management, transport and health, the demo
// city's kinds of agency with their domains and catalog items —, each with a head, legal
// reviewers and officers with certificates, created through the personnel, catalog and
// execution use cases as the demo city's are. Each takes its share of the planned cases
// (a crew of seedCases) and so of the copies (gen_bulk.go).

// ProvinceName is the name of the province's government, the root of the hierarchy when
// the generator makes a province.
const ProvinceName = "东海省人民政府"

// provinceRegion is the province's 行政区划代码; its cities are 3719–3798, codes no real
// city has (as the demo city's 3718), so generated 身份证号 belong to no real person.
const provinceRegion = "370000"

// MaxGenAgencies bounds --agencies: the demo city's market bureau and the cities the
// region codes leave (maxGenCities) times the enforcement agencies of a city and its
// districts (961).
const MaxGenAgencies = 1 + maxGenCities*(3+districtsPerCity*3)

// DefaultGenAgencies is zhifa gen's default --agencies: a province of about a hundred
// enforcement agencies over eight cities and their districts.
const DefaultGenAgencies = 100

// maxGenCities is the number of generated cities: region codes 3719–3798.
const maxGenCities = 80

// provinceKind is a kind of enforcement agency of the generated cities and districts,
// modelled on a demo city agency (key) whose domains and catalog items it takes.
type provinceKind struct {
	key, name, short string
	// citySize and districtSize are the officers of a city's and a district's bureau.
	citySize, districtSize int
	// penalties bounds the penalty items of its catalog (the first of the demo's).
	penalties int
	duties    string
}

var provinceKinds = []provinceKind{
	{key: "market", name: "市场监督管理局", short: "市监", citySize: 30, districtSize: 22, penalties: 12,
		duties: "负责本行政区域市场综合监督管理，承担食品安全、产品质量、广告和消费者权益保护监督管理，依法查处相关违法行为。"},
	{key: "emergency", name: "应急管理局", short: "应急", citySize: 20, districtSize: 12, penalties: 8,
		duties: "对本行政区域安全生产工作实施综合监督管理，负责工贸行业和危险化学品安全生产监督检查，依法查处安全生产违法行为。"},
	{key: "transport", name: "交通运输局", short: "交运", citySize: 18, districtSize: 10, penalties: 5,
		duties: "负责本行政区域道路运输市场监管和交通运输行业安全生产监督管理，依法查处相关违法行为。"},
}

// districtKinds are the kinds of a district's agencies (indexes into provinceKinds).
var districtKinds = []int{0, 1, 2}

// districtsPerCity is the number of districts a generated city has.
const districtsPerCity = 3

var (
	cityFirst    = []rune("西南北青临白云金石丰长安凤海柳松桐梅兰竹")
	citySecond   = []rune("岭湖川山江沙台泽宁平阳河原溪峰")
	districtName = []string{"中城区", "东城区", "西城区", "南城区", "北城区", "新城区", "高新区", "临港区", "滨湖区"}
)

// genAgency is one agency of the province's layout; parent indexes the layout (-1 for
// the province government).
type genAgency struct {
	in     personnel.AgencyInput
	parent int
	// kind indexes provinceKinds for an enforcement agency, -1 for a government or a
	// justice bureau.
	kind int
	size int
}

// provinceLayout lays out n enforcement agencies: cities in turn, each a government, its
// justice bureau (which supervises the city's agencies), a bureau of every kind, then
// districts, each a government with a bureau of every district kind, until n are placed.
// Sizes vary by up to a quarter around the kind's, drawn from the seed.
func provinceLayout(n int, seed uint64) []genAgency {
	rng := rand.New(rand.NewPCG(seed, 17))
	var out []genAgency
	placed := 0
	bureau := func(kind, parent int, name, short, region, address string, size int) {
		k := provinceKinds[kind]
		size += rng.IntN(size/2+1) - size/4
		out = append(out, genAgency{parent: parent, kind: kind, size: max(size, 6), in: personnel.AgencyInput{
			Name: name + k.name, ShortName: short + k.short, Level: out[parent].in.Level, Type: zhifa.AgencyAdministrative,
			RegionCode: region, Duties: k.duties, Address: address, Phone: phoneOf(len(out)),
			LegalBasis: "《中华人民共和国行政处罚法》第十七条；《" + name + k.name + "职能配置、内设机构和人员编制规定》",
			Head:       personName(len(out)*31+7, len(out)%4 == 1), ReviewUnit: name + k.name + "法制科",
		}})
		placed++
	}
	for city := 0; placed < n; city++ {
		name := string(cityFirst[city%len(cityFirst)]) + string(citySecond[(city+city/len(cityFirst))%len(citySecond)])
		region := fmt.Sprintf("37%02d00", 19+city)
		gov := len(out)
		out = append(out, genAgency{parent: -1, kind: -1, in: personnel.AgencyInput{
			Name: name + "市人民政府", ShortName: name + "政", Level: zhifa.LevelCity, Type: zhifa.AgencyGovernment,
			RegionCode: region, Domains: []string{"综合"}, Head: personName(city*53+3, false), Duties: "领导本市行政执法工作。",
			ReviewUnit: name + "市司法局", Address: name + "市人民路1号", Phone: phoneOf(gov),
		}})
		out = append(out, genAgency{parent: gov, kind: -1, in: personnel.AgencyInput{
			Name: name + "市司法局", ShortName: name + "司", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
			RegionCode: region, Domains: []string{"行政执法监督"}, Head: personName(city*53+11, true),
			Duties:     "承担全市行政执法协调监督工作，组织行政执法人员资格管理、案卷评查和评议考核。",
			LegalBasis: "《" + name + "市司法局职能配置、内设机构和人员编制规定》", Address: name + "市人民路9号", Phone: phoneOf(gov + 1),
			Supervises: &supervises,
		}})
		for k := range provinceKinds {
			if placed < n {
				bureau(k, gov, name+"市", name, region, name+"市人民路"+fmt.Sprint(20+k)+"号", provinceKinds[k].citySize)
			}
		}
		for d := 0; d < districtsPerCity && placed < n; d++ {
			dname := name + "市" + districtName[d%len(districtName)]
			dregion := fmt.Sprintf("37%02d%02d", 19+city, 2+d)
			dgov := len(out)
			out = append(out, genAgency{parent: gov, kind: -1, in: personnel.AgencyInput{
				Name: dname + "人民政府", ShortName: name + districtName[d][:3] + "政", Level: zhifa.LevelCounty,
				Type: zhifa.AgencyGovernment, RegionCode: dregion, Domains: []string{"综合"}, Head: personName(city*53+d*5+17, false),
				Duties: "领导本区行政执法工作。", ReviewUnit: name + "市司法局", Address: dname + "政务大道1号", Phone: phoneOf(dgov),
			}})
			for _, k := range districtKinds {
				if placed < n {
					bureau(k, dgov, dname, name+string([]rune(districtName[d])[:2]), dregion, dname+"政务大道"+fmt.Sprint(10+k)+"号",
						provinceKinds[k].districtSize)
				}
			}
		}
	}
	return out
}

// phoneOf is the i-th agency's office phone.
func phoneOf(i int) string { return fmt.Sprintf("0531-86%06d", 100000+i*37) }

// personName is a name for the i-th generated person (names repeat across a province,
// as they do).
func personName(i int, female bool) string {
	given := maleNames
	if female {
		given = femaleNames
	}
	return surnames[(i*17+5)%len(surnames)] + given[(i*13+11)%len(given)]
}

// seedProvinceRoot creates the province government and its justice department, the
// parent of the demo city's government, when the plan has a province.
func (s *seeder) seedProvinceRoot() error {
	if s.cases.agencies <= 1 {
		return nil
	}
	code, err := idcode.NewCreditCode("11" + provinceRegion + "00410001")
	if err != nil {
		return err
	}
	res, err := s.a.Personnel().CreateAgency(s.ctx, personnel.AgencyInput{Name: ProvinceName, ShortName: "东海政",
		Level: zhifa.LevelProvince, Type: zhifa.AgencyGovernment, RegionCode: provinceRegion, CreditCode: code.String(),
		Domains: []string{"综合"}, Duties: "领导全省行政执法工作。", LegalBasis: govBasis, Head: "顾长河",
		ReviewUnit: "东海省司法厅", Address: "东海省省府路1号", Phone: "0531-86000001"})
	if err != nil {
		return fmt.Errorf("province: %w", err)
	}
	s.province = res.Agency
	justice, err := s.a.Personnel().CreateAgency(s.ctx, personnel.AgencyInput{ParentID: s.province.ID, Name: "东海省司法厅",
		ShortName: "东海司", Level: zhifa.LevelProvince, Type: zhifa.AgencyAdministrative, RegionCode: provinceRegion,
		Domains: []string{"行政执法监督"}, Duties: "承担全省行政执法协调监督工作。", Head: "岳明川",
		LegalBasis: "《东海省司法厅职能配置、内设机构和人员编制规定》", Address: "东海省省府路9号", Phone: "0531-86000009",
		Supervises: &supervises})
	if err != nil {
		return fmt.Errorf("province justice department: %w", err)
	}
	// The department's supervisor, whose scope is the whole province: the account an
	// operator sizing a deployment, and BenchmarkScale, read the province as.
	_, err = s.a.CreateUser(s.ctx, app.UserInput{Login: ProvinceSupervisorLogin, Role: zhifa.RoleSupervisor,
		AgencyID: justice.Agency.ID, Password: Password, Name: "薛清源"})
	if err != nil {
		return fmt.Errorf("account %s: %w", ProvinceSupervisorLogin, err)
	}
	return nil
}

// ProvinceSupervisorLogin is the login of the province justice department's supervisor
// in a generated province (zhifa gen --agencies above 1); its password is Password. The
// province's enforcement agencies have the logins pNNNNhead, pNNNNreviewer, pNNNNofficer1
// and pNNNNofficer2, NNNN a number of the agency's own.
const ProvinceSupervisorLogin = "p-supervisor"

// seedProvince creates the province's other cities and districts with their agencies,
// each enforcement agency with its catalog, officers, accounts and payee, and adds them
// to the crews whose cases the plan files.
func (s *seeder) seedProvince() error {
	if s.cases.agencies <= 1 {
		return nil
	}
	layout := provinceLayout(s.cases.agencies-1, s.cases.seed)
	created := make([]*zhifa.Agency, len(layout))
	itemSeq := 0
	for i, g := range layout {
		in := g.in
		in.ParentID = s.province.ID
		if g.parent >= 0 {
			in.ParentID = created[g.parent].ID
		}
		// Registration authority 1 (机构编制), type 1 (机关), the organization code.
		code, err := idcode.NewCreditCode("11" + in.RegionCode + fmt.Sprintf("0043%04d", i))
		if err != nil {
			return fmt.Errorf("credit code of %s: %w", in.Name, err)
		}
		in.CreditCode = code.String()
		if g.kind >= 0 {
			in.Domains = s.agencySpec(provinceKinds[g.kind].key).in.Domains
		}
		res, err := s.a.Personnel().CreateAgency(s.ctx, in)
		if err != nil {
			return fmt.Errorf("agency %s: %w", in.Name, err)
		}
		created[i] = res.Agency
		if g.kind < 0 {
			continue
		}
		if itemSeq, err = s.seedProvinceItems(res.Agency, provinceKinds[g.kind], i, itemSeq); err != nil {
			return err
		}
	}
	progress := &setupProgress{fn: s.cases.setupProgress}
	for _, g := range layout {
		if g.kind >= 0 {
			progress.total += 2*g.size + 1 // created and certified; the agency's accounts
		}
	}
	officers, err := s.seedProvinceOfficers(layout, created, progress)
	if err != nil {
		return err
	}
	for i, g := range layout {
		if g.kind < 0 {
			continue
		}
		c, err := s.seedProvinceCrew(created[i], i, officers[i])
		if err != nil {
			return fmt.Errorf("agency %s: %w", created[i].Name, err)
		}
		s.crews = append(s.crews, c)
		progress.add()
	}
	return nil
}

// agencySpec is the demo city's agency of the key.
func (s *seeder) agencySpec(key string) agencySpec {
	for _, spec := range agencySpecs {
		if spec.key == key {
			return spec
		}
	}
	return agencySpec{}
}

// seedProvinceItems gives the agency the catalog items of its kind that its cases are
// filed under: inspections, compulsory measures and the first penalties of the demo
// agency it is modelled on. Codes are the province's: the agency's number in the layout.
func (s *seeder) seedProvinceItems(ag *zhifa.Agency, k provinceKind, n, seq int) (int, error) {
	penalties := 0
	for _, spec := range itemSpecs {
		if spec.agency != k.key || (spec.cat != pen && spec.cat != ins && spec.cat != cpl) {
			continue
		}
		if spec.cat == pen {
			if penalties == k.penalties {
				continue
			}
			penalties++
		}
		seq++
		in := itemInput(spec, ag, fmt.Sprintf("P%04d-%s-%s-%04d", n, agencyCode[spec.agency], catCode[spec.cat], seq), "生成数据初始化")
		if _, err := s.a.Catalog().CreateItem(s.ctx, in); err != nil {
			return seq, fmt.Errorf("item %s %s: %w", in.Code, in.Name, err)
		}
	}
	return seq, nil
}

// provinceOfficer is an officer of a generated agency.
type provinceOfficer struct {
	id       int64
	name     string
	reviewer bool
	// global numbers the officer among all the seeder's; from is the first day of their
	// certificate, domains its domains.
	global  int
	from    zhifa.Date
	domains []string
}

// officerLanes is the number of officers created at once: their writes share the
// store's group commits.
const officerLanes = 16

// seedProvinceOfficers creates every generated agency's officers one after the other,
// so that their IDs follow the seed, then issues their certificates and records their
// reviews and training officerLanes at a time, and returns them by the agency's index
// in the layout.
func (s *seeder) seedProvinceOfficers(layout []genAgency, created []*zhifa.Agency, progress *setupProgress) ([][]provinceOfficer, error) {
	type job struct{ agency, index, global int }
	var jobs []job
	out := make([][]provinceOfficer, len(layout))
	global := len(s.officers)
	for i, g := range layout {
		if g.kind < 0 {
			continue
		}
		out[i] = make([]provinceOfficer, g.size)
		for k := range g.size {
			jobs = append(jobs, job{agency: i, index: k, global: global})
			global++
		}
	}
	for _, j := range jobs {
		o, err := s.createProvinceOfficer(created[j.agency], layout[j.agency].size, j.index, j.global)
		if err != nil {
			return nil, fmt.Errorf("officer %d of %s: %w", j.index, created[j.agency].Name, err)
		}
		out[j.agency][j.index] = o
		progress.add()
	}
	next := make(chan job)
	errs := make([]error, officerLanes)
	var wg sync.WaitGroup
	for lane := range officerLanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				if errs[lane] != nil {
					continue
				}
				if err := s.certifyProvinceOfficer(created[j.agency], out[j.agency][j.index]); err != nil {
					errs[lane] = fmt.Errorf("officer %d of %s: %w", j.index, created[j.agency].Name, err)
				}
				progress.add()
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	return out, errors.Join(errs...)
}

// setupProgress reports the province's setup as its officers are created and certified
// and its agencies' accounts opened, from any lane.
type setupProgress struct {
	mu          sync.Mutex
	done, total int
	fn          func(done, total int)
}

// add counts one more step done and reports it.
func (p *setupProgress) add() {
	if p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.fn(p.done, p.total)
}

// reviewersOf is the number of legal reviewers of an agency of size officers: one in
// fifteen, at least one (A3 warns below 5 %).
func reviewersOf(size int) int { return max(1, size/15) }

// createProvinceOfficer creates the index-th of an agency's officers (global counts
// every officer), who passed the qualification exam before their certificate's first
// day: before the plan's first filing.
func (s *seeder) createProvinceOfficer(ag *zhifa.Agency, size, index, global int) (provinceOfficer, error) {
	female := global%3 == 1
	name := personName(global, female)
	// Birthdays differ for the first 10,950 officers, then the sequence does; an odd
	// sequence is a man's (GB 11643).
	seq := 2*(global/10950) + 100
	if !female {
		seq++
	}
	birth := time.Date(1966, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, global%10950)
	id, err := idcode.NewPersonID(ag.RegionCode, birth, seq)
	if err != nil {
		return provinceOfficer{}, err
	}
	reviewer := index < reviewersOf(size)
	position := []string{"执法科科长", "执法科副科长", "一级主任科员", "二级主任科员", "四级主任科员", "一级科员", "二级科员", "执法队员"}[index%8]
	if reviewer {
		position = "法制审核员"
	}
	from := s.today.AddDays(-(120 + (global*73)%1400))
	if st := s.cases.start; !st.IsZero() && st.Before(from) {
		from = st.AddDays(-(30 + (global*73)%300))
	}
	in := personnel.OfficerInput{AgencyID: ag.ID, Name: name, IDNumber: id.String(), Phone: fmt.Sprintf("1370531%04d", global%10000),
		Position: position, Domains: s.officerDomains(ag.Domains, global), Reviewer: reviewer, Active: true,
		ExamPassed: true, ExamDate: from.AddDays(-45 - (global*7)%60)}
	if reviewer {
		in.LegalQual, in.LegalQualNo = true, fmt.Sprintf("A%04d%s%06d", from.Year-3, ag.RegionCode[:4], 200000+global)
	}
	v, err := s.a.Personnel().CreateOfficer(s.ctx, in)
	if err != nil {
		return provinceOfficer{}, err
	}
	return provinceOfficer{id: v.ID, name: name, reviewer: reviewer, global: global, from: from, domains: in.Domains}, nil
}

// certifyProvinceOfficer issues the officer's certificate, valid for five years from
// o.from, and records last year's yearly review and this and last year's training,
// through the personnel use cases.
func (s *seeder) certifyProvinceOfficer(ag *zhifa.Agency, o provinceOfficer) error {
	until := addYears(o.from, 5, -1)
	number := fmt.Sprintf("%s%02d%06d", ag.RegionCode, o.from.Year%100, 100000+o.global)
	cert, err := s.a.Personnel().IssueCertificate(s.ctx, o.id, personnel.CertInput{Number: number, Issuer: ProvinceName,
		IssuedOn: o.from, ValidFrom: o.from, ValidUntil: until, Domains: o.domains})
	if err != nil {
		return fmt.Errorf("certificate %s: %w", number, err)
	}
	s.addRoster(o.id, ag.ID, o.global, o.from, until, o.domains)
	lastYear := s.today.Year - 1
	if review := dateIn(lastYear, time.December, 10); !review.Before(o.from) {
		if _, err := s.a.Personnel().AddAnnualReview(s.ctx, cert.ID, personnel.AnnualReviewInput{Year: lastYear, Passed: true,
			Date: review, Note: "年度执法考核合格，年审通过"}); err != nil {
			return fmt.Errorf("yearly review: %w", err)
		}
	}
	for _, t := range []struct {
		day   zhifa.Date
		topic string
	}{
		{dateIn(lastYear, time.September, 12), "行政执法人员公共法律知识和专业法律知识培训"},
		{minDate(dateIn(s.today.Year, time.June, 16), s.today), "行政执法“三项制度”与执法监督专题培训"},
	} {
		if _, err := s.a.Personnel().AddTraining(s.ctx, o.id, personnel.TrainingInput{Date: t.day, Hours: 64, Topic: t.topic,
			Kind: zhifa.TrainingGeneralLaw, Provider: "东海省司法厅"}); err != nil {
			return fmt.Errorf("training: %w", err)
		}
	}
	return nil
}

// seedProvinceCrew opens the agency's accounts — its head, its first legal reviewer and
// two officers who handle its cases — and its payee account and bank channel, and
// returns the crew that files its cases.
func (s *seeder) seedProvinceCrew(ag *zhifa.Agency, n int, officers []provinceOfficer) (*crew, error) {
	c := &crew{agency: ag, weight: len(officers)}
	user := func(login string, role zhifa.Role, name string, officer int64) (context.Context, int64, error) {
		u, err := s.a.CreateUser(s.ctx, app.UserInput{Login: login, Role: role, AgencyID: ag.ID, Password: Password, Name: name,
			OfficerID: officer})
		if err != nil {
			return nil, 0, fmt.Errorf("account %s: %w", login, err)
		}
		return actorOf(s.ctx, u, ag), u.ID, nil
	}
	prefix := fmt.Sprintf("p%04d", n)
	var err error
	if c.headCtx, c.head, err = user(prefix+"head", zhifa.RoleHead, ag.Head, 0); err != nil {
		return nil, err
	}
	handlers := 0
	for _, o := range officers {
		switch {
		case o.reviewer && c.reviewer == nil:
			if c.reviewer, _, err = user(prefix+"reviewer", zhifa.RoleReviewer, o.name, o.id); err != nil {
				return nil, err
			}
		case !o.reviewer && handlers < 2:
			handlers++
			h, _, err := user(fmt.Sprintf("%sofficer%d", prefix, handlers), zhifa.RoleOfficer, o.name, o.id)
			if err != nil {
				return nil, err
			}
			c.handlers = append(c.handlers, h)
		}
	}
	if len(c.handlers) == 0 || c.reviewer == nil {
		return nil, fmt.Errorf("too few officers (%d)", len(officers))
	}
	ex := s.a.Execution()
	if _, err := ex.SetPayee(s.ctx, ag.ID, zhifa.Payee{Name: ag.Name[:len(ag.Name)-len(provinceKindName(ag.Name))] + "财政局",
		Bank: "中国工商银行东海分行营业部", Account: fmt.Sprintf("37010211090%08d", 24500000+n)}); err != nil {
		return nil, err
	}
	iss, err := ex.IssueChannel(s.ctx, ag.ID, execution.ChannelInput{Name: "中国工商银行东海分行缴款通知"})
	if err != nil {
		return nil, err
	}
	bank, err := ex.AuthenticateChannel(s.ctx, iss.Token)
	if err != nil {
		return nil, err
	}
	c.bank = app.WithActor(s.ctx, bank)
	return c, nil
}

// provinceKindName is the kind's suffix of a generated agency's name ("市场监督管理局").
func provinceKindName(name string) string {
	for _, k := range provinceKinds {
		if len(name) > len(k.name) && name[len(name)-len(k.name):] == k.name {
			return k.name
		}
	}
	return ""
}

// officerDomains gives the i-th officer domains of the agency's: for the demo, one or
// two (officerDomains); for a generator, which spreads an agency's cases over its
// officers, every one to two officers in three and one or two to the third, so that
// most officers may take most of the agency's cases, as in a bureau of general
// enforcement teams.
func (s *seeder) officerDomains(domains []string, i int) []string {
	if !s.cases.broadDomains || i%3 == 0 {
		return officerDomains(domains, i)
	}
	return slices.Clone(domains)
}

// rosterOfficer is an officer whose certificate, valid from from to until in domains,
// lets a copy name them (gen_bulk.go): one not suspended, revoked or cancelled.
type rosterOfficer struct {
	id, agency int64
	// rank numbers the officer in the seeder's order: the roster is kept in that order,
	// whatever order the certificates were issued in.
	rank        int
	from, until zhifa.Date
	domains     []string
}

// addRoster adds an officer to the plan's roster, if it keeps one, in rank order.
func (s *seeder) addRoster(id, agency int64, rank int, from, until zhifa.Date, domains []string) {
	if s.cases.roster == nil {
		return
	}
	s.rosterMu.Lock()
	defer s.rosterMu.Unlock()
	o := rosterOfficer{id: id, agency: agency, rank: rank, from: from, until: until, domains: domains}
	r := *s.cases.roster
	i, _ := slices.BinarySearchFunc(r, rank, func(x rosterOfficer, rank int) int { return x.rank - rank })
	*s.cases.roster = slices.Insert(r, i, o)
}

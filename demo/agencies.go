package demo

import (
	"fmt"

	"zhifa"
	"zhifa/app/personnel"
	"zhifa/idcode"
)

// Names of the agencies the demo accounts belong to.
const (
	marketBureau  = "东港市市场监督管理局"
	justiceBureau = "东港市司法局"
)

// agencySpec is one agency of the demo city. parent is the key of its parent ("" for the
// city government); org is the 8-character organization code inside the credit code.
type agencySpec struct {
	key, parent string
	in          personnel.AgencyInput
	org         string
}

// Common text of the agencies.
const (
	cityAddress = "东港市港城区海滨大道"
	govBasis    = "《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》"
)

// supervises marks the justice bureau (Agency.Supervises).
var supervises = true

// agencySpecs lists the agencies in creation order (parents first). Credit codes are
// computed from the organization codes: registration authority 1 (机构编制), type 1
// (机关) or 2 (事业单位), the city's region code.
var agencySpecs = []agencySpec{
	{key: "gov", org: "00420001", in: personnel.AgencyInput{
		Name: CityName, ShortName: "东政", Level: zhifa.LevelCity, Type: zhifa.AgencyGovernment,
		Domains:    []string{"综合"},
		Duties:     "领导本市行政执法工作，组织推行行政执法公示、执法全过程记录、重大执法决定法制审核制度，确定所属部门的执法职责。",
		LegalBasis: govBasis,
		Head:       "周振华", ReviewUnit: justiceBureau, Address: cityAddress + "1号", Phone: "0543-8210001",
	}},
	{key: "justice", parent: "gov", org: "00420012", in: personnel.AgencyInput{
		Name: justiceBureau, ShortName: "东司", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		Domains:    []string{"行政执法监督", "行政复议"},
		Duties:     "承担全市行政执法协调监督工作，推进行政执法责任制，组织行政执法人员资格管理、案卷评查和评议考核；承办市人民政府行政复议事项。",
		LegalBasis: "《东港市人民政府机构改革方案》；《东港市司法局职能配置、内设机构和人员编制规定》；《中华人民共和国行政复议法》第四条",
		Head:       "孙立群", ReviewUnit: "东港市司法局法制审核科", Address: cityAddress + "9号", Phone: "0543-8210120",
		Supervises: &supervises, // the city's justice bureau: its supervisors oversee the city's agencies
	}},
	{key: "market", parent: "gov", org: "00420023", in: personnel.AgencyInput{
		Name: marketBureau, ShortName: "东市监", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		Domains:    []string{"食品安全", "产品质量", "广告监管", "消费者权益保护"},
		Duties:     "负责全市市场综合监督管理，承担食品安全监督管理、产品质量安全监督管理、广告监督管理和消费者权益保护工作，依法查处相关违法行为。",
		LegalBasis: "《中华人民共和国食品安全法》第六条；《中华人民共和国产品质量法》第八条；《中华人民共和国广告法》第六条；《东港市市场监督管理局职能配置、内设机构和人员编制规定》",
		Head:       "李国庆", ReviewUnit: "东港市市场监督管理局法规科", Address: "东港市港城区人民路88号", Phone: "0543-8212315",
	}},
	{key: "market-team", parent: "market", org: "00420034", in: personnel.AgencyInput{
		Name: "东港市市场监管综合行政执法支队", ShortName: "东市监执", Level: zhifa.LevelCity, Type: zhifa.AgencyEntrusted,
		Domains:    []string{"食品安全", "产品质量", "广告监管"},
		Duties:     "受东港市市场监督管理局委托，以该局名义承担市场监管领域行政处罚和与之相关的行政检查、行政强制工作。",
		LegalBasis: "《中华人民共和国行政处罚法》第二十条、第二十一条；《东港市市场监督管理局行政执法委托书》",
		Head:       "陈志刚", ReviewUnit: "东港市市场监督管理局法规科", Address: "东港市港城区人民路90号", Phone: "0543-8212316",
	}},
	{key: "market-dev", parent: "market", org: "00420045", in: personnel.AgencyInput{
		Name: "东港市市场监督管理局开发区分局", ShortName: "东市监开", Level: zhifa.LevelCounty, Type: zhifa.AgencyAdministrative,
		Domains:    []string{"食品安全", "产品质量", "消费者权益保护"},
		Duties:     "作为东港市市场监督管理局的派出机构，负责东港经济技术开发区范围内的市场监督管理和日常监督检查，依法查处辖区内的违法行为。",
		LegalBasis: "《中华人民共和国行政处罚法》第十七条；《市场监督管理行政处罚程序规定》；《东港市市场监督管理局派出机构设置方案》",
		Head:       "赵文斌", ReviewUnit: "东港市市场监督管理局法规科", Address: "东港经济技术开发区长江路16号", Phone: "0543-8608315",
	}},
	{key: "emergency", parent: "gov", org: "00420056", in: personnel.AgencyInput{
		Name: "东港市应急管理局", ShortName: "东应急", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		Domains:    []string{"安全生产", "危险化学品", "应急救援"},
		Duties:     "对全市安全生产工作实施综合监督管理，负责工贸行业和危险化学品安全生产监督管理，组织生产安全事故应急救援和调查处理。",
		LegalBasis: "《中华人民共和国安全生产法》第十条；《东港市应急管理局职能配置、内设机构和人员编制规定》",
		Head:       "王海涛", ReviewUnit: "东港市应急管理局政策法规科", Address: "东港市港城区泰山路21号", Phone: "0543-8213350",
	}},
	{key: "emergency-team", parent: "emergency", org: "00420067", in: personnel.AgencyInput{
		Name: "东港市应急管理综合行政执法支队", ShortName: "东应急执", Level: zhifa.LevelCity, Type: zhifa.AgencyEntrusted,
		Domains:    []string{"安全生产", "危险化学品"},
		Duties:     "受东港市应急管理局委托，以该局名义承担安全生产监督检查和行政处罚工作。",
		LegalBasis: "《中华人民共和国行政处罚法》第二十条；《中华人民共和国安全生产法》第六十五条；《东港市应急管理局行政执法委托书》",
		Head:       "刘建军", ReviewUnit: "东港市应急管理局政策法规科", Address: "东港市港城区泰山路23号", Phone: "0543-8213351",
	}},
	{key: "transport", parent: "gov", org: "00420078", in: personnel.AgencyInput{
		Name: "东港市交通运输局", ShortName: "东交", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		Domains:    []string{"道路运输", "交通运输安全生产"},
		Duties:     "负责全市道路、水路运输市场监管和交通运输行业安全生产监督管理。",
		LegalBasis: "《中华人民共和国安全生产法》第十条第二款；《东港市交通运输局职能配置、内设机构和人员编制规定》",
		Head:       "张明远", ReviewUnit: "东港市交通运输局法制科", Address: "东港市港城区黄河路36号", Phone: "0543-8214180",
	}},
	{key: "transport-team", parent: "transport", org: "00420089", in: personnel.AgencyInput{
		Name: "东港市交通运输综合执法支队", ShortName: "东交执", Level: zhifa.LevelCity, Type: zhifa.AgencyEntrusted,
		Domains:    []string{"道路运输", "交通运输安全生产"},
		Duties:     "受东港市交通运输局委托，以该局名义承担交通运输领域监督检查和行政处罚工作。",
		LegalBasis: "《中华人民共和国行政处罚法》第二十条；《东港市交通运输局行政执法委托书》",
		Head:       "高永胜", ReviewUnit: "东港市交通运输局法制科", Address: "东港市港城区黄河路38号", Phone: "0543-8214181",
	}},
	{key: "health", parent: "gov", org: "00420090", in: personnel.AgencyInput{
		Name: "东港市卫生健康委员会", ShortName: "东卫健", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		Domains:    []string{"公共卫生", "食品安全风险监测"},
		Duties:     "负责全市公共卫生监督管理，组织实施食品安全风险监测，依法查处餐具、饮具集中消毒服务单位的违法行为。",
		LegalBasis: "《中华人民共和国食品安全法》第六条、第一百二十六条第二款；《东港市卫生健康委员会职能配置、内设机构和人员编制规定》",
		Head:       "郑丽华", ReviewUnit: "东港市卫生健康委员会法规科", Address: "东港市港城区健康路5号", Phone: "0543-8215120",
	}},
	{key: "health-team", parent: "health", org: "0042010A", in: personnel.AgencyInput{
		Name: "东港市卫生健康综合监督执法支队", ShortName: "东卫执", Level: zhifa.LevelCity, Type: zhifa.AgencyEntrusted,
		Domains:    []string{"公共卫生"},
		Duties:     "受东港市卫生健康委员会委托，以该委名义承担卫生健康领域监督检查和行政处罚工作。",
		LegalBasis: "《中华人民共和国行政处罚法》第二十条；《东港市卫生健康委员会行政执法委托书》",
		Head:       "马晓东", ReviewUnit: "东港市卫生健康委员会法规科", Address: "东港市港城区健康路7号", Phone: "0543-8215121",
	}},
	{key: "approval", parent: "gov", org: "0042011B", in: personnel.AgencyInput{
		Name: "东港市行政审批服务局", ShortName: "东审批", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		Domains:    []string{"行政许可"},
		Duties:     "经省人民政府批准，相对集中行使食品生产经营等行政许可权，负责政务服务中心运行管理。",
		LegalBasis: "《中华人民共和国行政许可法》第二十五条；《东港市开展相对集中行政许可权改革试点实施方案》",
		Head:       "冯晓燕", ReviewUnit: "东港市行政审批服务局政策法规科", Address: "东港市港城区政务服务中心（海滨大道6号）", Phone: "0543-8216000",
	}},
}

// seedAgencies creates the agencies of agencySpecs with their region and credit codes.
func (s *seeder) seedAgencies() error {
	if err := s.seedProvinceRoot(); err != nil { // a generator's province (gen_province.go)
		return err
	}
	for _, spec := range agencySpecs {
		in := spec.in
		in.RegionCode = RegionCode
		if spec.key == "market-dev" {
			in.RegionCode = devZoneRegion
		}
		kind := "1" // 机关
		if in.Type == zhifa.AgencyEntrusted {
			kind = "2" // 事业单位
		}
		code, err := idcode.NewCreditCode("1" + kind + in.RegionCode + spec.org)
		if err != nil {
			return fmt.Errorf("credit code of %s: %w", in.Name, err)
		}
		in.CreditCode = code.String()
		if spec.parent != "" {
			parent := s.agencies[spec.parent]
			if parent == nil {
				return fmt.Errorf("agency %s: parent %s not created yet", in.Name, spec.parent)
			}
			in.ParentID = parent.ID
		} else if s.province != nil {
			in.ParentID = s.province.ID
		}
		res, err := s.a.Personnel().CreateAgency(s.ctx, in)
		if err != nil {
			return fmt.Errorf("agency %s: %w", in.Name, err)
		}
		if len(res.Warnings) > 0 {
			return fmt.Errorf("agency %s: unexpected warnings %v", in.Name, res.Warnings)
		}
		s.agencies[spec.key] = res.Agency
	}
	return nil
}

// devZoneRegion is the region code of the economic development zone (开发区).
const devZoneRegion = "371871"

package demo

import (
	"fmt"

	"zhifa"
	"zhifa/app/catalog"
	"zhifa/statute"
)

// ref names one article of a law in the library by its short title and number; the app
// fills in the article's label and text from the library.
type ref struct {
	law  string
	art  int
	para int // the paragraph (款) a penalty rests on; 0 for the whole article
}

// Short titles of the laws the catalog cites (statute.Lookup finds them).
const (
	lawFood       = "食品安全法"
	lawProduct    = "产品质量法"
	lawAds        = "广告法"
	lawConsumer   = "消费者权益保护法"
	lawSafety     = "安全生产法"
	lawCompulsion = "行政强制法"
	lawLicence    = "行政许可法"
	lawReview     = "行政复议法"
	lawPenalty    = "行政处罚法"
	lawComplaints = "市场监督管理投诉举报处理暂行办法"
	lawPublicity  = "市场监督管理行政处罚信息公示规定"
)

// itemSpec is one catalog item. Empty procedure, time limit, flowchart, conditions and
// materials take the defaults of the category.
type itemSpec struct {
	agency     string
	cat        zhifa.ItemCategory
	name       string
	domain     string
	basis      []ref
	procedure  string
	timeLimit  string
	flowchart  []string
	conditions string
	materials  string
	remedy     string
}

func r(law string, arts ...int) []ref {
	out := make([]ref, len(arts))
	for i, a := range arts {
		out[i] = ref{law: law, art: a}
	}
	return out
}

// rp cites paragraph para of an article that sets penalties in several paragraphs
// (食品安全法第一百二十二条至第一百二十五条), then the articles that set the duty: the
// statutory range is that paragraph's (issue 10).
func rp(law string, art, para int, duties ...int) []ref {
	return append([]ref{{law, art, para}}, r(law, duties...)...)
}

func refs(groups ...[]ref) []ref {
	var out []ref
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

const (
	pen = zhifa.CatPenalty
	cpl = zhifa.CatCompulsion
	ins = zhifa.CatInspection
	lic = zhifa.CatLicense
	cnf = zhifa.CatConfirmation
	pay = zhifa.CatPayment
	oth = zhifa.CatOther
)

// Procedures and time limits for compulsory enforcement (强制执行) items.
const (
	executionProcedure = "1. 当事人在行政决定的期限内不履行义务；2. 作出强制执行决定前，书面催告当事人履行义务；3. 听取当事人陈述、申辩，记录、复核其提出的事实、理由和证据；4. 经催告逾期仍不履行且无正当理由的，作出强制执行决定或者依法申请人民法院强制执行；5. 送达有关文书；6. 执行完毕或者依法中止、终结执行，结案归档。"
	executionFlow      = "催告,陈述申辩,作出强制执行决定,送达,执行,结案归档"
)

// itemSpecs is the demo catalog. Every basis is a real article of a law in the library;
// the penalty items follow the article that sets the penalty, with the article that sets
// the duty where it helps.
var itemSpecs = []itemSpec{
	// 东港市市场监督管理局 — food safety penalties.
	{agency: "market", cat: pen, domain: "食品安全", name: "对未取得食品生产经营许可从事食品生产经营活动的行政处罚", basis: rp(lawFood, 122, 1, 35)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对明知未取得食品生产经营许可从事食品生产经营活动仍为其提供生产经营场所或者其他条件的行政处罚", basis: rp(lawFood, 122, 2)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对用非食品原料生产食品、在食品中添加食品添加剂以外的化学物质的行政处罚", basis: rp(lawFood, 123, 1, 34)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对经营病死、毒死或者死因不明的禽、畜、兽、水产动物肉类的行政处罚", basis: rp(lawFood, 123, 1, 34)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对经营未按规定进行检疫或者检疫不合格的肉类的行政处罚", basis: rp(lawFood, 123, 1, 34)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对生产经营添加药品的食品的行政处罚", basis: rp(lawFood, 123, 1, 38)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对生产经营致病性微生物、农药残留、重金属等污染物质含量超过食品安全标准限量的食品的行政处罚", basis: rp(lawFood, 124, 1, 34)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对用超过保质期的食品原料、食品添加剂生产食品的行政处罚", basis: rp(lawFood, 124, 1, 34)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对生产经营超范围、超限量使用食品添加剂的食品的行政处罚", basis: rp(lawFood, 124, 1, 34)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对生产经营腐败变质、霉变生虫、掺假掺杂或者感官性状异常的食品的行政处罚", basis: rp(lawFood, 124, 1, 34)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对生产经营标注虚假生产日期、保质期或者超过保质期的食品的行政处罚", basis: rp(lawFood, 124, 1, 34)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对食品生产经营者被责令召回或者停止经营后拒不召回或者停止经营的行政处罚", basis: rp(lawFood, 124, 1, 63)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对生产经营被包装材料、容器、运输工具等污染的食品的行政处罚", basis: rp(lawFood, 125, 1)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对生产经营无标签的预包装食品或者标签、说明书不符合规定的食品的行政处罚", basis: rp(lawFood, 125, 1, 67)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对食品生产经营者采购或者使用不符合食品安全标准的食品原料、食品添加剂、食品相关产品的行政处罚", basis: rp(lawFood, 125, 1, 50)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对食品标签、说明书存在瑕疵经责令改正拒不改正的行政处罚", basis: rp(lawFood, 125, 2)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对食品生产经营企业未按规定建立食品安全管理制度或者未按规定配备、培训、考核食品安全管理人员的行政处罚", basis: r(lawFood, 126, 44)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对食品生产经营者进货时未查验许可证和相关证明文件或者未建立并遵守进货查验记录制度的行政处罚", basis: r(lawFood, 126, 53)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对餐具、饮具和盛放直接入口食品的容器使用前未经洗净、消毒的行政处罚", basis: r(lawFood, 126, 56)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对安排未取得健康证明的人员从事接触直接入口食品工作的行政处罚", basis: r(lawFood, 126, 45)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对学校、托幼机构、养老机构、建筑工地等集中用餐单位未按规定履行食品安全管理责任的行政处罚", basis: r(lawFood, 126, 57)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对食用农产品销售者未建立食用农产品进货查验记录制度的行政处罚", basis: r(lawFood, 126, 65)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对集中交易市场开办者、柜台出租者、展销会举办者未履行检查、报告等义务的行政处罚", basis: r(lawFood, 130, 61)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对食用农产品批发市场未对进入市场销售的食用农产品进行抽样检验的行政处罚", basis: r(lawFood, 130, 64)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对网络食品交易第三方平台提供者未对入网食品经营者进行实名登记、审查许可证的行政处罚", basis: r(lawFood, 131, 62)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对未按要求进行食品贮存、运输和装卸的行政处罚", basis: r(lawFood, 132, 33)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对拒绝、阻挠、干涉食品安全监督检查的行政处罚", basis: r(lawFood, 133)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对食品生产经营者一年内累计三次因违反食品安全法受到处罚的责令停产停业、吊销许可证", basis: r(lawFood, 134)},
	{agency: "market", cat: pen, domain: "食品安全", name: "对食品生产经营者聘用不得从事食品生产经营管理工作的人员的行政处罚", basis: r(lawFood, 135)},
	// Product quality.
	{agency: "market", cat: pen, domain: "产品质量", name: "对生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品的行政处罚", basis: r(lawProduct, 49, 13)},
	{agency: "market", cat: pen, domain: "产品质量", name: "对在产品中掺杂、掺假，以假充真，以次充好，或者以不合格产品冒充合格产品的行政处罚", basis: r(lawProduct, 50)},
	{agency: "market", cat: pen, domain: "产品质量", name: "对生产国家明令淘汰的产品、销售国家明令淘汰并停止销售的产品的行政处罚", basis: r(lawProduct, 51)},
	{agency: "market", cat: pen, domain: "产品质量", name: "对销售失效、变质的产品的行政处罚", basis: r(lawProduct, 52)},
	{agency: "market", cat: pen, domain: "产品质量", name: "对伪造产品产地，伪造或者冒用他人厂名、厂址，伪造或者冒用认证标志等质量标志的行政处罚", basis: r(lawProduct, 53)},
	{agency: "market", cat: pen, domain: "产品质量", name: "对产品标识不符合规定的行政处罚", basis: r(lawProduct, 54, 27)},
	{agency: "market", cat: pen, domain: "产品质量", name: "对拒绝接受依法进行的产品质量监督检查的行政处罚", basis: r(lawProduct, 56)},
	{agency: "market", cat: pen, domain: "产品质量", name: "对为禁止生产、销售的产品提供运输、保管、仓储等便利条件的行政处罚", basis: r(lawProduct, 61)},
	{agency: "market", cat: pen, domain: "产品质量", name: "对服务业经营者将禁止销售的产品用于经营性服务的行政处罚", basis: r(lawProduct, 62)},
	{agency: "market", cat: pen, domain: "产品质量", name: "对隐匿、转移、变卖、损毁被市场监督管理部门查封、扣押的物品的行政处罚", basis: r(lawProduct, 63)},
	// Advertising.
	{agency: "market", cat: pen, domain: "广告监管", name: "对发布虚假广告的行政处罚", basis: r(lawAds, 55, 28)},
	{agency: "market", cat: pen, domain: "广告监管", name: "对违法发布烟草广告的行政处罚", basis: r(lawAds, 57, 22)},
	{agency: "market", cat: pen, domain: "广告监管", name: "对违法发布保健食品广告的行政处罚", basis: r(lawAds, 58, 18)},
	{agency: "market", cat: pen, domain: "广告监管", name: "对广告内容违反一般准则或者贬低其他生产经营者商品、服务的行政处罚", basis: r(lawAds, 59, 8, 13)},
	{agency: "market", cat: pen, domain: "广告监管", name: "对广告经营者、广告发布者未建立、健全广告业务管理制度或者未对广告内容进行核对的行政处罚", basis: r(lawAds, 60, 34)},
	{agency: "market", cat: pen, domain: "广告监管", name: "对广告代言人违法代言的行政处罚", basis: r(lawAds, 61)},
	{agency: "market", cat: pen, domain: "广告监管", name: "对公共场所管理者明知或者应知利用其场所发布违法广告不予制止的行政处罚", basis: r(lawAds, 63, 45)},
	// Consumer protection.
	{agency: "market", cat: pen, domain: "消费者权益保护", name: "对经营者故意拖延或者无理拒绝消费者修理、重作、更换、退货等要求的行政处罚", basis: r(lawConsumer, 56, 24)},
	{agency: "market", cat: pen, domain: "消费者权益保护", name: "对经营者侵害消费者个人信息依法得到保护的权利的行政处罚", basis: r(lawConsumer, 56, 29)},
	{agency: "market", cat: pen, domain: "消费者权益保护", name: "对经营者拒绝或者拖延有关行政部门责令对缺陷商品或者服务采取停止销售、召回等措施的行政处罚", basis: r(lawConsumer, 56, 19)},
	// Compulsory measures.
	{agency: "market", cat: cpl, domain: "食品安全", name: "查封、扣押不符合食品安全标准或者存在安全隐患以及用于违法生产经营的食品、食品添加剂、食品相关产品", basis: refs(r(lawFood, 110), r(lawCompulsion, 22, 24, 25))},
	{agency: "market", cat: cpl, domain: "食品安全", name: "查封违法从事食品生产经营活动的场所", basis: refs(r(lawFood, 110), r(lawCompulsion, 24, 25))},
	{agency: "market", cat: cpl, domain: "产品质量", name: "查封、扣押涉嫌不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品及相关物品", basis: refs(r(lawProduct, 18), r(lawCompulsion, 24, 25))},
	{agency: "market", cat: cpl, domain: "广告监管", name: "查封、扣押与涉嫌违法广告直接相关的广告物品、经营工具、设备等财物", basis: refs(r(lawAds, 49), r(lawCompulsion, 24, 25))},
	{agency: "market", cat: cpl, domain: "综合", name: "对逾期不缴纳罚款的加处罚款", basis: refs(r(lawPenalty, 72), r(lawCompulsion, 45, 46)),
		procedure: executionProcedure, flowchart: splitFlow(executionFlow),
		timeLimit: "当事人逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额（《中华人民共和国行政处罚法》第七十二条、《中华人民共和国行政强制法》第四十五条）"},
	{agency: "market", cat: cpl, domain: "综合", name: "申请人民法院强制执行", basis: r(lawCompulsion, 53, 54, 55),
		procedure: executionProcedure, flowchart: splitFlow("催告,陈述申辩,申请人民法院强制执行,法院受理与裁定,执行,结案归档"),
		timeLimit: "自当事人复议、诉讼期限届满之日起三个月内申请人民法院强制执行；申请前催告，催告书送达十日后仍未履行的，方可申请（《中华人民共和国行政强制法》第五十三条、第五十四条）"},
	// Inspections.
	{agency: "market", cat: ins, domain: "食品安全", name: "食品生产经营监督检查", basis: r(lawFood, 110, 109, 113)},
	{agency: "market", cat: ins, domain: "食品安全", name: "食品安全监督抽检", basis: r(lawFood, 87)},
	{agency: "market", cat: ins, domain: "产品质量", name: "产品质量监督抽查", basis: r(lawProduct, 15, 16, 17)},
	{agency: "market", cat: ins, domain: "广告监管", name: "广告监督检查", basis: r(lawAds, 49)},
	{agency: "market", cat: ins, domain: "消费者权益保护", name: "经营者提供的商品和服务抽查检验", basis: r(lawConsumer, 33)},
	// Reward, other.
	{agency: "market", cat: pay, domain: "食品安全", name: "食品安全违法行为举报奖励", basis: r(lawFood, 115),
		procedure: "1. 举报人实名举报食品安全违法行为；2. 受理并核查举报事项；3. 举报经查证属实、作出处理决定后，告知举报人可以申请奖励；4. 举报人提出奖励申请；5. 按照奖励标准审核确定奖励金额；6. 通知举报人领取奖金，对举报人信息予以保密。",
		timeLimit: "举报查证属实并结案后，自举报人提出奖励申请之日起六十日内作出奖励决定", flowchart: splitFlow("举报,受理核查,查证属实,奖励申请,审核,发放奖金")},
	{agency: "market", cat: oth, domain: "食品安全", name: "对存在食品安全隐患未及时采取措施消除的食品生产经营者进行责任约谈", basis: r(lawFood, 114),
		procedure: "1. 发现食品安全隐患未及时消除；2. 经机关负责人批准，书面通知约谈时间、地点和事项；3. 约谈法定代表人或者主要负责人，制作约谈记录；4. 督促立即采取措施整改，消除隐患；5. 约谈和整改情况记入食品安全信用档案。",
		timeLimit: "发现隐患后及时约谈，整改期限在约谈通知中载明", flowchart: splitFlow("发现隐患,批准约谈,通知,约谈并记录,督促整改,记入信用档案")},
	{agency: "market", cat: oth, domain: "消费者权益保护", name: "消费者投诉处理", basis: r(lawComplaints, 12, 14, 16),
		procedure: "1. 接收投诉（全国12315平台、12315热线等渠道）；2. 自收到投诉之日起七个工作日内作出受理或者不予受理的决定并告知投诉人；3. 经投诉人和被投诉人同意，采用调解方式处理；4. 调解达成协议的制作调解书，未达成协议的终止调解；5. 发现违法线索的，依法处理。",
		timeLimit: "收到投诉之日起七个工作日内决定是否受理（《市场监督管理投诉举报处理暂行办法》第十四条）", flowchart: splitFlow("接收投诉,受理审查,告知受理结果,调解,制作调解书或者终止调解,违法线索转办")},
	{agency: "market", cat: oth, domain: "综合", name: "市场监管领域违法行为举报处理", basis: r(lawComplaints, 25, 31, 32, 33),
		procedure: "1. 接收举报；2. 由被举报行为发生地的市场监督管理部门依照行政处罚程序规定核查处理；3. 决定是否立案并依法告知实名举报人；4. 对举报人信息予以保密。",
		timeLimit: "收到举报之日起十五个工作日内予以核查并决定是否立案；特殊情况下可以延长十五个工作日", flowchart: splitFlow("接收举报,核查,决定是否立案,告知举报人,依法查处")},
	{agency: "market", cat: oth, domain: "综合", name: "行政处罚信息公示", basis: r(lawPublicity, 2, 9, 11),
		procedure: "1. 适用普通程序作出行政处罚决定；2. 送达决定书时告知当事人将依法公示；3. 按规定处理国家秘密、商业秘密和个人信息；4. 自作出决定之日起二十个工作日内通过国家企业信用信息公示系统公示；5. 决定被变更、撤销、确认违法或者确认无效的，及时撤下或者更正公示信息。",
		timeLimit: "自作出行政处罚决定之日起二十个工作日内公示（《市场监督管理行政处罚信息公示规定》第九条）", flowchart: splitFlow("作出处罚决定,告知公示,脱敏处理,公示,撤下或者更正")},

	// 东港市应急管理局 — safety-production penalties.
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对生产经营单位的决策机构、主要负责人或者个人经营的投资人不依照规定保证安全生产所必需的资金投入的行政处罚", basis: r(lawSafety, 93, 23)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对生产经营单位的主要负责人未履行安全生产管理职责的行政处罚", basis: r(lawSafety, 94, 21)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对生产经营单位的主要负责人未履行安全生产管理职责导致发生生产安全事故的行政处罚", basis: r(lawSafety, 95)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对生产经营单位的其他负责人和安全生产管理人员未履行安全生产管理职责的行政处罚", basis: r(lawSafety, 96, 25)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对生产经营单位未按照规定设置安全生产管理机构或者配备安全生产管理人员、注册安全工程师的行政处罚", basis: r(lawSafety, 97, 24)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对生产经营单位未按照规定对从业人员进行安全生产教育和培训的行政处罚", basis: r(lawSafety, 97, 28)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对生产经营单位未按照规定制定生产安全事故应急救援预案或者未定期组织演练的行政处罚", basis: r(lawSafety, 97, 81)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对特种作业人员未按照规定经专门的安全作业培训并取得相应资格上岗作业的行政处罚", basis: r(lawSafety, 97, 30)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志的行政处罚", basis: r(lawSafety, 99, 35)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对未对安全设备进行经常性维护、保养和定期检测的行政处罚", basis: r(lawSafety, 99, 36)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对未为从业人员提供符合国家标准或者行业标准的劳动防护用品的行政处罚", basis: r(lawSafety, 99, 45)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对餐饮等行业的生产经营单位使用燃气未安装可燃气体报警装置的行政处罚", basis: r(lawSafety, 99, 36)},
	{agency: "emergency", cat: pen, domain: "危险化学品", name: "对重大危险源未登记建档，未进行定期检测、评估、监控，未制定应急预案的行政处罚", basis: r(lawSafety, 101, 40)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对进行爆破、吊装、动火、临时用电等危险作业未安排专门人员进行现场安全管理的行政处罚", basis: r(lawSafety, 101, 43)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对未建立安全风险分级管控制度或者事故隐患排查治理制度的行政处罚", basis: r(lawSafety, 101, 41)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对生产经营单位未采取措施消除事故隐患的行政处罚", basis: r(lawSafety, 102)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对将生产经营项目、场所、设备发包或者出租给不具备安全生产条件或者相应资质的单位或者个人的行政处罚", basis: r(lawSafety, 103, 49)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对两个以上生产经营单位在同一作业区域内进行可能危及对方安全生产的生产经营活动未签订安全生产管理协议的行政处罚", basis: r(lawSafety, 104, 48)},
	{agency: "emergency", cat: pen, domain: "危险化学品", name: "对危险物品车间、商店、仓库与员工宿舍在同一座建筑内或者生产经营场所未设符合紧急疏散需要的出口的行政处罚", basis: r(lawSafety, 105, 42)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对生产经营单位拒绝、阻碍负有安全生产监督管理职责的部门依法实施监督检查的行政处罚", basis: r(lawSafety, 108, 66)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对高危行业、领域的生产经营单位未按照国家规定投保安全生产责任保险的行政处罚", basis: r(lawSafety, 109, 51)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对发生生产安全事故负有责任的生产经营单位的行政处罚", basis: r(lawSafety, 114)},
	{agency: "emergency", cat: pen, domain: "安全生产", name: "对被责令改正且受到罚款处罚拒不改正的生产经营单位按日连续处罚", basis: r(lawSafety, 112)},
	{agency: "emergency", cat: cpl, domain: "安全生产", name: "查封、扣押不符合保障安全生产的国家标准或者行业标准的设施、设备、器材以及违法生产、储存、使用、经营、运输的危险物品", basis: refs(r(lawSafety, 65), r(lawCompulsion, 24, 25))},
	{agency: "emergency", cat: cpl, domain: "安全生产", name: "对拒不执行停产停业等决定、有发生生产安全事故现实危险的生产经营单位通知停止供电、停止供应民用爆炸物品", basis: r(lawSafety, 70),
		procedure: "1. 生产经营单位存在重大事故隐患，已被依法责令停产停业、停止施工或者停止使用相关设施、设备；2. 拒不执行，有发生生产安全事故的现实危险；3. 经本部门主要负责人批准；4. 除有危及生产安全的紧急情形外，提前二十四小时通知生产经营单位；5. 书面通知有关单位停止供电、停止供应民用爆炸物品；6. 隐患消除后及时解除。",
		timeLimit: "停止供电措施应当提前二十四小时通知生产经营单位（有危及生产安全的紧急情形的除外）；隐患消除后及时解除", flowchart: splitFlow("认定拒不执行且有现实危险,主要负责人批准,提前通知,书面通知停止供电,隐患消除后解除")},
	{agency: "emergency", cat: ins, domain: "安全生产", name: "安全生产监督检查", basis: r(lawSafety, 65, 66, 68)},
	{agency: "emergency", cat: lic, domain: "危险化学品", name: "危险物品生产、储存、装卸建设项目安全设施设计审查", basis: refs(r(lawSafety, 33), r(lawLicence, 29, 42)),
		conditions: "用于生产、储存、装卸危险物品的建设项目，已按照国家有关规定进行安全评价，安全设施设计由具备相应资质的设计单位编制。",
		materials:  "1. 建设项目安全设施设计审查申请书；2. 设计单位的设计资质证明文件；3. 建设项目安全设施设计专篇；4. 建设项目安全预评价报告及相关文件。"},
	{agency: "emergency", cat: cnf, domain: "危险化学品", name: "危险物品生产经营单位主要负责人和安全生产管理人员安全生产知识和管理能力考核", basis: r(lawSafety, 27),
		procedure: "1. 生产经营单位报名；2. 受理并审核报名材料；3. 组织考核（考核不得收费）；4. 公布考核结果；5. 对考核合格的人员出具考核合格证明。",
		timeLimit: "考核结束之日起十个工作日内公布结果", flowchart: splitFlow("报名,审核,考核,公布结果,出具合格证明"),
		materials: "1. 考核申请表；2. 身份证明；3. 学历证明；4. 安全生产培训合格证明。"},
	{agency: "emergency", cat: pay, domain: "安全生产", name: "对报告重大事故隐患或者举报安全生产违法行为的有功人员给予奖励", basis: r(lawSafety, 76, 74),
		procedure: "1. 受理报告或者举报；2. 核查属实；3. 审核认定奖励；4. 通知并发放奖励；5. 对举报人信息保密。",
		timeLimit: "举报核查属实后六十日内兑现奖励", flowchart: splitFlow("举报,核查,认定奖励,通知,发放")},
	{agency: "emergency", cat: oth, domain: "安全生产", name: "安全生产举报受理与核查", basis: r(lawSafety, 73, 74),
		procedure: "1. 公开举报电话、信箱、网络举报平台；2. 受理举报并登记；3. 调查核实，形成书面材料；4. 需要落实整改措施的，报经有关负责人签字并督促落实；5. 不属于本部门职责的，移交有关部门。",
		timeLimit: "受理之日起六十日内办结", flowchart: splitFlow("受理登记,调查核实,形成书面材料,督促整改,答复举报人")},

	// 东港市交通运输局 — safety production of transport operators (安全生产法 Art. 10).
	{agency: "transport", cat: pen, domain: "交通运输安全生产", name: "对道路运输经营者未按照规定对从业人员进行安全生产教育和培训的行政处罚", basis: r(lawSafety, 97, 28)},
	{agency: "transport", cat: pen, domain: "交通运输安全生产", name: "对道路运输经营者未按照规定制定生产安全事故应急救援预案或者未定期组织演练的行政处罚", basis: r(lawSafety, 97, 81)},
	{agency: "transport", cat: pen, domain: "交通运输安全生产", name: "对道路运输经营者未采取措施消除事故隐患的行政处罚", basis: r(lawSafety, 102)},
	{agency: "transport", cat: pen, domain: "交通运输安全生产", name: "对道路运输经营者的主要负责人未履行安全生产管理职责的行政处罚", basis: r(lawSafety, 94, 21)},
	{agency: "transport", cat: pen, domain: "交通运输安全生产", name: "对拒绝、阻碍交通运输安全生产监督检查的行政处罚", basis: r(lawSafety, 108)},
	{agency: "transport", cat: ins, domain: "交通运输安全生产", name: "交通运输企业安全生产监督检查", basis: r(lawSafety, 65)},
	{agency: "transport", cat: cpl, domain: "交通运输安全生产", name: "查封、扣押不符合保障安全生产的国家标准或者行业标准的运输设施、设备、器材", basis: refs(r(lawSafety, 65), r(lawCompulsion, 24, 25))},

	// 东港市卫生健康委员会.
	{agency: "health", cat: pen, domain: "公共卫生", name: "对餐具、饮具集中消毒服务单位违反规定用水、使用洗涤剂和消毒剂或者出厂餐具、饮具未检验合格并随附消毒合格证明的行政处罚", basis: r(lawFood, 126, 58)},
	{agency: "health", cat: ins, domain: "公共卫生", name: "餐具、饮具集中消毒服务单位卫生监督检查", basis: r(lawFood, 58)},
	{agency: "health", cat: oth, domain: "食品安全风险监测", name: "食品安全风险监测", basis: r(lawFood, 14, 15),
		procedure: "1. 根据省级食品安全风险监测方案制定本地实施方案；2. 确定监测点和监测样品；3. 采样、检测；4. 汇总分析监测数据；5. 发现食品可能存在安全隐患的，及时通报同级食品安全监督管理等部门并报告本级人民政府和上级卫生行政部门。",
		timeLimit: "按年度监测计划实施", flowchart: splitFlow("制定实施方案,采样,检测,分析,通报报告")},
	{agency: "health", cat: oth, domain: "食品安全风险监测", name: "食品安全事故流行病学调查", basis: r(lawFood, 105),
		procedure: "1. 接到食品安全事故报告；2. 疾病预防控制机构对事故现场进行卫生处理；3. 对与事故有关的因素开展流行病学调查；4. 向同级食品安全监督管理、卫生行政部门提交流行病学调查报告。",
		timeLimit: "接到报告后立即开展", flowchart: splitFlow("接报,现场卫生处理,流行病学调查,提交调查报告")},

	// 东港市行政审批服务局 — licences under relatively concentrated licensing power.
	{agency: "approval", cat: lic, domain: "行政许可", name: "食品生产许可", basis: refs(r(lawFood, 35), r(lawLicence, 25, 29, 42)),
		conditions: "申请人具有与生产的食品品种、数量相适应的食品原料处理和食品加工、包装、贮存等场所，生产设备或者设施，专职或者兼职的食品安全专业技术人员、食品安全管理人员和保证食品安全的规章制度，合理的设备布局和工艺流程。",
		materials:  "1. 食品生产许可申请书；2. 食品生产设备布局图和食品生产工艺流程图；3. 食品生产主要设备、设施清单；4. 专职或者兼职的食品安全专业技术人员、食品安全管理人员信息和食品安全管理制度。"},
	{agency: "approval", cat: lic, domain: "行政许可", name: "食品经营许可", basis: refs(r(lawFood, 35), r(lawLicence, 25, 29, 42)),
		conditions: "申请人具有与经营的食品品种、数量相适应的食品贮存等场所、经营设备或者设施、食品安全管理人员和保证食品安全的规章制度；仅销售预包装食品的，实行备案管理，不需要取得许可。",
		materials:  "1. 食品经营许可申请书；2. 营业执照或者其他主体资格证明文件；3. 与食品经营相适应的主要设备设施布局、操作流程等文件；4. 食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度。"},
	{agency: "approval", cat: lic, domain: "行政许可", name: "食品生产经营许可变更", basis: refs(r(lawLicence, 49), r(lawFood, 35)),
		conditions: "被许可人要求变更许可事项，且变更后的条件符合法定条件、标准。",
		materials:  "1. 变更申请书；2. 与变更事项有关的材料。"},
	{agency: "approval", cat: lic, domain: "行政许可", name: "食品生产经营许可延续", basis: refs(r(lawLicence, 50), r(lawFood, 35)),
		conditions: "被许可人在许可有效期届满三十日前提出申请（法律、法规、规章另有规定的，依照其规定）。",
		materials:  "1. 延续申请书；2. 与延续事项有关的其他材料。",
		timeLimit:  "在许可有效期届满前作出是否准予延续的决定；逾期未作决定的，视为准予延续（《中华人民共和国行政许可法》第五十条）"},
	{agency: "approval", cat: oth, domain: "行政许可", name: "食品生产经营许可注销", basis: r(lawLicence, 70),
		procedure: "1. 被许可人申请注销，或者发现有效期届满未延续、许可被依法撤销、撤回或者许可证件被依法吊销等情形；2. 审核；3. 办理注销手续并公告。",
		timeLimit: "自受理注销申请之日起十个工作日内办结", flowchart: splitFlow("申请或者发现注销情形,审核,办理注销,公告")},

	// 东港市司法局 — administrative reconsideration for the city government.
	{agency: "justice", cat: oth, domain: "行政复议", name: "行政复议申请的审查与受理（承办东港市人民政府行政复议事项）", basis: r(lawReview, 20, 24, 30, 31),
		procedure: "1. 申请人自知道或者应当知道行政行为之日起六十日内提出行政复议申请；2. 收到申请后五日内进行审查；3. 符合条件的予以受理，不符合条件的决定不予受理并说明理由；4. 申请材料不齐全的，五日内书面通知补正。",
		timeLimit: "收到行政复议申请后五日内审查决定是否受理（《中华人民共和国行政复议法》第三十条）", flowchart: splitFlow("提出申请,五日内审查,受理或者不予受理,通知补正"),
		remedy: "行政复议机关无正当理由不予受理、驳回申请或者受理后超过行政复议期限不作答复的，申请人有权向上级行政机关反映（《中华人民共和国行政复议法》第三十五条）；法律、行政法规规定复议前置的，可以自收到决定书之日起或者行政复议期限届满之日起十五日内依法向人民法院提起行政诉讼（同法第三十四条）；其他情形可以依法就原行政行为提起行政诉讼。"},
	{agency: "justice", cat: oth, domain: "行政复议", name: "行政复议案件审理与决定（承办东港市人民政府行政复议事项）", basis: r(lawReview, 62, 63, 64),
		procedure: "1. 受理后通知被申请人提出书面答复；2. 审理（普通程序应当听取当事人意见，必要时召开听证）；3. 行政复议机构提出案件处理意见；4. 经行政复议机关负责人同意或者集体讨论通过后作出行政复议决定；5. 送达行政复议决定书。",
		timeLimit: "普通程序自受理申请之日起六十日内作出决定，情况复杂的经批准可延长不超过三十日（《中华人民共和国行政复议法》第六十二条）", flowchart: splitFlow("通知答复,审理,提出处理意见,作出决定,送达"),
		remedy: "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十五条）。"},
}

// Category defaults.
var (
	catCode = map[zhifa.ItemCategory]string{pen: "CF", cpl: "QZ", ins: "JC", zhifa.CatExpropriation: "ZS", lic: "XK", cnf: "QR", pay: "GF", oth: "QT"}
	// agencyCode prefixes the item codes of each agency.
	agencyCode = map[string]string{"market": "SJ", "emergency": "YJ", "transport": "JT", "health": "WJ", "approval": "SP", "justice": "SF"}

	defaultProcedure = map[zhifa.ItemCategory]string{
		pen: "1. 立案：对发现的违法线索进行核查，符合立案条件的，报经机关负责人批准立案；2. 调查取证：两名以上具有行政执法资格的执法人员出示执法证件，全面、客观、公正地调查，收集证据，全过程记录；3. 审核：承办机构提出处理意见，属于重大执法决定的，经法制审核；4. 告知：作出处罚决定前告知当事人拟作出的行政处罚内容及事实、理由、依据，并告知陈述、申辩、要求听证等权利；5. 决定：机关负责人审查决定，情节复杂或者重大违法行为给予较重处罚的，集体讨论决定；6. 送达：宣告后当场交付，当事人不在场的七日内送达；7. 执行：当事人在决定期限内履行，逾期不履行的依法强制执行；8. 结案归档，依法公示。",
		cpl: "1. 实施前向行政机关负责人报告并经批准（情况紧急当场实施的，二十四小时内补办批准手续）；2. 由两名以上行政执法人员实施，出示执法身份证件；3. 通知当事人到场；4. 当场告知当事人采取行政强制措施的理由、依据以及依法享有的权利、救济途径；5. 听取当事人的陈述和申辩；6. 制作现场笔录和查封、扣押清单，由当事人和行政执法人员签名或者盖章；7. 当场交付查封、扣押决定书和清单；8. 在期限内查清事实，作出处理决定，不再需要查封、扣押的及时解除；9. 全程音像记录。",
		ins: "1. 制定年度检查计划，通过双随机方式抽取检查对象和执法检查人员；2. 两名以上执法人员实施检查，出示执法证件，说明检查事项；3. 进入现场检查，查阅、复制有关资料，必要时抽样检验；4. 制作现场检查笔录，由被检查人签字确认；5. 告知检查结果，发现违法行为的责令改正或者依法立案查处；6. 检查结果依法向社会公示。",
		lic: "1. 申请：申请人通过政务服务网或者窗口提交申请材料；2. 受理：申请材料齐全、符合法定形式的，当场受理；材料不齐全的，当场或者在五日内一次告知需要补正的全部内容；3. 审查：对申请材料进行审查，需要核实实质内容的，指派两名以上工作人员进行现场核查；4. 决定：符合条件的依法作出准予许可的书面决定，不符合条件的作出不予许可的书面决定并说明理由，告知申请行政复议或者提起行政诉讼的权利；5. 送达：自作出决定之日起十日内颁发、送达许可证件；6. 公开：准予许可的决定依法公开。",
		cnf: "1. 申请；2. 受理；3. 审核；4. 作出确认决定；5. 送达并公示。",
		pay: "1. 申请；2. 受理；3. 审核；4. 决定；5. 发放。",
		oth: "1. 受理；2. 审查；3. 办理；4. 办结告知。",
	}
	defaultTimeLimit = map[zhifa.ItemCategory]string{
		pen: "自立案之日起九十日内作出行政处罚决定；案情复杂不能按期作出决定的，经批准可以延长（《中华人民共和国行政处罚法》第六十条）",
		cpl: "查封、扣押的期限不得超过三十日；情况复杂的，经行政机关负责人批准可以延长，但延长期限不得超过三十日（《中华人民共和国行政强制法》第二十五条）",
		ins: "按年度监督检查计划实施；检查结果自作出之日起二十个工作日内公示",
		lic: "自受理之日起二十日内作出决定；二十日内不能作出决定的，经本行政机关负责人批准可以延长十日（《中华人民共和国行政许可法》第四十二条）",
		cnf: "自受理之日起二十个工作日内办结",
		pay: "自受理之日起六十日内办结",
		oth: "自受理之日起二十个工作日内办结",
	}
	defaultFlow = map[zhifa.ItemCategory]string{
		pen: "立案,调查取证,审核（重大案件法制审核）,告知陈述申辩和听证权利,决定（必要时集体讨论）,送达,执行,结案归档,公示",
		cpl: "报机关负责人批准,两名以上执法人员实施并出示证件,通知当事人到场,告知理由依据和权利,听取陈述申辩,制作现场笔录和清单,交付决定书和清单,查清事实作出处理决定,解除或者依法处理",
		ins: "制定检查计划,双随机抽取,出示证件,现场检查,制作检查笔录,告知检查结果,违法行为依法处理,结果公示",
		lic: "申请,受理,审查（现场核查）,决定,颁证送达,公开",
		cnf: "申请,受理,审核,确认,送达公示",
		pay: "申请,受理,审核,决定,发放",
		oth: "受理,审查,办理,办结告知",
	}
)

// remedyText is the usual remedy of an enforcement act of a department of the city: an
// application for reconsideration to the city government within 60 days (行政复议法 Art.
// 20, 24) or a suit within six months (行政诉讼法 Art. 46).
const remedyText = "对本事项作出的行政行为不服的，可以自知道或者应当知道该行政行为之日起六十日内向东港市人民政府申请行政复议（《中华人民共和国行政复议法》第二十条、第二十四条）；也可以自知道或者应当知道作出行政行为之日起六个月内，依法向有管辖权的人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。"

// officeHours are the hours of every service window.
const officeHours = "工作日上午9:00—12:00，下午13:30—17:30（法定节假日除外）"

// seedItems creates the catalog through the catalog's CreateItem, which checks every basis against
// the law library and fills in the article texts.
func (s *seeder) seedItems() error {
	seq := map[string]int{}
	for _, spec := range itemSpecs {
		ag := s.agencies[spec.agency]
		prefix := agencyCode[spec.agency] + "-" + catCode[spec.cat]
		seq[prefix]++
		in := itemInput(spec, ag, fmt.Sprintf("%s-%04d", prefix, seq[prefix]), "演示数据初始化")
		if _, err := s.a.Catalog().CreateItem(s.ctx, in); err != nil {
			return fmt.Errorf("item %s %s: %w", in.Code, in.Name, err)
		}
	}
	return nil
}

// itemInput is the catalog item of spec for the agency ag, with its code and note: the
// category's defaults where spec has none, its basis as article labels, and the agency's
// service guide.
func itemInput(spec itemSpec, ag *zhifa.Agency, code, note string) catalog.ItemInput {
	in := catalog.ItemInput{
		Code:      code,
		Name:      spec.name,
		Category:  spec.cat,
		AgencyID:  ag.ID,
		Domain:    spec.domain,
		Procedure: or(spec.procedure, defaultProcedure[spec.cat]),
		TimeLimit: or(spec.timeLimit, defaultTimeLimit[spec.cat]),
		Remedy:    or(spec.remedy, remedyText),
		Flowchart: spec.flowchart,
		Note:      note,
	}
	if in.Flowchart == nil {
		in.Flowchart = splitFlow(defaultFlow[spec.cat])
	}
	for _, b := range spec.basis {
		article := statute.FormatArticleLabel(b.art)
		if b.para > 0 {
			article += "第" + statute.FormatChineseNumber(b.para) + "款"
		}
		in.Basis = append(in.Basis, zhifa.Basis{Law: b.law, Article: article})
	}
	in.Guide = zhifa.ServiceGuide{
		AcceptingOrg: ag.Name, ApprovingOrg: ag.Name,
		Conditions: or(spec.conditions, "依职权实施"), Materials: spec.materials,
		TimeLimit: in.TimeLimit, OfficeHours: officeHours, Address: ag.Address, Phone: ag.Phone,
	}
	if spec.cat == lic {
		in.Guide.AcceptingOrg = ag.Name + "政务服务窗口"
	}
	return in
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// splitFlow splits a comma-separated list of flowchart steps.
func splitFlow(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

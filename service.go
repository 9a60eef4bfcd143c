package zhifa

// ServiceMethod is how a document was served (送达方式 of the 民事诉讼法, which 行政处罚法
// 第六十一条 applies).
type ServiceMethod string

// Service methods.
const (
	ServeDirect     ServiceMethod = "direct"     // 直接送达（含当场交付）
	ServeLeft       ServiceMethod = "left"       // 留置送达
	ServeMail       ServiceMethod = "mail"       // 邮寄送达
	ServeElectronic ServiceMethod = "electronic" // 电子送达
	ServePublic     ServiceMethod = "public"     // 公告送达
)

// ServiceMethods lists the methods in the order forms offer them.
var ServiceMethods = []ServiceMethod{ServeDirect, ServeLeft, ServeMail, ServeElectronic, ServePublic}

// Label is the Chinese name of the method.
func (m ServiceMethod) Label() string {
	switch m {
	case ServeDirect:
		return "直接送达"
	case ServeLeft:
		return "留置送达"
	case ServeMail:
		return "邮寄送达"
	case ServeElectronic:
		return "电子送达"
	case ServePublic:
		return "公告送达"
	}
	return string(m)
}

// Service records how a decision was served: the method, its proof (送达回证、邮寄回执、
// 留置见证、电子送达记录、公告), and for electronic service the party's written consent
// (确认书) and the address the party confirmed in it.
type Service struct {
	Method    ServiceMethod `json:"method"`
	Proof     string        `json:"proof"`
	ConsentOn Date          `json:"consent_on,omitempty"`
	Address   string        `json:"address,omitempty"`
}

package zhifa

// Initiation is how an inspection case was initiated (检查的启动方式), chosen when it is
// filed: the annual report counts 行政检查（双随机抽查） apart from the other inspections
// (REQUIREMENTS C6) from it, never from the item's name.
type Initiation string

// Initiations of an inspection.
const (
	// InitRandom is an inspection of a target and by inspectors drawn at random (双随机抽查).
	InitRandom Initiation = "random"
	// InitComplaint is an inspection on a complaint or report (投诉举报).
	InitComplaint Initiation = "complaint"
	// InitAssigned is an inspection assigned by a superior or passed on by another organ
	// (上级交办、有关部门转办).
	InitAssigned Initiation = "assigned"
	// InitExOfficio is any other inspection the agency starts of its own motion (依职权检查).
	InitExOfficio Initiation = "ex_officio"
)

// Initiations lists the initiations in the order forms offer them.
var Initiations = []Initiation{InitRandom, InitComplaint, InitAssigned, InitExOfficio}

// Label is the Chinese name of the initiation.
func (i Initiation) Label() string {
	return map[Initiation]string{InitRandom: "双随机抽查", InitComplaint: "投诉举报", InitAssigned: "上级交办、转办",
		InitExOfficio: "依职权检查"}[i]
}

// Valid reports whether i is a known initiation.
func (i Initiation) Valid() bool { return i.Label() != "" }

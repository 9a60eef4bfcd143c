package report

import (
	"strconv"

	"zhifa"
	"zhifa/law"
)

// Figure groups, in the order the report shows them.
const (
	GroupActs        = "执法行为"
	GroupLicences    = "行政许可决定"
	GroupPenalties   = "行政处罚种类"
	GroupMoney       = "罚没金额"
	GroupProcedure   = "听证与法制审核"
	GroupRemedies    = "行政复议与行政诉讼"
	GroupPublication = "执法决定公示"
)

// Groups lists the figure groups in order.
var Groups = []string{GroupActs, GroupLicences, GroupPenalties, GroupMoney, GroupProcedure, GroupRemedies, GroupPublication}

// Units of figures: a count, or an amount kept in fen and shown in yuan.
const (
	UnitCount = "件"
	UnitYuan  = "元"
)

// remedyKinds are the kinds of remedy counted, with their names.
var remedyKinds = []struct{ code, label string }{{"reconsideration", "行政复议"}, {"litigation", "行政诉讼"}}

// Figures turns the year's counts into the report's figures, in a fixed order with
// stable keys (the notes, the roll-up and the XLSX rely on them). Every figure comes
// from the data: acts by the category of power of their item (inspections split into
// random 双随机抽查 and others by how each was initiated, law.RandomInspection), penalty
// decisions by kind (行政处罚法第九条), fines and confiscations, hearings, legal reviews, reconsiderations and lawsuits by outcome, and
// the publication of the year's decisions (国办发〔2018〕118号（六）).
func Figures(n *zhifa.AnnualCounts) []zhifa.ReportFigure {
	var out []zhifa.ReportFigure
	add := func(key, group, label, unit string, v int64) {
		out = append(out, zhifa.ReportFigure{Key: key, Group: group, Label: label, Value: v, Unit: unit})
	}
	byCat := map[zhifa.ItemCategory]int64{}
	for _, a := range n.Acts {
		byCat[zhifa.ItemCategory(a.Label)] += a.Count
	}
	var random, other int64
	for _, i := range n.Inspections {
		if law.RandomInspection(zhifa.Initiation(i.Key)) {
			random += i.Count
		} else {
			other += i.Count
		}
	}
	// Licence decisions come from the licensing systems (issue 13): the records received
	// for the year beside any case of a licence item.
	licences := map[zhifa.LicenceDecision]int64{}
	var licenceTotal int64
	for _, l := range n.Licences {
		licences[zhifa.LicenceDecision(l.Key)] += l.Count
		licenceTotal += l.Count
	}
	add("acts.license", GroupActs, "行政许可", UnitCount, byCat[zhifa.CatLicense]+licenceTotal)
	add("acts.penalty", GroupActs, "行政处罚", UnitCount, byCat[zhifa.CatPenalty])
	add("acts.compulsion", GroupActs, "行政强制", UnitCount, byCat[zhifa.CatCompulsion])
	add("acts.inspection_random", GroupActs, "行政检查（双随机抽查）", UnitCount, random)
	add("acts.inspection_other", GroupActs, "行政检查（其他）", UnitCount, other)
	add("acts.expropriation", GroupActs, "行政征收征用", UnitCount, byCat[zhifa.CatExpropriation])
	add("acts.other", GroupActs, "其他执法行为", UnitCount,
		byCat[zhifa.CatConfirmation]+byCat[zhifa.CatPayment]+byCat[zhifa.CatOther])

	for _, d := range zhifa.LicenceDecisions {
		add("licence."+string(d), GroupLicences, d.Label(), UnitCount, licences[d])
	}

	kinds := map[string]int64{}
	for _, m := range n.PenaltyMasks {
		mask, err := strconv.ParseInt(m.Key, 10, 64)
		if err != nil {
			continue
		}
		for _, k := range zhifa.PenaltyKindsOf(mask) {
			kinds[k] += m.Count
		}
	}
	for i, k := range law.PenaltyKinds {
		add("penalty."+strconv.Itoa(i), GroupPenalties, k, UnitCount, kinds[k])
	}

	add("money.fines", GroupMoney, "罚款", UnitYuan, n.FinesFen)
	add("money.confiscated", GroupMoney, "没收违法所得、非法财物", UnitYuan, n.ConfiscatedFen)

	var reviews int64
	for _, r := range n.Reviews {
		reviews += r.Count
	}
	add("hearings", GroupProcedure, "举行听证", UnitCount, n.Hearings)
	add("reviews", GroupProcedure, "重大执法决定法制审核", UnitCount, reviews)

	remedies := map[string]int64{}
	for _, r := range n.Remedies {
		remedies[r.Key] += r.Count
	}
	for _, rk := range remedyKinds {
		for _, o := range zhifa.ReviewOutcomes {
			add("remedy."+rk.code+"."+string(o), GroupRemedies, rk.label+"结果："+o.Label(), UnitCount,
				remedies[rk.code+"/"+string(o)])
		}
	}

	add("publications.due", GroupPublication, "应公示的执法决定", UnitCount, n.Publications.Count)
	add("publications.on_time", GroupPublication, "按期公示", UnitCount, n.Publications.Hits)
	add("publications.declined", GroupPublication, "依法不予公示", UnitCount, n.Publications.Sum)
	return out
}

// CollectionFigures are the collection of the year's fines and confiscations at the
// year's end (罚缴分离, 行政处罚法第六十七条): what the decisions served in the year ordered
// paid, what was paid, and the obligations still unpaid past their deadline.
func CollectionFigures(st zhifa.CollectionStat) []zhifa.ReportFigure {
	return []zhifa.ReportFigure{
		{Key: "collection.ordered", Group: GroupMoney, Label: "应缴罚没款（当年送达的处罚决定）", Value: st.PrincipalFen, Unit: UnitYuan},
		{Key: "collection.paid", Group: GroupMoney, Label: "已缴罚没款（含加处罚款）", Value: st.PaidFen, Unit: UnitYuan},
		{Key: "collection.overdue", Group: GroupMoney, Label: "年末逾期未缴清", Value: int64(st.Overdue), Unit: UnitCount},
	}
}

// ValueText shows a figure's value: a count plainly, an amount in yuan with two decimals.
func ValueText(f zhifa.ReportFigure) string {
	if f.Unit == UnitYuan {
		return law.Yuan(f.Value)
	}
	return strconv.FormatInt(f.Value, 10)
}

// Sum adds the figures of several reports by key, in the order of the first (the
// government's roll-up). Notes are not summed.
func Sum(reports []*zhifa.AnnualReport) []zhifa.ReportFigure {
	var out []zhifa.ReportFigure
	at := map[string]int{}
	for _, r := range reports {
		for _, f := range r.Figures {
			i, ok := at[f.Key]
			if !ok {
				at[f.Key] = len(out)
				f.Note = ""
				out = append(out, f)
				continue
			}
			out[i].Value += f.Value
		}
	}
	return out
}

// Group returns the figures of a group, in order.
func Group(figs []zhifa.ReportFigure, group string) []zhifa.ReportFigure {
	var out []zhifa.ReportFigure
	for _, f := range figs {
		if f.Group == group {
			out = append(out, f)
		}
	}
	return out
}

// sameValues reports whether two sets of figures have the same keys and values.
func sameValues(a, b []zhifa.ReportFigure) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Key != b[i].Key || a[i].Value != b[i].Value {
			return false
		}
	}
	return true
}

// figureKey reports whether key names a figure of figs.
func figureKey(figs []zhifa.ReportFigure, key string) bool {
	for _, f := range figs {
		if f.Key == key {
			return true
		}
	}
	return false
}

package publicity

import (
	"fmt"
	"strings"

	"zhifa"
	"zhifa/law"
)

// decisionText is the decision as the publication starts from (公示规定第四条: the summary
// of the decision — its number, the party, the type of violation, the penalty, the
// agency and the date — with the facts and the legal basis). It holds the case's
// personal data in full; Redact makes the public version of it.
func decisionText(c *zhifa.Case, ag *zhifa.Agency, item *zhifa.Item, p *zhifa.Publication) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s决定信息\n决定书文号：%s\n", ag.Name, p.Category.Label(), c.Number)
	for _, party := range c.Parties {
		if party.Kind == zhifa.PartyOrg {
			fmt.Fprintf(&b, "当事人：%s", party.Name)
			if party.CreditCode != "" {
				fmt.Fprintf(&b, "，统一社会信用代码：%s", party.CreditCode)
			}
		} else {
			fmt.Fprintf(&b, "当事人：%s", party.Name)
			if party.IDNumber != "" {
				fmt.Fprintf(&b, "，身份证号码：%s", party.IDNumber)
			}
		}
		if party.Address != "" {
			fmt.Fprintf(&b, "，住所：%s", party.Address)
		}
		if party.Phone != "" {
			fmt.Fprintf(&b, "，联系电话：%s", party.Phone)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "执法事项：%s\n", item.Name)
	if strings.TrimSpace(c.Facts) != "" {
		fmt.Fprintf(&b, "主要事实：%s\n", strings.TrimSpace(c.Facts))
	}
	var basis []string
	for _, bs := range item.Basis {
		basis = append(basis, "《"+strings.Trim(bs.Law, "《》")+"》"+bs.Article)
	}
	if len(basis) > 0 {
		fmt.Fprintf(&b, "依据：%s\n", strings.Join(basis, "、"))
	}
	fmt.Fprintf(&b, "决定内容：%s\n作出决定机关：%s\n作出决定日期：%s\n", p.Conclusion, ag.Name, p.DecidedOn.Chinese())
	return b.String()
}

// conclusionOf is the outcome of the decision in one line: the penalties with their
// amounts, the disposal of a compulsory measure, an inspection's conclusion, or no
// penalty.
func conclusionOf(c *zhifa.Case, cat zhifa.PublicationCategory, reason string) string {
	switch cat {
	case zhifa.PubNoPenalty:
		return "不予行政处罚"
	case zhifa.PubInspection:
		return "检查结论：" + strings.TrimSpace(reason)
	case zhifa.PubCompulsory:
		return map[string]string{"confiscate": "依法没收查封扣押的财物", "destroy": "依法销毁查封扣押的财物",
			"release": "解除查封扣押"}[c.State.Disposal]
	}
	pr := c.State.Proposal
	if pr == nil {
		return "给予行政处罚"
	}
	var parts []string
	for _, k := range pr.Penalties {
		switch {
		case k == "罚款" && pr.FineFen > 0:
			parts = append(parts, "罚款"+law.Yuan(pr.FineFen)+"元")
		case strings.HasPrefix(k, "没收") && pr.ConfiscateFen > 0:
			parts = append(parts, k+law.Yuan(pr.ConfiscateFen)+"元")
		default:
			parts = append(parts, k)
		}
	}
	if len(parts) == 0 {
		return "给予行政处罚"
	}
	return strings.Join(parts, "，")
}

// publicParty is the party as published: a legal person's name and 统一社会信用代码, a
// natural person's surname + 某 (公示规定第六条).
func publicParty(parties []zhifa.Party) (name, code string) {
	var names []string
	for _, p := range parties {
		if p.Kind == zhifa.PartyOrg {
			names = append(names, p.Name)
			if code == "" {
				code = p.CreditCode
			}
		} else {
			names = append(names, law.MaskName(p.Name))
		}
	}
	return strings.Join(names, "、"), code
}

// redactInput is what redaction treats in a case: every natural person it names
// (parties, the witness of a seizure), the minors among them by their 身份证号, whether
// one is under 14; what stays (legal persons' names and codes, the agency); the trade
// secrets marked and the spans restored.
func redactInput(c *zhifa.Case, ag *zhifa.Agency, secrets, keep []string) law.RedactInput {
	in := law.RedactInput{Secrets: secrets, Keep: append([]string{ag.Name}, keep...)}
	day := c.State.DecidedOn
	if day.IsZero() {
		day = c.DiscoveredOn
	}
	for _, p := range c.Parties {
		if p.Kind == zhifa.PartyOrg {
			in.Keep = append(in.Keep, p.Name, p.CreditCode)
			continue
		}
		in.Persons = append(in.Persons, p.Name)
		if age, ok := law.PersonAge(p.IDNumber, day); ok && age < 18 {
			in.Minors = append(in.Minors, p.Name)
			in.Under14 = in.Under14 || age < 14
		}
	}
	if s := c.State.Seizure; s != nil && s.Witness != "" {
		in.Persons = append(in.Persons, s.Witness)
	}
	return in
}

// displayInput is what the display period of the case's decision depends on (公示规定
// 第十三条).
func displayInput(c *zhifa.Case, rule *zhifa.PublicityRule) law.DisplayInput {
	in := law.DisplayInput{LowFineFen: rule.LowFineFen}
	if pr := c.State.Proposal; pr != nil {
		in.Penalties, in.FineFen = pr.Penalties, pr.FineFen
	}
	return in
}

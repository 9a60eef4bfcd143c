package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/law"
)

// The officers of a copy (zhifa gen's bulk path, issue 11, gena). A copy of a model may
// name officers of its own: two (or as many as the model) officers of the model's agency
// whose certificates let them act on the model's filing day in the item's domain, checked
// by the same gate as a filing (law.CheckCaseOfficers: 行政处罚法第四十二条 for a penalty,
// the rule of its kind for another case). Every place a
// model's row names an officer follows: the case's officers (and so its my-cases rows and
// search text), the evidence rows' officers and their evidence.add entries' "officers",
// the officers' endings, and the text that names an officer by name or certificate number
// (a document's 执法人员及执法证号, an audit line). The acts stay the model's user's:
// a handler acts on any case of the agency, not only on those naming them.

// CopyModel is what the generator needs of a model to choose a copy's officers.
type CopyModel struct {
	// Agency is the model's agency: a copy keeps it.
	Agency int64
	// FiledOn is the model's filing day: a copy's officers must be certified on it.
	FiledOn zhifa.Date
	// Domain is the model's item's domain: a copy's officers' certificates must cover it.
	Domain string
	// Officers is the number of the model's officers: a copy names as many.
	Officers int
}

// Model describes the model case at index m (see Models).
func (cp *CaseCopier) Model(m int) CopyModel {
	if m < 0 || m >= len(cp.models) {
		return CopyModel{}
	}
	mc := cp.models[m]
	return CopyModel{Agency: mc.c.AgencyID, FiledOn: mc.c.State.FiledOn, Domain: mc.domain, Officers: len(mc.c.OfficerIDs)}
}

// copyOfficer is an officer as a copy names it.
type copyOfficer struct {
	o     *zhifa.Officer
	certs []*zhifa.Certificate // newest first
}

// cert is the certificate that lets the officer act on day in domain, nil for none.
func (o *copyOfficer) cert(day zhifa.Date, domain string) *zhifa.Certificate {
	for _, c := range o.certs {
		if law.MayAct(c, day) && (domain == "" || slices.Contains(c.Domains, domain)) {
			return c
		}
	}
	return nil
}

// officerMap is how a copy's rows name officers instead of its model's.
type officerMap struct {
	// ids maps each of the model's officers to the copy's (itself when kept).
	ids map[int64]int64
	// text are replacer pairs: each changed officer's name and certificate number.
	text []string
}

// officersOf loads the officers named by ids, caching them for the copier's life.
func (cp *CaseCopier) officersOf(ctx context.Context, tx zhifa.Tx, ids []int64) error {
	var missing []int64
	for _, id := range ids {
		if _, ok := cp.officers[id]; !ok && !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	officers, err := tx.OfficersByID(ctx, missing...)
	if err != nil {
		return err
	}
	certs, err := tx.Certificates(ctx, missing...)
	if err != nil {
		return err
	}
	if cp.officers == nil {
		cp.officers = map[int64]*copyOfficer{}
	}
	for _, o := range officers {
		cp.officers[o.ID] = &copyOfficer{o: o}
	}
	for _, c := range certs {
		if o := cp.officers[c.OfficerID]; o != nil {
			o.certs = append(o.certs, c)
		}
	}
	return nil
}

// mapOfficers checks the copy's officers against the model and the filing gate and maps
// the model's officers to them; nil officers keep the model's.
func (cp *CaseCopier) mapOfficers(ctx context.Context, tx zhifa.Tx, m *caseModel, officers []int64) (*officerMap, error) {
	model := m.c.OfficerIDs
	om := &officerMap{ids: make(map[int64]int64, len(model))}
	if officers == nil {
		for _, id := range model {
			om.ids[id] = id
		}
		return om, nil
	}
	if len(officers) != len(model) {
		return nil, zhifa.Errorf(zhifa.EINVALID, "复制案件的执法人员应为%d人", len(model))
	}
	if err := cp.officersOf(ctx, tx, append(slices.Clone(model), officers...)); err != nil {
		return nil, err
	}
	day := m.c.State.FiledOn
	names := make([]string, 0, len(officers))
	certs := map[string]*zhifa.Certificate{}
	for i, id := range officers {
		o := cp.officers[id]
		if o == nil || o.o.AgencyID != m.c.AgencyID || slices.Index(officers, id) != i {
			return nil, fieldError("officers", fmt.Sprintf("执法人员%d不存在、不属于本机关或重复", id))
		}
		// Officers share names: key by name and ID, as the filing's facts do.
		key := o.o.Name + "（" + strconv.FormatInt(id, 10) + "）"
		names = append(names, key)
		if c := o.cert(day, m.domain); c != nil && o.o.Active {
			certs[key] = c
		}
	}
	facts := &law.CaseFacts{Case: m.c, Domain: m.domain, Officers: names, Certs: certs}
	if err := law.CheckCaseOfficers(facts, day); err != nil {
		return nil, err
	}
	for i, old := range model {
		id := officers[i]
		om.ids[old] = id
		from, to := cp.officers[old], cp.officers[id]
		if from == nil || id == old {
			continue
		}
		om.text = append(om.text, from.o.Name, to.o.Name)
		if fc, tc := from.cert(day, m.domain), to.cert(day, m.domain); fc != nil && tc != nil {
			om.text = append(om.text, fc.Number, tc.Number)
		}
	}
	return om, nil
}

// mapped maps the officer IDs through the map, keeping one it does not name, ascending
// as evidence keeps them.
func (om *officerMap) mapped(ids []int64) []int64 {
	out := make([]int64, len(ids))
	for i, id := range ids {
		if n, ok := om.ids[id]; ok {
			id = n
		}
		out[i] = id
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// mapOfficerList maps a comma-separated list of officer IDs (evidence.add's "officers")
// through ids, ascending as the evidence row keeps them.
func mapOfficerList(v string, ids map[int64]int64) (string, error) {
	if v == "" {
		return v, nil
	}
	parts := strings.Split(v, ",")
	list := make([]int64, len(parts))
	for i, p := range parts {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return "", fmt.Errorf("officer %q is no ID", p)
		}
		if n, ok := ids[id]; ok {
			id = n
		}
		list[i] = id
	}
	slices.Sort(list)
	list = slices.Compact(list)
	for i, id := range list {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts[:len(list)], ","), nil
}

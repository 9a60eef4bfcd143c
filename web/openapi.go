package web

import (
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/law"
	"zhifa/ledger"
	"zhifa/web/kit"
	ledgerweb "zhifa/web/ledger"
)

// The OpenAPI document is built from the route table (apiOps) and, for the schemas, by
// reflection over the Go types the handlers decode and encode, so that it follows the code.

// apiOpenAPI serves the OpenAPI 3.1 document of the API.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	kit.WriteJSON(w, http.StatusOK, openAPIDoc(s.apiOps()))
}

var pathParamRE = regexp.MustCompile(`\{([^}.]+)(?:\.\.\.)?\}`)

// apiPathParams returns the wildcard names of a ServeMux pattern path, in order.
func apiPathParams(pattern string) []string {
	var out []string
	for _, m := range pathParamRE.FindAllStringSubmatch(pattern, -1) {
		if m[1] != "$" {
			out = append(out, m[1])
		}
	}
	return out
}

// openAPITags names the tag of each first path segment after /api/v1.
var openAPITags = map[string]string{
	"openapi.json": "文档", "login": "会话", "logout": "会话", "me": "会话",
	"agencies": "执法机关", "users": "用户", "officers": "执法人员", "certificates": "执法人员",
	"warnings": "执法人员", "items": "执法事项", "audit": "审计日志", "public": "公示", "evidence": "证据",
}

// openAPIDoc builds the document for ops.
func openAPIDoc(ops []kit.APIOp) map[string]any {
	g := newSchemaGen()
	paths := map[string]map[string]any{}
	tagSet := map[string]bool{}
	for _, op := range ops {
		item := paths[op.Pattern]
		if item == nil {
			item = map[string]any{}
			paths[op.Pattern] = item
		}
		seg, _, _ := strings.Cut(strings.TrimPrefix(op.Pattern, kit.APIPrefix+"/"), "/")
		tag := openAPITags[seg]
		if tag == "" {
			tag = "其他"
		}
		tagSet[tag] = true
		o := map[string]any{
			"operationId": operationID(op),
			"summary":     op.Summary,
			"tags":        []string{tag},
		}
		desc := op.Desc
		if op.Perm != app.PermPublic {
			desc = strings.TrimSpace(desc + "\n\n所需权限：" + string(op.Perm) + "。")
			o["x-permission"] = string(op.Perm)
		} else {
			o["security"] = []any{}
		}
		if desc != "" {
			o["description"] = desc
		}
		params := []any{}
		names := apiPathParams(op.Pattern)
		for _, name := range names {
			schema := map[string]any{"type": "string", "maxLength": kit.APIMaxText}
			pdesc := "编号"
			switch name {
			case "id":
				schema, pdesc = map[string]any{"type": "integer", "format": "int64", "minimum": 1}, "ID"
			case "code":
				pdesc = "事项编码"
			case "number":
				pdesc = "执法证件编号"
			case "action":
				schema, pdesc = map[string]any{"type": "string", "enum": law.Actions()}, "办案操作；请求体按操作取相应的结构（见 oneOf 中 x-action 相同者）"
			}
			params = append(params, map[string]any{"name": name, "in": "path", "required": true, "description": pdesc, "schema": schema})
		}
		for _, q := range op.Query {
			schema := map[string]any{"type": q.Type}
			switch {
			case q.Type == "integer":
				schema["format"] = "int64"
				schema["minimum"] = 0
				if q.Name == "limit" {
					schema["minimum"], schema["maximum"], schema["default"] = 1, kit.APIMaxLimit, kit.APIDefaultLimit
					if op.Pattern == kit.APIPrefix+"/audit" {
						schema["maximum"] = ledgerweb.APIMaxAuditLimit
					}
				}
			case q.Type == "string":
				schema["maxLength"] = kit.APIMaxText
			}
			params = append(params, map[string]any{"name": q.Name, "in": "query", "required": false, "description": q.Desc, "schema": schema})
		}
		if len(params) > 0 {
			o["parameters"] = params
		}
		switch {
		case op.Upload && op.Form != nil:
			props := g.object(reflect.TypeOf(op.Form))["properties"].(map[string]any)
			props["file"] = map[string]any{"type": "string", "contentMediaType": "application/octet-stream", "description": op.FileDesc}
			o["requestBody"] = map[string]any{
				"required": true,
				"content": map[string]any{"multipart/form-data": map[string]any{
					"schema": map[string]any{"type": "object", "required": []string{"file"}, "properties": props},
					// The fields are streamed in order: the file last.
					"encoding": map[string]any{"file": map[string]any{"contentType": "application/octet-stream"}},
				}},
			}
		case op.Upload:
			o["requestBody"] = map[string]any{
				"required": true,
				"content": map[string]any{"multipart/form-data": map[string]any{"schema": map[string]any{
					"type":     "object",
					"required": []string{"file"},
					"properties": map[string]any{"file": map[string]any{
						"type": "string", "contentMediaType": "application/octet-stream",
						"description": "CSV（UTF-8 或 GBK）或 XLSX 文件，不超过" + strconv.Itoa(app.MaxImportSize>>20) + " MiB",
					}},
				}}},
			}
		case op.Body != nil:
			o["requestBody"] = map[string]any{
				"required":    true,
				"description": "JSON 对象，不超过" + strconv.Itoa(kit.APIMaxBody>>10) + " KiB",
				"content":     map[string]any{"application/json": map[string]any{"schema": g.bodySchema(op.Body)}},
			}
			if op.Files != "" {
				o["requestBody"].(map[string]any)["content"].(map[string]any)["multipart/form-data"] = g.filesForm(op)
			}
		}
		status := op.Status
		if status == 0 {
			status = http.StatusOK
		}
		ok := map[string]any{"description": http.StatusText(status)}
		switch {
		case op.RespType != "":
			ok["content"] = map[string]any{op.RespType: map[string]any{"schema": map[string]any{"type": "string"}}}
		case op.Resp != nil:
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(op.Resp))}}
		}
		responses := map[string]any{strconv.Itoa(status): ok}
		errRef := func(code int, name string) {
			responses[strconv.Itoa(code)] = map[string]any{"$ref": "#/components/responses/" + name}
		}
		if op.Body != nil || op.Upload || len(op.Query) > 0 || len(names) > 0 {
			errRef(http.StatusUnprocessableEntity, "Invalid")
		}
		if op.Perm != app.PermPublic || op.Pattern == kit.APIPrefix+"/login" {
			errRef(http.StatusUnauthorized, "Unauthorized")
		}
		if op.Perm != app.PermPublic {
			errRef(http.StatusForbidden, "Forbidden")
		}
		if len(names) > 0 {
			errRef(http.StatusNotFound, "NotFound")
		}
		if (op.Method == http.MethodPost || op.Method == http.MethodPut) && op.Body != nil && op.Perm != app.PermPublic {
			errRef(http.StatusConflict, "Conflict")
		}
		responses["default"] = map[string]any{"$ref": "#/components/responses/Internal"}
		o["responses"] = responses
		item[strings.ToLower(op.Method)] = o
	}
	tags := make([]string, 0, len(tagSet))
	for t := range tagSet {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	tagList := make([]any, len(tags))
	for i, t := range tags {
		tagList[i] = map[string]any{"name": t}
	}
	errResp := func(desc string) map[string]any {
		return map[string]any{
			"description": desc,
			"content":     map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}},
		}
	}
	g.comps["Error"] = errorSchema()
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "行政执法综合管理监督信息系统 API",
			"version":     "1.0.0",
			"description": "zhifa 的 JSON 接口。除 /api/v1/public/… 、/api/v1/ledger/… 、登录和本文档外，请求须带 Authorization: Bearer TOKEN（由 POST /api/v1/login 取得）。错误统一为 {\"error\": {\"code\", \"message\", \"fields\", \"rule\"}}，HTTP 状态与错误码对应。",
		},
		"tags":     tagList,
		"security": []any{map[string]any{"bearerAuth": []string{}}},
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearerAuth": map[string]any{"type": "http", "scheme": "bearer", "description": "POST /api/v1/login 返回的令牌，12小时有效"},
			},
			"schemas": g.comps,
			"responses": map[string]any{
				"Invalid":      errResp("EINVALID：输入有误（fields 按字段列出问题）；或 EGATE：未满足法定条件（rule 指明依据）"),
				"Unauthorized": errResp("EUNAUTHORIZED：未登录、令牌无效或已过期，或登录失败"),
				"Forbidden":    errResp("EFORBIDDEN：无权执行此操作"),
				"NotFound":     errResp("ENOTFOUND：对象不存在或不在管理范围内"),
				"Conflict":     errResp("ECONFLICT：编号重复，或对象已被他人修改；EGATE（部分规则）"),
				"Internal":     errResp("EINTERNAL：系统内部错误"),
			},
		},
	}
}

// operationID is a stable identifier of an operation, e.g. "get_officers_id_personal".
func operationID(op kit.APIOp) string {
	p := strings.TrimPrefix(op.Pattern, kit.APIPrefix+"/")
	p = strings.NewReplacer("{", "", "}", "", ".", "_", "-", "_").Replace(p)
	return strings.ToLower(op.Method) + "_" + strings.ReplaceAll(p, "/", "_")
}

// errorSchema is the schema of the error body.
func errorSchema() map[string]any {
	return map[string]any{
		"type":        "object",
		"description": "错误。message 为中文说明；fields 为输入有误的字段及问题；rule 为未满足的法定条件及其依据。",
		"required":    []string{"error"},
		"properties": map[string]any{"error": map[string]any{
			"type":     "object",
			"required": []string{"code", "message"},
			"properties": map[string]any{
				"code":    map[string]any{"type": "string", "enum": []string{zhifa.EINVALID, zhifa.ENOTFOUND, zhifa.EFORBIDDEN, zhifa.EUNAUTHORIZED, zhifa.ECONFLICT, zhifa.EGATE, zhifa.EINTERNAL}},
				"message": map[string]any{"type": "string"},
				"fields":  map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
				"rule":    map[string]any{"type": "string"},
			},
		}},
	}
}

// schemaDocs describes the main schemas.
var schemaDocs = map[string]string{
	"Agency":           "行政执法机关（执法主体），或处于层级顶端的人民政府",
	"AgencyInput":      "执法机关的可编辑内容",
	"AgencyResult":     "保存后的执法机关及输入引起的提示（如统一社会信用代码校验位不符）",
	"User":             "用户账号",
	"UserInput":        "用户账号的内容；password 仅在新增或重置时使用",
	"Officer":          "执法人员；仅 /officers/{id}/personal 返回未脱敏的 id_number 和 phone",
	"OfficerView":      "执法人员及其执法证件、年审和培训记录；个人信息已脱敏",
	"OfficerInput":     "执法人员的可编辑内容",
	"Certificate":      "执法证件",
	"CertView":         "执法证件及其当前有效状态、状态变更历史和年审记录",
	"CertInput":        "新发放的执法证件",
	"CertEvent":        "执法证件状态的一次变更",
	"AnnualReview":     "执法证件年审",
	"Training":         "培训记录",
	"Item":             "执法事项（权责清单）；每次修改生成新版本",
	"ItemView":         "执法事项及实施机关名称",
	"ItemInput":        "执法事项的可编辑内容；修改时 version 为所编辑的版本号",
	"ItemVersion":      "执法事项的一个历史版本",
	"Basis":            "法律依据：法律名称、条款、条文内容",
	"ServiceGuide":     "办事指南",
	"AuditEntry":       "审计日志的一条记录",
	"Warning":          "人员预警",
	"PublicOfficer":    "公示的执法人员信息（不含个人信息）",
	"CertCheck":        "执法证件核验结果：今天是否有效",
	"ImportResult":     "批量导入的结果",
	"InclusionProof":   "账本条目的包含证明：两棵树（SHA-256、SM3）的审计路径",
	"ConsistencyProof": "两个检查点之间的一致性证明：两棵树（SHA-256、SM3）的证明路径",
	"EvidenceDoc":      "证据的登记信息（与其账本条目相同）及相关地址",
	"EvidenceLedger":   "证据的账本条目序号，及是否已纳入最新签名检查点",
	"AccessLog":        "证据的一次调阅：谁、何时、何处、事由",
	"OfficerRef":       "执法人员编号与姓名",
}

// schemaGen turns Go types into JSON Schemas, named structs into components.
type schemaGen struct {
	comps map[string]any
	names map[reflect.Type]string
	taken map[string]reflect.Type
}

func newSchemaGen() *schemaGen {
	return &schemaGen{comps: map[string]any{}, names: map[reflect.Type]string{}, taken: map[string]reflect.Type{}}
}

var (
	timeType = reflect.TypeOf(time.Time{})
	dateType = reflect.TypeOf(zhifa.Date{})
	hashType = reflect.TypeOf(ledger.Hash{})
)

// enumSchemas describes the string enums of the domain, with their Chinese labels.
var enumSchemas = func() map[reflect.Type]map[string]any {
	m := map[reflect.Type]map[string]any{}
	add := func(t reflect.Type, desc string, values []string, label func(string) string) {
		parts := make([]string, len(values))
		for i, v := range values {
			parts[i] = v + "=" + label(v)
		}
		m[t] = map[string]any{"type": "string", "enum": values, "description": desc + "：" + strings.Join(parts, "，")}
	}
	strs := func(n int, f func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	add(reflect.TypeOf(zhifa.AgencyLevel("")), "层级", strs(len(zhifa.AgencyLevels), func(i int) string { return string(zhifa.AgencyLevels[i]) }),
		func(s string) string { return zhifa.AgencyLevel(s).Label() })
	add(reflect.TypeOf(zhifa.AgencyType("")), "主体类型", strs(len(zhifa.AgencyTypes), func(i int) string { return string(zhifa.AgencyTypes[i]) }),
		func(s string) string { return zhifa.AgencyType(s).Label() })
	add(reflect.TypeOf(zhifa.Role("")), "角色", strs(len(zhifa.Roles), func(i int) string { return string(zhifa.Roles[i]) }),
		func(s string) string { return zhifa.Role(s).Label() })
	add(reflect.TypeOf(zhifa.ItemCategory("")), "事项类别", strs(len(zhifa.ItemCategories), func(i int) string { return string(zhifa.ItemCategories[i]) }),
		func(s string) string { return zhifa.ItemCategory(s).Label() })
	add(reflect.TypeOf(zhifa.EvidenceKind("")), "证据类别", strs(len(zhifa.EvidenceKinds), func(i int) string { return string(zhifa.EvidenceKinds[i]) }),
		func(s string) string { return zhifa.EvidenceKind(s).Label() })
	add(reflect.TypeOf(zhifa.TrainingKind("")), "培训类别", strs(len(zhifa.TrainingKinds), func(i int) string { return string(zhifa.TrainingKinds[i]) }),
		func(s string) string { return zhifa.TrainingKind(s).Label() })
	add(reflect.TypeOf(zhifa.Initiation("")), "检查启动方式（行政检查案件必填）", strs(len(zhifa.Initiations), func(i int) string { return string(zhifa.Initiations[i]) }),
		func(s string) string { return zhifa.Initiation(s).Label() })
	states := []zhifa.CertState{zhifa.CertValid, zhifa.CertSuspended, zhifa.CertRevoked, zhifa.CertCancelled, zhifa.CertExpired, zhifa.CertNotYet}
	add(reflect.TypeOf(zhifa.CertState("")), "证件状态", strs(len(states), func(i int) string { return string(states[i]) }),
		func(s string) string { return zhifa.CertState(s).Label() })
	perms := append([]app.Permission{app.PermPublic}, apiPermissions...)
	add(reflect.TypeOf(app.Permission("")), "权限", strs(len(perms), func(i int) string { return string(perms[i]) }),
		func(string) string { return "" })
	return m
}()

// schema returns the schema of t: a $ref for named structs and enums, inline otherwise.
func (g *schemaGen) schema(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case dateType:
		return map[string]any{"type": []string{"string", "null"}, "format": "date", "description": "日期 YYYY-MM-DD，未填为 null"}
	case hashType:
		return map[string]any{"type": "string", "format": "byte", "description": "32字节哈希的 Base64 编码"}
	}
	if e, ok := enumSchemas[t]; ok {
		return g.component(t, func() map[string]any { return e })
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return map[string]any{"type": "integer"}
	case reflect.Int64, reflect.Uint64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t)
		}
		return g.component(t, func() map[string]any { return g.object(t) })
	}
	return map[string]any{}
}

// bodySchema is the schema of a request body: for a case step, one schema per action.
func (g *schemaGen) bodySchema(body any) map[string]any {
	if _, ok := body.(app.ActionInput); ok {
		return g.caseActionSchemas()
	}
	return g.schema(reflect.TypeOf(body))
}

// caseActionSchemas describes the body of a case step as one schema per action (oneOf,
// chosen by the path's action, named in each schema's x-action): the fields every step
// reads and those the action's own steps read (the steps tags of app.ActionInput);
// version is always required, reason where every step of the action requires one.
func (g *schemaGen) caseActionSchemas() map[string]any {
	t := reflect.TypeOf(app.ActionInput{})
	all := g.object(t)["properties"].(map[string]any)
	var refs []any
	for _, action := range law.Actions() {
		props := map[string]any{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if steps, ok := f.Tag.Lookup("steps"); ok && !slices.Contains(strings.Split(steps, ","), string(action)) {
				continue
			}
			props[name] = all[name]
		}
		required := []string{"version"}
		if reasonRequired(action) {
			required = append(required, "reason")
		}
		step, _ := law.StepNamed(action)
		name := "CaseAction" + camelCase(string(action))
		g.comps[name] = map[string]any{"type": "object", "title": step.Label, "x-action": action,
			"description": "办案操作“" + step.Label + "”（" + string(action) + "）的请求体", "properties": props, "required": required}
		refs = append(refs, map[string]any{"$ref": "#/components/schemas/" + name})
	}
	return map[string]any{"oneOf": refs}
}

// reasonRequired reports whether every step named action needs a reason.
func reasonRequired(action zhifa.Action) bool {
	found := false
	for _, st := range law.Steps() {
		if st.Action == action {
			if !st.Reason {
				return false
			}
			found = true
		}
	}
	return found
}

// camelCase turns snake_case into CamelCase.
func camelCase(s string) string {
	parts := strings.Split(s, "_")
	for i, p := range parts {
		parts[i] = exportName(p)
	}
	return strings.Join(parts, "")
}

// fieldSchema is the schema of a struct field: its type's, with the unit of an amount
// in fen (unit:"fen") and the enum of a field whose values the law lists.
func (g *schemaGen) fieldSchema(f reflect.StructField, name string) map[string]any {
	if f.Tag.Get("unit") == "fen" {
		return map[string]any{"type": "integer", "format": "int64", "minimum": 0, "description": "金额，单位为分（1元=100分）"}
	}
	if values, ok := fieldEnums[name]; ok && f.Type.Kind() == reflect.String {
		return map[string]any{"type": "string", "enum": values}
	}
	if values, ok := fieldEnums[name]; ok && f.Type.Kind() == reflect.Slice {
		return map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": values}}
	}
	return g.schema(f.Type)
}

// fieldEnums are the values the law allows for input fields of these names.
var fieldEnums = map[string][]string{
	"penalties": law.PenaltyKinds,                                         // 行政处罚法第九条
	"disposal":  append(slices.Sorted(maps.Keys(law.Disposals)), "seize"), // 行政强制法第二十七条; end_preservation also 转为查封、扣押 (行政处罚法第五十六条)
}

// component registers the schema of a named type once and returns a $ref to it.
func (g *schemaGen) component(t reflect.Type, build func() map[string]any) map[string]any {
	name, ok := g.names[t]
	if !ok {
		name = exportName(t.Name())
		if other, clash := g.taken[name]; clash && other != t {
			name = exportName(pkgName(t)) + name
		}
		g.names[t], g.taken[name] = name, t
		g.comps[name] = map[string]any{} // placeholder against recursion
		schema := build()
		if doc, ok := schemaDocs[name]; ok {
			schema["description"] = doc
		}
		g.comps[name] = schema
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// object is the schema of a struct as encoding/json writes it: tagged names, "-"
// skipped, untagged embedded structs flattened, shallower fields winning.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var embedded []reflect.Type
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				embedded = append(embedded, et)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.fieldSchema(f, name)
	}
	for _, et := range embedded {
		inner := g.object(et)["properties"].(map[string]any)
		for k, v := range inner {
			if _, ok := props[k]; !ok {
				props[k] = v
			}
		}
	}
	return map[string]any{"type": "object", "properties": props}
}

func exportName(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return "Object"
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func pkgName(t reflect.Type) string {
	p := t.PkgPath()
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	return p
}

// filesForm documents, beside an operation's JSON body, the multipart form that carries
// the same fields with files in a repeated part.
func (g *schemaGen) filesForm(op kit.APIOp) map[string]any {
	props := map[string]any{}
	for k, v := range g.object(reflect.TypeOf(op.Body))["properties"].(map[string]any) {
		props[k] = v
	}
	props[op.Files] = map[string]any{"type": "array", "maxItems": supervision.MaxFiles, "description": op.FilesDesc,
		"items": map[string]any{"type": "string", "contentMediaType": "application/octet-stream"}}
	return map[string]any{"schema": map[string]any{"type": "object", "properties": props},
		"encoding": map[string]any{op.Files: map[string]any{"contentType": "image/jpeg, image/png, application/pdf, text/plain"}}}
}

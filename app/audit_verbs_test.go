package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"zhifa/app/analysis"
	"zhifa/app/execution"
	"zhifa/app/supervision"
	"zhifa/law"
)

// The audit log reads as sentences (issue 12, H4): every action the code can write has
// a Chinese verb and every kind of object a name. These tests find the actions in the Go
// source of app/... rather than in a list kept by hand, so a new action without a name
// fails here, not in front of a supervisor reading "其他操作".

// auditFamilies are the actions built at run time as a constant prefix and a suffix: the
// suffixes each can take, from the tables the code checks them against before it writes.
func auditFamilies() map[string][]string {
	var steps []string
	for _, a := range law.Actions() {
		steps = append(steps, string(a))
	}
	return map[string][]string{
		"case.":               steps, // cases.Act: law.Steps
		"complaint.":          supervision.ComplaintActions(),
		"problem.":            supervision.ProblemActions(),
		"analysis_":           analysis.HandlingActs(),
		"execution.":          execution.Acts(),
		"execution.property_": execution.PropertyActs(),
	}
}

// auditWriters are the calls whose second argument is the audit action of the write
// they run (kernel.Kernel.Write and the app's own write and readPersonal).
var auditWriters = []string{"Write", "write", "readPersonal"}

// auditSource is what the walk of the source found: the audit actions with where they
// are written, and the kinds of audited objects.
type auditSource struct {
	actions  map[string]string // action → file:line
	objects  map[string]string // kind → file:line
	problems []string          // what the walk could not resolve
}

// scanAuditSource walks the non-test Go files under dir.
func scanAuditSource(t *testing.T, dir string) *auditSource {
	t.Helper()
	src := &auditSource{actions: map[string]string{}, objects: map[string]string{}}
	fset := token.NewFileSet()
	families := auditFamilies()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		src.scanFile(fset, f, families)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func (s *auditSource) scanFile(fset *token.FileSet, f *ast.File, families map[string][]string) {
	consts := packageStrings(f)
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				s.call(fset, fn, consts, families, n)
			case *ast.CompositeLit:
				s.auditLiteral(fset, fn, consts, families, n)
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if sel, ok := lhs.(*ast.SelectorExpr); ok && sel.Sel.Name == "Object" && len(n.Rhs) == len(n.Lhs) {
						s.object(fset, n.Rhs[i])
					}
				}
			}
			return true
		})
	}
}

// call records the action of a write and the kind of an objectRef.
func (s *auditSource) call(fset *token.FileSet, fn *ast.FuncDecl, consts map[string]string, families map[string][]string, c *ast.CallExpr) {
	name := calleeName(c.Fun)
	switch {
	case slices.Contains(auditWriters, name) && len(c.Args) == 3:
		if _, isFunc := c.Args[2].(*ast.FuncLit); !isFunc && !isIdent(c.Args[2]) {
			return // not an audited write (an io.Writer's Write has one argument anyway)
		}
		s.action(fset, fn, consts, families, c.Args[1])
	case name == "objectRef" || name == "ObjectRef":
		if len(c.Args) != 2 {
			return
		}
		kind, ok := stringLit(c.Args[0])
		if !ok {
			if isParam(fn, c.Args[0]) && (fn.Name.Name == "objectRef" || fn.Name.Name == "ObjectRef") {
				return // the helper itself
			}
			s.problem(fset, c, "objectRef with a kind that is not a constant string")
			return
		}
		s.objects[kind] = fset.Position(c.Pos()).String()
	}
}

// auditLiteral records the action and object of an audit line written directly
// (&audit{Action: …} or &kernel.Audit{…}, for AuditFailure and recordFailure).
func (s *auditSource) auditLiteral(fset *token.FileSet, fn *ast.FuncDecl, consts map[string]string, families map[string][]string, lit *ast.CompositeLit) {
	if name := calleeName(lit.Type); name != "audit" && name != "Audit" {
		return
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch key, _ := kv.Key.(*ast.Ident); {
		case key == nil:
		case key.Name == "Action":
			s.action(fset, fn, consts, families, kv.Value)
		case key.Name == "Object":
			s.object(fset, kv.Value)
		}
	}
}

// action resolves the action expression e to the keys it can be.
func (s *auditSource) action(fset *token.FileSet, fn *ast.FuncDecl, consts map[string]string, families map[string][]string, e ast.Expr) {
	at := fset.Position(e.Pos()).String()
	if lit, ok := stringLit(e); ok {
		s.actions[lit] = at
		return
	}
	switch e := e.(type) {
	case *ast.Ident:
		if v, ok := consts[e.Name]; ok {
			s.actions[v] = at
			return
		}
		if isParam(fn, e) && slices.Contains(auditWriters, fn.Name.Name) {
			return // a writer passing its caller's action on; the caller is scanned
		}
		vals, ok := localStrings(fn, e.Name)
		if !ok {
			s.problem(fset, e, "action "+e.Name+" is not a constant string nor a local variable assigned only constant strings")
			return
		}
		for _, v := range vals {
			s.actions[v] = at
		}
	case *ast.BinaryExpr:
		prefix, ok := stringLit(e.X)
		suffixes, known := families[prefix]
		if e.Op != token.ADD || !ok || !known {
			s.problem(fset, e, "action built at run time without a family in auditFamilies")
			return
		}
		for _, suffix := range suffixes {
			s.actions[prefix+suffix] = at
		}
	default:
		s.problem(fset, e, "action expression the walk cannot resolve")
	}
}

// object records the kind of an object written as a string ("login/" + login).
func (s *auditSource) object(fset *token.FileSet, e ast.Expr) {
	if b, ok := e.(*ast.BinaryExpr); ok && b.Op == token.ADD {
		e = b.X
	}
	lit, ok := stringLit(e)
	if !ok {
		return // an objectRef call (recorded as a call) or a variable holding one
	}
	kind, _, _ := cutObject(lit)
	s.objects[kind] = fset.Position(e.Pos()).String()
}

func (s *auditSource) problem(fset *token.FileSet, n ast.Node, msg string) {
	s.problems = append(s.problems, fset.Position(n.Pos()).String()+": "+msg)
}

// calleeName is the name of a called function or type: F, x.F.
func calleeName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

func isIdent(e ast.Expr) bool { _, ok := e.(*ast.Ident); return ok }

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// isParam reports whether e is a parameter of fn.
func isParam(fn *ast.FuncDecl, e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	for _, field := range fn.Type.Params.List {
		for _, name := range field.Names {
			if name.Name == id.Name {
				return true
			}
		}
	}
	return false
}

// localStrings is every value assigned to the variable name in fn, when all of them are
// constant strings.
func localStrings(fn *ast.FuncDecl, name string) ([]string, bool) {
	var vals []string
	ok := true
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		as, isAssign := n.(*ast.AssignStmt)
		if !isAssign {
			return true
		}
		for i, lhs := range as.Lhs {
			if id, isID := lhs.(*ast.Ident); isID && id.Name == name {
				if len(as.Rhs) != len(as.Lhs) {
					ok = false
					continue
				}
				v, isLit := stringLit(as.Rhs[i])
				ok = ok && isLit
				vals = append(vals, v)
			}
		}
		return true
	})
	return vals, ok && len(vals) > 0
}

// packageStrings are the string constants declared at the top of f.
func packageStrings(f *ast.File) map[string]string {
	out := map[string]string{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i < len(vs.Values) {
					if v, ok := stringLit(vs.Values[i]); ok {
						out[name.Name] = v
					}
				}
			}
		}
	}
	return out
}

// unnamed lists the actions src found without a Chinese verb and the object kinds
// without a name, each with where it is written.
func (s *auditSource) unnamed() []string {
	var out []string
	for _, action := range slices.Sorted(maps.Keys(s.actions)) {
		if AuditVerb(action) == AuditVerb("") {
			out = append(out, s.actions[action]+": the audit action "+strconv.Quote(action)+" has no Chinese verb in auditVerbs (app/audit_view.go)")
		}
	}
	for _, kind := range slices.Sorted(maps.Keys(s.objects)) {
		if objectNames[kind] == "" {
			out = append(out, s.objects[kind]+": the audited object kind "+strconv.Quote(kind)+" has no name in objectNames (app/audit_view.go)")
		}
	}
	return out
}

// TestAuditVerbsCoverTheCode fails on any action the code of app/... can write without a
// Chinese verb, and on any kind of audited object without a name.
func TestAuditVerbsCoverTheCode(t *testing.T) {
	src := scanAuditSource(t, ".")
	for _, p := range src.problems {
		t.Error(p)
	}
	// The walk must see the writes of the contexts and of every kind, not only the app's.
	for _, want := range []string{"user.login", "user.password", "case.open", "case.decide", "complaint.accept", "problem.return",
		"execution.property_record", "execution.enforce", "analysis_close", "benchmark.create", "list.update", "document.issue", "evidence.add"} {
		if _, ok := src.actions[want]; !ok {
			t.Errorf("the walk did not find the action %s", want)
		}
	}
	for _, want := range []string{"case", "login", "clocks", "payment_channel", "analysis_warning"} {
		if _, ok := src.objects[want]; !ok {
			t.Errorf("the walk did not find the object kind %s", want)
		}
	}
	for _, u := range src.unnamed() {
		t.Error(u)
	}
}

// TestAuditVerbsFailOnAMissingLabel proves the guard: without one verb, one step label
// or one object name, the check reports exactly that one.
func TestAuditVerbsFailOnAMissingLabel(t *testing.T) {
	src := scanAuditSource(t, ".")
	for _, tt := range []struct {
		names map[string]string
		key   string
		want  string
	}{
		{auditVerbs, "complaint.refuse", `"complaint.refuse" has no Chinese verb`},
		{auditVerbs, "execution.property_decide", `"execution.property_decide" has no Chinese verb`},
		{auditVerbs, "seal.revoke", `"seal.revoke" has no Chinese verb`},
		{auditVerbs, "analysis_run", `"analysis_run" has no Chinese verb`},
		{objectNames, "payment_channel", `kind "payment_channel" has no name`},
		{objectNames, "clocks", `kind "clocks" has no name`},
	} {
		saved, ok := tt.names[tt.key]
		if !ok {
			t.Fatalf("%s is not named", tt.key)
		}
		delete(tt.names, tt.key)
		got := src.unnamed()
		tt.names[tt.key] = saved
		if len(got) != 1 || !strings.Contains(got[0], tt.want) {
			t.Errorf("without the name of %s the check reports %q, want one line with %q", tt.key, got, tt.want)
		}
	}
	// An action outside its family's table is not named by accident.
	for _, action := range []string{"complaint.no_such_step", "case.no_such_step", "execution.property_no_such_act"} {
		if AuditVerb(action) != AuditVerb("") {
			t.Errorf("AuditVerb(%q) = %q", action, AuditVerb(action))
		}
	}
}

// TestAuditActionsAreNamed checks the filter of the audit log: every action it offers
// has a verb of its own.
func TestAuditActionsAreNamed(t *testing.T) {
	for _, a := range AuditActions() {
		if a.Verb == AuditVerb("") || a.Verb == "" {
			t.Errorf("%s has no verb", a.Key)
		}
	}
}

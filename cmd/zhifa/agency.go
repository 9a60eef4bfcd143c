package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
)

// cmdAgency dispatches "agency add". A fresh installation has no agency, and an account
// needs one, so the first agency (usually the people's government at the top of the
// hierarchy) is created here; the rest are managed in the workspace by its admin.
func cmdAgency(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return &usageError{"missing subcommand: add (run 'zhifa agency -h' for usage)"}
	}
	switch args[0] {
	case "add":
		return agencyAdd(ctx, e, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(e.stdout, `Usage: zhifa agency add [flags]

Creates an agency; without --parent it is a root of the hierarchy. 新增机关。
Run "zhifa agency add -h" for the flags.
`)
		return nil
	default:
		return &usageError{fmt.Sprintf("unknown subcommand %q: want add", args[0])}
	}
}

func agencyAdd(ctx context.Context, e *env, args []string) error {
	var f storeFlags
	var in personnel.AgencyInput
	var level, typ, parent string
	fs := newFlagSet(e, "agency add", "--name N --level L --type T [--parent ID] [--region CODE] [--basis TEXT] [--data DIR | --db URL]",
		"Creates an agency; without --parent it is a root of the hierarchy, for example\n"+
			"  zhifa agency add --name 东港市人民政府 --level city --type government --region 371800\n"+
			"then 'zhifa user add --role admin --agency 东港市人民政府' creates its administrator. 新增机关。")
	fs.StringVar(&in.Name, "name", "", "the agency's full `NAME` (required) 机关全称")
	fs.StringVar(&in.ShortName, "short", "", "`SHORT` name used in case numbers (代字) 简称")
	fs.StringVar(&level, "level", "", "`LEVEL`: national, province, city, county or township (required) 层级")
	fs.StringVar(&typ, "type", "", "`TYPE`: government, administrative, authorized or entrusted (required) 主体类型")
	fs.StringVar(&parent, "parent", "", "the superior agency: its `ID` or exact name (omit for a root) 上级机关")
	fs.StringVar(&in.RegionCode, "region", "", "administrative division `CODE` (6 digits; default: the parent's) 行政区划代码")
	fs.StringVar(&in.CreditCode, "credit-code", "", "统一社会信用代码 `CODE`")
	fs.StringVar(&in.LegalBasis, "basis", "", "legal basis of its enforcement powers, `TEXT` (required unless --type government) 设立依据")
	f.register(fs, e)
	if err := fs.parse(args); err != nil {
		return err
	}
	in.Level, in.Type = zhifa.AgencyLevel(strings.TrimSpace(level)), zhifa.AgencyType(strings.TrimSpace(typ))
	var missing []string
	for _, m := range []struct{ flag, v string }{{"--name", in.Name}, {"--level", level}, {"--type", typ}} {
		if strings.TrimSpace(m.v) == "" {
			missing = append(missing, m.flag)
		}
	}
	if len(missing) > 0 {
		return &usageError{"missing " + strings.Join(missing, ", ") + " (run 'zhifa agency add -h' for usage)"}
	}
	if !in.Level.Valid() {
		return &usageError{fmt.Sprintf("--level %q: want national, province, city, county or township", level)}
	}
	if !in.Type.Valid() {
		return &usageError{fmt.Sprintf("--type %q: want government, administrative, authorized or entrusted", typ)}
	}
	db, err := openStore(ctx, e, &f, newLogger(e, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	a := app.New(db, app.Options{Logger: newLogger(e, slog.LevelWarn)})
	sys := app.WithActor(ctx, app.SystemActor(cliActor))
	if parent != "" {
		p, err := findAgency(sys, a, parent)
		if err != nil {
			return err
		}
		in.ParentID = p.ID
		if in.RegionCode == "" { // a bureau usually sits in its government's division
			in.RegionCode = p.RegionCode
		}
	}
	res, err := a.Personnel().CreateAgency(sys, in)
	if err != nil {
		return fmt.Errorf("add %s: %w", in.Name, err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stderr, "warning: %s\n", w)
	}
	fmt.Fprintf(e.stdout, "created agency %s (id %d)\n", res.Agency.Name, res.Agency.ID)
	return nil
}

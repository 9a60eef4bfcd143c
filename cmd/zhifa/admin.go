package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"zhifa"
	"zhifa/app"
)

// cliActor is the actor of command-line administration; it appears in the audit log.
const cliActor = "cli"

// cmdMigrate applies the migrations and exits.
func cmdMigrate(ctx context.Context, e *env, args []string) error {
	var f storeFlags
	fs := newFlagSet(e, "migrate", "[--data DIR | --db URL]",
		"Applies the pending database migrations and exits. serve and demo migrate on start as well;\n"+
			"run this before a rolling upgrade of several instances. 执行数据库迁移。")
	f.register(fs, e)
	if err := fs.parse(args); err != nil {
		return err
	}
	db, err := openStore(ctx, e, &f, newLogger(e, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(e.stdout, "database migrated (%s)\n", db.Engine())
	return nil
}

// cmdUser dispatches "user add" and "user list".
func cmdUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return &usageError{"missing subcommand: add or list (run 'zhifa user -h' for usage)"}
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, e, args[1:])
	case "list":
		return userList(ctx, e, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(e.stdout, `Usage: zhifa user <add|list> [flags]

Manages accounts. 账号管理。
  add     create an account; the password is read from the first line of stdin  新增账号，密码从标准输入读取
  list    list the accounts                                                      列出账号

Run "zhifa user add -h" or "zhifa user list -h" for the flags.
`)
		return nil
	default:
		return &usageError{fmt.Sprintf("unknown subcommand %q: want add or list", args[0])}
	}
}

func userAdd(ctx context.Context, e *env, args []string) error {
	var f storeFlags
	var login, name, role, agency string
	var officer int64
	fs := newFlagSet(e, "user add", "--login L --name N --role R --agency ID [--officer ID] [--data DIR | --db URL] < password",
		"Creates an account. The password is the first line of standard input, for example\n"+
			"  printf '%s\\n' \"$PASSWORD\" | zhifa user add --login admin --name 管理员 --role admin --agency 1\n"+
			"Roles: admin, officer, reviewer, head, supervisor, social_supervisor. 新增账号，密码从标准输入第一行读取。")
	fs.StringVar(&login, "login", "", "login `NAME`: 3-32 letters, digits, _ . -, starting with a letter (required) 登录名")
	fs.StringVar(&name, "name", "", "the person's `NAME` (required) 姓名")
	fs.StringVar(&role, "role", "", "`ROLE`: admin, officer, reviewer, head, supervisor or social_supervisor (required) 角色")
	fs.StringVar(&agency, "agency", "", "the account's agency: its `ID` or exact name (required; see 'zhifa user list') 所属机关")
	fs.Int64Var(&officer, "officer", 0, "`ID` of the officer record of this person, if any 关联执法人员")
	f.register(fs, e)
	if err := fs.parse(args); err != nil {
		return err
	}
	var missing []string
	for _, m := range []struct{ flag, v string }{{"--login", login}, {"--name", name}, {"--role", role}, {"--agency", agency}} {
		if strings.TrimSpace(m.v) == "" {
			missing = append(missing, m.flag)
		}
	}
	if len(missing) > 0 {
		return &usageError{"missing " + strings.Join(missing, ", ") + " (run 'zhifa user add -h' for usage)"}
	}
	if !zhifa.Role(role).Valid() {
		return &usageError{fmt.Sprintf("--role %q: want admin, officer, reviewer, head or supervisor", role)}
	}
	password, err := readPassword(e)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, e, &f, newLogger(e, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	a := app.New(db, app.Options{Logger: newLogger(e, slog.LevelWarn)})
	sys := app.WithActor(ctx, app.SystemActor(cliActor))
	ag, err := findAgency(sys, a, agency)
	if err != nil {
		return err
	}
	u, err := a.CreateUser(sys, app.UserInput{Login: login, Name: name, Role: zhifa.Role(role), AgencyID: ag.ID, OfficerID: officer, Password: password})
	if err != nil {
		return fmt.Errorf("add %s: %w", login, err)
	}
	fmt.Fprintf(e.stdout, "created user %s (id %d, %s) in %s\n", u.Login, u.ID, u.Role, ag.Name)
	return nil
}

// readPassword reads the first line of stdin; on a terminal it prompts first (the input
// is echoed: pipe the password in to keep it off the screen).
func readPassword(e *env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprint(e.stderr, "Password 密码: ")
		}
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", &usageError{"no password on stdin: pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | zhifa user add ..."}
	}
	return line, nil
}

// findAgency finds an agency by ID or exact name.
func findAgency(ctx context.Context, a *app.App, ref string) (*zhifa.Agency, error) {
	ref = strings.TrimSpace(ref)
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		ag, err := a.Personnel().Agency(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("agency %d: %w", id, err)
		}
		return ag, nil
	}
	all, err := a.Personnel().Agencies(ctx)
	if err != nil {
		return nil, err
	}
	for _, ag := range all {
		if ag.Name == ref {
			return ag, nil
		}
	}
	return nil, fmt.Errorf("no agency named %q (see 'zhifa user list' for the agencies)", ref)
}

func userList(ctx context.Context, e *env, args []string) error {
	var f storeFlags
	fs := newFlagSet(e, "user list", "[--data DIR | --db URL]", "Lists the agencies and the accounts. 列出机关和账号。")
	f.register(fs, e)
	if err := fs.parse(args); err != nil {
		return err
	}
	db, err := openStore(ctx, e, &f, newLogger(e, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	a := app.New(db, app.Options{Logger: newLogger(e, slog.LevelWarn)})
	sys := app.WithActor(ctx, app.SystemActor(cliActor))
	agencies, err := a.Personnel().Agencies(sys)
	if err != nil {
		return err
	}
	users, err := a.Users(sys)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "AGENCY ID\tPARENT\tAGENCY")
	for _, ag := range agencies {
		names[ag.ID] = ag.Name
		parent := "-"
		if ag.ParentID != 0 {
			parent = strconv.FormatInt(ag.ParentID, 10)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\n", ag.ID, parent, ag.Name)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout)
	tw = tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USER ID\tLOGIN\tROLE\tSTATUS\tAGENCY\tNAME")
	for _, u := range users {
		status := "active"
		if u.Disabled {
			status = "disabled"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Login, u.Role, status, names[u.AgencyID], u.Name)
	}
	return tw.Flush()
}

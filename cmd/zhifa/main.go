// Command zhifa is the administrative law-enforcement management and supervision system
// (行政执法综合管理监督信息系统): one binary that serves the staff workspace, the public
// portal and the JSON API, and administers its database.
//
// Run "zhifa help" for the subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3"; when empty it is
// taken from the build's module or VCS information.
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed
	exitUsage = 2 // bad command line
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

var commands = []command{
	{"serve", "serve the web workspace, public portal and API / 启动服务", cmdServe},
	{"demo", "fill an empty data directory with the demo city, then serve it / 演示模式", cmdDemo},
	{"gen", "fill an empty database with generated cases, for sizing and benchmarks / 生成演示数据", cmdGen},
	{"migrate", "apply database migrations and exit / 执行数据库迁移", cmdMigrate},
	{"agency", "create an agency, e.g. the first one of a new installation / 新增机关", cmdAgency},
	{"user", "manage accounts: user add, user list / 账号管理", cmdUser},
	{"backup", "take an online, consistent backup / 在线备份", cmdBackup},
	{"restore", "restore a backup into an empty target / 从备份恢复", cmdRestore},
	{"verify", "verify the tamper-evident ledger / 核验防篡改账本", cmdVerify},
	{"workday", "import a holiday notice into the working-day calendar / 导入节假日安排", cmdWorkday},
	{"redact", "apply the publication's redaction rules to a text / 公示文本脱敏", cmdRedact},
	{"version", "print the version / 显示版本", cmdVersion},
	{"help", "show help for a command / 显示帮助", nil},
}

// env is what a command sees of the outside world.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// usageError is a bad command line: it exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// run is the whole program: it parses args, runs the command and returns the exit code.
// Every failure is reported as one line on stderr.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && rest[0] != "help" {
			if c := lookup(rest[0]); c != nil {
				// "zhifa help serve" is "zhifa serve -h".
				return finish(e, c.name, c.run(ctx, e, []string{"-h"}))
			}
			fmt.Fprintf(stderr, "zhifa: unknown command %q; run 'zhifa help' for usage\n", rest[0])
			return exitUsage
		}
		usage(stdout)
		return exitOK
	}
	c := lookup(name)
	if c == nil || c.run == nil {
		fmt.Fprintf(stderr, "zhifa: unknown command %q; run 'zhifa help' for usage\n", name)
		return exitUsage
	}
	return finish(e, c.name, c.run(ctx, e, rest))
}

// finish reports err as one line and returns the exit code.
func finish(e *env, name string, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	msg := err.Error()
	msg = strings.ReplaceAll(msg, ":\n", ": ")
	msg = strings.ReplaceAll(msg, "\n", "; ")
	msg = strings.Join(strings.Fields(msg), " ")
	fmt.Fprintf(e.stderr, "zhifa %s: %s\n", name, msg)
	var ue *usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitError
}

func lookup(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprint(w, `zhifa — 行政执法综合管理监督信息系统 (administrative law-enforcement management and supervision)

Usage:
  zhifa <command> [flags]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run "zhifa <command> -h" (or "zhifa help <command>") for the flags of a command.

Environment:
  ZHIFA_ADDR      listen address, as --addr           监听地址
  ZHIFA_DATA      data directory, as --data           数据目录
  ZHIFA_DB        PostgreSQL URL, as --db             PostgreSQL 连接串
  ZHIFA_PII_KEY   base64 of the 32-byte key for personal data at rest; default: DATA/keys/pii.key
                  个人信息加密密钥；缺省为 DATA/keys/pii.key
  ZHIFA_LEDGER_KEY       the Ed25519 checkpoint signing key itself (PRIVATE+KEY+...); default: DATA/keys/ledger.key,
                         generated on first start. Every server of one database needs the same key.
                         账本检查点签名密钥；缺省为 DATA/keys/ledger.key（首次启动时生成）
  ZHIFA_LEDGER_SM2_KEY   an SM2 private key (PEM) to sign checkpoints with as well; default: DATA/keys/ledger-sm2.key if present
                         SM2 签名私钥（PEM，可选）
  ZHIFA_LEDGER_ORIGIN    the ledger's name for a new key, as --origin    账本名称
  ZHIFA_BLOBS     evidence storage directory, as --blobs (default DATA/blobs)   证据文件存储目录
  ZHIFA_S3        evidence storage in an S3-compatible bucket, as --s3:
                  http[s]://ACCESS:SECRET@HOST[:PORT]/BUCKET[/PREFIX][?region=REGION]   S3 兼容对象存储
  ZHIFA_MAX_EVIDENCE     largest evidence file, as --max-evidence (default 4GiB)   单个证据文件大小上限
Flags win over the environment.
`)
}

// flagSet is a command's flags with its help text.
type flagSet struct {
	*flag.FlagSet
	help func()
}

// newFlagSet returns a flag set whose errors are returned, not printed: run prints them
// as one line. -h prints the usage, with the text of the command, to stdout.
func newFlagSet(e *env, name, synopsis, about string) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet("zhifa "+name, flag.ContinueOnError)}
	fs.SetOutput(io.Discard)
	// The flag package calls Usage on every parse error; parse prints the help only for -h.
	fs.Usage = func() {}
	fs.help = func() {
		fmt.Fprintf(e.stdout, "Usage: zhifa %s %s\n\n%s\n\nFlags:\n", name, synopsis, about)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses args. -h shows the help and returns flag.ErrHelp; a bad flag or a stray
// argument is a usageError.
func (fs *flagSet) parse(args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.help()
			return flag.ErrHelp
		}
		return &usageError{fmt.Sprintf("%v (run '%s -h' for usage)", err, fs.Name())}
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q (run '%s -h' for usage)", fs.Arg(0), fs.Name())}
	}
	return nil
}

// cmdVersion prints the version.
func cmdVersion(_ context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "version", "", "Prints the version of zhifa. 显示版本。")
	if err := fs.parse(args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "zhifa", buildVersion())
	return nil
}

// buildVersion is the version set with -ldflags, else the module version, else the VCS
// revision, else "dev".
func buildVersion() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "-dirty"
	}
	return "dev-" + rev
}

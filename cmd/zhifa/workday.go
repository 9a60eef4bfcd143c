package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"zhifa/app"
)

// cmdWorkday dispatches "workday import".
func cmdWorkday(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return &usageError{"missing subcommand: import (run 'zhifa workday -h' for usage)"}
	}
	switch args[0] {
	case "import":
		return workdayImport(ctx, e, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(e.stdout, `Usage: zhifa workday import --file FILE [--data DIR | --db URL]

Adds a State Council holiday notice (国务院办公厅关于部分节假日安排的通知) to the working-day
calendar. 导入国务院节假日安排。 The file has one line per holiday or make-up working day:
  # 国务院办公厅关于2027年部分节假日安排的通知
  2027-02-06..2027-02-12 holiday 春节
  2027-02-20 workday 春节调休
A year already in the calendar is replaced whole. Years not imported count weekends only
and every deadline in them is marked provisional (暂定).
`)
		return nil
	default:
		return &usageError{fmt.Sprintf("unknown subcommand %q: want import", args[0])}
	}
}

func workdayImport(ctx context.Context, e *env, args []string) error {
	var f storeFlags
	var path string
	fs := newFlagSet(e, "workday import", "--file FILE [--data DIR | --db URL]",
		"Imports a holiday notice into the working-day calendar (run 'zhifa workday -h' for the format). 导入节假日安排。")
	fs.StringVar(&path, "file", "", "the notice `FILE`, or - for standard input (required) 节假日安排文件")
	f.register(fs, e)
	if err := fs.parse(args); err != nil {
		return err
	}
	if path == "" {
		return &usageError{"missing --file (run 'zhifa workday import -h' for usage)"}
	}
	in := e.stdin
	if path != "-" {
		file, err := os.Open(path)
		if err != nil {
			return err
		}
		defer file.Close()
		in = file
	}
	db, err := openStore(ctx, e, &f, newLogger(e, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer db.Close()
	a := app.New(db, app.Options{Logger: newLogger(e, slog.LevelWarn)})
	years, err := a.ImportWorkdays(app.WithActor(ctx, app.SystemActor(cliActor)), in)
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	fmt.Fprintf(e.stdout, "imported the holiday notice for %v\n", years)
	return nil
}

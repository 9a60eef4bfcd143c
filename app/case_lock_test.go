package app_test

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/kernel"
	"zhifa/idcode"
	"zhifa/sqlstore"
)

// TestCaseStepLock: a case step runs at READ COMMITTED on PostgreSQL under its case's
// row lock (issue 11). While an archive step of a case is inside its transaction — its
// gates passed, its effect not yet committed — a record added to the same case through
// another server waits for it and is then refused by the gate the archive closed
// (案件已归档); the two cannot both pass. A step and a record of another case meanwhile
// commit without waiting. On SQLite (one writer) the refusal holds the same way.
func TestCaseStepLock(t *testing.T) {
	for _, engine := range []string{sqlstore.EngineSQLite, sqlstore.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			var stores [2]*sqlstore.DB
			if engine == sqlstore.EnginePostgres {
				stores[0], stores[1] = openPostgresTwice(t)
			} else {
				key := make([]byte, 32)
				rand.Read(key)
				db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				stores = [2]*sqlstore.DB{db, db}
			}
			// The archive of the held case stops in its pipeline until released.
			var holdCase atomic.Int64
			inside, release := make(chan struct{}), make(chan struct{})
			hold := kernel.Stage{Name: "hold", Phase: kernel.PhaseSaved, Run: func(ctx context.Context, r *kernel.StepRun) (string, map[string]string, error) {
				if r.Action == zhifa.ActArchive && r.Case.ID == holdCase.Load() {
					close(inside)
					<-release
				}
				return "", nil, nil
			}}
			logger := slog.New(slog.NewTextHandler(io.Discard, nil))
			apps := [2]*app.App{
				app.New(stores[0], app.Options{Logger: logger, Stages: []kernel.Stage{hold}}),
				app.New(stores[1], app.Options{Logger: logger}),
			}
			ag := seedConcurrentWorld(t, apps[0])[0]
			head := lockTestHead(t, apps[0], ag)
			closed := func() *app.CaseView {
				t.Helper()
				v := fileLockTestCase(t, apps[0], ag)
				v, err := apps[0].Act(head, v.ID, zhifa.ActWithdraw, app.ActionInput{Version: v.Version, Reason: "违法事实不能成立"})
				if err != nil {
					t.Fatalf("withdraw: %v", err)
				}
				return v
			}
			held, other := closed(), closed()
			holdCase.Store(held.ID)

			archived := make(chan error, 1)
			go func() {
				_, err := apps[0].Act(ag.as, held.ID, zhifa.ActArchive, app.ActionInput{Version: held.Version})
				archived <- err
			}()
			<-inside
			added := make(chan error, 1)
			go func() {
				_, err := apps[1].AddRecord(ag.as, held.ID, app.RecordInput{Kind: zhifa.RecordDocument, Title: "补充询问笔录"})
				added <- err
			}()
			if engine == sqlstore.EnginePostgres {
				done := make(chan error, 1)
				go func() {
					if _, err := apps[1].AddRecord(ag.as, other.ID, app.RecordInput{Kind: zhifa.RecordDocument, Title: "结案报告"}); err != nil {
						done <- err
						return
					}
					_, err := apps[1].Act(ag.as, other.ID, zhifa.ActArchive, app.ActionInput{Version: other.Version})
					done <- err
				}()
				select {
				case err := <-done:
					if err != nil {
						t.Errorf("another case's record and archive: %v", err)
					}
				case <-time.After(20 * time.Second):
					t.Fatal("another case's writes waited for the held case")
				}
				select {
				case err := <-added:
					t.Fatalf("the record did not wait for the archive of its case: %v", err)
				case <-time.After(200 * time.Millisecond):
				}
			}
			close(release)
			if err := <-archived; err != nil {
				t.Fatalf("archive: %v", err)
			}
			err := <-added
			if zhifa.ErrorCode(err) != zhifa.EINVALID || !strings.Contains(err.Error(), "已归档") {
				t.Fatalf("record added beside the archive: err = %v, want the archived case's refusal", err)
			}
			v, err := apps[0].Case(ag.as, held.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.Stage != zhifa.StageArchive || len(v.Records) != 0 {
				t.Errorf("held case: stage %s, %d records", v.Stage, len(v.Records))
			}
		})
	}
}

// lockTestHead creates a head of the agency and returns the head's session.
func lockTestHead(t *testing.T, a *app.App, ag *concurrentAgency) context.Context {
	t.Helper()
	ctx := context.Background()
	sys := app.WithActor(ctx, app.SystemActor("test"))
	if _, err := a.CreateUser(sys, app.UserInput{Login: "lock-head", Name: "负责人", Role: zhifa.RoleHead, AgencyID: ag.id, Password: "concurrent-pass-123"}); err != nil {
		t.Fatal(err)
	}
	token, _, err := a.Login(app.WithActor(ctx, &app.Actor{IP: "192.0.2.1"}), "lock-head", "concurrent-pass-123", zhifa.SessionAPI)
	if err != nil {
		t.Fatal(err)
	}
	actor, err := a.Authenticate(ctx, token, zhifa.SessionAPI)
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(ctx, actor)
}

// fileLockTestCase files a case of the agency.
func fileLockTestCase(t *testing.T, a *app.App, ag *concurrentAgency) *app.CaseView {
	t.Helper()
	id, err := idcode.NewPersonID("370202", time.Date(1990, 5, 1, 0, 0, 0, 0, time.UTC), 7)
	if err != nil {
		t.Fatal(err)
	}
	v, err := a.FileCase(ag.as, app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Item: ag.item, Officers: ag.officers,
		OccurredOn: zhifa.MustDate("2026-02-20"), Facts: "销售不符合标准的商品",
		Parties: []app.PartyInput{{Kind: zhifa.PartyPerson, Name: "当事人甲", IDNumber: id.String(), Phone: "13912345678"}}})
	if err != nil {
		t.Fatalf("file case: %v", err)
	}
	return v
}

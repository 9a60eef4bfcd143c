package sqlstore

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"zhifa"
)

// Case numbers taken with the commit (PostgreSQL, issue 11).
//
// A filing's number is its sequence's counter row, bumped in the filing transaction and
// locked from the bump to the commit (case.go): the next filing of the same agency, year
// and kind waits for it. Taken as a statement of its own, the bump keeps the lock over
// two round trips — the bump's answer, the client building the case's rows, then the
// rows and the COMMIT — and one agency's filings queue on it.
//
// A process files most of an agency's cases itself, so it knows the number the counter
// will give next: the one its last filing of the sequence committed, plus one. The
// filings of one sequence in this process take turns on its seqSlot, from NextCaseSeq
// to the end of the transaction; the holder that knows the counter's value takes the
// next number and a case id (from a block, caseIDs) at once, without a statement, and
// its bump goes out in the pipeline of its commit, before the case's rows: the counter
// is locked only while the server runs the rows and the COMMIT, with no round trip in
// between. The bump there checks that it gave the number the filing used and fails the
// statement otherwise (a division by zero, errNumberMoved), so that nothing of the
// filing commits under a number the counter did not give: another process filed in the
// sequence meanwhile, or a filing of this process that gave up waiting for its turn
// (seqWait). The filing then runs again (Update's retry), with the number from the bump
// as before. Numbers stay unique and without gaps: the counter row gives them, in the
// filing's transaction, as before; what the slot adds is the guess, which the counter
// confirms or refutes. A filing whose slot knows no value (the first of the sequence in
// this process, one after a failed filing) bumps as before, under its turn, and its
// commit tells the slot the value.
//
// The turn is taken with a bound (seqWait): a filing that waited that long bumps as
// before, without the slot, so that a transaction holding a lock that the turn's holder
// waits for (which the server cannot see as a deadlock) does not wait for ever.
//
// Several servers on one database (README, 多实例部署) that file in one sequence
// refute each other's guesses: when a load balancer spreads an agency's staff over two
// servers, nearly every other filing came from the other server, and each refuted
// guess costs a failed pipeline and the filing again (BenchmarkCaseWrites,
// FileCase,servers=2: 0.27–0.45 retries a filing, 1.3–2 × one server's CPU). A slot
// whose guess was refuted therefore stops guessing (doubt): its filings bump as before,
// which is always right, and each bump tells whether another process filed since this
// one's last filing (the counter gave more than one past it). The slot guesses again
// only after seqDoubt bumps in a row found the counter where this process left it, so a
// process is refuted at most once per seqDoubt of its filings.

// seqWait is how long a filing waits for its sequence's turn in this process before it
// bumps the counter as before.
const seqWait = 2 * time.Second

// seqDoubt is the number of bumps in a row that must find the counter where this
// process's last filing left it before a slot whose guess was refuted guesses again.
const seqDoubt = 8

// errNumberMoved is the failure of a filing whose number the counter did not give; it
// is run again (isRetryable).
var errNumberMoved = errors.New("next case number: the number was taken by another filing")

// seqKey names a case number sequence.
type seqKey struct {
	agencyID int64
	year     int
	kind     zhifa.CaseKind
}

// seqSlot is one sequence's turn in this process and the counter's value as its last
// filing here committed it. Its other fields are read and written under the turn.
type seqSlot struct {
	turn  chan struct{} // holds one token: the turn
	last  int64         // the counter's value after the last commit, when known
	known bool
	// doubt is the number of bumps in a row that must still find the counter at last
	// before the slot guesses again (seqDoubt after a refuted guess, 0 while guessing).
	doubt int
}

// caseNumbers are the slots of the sequences this process files in.
type caseNumbers struct {
	mu    sync.Mutex
	slots map[seqKey]*seqSlot
}

// slot is the slot of key, made on first use.
func (n *caseNumbers) slot(key seqKey) *seqSlot {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.slots == nil {
		n.slots = map[seqKey]*seqSlot{}
	}
	s := n.slots[key]
	if s == nil {
		s = &seqSlot{turn: make(chan struct{}, 1)}
		s.turn <- struct{}{}
		n.slots[key] = s
	}
	return s
}

// take waits for the slot's turn, at most seqWait; false when it did not get it.
func (s *seqSlot) take(ctx context.Context) (bool, error) {
	select {
	case <-s.turn:
		return true, nil
	default:
	}
	timer := time.NewTimer(seqWait)
	defer timer.Stop()
	select {
	case <-s.turn:
		return true, nil
	case <-timer.C:
		return false, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// heldSeq is the turn a transaction holds and the number it took under it.
type heldSeq struct {
	slot *seqSlot
	seq  int64 // the number taken (guessed or bumped), 0 if none yet
	// guessed is set when seq was guessed, bumped when it is the answer of a bump
	// under the turn: past the slot's last+1, it shows another process's filing.
	guessed, bumped bool
	// dirty is set when the transaction bumped the sequence again (a second case of
	// the sequence in one transaction): the slot's value is not known from seq.
	dirty bool
}

// predictedBump is the bump a transaction sends with its first statement after
// NextCaseSeq or its commit: the counter must give seq.
type predictedBump struct {
	key seqKey
	seq int64
}

// caseIDBlock is the number of case ids taken from the sequence at once for the
// filings that take their numbers with the commit (ids need not be dense).
const caseIDBlock = 32

// caseIDs hands out case ids taken from cases' identity sequence in blocks. A
// process's cases have ids in the order of its filings, as with the column's default;
// a loader of this process starts a new block after its own (bulk_copy.go), and the
// processes of one database interleave their blocks (as a sequence's CACHE would).
type caseIDs struct {
	mu        sync.Mutex
	next, end int64 // next id to hand out; end is past the block
}

// drop forgets the block: the next id is read from the sequence.
func (b *caseIDs) drop() {
	b.mu.Lock()
	b.next, b.end = 0, 0
	b.mu.Unlock()
}

// nextCaseID is an id for a new case, from the block of db, reading a new block in t
// when it is used up (nextval is not transactional: a rolled-back filing loses its id,
// as with the column's default).
func (t *tx) nextCaseID(ctx context.Context) (int64, error) {
	b := &t.db.caseIDs
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.next < b.end {
		b.next++
		return b.next - 1, nil
	}
	// The sequence's increment is 1: a block is caseIDBlock consecutive values when
	// no other process takes ids meanwhile; else only the run of consecutive values
	// after the first is kept (ids need not be dense).
	rows, err := t.query(ctx, `SELECT nextval(pg_get_serial_sequence('cases', 'id')) FROM generate_series(1, $1)`, caseIDBlock)
	if err != nil {
		return 0, dbErr(err, "next case id", errMsgs{})
	}
	ids, err := collectValues[int64](rows, "next case id")
	if err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, errors.New("next case id: no id read")
	}
	// Keep the longest run of consecutive ids after the first as the block.
	end := 1
	for end < len(ids) && ids[end] == ids[end-1]+1 {
		end++
	}
	b.next, b.end = ids[0]+1, ids[0]+int64(end)
	return ids[0], nil
}

// guessCaseSeq takes the next number of key under the sequence's turn in this process
// when the turn's holder knows the counter's value: ok is false when it does not, and
// the number is to be bumped (the transaction may hold the turn then, t.seqHeld). The
// caller sends the guess's bump (t.bump).
func (t *tx) guessCaseSeq(ctx context.Context, key seqKey) (seq int64, ok bool, err error) {
	if t.bulk != nil { // a loader counts on from its first bump (bulk_copy.go)
		return 0, false, nil
	}
	if t.seqHeld != nil { // a second case of one transaction: bumped, the slot is off
		t.seqHeld.dirty = true
		return 0, false, nil
	}
	slot := t.db.caseNumbers.slot(key)
	got, err := slot.take(ctx)
	if err != nil || !got {
		return 0, false, err
	}
	t.seqHeld = &heldSeq{slot: slot}
	if !slot.known || slot.doubt > 0 {
		return 0, false, nil
	}
	seq = slot.last + 1
	t.seqHeld.seq, t.seqHeld.guessed = seq, true
	t.db.counts.guesses.Add(1)
	return seq, true, nil
}

// endSeq ends the transaction's turn: a commit tells the slot the counter's value,
// a failure leaves it unknown (the next filing bumps and learns it). A refuted guess
// puts the slot in doubt; a committed bump takes one off its doubt, or puts it back in
// full when another process filed since this one's last filing.
func (t *tx) endSeq(committed bool) {
	h := t.seqHeld
	if h == nil {
		return
	}
	t.seqHeld = nil
	s := h.slot
	switch {
	case committed && h.seq != 0 && !h.dirty:
		if h.bumped && s.known {
			if h.seq == s.last+1 {
				s.doubt = max(s.doubt-1, 0)
			} else {
				s.doubt = seqDoubt
			}
		}
		s.last, s.known = h.seq, true
	case h.guessed && errors.Is(t.deferErr, errNumberMoved):
		s.doubt, s.known = seqDoubt, false
	default:
		s.known = false
	}
	s.turn <- struct{}{}
}

// bumpStatement is the statement of a predicted bump: it bumps the counter as
// nextCaseSeqPostgres does and divides by zero unless the counter gave the number the
// filing took.
func (b *predictedBump) statement() (string, []any) {
	return bumpCounter + `SELECT 1 / (value = $4)::int FROM bump`,
		[]any{b.key.agencyID, b.key.year, string(b.key.kind), b.seq}
}

// bumpErr is the error of a predicted bump's statement: errNumberMoved when the counter
// gave another number.
func bumpErr(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "22012" { // division_by_zero: another number
		return errNumberMoved
	}
	return dbErr(err, "next case number", errMsgs{missing: "执法机关不存在"})
}

// sendBump runs the transaction's predicted bump, if any, as a statement of its own:
// before a statement that the filing runs after its number (its deferred rows go
// after the bump).
func (t *tx) sendBump(ctx context.Context) error {
	b := t.bump
	if b == nil {
		return nil
	}
	t.bump = nil
	t.db.counts.statements.Add(1)
	query, args := b.statement()
	var one int
	if err := t.tx.QueryRowContext(t.stmtCtx(ctx), query, args...).Scan(&one); err != nil {
		t.deferErr = bumpErr(err)
		return t.deferErr
	}
	return nil
}

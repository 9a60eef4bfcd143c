package publicity

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"zhifa"
	"zhifa/app/kernel"
)

// The daily open-data files (issue 13, C7): for each day, the decisions published that
// day and still on the portal, and the withdrawals of that day, as CSV (UTF-8 with BOM)
// and JSON with the fields of the portal's API. They are generated from the published
// set, so a decision withdrawn later leaves its day's file and appears as a withdrawal
// in the file of the day of its withdrawal; one whose display period is over leaves the
// files as it leaves the portal. docs/opendata.md describes the format.

// OpenDataDay is one day's file.
type OpenDataDay struct {
	Date zhifa.Date `json:"date"`
	// Decisions were published on Date and are on the portal today.
	Decisions []*Decision `json:"decisions"`
	// Withdrawals were withdrawn on Date (text removed, reason published).
	Withdrawals []*Decision `json:"withdrawals"`
}

// OpenDataFile is a day's file in both formats with their SHA-256.
type OpenDataFile struct {
	Date        zhifa.Date
	Decisions   int
	Withdrawals int
	CSV, JSON   []byte
	CSVSHA256   string
	JSONSHA256  string
}

// openDataPage is how many publications one store read of a day's file takes.
const openDataPage = 500

// openDataTTL is how long a generated file is served from the cache: a withdrawal or
// an early stop reaches the files within it.
const openDataTTL = 5 * time.Minute

// firstOpenDataDay bounds the days asked for (nothing was published before it).
var firstOpenDataDay = zhifa.MustDate("2020-01-01")

// OpenData returns the open-data file of a day up to today. Anyone may read it.
func (s *Service) OpenData(ctx context.Context, day zhifa.Date) (*OpenDataFile, error) {
	today := s.k.Today()
	if day.IsZero() || day.After(today) || day.Before(firstOpenDataDay) {
		return nil, zhifa.NotFound("开放数据文件")
	}
	key := day.String() + "@" + today.String()
	if f := s.files.get(key, s.k.Now()); f != nil {
		return f, nil
	}
	d := &OpenDataDay{Date: day, Decisions: []*Decision{}, Withdrawals: []*Decision{}}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		return eachEvent(ctx, tx, zhifa.PublicationEventFilter{From: day, To: day, Published: true, Withdrawals: true},
			func(p *zhifa.Publication) {
				if p.DisplayUntil.Before(today) {
					return // off the portal: off the files too (公示规定第十三条)
				}
				if p.Status == zhifa.PubWithdrawn && p.WithdrawnOn == day {
					d.Withdrawals = append(d.Withdrawals, decisionOf(p))
				} else if p.Status == zhifa.PubPublished && p.PublishedOn == day {
					d.Decisions = append(d.Decisions, decisionOf(p))
				}
			})
	})
	if err != nil {
		return nil, err
	}
	f, err := encodeOpenData(d)
	if err != nil {
		return nil, err
	}
	s.files.put(key, f, s.k.Now())
	return f, nil
}

// eachEvent calls fn for every publication f selects, page by page in one transaction.
func eachEvent(ctx context.Context, tx zhifa.Tx, f zhifa.PublicationEventFilter, fn func(*zhifa.Publication)) error {
	f.Limit = openDataPage
	for {
		list, err := tx.PublicationEvents(ctx, f)
		if err != nil {
			return err
		}
		for _, p := range list {
			fn(p)
		}
		if len(list) < f.Limit {
			return nil
		}
		f.After = list[len(list)-1].ID
	}
}

// OpenDataIndex lists the days of a month up to today with their files' counts and
// SHA-256, newest first. Anyone may read it.
func (s *Service) OpenDataIndex(ctx context.Context, month zhifa.Date) ([]*OpenDataFile, error) {
	today := s.k.Today()
	first := zhifa.Date{Year: month.Year, Month: month.Month, Day: 1}
	if month.IsZero() || first.After(today) || first.Before(firstOpenDataDay) {
		return nil, kernel.FieldError("month", "月份无效：应为"+firstOpenDataDay.String()[:7]+"至本月之间")
	}
	var out []*OpenDataFile
	for day := first; day.Month == first.Month && !day.After(today); day = day.AddDays(1) {
		f, err := s.OpenData(ctx, day)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// openDataColumns is the CSV header: one row per decision or withdrawal, the fields of
// Decision in order after the record type (公示 or 撤回).
var openDataColumns = []string{"记录类型", "公示编号", "机关编号", "执法机关", "决定书文号", "当事人", "统一社会信用代码",
	"执法事项", "类别代码", "类别", "决定内容", "决定日期", "公示日期", "公示截止日期", "状态代码", "状态", "公开文本",
	"账本序号", "撤回日期", "撤回理由", "撤回账本序号"}

// encodeOpenData renders a day's file as CSV (UTF-8 with BOM, so that spreadsheet
// programs read the Chinese) and JSON, with their digests.
func encodeOpenData(d *OpenDataDay) (*OpenDataFile, error) {
	js, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, &zhifa.Error{Code: zhifa.EINTERNAL, Message: "生成开放数据文件失败", Err: err}
	}
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	_ = w.Write(openDataColumns)
	for _, x := range d.Decisions {
		_ = w.Write(openDataRow("公示", x))
	}
	for _, x := range d.Withdrawals {
		_ = w.Write(openDataRow("撤回", x))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, &zhifa.Error{Code: zhifa.EINTERNAL, Message: "生成开放数据文件失败", Err: err}
	}
	f := &OpenDataFile{Date: d.Date, Decisions: len(d.Decisions), Withdrawals: len(d.Withdrawals), CSV: b.Bytes(), JSON: js}
	f.CSVSHA256, f.JSONSHA256 = hexSHA256(f.CSV), hexSHA256(f.JSON)
	return f, nil
}

func openDataRow(kind string, d *Decision) []string {
	return []string{kind, strconv.FormatInt(d.ID, 10), strconv.FormatInt(d.AgencyID, 10), d.Agency, d.CaseNumber, d.Party,
		d.CreditCode, d.Item, d.Category, d.CategoryLabel, d.Conclusion, dateText(d.DecidedOn), dateText(d.PublishedOn),
		dateText(d.DisplayUntil), d.Status, d.StatusLabel, d.Text, strconv.FormatInt(d.Entry, 10), dateText(d.WithdrawnOn),
		d.WithdrawReason, countText(d.WithdrawEntry)}
}

func dateText(d zhifa.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func countText(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

func hexSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// fileCache keeps generated files for openDataTTL; its zero value is ready. It is
// bounded: when full it starts again empty.
type fileCache struct {
	mu    sync.Mutex
	files map[string]cachedFile
}

type cachedFile struct {
	f  *OpenDataFile
	at time.Time
}

// maxCachedFiles bounds the cache (a year of days with room to spare).
const maxCachedFiles = 512

func (c *fileCache) get(key string, now time.Time) *OpenDataFile {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.files[key]
	if !ok || now.Sub(e.at) > openDataTTL {
		return nil
	}
	return e.f
}

func (c *fileCache) put(key string, f *OpenDataFile, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil || len(c.files) >= maxCachedFiles {
		c.files = map[string]cachedFile{}
	}
	c.files[key] = cachedFile{f: f, at: now}
}

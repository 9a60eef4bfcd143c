package zhifa

// Action names a step of a case: a transition of the stage machine or an act within a
// stage (law.Steps holds the rules of each). Its value is stored in case events and in
// ledger entries ("case."+action), so a value never changes once released.
type Action string

// The case steps. The comment is the step's Chinese name as users read it.
const (
	ActApprove                Action = "approve"                 // 负责人审批
	ActApproveSeizure         Action = "approve_seizure"         // 负责人批准查封扣押
	ActApproveTransfer        Action = "approve_transfer"        // 批准移送
	ActArchive                Action = "archive"                 // 归档
	ActClose                  Action = "close"                   // 结案
	ActConclude               Action = "conclude"                // 作出检查结论
	ActCoordinate             Action = "coordinate"              // 负责人协调审核分歧
	ActDecide                 Action = "decide"                  // 作出处罚决定
	ActDiscuss                Action = "discuss"                 // 集体讨论
	ActEducate                Action = "educate"                 // 对当事人进行教育
	ActEndPreservation        Action = "end_preservation"        // 先行登记保存处理决定
	ActExecute                Action = "execute"                 // 执行
	ActExtend                 Action = "extend"                  // 延长期限
	ActFileSummary            Action = "file_summary"            // 当场处罚决定报所属行政机关备案
	ActHandOver               Action = "hand_over"               // 移送受移送机关
	ActHoldHearing            Action = "hold_hearing"            // 举行听证
	ActInspect                Action = "inspect"                 // 实施检查
	ActInvestigate            Action = "investigate"             // 调查取证
	ActMarkMajor              Action = "mark_major"              // 添加重大执法决定情形
	ActNoPenalty              Action = "no_penalty"              // 不予行政处罚
	ActNotify                 Action = "notify"                  // 送达告知书
	ActOpen                   Action = "open"                    // 立案（FileCase; not a step of the stage machine）
	ActPauseClock             Action = "pause_clock"             // 中止计算期限
	ActPreserve               Action = "preserve"                // 证据先行登记保存
	ActPropose                Action = "propose"                 // 拟作出处罚决定
	ActProposeTransfer        Action = "propose_transfer"        // 报请移送涉嫌犯罪案件
	ActRefuseOpinion          Action = "refuse_opinion"          // 对审核意见提出异议
	ActRejectTransfer         Action = "reject_transfer"         // 不批准移送
	ActRelease                Action = "release"                 // 解除查封扣押
	ActRenotify               Action = "renotify"                // 重新告知
	ActRequestHearing         Action = "request_hearing"         // 当事人申请听证
	ActRequestReconsideration Action = "request_reconsideration" // 提请复议不予立案决定
	ActResubmit               Action = "resubmit"                // 修改后重新报送法制审核
	ActResumeClock            Action = "resume_clock"            // 恢复计算期限
	ActReview                 Action = "review"                  // 负责人审查
	ActReviewOpinion          Action = "review_opinion"          // 出具法制审核意见
	ActScheduleHearing        Action = "schedule_hearing"        // 通知听证
	ActSeize                  Action = "seize"                   // 实施查封扣押
	ActServe                  Action = "serve"                   // 送达决定书
	ActSubmitReview           Action = "submit_review"           // 提交法制审核
	ActTransfer               Action = "transfer"                // 移送结案
	ActTransferReply          Action = "transfer_reply"          // 登记受移送机关决定
	ActWaiveHearing           Action = "waive_hearing"           // 当事人放弃听证
	ActWaiveStatement         Action = "waive_statement"         // 当事人放弃陈述申辩
	ActWithdraw               Action = "withdraw"                // 撤案
)

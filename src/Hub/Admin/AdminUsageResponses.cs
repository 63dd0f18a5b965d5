using ChatHub.Conversation.Usage;

namespace ChatHub.Hub.Admin;

/// <summary>Usage counters as the admin API shows them (<see cref="UsageCounts"/>).</summary>
public sealed record UsageCountsResponse(
    long Messages, long CacheHits, long KnowledgeHits, long ModelCalls, long PromptTokens, long CompletionTokens,
    long UncountedCalls, long ModelMilliseconds, long BudgetRefusals)
{
    public static UsageCountsResponse From(UsageCounts c) => new(
        c.Messages, c.CacheHits, c.KnowledgeHits, c.ModelCalls, c.PromptTokens, c.CompletionTokens, c.UncountedCalls, c.ModelMilliseconds, c.BudgetRefusals);
}

/// <summary>One UTC day of usage on one platform and bot.</summary>
public sealed record UsageDayResponse(DateOnly Day, string Platform, string Bot, UsageCountsResponse Usage);

/// <summary>A person's budget for the current <c>day</c> or <c>month</c> (UTC): the limits (0: none), what is used, whether it is reached.</summary>
public sealed record UsageBudgetResponse(string Period, int ModelCallsLimit, long TokensLimit, long ModelCallsUsed, long TokensUsed, bool Reached);

/// <summary>Body of <c>GET /admin/usage</c>: the days asked for (both included), their rows and their total; a person's budgets.</summary>
public sealed record UsageResponse(
    DateOnly From, DateOnly To, string? UserId, IReadOnlyList<UsageDayResponse> Days, UsageCountsResponse Total, IReadOnlyList<UsageBudgetResponse>? Budgets);

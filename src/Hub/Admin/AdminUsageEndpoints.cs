using System.Globalization;
using ChatHub.Conversation.Usage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Admin;

/// <summary>
/// <c>GET /admin/usage?from=&amp;to=&amp;userId=</c>: usage by UTC day, platform and bot, for one hub user (their rows, this
/// node's unwritten counts included, and their budgets now) or, without <c>userId</c>, the totals across people (as
/// written by the nodes' last flush). Dates are <c>yyyy-MM-dd</c> (UTC days, both included); <c>to</c> defaults to
/// today, <c>from</c> to six days before <c>to</c>; at most <see cref="MaxDays"/> days.
/// </summary>
internal static class AdminUsageEndpoints
{
    /// <summary>The widest range one call may ask for.</summary>
    public const int MaxDays = 92;

    public static RouteGroupBuilder MapUsageEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/usage", GetAsync);
        return admin;
    }

    private static async Task<Results<Ok<UsageResponse>, BadRequest<ProblemDetails>>> GetAsync(
        string? from, string? to, string? userId, UsageRecorder recorder, IUsageStore store, UsageBudget budget,
        IOptions<BudgetOptions> budgets, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryParseRange(from, to, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), out var first, out var last, out var error))
        {
            return TypedResults.BadRequest(new ProblemDetails { Title = "Bad usage query", Detail = error });
        }

        if (userId is not null && (string.IsNullOrWhiteSpace(userId) || userId.Length > 256))
        {
            return TypedResults.BadRequest(new ProblemDetails { Title = "Bad usage query", Detail = "'userId' must be a hub user id (1 to 256 characters)." });
        }

        var rows = userId is null
            ? await store.GetTotalsAsync(first, last, cancellationToken)
            : await recorder.GetAsync(userId, first, last, cancellationToken);
        var total = rows.Aggregate(default(UsageCounts), (sum, row) => sum + row.Counts);
        IReadOnlyList<UsageBudgetResponse>? budgetRows = null;
        if (userId is not null)
        {
            var (day, month) = await budget.UsedAsync(userId, cancellationToken);
            budgetRows = [Budget("day", budgets.Value.PerPersonDaily, day), Budget("month", budgets.Value.PerPersonMonthly, month)];
        }

        return TypedResults.Ok(new UsageResponse(
            first, last, userId, [.. rows.Select(r => new UsageDayResponse(r.Day, r.Platform, r.Bot, UsageCountsResponse.From(r.Counts)))],
            UsageCountsResponse.From(total), budgetRows));
    }

    /// <summary>The range asked for, or why it cannot be served.</summary>
    internal static bool TryParseRange(string? from, string? to, DateOnly today, out DateOnly first, out DateOnly last, out string error)
    {
        first = last = default;
        error = "";
        if (!TryParseDay(to, today, "to", out last, out error))
        {
            return false;
        }

        if (!TryParseDay(from, last.AddDays(-6), "from", out first, out error))
        {
            return false;
        }

        if (first > last)
        {
            error = $"'from' ({first:yyyy-MM-dd}) is after 'to' ({last:yyyy-MM-dd}).";
            return false;
        }

        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            error = $"The range has {last.DayNumber - first.DayNumber + 1} days; ask for at most {MaxDays} at a time.";
            return false;
        }

        return true;
    }

    private static bool TryParseDay(string? text, DateOnly fallback, string name, out DateOnly day, out string error)
    {
        error = "";
        if (text is null)
        {
            day = fallback;
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return true;
        }

        error = $"'{name}' must be a UTC day as yyyy-MM-dd, e.g. 2026-01-31.";
        return false;
    }

    private static UsageBudgetResponse Budget(string period, BudgetLimit limit, UsageCounts used) =>
        new(period, limit.ModelCalls, limit.Tokens, used.ModelCalls, used.Tokens, limit.IsSet && limit.IsReachedBy(used));
}

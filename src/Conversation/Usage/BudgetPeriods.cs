using System.Globalization;

namespace ChatHub.Conversation.Usage;

/// <summary>The names of budget periods (<c>day:2026-01-05</c>, <c>month:2026-01</c>), as the notices are kept under them.</summary>
public static class BudgetPeriods
{
    public static string Day(DateOnly day) => "day:" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Month(DateOnly day) => "month:" + day.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

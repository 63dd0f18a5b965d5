using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.Usage;

/// <summary>One budget period's limits; 0 is no limit. Either limit reached closes the model for the rest of the period.</summary>
public sealed class BudgetLimit
{
    /// <summary>Model calls (each tool round is a call).</summary>
    [Range(0, int.MaxValue)]
    public int ModelCalls { get; set; }

    /// <summary>Prompt plus completion tokens, as the backend counted them (calls with unknown counts add none).</summary>
    [Range(0, long.MaxValue)]
    public long Tokens { get; set; }

    public bool IsSet => ModelCalls > 0 || Tokens > 0;

    /// <summary>True when <paramref name="used"/> has reached a set limit.</summary>
    public bool IsReachedBy(UsageCounts used) =>
        (ModelCalls > 0 && used.ModelCalls >= ModelCalls) || (Tokens > 0 && used.Tokens >= Tokens);
}

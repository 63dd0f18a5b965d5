using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.Handoff;

/// <summary>
/// Hand-off to a human (<c>Handoff</c>): off until <see cref="Operator"/> names the operators' chat. Then <c>/human</c>
/// (or the model's <c>handoff</c> tool) forwards the conversation there, operators answer with <c>/reply ID text</c> and
/// hand it back with <c>/done ID</c> (or, with the admin API as their channel, through <c>/admin/handoffs</c>).
/// </summary>
public sealed class HandoffOptions
{
    public const string SectionName = "Handoff";

    public HandoffOperatorOptions Operator { get; set; } = new();

    /// <summary>How long a hand-off lasts without <c>/done</c> (then the bot answers again).</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many recent turns the operators get with a new hand-off.</summary>
    [Range(0, 20)]
    public int SummaryTurns { get; set; } = 6;

    public bool Enabled => Operator.IsAdminApi || (!string.IsNullOrWhiteSpace(Operator.Channel) && !string.IsNullOrWhiteSpace(Operator.ChatId));
}
